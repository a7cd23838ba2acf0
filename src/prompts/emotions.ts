/** Emotions (--emotion): each shapes palette, light and mood in the effective prompt. */
export const EMOTIONS: Readonly<Record<string, string>> = {};

export function emotionInstruction(name: string): string | undefined {
  return EMOTIONS[name];
}
