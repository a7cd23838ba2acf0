/** Short, readable entry names derived from a prompt, offline. */
import { normalizeSpace, truncate } from '../core/text.js';

const FILLER = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'with', 'and', 'to', 'for', 'by', 'from', 'into', 'over', 'under', 'very', 'some', 'make', 'create', 'generate', 'draw', 'show', 'me', 'image', 'picture', 'photo', 'please']);

/** The first few meaningful words of the prompt, capitalised: "a lighthouse at dawn" → "Lighthouse Dawn". */
export function nameFromPrompt(prompt: string, maxWords = 4): string {
  const words = normalizeSpace(prompt)
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w.toLowerCase()));
  const picked = words.slice(0, maxWords).map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
  return truncate(picked.join(' '), 60) || 'Untitled';
}
