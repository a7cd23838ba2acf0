/** What a Gemini reply says it used: input tokens, and output tokens split into image and the rest. */
import type { GenerateContentResponse } from '@google/genai';
import type { TokenUsage } from './models.js';

export type ReplyUsage = TokenUsage;

/**
 * promptTokenCount is the input; candidatesTokenCount (image and text) plus thoughtsTokenCount is
 * every billed output token; candidatesTokensDetails' IMAGE modality, when given, is the image's share.
 */
export function usageOf(response: Pick<GenerateContentResponse, 'usageMetadata'>): ReplyUsage {
  const meta = response.usageMetadata;
  const image = meta?.candidatesTokensDetails?.find((d) => String(d.modality) === 'IMAGE')?.tokenCount;
  return {
    inputTokens: meta?.promptTokenCount ?? 0,
    outputTokens: (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0),
    ...(image !== undefined ? { imageTokens: image } : {}),
  };
}
