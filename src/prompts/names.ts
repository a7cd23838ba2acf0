/**
 * Short, readable entry names, offline: the prompt's meaningful words in their order, without
 * filler, in Title Case — "I'm feeling peaceful, like a sunset over calm waters" → "Peaceful
 * Sunset Calm Waters".
 */
import { normalizeSpace, truncate } from '../domain/text.js';

export const MAX_NAME_WORDS = 5;
export const MAX_NAME_LENGTH = 40;

/** Words for a kind of picture: filler in "a painting of a fox", the point in "as an oil painting". */
const MEDIUM = new Set('image picture photo photograph pic illustration drawing painting rendering artwork sketch portrait'.split(' '));

/** Articles, prepositions, pronouns, auxiliaries, and the words people use to ask for a picture. */
const FILLER = new Set(
  `a an the of in on at with and or but nor to for by from into onto over under above below about near
  through across between behind beside around against along upon within without toward towards
  i i'm im me my mine we our us you your it it's its this that these those there here
  am is are was were be been being do does did have has had will would can could should may might
  as if so such very really just quite some any all much many more most feel feeling feels felt like
  make create generate draw paint render show give imagine depict design produce please want need
  add turn change replace remove put set use keep
  image picture photo photograph pic illustration drawing painting rendering artwork kind sort`.split(/\s+/),
);

function titleWord(word: string): string {
  return word.charAt(0).toLocaleUpperCase() + word.slice(1);
}

/** The kept words of one clause, in order (with the medium words too, when asked). */
function meaningfulWords(clause: string, keepMedium = false): string[] {
  return (clause.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).filter((w) => {
    const word = w.toLowerCase().replace('’', "'");
    return !FILLER.has(word) || (keepMedium && MEDIUM.has(word));
  });
}

/**
 * A name from the prompt: 2–5 meaningful words (fewer only when the prompt has fewer), at most 40
 * characters, cut at a word. The first clause is used alone when it gives two words or more, so
 * trailing style notes ("…, watercolour, 4k") stay out of the name. A prompt in capitals is
 * lowered first; otherwise each word keeps its own casing after the capital (iPhone, NASA).
 */
export function nameFromPrompt(prompt: string, subject?: string): string {
  const text = normalizeSpace(prompt);
  const shouting = text === text.toUpperCase() && text !== text.toLowerCase();
  const clauses = (shouting ? text.toLowerCase() : text).split(/[,;:!?()[\]{}"“”]|\.(?=\s|$)|\s[-–—]\s/);
  const pick = (keepMedium: boolean) => {
    const words: string[] = [];
    for (const clause of clauses) {
      words.push(...meaningfulWords(clause, keepMedium));
      if (words.length >= 2) break;
    }
    return words;
  };
  // "as an oil painting" has one plain word: the medium is then what the words are about.
  let words = pick(false);
  if (words.length < 2) words = pick(true);
  // An edit's words say what changed; the subject (the input's or parent's name) says of what.
  const lead = subject ? meaningfulWords(normalizeSpace(subject), true).slice(0, 2) : [];
  const seen = new Set<string>();
  const all = [...lead, ...words].filter((w) => !seen.has(w.toLowerCase()) && Boolean(seen.add(w.toLowerCase())));
  return fitName(all.map(titleWord));
}

/**
 * What an edit's input is of, for its name: the name of the entry it came from, else the file's
 * name when it reads as words ("ring.png" → "ring"; "IMG_2041.jpg" says nothing).
 */
export function subjectOf(inputs: readonly { entryName?: string | null; source: string | null }[]): string | undefined {
  for (const input of inputs) {
    if (input.entryName && input.entryName !== 'Untitled') return input.entryName;
    const stem = input.source?.split(/[\\/]/).pop()?.replace(/\.[^.]*$/, '').replace(/[_\-.]+/g, ' ').trim();
    if (stem && /^[\p{L}\s]+$/u.test(stem) && !/^(img|dsc|dscn|pxl|image|photo|screenshot)\b/i.test(stem)) return stem;
  }
  return undefined;
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
