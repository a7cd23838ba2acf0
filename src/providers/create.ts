/** Builds the chosen provider, importing its module only when it is used (start-up stays light). */
import { usageError } from '../core/errors.js';
import { DEFAULT_TEXT_MODEL } from './models.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { Env } from '../config/settings.js';
import type { ImageProvider, ProviderName } from './types.js';
import type { BatchProvider } from './batch-types.js';
import type { TextModel } from '../prompts/enhance.js';

function intFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw usageError('INVALID_SETTING', `${name}=${raw} is not a whole number.`, `Unset ${name} or give it a number such as ${fallback}.`);
  }
  return value;
}

/** The retry policy, with IMAGEGEN_RETRIES (total tries) and IMAGEGEN_RETRY_BASE_MS applied. */
function retryFromEnv(env: Env): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    attempts: Math.max(1, intFromEnv(env, 'IMAGEGEN_RETRIES', DEFAULT_RETRY.attempts)),
    baseDelayMs: intFromEnv(env, 'IMAGEGEN_RETRY_BASE_MS', DEFAULT_RETRY.baseDelayMs),
  };
}

export async function createProvider(name: ProviderName, apiKey: string | undefined, env: Env): Promise<ImageProvider> {
  switch (name) {
    case 'offline': {
      const { OfflineProvider } = await import('./offline.js');
      return new OfflineProvider();
    }
    case 'gemini': {
      if (!apiKey) {
        throw usageError(
          'MISSING_API_KEY',
          'No Gemini API key: GEMINI_API_KEY (or GOOGLE_API_KEY) is not set.',
          'Set GEMINI_API_KEY in the environment or in a .env file here (get a key at https://aistudio.google.com/apikey), or try --provider offline.',
        );
      }
      const { GeminiProvider } = await import('./gemini.js');
      return new GeminiProvider({
        apiKey,
        timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000),
        retry: retryFromEnv(env),
      });
    }
    case 'huggingface': {
      const token = env.HF_TOKEN;
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
        baseUrl: env.IMAGEGEN_HF_BASE_URL || DEFAULT_HF_BASE_URL,
        timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000),
        retry: retryFromEnv(env),
      });
    }
  }
}

/**
 * The Gemini text model for --enhance (IMAGEGEN_TEXT_MODEL, default DEFAULT_TEXT_MODEL), or null
 * without a key. At most two tries, and 60 s unless IMAGEGEN_TIMEOUT_MS says otherwise: a failure
 * here only means the offline rules are used instead.
 */
export async function createTextModel(apiKey: string | undefined, env: Env): Promise<TextModel | null> {
  if (!apiKey) return null;
  const { GeminiTextModel } = await import('./gemini-text.js');
  const retry = retryFromEnv(env);
  return new GeminiTextModel({
    apiKey,
    model: env.IMAGEGEN_TEXT_MODEL || DEFAULT_TEXT_MODEL,
    timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 60_000),
    retry: { ...retry, attempts: Math.min(2, retry.attempts) },
  });
}

/** The batch side of a provider: only Gemini has one (its Batch API, at half the price). */
export async function createBatchProvider(name: ProviderName, apiKey: string | undefined, env: Env): Promise<BatchProvider> {
  if (name !== 'gemini') {
    throw usageError('BATCH_UNSUPPORTED', `The ${name} provider has no batch API.`, 'Use --provider gemini with --batch, or drop --batch.');
  }
  if (!apiKey) {
    throw usageError('MISSING_API_KEY', 'No Gemini API key: GEMINI_API_KEY (or GOOGLE_API_KEY) is not set.', 'Set GEMINI_API_KEY in the environment or in a .env file here (get a key at https://aistudio.google.com/apikey).');
  }
  const { GeminiBatchProvider, DEFAULT_INLINE_LIMIT_BYTES } = await import('./gemini-batch.js');
  return new GeminiBatchProvider({
    apiKey,
    timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000),
    retry: retryFromEnv(env),
    inlineLimitBytes: intFromEnv(env, 'IMAGEGEN_BATCH_INLINE_LIMIT', DEFAULT_INLINE_LIMIT_BYTES),
  });
}
