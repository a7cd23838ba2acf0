/**
 * Decides an entry's name and emotion and the words its image is made from, once --enhance has
 * had its say (core/describe-prompt.ts makes the call). --name and --emotion always win; then what
 * --enhance's text model suggested; then the offline rules (a name from the prompt's words, an
 * emotion from keywords). Pure: nothing here reads a file or calls a model.
 */
import { usageError } from '../domain/errors.js';
import { normalizeSpace } from '../domain/text.js';
import { redact } from '../domain/redact.js';
import { checkEmotion } from './compose.js';
import { detectEmotion, type Emotion } from '../domain/emotions.js';
import type { TextUsage } from '../domain/text-model.js';
import { EnhanceFailure, type EnhanceFields } from './enhance-reply.js';
import { nameFromPrompt } from './names.js';
import type { ProviderName } from '../domain/provider.js';

export interface DescribeInput {
  /** The user's words. */
  prompt: string;
  name?: string;
  /** What an edit is of (an input entry's name, a file's): leads the name made from the prompt. */
  subject?: string;
  emotion?: string;
  /** --enhance: ask a text model for the visual prompt, the name and the emotion. */
  enhance?: boolean;
  /** With enhance: a text file of background (--context FILE). */
  context?: string;
  /** With enhance: how many earlier prompts of the same project to add (--history N). */
  history?: number;
  /** The project the entry is filed under; --history reads its prompts. */
  project?: string | null;
  /** The image provider: the offline one never calls a text model either. */
  provider?: ProviderName;
}

export interface Description {
  name: string;
  emotion: Emotion | null;
  /** The words to compose the effective prompt from (the user's, or an enhanced version). */
  visualPrompt: string;
  /** Facts for the entry's metadata: how the name and emotion were chosen, the enhancement. */
  metadata: Record<string, unknown>;
}

/** What the text model made of the prompt, with the model and what it cost. */
export interface EnhanceResult extends EnhanceFields {
  model: string;
  usage: TextUsage;
}

/** How --enhance went: not asked, a result, or a fallback to the offline rules with the reason. */
export type Enhanced = { skipped: true } | { result: EnhanceResult } | { fallback: string };

type Source = 'flag' | 'enhance' | 'detected' | 'prompt';

/**
 * Checks what can be checked before anything is read: the --emotion value, and --context or
 * --history without --enhance (a usage error). Returns the --emotion, normalised.
 */
export function checkDescribeInput(input: DescribeInput): Emotion | null {
  const flagEmotion = input.emotion ? (input.emotion.trim().toLowerCase() as Emotion) : null;
  checkEmotion(flagEmotion);
  if (!input.enhance) {
    const stray = input.context !== undefined ? '--context' : input.history ? '--history' : undefined;
    if (stray) throw usageError('ENHANCE_REQUIRED', `${stray} only applies with --enhance.`, `Add --enhance, or leave out ${stray}.`);
  }
  return flagEmotion;
}

/** The notice a fallback to the offline rules is announced with. */
export function fallbackNotice(reason: string): string {
  return `--enhance: ${reason}; using the offline rules (your words as the prompt, a name and emotion from them).`;
}

/** Why a failed --enhance call fell back, for the notice and metadata.enhanceFallback (redacted like every stored message). */
export function fallbackReason(err: unknown, modelId: string): string {
  const why = redact(err instanceof EnhanceFailure ? err.message : `the text model ${modelId} failed: ${(err as Error).message}`);
  return why.replace(/\.$/, '');
}

/** The description, from the flags, how --enhance went and the offline rules. */
export function describeFrom(input: DescribeInput, flagEmotion: Emotion | null, enhanced: Enhanced): Description {
  const result = 'result' in enhanced ? enhanced.result : undefined;
  const [name, nameSource]: [string, Source] = input.name
    ? [normalizeSpace(input.name), 'flag']
    : result
      ? [result.name, 'enhance']
      : [nameFromPrompt(input.prompt, input.subject), 'prompt'];
  const detected = flagEmotion || result ? null : detectEmotion(input.prompt);
  const [emotion, emotionSource]: [Emotion | null, Source | null] = flagEmotion
    ? [flagEmotion, 'flag']
    : result
      ? [result.emotion, 'enhance']
      : [detected, detected ? 'detected' : null];

  const metadata: Record<string, unknown> = { nameSource };
  if (emotionSource) metadata.emotionSource = emotionSource;
  if (result) metadata.enhanced = { model: result.model, name: result.name, emotion: result.emotion, usage: result.usage };
  if ('fallback' in enhanced) metadata.enhanceFallback = enhanced.fallback;
  return { name, emotion, visualPrompt: result?.visualPrompt ?? input.prompt, metadata };
}
