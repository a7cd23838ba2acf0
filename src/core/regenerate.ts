/**
 * `regenerate ID PROMPT`: a new image from entry ID's image (read from the blob store) and the
 * combined prompt "<ID's effective prompt>. <PROMPT>". The new entry is ID's child; it keeps
 * ID's model, provider, aspect ratio, size, style, template and project unless told otherwise.
 */
import { usageError } from '../domain/errors.js';
import { loadEntryImage, prepareLoaded } from './inputs.js';
import { checkInputCount, chooseModel } from './model-options.js';
import { assembleJob, checkPlanOptions, describeInputOf, type PlanOptions } from './plan-common.js';
import type { Ports } from './ports.js';
import { resolveEntryId } from './resolve-id.js';
import type { ImageJob } from './run-images.js';
import type { Entry } from '../domain/entry.js';
import type { GenerateOptions } from './generate.js';
import { describePrompt } from './describe-prompt.js';
import { withIdentity } from './identity-inputs.js';
import type { Description } from '../prompts/describe.js';
import { findModel } from '../providers/models.js';
import type { ProviderName } from '../domain/provider.js';

/**
 * The options of generate, plus the entry's id; everything left out (the provider too) comes
 * from the entry. --enhance (with --context, --history) works on the new instruction only.
 */
export type RegenerateOptions = Omit<GenerateOptions, 'provider'> & { id: string; provider?: ProviderName };

export async function planRegenerate(options: RegenerateOptions, ports: Ports): Promise<ImageJob> {
  const parent = ports.catalog.getEntry(resolveEntryId(ports.catalog, options.id))!;
  if (parent.status !== 'completed') {
    throw usageError('ENTRY_FAILED', `Entry ${parent.id} ${parent.status === 'pending' ? 'is still being made' : parent.status}, so it has no image to regenerate from.`, `Run it again first with imagegen retry ${parent.id}.`);
  }
  const planOptions = inheritOptions(options, parent);
  const checked = checkPlanOptions(planOptions);
  checkInputCount(checked.choice.spec, 1);
  const input = await prepareLoaded(await loadEntryImage(parent.id, parent.id, ports), 'parent', ports);
  const { enhance, context, history } = options;
  // The entry keeps its parent's name, and its emotion unless --emotion changes it (none is
  // detected from the added words: the combined prompt stays "<parent's>. <PROMPT>").
  const given = await describePrompt(
    { ...describeInputOf({ ...planOptions, enhance, context, history }, checked.prompt), name: options.name ?? parent.name, emotion: options.emotion ?? parent.emotion ?? undefined },
    ports,
  );
  const inherited = options.emotion === undefined;
  const described: Description = inherited
    ? { ...given, emotion: parent.emotion as Description['emotion'], metadata: { ...given.metadata, emotionSource: parent.emotion ? 'parent' : undefined } }
    : given;
  const job = assembleJob(planOptions, checked, described, {
    command: 'regenerate',
    kind: 'regenerate',
    inputs: [input],
    lead: parent.effectivePrompt,
    template: parent.template,
    parent: { id: parent.id, rootId: parent.rootId },
    metadata: { basePrompt: parent.effectivePrompt },
    // The parent's effective prompt already carries its style and emotion sentences.
    omit: { style: checked.style === parent.style, emotion: described.emotion === parent.emotion },
    options: { id: parent.id },
  });
  return withIdentity(job, options.identity, ports);
}

/**
 * The options the new image is planned with: the ones given, and the parent's for the rest. A new
 * provider without a model takes that provider's default; a new model brings its own provider.
 * An inherited aspect ratio or size the new model does not take falls back to its default.
 */
function inheritOptions(options: RegenerateOptions, parent: Entry): PlanOptions {
  const provider = options.provider ?? (options.model ? findModel(options.model)?.provider : undefined) ?? parent.provider;
  const model = options.model ?? (provider === parent.provider ? parent.model : undefined);
  const spec = chooseModel(provider, model, undefined, undefined).spec;
  return {
    prompt: options.prompt,
    count: options.count,
    provider,
    model,
    aspectRatio: options.aspectRatio ?? (spec.aspectRatios.includes(parent.aspectRatio) ? parent.aspectRatio : undefined),
    imageSize: options.imageSize ?? (spec.imageSizes.includes(parent.imageSize) ? parent.imageSize : undefined),
    name: options.name,
    project: options.project ?? parent.project ?? undefined,
    format: options.format,
    style: options.style ?? parent.style ?? undefined,
    emotion: options.emotion,
    outDir: options.outDir,
    concurrency: options.concurrency,
  };
}
