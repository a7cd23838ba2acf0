/**
 * `generate --batch` and `imagegen batch …` through the real binary and the real SDK against the
 * fake's Batch API: exit codes, streams, and kill -9 while submitting and while fetching.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from './cli.js';
import { errorOf, footprint, useFakeGemini } from './fake-session.js';
import { catalogCounts, filesUnder } from './catalog-probe.js';
import type { BatchSummary } from '../../src/core/batch/record.js';
import type { RunJson } from './fake-session.js';

const session = useFakeGemini();
const POLL = { IMAGEGEN_BATCH_POLL_MS: '20' };

type Submitted = { batch: BatchSummary; reused: boolean; estimatedCostUsd: number; interactiveCostUsd: number };

async function submit(args: string[] = []): Promise<Submitted> {
  const r = await session.box.run(['generate', 'a lighthouse at dawn', '--batch', '--json', ...args], { env: POLL });
  expect(r.code, r.stderr).toBe(0);
  return r.json<Submitted>();
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('imagegen batch', () => {
  it('generate --batch prints the job; wait, fetch (twice), list and status follow it to entries at half price', async () => {
    session.fake.batches.script = { pendingMs: 60_000, runningMs: 0 };
    const sent = await submit(['-n', '3']);
    expect(sent.reused).toBe(false);
    expect(sent.batch).toMatchObject({ origin: 'generate', state: 'submitted', requests: 3, googleState: 'JOB_STATE_PENDING' });
    expect(sent.estimatedCostUsd).toBeCloseTo(sent.interactiveCostUsd / 2, 6);
    expect(footprint(session.box).out).toEqual([]); // nothing written until fetch

    const listed = await session.box.run(['batch', 'list', '--json'], { env: POLL });
    expect(listed.json<{ batches: BatchSummary[] }>().batches.map((b) => b.id)).toEqual([sent.batch.id]);

    const pending = await session.box.run(['batch', 'status', sent.batch.id]);
    expect(pending.stdout).toContain('PENDING');
    session.fake.batches.finish(sent.batch.name!);
    const waited = await session.box.run(['batch', 'wait', sent.batch.id], { env: POLL });
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stderr).toContain('SUCCEEDED');
    expect(waited.stdout).toContain('SUCCEEDED');

    const fetched = await session.box.run(['batch', 'fetch', sent.batch.id.slice(0, 5), '--json'], { env: POLL });
    expect(fetched.code, fetched.stderr).toBe(0);
    const { entries } = fetched.json<RunJson>();
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.status === 'completed' && e.kind === 'generate' && e.file !== null)).toBe(true);
    expect(entries[0]!.metadata).toMatchObject({ batch: { id: sent.batch.id, name: sent.batch.name } });

    const again = await session.box.run(['batch', 'fetch', sent.batch.name!, '--json'], { env: POLL });
    expect(again.code).toBe(0);
    expect(again.json<RunJson>().entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(catalogCounts(session.box.home).entries).toBe(3);
    expect(filesUnder(session.box.out)).toHaveLength(3);

    const status = await session.box.run(['batch', 'status', sent.batch.id, '--json']);
    expect(status.json<BatchSummary>()).toMatchObject({ state: 'fetched', googleState: 'JOB_STATE_SUCCEEDED', counts: { total: 3, succeeded: 3, failed: 0 } });
  });

  it('every batch subcommand has --help with an example, and list needs no key', async () => {
    for (const sub of ['list', 'status', 'wait', 'fetch', 'cancel']) {
      const r = await session.box.run(['batch', sub, '--help']);
      expect(r.code, sub).toBe(0);
      expect(r.stdout, sub).toMatch(/Examples:\n\s+\$ imagegen batch/);
    }
    for (const env of [{ GOOGLE_GENAI_USE_VERTEXAI: 'true', GOOGLE_CLOUD_PROJECT: 'p' }, { IMAGEGEN_PROVIDER: 'offline' }]) {
      const refused = await session.box.run(['generate', 'a fox', '--batch', '--json'], { env });
      expect(refused.code).toBe(2);
      expect(errorOf(refused).code).toBe('BATCH_UNSUPPORTED');
    }
    expect(session.fake.requests).toHaveLength(0);
    const listed = await session.box.run(['batch', 'list', '--json'], { env: { GEMINI_API_KEY: undefined } });
    expect(listed.code).toBe(0);
    expect(listed.json()).toEqual({ batches: [] });
  });

  it('an unknown id is exit 3 for status, wait, fetch and cancel', async () => {
    for (const sub of ['status', 'wait', 'fetch', 'cancel']) {
      const r = await session.box.run(['batch', sub, 'nosuchjob', '--json']);
      expect(r.code, sub).toBe(3);
      expect(errorOf(r).code).toBe('BATCH_NOT_FOUND');
      expect(r.stdout).toBe('');
    }
  });

  it('a failed or expired job reports Google\'s state and error (exit 1), and fetch writes nothing', async () => {
    session.fake.batches.scriptNext({ pendingMs: 0, runningMs: 20, end: 'FAILED', error: { code: 13, message: 'Batch processing failed internally.' } });
    const failed = await submit();
    const waited = await session.box.run(['batch', 'wait', failed.batch.id, '--json'], { env: POLL });
    expect(waited.code).toBe(1);
    expect(errorOf(waited)).toMatchObject({ code: 'BATCH_FAILED', message: expect.stringContaining('JOB_STATE_FAILED: Batch processing failed internally. (code 13)') });
    session.fake.batches.scriptNext({ pendingMs: 0, runningMs: 0, end: 'EXPIRED' });
    const expired = await submit(['--name', 'later']);
    const fetched = await session.box.run(['batch', 'fetch', expired.batch.id]);
    expect(fetched.code).toBe(1);
    expect(fetched.stderr).toContain('JOB_STATE_EXPIRED');
    expect(catalogCounts(session.box.home).entries).toBe(0);
  });

  it('per-request errors become failed entries (exit 4), and a running job can be cancelled', async () => {
    session.fake.batches.script = { pendingMs: 0, runningMs: 0 };
    session.fake.batches.requestFault = (i) => (i === 0 ? { kind: 'blockedPrompt' } : { kind: 'ok' });
    const sent = await submit(['-n', '2']);
    const fetched = await session.box.run(['batch', 'fetch', sent.batch.id, '--json'], { env: POLL });
    expect(fetched.code).toBe(4);
    const out = fetched.json<RunJson & { failures: { entryId: string }[] }>();
    expect(out.entries).toHaveLength(1);
    expect(out.failures[0]).toMatchObject({ index: 0, error: { code: 'PROMPT_BLOCKED' } });
    // A failed batch entry is an ordinary failed entry: retry runs it again interactively.
    const retried = await session.box.run(['retry', out.failures[0]!.entryId, '--json']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.json<RunJson>().entries[0]!.metadata.retryOf).toBe(out.failures[0]!.entryId);

    session.fake.batches.script = { pendingMs: 60_000, runningMs: 60_000 };
    const slow = await submit(['--name', 'slow']);
    const early = await session.box.run(['batch', 'fetch', slow.batch.id]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('JOB_STATE_PENDING');
    const cancelled = await session.box.run(['batch', 'cancel', slow.batch.id, '--json']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.json<BatchSummary>().googleState).toBe('JOB_STATE_CANCELLED');
  });

  it('kill -9 while submitting: running the same command again finds the job at Google instead of submitting it twice', async () => {
    session.fake.batches.script = { pendingMs: 0, runningMs: 0 }; // done by the fetch below, however fast it comes
    session.fake.enqueue({ kind: 'hang' }); // Google creates the job; the reply never comes
    const child = startCli(['generate', 'a lighthouse at dawn', '--batch', '-n', '2', '--json'], { cwd: session.box.dir, env: { ...session.box.env, ...POLL } });
    await until(() => session.fake.batches.list().length === 1, 'the create call');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));

    const again = await submit(['-n', '2']);
    expect(again.reused).toBe(true);
    expect(session.fake.batches.list()).toHaveLength(1);
    expect(again.batch.name).toBe(session.fake.batches.list()[0]!.name);
    const fetched = await session.box.run(['batch', 'fetch', again.batch.id, '--json'], { env: POLL });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.json<RunJson>().entries).toHaveLength(2);
  });

  it('kill -9 while fetching: fetching again writes each result exactly once', async () => {
    session.fake.batches.script = { pendingMs: 0, runningMs: 0 };
    const sent = await submit(['-n', '8', '-s', '2K']);
    await session.box.run(['batch', 'wait', sent.batch.id], { env: POLL });
    const child = startCli(['batch', 'fetch', sent.batch.id], { cwd: session.box.dir, env: { ...session.box.env, ...POLL } });
    await until(() => filesUnder(session.box.out).length > 0, 'the first result file');
    child.kill('SIGKILL');
    const [, signal] = (await new Promise((r) => child.once('close', (...a) => r(a)))) as [number | null, string | null];
    expect(signal).toBe('SIGKILL'); // it was stopped mid-fetch, not after it

    const again = await session.box.run(['batch', 'fetch', sent.batch.id, '--json'], { env: POLL });
    expect(again.code, again.stderr).toBe(0);
    const ids = again.json<RunJson>().entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(8);
    expect(catalogCounts(session.box.home).entries).toBe(8);
    expect(filesUnder(session.box.out)).toHaveLength(8);
  });

  it('build --batch: prints the job and exits 0; kill -9 while submitting, and the next run reports that job instead of sending another', async () => {
    const manifest = ['version: 1', 'targets:', '  hero.png:', '    prompt: a lighthouse at dawn', '  night.png:', '    prompt: the same scene at night', '    inputs: [hero.png]', ''].join('\n');
    writeFileSync(join(session.box.dir, 'imagegen.yaml'), manifest);
    session.fake.batches.script = { pendingMs: 60_000, runningMs: 0 };
    session.fake.enqueue({ kind: 'hang' });
    const child = startCli(['build', '--batch'], { cwd: session.box.dir, env: { ...session.box.env, ...POLL } });
    await until(() => session.fake.batches.list().length === 1, 'the create call');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));

    const again = await session.box.run(['build', '--batch', '--json'], { env: POLL });
    expect(again.code, again.stderr).toBe(0);
    const out = again.json<{ batch: BatchSummary; waiting: string[]; built: unknown[] }>();
    expect(out.batch).toMatchObject({ origin: 'build', requests: 1, googleState: 'JOB_STATE_PENDING' });
    expect(out.waiting).toEqual(['hero.png', 'night.png']);
    expect(session.fake.batches.list()).toHaveLength(1);

    session.fake.batches.finish(session.fake.batches.list()[0]!.name);
    const text = await session.box.run(['build', '--batch'], { env: POLL });
    expect(text.code, text.stderr).toBe(0);
    const jobId = text.stdout.trim().split('\n').pop()!;
    expect(text.stdout).toMatch(/hero\.png/);
    expect(session.fake.batches.list()).toHaveLength(2); // night.png, from the new hero.png
    session.fake.batches.finish(session.fake.batches.list()[1]!.name);
    const fetched = await session.box.run(['build', '--batch', '--wait', '--json'], { env: POLL });
    expect(fetched.json<{ built: { path: string }[] }>().built.map((b) => b.path)).toEqual(['night.png']);
    expect((await session.box.run(['build', '--check'])).code).toBe(0);
    expect((await session.box.run(['batch', 'status', jobId, '--json'])).json<BatchSummary>().state).toBe('fetched');
  });
});
