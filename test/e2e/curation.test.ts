/**
 * Curating the catalog end to end: rename (and find by the new name), tags, delete (refusals,
 * --cascade, which files go and which stay, the question on a terminal), tree and show.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog, type Built, type Seed } from '../catalog-builder.js';
import { catalogCounts, filesUnder } from './catalog-probe.js';
import { sandbox, type CliResult, type Sandbox } from './cli.js';
import { onTerminal } from './terminal.js';
import type { Entry } from '../../src/domain/entry.js';

const FAMILY: Seed[] = [
  { id: 'root0001', name: 'Lighthouse Dawn', prompt: 'a tall tower at dawn', createdAt: '2024-03-01T10:00:00.000Z' },
  { id: 'kid00001', name: 'Brighter', prompt: 'make it brighter', parent: 'root0001', createdAt: '2024-03-01T11:00:00.000Z' },
  { id: 'kid00002', name: 'Foggy', prompt: 'add fog', parent: 'kid00001', createdAt: '2024-03-01T12:00:00.000Z' },
  { id: 'kid00003', name: 'Boat', prompt: 'add a boat', parent: 'kid00001', createdAt: '2024-03-01T13:00:00.000Z' },
  { id: 'kid00004', name: 'Night', prompt: 'at night', parent: 'root0001', createdAt: '2024-03-01T14:00:00.000Z' },
  { id: 'other001', name: 'Collage', prompt: 'a collage', inputsFrom: ['kid00001'], createdAt: '2024-03-02T10:00:00.000Z' },
  { id: 'lone0001', name: 'Lone Fox', prompt: 'a fox', createdAt: '2024-03-03T10:00:00.000Z', metadata: { placeholder: true } },
];

let box: Sandbox;
let built: Map<string, Built>;
beforeEach(async () => {
  box = sandbox({ TZ: 'UTC' });
  built = await buildCatalog(box.home, box.out, FAMILY);
});
afterEach(() => box.cleanup());

const errorOf = (r: CliResult) => (JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: { code: string; message: string } }).error;
const listIds = async (...args: string[]) => (await box.run(['list', '--ids', ...args])).stdout.split('\n').filter(Boolean);
const fileOf = (id: string) => built.get(id)!.filePath!;
const blobOf = (id: string) => built.get(id)!.blobPath!;

describe('rename', () => {
  it('sets the name, prints the entry, and search follows at once', async () => {
    const r = await box.run(['rename', 'root', 'Harbour   beacon\n', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<Entry>()).toMatchObject({ id: 'root0001', name: 'Harbour beacon', prompt: 'a tall tower at dawn' });
    expect(await listIds('beacon')).toEqual(['root0001']);
    expect(await listIds('harb', 'BEAC')).toEqual(['root0001']);
    expect(await listIds('--name', 'lighthouse')).toEqual([]);
    expect(existsSync(fileOf('root0001'))).toBe(true);
  });

  it('refuses an empty name (2) and an unknown id (3), changing nothing', async () => {
    const [empty, unknown] = await Promise.all([box.run(['rename', 'root0001', '  ', '--json']), box.run(['rename', 'nope0000', 'x', '--json'])]);
    expect([empty.code, errorOf(empty).code]).toEqual([2, 'EMPTY_NAME']);
    expect([unknown.code, errorOf(unknown).code]).toEqual([3, 'ENTRY_NOT_FOUND']);
    expect(await listIds('--name', 'lighthouse')).toEqual(['root0001']);
  });
});

describe('tag', () => {
  it('sets and clears tags; list filters on them; system keys are refused', async () => {
    const set = await box.run(['tag', 'kid00002', 'client=acme', 'note=needs a boat', 'x=1', '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.json<Entry>().metadata).toEqual({ client: 'acme', note: 'needs a boat', x: '1' });
    await box.run(['tag', 'lone0001', 'client=globex']);
    expect(await listIds('--tag', 'client=acme')).toEqual(['kid00002']);
    expect(await listIds('--tag', 'client')).toEqual(['lone0001', 'kid00002']);
    expect(await listIds('--tag', 'client=acme', '--tag', 'note=needs a boat')).toEqual(['kid00002']);
    expect(await listIds('--tag', 'placeholder=true')).toEqual(['lone0001']);

    const cleared = await box.run(['tag', 'kid00002', 'note=', 'x=2', 'x=']);
    expect(cleared.stdout).toBe('client=acme\n');
    const shown = await box.run(['tag', 'kid00002']);
    expect(shown.stdout).toBe('client=acme\n');

    const refusals = await Promise.all([
      box.run(['tag', 'lone0001', 'placeholder=false', '--json']),
      box.run(['tag', 'lone0001', 'options=x', '--json']),
      box.run(['tag', 'lone0001', 'bad key=x', '--json']),
      box.run(['tag', 'lone0001', 'novalue', '--json']),
      box.run(['list', '--tag', '$.x=1', '--json']),
    ]);
    expect(refusals.map((r) => [r.code, errorOf(r).code])).toEqual([
      [2, 'RESERVED_TAG'],
      [2, 'RESERVED_TAG'],
      [2, 'INVALID_TAG'],
      [2, 'INVALID_TAG'],
      [2, 'INVALID_TAG'],
    ]);
    const lone = (await box.run(['show', 'lone0001', '--json'])).json<Entry>();
    expect(lone.metadata).toEqual({ placeholder: true, client: 'globex' });
  });
});

describe('delete', () => {
  const snapshot = () => ({ counts: catalogCounts(box.home), out: filesUnder(box.out), home: filesUnder(box.home).filter((f) => f.startsWith('blobs')) });

  it('refuses without --yes off a terminal, a parent without --cascade, and unknown ids — changing nothing', async () => {
    const before = snapshot();
    const noYes = await box.run(['delete', 'kid00002', '--json']);
    expect([noYes.code, errorOf(noYes).code]).toEqual([2, 'CONFIRMATION_REQUIRED']);
    const parent = await box.run(['delete', 'kid00001', '--yes', '--json']);
    expect([parent.code, errorOf(parent).code]).toEqual([2, 'HAS_CHILDREN']);
    expect(errorOf(parent).message).toContain('kid00001 has 2 children');
    const unknown = await box.run(['delete', 'kid00002', 'zzzz9999', '--yes', '--cascade', '--json']);
    expect([unknown.code, errorOf(unknown).code]).toEqual([3, 'ENTRY_NOT_FOUND']);
    expect(snapshot()).toEqual(before);
  });

  it('--cascade removes the family, its files and unused blobs — and nothing else', async () => {
    // A file the user replaced is not ours any more: it stays.
    const replaced = fileOf('kid00004');
    rmSync(replaced);
    writeFileSync(replaced, 'my own edit');

    const r = await box.run(['delete', 'kid00001', 'root', '--cascade', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = r.json<{ deleted: string[]; removedFiles: string[]; keptFiles: { path: string; reason: string }[] }>();
    expect(body.deleted.sort()).toEqual(['kid00001', 'kid00002', 'kid00003', 'kid00004', 'root0001']);
    expect(body.keptFiles.map((k) => k.path)).toEqual([replaced]);
    expect(body.removedFiles.sort()).toEqual(['root0001', 'kid00001', 'kid00002', 'kid00003'].map(fileOf).sort());

    expect(filesUnder(box.out)).toEqual(['kid00004.png', 'lone0001.png', 'other001.png']);
    expect(readFileSync(replaced, 'utf8')).toBe('my own edit');
    // kid00001's image is still an input of other001: its blob stays; the others' blobs go.
    expect(existsSync(blobOf('kid00001'))).toBe(true);
    for (const id of ['root0001', 'kid00002', 'kid00003', 'kid00004']) expect(existsSync(blobOf(id)), id).toBe(false);
    for (const id of ['other001', 'lone0001']) expect(existsSync(blobOf(id)), id).toBe(true);
    expect(catalogCounts(box.home)).toEqual({ entries: 2, jobs: 2, blobs: 3 });

    const other = (await box.run(['show', 'other001', '--json'])).json<Entry>();
    expect(other.inputs).toHaveLength(1);
    expect(other.inputs[0]).toMatchObject({ entryId: null, path: blobOf('kid00001') });
    const db = new Database(join(box.home, 'catalog.db'), { readonly: true });
    expect(db.prepare('SELECT sum(entries) FROM entry_counts').pluck().get()).toBe(2);
    expect(db.prepare("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH '\"tower\"'").pluck().get()).toBe(0);
    db.close();
  });

  it('a leaf goes alone; a file outside the output folder and the home is never touched', async () => {
    const db = new Database(join(box.home, 'catalog.db'));
    const elsewhere = join(box.dir, 'elsewhere.png');
    writeFileSync(elsewhere, 'not ours');
    db.prepare("UPDATE entries SET file_path = ? WHERE id = 'lone0001'").run(elsewhere);
    db.close();
    const r = await box.run(['delete', 'kid00003', 'lone0001', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['kid00003', 'lone0001']);
    expect(r.stderr).toContain(`kept ${elsewhere}`);
    expect(readFileSync(elsewhere, 'utf8')).toBe('not ours');
    expect(existsSync(fileOf('kid00003'))).toBe(false);
    expect(await listIds('--root', 'root0001')).toEqual(['kid00004', 'kid00002', 'kid00001', 'root0001']);
  });

  it('asks on a terminal: no keeps everything, yes deletes', async () => {
    const no = await onTerminal(box, ['delete', 'kid00003'], [[/Delete 1 entry/, 'n\r']]);
    expect(no.code, no.screen).toBe(0);
    expect(no.screen).toContain('kid00003  Boat');
    expect(catalogCounts(box.home).entries).toBe(FAMILY.length);
    const yes = await onTerminal(box, ['delete', 'kid00001', '--cascade'], [[/Delete 3 entries \(2 descendants included\)/, 'y\r']]);
    expect(yes.code, yes.screen).toBe(0);
    expect(catalogCounts(box.home).entries).toBe(FAMILY.length - 3);
  });
});

describe('tree and show', () => {
  it('tree draws the whole family from the root with box-drawing characters, marking the entry', async () => {
    const r = await box.run(['tree', 'kid00002']);
    expect(r.code, r.stderr).toBe(0);
    const raw = r.stdout.trimEnd().split('\n');
    // Each line: connector, id, name, then "kind · age"; the asked-for entry ends with ◀.
    expect(raw.map((l) => l.replace(/\s+(generate|regenerate) · .*$/, ''))).toEqual([
      'root0001  Lighthouse Dawn',
      '├─ kid00001  Brighter',
      '│  ├─ kid00002  Foggy',
      '│  └─ kid00003  Boat',
      '└─ kid00004  Night',
    ]);
    expect(raw.map((l) => l.endsWith('◀'))).toEqual([false, false, true, false, false]);
    expect(r.stderr).toContain('5 entries in this family');
  });

  it('tree --json nests {id, name, kind, status, children}', async () => {
    type Node = { id: string; name: string; kind: string; status: string; children: Node[] };
    const root = (await box.run(['tree', 'kid00004', '--json'])).json<Node>();
    const shape = (n: Node): unknown => [n.id, n.kind, n.children.map(shape)];
    expect(shape(root)).toEqual(['root0001', 'generate', [['kid00001', 'regenerate', [['kid00002', 'regenerate', []], ['kid00003', 'regenerate', []]]], ['kid00004', 'regenerate', []]]]);
    expect(root).toMatchObject({ name: 'Lighthouse Dawn', status: 'completed' });
  });

  it('show gives lineage from the root, children, inputs with their source entry', async () => {
    const shown = (await box.run(['show', 'kid00002', '--json'])).json<Entry & { lineage: string[]; children: string[]; fileExists: boolean }>();
    expect(shown.lineage).toEqual(['root0001', 'kid00001', 'kid00002']);
    expect(shown.children).toEqual([]);
    expect(shown.inputs).toEqual([expect.objectContaining({ role: 'parent', entryId: 'kid00001' })]);
    expect(shown.fileExists).toBe(true);
    const text = (await box.run(['show', 'kid00001'])).stdout;
    expect(text).toContain('root0001 → kid00001');
    expect(text).toContain('kid00002, kid00003');
  });
});

describe('show of a generated image', () => {
  it('includes the provenance embedded in the file, from the stored copy once the file has gone', async () => {
    const made = await box.run(['generate', 'a quiet harbour at night', '--provider', 'offline', '--project', 'harbours', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const entry = made.json<{ entries: Entry[] }>().entries[0]!;
    type Shown = Entry & { provenance: Record<string, string> | null; fileExists: boolean; storedPath: string };
    const shown = (await box.run(['show', entry.id, '--json'])).json<Shown>();
    expect(shown.fileExists).toBe(true);
    expect(Object.values(shown.provenance ?? {})).toEqual(expect.arrayContaining(['a quiet harbour at night', entry.id]));
    const text = (await box.run(['show', entry.id])).stdout;
    for (const heading of ['prompt', 'parameters', 'family', 'file', 'provenance (embedded in the image)']) expect(text).toContain(`\n${heading}\n`);
    expect(text).toMatch(/cost\s+\$0/);

    rmSync(entry.file!.path);
    const moved = (await box.run(['show', entry.id, '--json'])).json<Shown>();
    expect(moved.fileExists).toBe(false);
    expect(existsSync(moved.storedPath)).toBe(true);
    expect(moved.provenance).toEqual(shown.provenance);
  });
});
