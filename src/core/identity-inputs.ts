/**
 * `--identity NAME` wherever inputs are: the identity's photos, read from the blob store and
 * prepared like any input. `withIdentity` adds them to any planned job; template runs place them
 * in the role that takes a person.
 */
import { failure } from '../domain/errors.js';
import { findIdentity } from './identities.js';
import { prepareLoaded } from './inputs.js';
import { checkInputCount } from './model-options.js';
import type { Ports } from './ports.js';
import type { ImageJob, PreparedInput } from './run-images.js';
import { joinSentences } from '../prompts/compose.js';
import { identityInstruction } from '../prompts/identity.js';

/** The identity's photos as inputs with this role, in the order they were added. */
export async function identityInputs(ports: Ports, typedName: string, role = 'identity'): Promise<PreparedInput[]> {
  const { name } = findIdentity(ports.catalog, typedName);
  const inputs: PreparedInput[] = [];
  for (const photo of ports.catalog.identities.photos(name)) {
    let data: Buffer;
    try {
      data = await ports.store.readBlob(photo.sha256, photo.mimeType);
    } catch (err) {
      throw failure('IDENTITY_PHOTO_MISSING', `Photo ${photo.position} of identity "${name}" is missing from the home (${(err as Error).message}).`, `Remove the identity and add its photos again: imagegen identity remove "${name}".`, err);
    }
    const label = `identity "${name}" photo ${photo.position}`;
    inputs.push(await prepareLoaded({ data, label, sourceEntryId: null, source: label }, role, ports));
  }
  return inputs;
}

/**
 * The last step of planning generate, modify, reference and regenerate: adds an identity's photos
 * to the job, after its own inputs, with an instruction that introduces them. A text-to-image job
 * becomes a face reference: the person is kept, the rest follows the prompt. Does nothing without
 * a name; with one, the catalog and store are needed.
 */
export async function withIdentity(job: ImageJob, typedName: string | undefined, ports: Ports | undefined): Promise<ImageJob> {
  if (typedName === undefined) return job;
  if (!ports) throw new Error('--identity needs the catalog and the store: plan with ports.');
  const photos = await identityInputs(ports, typedName);
  checkInputCount(job.model, job.inputs.length + photos.length);
  const { name } = findIdentity(ports.catalog, typedName);
  const becomesReference = job.kind === 'generate';
  return {
    ...job,
    kind: becomesReference ? 'reference' : job.kind,
    referenceType: becomesReference ? 'face' : job.referenceType,
    effectivePrompt: joinSentences(identityInstruction(name, job.inputs.length + 1, photos.length), job.effectivePrompt),
    inputs: [...job.inputs, ...photos],
    metadata: { ...job.metadata, identity: name },
    options: { ...job.options, identity: name },
  };
}
