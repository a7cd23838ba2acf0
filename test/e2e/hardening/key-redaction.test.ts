/**
 * The API key never leaves the process: a server error that quotes it (in words, in a `key=` URL)
 * and a base URL carrying user:password are redacted from what is printed (plain, --json and
 * IMAGEGEN_DEBUG=1 stack traces) and from what is stored (entries.error, every file in the home).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../catalog-probe.js';
import { KEY, useFakeGemini, type RunJson } from '../fake-session.js';
import type { CliResult, Sandbox } from '../cli.js';

const session = useFakeGemini();

/** Every byte the run left behind: the catalog (and its WAL), blobs, outputs. */
function leftBehind(box: Sandbox): string {
  return [box.home, box.out].flatMap((dir) => filesUnder(dir).map((f) => readFileSync(join(dir, f)).toString('latin1'))).join('\n');
}

function storedErrors(box: Sandbox): string[] {
  const db = new Database(join(box.home, 'catalog.db'), { readonly: true });
  try {
    return db.prepare('SELECT error FROM entries WHERE error IS NOT NULL').pluck().all() as string[];
  } finally {
    db.close();
  }
}

function expectNoSecret(r: CliResult, box: Sandbox, secret: string): void {
  expect(r.stdout).not.toContain(secret);
  expect(r.stderr).not.toContain(secret);
  expect(leftBehind(box)).not.toContain(secret);
}

describe('a 5xx whose message contains the key', () => {
  const quoting = `Backend error while serving https://generativelanguage.googleapis.com/v1beta/models/m:generateContent?alt=json&key=${KEY} for API key ${KEY}`;

  for (const mode of [['--json'], []]) {
    it(`is redacted everywhere ${mode.length ? 'under --json' : 'in plain output'}, with IMAGEGEN_DEBUG=1`, async () => {
      const { fake, box } = session;
      fake.setDefault({ kind: 'status', status: 503, message: quoting });
      const r = await box.run(['generate', 'a lighthouse', ...mode], { env: { IMAGEGEN_DEBUG: '1' } });
      expect(r.code).toBe(1);
      expectNoSecret(r, box, KEY);
      expect(r.stderr).toContain('[REDACTED]');
      const errors = storedErrors(box);
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e).toContain('key=[REDACTED]');
      if (mode.length) expect(r.json<RunJson>().failures[0]!.error.message).toContain('[REDACTED]');
    });
  }
});

it('a base URL with user:password in it is not printed or stored', async () => {
  const { fake, box } = session;
  const url = new URL(fake.url);
  const withCredentials = `http://someone:hunter2-password@${url.host}`;
  const r = await box.run(['generate', 'a lighthouse', '--json'], { env: { GOOGLE_GEMINI_BASE_URL: withCredentials, IMAGEGEN_DEBUG: '1' } });
  expect(r.code).not.toBe(0);
  expectNoSecret(r, box, 'hunter2-password');
});
