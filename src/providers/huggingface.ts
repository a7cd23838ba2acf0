/**
 * The Hugging Face provider (seed 004): FLUX.1-dev, or another text-to-image model id, through the
 * official @huggingface/inference client on the hf-inference route. The endpoint is given to the
 * client as `endpointUrl` (`{base}/models/{model}`, base overridable with IMAGEGEN_HF_BASE_URL),
 * which also skips the client's Hub look-up of provider mappings. The client's own 503 handling
 * (an immediate, unbounded re-request) is switched off: retries go through withRetry, which waits
 * for the server's estimated_time or Retry-After.
 */
import { InferenceClient } from '@huggingface/inference';
import { failure, usageError } from '../domain/errors.js';
import { sniffFormat } from '../images/format.js';
import { classifyHfError, toHfError } from './huggingface-errors.js';
import { fluxParameters } from './huggingface-params.js';
import { watchRetryAfter } from './retry-after.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { ImageProvider, ImageRequest, ImageResult } from '../domain/provider.js';

export const DEFAULT_HF_BASE_URL = 'https://router.huggingface.co/hf-inference';

export interface HuggingFaceOptions {
  token: string;
  /** Where `models/{id}` is appended (default DEFAULT_HF_BASE_URL). */
  baseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

export class HuggingFaceProvider implements ImageProvider {
  readonly name = 'huggingface' as const;
  private readonly client: InferenceClient;
  private readonly options: HuggingFaceOptions;

  constructor(options: HuggingFaceOptions) {
    this.options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
    this.client = new InferenceClient(options.token);
  }

  async generate(request: ImageRequest): Promise<ImageResult> {
    if (request.inputs.length > 0) {
      throw usageError('INPUTS_NOT_SUPPORTED', `The huggingface provider makes images from text only; ${request.model} was given ${request.inputs.length} input image(s).`, 'Use --provider gemini for modify and reference.');
    }
    const emotion = typeof request.hints?.emotion === 'string' ? request.hints.emotion : undefined;
    const parameters = fluxParameters(emotion, request.aspectRatio, request.imageSize);
    const endpointUrl = `${this.options.baseUrl}/models/${request.model}`;
    const watch = watchRetryAfter();
    const call = () => {
      const timeout = AbortSignal.timeout(this.options.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      return this.client.textToImage(
        { model: request.model, endpointUrl, inputs: request.prompt, parameters },
        { outputType: 'blob', retry_on_error: false, fetch: watch.fetch, signal },
      );
    };
    let blob: Blob;
    try {
      blob = await withRetry(call, (err) => classifyHfError(err, watch.retryAfter()), this.options.retry, { signal: request.signal, onRetry: request.onRetry, wait: request.waitToRetry });
    } catch (err) {
      if (request.signal?.aborted) throw err;
      throw toHfError(err, request.model, this.options.timeoutMs);
    }
    const data = Buffer.from(await blob.arrayBuffer());
    const sniffed = sniffFormat(data);
    if (sniffed.kind !== 'image') {
      throw failure('API_BAD_RESPONSE', `Hugging Face answered ${request.model} with ${data.length} bytes of ${blob.type || 'unknown type'} that are not an image.`, 'Check that the model is a text-to-image model, and IMAGEGEN_HF_BASE_URL if it is set.');
    }
    return {
      mimeType: sniffed.mimeType,
      data,
      usage: { inputTokens: 0, outputTokens: 0 },
      metadata: {
        generation: { guidanceScale: parameters.guidance_scale, steps: parameters.num_inference_steps, width: parameters.width, height: parameters.height },
      },
    };
  }
}
