/**
 * The catalog's one face: code outside src/catalog reaches the database only through Catalog (and
 * completion's read-only peek), never better-sqlite3 itself nor the SQL of a part file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', '..', 'src');
const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile() && d.name.endsWith('.ts'))
  .map((d) => relative(SRC, join(d.parentPath, d.name)).replaceAll('\\', '/'))
  .filter((f) => !f.startsWith('catalog/'));

/** Imports that bring values (not `import type`), with what they import from. */
function valueImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) found.push(m[2]!);
  for (const m of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push(m[1]!);
  return found;
}

describe('the catalog has one face', () => {
  it('no file outside src/catalog loads better-sqlite3 or node:sqlite', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) => valueImports(readFileSync(join(SRC, f), 'utf8')).some((from) => from === 'better-sqlite3' || from === 'node:sqlite'));
    expect(offenders).toEqual([]);
  });

  it('code outside src/catalog takes values only from catalog.ts (and completion from recent.ts and file.ts)', () => {
    const offenders = files.flatMap((f) =>
      valueImports(readFileSync(join(SRC, f), 'utf8'))
        .filter((from) => /(^|\/)catalog\/[^/]+\.js$/.test(from) && !/catalog\/(catalog|recent|file)\.js$/.test(from))
        .map((from) => `${f} → ${from}`),
    );
    expect(offenders).toEqual([]);
  });
});
