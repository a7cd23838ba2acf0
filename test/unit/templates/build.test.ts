/** The instruction a template sends: images introduced in order, conditional lines, placeholders. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../../../src/prompts/templates/builtin.js';
import { splitLabels, templateInstruction } from '../../../src/prompts/templates/build.js';
import { parseTemplate } from '../../../src/prompts/templates/validate.js';

const builtin = (name: string) => parseTemplate(BUILTIN_TEMPLATES[name], name, 'builtin');

describe('templateInstruction', () => {
  it('introduces each image by its role, in role order, with labels and counts', () => {
    const text = templateInstruction(builtin('campaign'), { params: { names: 'Ruby ring, Pearl necklace', persona: 'a dancer' }, counts: { ornament: 2, model: 0, theme: 1 } });
    expect(text).toMatch(/^Image 1 is an ornament of the collection "Ruby ring" \(1 of 2\)\. Image 2 is an ornament of the collection "Pearl necklace" \(2 of 2\)\. Image 3 is a theme reference\. Create /);
    expect(text).toContain('The model is a dancer, photorealistic.');
    expect(text).not.toContain('model photos');
  });

  it('uses a line only when its condition holds', () => {
    const t = builtin('change-background');
    const colour = templateInstruction(t, { params: { colour: 'teal' }, counts: { ornament: 1, background: 0 } });
    expect(colour).toContain('plain teal studio backdrop');
    expect(colour).not.toContain('scene of the background image');
    const scene = templateInstruction(t, { params: {}, counts: { ornament: 1, background: 1 } });
    expect(scene).toContain('Image 2 is the new background.');
    expect(scene).toContain('scene of the background image');
    expect(scene).not.toContain('backdrop');
  });

  it('leaves out a line whose placeholder has no value', () => {
    const t = parseTemplate({ description: 'd', params: [{ name: 'mood', description: 'm' }], prompt: ['First.', 'Make it {mood}.', 'Last'] }, 't', 'builtin');
    expect(templateInstruction(t, { params: {}, counts: {} })).toBe('First. Last');
    expect(templateInstruction(t, { params: { mood: 'calm' }, counts: {} })).toBe('First. Make it calm. Last');
  });
});

describe('splitLabels', () => {
  it('splits on commas and drops blanks', () => {
    expect(splitLabels(' Ruby ring ,Pearl necklace,, ')).toEqual(['Ruby ring', 'Pearl necklace']);
    expect(splitLabels(undefined)).toEqual([]);
  });
});
