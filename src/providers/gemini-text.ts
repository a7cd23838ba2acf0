/**
 * The Gemini text model behind --enhance: one generateContent call in JSON mode
 * (responseMimeType application/json + responseSchema). Errors are classified and retried like
 * image calls, with fewer attempts: a failure here only means falling back to the offline rules.
 */
import type { GoogleGenAI, Schema } from '@google/genai';
import { failure } from '../domain/errors.js';
import { classifyGeminiError, toGeminiError } from './gemini-errors.js';
import { geminiClient, type VertexTarget } from './gemini.js';
import { watchRetryAfter } from './retry-after.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { TextJsonRequest, TextModel, TextUsage } from '../domain/text-model.js';

export interface GeminiTextOptions {
  apiKey?: string;
  vertex?: VertexTarget;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

export class GeminiTextModel implements TextModel {
  readonly id: string;
  private readonly ai: GoogleGenAI;
  private readonly options: GeminiTextOptions;

  constructor(options: GeminiTextOptions) {
    this.id = options.model;
    this.options = options;
    this.ai = geminiClient(options);
  }

  async generateJson(request: TextJsonRequest): Promise<{ text: string; usage: TextUsage }> {
    const watch = watchRetryAfter();
    const call = () =>
      this.ai.models.generateContent({
        model: this.id,
        contents: [{ role: 'user', parts: [{ text: request.prompt }] }],
        config: {
          systemInstruction: request.system,
          responseMimeType: 'application/json',
          responseSchema: request.schema as Schema,
          abortSignal: request.signal,
          httpOptions: { timeout: this.options.timeoutMs, fetch: watch.fetch },
        },
      });
    try {
      const response = await withRetry(call, (err) => classifyGeminiError(err, watch.retryAfter()), this.options.retry, { signal: request.signal });
      const parts = response.candidates?.[0]?.content?.parts ?? [];
      const text = parts
        .filter((p) => typeof p.text === 'string' && !p.thought)
        .map((p) => p.text)
        .join('')
        .trim();
      if (!text) {
        const why = response.promptFeedback?.blockReason ?? response.candidates?.[0]?.finishReason ?? 'no text';
        throw failure('NO_TEXT_RETURNED', `${this.id} returned no text (${String(why)}).`, 'Try again, or rephrase the prompt.');
      }
      const usage = response.usageMetadata;
      return {
        text,
        usage: { inputTokens: usage?.promptTokenCount ?? 0, outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0) },
      };
    } catch (err) {
      if (request.signal?.aborted) throw err;
      throw toGeminiError(err, this.id, this.options.timeoutMs, this.options.vertex ? 'vertex' : 'gemini');
    }
  }
}
