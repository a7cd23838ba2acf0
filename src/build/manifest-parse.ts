/**
 * Parses a manifest's text and checks it against the zod schema. Loaded only when a manifest has
 * to be checked afresh (an unchanged manifest's checked document is remembered in the build
 * cache), so a no-op build loads neither yaml nor zod.
 */
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { usageError } from '../domain/errors.js';
import { defaultsSchema, manifestSchema, targetSchema, type ManifestDocument } from './schema.js';
import type { ManifestIssue } from './issues.js';

/**
 * Checks the document against the schema, each target on its own so that one bad target does
 * not hide the problems of the others; every problem becomes an issue naming target and field.
 * Returns the document with the targets that passed (undefined when its frame is unusable).
 */
export function parseManifest(document: unknown, issues: ManifestIssue[]): ManifestDocument | undefined {
  const framed = manifestSchema.extend({ targets: z.record(z.string().min(1), z.unknown()), defaults: z.unknown().optional() }).safeParse(document);
  if (!framed.success) reportIssues(framed.error.issues, null, [], issues);
  const frame = framed.success ? framed.data : (document as { targets?: unknown; defaults?: unknown; project?: unknown } | null);
  if (!frame || typeof frame !== 'object' || !frame.targets || typeof frame.targets !== 'object' || Array.isArray(frame.targets)) return undefined;

  let defaults: ManifestDocument['defaults'];
  if (frame.defaults !== undefined) {
    const parsed = defaultsSchema.safeParse(frame.defaults);
    if (parsed.success) defaults = parsed.data;
    else reportIssues(parsed.error.issues, null, ['defaults'], issues);
  }
  const targets: ManifestDocument['targets'] = {};
  for (const [key, value] of Object.entries(frame.targets as Record<string, unknown>)) {
    const parsed = targetSchema.safeParse(value ?? {});
    if (parsed.success) targets[key] = parsed.data;
    else reportIssues(parsed.error.issues, key, [], issues);
  }
  return { version: 1, project: framed.success ? framed.data.project : undefined, defaults, targets };
}

function reportIssues(found: readonly z.core.$ZodIssue[], target: string | null, prefix: string[], issues: ManifestIssue[]): void {
  for (const issue of found) {
    const path = [...prefix, ...issue.path.map(String)];
    // Problems inside targets are reported per target, by the per-target pass.
    if (target === null && path[0] === 'targets' && path.length >= 2) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ target, field: [...path, key].join('.'), message: 'unknown field (docs/build.md lists the fields)' });
      continue;
    }
    issues.push({ target, field: path.length ? path.join('.') : null, message: issue.message });
  }
}

/** Parses the text as JSON or YAML (by the file's extension); bad syntax is exit 2 naming the file. */
export async function parseManifestText(file: string, raw: string): Promise<unknown> {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      return JSON.parse(raw) as unknown;
    } catch (err) {
      throw usageError('INVALID_MANIFEST', `The manifest ${file} is not valid JSON: ${(err as Error).message}`, 'Fix the syntax (a JSON linter or jq . shows where).');
    }
  }
  const doc = parseDocument(raw);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw usageError('INVALID_MANIFEST', `The manifest ${file} is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${what}`, 'Fix the syntax; quote values such as "16:9" that YAML could read otherwise.');
  }
  return doc.toJS() as unknown;
}
