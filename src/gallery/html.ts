/**
 * Escaping for the gallery's HTML. Every string that came from a user, a file or a model goes
 * through `h` (element text and double-quoted attributes alike) or `jsonForScript`; nothing is
 * ever inserted raw. Written here rather than taken from a package: it is five characters and
 * two ranges, and the tests pin each one.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Anything `h` would change; most strings have none, and one test is cheaper than four replaces. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPING = /[&<>"'\u0000-\u0008\u000b-\u001f\u007f\uD800-\uDFFF]/;

/**
 * Text for HTML element content or a quoted attribute value: the five special characters become
 * entities; control characters (other than tab and newline) become their visible Unicode
 * "control pictures" (ESC shows as ␛), and unpaired surrogates become U+FFFD.
 */
export function h(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)))
    .replace(/\u007f/g, '\u2421')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` are written as
 * \u escapes (so `</script>` and `<!--` cannot end or change the element), as are U+2028 and
 * U+2029. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A path segment made from an id: ids are lowercase letters and digits; anything else is hashed. */
const PLAIN_ID = /^[0-9a-z]{1,64}$/;

export function isPlainId(id: string): boolean {
  return PLAIN_ID.test(id);
}
