/** `imagegen stats` on a catalog with known usage: totals, breakdowns and the per-day window. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../catalog-builder.js';
import { sandbox, type Sandbox } from './cli.js';

const DAY = 86_400_000;
const today = new Date();
const at = (daysAgo: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - daysAgo, 12)).toISOString();
const usage = (inputTokens: number, costUsd: number | null) => ({ inputTokens, outputTokens: 1290, costUsd });

const SEEDS: Seed[] = [
  { id: 'aaaa0001', emotion: 'calm', project: 'icons', createdAt: at(0), usage: usage(100, 0.067) },
  { id: 'aaaa0002', emotion: 'calm', project: 'icons', parent: 'aaaa0001', createdAt: at(0), usage: usage(358, 0.0672) },
  { id: 'aaaa0003', emotion: 'hopeful', model: 'gemini-3-pro-image-preview', createdAt: at(1), usage: usage(50, 0.134) },
  { id: 'aaaa0004', kind: 'modify', createdAt: at(3), usage: usage(600, 0.0393) },
  { id: 'aaaa0005', status: 'failed', createdAt: at(3) },
  { id: 'aaaa0006', project: 'icons', createdAt: at(45), usage: usage(10, 0.067) },
  // A model imagegen has no prices for: its cost is unknown, never $0.
  { id: 'aaaa0007', model: 'mystery-image', createdAt: at(0), usage: usage(5, null) },
];

let box: Sandbox;
beforeAll(async () => {
  box = sandbox({ TZ: 'UTC' });
  await buildCatalog(box.home, box.out, SEEDS);
});
afterAll(() => box.cleanup());

type Totals = { entries: number; inputTokens: number; outputTokens: number; costUsd: number | null; unpricedEntries?: number };
type Group = Totals & { value: string | null };
type StatsJson = { total: Totals; byStatus: Group[]; byKind: Group[]; byModel: Group[]; byEmotion: Group[]; byProject: Group[]; window: { since: string; until: string; total: Totals; days: (Totals & { day: string })[] } };
const counts = (groups: Group[]) => Object.fromEntries(groups.map((g) => [String(g.value), g.entries]));

describe('stats', () => {
  it('counts by status, kind, model, emotion and project, with tokens and dollars', async () => {
    const r = await box.run(['stats', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json<StatsJson>();
    expect(s.total).toEqual({ entries: 7, inputTokens: 1123, outputTokens: 6 * 1290, costUsd: 0.3745, unpricedEntries: 1 });
    expect(counts(s.byStatus)).toEqual({ completed: 6, failed: 1 });
    expect(counts(s.byKind)).toEqual({ generate: 5, regenerate: 1, modify: 1 });
    expect(counts(s.byModel)).toEqual({ 'gemini-3.1-flash-image-preview': 5, 'gemini-3-pro-image-preview': 1, 'mystery-image': 1 });
    expect(s.byModel.find((g) => g.value === 'mystery-image')).toMatchObject({ costUsd: null, unpricedEntries: 1 });
    expect(counts(s.byEmotion)).toEqual({ calm: 2, hopeful: 1, null: 4 });
    expect(counts(s.byProject)).toEqual({ icons: 3, null: 4 });
    expect(s.byProject.find((g) => g.value === 'icons')!.costUsd).toBe(0.2012);
  });

  it('per day: the last 30 days by default, or --since', async () => {
    const [byDefault, week] = await Promise.all([box.run(['stats', '--json']), box.run(['stats', '--since', '2d', '--json'])]);
    const days = byDefault.json<StatsJson>().window;
    expect(days.days.map((d) => [d.day, d.entries, d.costUsd])).toEqual([
      [at(3).slice(0, 10), 2, 0.0393],
      [at(1).slice(0, 10), 1, 0.134],
      [at(0).slice(0, 10), 3, 0.1342],
    ]);
    expect(days.total).toEqual({ entries: 6, inputTokens: 1113, outputTokens: 5 * 1290, costUsd: 0.3075, unpricedEntries: 1 });
    expect(Date.parse(days.until) - Date.parse(days.since)).toBe(30 * DAY);
    expect(week.json<StatsJson>().window.days.map((d) => d.day)).toEqual([at(1).slice(0, 10), at(0).slice(0, 10)]);
  });

  it('prints tables for a person, and refuses a bad --since', async () => {
    const [text, bad] = await Promise.all([box.run(['stats']), box.run(['stats', '--since', 'whenever'])]);
    expect(text.code).toBe(0);
    for (const heading of ['status', 'kind', 'model', 'emotion', 'project']) expect(text.stdout).toContain(heading);
    expect(text.stdout).toContain('$0.134');
    // The unpriced model's row says unknown; the totals say what they leave out.
    expect(text.stdout).toMatch(/mystery-image.*unknown/);
    expect(text.stdout).toContain('+ 1 unknown');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since "whenever" is not a date');
  });
});
