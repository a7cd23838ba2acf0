/**
 * Builds the chosen provider from plain settings (config/settings.ts resolves them), importing its
 * module only when it is used (start-up stays light).
 */
import { usageError } from '../domain/errors.js';
import { DEFAULT_TEXT_MODEL, aliasNotice, resolveModelId } from './models.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { ProviderSettings } from '../domain/provider-settings.js';
import type { ImageProvider, ProviderName } from '../domain/provider.js';
import type { BatchProvider } from './batch-types.js';
import type { TextModel } from '../domain/text-model.js';

/** The retry policy, with IMAGEGEN_RETRIES (total tries) and IMAGEGEN_RETRY_BASE_MS applied. */
function retryOf(settings: ProviderSettings): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    attempts: Math.max(1, settings.retries ?? DEFAULT_RETRY.attempts),
    baseDelayMs: settings.retryBaseMs ?? DEFAULT_RETRY.baseDelayMs,
  };
}

/** An image request's time limit unless IMAGEGEN_TIMEOUT_MS says otherwise. */
const IMAGE_TIMEOUT_MS = 180_000;

/** The Vertex AI project and location, or a usage error naming what to set. */
export function vertexTarget(settings: ProviderSettings): { project: string; location: string; accessToken?: string } {
  const project = settings.vertexProject;
  if (!project) {
    throw usageError(
      'MISSING_VERTEX_PROJECT',
      'Vertex AI was chosen (--vertex or GOOGLE_GENAI_USE_VERTEXAI=true) but GOOGLE_CLOUD_PROJECT is not set.',
      'Set GOOGLE_CLOUD_PROJECT to your project id and GOOGLE_CLOUD_LOCATION to a region such as us-central1 (default: global), and sign in with `gcloud auth application-default login`.',
    );
  }
  const token = settings.vertexAccessToken;
  return { project, location: settings.vertexLocation, ...(token ? { accessToken: token } : {}) };
}

export async function createProvider(name: ProviderName, settings: ProviderSettings): Promise<ImageProvider> {
  const apiKey = settings.apiKey;
  switch (name) {
    case 'offline': {
      const { OfflineProvider } = await import('./offline.js');
      return new OfflineProvider();
    }
    case 'gemini': {
      if (settings.vertex) {
        const vertex = vertexTarget(settings);
        const { GeminiProvider } = await import('./gemini.js');
        return new GeminiProvider({ vertex, timeoutMs: settings.timeoutMs ?? IMAGE_TIMEOUT_MS, retry: retryOf(settings) });
      }
      if (!apiKey) {
        throw usageError(
          'MISSING_API_KEY',
          'No Gemini API key: GEMINI_API_KEY (or GOOGLE_API_KEY) is not set.',
          'Set GEMINI_API_KEY in the environment or in a .env file here (get a key at https://aistudio.google.com/apikey), use Vertex AI with --vertex and GOOGLE_CLOUD_PROJECT, or try --provider offline.',
        );
      }
      const { GeminiProvider } = await import('./gemini.js');
      return new GeminiProvider({
        apiKey,
        timeoutMs: settings.timeoutMs ?? IMAGE_TIMEOUT_MS,
        retry: retryOf(settings),
      });
    }
    case 'huggingface': {
      const token = settings.hfToken;
      if (!token) {
        throw usageError(
          'MISSING_HF_TOKEN',
          'No Hugging Face token: HF_TOKEN is not set.',
          'Set HF_TOKEN in the environment or in a .env file here (create one at https://huggingface.co/settings/tokens), or use --provider gemini.',
        );
      }
      const { HuggingFaceProvider, DEFAULT_HF_BASE_URL } = await import('./huggingface.js');
      return new HuggingFaceProvider({
        token,
        baseUrl: settings.hfBaseUrl || DEFAULT_HF_BASE_URL,
        timeoutMs: settings.timeoutMs ?? IMAGE_TIMEOUT_MS,
        retry: retryOf(settings),
      });
    }
  }
}

/**
 * The Gemini text model for --enhance (IMAGEGEN_TEXT_MODEL, default DEFAULT_TEXT_MODEL), or null
 * without a key. At most two tries, and 60 s unless IMAGEGEN_TIMEOUT_MS says otherwise: a failure
 * here only means the offline rules are used instead.
 */
export async function createTextModel(settings: ProviderSettings, onNotice?: (message: string) => void): Promise<TextModel | null> {
  const { apiKey } = settings;
  const vertex = settings.vertex ? vertexTarget(settings) : undefined;
  if (!apiKey && !vertex) return null;
  // A retired text model id is sent as its replacement.
  const { id, alias } = resolveModelId(settings.textModel || DEFAULT_TEXT_MODEL);
  if (alias) onNotice?.(aliasNotice(alias));
  const { GeminiTextModel } = await import('./gemini-text.js');
  const retry = retryOf(settings);
  return new GeminiTextModel({
    ...(vertex ? { vertex } : { apiKey }),
    model: id,
    timeoutMs: settings.timeoutMs ?? 60_000,
    retry: { ...retry, attempts: Math.min(2, retry.attempts) },
  });
}

/** The batch side of a provider: only Gemini has one (its Batch API, at half the price). */
export async function createBatchProvider(name: ProviderName, settings: ProviderSettings): Promise<BatchProvider> {
  const { apiKey } = settings;
  if (name !== 'gemini') {
    throw usageError('BATCH_UNSUPPORTED', `The ${name} provider has no batch API.`, 'Use --provider gemini with --batch, or drop --batch.');
  }
  if (settings.vertex) {
    throw usageError(
      'BATCH_UNSUPPORTED',
      'Batch jobs go through the Gemini Developer API; Vertex AI batch prediction (Cloud Storage or BigQuery in and out) is not supported.',
      'Use a GEMINI_API_KEY without --vertex for --batch, or drop --batch.',
    );
  }
  if (!apiKey) {
    throw usageError('MISSING_API_KEY', 'No Gemini API key: GEMINI_API_KEY (or GOOGLE_API_KEY) is not set.', 'Set GEMINI_API_KEY in the environment or in a .env file here (get a key at https://aistudio.google.com/apikey).');
  }
  const { GeminiBatchProvider, DEFAULT_INLINE_LIMIT_BYTES } = await import('./gemini-batch.js');
  return new GeminiBatchProvider({
    apiKey,
    timeoutMs: settings.timeoutMs ?? IMAGE_TIMEOUT_MS,
    retry: retryOf(settings),
    inlineLimitBytes: settings.batchInlineLimitBytes ?? DEFAULT_INLINE_LIMIT_BYTES,
  });
}
