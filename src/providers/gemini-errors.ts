/** Maps what the Gemini API and the SDK throw to imagegen's typed errors, and which to retry. */
import { ExitCode, ImagegenError, failure } from '../domain/errors.js';
import { parseRetryAfter, type RetryDecision } from './retry.js';
import { isNetwork, isTimeout, transportRetry } from './transport-errors.js';

interface QuotaViolation {
  quotaId?: string;
  quotaMetric?: string;
  quotaValue?: string;
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: { '@type'?: string; reason?: string; retryDelay?: string; violations?: QuotaViolation[] }[] };
}

/**
 * A 429 that waiting will not cure: the quota's limit is 0 (the plan does not include the model)
 * or a per-day quota is spent. Google says so in the message ("limit: 0") and in QuotaFailure.
 */
export function isHardQuota(body: GoogleErrorBody | undefined): boolean {
  const error = body?.error;
  if (!error) return false;
  if (/\blimit: 0\b/.test(error.message ?? '')) return true;
  const violations = (error.details ?? []).flatMap((d) => d.violations ?? []);
  return violations.some((v) => v.quotaValue === '0' || /PerDay/i.test(v.quotaId ?? '') || /per_day/i.test(v.quotaMetric ?? ''));
}

/** The SDK's ApiError carries the response body as JSON text in its message. */
function parseBody(message: string): GoogleErrorBody | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(message.slice(start)) as GoogleErrorBody;
  } catch {
    return undefined;
  }
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

export function classifyGeminiError(err: unknown, retryAfterHeader: string | null): RetryDecision {
  const status = statusOf(err);
  if (status !== undefined) {
    const body = parseBody((err as Error).message);
    if (status === 429 && isHardQuota(body)) return { retry: false, reason: 'quota exhausted' };
    const retryable = status === 408 || status === 429 || status >= 500;
    const delay = body?.error?.details?.find((d) => d.retryDelay)?.retryDelay;
    const retryAfterMs = parseRetryAfter(retryAfterHeader) ?? (delay ? parseFloat(delay) * 1000 : undefined);
    return { retry: retryable, retryAfterMs, reason: `HTTP ${status}` };
  }
  if (err instanceof SyntaxError) return { retry: true, reason: 'malformed response' };
  return transportRetry(err);
}

export function toGeminiError(err: unknown, model: string, timeoutMs: number, backend: 'gemini' | 'vertex' = 'gemini'): ImagegenError {
  if (err instanceof ImagegenError) return err;
  if (backend === 'vertex' && /default credentials|GOOGLE_APPLICATION_CREDENTIALS|invalid_grant|Could not refresh access token/i.test((err as Error)?.message ?? '')) {
    return new ImagegenError(
      'VERTEX_CREDENTIALS_MISSING',
      'Vertex AI needs Google Cloud credentials, and none were found (Application Default Credentials).',
      'Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or GOOGLE_CLOUD_ACCESS_TOKEN to an access token; GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION name the project.',
      ExitCode.usage,
      { cause: err },
    );
  }
  const status = statusOf(err);
  if (status !== undefined) {
    const body = parseBody((err as Error).message)?.error;
    const apiMessage = body?.message ?? (err as Error).message;
    const invalidKey = body?.details?.some((d) => d.reason === 'API_KEY_INVALID') || /api key not valid/i.test(apiMessage);
    if (invalidKey) {
      return failure('API_KEY_INVALID', 'The Gemini API rejected the API key as not valid.', 'Check GEMINI_API_KEY (or GOOGLE_API_KEY); create a key at https://aistudio.google.com/apikey.', err);
    }
    if (status === 401 || status === 403) {
      const hint =
        backend === 'vertex'
          ? 'Check that the credentials may use Vertex AI in GOOGLE_CLOUD_PROJECT (role Vertex AI User) and that the Vertex AI API is enabled there.'
          : 'Check that the key is valid and that the Gemini API is enabled for its project.';
      return failure('API_PERMISSION_DENIED', `The Gemini API refused the request (HTTP ${status}): ${apiMessage}`, hint, err);
    }
    if (status === 404) {
      return failure('MODEL_NOT_FOUND', `The Gemini API does not know model "${model}": ${apiMessage}`, 'Check the model id given with -m or IMAGEGEN_MODEL.', err);
    }
    if (status === 429 && isHardQuota(parseBody((err as Error).message))) {
      return failure(
        'QUOTA_EXHAUSTED',
        `The Gemini API quota for ${model} is used up and will not recover by waiting: ${apiMessage}`,
        'Check the plan and billing of the key\'s project (https://ai.dev/rate-limit, https://ai.google.dev/gemini-api/docs/rate-limits): a limit of 0 means the plan does not include this model; a per-day quota resets at midnight Pacific time.',
        err,
      );
    }
    if (status === 429) {
      return failure('RATE_LIMITED', `The Gemini API's rate limit or quota was hit: ${apiMessage}`, 'Wait a minute and retry, ask for fewer images at once, or check your quota.', err);
    }
    if (status >= 500) {
      return failure('API_UNAVAILABLE', `The Gemini API failed (HTTP ${status}) after retries: ${apiMessage}`, 'It is usually temporary: try again in a little while.', err);
    }
    return failure('API_REQUEST_REJECTED', `The Gemini API rejected the request (HTTP ${status}): ${apiMessage}`, 'Check the prompt, the inputs and the options against the model.', err);
  }
  if (err instanceof SyntaxError) {
    return failure('API_BAD_RESPONSE', 'The Gemini API sent a response that is not valid JSON.', 'Try again; if it persists, check GOOGLE_GEMINI_BASE_URL points at the Gemini API.', err);
  }
  if (isTimeout(err)) {
    return failure('API_TIMEOUT', `No answer from the Gemini API within ${Math.round(timeoutMs / 1000)} s.`, 'Try again, or allow longer with IMAGEGEN_TIMEOUT_MS.', err);
  }
  if (isNetwork(err)) {
    return failure('NETWORK_ERROR', `Could not reach the Gemini API: ${(err as Error).message}.`, 'Check the network connection (and GOOGLE_GEMINI_BASE_URL if it is set).', err);
  }
  return failure('API_ERROR', `The Gemini call failed: ${(err as Error)?.message ?? String(err)}`, 'Run again with IMAGEGEN_DEBUG=1 for details.', err);
}
