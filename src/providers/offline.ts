/**
 * The offline provider: no key, no network, no cost. A deterministic placeholder at the requested
 * aspect ratio and size with the prompt drawn on it, marked as a placeholder in the catalog and
 * in the file. For first tries and for CI rehearsals.
 */
import { renderPlaceholder } from '../images/index.js';
import { dimensionsFor } from './models.js';
import type { ImageProvider, ImageRequest, ImageResult } from '../domain/provider.js';

export class OfflineProvider implements ImageProvider {
  readonly name = 'offline' as const;

  async generate(request: ImageRequest): Promise<ImageResult> {
    request.signal?.throwIfAborted();
    const { width, height } = dimensionsFor(request.aspectRatio, request.imageSize);
    const inputs = request.inputs.length ? ` · ${request.inputs.length} input image${request.inputs.length > 1 ? 's' : ''}` : '';
    const data = await renderPlaceholder({
      prompt: request.prompt,
      width,
      height,
      seed: String(request.hints?.seed ?? request.prompt),
      caption: `${request.aspectRatio} · ${request.imageSize}${inputs}`,
    });
    return { mimeType: 'image/png', data, usage: { inputTokens: 0, outputTokens: 0 }, metadata: { placeholder: true } };
  }
}
