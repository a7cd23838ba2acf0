/**
 * The Gemini provider: the only file that imports @google/genai for images. One generateContent
 * call per image, parts walked by hand (the SDK's .data/.text getters warn on mixed replies),
 * transient failures retried here so that Retry-After can be honoured. Requests go to v1beta
 * (the SDK's own default is v1, which lacks fields image models use) or, for Vertex AI, to the
 * SDK's Vertex default with Application Default Credentials.
 */
import { GoogleGenAI, type GenerateContentResponse, type GoogleGenAIOptions, type Part } from '@google/genai';
import { ImagegenError } from '../domain/errors.js';
import { findModel } from './models.js';
import { classifyGeminiError, toGeminiError } from './gemini-errors.js';
import { usageOf, type ReplyUsage } from './gemini-usage.js';
import { watchRetryAfter } from './retry-after.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { ImageProvider, ImageRequest, ImageResult } from '../domain/provider.js';

/** The Gemini Developer API version imagegen speaks (what Google's own recordings use). */
export const GEMINI_API_VERSION = 'v1beta';

export interface VertexTarget {
  project: string;
  location: string;
  /** A ready OAuth access token (GOOGLE_CLOUD_ACCESS_TOKEN); otherwise Application Default Credentials. */
  accessToken?: string;
}

export interface GeminiOptions {
  /** The Gemini Developer API key; unused with Vertex AI. */
  apiKey?: string;
  vertex?: VertexTarget;
  /** Overrides GOOGLE_GEMINI_BASE_URL / GOOGLE_VERTEX_BASE_URL (tests). */
  baseUrl?: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** The SDK client for either backend, with imagegen's API version and base URL. */
export function geminiClient(options: Pick<GeminiOptions, 'apiKey' | 'vertex' | 'baseUrl'>): GoogleGenAI {
  const httpOptions = options.baseUrl ? { baseUrl: options.baseUrl } : undefined;
  if (options.vertex) {
    const { project, location, accessToken } = options.vertex;
    const sdkOptions: GoogleGenAIOptions = { vertexai: true, project, location, httpOptions };
    if (accessToken) sdkOptions.googleAuthOptions = { authClient: staticTokenClient(accessToken) } as GoogleGenAIOptions['googleAuthOptions'];
    // With an API key also in the environment, the SDK's constructor says which one wins with
    // console.debug — on standard output, where it would break --json. Silence it for that call.
    const debug = console.debug;
    console.debug = () => {};
    try {
      return new GoogleGenAI(sdkOptions);
    } finally {
      console.debug = debug;
    }
  }
  return new GoogleGenAI({ vertexai: false, apiKey: options.apiKey, apiVersion: GEMINI_API_VERSION, httpOptions });
}

/** An auth client that answers with one bearer token: what google-auth-library asks a client for. */
function staticTokenClient(token: string): unknown {
  return {
    getRequestHeaders: async () => new Headers({ authorization: `Bearer ${token}` }),
    getAccessToken: async () => ({ token }),
  };
}

/** Finish reasons that mean the model withheld the image on policy grounds. */
const BLOCKED_FINISH = new Set(['SAFETY', 'IMAGE_SAFETY', 'PROHIBITED_CONTENT', 'IMAGE_PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_RECITATION']);

export class GeminiProvider implements ImageProvider {
  readonly name = 'gemini' as const;
  private readonly ai: GoogleGenAI;
  private readonly options: GeminiOptions;

  constructor(options: GeminiOptions) {
    this.options = options;
    this.ai = geminiClient(options);
  }

