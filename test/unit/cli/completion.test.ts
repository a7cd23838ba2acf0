/** Completion candidates, from the spec commander gives, with values from the tables and the home. */
import { processIo } from '../../../src/cli/io.js';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { commandSpec, type CommandSpec } from '../../../src/cli/completion/spec.js';
import { complete } from '../../../src/cli/completion/complete.js';

const state = { signal: new AbortController().signal, io: processIo(), exitCode: 0 };
const sources = { recentIds: () => ['k2rw68kt', 'a7b8c9d0'], identities: () => ['ana'], userTemplates: () => ['my-shot'] };
let spec: CommandSpec | undefined;
async function candidates(...words: string[]): Promise<string[]> {
  spec ??= commandSpec(await buildProgram(state, []));
  return complete(spec, words, sources);
}

describe('imagegen __complete', () => {
  it('completes commands and their flags', async () => {
    expect(await candidates('')).toEqual(expect.arrayContaining(['generate', 'list', 'show', 'templates', 'config', 'completion']));
    expect(await candidates('re')).toEqual(['reference', 'regenerate', 'retry', 'rename']);
    expect(await candidates('generate', '--as')).toEqual(['--aspect']);
    expect(await candidates('list', '--')).toEqual(expect.arrayContaining(['--kind', '--template', '--tag', '--json', '--home', '--help']));
  });

  it('completes the values of enumerated flags', async () => {
    expect(await candidates('generate', '-a', '16')).toEqual(['16:9']);
    expect(await candidates('generate', '--size', '')).toEqual(expect.arrayContaining(['512', '1K', '2K', '4K']));
    expect(await candidates('generate', 'a fox', '--emotion', 'm')).toEqual(['mysterious', 'melancholic']);
    expect(await candidates('generate', '--style', 'pi')).toEqual(['pixel-art']);
    expect(await candidates('list', '--kind', '')).toEqual(['generate', 'modify', 'reference', 'regenerate']);
    expect(await candidates('list', '--template', '')).toEqual(['ai-model', 'campaign', 'change-background', 'my-shot', 'real-model', 'white-background']);
    expect(await candidates('reference', 'x', '--type', '')).toEqual(['subject', 'face', 'full_image']);
  });

  it('completes ids, template names, identities, config keys and shells where the arguments take them', async () => {
    expect(await candidates('show', '')).toEqual(['last', 'k2rw68kt', 'a7b8c9d0']);
    expect(await candidates('delete', 'k2rw68kt', 'a')).toEqual(['a7b8c9d0']);
    expect(await candidates('regenerate', 'k')).toEqual(['k2rw68kt']);
    expect(await candidates('regenerate', 'k2rw68kt', '')).toEqual([]);
    expect(await candidates('modify', 'x', '-i', '')).toEqual(['last', 'k2rw68kt', 'a7b8c9d0']);
    expect(await candidates('templates', 'run', 'w')).toEqual(['white-background']);
    expect(await candidates('templates', 'show', 'my')).toEqual(['my-shot']);
    expect(await candidates('identity', 'show', '')).toEqual(['ana']);
    expect(await candidates('generate', 'x', '--identity', '')).toEqual(['ana']);
    expect(await candidates('config', 'set', '')).toEqual(['out', 'model', 'provider']);
    expect(await candidates('config', 'set', 'provider', 'o')).toEqual(['offline']);
    expect(await candidates('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await candidates('--home', '/tmp/x', 'sho')).toEqual(['show']);
  });
});
