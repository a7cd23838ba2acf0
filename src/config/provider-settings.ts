/**
 * The providers' settings from the environment: keys, Vertex AI, Hugging Face, time limits,
 * retries, the text model. Read here and nowhere else; the providers get the plain values.
 */
import type { Env } from '../domain/env.js';
import { usageError } from '../domain/errors.js';
import type { ProviderSettings } from '../domain/provider-settings.js';

/** A whole number of at least 0 from the environment, or undefined when unset or empty. */
function intFromEnv(env: Env, name: string, example: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw usageError('INVALID_SETTING', `${name}=${raw} is not a whole number.`, `Unset ${name} or give it a number such as ${example}.`);
  }
  return value;
}

const trimmed = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** Whether Vertex AI is asked for: the --vertex flag, else GOOGLE_GENAI_USE_VERTEXAI=true. */
export function vertexFrom(flag: boolean | undefined, env: Env): boolean {
  return flag === true || env.GOOGLE_GENAI_USE_VERTEXAI?.trim().toLowerCase() === 'true';
}

/** The Gemini API key: GEMINI_API_KEY, else GOOGLE_API_KEY. */
export function apiKeyFrom(env: Env): string | undefined {
  return env.GEMINI_API_KEY || env.GOOGLE_API_KEY || undefined;
}

/** The providers' settings; a malformed number is a usage error (INVALID_SETTING) naming the variable. */
export function providerSettingsFrom(env: Env, vertex: boolean): ProviderSettings {
  return {
    apiKey: apiKeyFrom(env),
    vertex,
    vertexProject: trimmed(env.GOOGLE_CLOUD_PROJECT),
    vertexLocation: trimmed(env.GOOGLE_CLOUD_LOCATION) ?? 'global',
    vertexAccessToken: trimmed(env.GOOGLE_CLOUD_ACCESS_TOKEN),
    hfToken: env.HF_TOKEN || undefined,
    hfBaseUrl: env.IMAGEGEN_HF_BASE_URL || undefined,
    timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000),
    retries: intFromEnv(env, 'IMAGEGEN_RETRIES', 4),
    retryBaseMs: intFromEnv(env, 'IMAGEGEN_RETRY_BASE_MS', 1000),
    textModel: env.IMAGEGEN_TEXT_MODEL || undefined,
    batchInlineLimitBytes: intFromEnv(env, 'IMAGEGEN_BATCH_INLINE_LIMIT', 19 * 1024 * 1024),
  };
}

/** A positive whole number from the environment, else the fallback (a wrong value is ignored). */
export function positiveIntOr(raw: string | undefined, fallback: number): number {
  const n = raw ? Number(raw) : fallback;
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
