/**
 * The XMP packet that carries provenance in JPEG and WEBP: one rdf:Description in the imagegen
 * namespace whose `imagegen:fields` property holds the fields as JSON text.
 */

import { escapeXml, unescapeXml } from './xml.js';

/** Reserved-TLD URI (RFC 2606), so it can never mean anyone else's vocabulary. */
export const XMP_NAMESPACE = 'https://imagegen.invalid/xmp/1.0/';

const PACKET_HEAD = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n';
const PACKET_TAIL = ' </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>';

/**
 * JSON that is also legal XML character data: JSON.stringify already escapes control characters
 * and lone surrogates; U+FFFE and U+FFFF (not XML characters) are escaped here, inside strings,
 * which is the only place they can occur.
 */
function xmlSafeJson(fields: Record<string, string>): string {
  return JSON.stringify(fields).replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

export function descriptionFor(fields: Record<string, string>): string {
  return `  <rdf:Description rdf:about="" xmlns:imagegen="${XMP_NAMESPACE}">\n   <imagegen:fields>${escapeXml(xmlSafeJson(fields))}</imagegen:fields>\n  </rdf:Description>\n`;
}

export function packetFor(fields: Record<string, string>): string {
  return PACKET_HEAD + descriptionFor(fields) + PACKET_TAIL;
}

/**
 * Puts our description into someone else's packet (keeping their properties), replacing any
 * previous one of ours. Undefined if the packet has no rdf:RDF to put it in.
 */
export function mergeIntoPacket(existing: string, fields: Record<string, string>): string | undefined {
  const cleaned = removeOurDescriptions(existing);
  const close = cleaned.lastIndexOf('</rdf:RDF>');
  if (close < 0) return undefined;
  return cleaned.slice(0, close) + descriptionFor(fields) + cleaned.slice(close);
}

function removeOurDescriptions(xmp: string): string {
  const ns = XMP_NAMESPACE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const ours = new RegExp(`[ \\t]*<rdf:Description\\b[^>]*\\bxmlns:[\\w.-]+\\s*=\\s*["']${ns}["'][^>]*?(?:/>|>[\\s\\S]*?</rdf:Description>)\\n?`, 'g');
  return xmp.replace(ours, '');
}

/** The fields stored by `descriptionFor`, also when another tool rewrote them as an attribute. */
export function fieldsFromPacket(xmp: string): Record<string, string> | null {
  const ns = XMP_NAMESPACE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const prefix = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${ns}["']`).exec(xmp)?.[1];
  if (!prefix) return null;
  const p = prefix.replace(/\./g, '\\.');
  const found = new RegExp(`<${p}:fields>([\\s\\S]*?)</${p}:fields>`).exec(xmp) ?? new RegExp(`\\b${p}:fields\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xmp);
  const raw = found?.[1] ?? found?.[2];
  return raw === undefined ? null : parseFields(unescapeXml(raw));
}

/** JSON text → a flat record of strings, or null if it is not one. */
export function parseFields(json: string): Record<string, string> | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const fields: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') fields[key] = v;
  return fields;
}
