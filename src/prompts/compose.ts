/**
 * Builds the effective prompt — what the model is sent — from the user's words and the choices
 * that shape them. Every command goes through here, so `show` can display exactly what was sent.
 */
import { usageError } from '../domain/errors.js';
import { emotionInstruction, EMOTIONS } from '../domain/emotions.js';
import { styleInstruction, STYLES } from './styles.js';

export interface PromptParts {
  /** The user's words (or a combined regeneration prompt, or an enhanced visual prompt). */
  prompt: string;
  /** An instruction that comes first: a focus mode or a template's task. */
  lead?: string | null;
  style?: string | null;
  emotion?: string | null;
}

/** Joins sentences with one ". " and no doubled punctuation. */
export function joinSentences(...parts: (string | null | undefined)[]): string {
  return parts
    .map((p) => (p ?? '').trim())
    .filter(Boolean)
    .map((p, i, all) => (i < all.length - 1 && !/[.!?…]$/.test(p) ? `${p}.` : p))
    .join(' ');
}

export function checkStyle(style: string | null | undefined): void {
  if (style && !styleInstruction(style)) {
    throw usageError('UNKNOWN_STYLE', `There is no style called "${style}".`, `Use one of: ${Object.keys(STYLES).join(', ') || '(none defined)'}.`);
  }
}

export function checkEmotion(emotion: string | null | undefined): void {
  if (emotion && !emotionInstruction(emotion)) {
    throw usageError('UNKNOWN_EMOTION', `There is no emotion called "${emotion}".`, `Use one of: ${Object.keys(EMOTIONS).join(', ') || '(none defined)'}.`);
  }
}

export function composePrompt(parts: PromptParts): string {
  checkStyle(parts.style);
  checkEmotion(parts.emotion);
  return joinSentences(
    parts.lead,
    parts.prompt,
    parts.style ? styleInstruction(parts.style) : undefined,
    parts.emotion ? emotionInstruction(parts.emotion) : undefined,
  );
}
