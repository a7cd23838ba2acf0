/**
 * Exit codes and streams when things go wrong mid-run. Disk full is a real full disk: the output
 * folder is a tiny tmpfs mounted for the child alone (a user + mount namespace, `unshare -rm`),
 * with room for one image but not two.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogCounts } from '../catalog-probe.js';
import { BIN, type CliResult } from '../cli.js';
import { errorOf, useFakeGemini, type RunJson } from '../fake-session.js';

const session = useFakeGemini();

/** Runs the CLI with `dir` replaced by a tmpfs of `kib` KiB that only the child sees. */
function runOnTinyDisk(dir: string, kib: number, args: string[], env: Record<string, string>): Promise<CliResult> {
  mkdirSync(dir, { recursive: true });
  const script = 'mount -t tmpfs -o size="$1"k tmpfs "$2" || exit 97; shift 2; exec "$@"';
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
