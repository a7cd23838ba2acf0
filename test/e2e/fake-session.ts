/**
 * One fake Gemini per test file and a fresh sandbox per test, with the helpers the editing tests
 * share: JSON shapes, hashes, the error line, and what the catalog and folders hold.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server.js';
import { catalogCounts, filesUnder } from './catalog-probe.js';
import { sandbox, type CliResult, type Sandbox } from './cli.js';
import type { Entry } from '../../src/domain/entry.js';

export const KEY = 'test-key-e2e-0123456789';

export interface Session {
  readonly fake: FakeGemini;
  readonly box: Sandbox;
}

export function useFakeGemini(): Session {
  const session = {} as { fake: FakeGemini; box: Sandbox };
  beforeAll(async () => {
    session.fake = await startFakeGemini();
  });
  afterAll(async () => {
    await session.fake.close();
  });
  beforeEach(() => {
    session.fake.reset();
    session.fake.setDefault({ kind: 'ok' });
    session.fake.latencyMs = 0;
    session.box = sandbox({ GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: session.fake.url });
  });
  afterEach(() => session.box.cleanup());
  return session;
}

export type RunJson = { entries: Entry[]; failures: { index: number; error: { code: string; message: string; hint: string } }[] };
export type ShownJson = Entry & { lineage: string[]; children: string[] };

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A prompt followed by another sentence, as regenerate combines them (one ". ", never two). */
export function followedBy(base: string, more: string): string {
  return /[.!?…]$/.test(base) ? `${base} ${more}` : `${base}. ${more}`;
}

/** The `{error}` line a --json run printed last on standard error. */
export function errorOf(r: CliResult): { code: string; message: string; hint: string } {
  const last = r.stderr.trim().split('\n').pop() ?? '';
  return (JSON.parse(last) as { error: { code: string; message: string; hint: string } }).error;
}

/** What a run may have changed: catalog rows, stored blobs and output files. */
export function footprint(box: Sandbox): { counts: ReturnType<typeof catalogCounts>; blobs: string[]; out: string[] } {
  return { counts: catalogCounts(box.home), blobs: filesUnder(join(box.home, 'blobs')), out: filesUnder(box.out) };
}
