/**
 * `imagegen build` through the real binary: exit codes, the JSON documents, --schema, the plain
 * progress lines, -O, and kill -9 in the middle of a build.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server.js';
import { limitInFlight } from '../fake-gemini/in-flight-limit.js';
import { BIN, sandbox, startCli, type Sandbox } from './cli.js';
import { makeBmp } from '../unit/images/helpers.js';

/** Runs the CLI on a pseudo-terminal 100 columns wide (util-linux `script`), with a time limit. */
function onWideTerminal(cwd: string, env: Record<string, string>, args: string[]): Promise<{ code: number | null; screen: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = `stty cols 100 rows 30; ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: { ...env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}

const KEY = 'test-key-e2e-0123456789';
let fake: FakeGemini;
let box: Sandbox;
let site: string;

beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setDefault({ kind: 'ok' });
  fake.latencyMs = 0;
  box = sandbox({ GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: fake.url });
  site = join(box.dir, 'site');
  mkdirSync(site, { recursive: true });
});
afterEach(() => box.cleanup());

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const manifest = (yaml: string) => writeFileSync(join(site, 'imagegen.yaml'), yaml);
const build = (args: string[] = [], env: Record<string, string | undefined> = {}) => box.run(['build', ...args], { cwd: site, env });

const TWO = `version: 1
defaults: { provider: gemini, size: 512 }
targets:
  a.png: { prompt: first }
  b.webp: { prompt: second, inputs: [a.png] }
`;

describe('imagegen build', () => {
  it('builds, prints the documented JSON, and is then up to date (exit 5 only while stale)', async () => {
    manifest(TWO);
    const check = await build(['--check']);
    expect(check.code).toBe(5);
    expect(check.stdout.trim().split('\n')).toEqual(['a.png\tnew', 'b.webp\tnew']);

    const dry = await build(['--dry-run', '--json'], { GEMINI_API_KEY: undefined });
    expect(dry.code).toBe(0);
    expect(dry.json()).toEqual({
      targets: [
        { path: 'a.png', action: 'create', reason: 'new', estimatedCostUsd: expect.any(Number) },
        { path: 'b.webp', action: 'create', reason: 'new', estimatedCostUsd: expect.any(Number) },
      ],
      estimatedCostUsd: expect.any(Number),
    });
    expect(fake.requests).toHaveLength(0);

    const run = await build(['--json']);
    expect(run.code).toBe(0);
    const doc = run.json<{ built: { path: string; entryId: string; reason: string }[]; kept: string[]; failures: unknown[]; skipped: unknown[]; costUsd: number }>();
    expect(Object.keys(doc)).toEqual(['built', 'kept', 'failures', 'skipped', 'costUsd']);
    expect(doc.built.map((b) => [b.path, b.reason])).toEqual([['a.png', 'new'], ['b.webp', 'new']]);
    expect(doc.costUsd).toBeGreaterThan(0);
    expect(run.stderr).toBe('');

    const again = await build(['--check']);
    expect(again.code).toBe(0);
    const show = await box.run(['show', doc.built[1]!.entryId, '--json']);
    expect(show.json<{ file: { path: string } }>().file.path).toBe(join(site, 'b.webp'));
  });

  it('prints one plain line per finished target when not on a terminal', async () => {
    manifest(TWO);
    const run = await build();
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^\[1\/2\] built a\.png \([0-9a-z]{8}\) \$\d/);
    expect(lines[1]).toMatch(/^\[2\/2\] built b\.webp /);
    expect(lines[2]).toMatch(/^2 built, 0 up to date · \$/);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('under --json a notice about an input reaches standard error and the document, as warnings', async () => {
    writeFileSync(join(site, 'old.bmp'), makeBmp({ width: 40, height: 30, bitsPerPixel: 24, pixel: () => [0, 200, 0, 255] }));
    manifest('version: 1\ntargets:\n  green.png: { prompt: greener, inputs: [old.bmp], size: 512 }\n');
    const run = await build(['--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = run.json<{ built: unknown[]; warnings: string[] }>();
    expect(doc.built).toHaveLength(1);
    expect(doc.warnings).toEqual([expect.stringContaining('BMP converted to PNG')]);
    expect(run.stderr).toContain('"warning"');
  });

  it('exits 2 naming target and field for a bad manifest, 4 when some targets fail, and prints its schema', async () => {
    manifest('version: 1\ntargets:\n  a.png: { prompt: x, colour: red }\n');
    const bad = await build();
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('target "a.png", field "colour": unknown field');

    manifest(`version: 1
defaults: { provider: gemini, size: 512 }
targets:
  ok.png: { prompt: fine }
  broken.png: { prompt: BROKEN }
`);
    fake.setDefault((req) => (fake.promptText(req).includes('BROKEN') ? { kind: 'status', status: 400 } : { kind: 'ok' }));
    const partial = await build(['--json']);
    expect(partial.code).toBe(4);
    expect(partial.json<{ failures: { path: string }[] }>().failures.map((f) => f.path)).toEqual(['broken.png']);

    const schema = await build(['--schema']);
    expect(schema.code).toBe(0);
    expect(schema.json<{ properties: Record<string, unknown> }>().properties).toHaveProperty('targets');

    const help = await box.run(['build', '--help']);
    expect(help.stdout).toContain('Examples:');
  });

  it('survives kill -9 at any moment: the lock stays valid, finished targets are not redone, no half-written file', async () => {
    const count = 10;
    manifest(`version: 1
defaults: { provider: gemini, size: 512 }
targets:
  "out/t-{n}.png": { prompt: "target {n}", matrix: { n: [${Array.from({ length: count }, (_, i) => i).join(', ')}] } }
`);
    fake.latencyMs = 120;
    const lockFile = join(site, 'imagegen.lock');
    const lockedCount = () => {
      try {
        return Object.keys((JSON.parse(readFileSync(lockFile, 'utf8')) as { targets: object }).targets).length;
      } catch {
        return 0;
      }
    };
    // Kill at three moments: with requests in flight before anything finished, after the first
    // target landed, and about half-way.
    const moments: [string, () => boolean][] = [
      ['first request sent', () => fake.requests.length >= 1],
      ['first target locked', () => lockedCount() >= 1],
      ['half built', () => lockedCount() >= count / 2],
    ];
    for (const [, reached] of moments) {
      rmSync(join(site, 'out'), { recursive: true, force: true });
      rmSync(lockFile, { force: true });
      fake.reset();
      const child = startCli(['build', '--concurrency', '3'], { cwd: site, env: box.env });
      const deadline = Date.now() + 20_000;
      while (!reached() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));

      // The lock is valid JSON, and every file it records holds the bytes it records.
      const before = existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, 'utf8')) as { targets: Record<string, { entryId: string; sha256: string }> }) : { targets: {} };
      expect(Object.keys(before.targets).length).toBeLessThan(count);
      for (const [path, entry] of Object.entries(before.targets)) expect(sha(join(site, path))).toBe(entry.sha256);
      // Every file at a target path is a whole PNG (written by rename, never in place).
      const written = existsSync(join(site, 'out')) ? readdirSync(join(site, 'out')).filter((n) => !n.startsWith('.')) : [];
      for (const name of written) {
        const bytes = readFileSync(join(site, 'out', name));
        expect(bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1')).toBe('IEND');
      }
      fake.reset();
      const next = await build(['--json']);
      expect(next.code).toBe(0);
      const doc = next.json<{ built: { path: string }[]; kept: string[] }>();
      // Nothing the lock had recorded was built (or paid for) again.
      expect(doc.built.map((b) => b.path).filter((p) => p in before.targets)).toEqual([]);
      // (It may keep more: a file written just before the kill is adopted from its catalog entry.)
      expect(doc.kept).toEqual(expect.arrayContaining(Object.keys(before.targets)));
      expect(doc.kept.length + doc.built.length).toBe(count);
      expect(fake.requests.length).toBe(doc.built.length);
      // Temp files the killed build left beside its targets were cleared by the next one.
      expect(readdirSync(join(site, 'out')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
  }, 60_000);
});

describe('progress and pace', () => {
  it('shows done/total, failures and dollars on a terminal', async () => {
    manifest(`version: 1
defaults: { provider: gemini, size: 512 }
targets:
  "t-{n}.png": { prompt: "target {n}", matrix: { n: [1, 2, 3] } }
  broken.png: { prompt: BROKEN }
`);
    fake.latencyMs = 300;
    fake.setDefault((req) => (fake.promptText(req).includes('BROKEN') ? { kind: 'status', status: 400 } : { kind: 'ok' }));
    const tty = sandbox({ GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: fake.url, NO_COLOR: '' });
    try {
      const { code, screen } = await onWideTerminal(tty.dir, tty.env, ['build', join(site, 'imagegen.yaml'), '--concurrency', '2']);
      expect(code).toBe(4);
      expect(screen).toMatch(/Building \d\/4/);
      expect(screen).toMatch(/1 failed/);
      expect(screen).toMatch(/\$0\.\d{3}/);
    } finally {
      tty.cleanup();
    }
  });

  it('generate -n shares the adaptive pool: all images made against a server that allows two in flight', async () => {
    const limiter = await limitInFlight(fake.url, { limit: 2 });
    try {
      fake.latencyMs = 50;
      const r = await box.run(['generate', 'a harbour', '-n', '8', '--json'], { env: { GOOGLE_GEMINI_BASE_URL: limiter.url, IMAGEGEN_RETRIES: '2' } });
      expect(r.code).toBe(0);
      expect(r.json<{ entries: unknown[]; failures: unknown[] }>().entries).toHaveLength(8);
      expect(limiter.throttled).toBeGreaterThan(0);
      expect(limiter.peak).toBeLessThanOrEqual(2);
    } finally {
      await limiter.close();
    }
  });
});

describe('-O/--output FILE', () => {
  it('writes exactly that file in its extension\'s format and refuses to overwrite without --force', async () => {
    const file = join(box.dir, 'assets', 'hero.webp');
    const first = await box.run(['generate', 'a lighthouse', '-O', 'assets/hero.webp', '--json']);
    expect(first.code).toBe(0);
    expect(readFileSync(file).subarray(8, 12).toString('latin1')).toBe('WEBP');
    const before = sha(file);
    const refused = await box.run(['generate', 'another', '-O', 'assets/hero.webp']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect(sha(file)).toBe(before);
    expect(fake.requests).toHaveLength(1);
    const forced = await box.run(['generate', 'another', '-O', 'assets/hero.webp', '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(sha(file)).not.toBe(before);
    const multi = await box.run(['generate', 'x', '-O', 'assets/x.png', '-n', '2']);
    expect(multi.code).toBe(2);
    expect(existsSync(join(box.out))).toBe(false);
  });
});
