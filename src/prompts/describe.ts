/**
 * Decides an entry's name and emotion and the words its image is made from. Every image command
 * calls this once per run. --name and --emotion always win over anything derived.
 */
import { normalizeSpace } from '../core/text.js';
import { nameFromPrompt } from './names.js';

export interface DescribeInput {
  /** The user's words. */
  prompt: string;
  name?: string;
  emotion?: string;
}

export interface Description {
  name: string;
  emotion: string | null;
  /** The words to compose the effective prompt from (the user's, or an enhanced version). */
  visualPrompt: string;
  /** Facts for the entry's metadata (how the name and emotion were chosen, …). */
  metadata: Record<string, unknown>;
}

export async function describePrompt(input: DescribeInput): Promise<Description> {
  return {
    name: input.name ? normalizeSpace(input.name) : nameFromPrompt(input.prompt),
    emotion: input.emotion ?? null,
    visualPrompt: input.prompt,
    metadata: {},
  };
}
