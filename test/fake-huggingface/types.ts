/** Types of the fake Hugging Face inference endpoint: what tests can make it do, and what it records. */
import type { IncomingHttpHeaders } from 'node:http';

/** One behaviour for one request; queue them with `enqueue` or set a fallback with `setDefault`. */
export type HfFault =
  /** A real image of parameters.width × parameters.height: JPEG, as hf-inference serves FLUX. */
  | { kind: 'ok' }
  /** The same, as PNG. */
  | { kind: 'png' }
  /** 503 `{"error": "Model … is currently loading", "estimated_time": seconds}`. */
  | { kind: 'loading'; estimatedTime?: number }
  /** Any HTTP error with `{"error": message}` (or that message as text/plain), and an optional Retry-After. */
  | { kind: 'status'; status: number; error?: string; retryAfter?: string; text?: boolean }
  /** 200 with a body that is not an image. */
  | { kind: 'notImage' }
  /** Never answers; the socket stays open until the client gives up or the server closes. */
  | { kind: 'hang' };

/** What the hf-inference text-to-image route takes as its JSON body. */
export interface HfRequestBody {
  inputs?: string;
  parameters?: { guidance_scale?: number; num_inference_steps?: number; width?: number; height?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface HfRecordedRequest {
  index: number;
  method: string;
  path: string;
  /** The model id from `/models/{owner}/{name}`, or null for another path. */
  model: string | null;
  /** The bearer token, or null when the request had none. */
  token: string | null;
  headers: IncomingHttpHeaders;
  body: HfRequestBody | null;
  rawBody: string;
  receivedAt: number;
}
