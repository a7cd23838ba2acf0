/**
 * Keeps credentials out of every message imagegen prints or stores. Servers echo request URLs and
 * keys back in their error text, and a base URL can carry user:password. Applied where errors are
 * made (ImagegenError, so the catalog's entries.error and --json failures are clean) and again
 * where anything is printed (the CLI's Output, including IMAGEGEN_DEBUG stack traces).
 */

export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not searched for (they would blank out ordinary words). */
const MIN_SECRET_LENGTH = 8;

const secrets = new Set<string>();

/** Registers the values to hide: the API keys and tokens in use (called once the settings are known). */
export function rememberSecrets(...values: (string | undefined | null)[]): void {
  for (const value of values) {
    const v = value?.trim();
    if (v && v.length >= MIN_SECRET_LENGTH) secrets.add(v);
  }
}

/** `?key=…`, `&api_key=…`, `access_token=…`: the value of a credential query parameter. */
const QUERY_CREDENTIAL = /([?&;](?:key|api[_-]?key|access[_-]?token|token|sig|signature)=)[^&#\s"'<>]+/gi;
/** `https://user:password@host`: the userinfo of a URL. */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
/** `x-goog-api-key: …` or `Authorization: Bearer …` quoted back from request headers. */
const HEADER_NAME = /x-goog-api-key|authorization/i;
const TELL_TALE = /[=@]|x-goog-api-key|authorization/i;
const HEADER_CREDENTIAL = /((?:x-goog-api-key|authorization)["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s"',}]+/gi;

/** Only the registered secret values: for data documents, whose other text must stay as stored. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** The secret values and anything shaped like a credential (query parameters, URL userinfo, headers). */
export function redact(text: string): string {
  let out = redactSecrets(text);
  // One scan for any pattern's tell-tale: most printed lines have none, and cost no more.
  if (!TELL_TALE.test(out)) return out;
  if (out.includes('=')) out = out.replace(QUERY_CREDENTIAL, `$1${REDACTED}`);
  if (out.includes('@')) out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  if (HEADER_NAME.test(out)) out = out.replace(HEADER_CREDENTIAL, `$1${REDACTED}`);
  return out;
}
