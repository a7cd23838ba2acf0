/**
 * `reference`: a new image that keeps the subject, the face or the whole look of the reference
 * image(s), as the focus mode's instruction says, ahead of the user's prompt.
 */
import { usageError, type ImagegenError } from '../domain/errors.js';
import { resolveInputs } from './inputs.js';
import type { GenerateOptions } from './generate.js';
import { assembleJob, checkImages, checkPlanOptions, describeInputOf, subjectOfInputs } from './plan-common.js';
import type { Ports } from './ports.js';
import type { ImageJob } from './run-images.js';
import type { ReferenceType } from '../domain/entry.js';
import { describePrompt } from './describe-prompt.js';
import { withIdentity } from './identity-inputs.js';
import { focusInstruction, isReferenceType, REFERENCE_TYPES } from '../prompts/focus.js';

/** Everything generate takes, the reference image(s) and the focus mode. */
export interface ReferenceOptions extends GenerateOptions {
  /** File paths or entry ids, as typed. */
  images: string[];
  referenceType: string | undefined;
}

export function missingReferenceType(): ImagegenError {
  return usageError('MISSING_REFERENCE_TYPE', 'reference needs --type: what to keep from the reference image.', `Add --type with one of: ${REFERENCE_TYPES.join(', ')}.`);
}

export function checkReferenceType(value: string | undefined): ReferenceType {
  const type = value?.trim().toLowerCase();
  if (!type) throw missingReferenceType();
  if (!isReferenceType(type)) {
    throw usageError('INVALID_REFERENCE_TYPE', `--type must be one of ${REFERENCE_TYPES.join(', ')}, not "${value}".`, 'subject keeps the main subject, face keeps a person\'s face, full_image keeps the whole look.');
  }
  return type;
}

export async function planReference(options: ReferenceOptions, ports: Ports): Promise<ImageJob> {
  const checked = checkPlanOptions(options);
  const referenceType = checkReferenceType(options.referenceType);
  const images = checkImages(options.images, 'reference');
  const inputs = await resolveInputs(images.map((value) => ({ value, role: 'reference' })), checked.choice.spec, ports);
  const described = await describePrompt({ ...describeInputOf(options, checked.prompt), subject: subjectOfInputs(inputs, ports.catalog) }, ports);
  const job = assembleJob(options, checked, described, {
    command: 'reference',
    kind: 'reference',
    inputs,
    lead: focusInstruction(referenceType, inputs.length),
    referenceType,
  });
  return withIdentity(job, options.identity, ports);
}
