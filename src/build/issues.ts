/**
 * Manifest problems are collected, not thrown one at a time: the whole manifest is checked before
 * anything is sent, and one exit-2 error names every target and field at fault.
 */
import { usageError, type ImagegenError } from '../domain/errors.js';

export interface ManifestIssue {
  /** The target's key (after matrix expansion), or null for the manifest as a whole. */
  target: string | null;
  /** The field at fault, or null. */
  field: string | null;
  message: string;
}

/** How many issues the error message spells out; the rest are counted (all are in details). */
const SHOWN = 10;

/** Quotes a string from the manifest for a message: JSON escaping keeps control characters out of the terminal. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

export function describeIssue(issue: ManifestIssue): string {
  const where = [issue.target === null ? null : `target ${quote(issue.target)}`, issue.field === null ? null : `field ${quote(issue.field)}`].filter(Boolean).join(', ');
  return where ? `${where}: ${issue.message}` : issue.message;
}

export function invalidManifest(file: string, issues: ManifestIssue[]): ImagegenError {
  const lines = issues.slice(0, SHOWN).map((i) => `  - ${describeIssue(i)}`);
  if (issues.length > SHOWN) lines.push(`  … and ${issues.length - SHOWN} more`);
  const first = issues[0]!;
  return usageError(
    'INVALID_MANIFEST',
    `The manifest ${file} has ${issues.length === 1 ? 'a problem' : `${issues.length} problems`}; nothing was sent:\n${lines.join('\n')}`,
    'Fix the fields named above (imagegen build --schema prints the manifest\'s JSON Schema; docs/build.md describes every field).',
    { issues, target: first.target, field: first.field },
  );
}
