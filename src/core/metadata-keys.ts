/**
 * Which metadata keys are a person's tags and which are facts imagegen recorded. Tags are plain
 * words mapped to strings; the system's keys can be read and filtered on but never overwritten.
 * Commands that record a new string-valued key should add it here.
 */
import { usageError } from '../domain/errors.js';

/** Keys imagegen itself writes into an entry's metadata. */
export const SYSTEM_METADATA_KEYS: ReadonlySet<string> = new Set([
  // providers
  'placeholder', 'finishReason', 'modelVersion', 'responseId', 'modelText', 'generation',
  // naming, emotion and --enhance
  'nameSource', 'emotionSource', 'enhanced', 'enhanceFallback',
  // commands: replayable options, regenerate, retry, identities, templates
  'options', 'basePrompt', 'retryOf', 'identity', 'template',
  'tags',
]);

const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** A tag key must be a plain word (letters, digits, `_`, `.`, `-`), so it is also a safe JSON path. */
export function checkTagKey(key: string, flag: string): string {
  if (!KEY.test(key)) {
    throw usageError('INVALID_TAG', `${flag}: "${key}" is not a tag name.`, 'Tag names start with a letter and use letters, digits, _, . and - (at most 64), e.g. client=acme.');
  }
  return key;
}

/** A key the system wrote: in the list, or already holding a value that is not a string. */
export function isSystemKey(key: string, metadata: Record<string, unknown>): boolean {
  return SYSTEM_METADATA_KEYS.has(key) || (key in metadata && typeof metadata[key] !== 'string');
}

/** The person's tags among an entry's metadata. */
export function userTags(metadata: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([key, value]) => typeof value === 'string' && !SYSTEM_METADATA_KEYS.has(key))) as Record<string, string>;
}
