/**
 * Response bodies in the Gemini Developer API's wire shapes: generateContent results, Google's
 * error JSON, and the default text replies used for prompt-enhancement calls.
 */
import { DEFAULT_TEXT_MODEL, MODELS } from '../../src/providers/models.js';
import type { OutputMime } from './images.js';
import { generationConfig, promptText } from './requests.js';
import type { RecordedRequest } from './types.js';

/** Google's canonical status name and stock message for each HTTP status. */
const STATUS_DEFAULTS: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  408: ['DEADLINE_EXCEEDED', 'Request timed out.'],
  409: ['ABORTED', 'The operation was aborted.'],
  429: ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
  499: ['CANCELLED', 'The operation was cancelled.'],
  500: ['INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'],
  501: ['UNIMPLEMENTED', 'Method not implemented.'],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  504: ['DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'],
};

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

export function googleError(code: number, message?: string, status?: string, details?: unknown[]): GoogleErrorBody {
  const [defaultStatus, defaultMessage] = STATUS_DEFAULTS[code] ?? ['UNKNOWN', 'Unknown error.'];
  const error: GoogleErrorBody['error'] = { code, message: message ?? defaultMessage, status: status ?? defaultStatus };
  if (details !== undefined && details.length > 0) error.details = details;
  return { error };
}

/** What Google says about a request without any credentials. */
export const MISSING_KEY_MESSAGE =
  'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.';

export const INVALID_KEY_MESSAGE = 'API key not valid. Please pass a valid API key.';

export function invalidKeyError(): GoogleErrorBody {
  return googleError(400, INVALID_KEY_MESSAGE, 'INVALID_ARGUMENT', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: INVALID_KEY_MESSAGE },
  ]);
}

export function unknownModelError(req: RecordedRequest): GoogleErrorBody {
  const message = `models/${req.model ?? ''} is not found for API version ${req.apiVersion ?? 'v1'}, or is not supported for ${req.action ?? 'generateContent'}. Call ListModels to see the list of available models and their supported methods.`;
  return googleError(404, message, 'NOT_FOUND');
}

/** Google puts the retry hint in a RetryInfo detail (e.g. "23s"); the fake mirrors Retry-After there. */
export function retryInfo(retryAfterSeconds: string): unknown {
  return { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` };
}

export interface WireResponsePart {
  text?: string;
  inlineData?: { mimeType: string; data: string };
}

export interface UsageInput {
  promptTokens: number;
  /** Tokens for the generated parts; 0 when nothing was generated. */
  outputTokens: number;
  /** The image's share of outputTokens, reported as candidatesTokensDetails as the real API does. */
  imageTokens?: number;
}

function usageMetadata({ promptTokens, outputTokens, imageTokens }: UsageInput): Record<string, unknown> {
  const usage: Record<string, unknown> = { promptTokenCount: promptTokens };
  if (outputTokens > 0) usage.candidatesTokenCount = outputTokens;
  if (imageTokens !== undefined) usage.candidatesTokensDetails = [{ modality: 'IMAGE', tokenCount: imageTokens }];
  usage.totalTokenCount = promptTokens + outputTokens;
  return usage;
}

/** Fields every 200 response carries. */
function envelope(req: RecordedRequest, usage: UsageInput): Record<string, unknown> {
  return {
    usageMetadata: usageMetadata(usage),
    modelVersion: req.model ?? 'unknown',
    responseId: `fake-${req.index.toString(36)}-${req.receivedAt.toString(36)}`,
  };
}

/** A candidate's content; undefined leaves the content key out, as Gemini does for some blocks. */
export type CandidateContent = { role: 'model'; parts?: WireResponsePart[] } | undefined;

export function modelContent(parts: WireResponsePart[]): CandidateContent {
  return { role: 'model', parts };
}

export function candidateResponse(req: RecordedRequest, content: CandidateContent, finishReason: string, usage: UsageInput, finishMessage?: string): Record<string, unknown> {
  const candidate: Record<string, unknown> = {};
  if (content !== undefined) candidate.content = content;
  candidate.finishReason = finishReason;
  if (finishMessage !== undefined) candidate.finishMessage = finishMessage;
  candidate.index = 0;
  return { candidates: [candidate], ...envelope(req, usage) };
}

export function blockedResponse(req: RecordedRequest, reason: string, usage: UsageInput): Record<string, unknown> {
  return { promptFeedback: { blockReason: reason }, ...envelope(req, usage) };
}

export function imagePart(mime: OutputMime, data: Buffer): WireResponsePart {
  return { inlineData: { mimeType: mime, data: data.toString('base64') } };
}

/** Gemini 3 image models bill ~1120 output tokens per image up to 2K and ~2000 at 4K. */
export function imageOutputTokens(imageSize: string | undefined): number {
  return imageSize === '4K' ? 2000 : 1120;
}

export function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export const DEFAULT_MIXED_TEXT = "Here is your image! I've followed your description closely.";
export const DEFAULT_TEXT_ONLY = "I'm sorry, I can't create that image. Could you try describing it differently?";

function slug(text: string): string {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.slice(0, 4).join('-') || 'untitled';
}

/** The values the default JSON reply uses for the properties prompt enhancement asks for. */
function enhancementFields(prompt: string): Record<string, string> {
  const subject = prompt.trim() === '' ? 'an image' : prompt.trim();
  return { visualPrompt: `A detailed, well-lit rendering of ${subject}, rich in texture, balanced composition.`, name: slug(subject), emotion: 'calm' };
}

/** A value of the schema's type for one property; schemas may use OpenAPI ('STRING') or JSON Schema ('string') type names. */
function valueFor(key: string, schema: Record<string, unknown>, defaults: Record<string, string>, prompt: string): unknown {
  const type = String(schema.type ?? 'string').toLowerCase();
  const choices = Array.isArray(schema.enum) ? schema.enum : undefined;
  const preset = defaults[key];
  if (choices !== undefined && choices.length > 0) return preset !== undefined && choices.includes(preset) ? preset : choices[0];
  if (type === 'string') return preset ?? `${key} for ${prompt.slice(0, 60)}`;
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  return {};
}

/**
 * The default text reply. In JSON mode it is `{visualPrompt, name, emotion}` built from the prompt;
 * when the request carries a response schema with properties, the object follows that schema
 * instead (known keys keep the values above, enums take a listed value).
 */
export function defaultTextReply(req: RecordedRequest): string {
  const prompt = promptText(req);
  const config = generationConfig(req);
  if (config.responseMimeType !== 'application/json') return `A vivid, detailed picture of ${prompt.trim() || 'an image'}.`;
  const defaults = enhancementFields(prompt);
  const schema = (config.responseJsonSchema ?? config.responseSchema) as { properties?: Record<string, Record<string, unknown>> } | undefined;
  const properties = schema?.properties;
  if (typeof properties !== 'object' || properties === null) return JSON.stringify(defaults);
  const reply: Record<string, unknown> = {};
  for (const [key, propSchema] of Object.entries(properties)) reply[key] = valueFor(key, propSchema, defaults, prompt);
  return JSON.stringify(reply);
}

/** A models.list page covering the image models in the table and the default text model. */
export function modelList(): Record<string, unknown> {
  const ids = [...MODELS.filter((m) => m.provider === 'gemini').map((m) => m.id), DEFAULT_TEXT_MODEL];
  return { models: ids.map(modelInfo) };
}

export function modelInfo(id: string): Record<string, unknown> {
  return {
    name: `models/${id}`,
    displayName: id,
    description: `Fake ${id}`,
    inputTokenLimit: 131072,
    outputTokenLimit: 32768,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
  };
}
