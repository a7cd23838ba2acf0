/** Checks the aspect ratio, size and input count against the model table before anything is sent. */
import { usageError } from '../domain/errors.js';
import { aliasNotice, defaultModelFor, findModel, isAspectRatio, nearestAspectRatio, resolveModelId, unknownModel, type ModelSpec } from '../providers/models.js';
import type { ProviderName } from '../domain/provider.js';

export interface ModelChoice {
  spec: ModelSpec;
  aspectRatio: string;
  /** False when -a was not given and 1:1 is only the default: edits then follow their first input. */
  aspectGiven: boolean;
  imageSize: string;
  /** Set when a retired model id was asked for: the one-line notice to show. */
  notice?: string;
}

export function chooseModel(provider: ProviderName, modelId: string | undefined, aspectRatio: string | undefined, imageSize: string | undefined): ModelChoice {
  const resolved = resolveModelId(modelId ?? defaultModelFor(provider));
  const id = resolved.id;
  const known = findModel(id);
  if (known && known.provider !== provider) {
    throw usageError('MODEL_PROVIDER_MISMATCH', `Model "${id}" belongs to the ${known.provider} provider, not ${provider}.`, `Add --provider ${known.provider}, or pick a ${provider} model (imagegen --help lists them).`);
  }
  const spec = known ?? unknownModel(id, provider);
  const ratio = aspectRatio ?? '1:1';
  if (!isAspectRatio(ratio) || (known && !spec.aspectRatios.includes(ratio))) {
    throw usageError('INVALID_ASPECT_RATIO', `Aspect ratio "${ratio}" is not one ${spec.id} accepts.`, `Use one of: ${spec.aspectRatios.join(' ')}.`);
  }
  const size = normalizeSize(imageSize ?? spec.imageSizes[0] ?? '1K');
  if (!spec.imageSizes.includes(size)) {
    throw usageError('INVALID_IMAGE_SIZE', `Size "${imageSize}" is not one ${spec.id} accepts.`, `Use one of: ${spec.imageSizes.join(' ')}.`);
  }
  return { spec, aspectRatio: ratio, aspectGiven: aspectRatio !== undefined, imageSize: size, ...(resolved.alias ? { notice: aliasNotice(resolved.alias) } : {}) };
}

/**
 * The ratio an edit is sent with when -a was not given: the supported ratio nearest the first
 * input's shape, so the model keeps the input's framing instead of squaring it.
 */
export function ratioForInput(choice: ModelChoice, first: { width: number | null; height: number | null } | undefined): string {
  if (choice.aspectGiven || !first?.width || !first.height) return choice.aspectRatio;
  return nearestAspectRatio(first.width, first.height, choice.spec.aspectRatios);
}

/** "1k" → "1K", "0.5K" → "512": the API wants an upper-case K. */
function normalizeSize(size: string): string {
  const upper = size.trim().toUpperCase();
  return upper === '0.5K' ? '512' : upper;
}

export function checkInputCount(spec: ModelSpec, count: number): void {
  if (count > spec.maxInputImages) {
    throw usageError(
      'TOO_MANY_INPUTS',
      `${count} input images is more than ${spec.id} accepts (at most ${spec.maxInputImages}).`,
      'Give fewer -i images, or choose a model that takes more with -m.',
    );
  }
}
