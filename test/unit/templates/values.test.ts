/** A template run's -i and --param values checked against the template. */
import { describe, expect, it } from 'vitest';
import { assignImages, checkRoleCounts, readParams } from '../../../src/core/template-values.js';
import { BUILTIN_TEMPLATES } from '../../../src/prompts/templates/builtin.js';
import { parseTemplate } from '../../../src/prompts/templates/validate.js';

const builtin = (name: string) => parseTemplate(BUILTIN_TEMPLATES[name], name, 'builtin');

describe('assignImages', () => {
  it('puts ROLE=VALUE under its role and a bare value under the first role, keeping order', () => {
    const byRole = assignImages(builtin('campaign'), ['ring.png', 'theme=beach.jpg', 'ORNAMENT=necklace.png', 'model=./a=b.jpg', './x=y.png']);
    expect(Object.fromEntries(byRole)).toEqual({ ornament: ['ring.png', 'necklace.png', './x=y.png'], model: ['./a=b.jpg'], theme: ['beach.jpg'] });
  });

  it('refuses an unknown role with a suggestion, and an empty value', () => {
    expect(() => assignImages(builtin('campaign'), ['ornamnet=ring.png'])).toThrow(expect.objectContaining({ code: 'UNKNOWN_ROLE', hint: expect.stringMatching(/^Did you mean ornament\? Its roles: ornament, model, theme/) }));
    expect(() => assignImages(builtin('campaign'), ['theme='])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('readParams', () => {
  it('fills defaults and keeps the values given', () => {
    expect(readParams(builtin('ai-model'), ['size=2 cm'])).toEqual({ persona: 'a professional fashion model', size: '2 cm' });
    expect(readParams(builtin('ai-model'), ['PERSONA= a tall dancer '])).toEqual({ persona: 'a tall dancer' });
  });

  it.each([
    [['color=red'], 'UNKNOWN_PARAM', /Did you mean colour\?/],
    [['colour'], 'INVALID_PARAM', /needs a value/],
    [['colour=red', 'colour=blue'], 'INVALID_PARAM', /given twice/],
  ])('refuses %j', (raw, code, message) => {
    let caught: unknown;
    try {
      readParams(builtin('change-background'), raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code, exitCode: 2 });
    expect(`${(caught as Error).message} ${(caught as { hint: string }).hint}`).toMatch(message);
  });

  it('checks choices and required parameters', () => {
    const t = parseTemplate({ description: 'd', params: [{ name: 'tone', description: 't', required: true, choices: ['warm', 'cool'] }], prompt: 'Be {tone}.' }, 't', 'builtin');
    expect(() => readParams(t, ['tone=hot'])).toThrow(/must be one of warm, cool/);
    expect(() => readParams(t, [])).toThrow(expect.objectContaining({ code: 'MISSING_PARAM' }));
  });
});

describe('checkRoleCounts', () => {
  const campaign = builtin('campaign');
  it('accepts counts within the limits', () => {
    expect(() => checkRoleCounts(campaign, { ornament: 2, model: 5, theme: 0 }, { names: 'A, B' })).not.toThrow();
  });
  it.each([
    [{ ornament: 0 }, {}, 'MISSING_ROLE'],
    [{ ornament: 7 }, {}, 'TOO_MANY_FOR_ROLE'],
    [{ ornament: 1, model: 6 }, {}, 'TOO_MANY_FOR_ROLE'],
    [{ ornament: 2 }, { names: 'Only one' }, 'LABELS_MISMATCH'],
  ])('refuses %j with %j', (counts, params, code) => {
    expect(() => checkRoleCounts(campaign, counts, params)).toThrow(expect.objectContaining({ code }));
  });
});
