/**
 * Exit codes and streams when things go wrong mid-run. Disk full is a real full disk: the output
 * folder is a tiny tmpfs mounted for the child alone (a user + mount namespace, `unshare -rm`),
 * with room for one image but not two.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogCounts } from '../catalog-probe.js';
import { BIN, type CliResult } from '../cli.js';
import { errorOf, useFakeGemini, type RunJson } from '../fake-session.js';

const session = useFakeGemini();

/** Runs the CLI with `dir` replaced by a tmpfs of `kib` KiB that only the child sees (and `before` run there first). */
function runOnTinyDisk(dir: string, kib: number, args: string[], env: Record<string, string>, before = ''): Promise<CliResult> {
  mkdirSync(dir, { recursive: true });
  const script = `mount -t tmpfs -o size="$1"k tmpfs "$2" || exit 97; shift 2; ${before} exec "$@"`;
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-rm', 'sh', '-c', script, 'sh', String(kib), dir, process.execPath, BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
  });
}

describe('disk full mid-batch', () => {
  it('exits 4 with the JSON of what was saved and a failure for each image that was not', async () => {
    const { box } = session;
    // One image first, on an ordinary disk, to learn how large each one is.
    const probe = await box.run(['generate', 'a lighthouse at dawn', '--json', '-o', join(box.dir, 'probe')]);
    expect(probe.code, probe.stderr).toBe(0);
    const bytes = statSync(probe.json<RunJson>().entries[0]!.file!.path).size;
    const pages = Math.ceil(bytes / 4096);
    // Room for one output file and half of the next.
    const kib = 4 * (pages + Math.max(1, Math.floor(pages / 2)));

    const out = join(box.dir, 'tiny');
    const r = await runOnTinyDisk(out, kib, ['generate', 'a lighthouse at dawn', '-n', '3', '--json', '-o', out], { ...box.env, IMAGEGEN_CONCURRENCY: '1' });
    expect(r.code, r.stderr).toBe(4);
    const doc = r.json<RunJson & { failures: { entryId: string | null }[] }>();
    expect(doc.entries).toHaveLength(1);
    expect(doc.failures.map((f) => f.index).sort()).toEqual([1, 2]);
    expect(doc.failures[0]!.error.code).toBe('DISK_FULL');
    // The saved image is in the catalog, with its stored copy in the home.
    const shown = await box.run(['show', doc.entries[0]!.id, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(catalogCounts(box.home).entries).toBeGreaterThanOrEqual(2);
  });
});

describe('disk full mid-batch, with the home on the same disk', () => {
  it('exits 4 with the JSON of what was saved, even though the catalog cannot record the failures', async () => {
    const { box, fake } = session;
    // Image 1 is answered at once; image 2's answer waits while the disk is filled up.
    fake.enqueue({ kind: 'ok' }, { kind: 'delay', ms: 3000 }, { kind: 'ok' });
    const disk = join(box.dir, 'disk');
    const trigger = join(box.dir, 'fill-now');
    const filled = join(box.dir, 'filled');
    // Inside the child's namespace: once told to (the test sees request 2 arrive, so image 1 is
    // saved), fill the disk to the last byte. Gives up after 20 s so nothing is left running.
    const filler = `(i=0; while [ ! -e '${trigger}' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; cat /dev/zero > '${disk}/filler' 2>/dev/null; touch '${filled}') &`;
    const running = runOnTinyDisk(disk, 4096, ['generate', 'a lighthouse at dawn', '-n', '3', '--json', '-o', join(disk, 'out')], { ...box.env, IMAGEGEN_HOME: join(disk, 'home'), IMAGEGEN_CONCURRENCY: '1' }, filler);
    await fake.waitForRequests(2, 15_000);
    writeFileSync(trigger, '');
    const r = await running;
    expect(existsSync(filled)).toBe(true);
    expect(r.code, r.stderr).toBe(4);
    const doc = r.json<RunJson>();
    expect(doc.entries).toHaveLength(1);
    expect(doc.failures.map((f) => f.index).sort()).toEqual([1, 2]);
    expect(doc.failures.every((f) => f.error.code === 'DISK_FULL')).toBe(true);
  });
});

describe('every image failed under --json', () => {
  it('prints the failures on stdout and the error line on stderr, exit 1', async () => {
    const { fake, box } = session;
    fake.setDefault({ kind: 'status', status: 400, message: 'Unsupported thing.' });
    const r = await box.run(['generate', 'a lighthouse', '-n', '2', '--json']);
    expect(r.code).toBe(1);
    expect(r.json<RunJson>().failures).toHaveLength(2);
    const error = errorOf(r);
    expect(error.code).toBe('API_REQUEST_REJECTED');
    expect(error.message).toContain('Unsupported thing.');
    expect(error.hint).toBeTruthy();
  });
});
