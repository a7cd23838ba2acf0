/** Template validation: the built-ins pass, and every broken field is named in the error. */
import { describe, expect, it } from 'vitest';
import { ImagegenError } from '../../../src/domain/errors.js';
import { BUILTIN_TEMPLATES } from '../../../src/prompts/templates/builtin.js';
import { parseTemplate } from '../../../src/prompts/templates/validate.js';

const FILE = '/home/u/.local/share/imagegen/templates/t.yaml';

const VALID = {
  description: 'A test template.',
  roles: [
    { name: 'subject', description: 'the subject', required: true },
    { name: 'extra', description: 'more images', repeatable: true, max: 3, labels: 'names' },
  ],
  params: [
    { name: 'names', description: 'labels' },
    { name: 'tone', description: 'a tone', default: 'warm', choices: ['warm', 'cool'] },
  ],
  prompt: ['Do {tone} things.', { text: 'Use the extras.', when: 'extra' }],
  oneOf: [['names', 'extra']],
};

function problem(raw: unknown): string {
  try {
    parseTemplate(raw, 't', FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ImagegenError);
    expect((err as ImagegenError).code).toBe('TEMPLATE_INVALID');
    expect((err as ImagegenError).exitCode).toBe(2);
    return (err as ImagegenError).message.replace(`Template file ${FILE} is invalid: `, '');
  }
  throw new Error('expected the template to be refused');
}

const withChange = (change: (t: typeof VALID & Record<string, unknown>) => void) => {
  const copy = structuredClone(VALID) as typeof VALID & Record<string, unknown>;
  change(copy);
  return copy;
};

describe('parseTemplate', () => {
  it('accepts every built-in, with the defaults filled in', () => {
    for (const [name, raw] of Object.entries(BUILTIN_TEMPLATES)) {
      const t = parseTemplate(raw, name, 'builtin');
      expect(t.roles[0]!.name, name).toBe('ornament');
      expect(t.roles[0]!.required, name).toBe(true);
    }
    const campaign = parseTemplate(BUILTIN_TEMPLATES.campaign, 'campaign', 'builtin');
    expect(campaign.roles.map((r) => [r.name, r.max, r.identity, r.labels])).toEqual([
      ['ornament', 6, false, 'names'],
      ['model', 5, true, null],
      ['theme', 3, false, null],
    ]);
  });

  it('reads a valid template, defaulting max, intro and flags', () => {
    const t = parseTemplate(VALID, 't', FILE);
    expect(t.roles.map((r) => [r.name, r.required, r.max, r.intro, r.identity])).toEqual([
      ['subject', true, 1, 'the subject image', false],
      ['extra', false, 3, 'the extra image', false],
    ]);
    expect(t.params[1]).toEqual({ name: 'tone', description: 'a tone', required: false, default: 'warm', choices: ['warm', 'cool'] });
    expect(t.lines).toEqual([
      { text: 'Do {tone} things.', when: null, unless: null },
      { text: 'Use the extras.', when: 'extra', unless: null },
    ]);
    expect(parseTemplate({ description: 'd', prompt: 'One line.' }, 't', FILE).lines).toHaveLength(1);
  });

  it.each([
    ['not a mapping', ['a list'], 'it must be a mapping of keys to values'],
    ['no description', withChange((t) => delete (t as Record<string, unknown>).description), 'description is missing'],
    ['no prompt', withChange((t) => delete (t as Record<string, unknown>).prompt), 'prompt is missing'],
    ['an unknown top-level key', withChange((t) => (t.promt = 'x')), 'promt is not a known field'],
    ['an unknown role key', withChange((t) => ((t.roles[0] as Record<string, unknown>).requird = true)), 'roles[0].requird is not a known field'],
    ['a role without a name', withChange((t) => delete (t.roles[1] as Record<string, unknown>).name), 'roles[1].name is missing'],
    ['a role name with spaces', withChange((t) => (t.roles[0]!.name = 'my role')), 'roles[0].name "my role" must be lowercase'],
    ['max without repeatable', withChange((t) => ((t.roles[0] as Record<string, unknown>).max = 2)), 'roles[0].max needs "repeatable: true"'],
    ['max out of range', withChange((t) => (t.roles[1]!.max = 99)), 'roles[1].max must be a whole number from 1 to 14'],
    ['required that is not a boolean', withChange((t) => ((t.roles[0] as Record<string, unknown>).required = 'yes')), 'roles[0].required must be true or false'],
    ['labels naming no parameter', withChange((t) => (t.roles[1]!.labels = 'nope')), 'roles[1].labels "nope" is not a parameter'],
    ['a name used twice', withChange((t) => (t.params[0]!.name = 'subject')), 'params[0].name "subject" is used twice'],
    ['a default outside the choices', withChange((t) => (t.params[1]!.default = 'hot')), 'params[1].default "hot" is not one of the choices'],
    ['a required parameter with a default', withChange((t) => ((t.params[1] as Record<string, unknown>).required = true)), 'params[1].default makes no sense'],
    ['an unknown placeholder', withChange((t) => (t.prompt[0] = 'Do {tones} things.')), 'prompt[0] uses {tones}'],
    ['when naming nothing', withChange((t) => (t.prompt[1] = { text: 'x', when: 'extras' })), 'prompt[1].when "extras" is not a role or parameter'],
    ['an empty line', withChange((t) => (t.prompt[0] = '  ')), 'prompt[0] is empty'],
    ['a one-name oneOf group', withChange((t) => (t.oneOf = [['names']])), 'oneOf[0] must be a list of two or more'],
    ['oneOf naming nothing', withChange((t) => (t.oneOf = [['names', 'nope']])), 'oneOf[0][1] "nope" is not a role or parameter'],
    ['a bad aspect ratio', withChange((t) => (t.aspect = 'wide')), 'aspect "wide" is not an aspect ratio'],
    ['a name differing from the file', withChange((t) => (t.name = 'other')), 'name "other" differs from the file name "t"'],
  ])('refuses %s, naming the field', (_label, raw, expected) => {
    expect(problem(raw)).toContain(expected);
  });

  it('refuses a file name that cannot be a template name', () => {
    expect(() => parseTemplate(VALID, 'My Template', FILE)).toThrow(/its name "My Template" must be lowercase/);
  });
});
