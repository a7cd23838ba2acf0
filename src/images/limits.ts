/** Hard limits on input images, checked before anything is decoded. */

/** More pixels than this (from the header) is refused as a likely decompression bomb. */
export const MAX_INPUT_PIXELS = 100_000_000;

/** More bytes than this is refused before it is read. */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

/** What the model is sent at most, per input image. */
export interface InputLimits {
  /** Longest edge in pixels. */
  maxEdge: number;
  /** Encoded size in bytes. */
  maxBytes: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxEdge: 3072, maxBytes: 7 * 1024 * 1024 };
