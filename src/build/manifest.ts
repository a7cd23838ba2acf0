/**
 * Reads a manifest (YAML or JSON), checks its shape against the schema and expands each target's
 * matrix: `icons/plane-{colour}.png` with `matrix: {colour: [red, blue]}` becomes two targets,
 * with `{colour}` filled in the key and in every string of the target.
 */
import { usageError } from '../domain/errors.js';
import { NotRegularFileError, readRegularFileCapped } from '../store/bounded-read.js';
import type { ManifestDocument, SharedFields, TargetDocument } from './schema.js';
import { quote, type ManifestIssue } from './issues.js';

export const MANIFEST_NAMES = ['imagegen.yaml', 'imagegen.yml', 'imagegen.json'] as const;

/** A target as written, after the matrix is expanded and the defaults applied. */
export interface ExpandedTarget extends SharedFields {
  key: string;
  prompt?: string;
  inputs?: string[] | Record<string, string | string[]>;
  /** The matrix values that made it, for messages. */
  values: Record<string, string>;
}

/** The largest manifest read (a few thousand targets fit in well under a megabyte). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** Reads the manifest's text; a file that cannot be read (or is not a regular file, or is too large) is exit 2 naming it. */
export async function readManifestText(file: string): Promise<string> {
  let data: Buffer | undefined;
  try {
    data = await readRegularFileCapped(file, MAX_MANIFEST_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError('MANIFEST_NOT_FOUND', `There is no manifest at ${file}.`, `Write one (see docs/build.md), or name it: imagegen build path/to/${MANIFEST_NAMES[0]}.`);
    const why = err instanceof NotRegularFileError ? `it is ${err.kind}, not a regular file` : (err as Error).message;
    throw usageError('MANIFEST_UNREADABLE', `Cannot read the manifest ${file}: ${why}.`, 'Name a manifest file: imagegen.yaml, .yml or .json.');
  }
  if (data === undefined) throw usageError('MANIFEST_TOO_LARGE', `The manifest ${file} is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB.`, 'Split it into several manifests, or use matrix to write many targets briefly.');
  return data.toString('utf8');
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

function fill(value: string, values: Record<string, string>): string {
  return value.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** Every combination of the matrix's values, in the order written. */
function combinations(matrix: Record<string, (string | number)[]>): Record<string, string>[] {
  let result: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(matrix)) {
    result = result.flatMap((combo) => values.map((v) => ({ ...combo, [name]: String(v) })));
  }
  return result;
}

function fillDeep<T>(value: T, values: Record<string, string>): T {
  if (typeof value === 'string') return fill(value, values) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => fillDeep(v, values)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, values)])) as T;
  return value;
}

/** Expands every target's matrix and applies the defaults under each target's own fields. */
export function expandTargets(doc: ManifestDocument, issues: ManifestIssue[]): ExpandedTarget[] {
  const expanded: ExpandedTarget[] = [];
  for (const [key, target] of Object.entries(doc.targets)) {
    const { matrix, ...fields } = target as TargetDocument;
    const combos = matrix ? combinations(matrix) : [{}];
    const used = new Set([...key.matchAll(PLACEHOLDER)].map((m) => m[1]!));
    if (matrix) {
      for (const name of Object.keys(matrix)) {
        if (!used.has(name)) issues.push({ target: key, field: `matrix.${name}`, message: `{${name}} does not appear in the target's path, so its values would all write one file` });
      }
    }
    for (const name of used) {
      if (!matrix || !Object.hasOwn(matrix, name)) issues.push({ target: key, field: 'matrix', message: `the path uses {${name}}, which the matrix does not define` });
    }
    for (const values of combos) {
      const own = fillDeep(fields, values);
      expanded.push({ ...doc.defaults, ...own, key: fill(key, values), values });
    }
  }
  return expanded;
}

export function describeValues(values: Record<string, string>): string {
  const pairs = Object.entries(values).map(([k, v]) => `${k}=${quote(v)}`);
  return pairs.length ? ` (${pairs.join(', ')})` : '';
}
