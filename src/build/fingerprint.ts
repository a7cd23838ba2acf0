/**
 * A target's fingerprint: sha256 of everything that decides its request — provider, model, the
 * effective prompt (styles, focus and template instructions included), every parameter, the
 * template and its version, and the sha256 of each input's bytes. Worked out from the job the
 * core planned, so it follows exactly what would be sent.
 */
import type { ImageJob } from '../core/run-images.js';
import type { Template } from '../prompts/templates/types.js';
import { sha256Text } from './file-hashes.js';
import { stableJson } from './lock.js';
import type { BuildTarget } from './types.js';

/** A template's version: a hash of what shapes its instruction (not its description or example). */
export function templateVersion(template: Template): string {
  const { roles, params, lines, oneOf, aspect } = template;
  return sha256Text(stableJson({ roles, params, lines, oneOf, aspect })).slice(0, 16);
}

/**
 * `inputHashes` maps each input file (absolute) to the sha256 of its bytes; inputs that are not
 * files (an identity's photos) count by the sha256 of the bytes sent.
 */
export function fingerprintOf(job: ImageJob, inputHashes: ReadonlyMap<string, string>, template: Template | null): string {
  return sha256Text(
    stableJson({
      provider: job.model.provider,
      model: job.model.id,
      kind: job.kind,
      prompt: job.effectivePrompt,
      aspectRatio: job.aspectRatio,
      imageSize: job.imageSize,
      format: job.format ?? null,
      referenceType: job.referenceType,
      template: template ? { name: template.name, version: templateVersion(template) } : null,
      inputs: job.inputs.map((i) => ({ role: i.role, sha256: (i.source && inputHashes.get(i.source)) || i.blob.sha256 })),
    }),
  );
}

/**
 * The key under which a target's fingerprint is remembered between builds: its definition, its
 * inputs' hashes and the imagegen version (which decides how prompts are composed). When it
 * matches, the fingerprint is known without planning the target again (no input is decoded).
 */
export function definitionKey(target: BuildTarget, inputHashes: ReadonlyMap<string, string>, version: string, templateFileHash: string | null): string {
  const { file: _file, dependsOn: _deps, inputs, ...definition } = target;
  void _file;
  void _deps;
  return sha256Text(
    stableJson({
      version,
      definition,
      templateFileHash,
      inputs: inputs.map((i) => ({ role: i.role, path: i.path, sha256: inputHashes.get(i.file) ?? null })),
    }),
  );
}
