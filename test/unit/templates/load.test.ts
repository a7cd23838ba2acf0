/** Finding templates: built-ins, YAML files in <home>/templates, and clear errors for broken files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTemplate, loadAllTemplates } from '../../../src/core/template-files.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'imagegen-templates-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function write(name: string, text: string): string {
  mkdirSync(join(home, 'templates'), { recursive: true });
  const path = join(home, 'templates', name);
  writeFileSync(path, text);
  return path;
}

describe('loading templates', () => {
  it('lists the built-ins when the home has no templates folder', async () => {
    const all = await loadAllTemplates(home);
    expect(all.map((t) => t.name)).toEqual(['white-background', 'change-background', 'ai-model', 'real-model', 'campaign']);
    expect(all.every((t) => t.source === 'builtin')).toBe(true);
  });

  it('reads .yaml and .yml files named after their template; a user file replaces a built-in', async () => {
    const mine = write('poster.yml', 'description: A poster.\nprompt: Make a poster.\n');
    const override = write('white-background.yaml', 'description: My white background.\nroles:\n  - name: item\n    description: the item\nprompt: Put the item on white.\n');
    write('notes.txt', 'not a template');
    const all = await loadAllTemplates(home);
    expect(all.map((t) => [t.name, t.source])).toEqual([
      ['white-background', override],
      ['change-background', 'builtin'],
      ['ai-model', 'builtin'],
      ['real-model', 'builtin'],
      ['campaign', 'builtin'],
      ['poster', mine],
    ]);
    expect((await findTemplate(home, 'Poster')).lines[0]!.text).toBe('Make a poster.');
    expect((await findTemplate(home, 'white-background')).roles[0]!.name).toBe('item');
  });

  it('names the file, line and column of a YAML syntax error', async () => {
    const path = write('bad.yaml', 'description: ok\nprompt:\n  - one\n   - two: [\n');
    await expect(findTemplate(home, 'bad')).rejects.toThrow(new RegExp(`^Template file ${path} is invalid: it is not valid YAML \\(line \\d+, column \\d+\\): `));
    await expect(loadAllTemplates(home)).rejects.toMatchObject({ code: 'TEMPLATE_INVALID', exitCode: 2 });
  });

  it('refuses an empty file and duplicate keys', async () => {
    write('empty.yaml', '');
    await expect(findTemplate(home, 'empty')).rejects.toThrow('it must be a mapping of keys to values');
    write('twice.yaml', 'description: a\ndescription: b\nprompt: x\n');
    await expect(findTemplate(home, 'twice')).rejects.toThrow(/it is not valid YAML .*[Mm]ap keys must be unique/);
  });

  it('an unknown name lists the templates there are, the user\'s included', async () => {
    write('poster.yaml', 'description: A poster.\nprompt: Make a poster.\n');
    await expect(findTemplate(home, 'constructor')).rejects.toMatchObject({ code: 'UNKNOWN_TEMPLATE', exitCode: 2, hint: expect.stringContaining('ai-model, campaign, change-background, poster, real-model, white-background') });
  });
});

describe('template files are read to a limit', () => {
  it('a template file over 256 KiB is refused, naming the file and the limit', async () => {
    const path = write('huge.yaml', `description: Huge.\nprompt: ${'x'.repeat(300 * 1024)}\n`);
    await expect(findTemplate(home, 'huge')).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*larger than 256 KiB`)) });
  });
});
