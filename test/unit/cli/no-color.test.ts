/** NO_COLOR on a terminal removes colour only: list still draws its table. */
import { describe, expect, it } from 'vitest';
import { Output } from '../../../src/cli/render/output.js';
import { renderList } from '../../../src/cli/render/list.js';
import type { Entry } from '../../../src/domain/entry.js';

function terminal() {
  const chunks: string[] = [];
  const stream = { isTTY: true, columns: 100, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const entry = { id: 'abcd1234', name: 'Lighthouse Dawn', kind: 'generate', status: 'completed', emotion: 'calm', createdAt: new Date().toISOString(), file: null } as unknown as Entry;

async function render(env: Record<string, string>, counts = { total: 1, totalIsLowerBound: false }) {
  const out = terminal();
  const err = terminal();
  const output = new Output({ json: false, env, streams: { stdout: out.stream, stderr: err.stream } });
  await renderList(output, { entries: [entry], ...counts, page: 1, limit: 20 }, { idsOnly: false, cwd: process.cwd() });
  return { output, stdout: out.text(), stderr: err.text() };
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

describe('a capped total on a terminal', () => {
  it('reads "1,000+"', async () => {
    const { stderr } = await render({ NO_COLOR: '1' }, { total: 1000, totalIsLowerBound: true });
    expect(stderr).toContain('page 1 of 50+ · 1,000+ entries');
    expect((await render({ NO_COLOR: '1' })).stderr).toContain('page 1 of 1 · 1 entry');
  });
});
