/** The one escaping helper for text printed to people: control characters become visible \xNN. */
import { expect, it } from 'vitest';
import { escapeControls, escapeInline, escapeKeepingColour } from '../../../src/cli/render/safe-text.js';

it('escapes C0 (but tab and newline), DEL and C1; leaves other text alone', () => {
  expect(escapeControls('a\u001b]0;title\u0007b\u009b31mc\rd\u007fe\u0008f')).toBe('a\\x1b]0;title\\x07b\\x9b31mc\\x0dd\\x7fe\\x08f');
  expect(escapeControls('line one\n\tline two — café 🦊')).toBe('line one\n\tline two — café 🦊');
});

it('escapeInline escapes newlines and tabs too (one value inside a line)', () => {
  expect(escapeInline('a\nb\tc')).toBe('a\\x0ab\\x09c');
});

it('escapeKeepingColour keeps colour codes and escapes every other control', () => {
  const ours = '\u001b[1mbold\u001b[22m';
  expect(escapeKeepingColour(`${ours} \u001b]8;;https://x\u0007link \u001b[2J`)).toBe(`${ours} \\x1b]8;;https://x\\x07link \\x1b[2J`);
});
