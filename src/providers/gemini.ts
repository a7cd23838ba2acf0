/**
 * The Gemini provider: the only file that imports @google/genai. One generateContent call per
 * image, parts walked by hand (the SDK's .data/.text getters warn on mixed replies), transient
 * failures retried here so that Retry-After can be honoured.
 */
import { GoogleGenAI, type GenerateContentResponse, type Part } from '@google/genai';
import { failure } from '../core/errors.js';
import { findModel } from './models.js';
import { classifyGeminiError, toGeminiError } from './gemini-errors.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { ImageProvider, ImageRequest, ImageResult } from './types.js';

export interface GeminiOptions {
  apiKey: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** Finish reasons that mean the model withheld the image on policy grounds. */
const BLOCKED_FINISH = new Set(['SAFETY', 'IMAGE_SAFETY', 'PROHIBITED_CONTENT', 'IMAGE_PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_RECITATION']);

export class GeminiProvider implements ImageProvider {
  readonly name = 'gemini' as const;
  private readonly ai: GoogleGenAI;
  private readonly options: GeminiOptions;

  constructor(options: GeminiOptions) {
    this.options = options;
    this.ai = new GoogleGenAI({ apiKey: options.apiKey });
  }

  async generate(request: ImageRequest): Promise<ImageResult> {
    const spec = findModel(request.model);
    let retryAfter: string | null = null;
    // Wraps fetch to see the Retry-After header, which the SDK's ApiError does not carry.
    const watchingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      retryAfter = response.ok ? null : response.headers.get('retry-after');
      return response;
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
          httpOptions: { timeout: this.options.timeoutMs, fetch: watchingFetch },
        },
      });
    let response: GenerateContentResponse;
    try {
      response = await withRetry(call, (err) => classifyGeminiError(err, retryAfter), this.options.retry, {
        signal: request.signal,
        onRetry: request.onRetry, wait: request.waitToRetry,
      });
    } catch (err) {
      if (request.signal?.aborted) throw err;
      throw toGeminiError(err, request.model, this.options.timeoutMs);
    }
    return readImage(response);
  }
}

/** Takes the first image out of a response, or explains why there is none. */
export function readImage(response: GenerateContentResponse): ImageResult {
  const usage = {
    inputTokens: response.usageMetadata?.promptTokenCount ?? 0,
    outputTokens: (response.usageMetadata?.candidatesTokenCount ?? 0) + (response.usageMetadata?.thoughtsTokenCount ?? 0),
  };
  const blockReason = response.promptFeedback?.blockReason;
  const candidate = response.candidates?.[0];
  if (!candidate) {
    const why = blockReason ? ` (${blockReason})` : '';
    const detail = response.promptFeedback?.blockReasonMessage ? `: ${response.promptFeedback.blockReasonMessage}` : '';
    return fail('PROMPT_BLOCKED', `Gemini blocked the prompt${why}${detail}.`, 'Rephrase the prompt; nothing was charged for the image.');
  }
  const parts = candidate.content?.parts ?? [];
  const text = parts
    .filter((p) => typeof p.text === 'string' && !p.thought)
    .map((p) => p.text)
    .join('\n')
    .trim();
  const image = parts.find((p) => p.inlineData?.data && p.inlineData.mimeType?.startsWith('image/') && !p.thought)?.inlineData;
  const finishReason = candidate.finishReason ? String(candidate.finishReason) : undefined;
  if (image?.data && image.mimeType) {
    return {
      mimeType: image.mimeType,
      data: Buffer.from(image.data, 'base64'),
      usage,
      ...(text ? { text } : {}),
      metadata: { finishReason: finishReason ?? null, modelVersion: response.modelVersion ?? null, responseId: response.responseId ?? null },
    };
  }
  if (finishReason && BLOCKED_FINISH.has(finishReason)) {
    return fail('IMAGE_BLOCKED', `Gemini withheld the image (${finishReason}).`, 'Rephrase the prompt or change the inputs; safety filters cannot be turned off for images.');
  }
  if (text) {
    return fail('NO_IMAGE_RETURNED', `Gemini replied with text instead of an image: "${text.slice(0, 300)}"`, 'Make the prompt ask for a picture explicitly, or try again.');
  }
  return fail('NO_IMAGE_RETURNED', `Gemini returned no image${finishReason ? ` (${finishReason})` : ''}.`, 'Try again, or rephrase the prompt.');
}

function fail(code: string, message: string, hint: string): never {
  throw failure(code, message, hint);
}
