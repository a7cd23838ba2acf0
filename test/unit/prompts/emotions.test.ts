import { describe, expect, it } from 'vitest';
import { composePrompt } from '../../../src/prompts/compose.js';
import { detectEmotion, EMOTION_KEYWORDS, EMOTION_NAMES, EMOTIONS, emotionInstruction } from '../../../src/domain/emotions.js';

describe('detectEmotion', () => {
  // Seed 004's keyword families, each word on its own and in a sentence.
  const SEED_FAMILIES = {
    calm: ['peaceful', 'serene', 'quiet', 'gentle'],
    energetic: ['excited', 'dynamic', 'vibrant', 'active'],
    mysterious: ['unknown', 'hidden', 'fog', 'shadow'],
    hopeful: ['bright', 'light', 'sunrise', 'future'],
    melancholic: ['sad', 'gray', 'heavy', 'nostalgic'],
  } as const;

  for (const [emotion, words] of Object.entries(SEED_FAMILIES)) {
    it(`finds ${emotion} from each of seed 004's keywords`, () => {
      for (const word of words) {
        expect(detectEmotion(`a harbour, ${word}, at the end of the pier`), word).toBe(emotion);
        expect(detectEmotion(word.toUpperCase()), word).toBe(emotion);
      }
    });
  }

  it('reads the seed example as calm', () => {
    expect(detectEmotion("I'm feeling peaceful, like a sunset over calm waters")).toBe('calm');
  });

  it('matches whole words only, plurals included', () => {
    expect(detectEmotion('a lighthouse, sadly and brightly lit, in a shadowbox')).toBe(null);
    expect(detectEmotion('shadows under a bridge')).toBe('mysterious');
    expect(detectEmotion('Lighthouse')).toBe(null);
  });

  it('gives null when no keyword appears', () => {
    expect(detectEmotion('a red bicycle leaning on a wall')).toBe(null);
    expect(detectEmotion('')).toBe(null);
  });

  it('picks the family with the most hits', () => {
    expect(detectEmotion('a bright future, but one sad face')).toBe('hopeful');
    expect(detectEmotion('sad gray rain over a bright field')).toBe('melancholic');
  });

  it('breaks a tie by the family mentioned first', () => {
    expect(detectEmotion('a quiet street in the fog')).toBe('calm');
    expect(detectEmotion('fog over a quiet street')).toBe('mysterious');
  });

  it('puts every keyword in one family only', () => {
    const all = EMOTION_NAMES.flatMap((e) => EMOTION_KEYWORDS[e]);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('EMOTIONS', () => {
  it('has one sentence for each of the five emotions', () => {
    expect(Object.keys(EMOTIONS).sort()).toEqual([...EMOTION_NAMES].sort());
  });

  it('sentences read as their own emotion, so a prompt built on them keeps it', () => {
    for (const emotion of EMOTION_NAMES) expect(detectEmotion(EMOTIONS[emotion]), emotion).toBe(emotion);
  });

  it('accepts any case and refuses unknown names', () => {
    expect(emotionInstruction('Calm')).toBe(EMOTIONS.calm);
    expect(emotionInstruction('angry')).toBeUndefined();
  });

  it('composePrompt appends the sentence after the words', () => {
    expect(composePrompt({ prompt: 'a fox', emotion: 'mysterious' })).toBe(`a fox. ${EMOTIONS.mysterious}`);
    expect(() => composePrompt({ prompt: 'a fox', emotion: 'angry' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_EMOTION', hint: expect.stringContaining('calm, energetic, mysterious, hopeful, melancholic') }));
  });
});
