/**
 * kill -9 at random moments (issue 8, "What it must show"): `imagegen generate -n 8` against the
 * fake Gemini (with latency, and some refused prompts) is killed at seeded random times, again
 * and again on one home. After every trial: SQLite's integrity check passes, every completed
 * entry's file and blob hold its bytes, and every request the server saw has its entry
 * (completed, failed, pending or interrupted). At the end `doctor --fix` leaves no orphan: the
 * blobs on disk are exactly the catalog's, the output folder holds only entries' files, no temp
 * file, no note, no pending row.
 *
 * IMAGEGEN_CRASH_SEED and IMAGEGEN_CRASH_TRIALS change the seed and the number of trials; the
 * test prints a one-line summary of what the trials hit.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server.js';
import { filesUnder } from '../e2e/catalog-probe.js';
import { sandbox, startCli, type Sandbox } from '../e2e/cli.js';

const SEED = Number(process.env.IMAGEGEN_CRASH_SEED ?? 20261130);
const TRIALS = Number(process.env.IMAGEGEN_CRASH_TRIALS ?? 20);

/** mulberry32: a small seeded generator, so a failing trial can be replayed. */
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

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Row {
  id: string;
  status: string;
  prompt: string;
  file_path: string | null;
  blob_sha256: string | null;
  mime_type: string | null;
}

let fake: FakeGemini;
let box: Sandbox;
const random = seeded(SEED);

beforeAll(async () => {
  fake = await startFakeGemini();
  // Each answer takes 20–300 ms; about one prompt in eight is refused (a failed entry).
  fake.setDefault(() => (random() < 0.125 ? { kind: 'blockedPrompt' } : { kind: 'delay', ms: 20 + Math.floor(random() * 280) }));
  box = sandbox({ GEMINI_API_KEY: 'test-key-crash-0123456789', GOOGLE_GEMINI_BASE_URL: fake.url });
});
afterAll(async () => {
  await fake.close();
  box.cleanup();
});

function rows(): Row[] {
  const db = new Database(join(box.home, 'catalog.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    return db
      .prepare('SELECT e.id, e.status, e.prompt, e.file_path, e.blob_sha256, b.mime_type FROM entries e LEFT JOIN blobs b ON b.sha256 = e.blob_sha256')
      .all() as Row[];
  } finally {
    db.close();
  }
}

function blobPath(sha256: string, mime: string): string {
  const ext = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' }[mime] ?? 'bin';
  return join(box.home, 'blobs', sha256.slice(0, 2), `${sha256}.${ext}`);
}

function checkCompleted(all: Row[]): void {
  for (const row of all.filter((r) => r.status === 'completed')) {
    const blob = readFileSync(blobPath(row.blob_sha256!, row.mime_type!));
    expect(sha(blob)).toBe(row.blob_sha256);
    expect(sha(readFileSync(row.file_path!))).toBe(row.blob_sha256);
  }
}

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string }> {
  const child = startCli(args, { cwd: box.dir, env: { ...box.env, ...env } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout };
}

describe('kill -9 during generate -n 8', () => {
  it(`loses nothing and leaves nothing doctor --fix cannot clear (${TRIALS} seeded trials)`, { timeout: 120_000 }, async () => {
    // One whole run first: the home exists, and its length scales the kill times.
    const started = Date.now();
    const whole = await run(['generate', 'calibration', '-n', '8', '--json']);
    expect([0, 1, 4]).toContain(whole.code);
    const fullRunMs = Date.now() - started;

    const tally = { killedBeforeAnyRequest: 0, killedMidRun: 0, finishedFirst: 0, completed: 0, failed: 0, leftPending: 0, requests: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const prompt = `crash trial ${trial}`;
      const before = fake.requests.length;
      const concurrency = [1, 2, 4, 8][Math.floor(random() * 4)]!;
      const child = startCli(['generate', prompt, '-n', '8', '--json'], { cwd: box.dir, env: { ...box.env, IMAGEGEN_CONCURRENCY: String(concurrency) } });
      child.stdout.resume();
      child.stderr.resume();
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Half the kills land anywhere in a run's length; half just after the requests begin.
      const delay = random() < 0.5 ? random() * fullRunMs * 1.1 : 0;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      else await Promise.race([fake.waitForRequests(before + 1, 10_000).then(() => new Promise((r) => setTimeout(r, random() * 600))), closed]);
      const finishedFirst = child.exitCode !== null;
      child.kill('SIGKILL');
      await closed;

      const all = rows();
      checkCompleted(all);
      const mine = all.filter((r) => r.prompt === prompt);
      const seen = fake.requests.slice(before).filter((req) => fake.promptText(req).includes(prompt)).length;
      // A request is sent only after its pending row is committed: every one has its entry.
      expect(mine.length).toBeGreaterThanOrEqual(seen);
      expect(mine.length).toBeLessThanOrEqual(8);
      tally.requests += seen;
      tally.completed += mine.filter((r) => r.status === 'completed').length;
      tally.failed += mine.filter((r) => r.status === 'failed').length;
      tally.leftPending += mine.filter((r) => r.status === 'pending').length;
      if (finishedFirst) tally.finishedFirst++;
      else if (seen === 0) tally.killedBeforeAnyRequest++;
      else tally.killedMidRun++;
    }

    const fixed = await run(['doctor', '--fix', '--json']);
    expect(fixed.code).toBe(0);
    const after = await run(['doctor', '--json']);
    expect(after.code).toBe(0);
    const report = JSON.parse(after.stdout) as { ok: boolean; checks: { name: string; status: string }[] };
    expect(report.checks.filter((c) => c.status !== 'ok' && c.name !== 'api key')).toEqual([]);

    const all = rows();
    checkCompleted(all);
    expect(all.filter((r) => r.status === 'pending')).toEqual([]);
    const expectedBlobs = new Set<string>();
    const db = new Database(join(box.home, 'catalog.db'), { readonly: true });
    for (const b of db.prepare('SELECT sha256, mime_type AS mime FROM blobs').all() as { sha256: string; mime: string }[]) expectedBlobs.add(blobPath(b.sha256, b.mime));
    expect(db.prepare('SELECT count(*) FROM file_cleanups').pluck().get()).toBe(0);
    db.close();
    expect(new Set(filesUnder(join(box.home, 'blobs')).map((f) => join(box.home, 'blobs', f)))).toEqual(expectedBlobs);
    const outputs = new Set(all.filter((r) => r.file_path).map((r) => r.file_path!));
    expect(new Set(filesUnder(box.out).map((f) => join(box.out, f)))).toEqual(outputs);
    for (const path of outputs) expect(existsSync(path)).toBe(true);

    const interrupted = all.filter((r) => r.status === 'interrupted').length;
    console.log(
      `crash test (seed ${SEED}): ${TRIALS} trials · ${tally.killedMidRun} killed mid-run, ${tally.killedBeforeAnyRequest} before any request, ${tally.finishedFirst} finished first · ` +
        `${tally.requests} requests seen, ${tally.completed} completed, ${tally.failed} failed, ${tally.leftPending} left pending → ${interrupted} interrupted after doctor --fix · integrity ok, no orphan`,
    );
  });
});
