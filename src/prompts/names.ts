/**
 * Short, readable entry names, offline: the prompt's meaningful words in their order, without
 * filler, in Title Case — "I'm feeling peaceful, like a sunset over calm waters" → "Peaceful
 * Sunset Calm Waters".
 */
import { normalizeSpace, truncate } from '../core/text.js';

export const MAX_NAME_WORDS = 5;
export const MAX_NAME_LENGTH = 40;

/** Articles, prepositions, pronouns, auxiliaries, and the words people use to ask for a picture. */
const FILLER = new Set(
  `a an the of in on at with and or but nor to for by from into onto over under above below about near
  through across between behind beside around against along upon within without toward towards
  i i'm im me my mine we our us you your it it's its this that these those there here
  am is are was were be been being do does did have has had will would can could should may might
  as if so such very really just quite some any all much many more most feel feeling feels felt like
  make create generate draw paint render show give imagine depict design produce please want need
  image picture photo photograph pic illustration drawing painting rendering artwork kind sort`.split(/\s+/),
);

function titleWord(word: string): string {
  return word.charAt(0).toLocaleUpperCase() + word.slice(1);
}

/** The kept words of one clause, in order. */
function meaningfulWords(clause: string): string[] {
  return (clause.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).filter((w) => !FILLER.has(w.toLowerCase().replace('’', "'")));
}

/**
 * A name from the prompt: 2–5 meaningful words (fewer only when the prompt has fewer), at most 40
 * characters, cut at a word. The first clause is used alone when it gives two words or more, so
 * trailing style notes ("…, watercolour, 4k") stay out of the name. A prompt in capitals is
 * lowered first; otherwise each word keeps its own casing after the capital (iPhone, NASA).
 */
export function nameFromPrompt(prompt: string): string {
  const text = normalizeSpace(prompt);
  const shouting = text === text.toUpperCase() && text !== text.toLowerCase();
  const clauses = (shouting ? text.toLowerCase() : text).split(/[,;:!?()[\]{}"“”]|\.(?=\s|$)|\s[-–—]\s/);
  const words: string[] = [];
  for (const clause of clauses) {
    words.push(...meaningfulWords(clause));
    if (words.length >= 2) break;
  }
  return fitName(words.map(titleWord));
}

/** Joins up to five words while they fit in 40 characters; one over-long word is truncated. */
function fitName(words: string[]): string {
  let name = '';
  for (const word of words.slice(0, MAX_NAME_WORDS)) {
    const next = name ? `${name} ${word}` : word;
    if (next.length > MAX_NAME_LENGTH) break;
    name = next;
  }
  if (!name && words[0]) name = truncate(words[0], MAX_NAME_LENGTH);
  return name || 'Untitled';
}

/** Tidies a name given by a person or suggested by a model: one line, no wrapping quotes, ≤ 40 characters. */
export function cleanName(name: string): string {
  const text = normalizeSpace(name).replace(/^["'“‘«]+|["'”’»]+$/g, '').replace(/[.!?]+$/, '').trim();
  return text ? fitName(text.split(' ')) : 'Untitled';
}
