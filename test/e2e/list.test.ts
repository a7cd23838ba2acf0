/**
 * `imagegen list` end to end on a catalog built by the test: fuzzy search, hostile search text,
 * every filter, date bounds and pages. The catalog is read-only here, so one is shared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../catalog-builder.js';
import { catalogCounts } from './catalog-probe.js';
import { sandbox, type CliResult, type Sandbox } from './cli.js';
import type { Entry } from '../../src/domain/entry.js';

type ListJson = { entries: Entry[]; total: number; page: number; limit: number };

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

const SEEDS: Seed[] = [
  { id: 'lake0001', name: 'Quiet Lake', prompt: 'sunset over a quiet lake', emotion: 'calm', project: 'travel', createdAt: '2024-01-05T10:00:00.000Z' },
  { id: 'lite0001', name: 'Lighthouse Dawn', prompt: 'a lighthouse at dawn', emotion: 'hopeful', createdAt: '2024-01-31T23:30:00.000Z', metadata: { client: 'acme' } },
  { id: 'lite0002', name: 'Brighter', prompt: 'make it brighter', parent: 'lite0001', createdAt: '2024-02-01T00:30:00.000Z' },
  { id: 'lite0003', name: 'Foggy', prompt: 'add fog', parent: 'lite0002', createdAt: '2024-02-02T09:00:00.000Z' },
  { id: 'lite0004', name: 'Boat', prompt: 'add a boat', parent: 'lite0002', createdAt: '2024-02-03T09:00:00.000Z', metadata: { client: 'globex' } },
  { id: 'fox00001', name: 'Fox', prompt: 'a red fox in snow', model: 'gemini-2.5-flash-image', createdAt: '2024-02-01T12:00:00.000Z' },
  { id: 'sale0001', name: 'Sale "Poster"', prompt: `50% off "sale" poster; NEAR(x) * AND-OR_under \\ back`, createdAt: '2024-02-10T12:00:00.000Z' },
  { id: 'fail0001', name: 'Failed Lighthouse', prompt: 'a failed lighthouse', status: 'failed', createdAt: '2024-02-11T12:00:00.000Z' },
  { id: 'cat00001', name: 'Recent Cat', prompt: 'a sleepy cat on a windowsill', emotion: 'calm', createdAt: daysAgo(2) },
  { id: 'dog00001', name: 'Older Dog', prompt: 'an old dog by the fire', emotion: 'melancholic', createdAt: daysAgo(20) },
  ...Array.from({ length: 24 }, (_, i): Seed => ({ id: `fill${String(i).padStart(4, '0')}`, name: `Filler ${i}`, prompt: `filler picture number ${i}`, project: 'filler', createdAt: new Date(Date.parse('2023-06-01T00:00:00Z') + i * DAY).toISOString() })),
];
const COMPLETED = SEEDS.filter((s) => s.status !== 'failed').length;

let box: Sandbox;
beforeAll(async () => {
  box = sandbox({ TZ: 'UTC' });
  await buildCatalog(box.home, box.out, SEEDS);
});
afterAll(() => box.cleanup());

const list = async (...args: string[]): Promise<ListJson> => {
  const r = await box.run(['list', ...args, '--json', '--limit', '100']);
  expect(r.code, r.stderr).toBe(0);
  return r.json<ListJson>();
};
const ids = async (...args: string[]) => (await list(...args)).entries.map((e) => e.id);
const errorCode = (r: CliResult) => (JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: { code: string; message: string } }).error;

describe('fuzzy search', () => {
  it('finds parts of words, in any order, in any case, in names and prompts', async () => {
    const [partial, order, caps, name, short] = await Promise.all([
      ids('lighthous'),
      ids('lake sunset'),
      ids('QUIET', 'Sunset'),
      ids('brighter'),
      ids('ox'),
    ]);
    expect(partial).toEqual(['lite0001']);
    expect(order).toEqual(['lake0001']);
    expect(caps).toEqual(['lake0001']);
    expect(name).toEqual(['lite0002']);
    expect(short).toEqual(['fox00001']);
  });

  it('--name and --prompt search one column each', async () => {
    const [byName, byPrompt, nameNotPrompt] = await Promise.all([ids('--name', 'foggy'), ids('--prompt', 'fog'), ids('--name', 'snow')]);
    expect(byName).toEqual(['lite0003']);
    expect(byPrompt).toEqual(['lite0003']);
    expect(nameNotPrompt).toEqual([]);
  });

  it('treats anything typed as search text, never as syntax or an error', async () => {
    // (More hostile text, in process, in test/unit/catalog/list-query.test.ts.)
    const hostile = ['"', 'NEAR(', '*', 'AND', '-', "'; DROP TABLE entries; --", '50%', '_', '\\', '"sale"', 'lake"'];
    const results = await Promise.all(hostile.map((q) => box.run(['list', '--json', '--limit', '100', '--', q])));
    results.forEach((r, i) => expect(r.code, `${hostile[i]}: ${r.stderr}`).toBe(0));
    const found = (q: string) => results[hostile.indexOf(q)]!.json<ListJson>().entries.map((e) => e.id);
    expect(found('50%')).toEqual(['sale0001']);
    expect(found('_')).toEqual(['sale0001']);
    expect(found('\\')).toEqual(['sale0001']);
    expect(found('"sale"')).toEqual(['sale0001']);
    expect(found('NEAR(')).toEqual(['sale0001']);
    expect(found('lake"')).toEqual(['lake0001']);
    expect(found("'; DROP TABLE entries; --")).toEqual([]);
    expect(catalogCounts(box.home).entries).toBe(SEEDS.length);
  });

  it('accepts the query unquoted, as several words', async () => {
    expect(await ids('quiet', 'lake')).toEqual(['lake0001']);
  });
});

describe('filters', () => {
  it('by kind, emotion, model, project, status and tag', async () => {
    const [kind, emotion, model, project, failed, all, tag, anyTag] = await Promise.all([
      ids('--kind', 'regenerate'),
      ids('--emotion', 'Calm'),
      ids('--model', 'gemini-2.5-flash-image'),
      ids('--project', 'travel'),
      ids('--status', 'failed'),
      list('--status', 'all'),
      ids('--tag', 'client=acme'),
      ids('--tag', 'client'),
    ]);
    expect(kind).toEqual(['lite0004', 'lite0003', 'lite0002']);
    expect(emotion).toEqual(['cat00001', 'lake0001']);
    expect(model).toEqual(['fox00001']);
    expect(project).toEqual(['lake0001']);
    expect(failed).toEqual(['fail0001']);
    expect(all.total).toBe(SEEDS.length);
    expect(tag).toEqual(['lite0001']);
    expect(anyTag).toEqual(['lite0004', 'lite0001']);
  });

  it('--parent and --root take id prefixes; --root of a mid-chain entry gives its subtree', async () => {
    const [children, family, subtree, combined] = await Promise.all([
      ids('--parent', 'lite0002'),
      ids('--root', 'lite0001'),
      ids('--root', 'lite0002'),
      ids('lighthous', '--root', 'lite0001', '--kind', 'generate'),
    ]);
    expect(children).toEqual(['lite0004', 'lite0003']);
    expect(family).toEqual(['lite0004', 'lite0003', 'lite0002', 'lite0001']);
    expect(subtree).toEqual(['lite0004', 'lite0003', 'lite0002']);
    expect(combined).toEqual(['lite0001']);
    const [unknown, ambiguous] = await Promise.all([box.run(['list', '--parent', 'zzzz', '--json']), box.run(['list', '--root', 'lite', '--json'])]);
    expect([unknown.code, errorCode(unknown).code]).toEqual([3, 'ENTRY_NOT_FOUND']);
    expect([ambiguous.code, errorCode(ambiguous).code]).toEqual([3, 'AMBIGUOUS_ID']);
  });

  it('filters combine with search and with each other', async () => {
    expect(await ids('picture', '--project', 'filler', '--since', '2023-06-20')).toEqual(['fill0023', 'fill0022', 'fill0021', 'fill0020', 'fill0019']);
  });
});

describe('dates', () => {
  it('--until a day includes that whole day; --since a day starts at its midnight', async () => {
    const [january, jan31, february] = await Promise.all([
      ids('--since', '2024-01-01', '--until', '2024-01-31'),
      ids('--since', '2024-01-31', '--until', '2024-01-31'),
      ids('--since', '2024-02', '--until', '2024-02'),
    ]);
    expect(january).toEqual(['lite0001', 'lake0001']);
    expect(jan31).toEqual(['lite0001']);
    expect(february).toEqual(['sale0001', 'lite0004', 'lite0003', 'fox00001', 'lite0002']);
  });

  it('takes relative forms and full ISO times', async () => {
    const [week, month, iso, yesterday] = await Promise.all([
      ids('--since', '7d'),
      ids('--since', '4w', '--until', '1w'),
      ids('--since', '2024-02-01T00:00:00Z', '--until', '2024-02-01T12:00:00Z'),
      ids('--until', 'yesterday', '--since', '3 days ago'),
    ]);
    expect(week).toEqual(['cat00001']);
    expect(month).toEqual(['dog00001']);
    expect(iso).toEqual(['fox00001', 'lite0002']);
    expect(yesterday).toEqual(['cat00001']);
  });

  it('a bad date or an empty range exits 2 naming the flag, with nothing printed on stdout', async () => {
    const runs = await Promise.all([
      box.run(['list', '--since', 'last tuesday', '--json']),
      box.run(['list', '--until', '2024-02-30', '--json']),
      box.run(['list', '--since', '2024-03-01', '--until', '2024-02-01', '--json']),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(errorCode(runs[0]!)).toMatchObject({ code: 'INVALID_DATE', message: expect.stringContaining('--since "last tuesday"') });
    expect(errorCode(runs[1]!)).toMatchObject({ code: 'INVALID_DATE', message: expect.stringContaining('--until') });
    expect(errorCode(runs[2]!).code).toBe('INVALID_DATE_RANGE');
  });
});

describe('pages and output forms', () => {
  it('pages newest first without overlap and report the total', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => box.run(['list', '--json', '--limit', '10', '--page', String(page)])));
    const bodies = pages.map((r) => r.json<ListJson>());
    expect(bodies.map((b) => b.entries.length)).toEqual([10, 10, 10, COMPLETED - 30]);
    expect(bodies.every((b) => b.total === COMPLETED && b.limit === 10)).toBe(true);
    expect(bodies.map((b) => b.page)).toEqual([1, 2, 3, 4]);
    const all = bodies.flatMap((b) => b.entries);
    expect(new Set(all.map((e) => e.id)).size).toBe(COMPLETED);
    const times = all.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort().reverse());

    const past = (await box.run(['list', '--json', '--page', '99'])).json<ListJson>();
    expect([past.entries.length, past.total]).toEqual([0, COMPLETED]);
    const filtered = (await box.run(['list', '--json', '--limit', '2', '--project', 'filler'])).json<ListJson>();
    expect([filtered.entries.length, filtered.total]).toEqual([2, 24]);
  });

  it('--ids prints one id per line; piped output is tab-separated', async () => {
    const [idsOnly, piped] = await Promise.all([box.run(['list', '--ids', '--kind', 'regenerate']), box.run(['list', 'lighthous'])]);
    expect(idsOnly.stdout).toBe('lite0004\nlite0003\nlite0002\n');
    const fields = piped.stdout.trim().split('\t');
    expect(fields.slice(0, 6)).toEqual(['lite0001', 'Lighthouse Dawn', 'generate', 'completed', 'hopeful', '2024-01-31T23:30:00.000Z']);
    expect(fields[6]).toMatch(/lite0001\.png$/);
  });
});
