/** --force, --only, --budget, --prune, --check and --dry-run, in process against real files. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/providers/models.js';
import { project, reasons, resultOf, type Project } from './helpers.js';

let p: Project;
beforeEach(() => {
  p = project();
});
afterEach(() => p.cleanup());

const MANIFEST = `version: 1
defaults: { size: "512" }
targets:
  base.png: { prompt: a plain base }
  derived.png: { prompt: the base in red, inputs: [base.png] }
  "icons/{c}.png": { prompt: "an icon, {c}", matrix: { c: [red, blue] } }
`;

describe('build flags', () => {
  it('--force rebuilds every selected target, with the reason forced', async () => {
    p.manifest(MANIFEST);
    await p.build();
    const forced = resultOf(await p.build({ force: true, only: ['icons/*'] }));
    expect(forced.built.map((b) => `${b.path}:${b.reason}`).sort()).toEqual(['icons/blue.png:forced', 'icons/red.png:forced']);
    expect(forced.kept).toEqual([]);
  });

  it('--only selects by glob and brings stale dependencies along, not fresh ones', async () => {
    p.manifest(MANIFEST);
    const first = await p.build({ only: ['derived.png'] });
    expect(resultOf(first).built.map((b) => b.path)).toEqual(['base.png', 'derived.png']);
    expect(existsSync(join(p.dir, 'icons/red.png'))).toBe(false);
    // base is now up to date: selecting derived again plans derived alone.
    const again = await p.build({ only: ['derived.png'], dryRun: true });
    expect(reasons(again)).toEqual({ 'derived.png': null });
    await expect(p.build({ only: ['nothing/*'] })).rejects.toMatchObject({ code: 'NO_TARGETS_MATCH', exitCode: 2 });
    // A leading ./ is how shells complete paths; it names the same targets.
    expect(Object.keys(reasons(await p.build({ only: ['./icons/*'], dryRun: true })))).toEqual(['icons/red.png', 'icons/blue.png']);
    // A folder given as the manifest means the imagegen.yaml in it.
    expect((await p.build({ manifest: '.', cwd: p.dir, dryRun: true })).plan.targets).toHaveLength(4);
  });

  it('--dry-run estimates the cost from the model table and --budget refuses before sending', async () => {
    // Any priced Gemini model with a 4K size (the table changes as models are released).
    const model = MODELS.find((m) => m.provider === 'gemini' && (m.pricePerImage['4K'] ?? 0) > 0)!;
    const price = model.pricePerImage['4K']!;
    p.manifest(`version: 1
defaults: { provider: gemini, model: ${model.id}, size: 4K }
targets:
  "poster-{n}.png": { prompt: "poster {n}", matrix: { n: [1, 2, 3] } }
`);
    const plan = await p.build({ dryRun: true });
    expect(plan.plan.estimatedCostUsd).toBeCloseTo(3 * price, 6);
    expect(plan.plan.targets.map((t) => [t.action, t.reason, t.estimatedCostUsd])).toEqual(Array(3).fill(['create', 'new', price]));
    let asked = 0;
    await expect(
      p.build({ budget: 2 * price }, {
        provider: () => {
          asked++;
          throw new Error('must not be reached');
        },
      }),
    ).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED', exitCode: 2 });
    expect(asked).toBe(0);
    expect(existsSync(join(p.dir, 'imagegen.lock'))).toBe(false);
  });

  it('--budget cannot vouch for a model whose price is unknown', async () => {
    p.manifest(`version: 1
defaults: { provider: gemini, model: gemini-9-image-experimental }
targets:
  a.png: { prompt: one }
`);
    const plan = await p.build({ dryRun: true });
    expect(plan.plan.targets[0]!.estimatedCostUsd).toBeNull();
    expect(plan.plan.unpriced).toEqual(['a.png']);
    await expect(p.build({ budget: 100 })).rejects.toMatchObject({ code: 'BUDGET_UNKNOWN_PRICE', exitCode: 2 });
  });

  it('--check lists what is stale and sends nothing', async () => {
    p.manifest(MANIFEST);
    const before = await p.build({ check: true }, { provider: () => Promise.reject(new Error('no provider in --check')) });
    expect(before.mode).toBe('check');
    expect(Object.values(reasons(before))).toEqual(['new', 'new', 'new', 'new']);
    await p.build();
    expect(Object.values(reasons(await p.build({ check: true })))).toEqual([null, null, null, null]);
  });

  it('--prune removes only files the lock records for targets that left, and leaves changed ones', async () => {
    p.manifest(MANIFEST);
    await p.build();
    writeFileSync(join(p.dir, 'icons/blue.png'), 'hand-made since');
    writeFileSync(join(p.dir, 'unrelated.png'), 'not ours');
    p.manifest(MANIFEST.replace('"icons/{c}.png": { prompt: "an icon, {c}", matrix: { c: [red, blue] } }\n', ''));
    const dry = await p.build({ dryRun: true, prune: true });
    expect(dry.mode === 'dry-run' && dry.prune).toEqual(['icons/blue.png', 'icons/red.png']);
    const outcome = await p.build({ prune: true });
    expect(outcome.mode === 'build' && outcome.prune).toEqual({ removed: ['icons/red.png'], changed: ['icons/blue.png'] });
    expect(existsSync(join(p.dir, 'icons/red.png'))).toBe(false);
    expect(readFileSync(join(p.dir, 'icons/blue.png'), 'utf8')).toBe('hand-made since');
    expect(existsSync(join(p.dir, 'unrelated.png'))).toBe(true);
    const lock = JSON.parse(readFileSync(join(p.dir, 'imagegen.lock'), 'utf8')) as { targets: Record<string, unknown> };
    expect(Object.keys(lock.targets)).toEqual(['base.png', 'derived.png']);
  });
});
