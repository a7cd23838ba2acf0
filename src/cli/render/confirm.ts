/** Asking a person before something irreversible: only when one is at the terminal. */
import type { CliIo } from '../io.js';

/** Whether a question can be asked: standard input and standard error are both a terminal. */
export function canAsk(io: Pick<CliIo, 'stdin' | 'stderr'>): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true;
}

export async function ask(question: string, io: Pick<CliIo, 'stdin' | 'stderr'>): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message: question, default: false }, { input: io.stdin, output: io.stderr });
  } catch (err) {
    // Ctrl-C or a closed terminal at the prompt: the answer is no.
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) return false;
    throw err;
  }
}
