/**
 * Text from users, files and servers is printed only through here. Control characters (C0 but tab
 * and newline, DEL, C1 — so ESC, CSI, OSC, BEL, carriage return, backspace) are shown as visible
 * `\xNN` escapes, so a name, prompt, path or error message can never move the cursor, retitle the
 * window, plant a hyperlink or ring the bell. What is stored stays as the user gave it.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f]/g;
/** Select Graphic Rendition: the colour and weight codes chalk and cli-table3 emit, nothing else. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

function visible(ch: string): string {
  return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Escapes control characters; tabs and newlines stay (they lay out multi-line output). */
export function escapeControls(text: string): string {
  // The common case, text with nothing to escape, costs one scan and no copy.
  return ANY_CONTROL.test(text) ? text.replace(CONTROL, visible) : text;
}

/** For one value inside a line (a table cell, a name): newlines and tabs are escaped too. */
export function escapeInline(text: string): string {
  return text.replace(CONTROL_OR_NEWLINE, visible);
}

/**
 * Escapes control characters but keeps colour codes: for lines whose renderer coloured them and
 * escaped every value it put in (see escapeInline).
 */
export function escapeKeepingColour(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SGR)) {
    out += escapeControls(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeControls(text.slice(last));
}
