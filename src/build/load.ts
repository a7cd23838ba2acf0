/** Finds, reads and checks a manifest as a whole: any issue anywhere is one exit-2 error before anything is sent. */
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { usageError } from '../domain/errors.js';
import { invalidManifest, type ManifestIssue } from './issues.js';
import { MANIFEST_NAMES, expandTargets, readManifestText } from './manifest.js';
import { sha256Text } from './file-hashes.js';
import type { ManifestDocument } from './schema.js';
import { checkTarget, linkTargets, type ValidateContext } from './validate.js';
import type { BuildTarget, Manifest } from './types.js';

export const LOCK_NAME = 'imagegen.lock';

/** The manifest to use: the file given, or imagegen.yaml (.yml, .json) in the folder given or in `cwd`. */
export async function findManifest(cwd: string, given?: string): Promise<string> {
  const dir = given ? resolve(cwd, given) : cwd;
  if (given) {
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) return dir;
  }
  for (const name of MANIFEST_NAMES) {
    const file = join(dir, name);
    try {
      if ((await stat(file)).isFile()) return file;
    } catch {
      // try the next name
    }
  }
  throw usageError('MANIFEST_NOT_FOUND', `There is no ${MANIFEST_NAMES.join(', ')} in ${dir}.`, 'Write an imagegen.yaml (see docs/build.md), or name the manifest: imagegen build path/to/imagegen.yaml.');
}

/** Remembers the checked document of a manifest's exact text, so an unchanged manifest is not parsed again. */
export interface ManifestMemo {
  manifestDocument(textSha: string): ManifestDocument | undefined;
  setManifestDocument(textSha: string, doc: ManifestDocument): void;
}

export async function loadManifest(file: string, ctx: Omit<ValidateContext, 'dir'>, memo?: ManifestMemo): Promise<Manifest> {
  const dir = dirname(file);
  const issues: ManifestIssue[] = [];
  const text = await readManifestText(file);
  const textSha = sha256Text(`${file}\n${text}`);
  let doc = memo?.manifestDocument(textSha);
  if (!doc) {
    const { parseManifest, parseManifestText } = await import('./manifest-parse.js');
    doc = parseManifest(await parseManifestText(file, text), issues);
    if (!doc) throw invalidManifest(file, issues);
    if (!issues.length) memo?.setManifestDocument(textSha, doc);
  }
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
