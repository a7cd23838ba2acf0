/** NO_COLOR on a terminal removes colour only: list still draws its table. */
import { describe, expect, it } from 'vitest';
import { Output } from '../../../src/cli/render/output.js';
import { renderList } from '../../../src/cli/render/list.js';
import type { Entry } from '../../../src/core/types.js';

function terminal() {
  const chunks: string[] = [];
  const stream = { isTTY: true, columns: 100, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const entry = { id: 'abcd1234', name: 'Lighthouse Dawn', kind: 'generate', status: 'completed', emotion: 'calm', createdAt: new Date().toISOString(), file: null } as unknown as Entry;

async function render(env: Record<string, string>) {
  const out = terminal();
  const err = terminal();
  const output = new Output({ json: false, env, streams: { stdout: out.stream, stderr: err.stream } });
  await renderList(output, { entries: [entry], total: 1, totalIsLowerBound: false, page: 1, limit: 20 }, { idsOnly: false });
  return { output, stdout: out.text() };
}

describe('NO_COLOR on a terminal', () => {
  it('keeps the table and drops the colour', async () => {
    const plain = await render({ NO_COLOR: '1' });
    expect(plain.output.stdoutIsTerminal).toBe(true);
    expect(plain.output.colour).toBe(false);
    expect(plain.stdout).toContain('┌');
    expect(plain.stdout).toContain('Lighthouse Dawn');
    // eslint-disable-next-line no-control-regex
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    const coloured = await render({});
    expect(coloured.output.colour).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(coloured.stdout).toMatch(/\u001b\[/);
  });
});
