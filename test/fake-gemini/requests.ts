/**
 * Reading requests: route parsing, API key lookup, and helpers tests use to look inside what the
 * SDK sent (inline images, text parts, generationConfig).
 */
import type { DecodedImagePart, RecordedRequest, WireContent, WireGenerationConfig, WirePart, WireRequestBody } from './types.js';

export interface Route {
  apiVersion: string | null;
  /** For Vertex AI paths (`/v1beta1/projects/P/locations/L/publishers/google/models/M:action`). */
  vertex?: { project: string; location: string };
  /** The resource after the version: 'models' for the list call, else null. */
  collection: string | null;
  model: string | null;
  action: string | null;
}

/**
 * Splits `/v1beta/models/gemini-x:generateContent` into its parts. Also understands
 * `/v1/models` (list) and `/v1/models/gemini-x` (get). Anything else has null fields.
 */
export function parseRoute(path: string): Route {
  const vertex = /^\/(v\d+(?:alpha|beta)?\d*)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/(models)(?:\/([^/:]+)(?::([A-Za-z]+))?)?\/?$/.exec(path);
  if (vertex) {
    return {
      apiVersion: vertex[1] ?? null,
      vertex: { project: decodeURIComponent(vertex[2] ?? ''), location: decodeURIComponent(vertex[3] ?? '') },
      collection: vertex[4] ?? null,
      model: vertex[5] === undefined ? null : decodeURIComponent(vertex[5]),
      action: vertex[6] ?? null,
    };
  }
  const match = /^\/(v\d+(?:alpha|beta)?\d*)\/(models)(?:\/([^/:]+)(?::([A-Za-z]+))?)?\/?$/.exec(path);
  if (!match) {
    const version = /^\/(v\d+(?:alpha|beta)?\d*)(?:\/|$)/.exec(path);
    return { apiVersion: version?.[1] ?? null, collection: null, model: null, action: null };
  }
  return {
    apiVersion: match[1] ?? null,
    collection: match[2] ?? null,
    model: match[3] === undefined ? null : decodeURIComponent(match[3]),
    action: match[4] ?? null,
  };
}

/** The bearer token of an Authorization header (Vertex AI / ADC), or null. */
export function bearerOf(headers: RecordedRequest['headers']): string | null {
  const value = headers.authorization;
  const match = /^Bearer (.+)$/.exec(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
  return match?.[1] ?? null;
}

export function apiKeyOf(headers: RecordedRequest['headers'], query: Record<string, string>): string | null {
  const header = headers['x-goog-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && value !== '') return value;
  return query.key ?? null;
}

/** Parses a JSON request body; anything but a JSON object gives null. */
export function parseBody(raw: string): WireRequestBody | null {
  if (raw.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as WireRequestBody) : null;
  } catch {
    return null;
  }
}

function contentsOf(req: RecordedRequest): WireContent[] {
  return Array.isArray(req.body?.contents) ? req.body.contents : [];
}

function partsOf(contents: WireContent[]): WirePart[] {
  return contents.flatMap((c) => (Array.isArray(c.parts) ? c.parts : []));
}

/** The inline images in the request's contents, base64-decoded, in order. */
export function imageParts(req: RecordedRequest): DecodedImagePart[] {
  return partsOf(contentsOf(req)).flatMap((p) =>
    p.inlineData?.data === undefined ? [] : [{ mimeType: p.inlineData.mimeType ?? '', data: Buffer.from(p.inlineData.data, 'base64') }],
  );
}

/** The text parts of the request's contents, in order (the system instruction is not included). */
export function textParts(req: RecordedRequest): string[] {
  return partsOf(contentsOf(req)).flatMap((p) => (typeof p.text === 'string' ? [p.text] : []));
}

/** The system instruction's text, joined, or '' when there is none. */
export function systemText(req: RecordedRequest): string {
  const parts = req.body?.systemInstruction?.parts;
  return Array.isArray(parts) ? parts.flatMap((p) => (typeof p.text === 'string' ? [p.text] : [])).join('\n') : '';
}

/** All text parts joined with newlines: "the prompt" as far as the fake is concerned. */
export function promptText(req: RecordedRequest): string {
  return textParts(req).join('\n');
}

export function generationConfig(req: RecordedRequest): WireGenerationConfig {
  const config = req.body?.generationConfig;
  return typeof config === 'object' && config !== null ? config : {};
}

/**
 * Whether the call wants an image back. The SDK only sends responseModalities when the caller
 * sets it; without it, image models (ids containing "-image") answer with an image as the real
 * API does, and every other model answers with text.
 */
export function wantsImage(req: RecordedRequest): boolean {
  const modalities = generationConfig(req).responseModalities;
  if (Array.isArray(modalities) && modalities.length > 0) return modalities.some((m) => String(m).toUpperCase() === 'IMAGE');
  return (req.model ?? '').includes('-image');
}

/** A stand-in for Gemini's prompt token count: ~4 characters a token, 258 tokens an image. */
export function promptTokens(req: RecordedRequest): number {
  const textChars = textParts(req).join('').length + systemText(req).length;
  const images = partsOf(contentsOf(req)).filter((p) => p.inlineData !== undefined).length;
  return Math.ceil(textChars / 4) + 258 * images;
}
