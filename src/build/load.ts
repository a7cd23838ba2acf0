/** Finds, reads and checks a manifest as a whole: any issue anywhere is one exit-2 error before anything is sent. */
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import { invalidManifest, type ManifestIssue } from './issues.js';
import { MANIFEST_NAMES, expandTargets, parseManifest, readManifestDocument } from './manifest.js';
import { checkTarget, linkTargets, type ValidateContext } from './validate.js';
import type { BuildTarget, Manifest } from './types.js';

export const LOCK_NAME = 'imagegen.lock';

/** The manifest to use: the one given, or imagegen.yaml (.yml, .json) in `cwd`. */
export async function findManifest(cwd: string, given?: string): Promise<string> {
  if (given) return resolve(cwd, given);
  for (const name of MANIFEST_NAMES) {
    const file = join(cwd, name);
    try {
      if ((await stat(file)).isFile()) return file;
    } catch {
      // try the next name
    }
  }
  throw usageError('MANIFEST_NOT_FOUND', `There is no ${MANIFEST_NAMES.join(', ')} in ${cwd}.`, 'Write an imagegen.yaml (see docs/build.md), or name the manifest: imagegen build path/to/imagegen.yaml.');
}

export async function loadManifest(file: string, ctx: Omit<ValidateContext, 'dir'>): Promise<Manifest> {
  const dir = dirname(file);
  const issues: ManifestIssue[] = [];
  const doc = parseManifest(await readManifestDocument(file), issues);
  if (!doc) throw invalidManifest(file, issues);
  const expanded = expandTargets(doc, issues);
  const targets: BuildTarget[] = [];
  for (const target of expanded) {
    const checked = await checkTarget(target, { ...ctx, dir }, issues);
    if (checked) targets.push(checked);
  }
  const ordered = await linkTargets(targets, issues);
  if (issues.length) throw invalidManifest(file, issues);
  return { file, dir, lockFile: join(dir, LOCK_NAME), project: doc.project ?? null, targets: ordered };
}
