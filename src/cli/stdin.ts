/** Reads the prompt from standard input when the user passes "-". */
import { usageError } from '../core/errors.js';

export async function readPromptArg(prompt: string | undefined, stdin: NodeJS.ReadStream = process.stdin): Promise<string | undefined> {
  if (prompt !== '-') return prompt;
  if (stdin.isTTY) {
    throw usageError('STDIN_IS_TERMINAL', 'The prompt is "-" but standard input is a terminal.', 'Pipe the prompt in, e.g. echo "a red fox" | imagegen generate -');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
