/**
 * The catalog through the real binary (issue 8, items 6, 7, 8, 12): delete recognises its own
 * copies across file systems, a newer catalog is refused, read-only commands create nothing and
 * work on a read-only home, and doctor's exit codes.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder } from './catalog-probe.js';
import { BIN, sandbox, type CliResult, type Sandbox } from './cli.js';
import type { Entry } from '../../src/domain/entry.js';

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

const offline = ['--provider', 'offline'];
type RunJson = { entries: Entry[] };

describe('delete across file systems (out on tmpfs, home on disk)', () => {
  let shm: string;
  beforeEach(() => {
    shm = mkdtempSync('/dev/shm/imagegen-out-');
  });
  afterEach(() => rmSync(shm, { recursive: true, force: true }));

  it('removes its own copies, and keeps a copy whose contents were changed', async () => {
    // The honest condition for the store's copy fallback: link(2) across devices fails with EXDEV.
    expect(statSync(shm).dev).not.toBe(statSync(box.dir).dev);
    const made = (await box.run(['generate', 'two boats', '-n', '2', ...offline, '-o', shm, '--json'])).json<RunJson>().entries;
    expect(made).toHaveLength(2);
    const [a, b] = made;
    const blobOf = (e: Entry) => join(box.home, 'blobs', e.file!.sha256.slice(0, 2), `${e.file!.sha256}.png`);
    expect(statSync(a!.file!.path).ino).not.toBe(statSync(blobOf(a!)).ino); // a copy, not a link

    const gone = await box.run(['delete', a!.id, '--yes', '--json']);
    expect(gone.code).toBe(0);
    expect(existsSync(a!.file!.path)).toBe(false);
    expect(existsSync(blobOf(a!))).toBe(false);

    writeFileSync(b!.file!.path, 'edited by hand');
    const kept = await box.run(['delete', b!.id, '--yes']);
    expect(kept.code).toBe(0);
    expect(existsSync(b!.file!.path)).toBe(true);
    expect(kept.stderr).toContain('left in place');
  });
});

describe('a catalog written by a newer imagegen', () => {
  it('is refused with exit 1 by readers and writers, and left unchanged', async () => {
    await box.run(['generate', 'a buoy', ...offline]);
    const db = new Database(join(box.home, 'catalog.db'));
    db.prepare("INSERT INTO _migrations (name, applied_at) VALUES ('999_from_the_future', '2030-01-01T00:00:00Z')").run();
    db.close();
    const before = statSync(join(box.home, 'catalog.db')).mtimeMs;
    for (const args of [['list', '--json'], ['generate', 'another', ...offline, '--json'], ['doctor', '--json']]) {
      const r = await box.run(args);
      expect(r.code).toBe(1);
      const err = JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: { code: string; message: string } };
      expect(err.error.code).toBe('CATALOG_TOO_NEW');
      expect(err.error.message).toContain('this catalog was written by a newer imagegen; upgrade');
    }
    expect(statSync(join(box.home, 'catalog.db')).mtimeMs).toBe(before);
    expect(filesUnder(box.out)).toHaveLength(1);
  });
});

describe('reads that write nothing', () => {
  it('show last, tree, list, stats, identity list, doctor and gallery on a new home create no catalog (show last: exit 3)', async () => {
    const show = await box.run(['show', 'last', '--json']);
    expect(show.code).toBe(3);
    expect((await box.run(['tree', 'last', '--json'])).code).toBe(3);
    expect((await box.run(['list', '--json'])).json<{ total: number }>().total).toBe(0);
    expect((await box.run(['stats', '--json'])).code).toBe(0);
    expect((await box.run(['identity', 'list', '--json'])).code).toBe(0);
    expect((await box.run(['doctor', '--json'])).code).toBe(0);
    expect((await box.run(['doctor', '--fix', '--json'])).code).toBe(0);
    expect((await box.run(['gallery', '--json'])).code).toBe(0); // writes its site to the output folder only
    expect(existsSync(box.home)).toBe(false);
  });

  it('list, show and doctor work on a home nobody may write to', async () => {
    const made = (await box.run(['generate', 'a gull', ...offline, '--json'])).json<RunJson>().entries[0]!;
    const lockDown = (path: string) => {
      for (const d of readdirSync(path, { withFileTypes: true })) if (d.isDirectory()) lockDown(join(path, d.name));
      chmodSync(path, 0o555);
    };
    chmodSync(box.dir, 0o755);
    lockDown(box.home);
    try {
      const list = await runAsOther(['list', '--json']);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout).entries[0].id).toBe(made.id);
      const show = await runAsOther(['show', made.id, '--json']);
      expect(show.code).toBe(0);
      const doctor = await runAsOther(['doctor', '--json']);
      expect(JSON.parse(doctor.stdout).checks.find((c: { name: string }) => c.name === 'home').status).toBe('problem');
    } finally {
      chmodSync(box.home, 0o755);
      for (const d of readdirSync(box.home, { withFileTypes: true, recursive: true })) if (d.isDirectory()) chmodSync(join(d.parentPath, d.name), 0o755);
    }
  });
});

describe('doctor', () => {
  it('exits 1 on an orphan, --fix removes it and exits 0', async () => {
    await box.run(['generate', 'a pier', ...offline]);
    const orphanDir = join(box.home, 'blobs', 'ab');
    mkdirSync(orphanDir, { recursive: true });
    const orphan = join(orphanDir, `${'ab'.repeat(32)}.png`);
    writeFileSync(orphan, 'not recorded');
    const report = await box.run(['doctor']);
    expect(report.code).toBe(1);
    expect(report.stdout).toContain('PROBLEM  orphan blobs');
    expect(existsSync(orphan)).toBe(true);
    const fix = await box.run(['doctor', '--fix', '--json']);
    expect(fix.code).toBe(0);
    expect(existsSync(orphan)).toBe(false);
  });

  it('says whether a key is set without printing it', async () => {
    const secret = 'AIzaSy-very-secret-key-0123456789';
    const r = await box.run(['doctor', '--json'], { env: { GEMINI_API_KEY: secret } });
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.json<{ checks: { name: string; status: string }[] }>().checks.find((c) => c.name === 'api key')!.status).toBe('ok');
  });
});

/**
 * Runs the CLI as a user who cannot write the home: as root (who may write anywhere) the child
 * drops to nobody; otherwise the permission bits already stop this user.
 */
function runAsOther(args: string[]): Promise<CliResult> {
  const asRoot = process.getuid?.() === 0;
  const restore = asRoot ? letOthersReach(dirname(BIN)) : () => {};
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: '/', env: box.env, stdio: ['ignore', 'pipe', 'pipe'], ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
  }).finally(restore);
}

/**
 * nobody must reach the checkout to run it: a clone inside a private folder (mktemp's 0700) would
 * stop it at the door with EACCES. Each folder above the package that others cannot enter gets
 * o+x for the call; the returned function puts the modes back.
 */
function letOthersReach(dir: string): () => void {
  const changed: { path: string; mode: number }[] = [];
  for (let path = dir; ; path = dirname(path)) {
    const mode = statSync(path).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(path, mode | 0o001);
      changed.push({ path, mode });
    }
    if (dirname(path) === path) break;
  }
  return () => {
    for (const { path, mode } of changed) chmodSync(path, mode);
  };
}
