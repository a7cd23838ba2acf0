/**
 * What a prompt may be: UTF-8 text without NUL bytes, and not longer than the model takes. Checked
 * before anything is sent; each refusal is a usage error (exit 2) that names the limit.
 */
import { usageError } from '../domain/errors.js';
import type { ModelSpec } from '../providers/models.js';

/** The most imagegen reads of a prompt from standard input (well above any model's limit). */
export const MAX_PROMPT_BYTES = 256 * 1024;

/**
 * Prompt length limits, in characters. Gemini image models take 32,768 input tokens at the least
 * (text and images together) and a character is at most about one token, so 32,768 characters is
 * safe for all of them; other providers are held to the same.
 */
export const MAX_PROMPT_CHARS = 32_768;

export function promptLimitFor(model: Pick<ModelSpec, 'id'>): number {
  void model;
  return MAX_PROMPT_CHARS;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes read for a prompt (standard input) as text: refuses NUL bytes and invalid UTF-8. */
export function decodePrompt(data: Buffer, label: string): string {
  if (data.includes(0)) throw promptHasNul(label);
  try {
    return UTF8.decode(data);
  } catch {
    throw promptNotUtf8(label);
  }
}

/**
 * Checks a prompt's text: no NUL, no U+FFFD (what invalid UTF-8 in an argument becomes), no lone
 * surrogates, and at most the model's limit of characters.
 */
export function checkPromptText(text: string, model: Pick<ModelSpec, 'id'>, label = 'The prompt'): void {
  if (text.includes('\0')) throw promptHasNul(label);
  if (text.includes('\uFFFD') || LONE_SURROGATE.test(text)) throw promptNotUtf8(label);
  const limit = promptLimitFor(model);
  const length = [...text].length;
  if (length > limit) {
    throw usageError(
      'PROMPT_TOO_LONG',
      `${label} is ${length.toLocaleString('en-US')} characters, over the ${limit.toLocaleString('en-US')}-character limit for ${model.id}.`,
      'Shorten it; put long background in a file and pass it with --enhance --context FILE.',
      { length, limit },
    );
  }
}

function promptHasNul(label: string) {
  return usageError('PROMPT_INVALID', `${label} contains NUL bytes: it is binary data, not text.`, 'Pass the prompt as plain UTF-8 text.');
}

function promptNotUtf8(label: string) {
  return usageError('PROMPT_INVALID', `${label} is not valid UTF-8 text.`, 'Convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8), then pass it again.');
}
