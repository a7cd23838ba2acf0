/**
 * Decides an entry's name and emotion and the words its image is made from. Every image command
 * calls this once per run. --name and --emotion always win; then what --enhance's text model
 * suggested; then the offline rules (a name from the prompt's words, an emotion from keywords).
 */
import { redact } from '../domain/redact.js';
import { usageError } from '../domain/errors.js';
import { normalizeSpace } from '../domain/text.js';
import { checkEmotion } from './compose.js';
import { detectEmotion, type Emotion } from '../domain/emotions.js';
import type { TextModel } from '../domain/text-model.js';
import { enhancePrompt, type EnhanceResult } from './enhance.js';
import { projectHistory, readContextFile } from './enhance-context.js';
import { EnhanceFailure } from './enhance-reply.js';
import { nameFromPrompt } from './names.js';
import type { Catalog } from '../catalog/catalog.js';
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

/** What describePrompt may use; a use case's Ports fit. */
export interface DescribePorts {
  catalog?: Catalog;
  /** The text model for --enhance, built on first use; null when there is no API key. */
  textModel?: () => Promise<TextModel | null>;
  onNotice?: (message: string) => void;
  signal?: AbortSignal;
}

export interface Description {
  name: string;
  emotion: Emotion | null;
  /** The words to compose the effective prompt from (the user's, or an enhanced version). */
  visualPrompt: string;
  /** Facts for the entry's metadata: how the name and emotion were chosen, the enhancement. */
  metadata: Record<string, unknown>;
}

type Source = 'flag' | 'enhance' | 'detected' | 'prompt';

export async function describePrompt(input: DescribeInput, ports: DescribePorts = {}): Promise<Description> {
  const flagEmotion = input.emotion ? (input.emotion.trim().toLowerCase() as Emotion) : null;
  checkEmotion(flagEmotion);
  const enhanced = await enhanceIfAsked(input, flagEmotion, ports);
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

type Enhanced = { skipped: true } | { result: EnhanceResult } | { fallback: string };

/**
 * Runs --enhance when asked. A missing key, the offline provider, a failed call or an unusable
 * reply are not failures: the offline rules take over, with one notice saying why. Bad --context
 * or --history input is a usage error, checked before any call.
 */
async function enhanceIfAsked(input: DescribeInput, emotion: Emotion | null, ports: DescribePorts): Promise<Enhanced> {
  if (!input.enhance) {
    const stray = input.context !== undefined ? '--context' : input.history ? '--history' : undefined;
    if (stray) throw usageError('ENHANCE_REQUIRED', `${stray} only applies with --enhance.`, `Add --enhance, or leave out ${stray}.`);
    return { skipped: true };
  }
  const context = input.context !== undefined ? await readContextFile(input.context) : undefined;
  const history = projectHistory(ports.catalog, input.project ?? null, input.history ?? 0);

  const fallback = (reason: string): Enhanced => {
    ports.onNotice?.(`--enhance: ${reason}; using the offline rules (your words as the prompt, a name and emotion from them).`);
    return { fallback: reason };
  };
  if (input.provider === 'offline') return fallback('the offline provider calls no model');
  const model = ports.textModel ? await ports.textModel() : null;
  if (!model) return fallback('no Gemini API key (set GEMINI_API_KEY or GOOGLE_API_KEY)');
  try {
    return { result: await enhancePrompt({ prompt: input.prompt, context, history, emotion }, model, ports.signal) };
  } catch (err) {
    if (ports.signal?.aborted) throw err;
    // Stored in metadata.enhanceFallback: redacted like every stored message.
    const why = redact(err instanceof EnhanceFailure ? err.message : `the text model ${model.id} failed: ${(err as Error).message}`);
    return fallback(why.replace(/\.$/, ''));
  }
}
