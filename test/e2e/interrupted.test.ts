/**
 * Interrupted work stays visible (issue 8, item 5): each image's entry is written `pending`
 * before its request is sent, Ctrl-C marks the unfinished ones `interrupted` (and --json still
 * prints what was kept and what was not), a kill -9's `pending` rows are found by the next run,
 * and `retry` makes them.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from './catalog-probe.js';
import { startCli } from './cli.js';
import { errorOf, useFakeGemini, type RunJson } from './fake-session.js';

const session = useFakeGemini();

function statuses(home: string): Record<string, string> {
  const db = new Database(join(home, 'catalog.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, status FROM entries ORDER BY rowid').all() as { id: string; status: string }[];
    return Object.fromEntries(rows.map((r) => [r.id, r.status]));
  } finally {
    db.close();
  }
}

function collect(child: ReturnType<typeof startCli>) {
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { out, closed };
}

describe('interrupted work stays visible', () => {
  it('Ctrl-C under --json prints {entries, failures} for what was kept and not, exits 130, and retry makes the rest', async () => {
    const { fake, box } = session;
    fake.enqueue({ kind: 'ok' });
    fake.setDefault({ kind: 'hang' });
    const child = startCli(['generate', 'a long night', '-n', '3', '--json'], { cwd: box.dir, env: { ...box.env, IMAGEGEN_CONCURRENCY: '2' } });
    const { out, closed } = collect(child);
    await fake.waitForRequests(3, 10_000);
    child.kill('SIGINT');
    expect(await closed).toBe(130);

    const result = JSON.parse(out.stdout) as { entries: RunJson["entries"]; failures: (RunJson["failures"][number] & { entryId: string })[] };
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]!.status).toBe('completed');
    expect(result.failures).toHaveLength(2);
    for (const f of result.failures) {
      expect(f.error.code).toBe('INTERRUPTED');
      expect(f.error.hint).toContain(`imagegen retry ${f.entryId}`);
    }
    expect(errorOf({ stderr: out.stderr } as never).code).toBe('INTERRUPTED');
    expect(errorOf({ stderr: out.stderr } as never).hint).toContain('imagegen retry');

    const interruptedIds = result.failures.map((f) => f.entryId).sort();
    expect(statuses(box.home)).toEqual({ [result.entries[0]!.id]: 'completed', [interruptedIds[0]!]: 'interrupted', [interruptedIds[1]!]: 'interrupted' });
    const listed = await box.run(['list', '--status', 'interrupted', '--json']);
    expect(listed.json<{ entries: { id: string }[] }>().entries.map((e) => e.id).sort()).toEqual(interruptedIds);

    fake.setDefault({ kind: 'ok' });
    const retried = await box.run(['retry', interruptedIds[0]!, '--json']);
    expect(retried.code).toBe(0);
    const made = retried.json<RunJson>().entries[0]!;
    expect(made.metadata.retryOf).toBe(interruptedIds[0]);
    expect(made.prompt).toBe('a long night');
    expect(filesUnder(box.out)).toHaveLength(2);
  });

  it('SIGTERM is an interruption too: exit 130, the unfinished image recorded as interrupted', async () => {
    const { fake, box } = session;
    fake.setDefault({ kind: 'hang' });
    const child = startCli(['generate', 'a stopped job', '--json'], { cwd: box.dir, env: box.env });
    const { out, closed } = collect(child);
    await fake.waitForRequests(1, 10_000);
    child.kill('SIGTERM');
    expect(await closed).toBe(130);
    const result = JSON.parse(out.stdout) as RunJson;
    expect(result.entries).toEqual([]);
    expect(result.failures[0]!.error.code).toBe('INTERRUPTED');
    expect(Object.values(statuses(box.home))).toEqual(['interrupted']);
  });

  it('kill -9 leaves pending rows; the next run marks them interrupted, and retry takes one', async () => {
    const { fake, box } = session;
    fake.setDefault({ kind: 'hang' });
    const child = startCli(['generate', 'a lost request', '-n', '2', '--json'], { cwd: box.dir, env: box.env });
    const { closed } = collect(child);
    await fake.waitForRequests(2, 10_000);
    child.kill('SIGKILL');
    await closed;

    const left = statuses(box.home);
    expect(Object.values(left)).toEqual(['pending', 'pending']);
    // Reading changes nothing: list still shows them as pending.
    const pending = await box.run(['list', '--status', 'pending', '--json']);
    expect(pending.json<{ total: number }>().total).toBe(2);

    fake.setDefault({ kind: 'ok' });
    const next = await box.run(['generate', 'something else', '--json']);
    expect(next.code).toBe(0);
    const after = statuses(box.home);
    for (const id of Object.keys(left)) expect(after[id]).toBe('interrupted');

    const [first] = Object.keys(left);
    const retried = await box.run(['retry', first!, '--json']);
    expect(retried.code).toBe(0);
    expect(retried.json<RunJson>().entries[0]!.metadata.retryOf).toBe(first);
  });

  it('retry takes a pending entry whose process is gone without waiting for another run', async () => {
    const { fake, box } = session;
    fake.setDefault({ kind: 'hang' });
    const child = startCli(['generate', 'one more', '--json'], { cwd: box.dir, env: box.env });
    const { closed } = collect(child);
    await fake.waitForRequests(1, 10_000);
    child.kill('SIGKILL');
    await closed;
    const [id] = Object.keys(statuses(box.home));
    fake.setDefault({ kind: 'ok' });
    const retried = await box.run(['retry', id!, '--json']);
    expect(retried.code).toBe(0);
    expect(statuses(box.home)[id!]).toBe('interrupted');
  });

  it('a rejected key leaves no entry and no job', async () => {
    const { box } = session;
    const r = await box.run(['generate', 'a tree', '-n', '2', '--json'], { env: { GEMINI_API_KEY: 'invalid-key' } });
    expect(r.code).toBe(1);
    const db = new Database(join(box.home, 'catalog.db'), { readonly: true });
    expect(db.prepare('SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM jobs) + (SELECT count(*) FROM file_cleanups)').pluck().get()).toBe(0);
    db.close();
  });
});
