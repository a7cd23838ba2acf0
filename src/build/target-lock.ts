/**
 * What a target's lock entry records about its request: the fingerprint of the planned job and
 * the sha256 of each input, by manifest path. Shared by the runner and by `build --batch`, which
 * works them out at submit time and writes them when the results arrive.
 */
import { fingerprintOf } from './fingerprint.js';
import type { FileHashes } from './file-hashes.js';
import type { PlannedJob } from './target-job.js';
import type { BuildTarget } from './types.js';

export async function targetLockFacts(target: BuildTarget, planned: PlannedJob, hashes: FileHashes): Promise<{ fingerprint: string; inputs: Record<string, string> }> {
  const inputHashes = new Map<string, string>();
  const inputs: Record<string, string> = {};
  for (const input of target.inputs) {
    const sha = await hashes.hash(input.file);
    if (sha === null) throw new Error(`input ${input.path} vanished during the build`);
    inputHashes.set(input.file, sha);
    inputs[input.path] = sha;
  }
  return { fingerprint: fingerprintOf(planned.job, inputHashes, planned.template), inputs };
}
