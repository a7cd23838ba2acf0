/** When the CLI may ask a question: only a person at a terminal, never a script, --json or CI. */
import { describe, expect, it } from 'vitest';
import { canAsk } from '../../src/cli/interactive.js';

describe('canAsk', () => {
  const terminal = { stdinIsTTY: true, stderrIsTTY: true, json: false, env: {} };
  it('asks a person at a terminal', () => {
    expect(canAsk(terminal)).toBe(true);
    expect(canAsk({ ...terminal, env: { NO_COLOR: '1' } })).toBe(true);
  });
  it.each([
    ['stdin is piped', { stdinIsTTY: false }],
    ['stderr is redirected', { stderrIsTTY: false }],
    ['--json', { json: true }],
    ['CI', { env: { CI: 'true' } }],
  ])('never when %s', (_label, change) => {
    expect(canAsk({ ...terminal, ...change })).toBe(false);
  });
});
