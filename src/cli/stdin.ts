/**
 * Standard input: the prompt ("-") or one input image ("-i -"), never both, and never a terminal.
 * Every read is capped (MAX_PROMPT_BYTES for a prompt, the input-image limit for an image) and
 * ends when the run is interrupted, so `generate - < /dev/zero` is a clear exit 2, not a hang.
 */
import { usageError } from '../domain/errors.js';
import { decodePrompt, MAX_PROMPT_BYTES } from '../core/prompt-text.js';
import { readStreamCapped } from '../store/bounded-read.js';

/** What each stream was claimed for (one process has one standard input; tests pass their own). */
const claims = new WeakMap<NodeJS.ReadStream, string>();

/** Standard input for one purpose ("the prompt", "an input image"); a second claim is a usage error. */
export function claimStdin(purpose: string, stdin: NodeJS.ReadStream): NodeJS.ReadStream {
  if (stdin.isTTY) {
    throw usageError('STDIN_IS_TERMINAL', `Standard input was asked for ${purpose} ("-"), but it is a terminal.`, 'Pipe it in, e.g. echo "a red fox" | imagegen generate - , or imagegen modify "…" -i - < photo.png');
  }
  const claimedBy = claims.get(stdin);
  if (claimedBy !== undefined) {
    throw usageError('STDIN_ALREADY_USED', `Standard input cannot give ${purpose}: it already gives ${claimedBy}.`, 'Use "-" once: pass the other one as an argument or a file path.');
  }
  claims.set(stdin, purpose);
  return stdin;
}

/** The prompt argument, read from standard input when it is "-". */
export async function readPromptArg(prompt: string | undefined, stdin: NodeJS.ReadStream, signal?: AbortSignal): Promise<string | undefined> {
  if (prompt !== '-') return prompt;
  const data = await readStreamCapped(claimStdin('the prompt', stdin), MAX_PROMPT_BYTES, signal);
  if (data === undefined) {
    throw usageError('PROMPT_TOO_LONG', `The prompt on standard input is longer than ${MAX_PROMPT_BYTES / 1024} KiB, the most imagegen reads.`, 'Pipe in a prompt of a few sentences; put long background in a file with --enhance --context FILE.');
  }
  return decodePrompt(data, 'The prompt on standard input');
}
