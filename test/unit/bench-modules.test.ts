/**
 * The benchmarks load the test suite's TypeScript helpers with Node's own type stripping
 * (bench/lib/fake-gemini.js), which takes only erasable syntax: a parameter property or an enum on
 * their import path breaks every bench that builds a catalog. Loaded here in a child process, as
 * the benches do.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('bench helpers', () => {
  it('load with Node type stripping, as the benches load them', () => {
    const script = "import { loadTestModule } from './bench/lib/fake-gemini.js'; for (const m of ['test/catalog-builder.ts', 'test/gallery-seeds.ts']) await loadTestModule(m); console.log('loaded');";
    const r = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX/);
    expect(r.stdout.trim()).toBe('loaded');
    expect(r.status).toBe(0);
  });
});
