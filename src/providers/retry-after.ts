/**
 * A fetch wrapper that remembers the last response's Retry-After header: SDK errors do not carry
 * response headers, and withRetry needs it to wait as long as the server asked.
 */
export interface RetryAfterWatch {
  fetch: typeof fetch;
  /** The Retry-After of the last response that failed, or null. */
  retryAfter(): string | null;
}

export function watchRetryAfter(inner: typeof fetch = fetch): RetryAfterWatch {
  let header: string | null = null;
  return {
    fetch: async (input, init) => {
      const response = await inner(input, init);
      header = response.ok ? null : response.headers.get('retry-after');
      return response;
    },
    retryAfter: () => header,
  };
}
