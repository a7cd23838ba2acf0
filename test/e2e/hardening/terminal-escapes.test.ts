/**
 * Names and prompts with terminal escape sequences are stored as given but never printed raw:
 * list, show and tree (piped and on a terminal) and error messages show them as visible \xNN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../cli.js';
import { onTerminal } from '../terminal.js';

const NAME = 'Evil\u001b]0;pwned\u0007\u001b[2J\u009b31mName';
const PROMPT = 'a lighthouse \u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007 at\rdawn\u007f';
/** ESC, BEL, CSI (C1), DEL, carriage return: none may reach the screen raw. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0007\u001b\u007f\u009b\r]/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

let box: Sandbox;
let id: string;
beforeAll(async () => {
  box = sandbox();
  const r = await box.run(['generate', PROMPT, '--name', NAME, '--provider', 'offline', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const entry = r.json<{ entries: { id: string; name: string; prompt: string }[] }>().entries[0]!;
  id = entry.id;
  // Stored (and returned as JSON) exactly as given.
  expect(entry.name).toBe(NAME);
  expect(entry.prompt).toBe(PROMPT);
});
afterAll(() => box.cleanup());

describe('piped output', () => {
  for (const args of [['list'], ['list', '--status', 'all'], ['show', 'last'], ['tree', 'last']]) {
    it(`${args.join(' ')} shows control characters as visible escapes`, async () => {
      const r = await box.run(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stderr).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain('Evil\\x1b]0;pwned\\x07\\x1b[2J\\x9b31mName');
    });
  }

  it('show prints the prompt escaped', async () => {
    const r = await box.run(['show', id]);
    expect(r.stdout).toContain('a lighthouse \\x1b]8;;https://evil.example/\\x07click');
  });

  it('an error message quoting what the user typed is escaped too', async () => {
    const r = await box.run(['show', 'zz\u001b]0;x\u0007']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('zz\\x1b]0;x\\x07');
  });
});

describe('on a terminal, with colour', () => {
  for (const args of [['list'], ['show', 'last'], ['tree', 'last']]) {
    it(`${args.join(' ')} keeps its own colours and escapes the rest`, async () => {
      const { code, screen } = await onTerminal(box, args, [], { columns: 160, env: { NO_COLOR: '' } });
      expect(code).toBe(0);
      // Really the colour path: our own colour codes are there.
      expect(screen).toMatch(new RegExp(SGR.source));
      expect(screen).toContain('Evil');
      // The terminal itself turns each newline into CR LF.
      expect(screen.replace(SGR, '').replace(/\r\n/g, '\n')).not.toMatch(RAW_CONTROL);
      expect(screen).toContain('\\x1b]0;pwned\\x07');
    });
  }
});
