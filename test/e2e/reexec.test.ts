/**
 * bin/imagegen.js started by an old Node re-runs itself with the package's own Node 24: from
 * another folder, through a shell script and a symlink (as `npm link` and `npm install -g` leave
 * it), with the exit code and signals passed through. Without a packaged Node it refuses in one
 * line. These run the machine's own old Node when it has one (the point of the feature).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useFakeGemini } from './fake-session.js';
import { BIN } from './cli.js';

function oldNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    const r = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (r.status === 0 && Number(r.stdout.split('.')[0]) < 22) return candidate;
  }
  return undefined;
}

const OLD = oldNode();
const session = useFakeGemini();

function run(cmd: string, args: string[], env: Record<string, string>, cwd: string) {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
}

describe.skipIf(!OLD)('an old Node re-runs imagegen with the packaged Node', () => {
  let env: Record<string, string>;
  beforeEach(() => {
    env = { ...session.box.env, PATH: `/usr/bin:/bin` };
  });

  it('works from another folder, with the exit code passed through', () => {
    const version = run(OLD!, [BIN, '--version'], env, session.box.dir);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const made = run(OLD!, [BIN, 'generate', 'a pear', '--provider', 'offline', '--json'], env, session.box.dir);
    expect(made.status, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout).entries).toHaveLength(1);
    const missing = run(OLD!, [BIN, 'show', 'zzzzzzzz'], env, session.box.dir);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('No entry');
    expect(missing.stderr).not.toContain('needs Node.js');
  });

  it('works through a shell script and an npm-link style symlink on PATH', () => {
    const binDir = join(session.box.dir, 'global-bin');
    mkdirSync(binDir);
    symlinkSync(BIN, join(binDir, 'imagegen'));
    const script = join(session.box.dir, 'make.sh');
    writeFileSync(script, '#!/bin/sh\nimagegen generate "a plum" --provider offline --json >/dev/null || exit 9\nimagegen list --ids\nimagegen show zzzzzzzz\necho "code=$?"\n');
    chmodSync(script, 0o755);
    // PATH puts the old Node first, so the symlink's `#!/usr/bin/env node` starts it.
    const r = run('/bin/sh', [script], { ...env, PATH: `${binDir}:/usr/bin:/bin` }, session.box.dir);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^[0-9a-z]{8}$/);
    expect(lines[1]).toBe('code=3');
  });

  it('passes SIGTERM to the real process, which ends as interrupted (130)', async () => {
    session.fake.setDefault({ kind: 'hang' });
    const child = spawn(OLD!, [BIN, 'generate', 'a long night', '--json'], { cwd: session.box.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await session.fake.waitForRequests(1, 15_000);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('INTERRUPTED');
  });

  it('a terminal Ctrl-C (SIGINT to the whole process group) counts once: the run ends gracefully', async () => {
    session.fake.setDefault({ kind: 'hang' });
    const child = spawn(OLD!, [BIN, 'generate', 'a long night', '--json'], { cwd: session.box.dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await session.fake.waitForRequests(1, 15_000);
    // As a terminal does: the wrapper and the real process both get it, and the wrapper forwards its own.
    process.kill(-child.pid!, 'SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    // The graceful path reports the interruption (a second Ctrl-C ends it silently).
    expect(stderr).toContain('INTERRUPTED');
  });

  it('ends with the signal that ended the real process', async () => {
    session.fake.setDefault({ kind: 'hang' });
    const child = spawn(OLD!, [BIN, 'generate', 'a long night', '--json'], { cwd: session.box.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    await session.fake.waitForRequests(1, 15_000);
    // imagegen has no SIGHUP handler: the real process dies of it, and so must the wrapper.
    child.kill('SIGHUP');
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, s) => resolve(s)));
    expect(signal).toBe('SIGHUP');
  });

  it('refuses in one line when the package has no Node of its own', () => {
    const pkg = join(session.box.dir, 'bare-package');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    copyFileSync(BIN, join(pkg, 'bin', 'imagegen.js'));
    copyFileSync(join(dirname(BIN), 'package.json'), join(pkg, 'bin', 'package.json'));
    writeFileSync(join(pkg, 'package.json'), '{"type":"module","version":"0.0.0"}');
    const r = run(OLD!, [join(pkg, 'bin', 'imagegen.js'), 'list'], env, session.box.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^imagegen needs Node\.js 22 or newer; this is Node\.js \d+\./);
  });
});
