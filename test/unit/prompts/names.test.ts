import { describe, expect, it } from 'vitest';
import { cleanName, MAX_NAME_LENGTH, nameFromPrompt, subjectOf } from '../../../src/prompts/names.js';

describe('nameFromPrompt', () => {
  it('keeps the meaningful words in order, in Title Case', () => {
    expect(nameFromPrompt('a lighthouse at dawn')).toBe('Lighthouse Dawn');
    expect(nameFromPrompt("I'm feeling peaceful, like a sunset over calm waters")).toBe('Peaceful Sunset Calm Waters');
    expect(nameFromPrompt('please draw me a picture of an old red tractor')).toBe('Old Red Tractor');
  });

  it('uses the first clause when it has two words or more', () => {
    expect(nameFromPrompt('a red fox in snow, watercolour, 4k, trending')).toBe('Red Fox Snow');
    expect(nameFromPrompt('a fox, sleeping under a pine')).toBe('Fox Sleeping Pine');
  });

  it('stops at five words and 40 characters', () => {
    const name = nameFromPrompt('ancient crumbling sandstone monastery perched above turquoise glacial rivers');
    expect(name.split(' ').length).toBeLessThanOrEqual(5);
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name).toBe('Ancient Crumbling Sandstone Monastery');
  });

  it('keeps casing inside words, lowers a prompt in capitals', () => {
    expect(nameFromPrompt('an iPhone on a NASA desk')).toBe('IPhone NASA Desk');
    expect(nameFromPrompt('A LIGHTHOUSE AT DAWN')).toBe('Lighthouse Dawn');
  });

  it('copes with one word, only filler, other scripts and one huge word', () => {
    expect(nameFromPrompt('a cat')).toBe('Cat');
    expect(nameFromPrompt('make it so')).toBe('Untitled');
    expect(nameFromPrompt('日本の 桜')).toBe('日本の 桜');
    expect(nameFromPrompt('x'.repeat(80)).length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  });
});

describe('cleanName', () => {
  it('tidies a suggested name', () => {
    expect(cleanName('  "Floating   Dream."  ')).toBe('Floating Dream');
    expect(cleanName('A Very Long Suggested Title That Goes On And On').length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(cleanName('   ')).toBe('Untitled');
  });
});

describe('names that carry the subject', () => {
  it('a prompt of one plain word keeps its medium: "as an oil painting" is not "Oil"', () => {
    expect(nameFromPrompt('as an oil painting')).toBe('Oil Painting');
    // A subject present keeps the medium out, as before.
    expect(nameFromPrompt('a painting of a red fox')).toBe('Red Fox');
  });

  it('an edit is named after what it edits, then what changed', () => {
    expect(nameFromPrompt('as an oil painting', 'Lighthouse Dawn')).toBe('Lighthouse Dawn Oil Painting');
    expect(nameFromPrompt('make the sky stormy', 'beach')).toBe('Beach Sky Stormy');
    expect(nameFromPrompt('add a lighthouse', 'Lighthouse Dawn')).toBe('Lighthouse Dawn');
    expect(nameFromPrompt('warmer', 'A very long subject name that goes on')).toBe('Long Subject Warmer');
  });

  it('the subject is the first input entry\'s name, else a file name that reads as words', () => {
    expect(subjectOf([{ source: '/x/IMG_2041.jpg' }, { entryName: 'Red Fox', source: null }])).toBe('Red Fox');
    expect(subjectOf([{ source: '/photos/gold-ring.png' }])).toBe('gold ring');
    expect(subjectOf([{ source: '/photos/DSC0042.JPG' }, { source: 'C:\\x\\1234.png' }])).toBeUndefined();
  });
});
