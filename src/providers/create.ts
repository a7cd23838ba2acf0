/** Builds the chosen provider, importing its module only when it is used (start-up stays light). */
import { usageError } from '../core/errors.js';
import { DEFAULT_RETRY } from './retry.js';
import type { Env } from '../config/settings.js';
import type { ImageProvider, ProviderName } from './types.js';

function intFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw usageError('INVALID_SETTING', `${name}=${raw} is not a whole number.`, `Unset ${name} or give it a number such as ${fallback}.`);
  }
  return value;
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
        retry: {
          ...DEFAULT_RETRY,
          attempts: Math.max(1, intFromEnv(env, 'IMAGEGEN_RETRIES', DEFAULT_RETRY.attempts)),
          baseDelayMs: intFromEnv(env, 'IMAGEGEN_RETRY_BASE_MS', DEFAULT_RETRY.baseDelayMs),
        },
      });
    }
    case 'huggingface':
      throw usageError('PROVIDER_UNAVAILABLE', 'The huggingface provider is not available yet.', 'Use --provider gemini or --provider offline.');
  }
}
