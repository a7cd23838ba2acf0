/**
 * Maps what the Hugging Face inference client throws to imagegen's typed errors (the same codes
 * and exit codes as Gemini's), and says which failures to retry: 503 "model is loading" waits
 * for the `estimated_time` the server gives, 429 and other 5xx for Retry-After or a backoff.
 */
import { ImagegenError, failure } from '../domain/errors.js';
import { isNetwork, isTimeout, transportRetry } from './transport-errors.js';
import { parseRetryAfter, type RetryDecision } from './retry.js';

interface HfHttpError {
  name?: string;
  message?: string;
  httpResponse?: { status?: number; body?: unknown };
}

interface HfErrorBody {
  error?: string | { message?: string };
  message?: string;
  estimated_time?: number;
}

function httpOf(err: unknown): { status: number; body: HfErrorBody | undefined; message: string } | undefined {
  const response = (err as HfHttpError | undefined)?.httpResponse;
  if (typeof response?.status !== 'number') return undefined;
  const body = typeof response.body === 'object' && response.body !== null ? (response.body as HfErrorBody) : undefined;
  const text = typeof response.body === 'string' && response.body ? response.body : undefined;
  const fromBody = typeof body?.error === 'string' ? body.error : (body?.error?.message ?? body?.message);
  return { status: response.status, body, message: fromBody ?? text ?? `HTTP ${response.status}` };
}

function loadingSeconds(body: HfErrorBody | undefined): number | undefined {
  const value = body?.estimated_time;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function classifyHfError(err: unknown, retryAfterHeader: string | null): RetryDecision {
  const http = httpOf(err);
  if (http) {
    const loading = http.status === 503 ? loadingSeconds(http.body) : undefined;
    const retryAfterMs = parseRetryAfter(retryAfterHeader) ?? (loading === undefined ? undefined : loading * 1000);
    const retry = http.status === 408 || http.status === 429 || http.status >= 500;
    return { retry, retryAfterMs, reason: loading === undefined ? `HTTP ${http.status}` : 'model loading' };
  }
  return transportRetry(err);
}

export function toHfError(err: unknown, model: string, timeoutMs: number): ImagegenError {
  if (err instanceof ImagegenError) return err;
  const http = httpOf(err);
  if (http) {
    const { status, message } = http;
    if (status === 401) {
      return failure('API_KEY_INVALID', `Hugging Face rejected HF_TOKEN (HTTP 401): ${message}`, 'Check HF_TOKEN; create a token at https://huggingface.co/settings/tokens with permission to call Inference Providers.', err);
    }
    if (status === 403) {
      return failure('API_PERMISSION_DENIED', `Hugging Face refused ${model} for this HF_TOKEN (HTTP 403): ${message}`, 'Accept the model\'s licence on its Hugging Face page with the account HF_TOKEN belongs to, and give the token inference permission.', err);
    }
    if (status === 404) return failure('MODEL_NOT_FOUND', `Hugging Face does not serve model "${model}": ${message}`, 'Check the model id given with -m or IMAGEGEN_MODEL (a text-to-image model on Hugging Face).', err);
    if (status === 429) return failure('RATE_LIMITED', `Hugging Face's rate limit was hit: ${message}`, 'Wait a minute and retry, ask for fewer images at once, or check your plan\'s limits.', err);
    const loading = status === 503 ? loadingSeconds(http.body) : undefined;
    if (loading !== undefined) {
      return failure('MODEL_LOADING', `${model} is still loading on Hugging Face (about ${Math.ceil(loading)} s more): ${message}`, 'Try again in a minute, once the model is warm.', err);
    }
    if (status >= 500) return failure('API_UNAVAILABLE', `Hugging Face failed (HTTP ${status}) after retries: ${message}`, 'It is usually temporary: try again in a little while.', err);
    return failure('API_REQUEST_REJECTED', `Hugging Face rejected the request (HTTP ${status}): ${message}`, 'Check the prompt and the options against the model.', err);
  }
  if (isTimeout(err)) return failure('API_TIMEOUT', `No answer from Hugging Face within ${Math.round(timeoutMs / 1000)} s.`, 'Try again, or allow longer with IMAGEGEN_TIMEOUT_MS.', err);
  if (isNetwork(err)) return failure('NETWORK_ERROR', `Could not reach Hugging Face: ${(err as Error).message}.`, 'Check the network connection (and IMAGEGEN_HF_BASE_URL if it is set).', err);
  return failure('API_ERROR', `The Hugging Face call failed: ${(err as Error)?.message ?? String(err)}`, 'Run again with IMAGEGEN_DEBUG=1 for details.', err);
}
