/**
 * Emotions (--emotion): calm, energetic, mysterious, hopeful, melancholic. Each one adds a sentence
 * about palette, light and mood to the effective prompt; one can also be detected from the prompt
 * offline, from keyword families (seed 004's, extended).
 */
export const EMOTION_NAMES = ['calm', 'energetic', 'mysterious', 'hopeful', 'melancholic'] as const;
export type Emotion = (typeof EMOTION_NAMES)[number];

/**
 * What each emotion adds to the prompt. The sentences avoid the other families' keywords, so that
 * a prompt built from an effective prompt (regenerate) is still detected as the same emotion.
 */
export const EMOTIONS: Readonly<Record<Emotion, string>> = {
  calm: 'Mood: calm, a soft muted palette of cool blues and gentle pastels, diffuse even lighting, an unhurried tranquil atmosphere.',
  energetic: 'Mood: energetic, saturated vibrant colours with bold contrasts, crisp high-key lighting, a strong sense of movement and momentum.',
  mysterious: 'Mood: mysterious, a deep palette of indigo, teal and charcoal, low-key lighting with pools of shadow and drifting haze, details half hidden.',
  hopeful: 'Mood: hopeful, warm golden and rose tones, light breaking through like an early sunrise, an open uplifting atmosphere.',
  melancholic: 'Mood: melancholic, desaturated blues and greys, overcast low-contrast lighting, a lonely wistful air.',
};

/**
 * Whole words that point to each emotion. Seed 004's four per family come first; the rest are
 * near synonyms. A word belongs to one family only (a unit test checks it).
 */
export const EMOTION_KEYWORDS: Readonly<Record<Emotion, readonly string[]>> = {
  calm: ['peaceful', 'serene', 'quiet', 'gentle', 'calm', 'calming', 'peace', 'serenity', 'tranquil', 'tranquility', 'tranquillity', 'soothing', 'relaxed', 'relaxing', 'placid', 'restful', 'meditative', 'zen', 'hushed', 'idyllic'],
  energetic: ['excited', 'dynamic', 'vibrant', 'active', 'energetic', 'energy', 'exciting', 'excitement', 'lively', 'explosive', 'electric', 'bustling', 'racing', 'speed', 'action', 'dancing', 'festival', 'party', 'thrilling', 'intense', 'neon', 'fiery', 'adrenaline'],
  mysterious: ['unknown', 'hidden', 'fog', 'shadow', 'mysterious', 'mystery', 'mystic', 'mystical', 'foggy', 'mist', 'misty', 'shadowy', 'enigmatic', 'enigma', 'secret', 'eerie', 'cryptic', 'veiled', 'arcane', 'haze', 'hazy', 'murky', 'occult', 'labyrinth', 'cloaked'],
  hopeful: ['bright', 'light', 'sunrise', 'future', 'hopeful', 'hope', 'dawn', 'daybreak', 'optimistic', 'optimism', 'promise', 'promising', 'rainbow', 'uplifting', 'radiant', 'rebirth', 'renewal', 'blossom', 'blossoming', 'blooming', 'sprouting', 'aspiring'],
  melancholic: ['sad', 'gray', 'heavy', 'nostalgic', 'melancholic', 'melancholy', 'sadness', 'sorrow', 'sorrowful', 'grey', 'nostalgia', 'lonely', 'loneliness', 'somber', 'sombre', 'gloomy', 'gloom', 'rain', 'rainy', 'tears', 'grief', 'mourning', 'wistful', 'forlorn', 'desolate', 'abandoned', 'faded', 'bleak', 'weary'],
};

const KEYWORD_TO_EMOTION: ReadonlyMap<string, Emotion> = new Map(
  EMOTION_NAMES.flatMap((emotion) => EMOTION_KEYWORDS[emotion].map((word) => [word, emotion] as const)),
);

export function isEmotion(name: string): name is Emotion {
  return (EMOTION_NAMES as readonly string[]).includes(name);
}

/** The sentence for an emotion, in any case ("Calm" works); undefined for an unknown name. */
export function emotionInstruction(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  return isEmotion(key) ? EMOTIONS[key] : undefined;
}

/** The family a word belongs to, trying it as written and without a plural "s" ("shadows"). */
function emotionOfWord(word: string): Emotion | undefined {
  return KEYWORD_TO_EMOTION.get(word) ?? (word.length > 3 && word.endsWith('s') ? KEYWORD_TO_EMOTION.get(word.slice(0, -1)) : undefined);
}

/**
 * The emotion a prompt speaks of, or null when no keyword appears. Whole words, any case. The
 * family with the most keyword hits wins; on a tie, the family mentioned first in the prompt.
 * Negation is not understood ("not sad" counts as sad).
 */
export function detectEmotion(prompt: string): Emotion | null {
  const words = prompt.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
  const hits = new Map<Emotion, { count: number; first: number }>();
  words.forEach((word, position) => {
    const emotion = emotionOfWord(word);
    if (!emotion) return;
    const seen = hits.get(emotion);
    if (seen) seen.count++;
    else hits.set(emotion, { count: 1, first: position });
  });
  let best: { emotion: Emotion; count: number; first: number } | null = null;
  for (const [emotion, { count, first }] of hits) {
    if (!best || count > best.count || (count === best.count && first < best.first)) best = { emotion, count, first };
  }
  return best?.emotion ?? null;
}
