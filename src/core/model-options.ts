/** Checks the aspect ratio, size and input count against the model table before anything is sent. */
import { usageError } from './errors.js';
import { defaultModelFor, findModel, isAspectRatio, unknownModel, type ModelSpec } from '../providers/models.js';
import type { ProviderName } from '../providers/types.js';

export interface ModelChoice {
  spec: ModelSpec;
  aspectRatio: string;
  imageSize: string;
}

export function chooseModel(provider: ProviderName, modelId: string | undefined, aspectRatio: string | undefined, imageSize: string | undefined): ModelChoice {
  const id = modelId ?? defaultModelFor(provider);
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
  return { spec, aspectRatio: ratio, imageSize: size };
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