  async generate(request: ImageRequest): Promise<ImageResult> {
    const spec = findModel(request.model);
    // Sees the Retry-After header, which the SDK's ApiError does not carry, and keeps the last
    // good body: the SDK (3.1.0) drops candidates[].finishMessage, the service's own explanation.
    const watch = watchRetryAfter();
    let lastBody: Response | undefined;
    const fetchKeepingBody: typeof fetch = async (input, init) => {
      const res = await watch.fetch(input, init);
      lastBody = res.ok ? res.clone() : undefined;
      return res;
    };
    const call = () =>
      this.ai.models.generateContent({
        model: request.model,
        contents: [
          {
            role: 'user',
            parts: [{ text: request.prompt }, ...request.inputs.map((i): Part => ({ inlineData: { mimeType: i.mimeType, data: i.data.toString('base64') } }))],
          },
        ],
        config: {
          responseModalities: ['TEXT', 'IMAGE'],
          imageConfig: {
            aspectRatio: request.aspectRatio,
            ...(spec?.sendsImageSize === false ? {} : { imageSize: request.imageSize }),
          },
          abortSignal: request.signal,
          httpOptions: { timeout: this.options.timeoutMs, fetch: fetchKeepingBody },
        },
      });
    let response: GenerateContentResponse;
    try {
      response = await withRetry(call, (err) => classifyGeminiError(err, watch.retryAfter()), this.options.retry, {
        signal: request.signal,
        onRetry: request.onRetry, wait: request.waitToRetry,
      });
    } catch (err) {
      if (request.signal?.aborted) throw err;
      throw toGeminiError(err, request.model, this.options.timeoutMs, this.options.vertex ? 'vertex' : 'gemini');
    }
    const missing = !hasImage(response) && response.candidates?.[0] && !response.candidates[0].finishMessage;
    // Not needed: let go of the copy (an image reply is megabytes).
    if (!missing) await lastBody?.body?.cancel().catch(() => undefined);
    return readImage(response, missing ? await finishMessageOf(lastBody) : undefined);
  }
}

function hasImage(response: GenerateContentResponse): boolean {
  return (response.candidates?.[0]?.content?.parts ?? []).some((p) => p.inlineData?.data && !p.thought);
}

/** candidates[0].finishMessage from the raw reply body, or undefined. */
async function finishMessageOf(body: Response | undefined): Promise<string | undefined> {
  try {
    const raw = (await body?.json()) as { candidates?: { finishMessage?: unknown }[] } | undefined;
    const message = raw?.candidates?.[0]?.finishMessage;
    return typeof message === 'string' && message !== '' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the first image out of a response, or explains why there is none, in the service's own words. */
export function readImage(response: GenerateContentResponse, rawFinishMessage?: string): ImageResult {
  const usage = usageOf(response);
  const blockReason = response.promptFeedback?.blockReason;
  const candidate = response.candidates?.[0];
  const facts = { modelVersion: response.modelVersion ?? null, responseId: response.responseId ?? null };
  if (!candidate) {
    const why = blockReason ? ` (${blockReason})` : '';
    const said = response.promptFeedback?.blockReasonMessage;
    return fail('PROMPT_BLOCKED', `Gemini blocked the prompt${why}${said ? `: ${said}` : '.'}`, 'Rephrase the prompt; a blocked prompt returns no image.', usage, {
      ...facts,
      blockReason: blockReason ?? null,
      blockReasonMessage: said ?? null,
    });
  }
  const parts = candidate.content?.parts ?? [];
  const text = parts
    .filter((p) => typeof p.text === 'string' && !p.thought)
    .map((p) => p.text)
    .join('\n')
    .trim();
  const image = parts.find((p) => p.inlineData?.data && p.inlineData.mimeType?.startsWith('image/') && !p.thought)?.inlineData;
  const finishReason = candidate.finishReason ? String(candidate.finishReason) : undefined;
  const finishMessage = candidate.finishMessage ?? rawFinishMessage;
  if (image?.data && image.mimeType) {
    return {
      mimeType: image.mimeType,
      data: Buffer.from(image.data, 'base64'),
      usage,
      ...(text ? { text } : {}),
      metadata: { finishReason: finishReason ?? null, ...facts },
    };
  }
  const details = { ...facts, finishReason: finishReason ?? null, finishMessage: finishMessage ?? null, ...(text ? { modelText: text } : {}) };
  const said = finishMessage ? `: ${finishMessage}` : '.';
  if (finishReason && BLOCKED_FINISH.has(finishReason)) {
    return fail('IMAGE_BLOCKED', `Gemini withheld the image (${finishReason})${said}`, 'Rephrase the prompt or change the inputs; safety filters cannot be turned off for images.', usage, details);
  }
  if (finishReason === 'IMAGE_OTHER' || finishReason === 'NO_IMAGE') {
    const hint = finishReason === 'NO_IMAGE' ? 'Make the prompt ask for a picture explicitly, or try again.' : 'Try again; if it keeps happening, rephrase the prompt.';
    return fail('NO_IMAGE_RETURNED', `Gemini returned no image (${finishReason})${said}${text ? ` It said: "${text.slice(0, 300)}"` : ''}`, hint, usage, details);
  }
  if (text) {
    return fail('NO_IMAGE_RETURNED', `Gemini replied with text instead of an image: "${text.slice(0, 300)}"`, 'Make the prompt ask for a picture explicitly, or try again.', usage, details);
  }
  return fail('NO_IMAGE_RETURNED', `Gemini returned no image${finishReason ? ` (${finishReason})` : ''}${said}`, 'Try again, or rephrase the prompt.', usage, details);
}

/** A failed reply: the error carries what the service reported using, so the failed entry keeps it. */
function fail(code: string, message: string, hint: string, usage: ReplyUsage, facts: Record<string, unknown>): never {
  throw new ImagegenError(code, message, hint, 1, { details: { usage, ...facts } });
}
