/**
 * Types shared by the fake Gemini server: what tests can make it do (Fault), what it records
 * (RecordedRequest) and the slice of the generateContent wire format it understands.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type BlockReason = 'SAFETY' | 'OTHER' | 'BLOCKLIST' | 'PROHIBITED_CONTENT' | 'IMAGE_SAFETY';

export type FinishReason =
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'OTHER'
  | 'PROHIBITED_CONTENT'
  | 'IMAGE_SAFETY'
  | 'IMAGE_PROHIBITED_CONTENT'
  | 'IMAGE_RECITATION'
  | 'IMAGE_OTHER'
  | 'NO_IMAGE'
  | 'MALFORMED_FUNCTION_CALL';

/**
 * One behaviour of the server for one request. Queue them with `enqueue` (consumed FIFO, one per
 * API request) or make one the fallback with `setDefault`.
 */
export type Fault =
  /** A real image (or, for a text-model call, a text reply). */
  | { kind: 'ok' }
  /** The image comes back as image/jpeg instead of image/png. */
  | { kind: 'jpeg' }
  /** A text part ("Here is your image…") followed by the image part. */
  | { kind: 'mixed'; text?: string }
  /** HTTP error with Google's error JSON body. `retryAfter` (seconds) is sent as Retry-After and as a RetryInfo detail. */
  | { kind: 'status'; status: number; retryAfter?: string; message?: string; googleStatus?: string; details?: unknown[] }
  /** 400 INVALID_ARGUMENT "API key not valid…" with the API_KEY_INVALID ErrorInfo detail. */
  | { kind: 'invalidKey' }
  /** 404 NOT_FOUND worded as Google words an unknown model id. */
  | { kind: 'unknownModel' }
  /** Never answers; the socket stays open until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** The socket is destroyed without any response (the client sees a network error). */
  | { kind: 'disconnect' }
  /** Waits `ms` (on top of latencyMs), then behaves as `then` (default ok). */
  | { kind: 'delay'; ms: number; then?: Fault }
  /** 200, no candidates, `promptFeedback.blockReason`. */
  | { kind: 'blockedPrompt'; reason?: BlockReason }
  /**
   * 200 with a candidate that carries no image and this finishReason. `content` picks the shape
   * of the candidate's content: 'noParts' (default: `{role:'model'}`), 'emptyParts'
   * (`parts: []`) or 'none' (no content key at all). `text` adds a text part instead.
   */
  | { kind: 'finishReason'; reason: FinishReason | (string & {}); message?: string; text?: string; content?: 'noParts' | 'emptyParts' | 'none' }
  /** 200, one text part, finishReason STOP, no image. */
  | { kind: 'textOnly'; text?: string }
  /** 200, content-type application/json, a body that is not JSON. */
  | { kind: 'malformed'; body?: string }
  /** A real recorded reply from test/fake-gemini/recordings/<name>.json, sent with its status and body. */
  | { kind: 'recorded'; name: string }
  /** Anything else: sent exactly as given. */
  | { kind: 'raw'; status: number; headers?: Record<string, string>; body: string };

export type FaultKind = Fault['kind'];

/** The fallback behaviour: a fault, or a function choosing one per request. */
export type FaultSource = Fault | ((request: RecordedRequest) => Fault);

/** Reply for text-model calls (prompt enhancement): fixed text or computed per request. */
export type TextReply = string | ((request: RecordedRequest) => string);

export interface WireInlineData {
  mimeType?: string;
  data?: string;
}

export interface WirePart {
  text?: string;
  inlineData?: WireInlineData;
  thought?: boolean;
  [key: string]: unknown;
}

export interface WireContent {
  role?: string;
  parts?: WirePart[];
}

export interface WireImageConfig {
  aspectRatio?: string;
  imageSize?: string;
  [key: string]: unknown;
}

export interface WireGenerationConfig {
  responseModalities?: string[];
  responseMimeType?: string;
  responseSchema?: unknown;
  responseJsonSchema?: unknown;
  imageConfig?: WireImageConfig;
  temperature?: number;
  seed?: number;
  [key: string]: unknown;
}

/** The JSON body of a generateContent request, as the SDK sends it (Gemini Developer API). */
export interface WireRequestBody {
  contents?: WireContent[];
  systemInstruction?: WireContent;
  generationConfig?: WireGenerationConfig;
  safetySettings?: unknown[];
  [key: string]: unknown;
}

export interface RecordedRequest {
  /** 0-based arrival order since start (or since the last reset). */
  index: number;
  method: string;
  /** Path without the query string, e.g. `/v1/models/gemini-3.1-flash-image-preview:generateContent`. */
  path: string;
  query: Record<string, string>;
  /** 'v1', 'v1beta', … or null when the path has no version segment. */
  apiVersion: string | null;
  /** Model id without the `models/` prefix, or null. */
  model: string | null;
  /** The `:action` suffix, e.g. 'generateContent', or null. */
  action: string | null;
  /** From the `x-goog-api-key` header, else the `key` query parameter. */
  apiKey: string | null;
  /** The bearer token of the Authorization header (Vertex AI), or null. */
  bearer: string | null;
  /** Set for Vertex AI paths: the project and location in the URL. */
  vertex: { project: string; location: string } | null;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; null when there was no body or it was not a JSON object. */
  body: WireRequestBody | null;
  rawBody: string;
  /** Date.now() when the body had been read. */
  receivedAt: number;
}

export interface DecodedImagePart {
  mimeType: string;
  data: Buffer;
}

export interface FakeGeminiOptions {
  /** Delay before every response, in ms (default 0). Also settable later via `fake.latencyMs`. */
  latencyMs?: number;
  /** Answer 403 PERMISSION_DENIED when a request carries no API key (default true). */
  requireKey?: boolean;
  /** The behaviour when the queue is empty (default `{ kind: 'ok' }`). */
  defaultFault?: FaultSource;
  /** Reply for text-model calls (default: built from the prompt; JSON in JSON mode). */
  textReply?: TextReply;
  host?: string;
  port?: number;
}
