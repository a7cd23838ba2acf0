/**
 * kill -9 during `delete --cascade` (issue 8, item 6): a family of entries whose output folder
 * is on another file system (so outputs are copies, checked by hash) is deleted by the real
 * binary, killed at seeded random moments. After each trial the family is either wholly there or
 * wholly gone from the catalog, and `doctor --fix` leaves no orphan: blobs on disk are exactly the
 * catalog's, the output folder holds only its entries' files, and no note is left.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../catalog-builder.js';
import { filesUnder } from '../e2e/catalog-probe.js';
import { spawnCli, sandbox, startCli, type Sandbox } from '../e2e/cli.js';

const SEED = Number(process.env.IMAGEGEN_CRASH_SEED ?? 20261130) ^ 0x5eed;
const TRIALS = Number(process.env.IMAGEGEN_DELETE_CRASH_TRIALS ?? 8);
const FAMILY = 24;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let box: Sandbox;
let out: string;
beforeEach(() => {
  box = sandbox();
  out = mkdtempSync('/dev/shm/imagegen-delete-crash-');
});
afterEach(() => {
  box.cleanup();
  rmSync(out, { recursive: true, force: true });
});

/** A root with a chain and branches under it: every entry after the first descends from it. */
function family(trial: number): Seed[] {
  const id = (n: number) => `t${String(trial).padStart(2, '0')}f${String(n).padStart(4, '0')}`.replace(/l/g, 'x');
  return Array.from({ length: FAMILY }, (_, n) => ({
    id: id(n),
    parent: n === 0 ? undefined : id(Math.floor((n - 1) / 2)),
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, trial, n)).toISOString(),
  }));
}

function state(home: string) {
  const db = new Database(join(home, 'catalog.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return {
      ids: db.prepare('SELECT id FROM entries').pluck().all() as string[],
      files: new Set(db.prepare('SELECT file_path FROM entries WHERE file_path IS NOT NULL').pluck().all() as string[]),
      blobs: new Set((db.prepare('SELECT sha256 FROM blobs').pluck().all() as string[])),
      notes: db.prepare('SELECT count(*) FROM file_cleanups').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('kill -9 during delete --cascade', () => {
  it(`leaves the family whole or gone, and nothing doctor --fix cannot clear (${TRIALS} seeded trials)`, { timeout: 90_000 }, async () => {
    expect(statSync(out).dev).not.toBe(statSync(box.dir).dev);
    const random = seeded(SEED);
    const env = { ...box.env, IMAGEGEN_OUT: out };
    // How long a whole delete takes here, to spread the kills over it.
    await buildCatalog(box.home, out, family(99));
    const started = Date.now();
    expect((await spawnCli(['delete', family(99)[0]!.id, '--cascade', '--yes'], { cwd: box.dir, env })).code).toBe(0);
    const wholeMs = Date.now() - started;

    const tally = { whole: 0, gone: 0, notesLeft: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const seeds = family(trial);
      await buildCatalog(box.home, out, seeds);
      const child = startCli(['delete', seeds[0]!.id, '--cascade', '--yes'], { cwd: box.dir, env });
      child.stdout.resume();
      child.stderr.resume();
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((r) => setTimeout(r, wholeMs * (0.4 + random() * 0.7)));
      child.kill('SIGKILL');
      await closed;

      const after = state(box.home);
      const left = seeds.filter((s) => after.ids.includes(s.id)).length;
      expect([0, FAMILY]).toContain(left); // one transaction: all or nothing
      if (left === 0) tally.gone++;
      else tally.whole++;
      if (after.notes > 0) tally.notesLeft++;

      expect((await spawnCli(['doctor', '--fix', '--json'], { cwd: box.dir, env })).code).toBe(0);
      const fixed = state(box.home);
      expect(fixed.notes).toBe(0);
      const blobFiles = filesUnder(join(box.home, 'blobs')).map((f) => f.split('/').pop()!.split('.')[0]!);
      expect(new Set(blobFiles)).toEqual(fixed.blobs);
      expect(new Set(filesUnder(out).map((f) => join(out, f)))).toEqual(fixed.files);
    }
    console.log(`delete crash test: ${TRIALS} trials of a ${FAMILY}-entry family · ${tally.gone} deleted (${tally.notesLeft} killed after the commit, before every file went), ${tally.whole} killed before the commit · no orphan after doctor --fix`);
  });
});
