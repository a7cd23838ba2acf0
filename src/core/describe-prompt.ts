/**
 * The I/O half of describing a prompt: with --enhance, read the --context file and the project's
 * history, call the text model once and check its reply; then prompts/describe.ts decides the
 * name, emotion and words. Every image command calls this once per run.
 */
import { checkDescribeInput, describeFrom, fallbackNotice, fallbackReason, type DescribeInput, type Description, type Enhanced } from '../prompts/describe.js';
import { enhanceCall } from '../prompts/enhance.js';
import { parseEnhanceReply } from '../prompts/enhance-reply.js';
import { projectHistory, readContextFile } from './enhance-context.js';
import type { Emotion } from '../domain/emotions.js';
import type { Ports } from './ports.js';

/** What describePrompt may use; a use case's Ports fit. */
export type DescribePorts = Partial<Pick<Ports, 'catalog' | 'textModel' | 'onNotice' | 'signal' | 'cwd'>>;

export async function describePrompt(input: DescribeInput, ports: DescribePorts = {}): Promise<Description> {
  const flagEmotion = checkDescribeInput(input);
  const enhanced = input.enhance ? await enhance(input, flagEmotion, ports) : { skipped: true as const };
  return describeFrom(input, flagEmotion, enhanced);
}

/**
 * Runs --enhance. A missing key, the offline provider, a failed call or an unusable reply are not
 * failures: the offline rules take over, with one notice saying why. Bad --context or --history
 * input is a usage error, checked before any call.
 */
async function enhance(input: DescribeInput, emotion: Emotion | null, ports: DescribePorts): Promise<Enhanced> {
  const context = input.context !== undefined ? await readContextFile(input.context, ports.cwd) : undefined;
  const history = projectHistory(ports.catalog, input.project ?? null, input.history ?? 0);

  const fallback = (reason: string): Enhanced => {
    ports.onNotice?.(fallbackNotice(reason));
    return { fallback: reason };
  };
  if (input.provider === 'offline') return fallback('the offline provider calls no model');
  const model = ports.textModel ? await ports.textModel() : null;
  if (!model) return fallback('no Gemini API key (set GEMINI_API_KEY or GOOGLE_API_KEY)');
  try {
    const reply = await model.generateJson({ ...enhanceCall({ prompt: input.prompt, context, history, emotion }), signal: ports.signal });
    const fields = await parseEnhanceReply(reply.text);
    return { result: { model: model.id, ...fields, usage: reply.usage } };
  } catch (err) {
    if (ports.signal?.aborted) throw err;
    return fallback(fallbackReason(err, model.id));
  }
}
