/**
 * Interactive fill-in: off a terminal a missing prompt or --type is a usage error (never a hang);
 * on a real pseudo-terminal (util-linux `script`) the CLI asks for them.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, useFakeGemini, type RunJson } from './fake-session.js';
import { put, solidPng } from './images.js';
import { onTerminal } from './terminal.js';

const s = useFakeGemini();

describe('off a terminal', () => {
  it.each([
    ['generate', []],
    ['modify', ['-i', 'p.png']],
    ['reference', ['-i', 'p.png', '--type', 'face']],
    ['regenerate', ['abcd1234']],
  ])('%s without a prompt exits 2 at once', async (command, args) => {
    put(s.box, 'p.png', await solidPng(16, 16, '#ffffff'));
    const r = await s.box.run([command, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${command} needs a prompt`);
    expect(s.fake.requests).toHaveLength(0);
  });

  it('--json never asks, even for a missing --type', async () => {
    put(s.box, 'p.png', await solidPng(16, 16, '#ffffff'));
    const r = await s.box.run(['reference', 'x', '-i', 'p.png', '--json']);
    expect([r.code, errorOf(r).code]).toEqual([2, 'MISSING_REFERENCE_TYPE']);
  });
});

describe('on a terminal', () => {
  it('reference asks for the prompt and the focus mode, then runs', async () => {
    put(s.box, 'p.png', await solidPng(64, 64, '#996633'));
    const r = await onTerminal(s.box, ['reference', '-i', 'p.png'], [
      [/Prompt:/, 'a quiet harbour at dusk\r'],
      [/keep from the reference\?/, '\x1b[B\r'], // down to "face", then enter
    ]);
    expect(r.code, r.screen).toBe(0);
    const entry = (await s.box.run(['list', '--json'])).json<RunJson>().entries[0]!;
    expect([entry.prompt, entry.referenceType, entry.kind]).toEqual(['a quiet harbour at dusk', 'face', 'reference']);
    expect(s.fake.promptText(s.fake.requests[0]!)).toContain('facial structure');
  });

  it('Ctrl-C at the question exits 130 and makes nothing', async () => {
    const r = await onTerminal(s.box, ['generate'], [[/Prompt:/, '\x03']]);
    expect(r.code, r.screen).toBe(130);
    expect(s.fake.requests).toHaveLength(0);
  });
});
