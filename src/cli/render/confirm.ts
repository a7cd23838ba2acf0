/** Asking a person before something irreversible: only when one is at the terminal. */

/** Whether a question can be asked: standard input and standard error are both a terminal. */
export function canAsk(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

export async function ask(question: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message: question, default: false }, { output: process.stderr });
  } catch (err) {
    // Ctrl-C or a closed terminal at the prompt: the answer is no.
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) return false;
    throw err;
  }
}
