/**
 * Workflow templates end to end: each jewellery workflow in one command against the fake Gemini,
 * images sent in role order byte for byte, template and roles recorded; user YAML templates; and
 * every refusal (exit 2, nothing sent, nothing written).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, footprint, sha256, useFakeGemini, type RunJson, type ShownJson } from './fake-session.js';

const s = useFakeGemini();

const FIXTURE = (name: string) => resolve('fixtures', name);
const bytesOf = (name: string) => sha256(readFileSync(FIXTURE(name)));

/** Runs a template with --json, checks it made one entry, and returns it with the request sent. */
async function runTemplate(args: string[]) {
  const r = await s.box.run(['templates', 'run', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(s.fake.requests).toHaveLength(1);
  const req = s.fake.requests[0]!;
  const entry = r.json<RunJson>().entries[0]!;
  const shown = (await s.box.run(['show', entry.id, '--json'])).json<ShownJson>();
  return { entry, shown, prompt: s.fake.promptText(req), sent: s.fake.imageParts(req).map((p) => sha256(p.data)), aspect: s.fake.generationConfig(req).imageConfig?.aspectRatio };
}

describe('the five jewellery workflows', () => {
  it('white-background: one ornament, a product shot on pure white', async () => {
    const { entry, shown, prompt, sent } = await runTemplate(['white-background', '-i', `ornament=${FIXTURE('ring.png')}`]);
    expect(sent).toEqual([bytesOf('ring.png')]);
    expect(prompt).toMatch(/^Image 1 is the ornament\. /);
    expect(prompt).toContain('pure white (#FFFFFF)');
    expect([entry.kind, entry.template, entry.prompt, entry.name]).toEqual(['modify', 'white-background', '', 'White background']);
    expect(shown.template).toBe('white-background');
    expect(shown.inputs.map((i) => [i.role, i.sha256])).toEqual([['ornament', bytesOf('ring.png')]]);
  });

  it('change-background to a colour given as a parameter', async () => {
    const { entry, prompt, sent } = await runTemplate(['change-background', '-i', FIXTURE('ring.png'), '--param', 'colour=deep navy blue']);
    expect(sent).toEqual([bytesOf('ring.png')]);
    expect(prompt).toContain('plain deep navy blue studio backdrop');
    expect(prompt).not.toContain('background image');
    expect(entry.metadata.templateParams).toEqual({ colour: 'deep navy blue' });
    expect(entry.inputs.map((i) => i.role)).toEqual(['ornament']); // a bare -i goes to the first role
  });

  it('change-background to a background image: ornament first, then the scene', async () => {
    const { shown, prompt, sent } = await runTemplate(['change-background', '-i', `background=${FIXTURE('beach.jpg')}`, '-i', `ornament=${FIXTURE('ring.png')}`]);
    expect(sent).toEqual([bytesOf('ring.png'), bytesOf('beach.jpg')]);
    expect(prompt).toContain('Image 1 is the ornament. Image 2 is the new background.');
    expect(prompt).toContain('scene of the background image');
    expect(shown.inputs.map((i) => i.role)).toEqual(['ornament', 'background']);
  });

  it('ai-model: an AI model wearing the ornament, with the user\'s words, a pose and a size', async () => {
    const { entry, prompt, sent, aspect } = await runTemplate([
      'ai-model',
      'summer editorial, golden hour',
      '-i',
      `pose=${FIXTURE('model.jpg')}`,
      '-i',
      `ornament=${FIXTURE('necklace.png')}`,
      '--param',
      'size=45 cm chain',
    ]);
    expect(sent).toEqual([bytesOf('necklace.png'), bytesOf('model.jpg')]);
    expect(prompt).toContain('a professional fashion model wearing the ornament');
    expect(prompt).toContain("The ornament's real size is 45 cm chain");
    expect(prompt).toContain('Follow the pose and framing of the pose reference.');
    expect(prompt.endsWith('summer editorial, golden hour')).toBe(true);
    expect(aspect).toBe('3:4'); // the template's aspect ratio when -a is not given
    expect([entry.prompt, entry.template, entry.aspectRatio]).toEqual(['summer editorial, golden hour', 'ai-model', '3:4']);
  });

  it('real-model: the given person wearing the ornament', async () => {
    const { shown, prompt, sent } = await runTemplate(['real-model', '-i', `model=${FIXTURE('model.jpg')}`, '-i', `ornament=${FIXTURE('necklace.png')}`, '-a', '1:1']);
    expect(sent).toEqual([bytesOf('necklace.png'), bytesOf('model.jpg')]);
    expect(prompt).toContain('Image 2 is a photo of the model.');
    expect(prompt).toContain('clearly recognisable');
    expect(prompt).toContain('natural, elegant pose'); // no pose image given
    expect(shown.aspectRatio).toBe('1:1');
    expect(shown.inputs.map((i) => i.role)).toEqual(['ornament', 'model']);
  });

  it('campaign: several named ornaments, an AI model, a theme image', async () => {
    const { entry, shown, prompt, sent } = await runTemplate([
      'campaign',
      'festive evening party',
      '-i',
      `theme=${FIXTURE('beach.jpg')}`,
      '-i',
      `ornament=${FIXTURE('ring.png')}`,
      '-i',
      `ornament=${FIXTURE('necklace.png')}`,
      '--param',
      'names=Ruby ring, Pearl necklace',
    ]);
    expect(sent).toEqual([bytesOf('ring.png'), bytesOf('necklace.png'), bytesOf('beach.jpg')]);
    expect(prompt).toContain('Image 1 is an ornament of the collection "Ruby ring" (1 of 2). Image 2 is an ornament of the collection "Pearl necklace" (2 of 2). Image 3 is a theme reference.');
    expect(prompt).toContain('The model is a professional fashion model');
    expect(prompt).toContain('from the theme references');
    expect(shown.inputs.map((i) => i.role)).toEqual(['ornament', 'ornament', 'theme']);
    expect(entry.template).toBe('campaign');
  });

  it('campaign with a real model: the model photos follow the ornaments', async () => {
    const { prompt, sent, shown } = await runTemplate(['campaign', '-i', `ornament=${FIXTURE('ring.png')}`, '-i', `model=${FIXTURE('model.jpg')}`]);
    expect(sent).toEqual([bytesOf('ring.png'), bytesOf('model.jpg')]);
    expect(prompt).toContain('The model is the person in the model photos');
    expect(prompt).not.toContain('professional fashion model');
    expect(shown.inputs.map((i) => i.role)).toEqual(['ornament', 'model']);
  });

  it('an earlier entry can fill a role by its id, and regenerating a template entry keeps its template', async () => {
    const first = (await s.box.run(['templates', 'run', 'white-background', '-i', FIXTURE('ring.png'), '--json'])).json<RunJson>().entries[0]!;
    s.fake.reset();
    const second = await runTemplate(['change-background', '-i', `ornament=${first.id}`, '--param', 'colour=ivory']);
    expect(second.sent).toEqual([first.file!.sha256]);
    expect(second.shown.inputs[0]).toMatchObject({ role: 'ornament', entryId: first.id });
    s.fake.reset();
    const again = await s.box.run(['regenerate', second.entry.id, 'softer light', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json<RunJson>().entries[0]!.template).toBe('change-background');

    // Templates are a filter and a breakdown of their own.
    const listed = (await s.box.run(['list', '--template', 'change-background', '--json'])).json<{ entries: { id: string }[]; total: number }>();
    expect(listed.entries.map((e) => e.id)).toEqual([again.json<RunJson>().entries[0]!.id, second.entry.id]);
    expect(listed.total).toBe(2);
    const stats = (await s.box.run(['stats', '--json'])).json<{ byTemplate: { value: string; entries: number }[] }>();
    expect(stats.byTemplate.map((g) => [g.value, g.entries])).toEqual([['change-background', 2], ['white-background', 1]]);
  });
});

describe('listing and explaining', () => {
  it('templates lists the five built-ins; show explains roles, parameters and an example', async () => {
    const list = await s.box.run(['templates', '--json']);
    expect(list.code).toBe(0);
    const body = list.json<{ templates: { name: string; source: string }[]; folder: string }>();
    expect(body.templates.map((t) => t.name)).toEqual(['white-background', 'change-background', 'ai-model', 'real-model', 'campaign']);
    expect(body.folder).toBe(join(s.box.home, 'templates'));
    const shown = (await s.box.run(['templates', 'show', 'campaign', '--json'])).json<{ roles: { name: string; max: number; identity: boolean }[]; params: { name: string }[]; example: string; preview: string }>();
    expect(shown.roles.map((r) => [r.name, r.max, r.identity])).toEqual([['ornament', 6, false], ['model', 5, true], ['theme', 3, false]]);
    expect(shown.params.map((p) => p.name)).toEqual(['names', 'persona']);
    expect(shown.example).toMatch(/^imagegen templates run campaign /);
    expect(shown.preview).toMatch(/^Image 1 is an ornament of the collection\. /);
    const text = await s.box.run(['template', 'show', 'change-background']);
    expect(text.stdout).toContain('Give exactly one of: colour, background.');
    expect(text.stdout).toContain('$ imagegen templates run change-background');
    expect(s.fake.requests).toHaveLength(0);
  });

  it('every templates command has --help with examples', async () => {
    for (const args of [['templates'], ['templates', 'list'], ['templates', 'show'], ['templates', 'run']]) {
      const r = await s.box.run([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/Examples:\n\s+\$ imagegen templates/);
    }
  });
});

describe('user templates', () => {
  const STICKER = `description: A die-cut sticker of a pet.
roles:
  - name: pet
    description: a photo of the pet
    required: true
    intro: the pet
  - name: style
    description: example stickers whose drawing style to copy
    repeatable: true
    max: 2
params:
  - name: outline
    description: the outline colour
    default: white
    choices: [white, black]
prompt:
  - Turn the pet into a die-cut sticker with a thick {outline} outline.
  - text: Copy the drawing style of the style examples.
    when: style
`;

  it('a YAML file in <home>/templates runs like a built-in and is listed with its file', async () => {
    mkdirSync(join(s.box.home, 'templates'), { recursive: true });
    const file = join(s.box.home, 'templates', 'sticker.yaml');
    writeFileSync(file, STICKER);
    const { entry, prompt, sent } = await runTemplate(['sticker', 'make it cute', '-i', `pet=${FIXTURE('face1.jpg')}`, '--param', 'outline=black']);
    expect(sent).toEqual([bytesOf('face1.jpg')]);
    expect(prompt).toBe('Image 1 is the pet. Turn the pet into a die-cut sticker with a thick black outline. make it cute');
    expect([entry.template, entry.metadata.templateFile]).toEqual(['sticker', file]);
    const list = (await s.box.run(['templates', '--json'])).json<{ templates: { name: string; source: string }[] }>();
    expect(list.templates.at(-1)).toMatchObject({ name: 'sticker', source: file });
  });

  it.each([
    ['a missing field', STICKER.replace('    description: a photo of the pet\n', ''), 'roles[0].description is missing'],
    ['a misspelt field', STICKER.replace('repeatable: true', 'repeatabel: true'), 'roles[1].repeatabel is not a known field'],
    ['an unknown placeholder', STICKER.replace('{outline}', '{outlne}'), 'prompt[0] uses {outlne}'],
    ['a bad default', STICKER.replace('default: white', 'default: red'), 'params[0].default "red" is not one of the choices'],
    ['broken YAML', STICKER.replace('  - name: style', '  - name: style: oops'), 'it is not valid YAML (line 7, column'],
  ])('a broken file is refused with the file and the field: %s', async (_label, yaml, expected) => {
    mkdirSync(join(s.box.home, 'templates'), { recursive: true });
    const file = join(s.box.home, 'templates', 'sticker.yaml');
    writeFileSync(file, yaml);
    for (const args of [['templates', 'run', 'sticker', '-i', FIXTURE('face1.jpg')], ['templates']]) {
      const r = await s.box.run([...args, '--json']);
      expect(r.code).toBe(2);
      const err = errorOf(r);
      expect(err.code).toBe('TEMPLATE_INVALID');
      expect(err.message).toContain(`Template file ${file} is invalid: `);
      expect(err.message).toContain(expected);
      expect(err.hint).toContain('docs/templates.md');
    }
  });

  it('a broken file does not stop the other templates from running', async () => {
    mkdirSync(join(s.box.home, 'templates'), { recursive: true });
    writeFileSync(join(s.box.home, 'templates', 'broken.yaml'), 'description: [unclosed\n');
    const r = await s.box.run(['templates', 'run', 'white-background', '-i', FIXTURE('ring.png'), '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('refusals send nothing and write nothing (exit 2)', () => {
  const ring = `ornament=${FIXTURE('ring.png')}`;
  const cases: [string, string[], string, string][] = [
    ['unknown template', ['nope', '-i', ring], 'UNKNOWN_TEMPLATE', 'white-background'],
    ['missing required role', ['white-background'], 'MISSING_ROLE', 'role "ornament"'],
    ['unknown role', ['white-background', '-i', `ornamnet=${FIXTURE('ring.png')}`], 'UNKNOWN_ROLE', '"ornamnet"'],
    ['unknown parameter', ['change-background', '-i', ring, '--param', 'color=red'], 'UNKNOWN_PARAM', '"color"'],
    ['parameter without a value', ['change-background', '-i', ring, '--param', 'colour'], 'INVALID_PARAM', 'colour'],
    ['too many images for a role', ['white-background', '-i', ring, '-i', ring], 'TOO_MANY_FOR_ROLE', 'at most 1 ornament image'],
    ['neither of an either/or', ['change-background', '-i', ring], 'MISSING_ROLE', '--param colour=… or -i background=…'],
    ['both of an either/or', ['change-background', '-i', ring, '-i', `background=${FIXTURE('beach.jpg')}`, '--param', 'colour=red'], 'CONFLICTING_INPUTS', 'not both'],
    ['names that do not match the ornaments', ['campaign', '-i', ring, '--param', 'names=A, B'], 'LABELS_MISMATCH', 'names 2 ornaments'],
    ['a missing file', ['white-background', '-i', 'ornament=no-such.png'], 'INPUT_NOT_FOUND', 'no-such.png'],
    ['--identity where no role takes a person', ['white-background', '-i', ring, '--identity', 'ana'], 'IDENTITY_NOT_USED', 'white-background'],
    ['an unknown identity', ['real-model', '-i', ring, '--identity', 'nobody'], 'UNKNOWN_IDENTITY', '"nobody"'],
  ];
  it.each(cases)('%s', async (_label, args, code, named) => {
    const before = footprint(s.box);
    const r = await s.box.run(['templates', 'run', ...args, '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const err = errorOf(r);
    expect(err.code).toBe(code);
    expect(`${err.message} ${err.hint}`).toContain(named);
    expect(s.fake.requests).toHaveLength(0);
    expect(footprint(s.box)).toEqual(before);
  });
});
