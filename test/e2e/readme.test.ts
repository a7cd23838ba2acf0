/**
 * The README's examples, run as a new user would: every ```sh block, in order, in one sandbox,
 * with `npx imagegen` and `imagegen` pointing at this checkout's binary and Gemini faked on
 * loopback. An example that fails fails the test, so the README cannot rot.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server.js';
import { BIN, sandbox, type Sandbox } from './cli.js';

function shBlocks(markdown: string): { line: number; script: string }[] {
  const blocks: { line: number; script: string }[] = [];
  const pattern = /^```sh\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length, script: match[1]! });
  }
  return blocks;
}

function runBash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', script], { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

let fake: FakeGemini;
let box: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeGemini();
  box = sandbox({ GOOGLE_GEMINI_BASE_URL: fake.url });
  // Shims so that `npx imagegen …` and `imagegen …` run this checkout's binary.
  const shims = join(box.dir, 'shims');
  mkdirSync(shims);
  writeFileSync(join(shims, 'imagegen'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  writeFileSync(join(shims, 'npx'), `#!/bin/sh\n[ "$1" = imagegen ] && shift\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shims, 'imagegen'), 0o755);
  chmodSync(join(shims, 'npx'), 0o755);
  if (existsSync('fixtures')) cpSync('fixtures', join(box.dir, 'fixtures'), { recursive: true });
  // Batch examples poll the fake's short-lived jobs quickly instead of every 30 s.
  env = { ...box.env, PATH: `${shims}:${box.env.PATH}`, IMAGEGEN_BATCH_POLL_MS: '50' };
  delete env.IMAGEGEN_OUT; // the README relies on the default ./imagegen-output
});
afterAll(async () => {
  box.cleanup();
  await fake.close();
});

describe('README examples', () => {
  const blocks = shBlocks(readFileSync('README.md', 'utf8'));

  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  // One test per block, run in order: later blocks use what earlier ones made, and the
  // `export`s a reader typed in an earlier block, as in one terminal session.
  const exported: string[] = [];
  for (const block of blocks) {
    it(`README.md:${block.line}`, async () => {
      const result = await runBash([...exported, block.script].join('\n'), box.dir, env);
      exported.push(...block.script.split('\n').filter((line) => line.startsWith('export ')));
      expect(result.code, `README.md line ${block.line} failed:\n${block.script}\n---\n${result.output}`).toBe(0);
    });
  }

  it('the first example wrote a placeholder PNG into ./imagegen-output', () => {
    expect(existsSync(join(box.dir, 'imagegen-output'))).toBe(true);
  });
});
