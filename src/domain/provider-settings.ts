/**
 * What the providers are built from: plain values, resolved once by config/settings.ts (flag, then
 * environment, then config.json, then default). Providers take these and read no environment.
 */
export interface ProviderSettings {
  /** GEMINI_API_KEY, else GOOGLE_API_KEY. Never printed, logged or stored. */
  apiKey: string | undefined;
  /** Gemini through Vertex AI (--vertex or GOOGLE_GENAI_USE_VERTEXAI=true). */
  vertex: boolean;
  /** GOOGLE_CLOUD_PROJECT: Vertex AI needs it. */
  vertexProject: string | undefined;
  /** GOOGLE_CLOUD_LOCATION, default global. */
  vertexLocation: string;
  /** GOOGLE_CLOUD_ACCESS_TOKEN, instead of application-default credentials. */
  vertexAccessToken: string | undefined;
  /** HF_TOKEN. Never printed, logged or stored. */
  hfToken: string | undefined;
  /** IMAGEGEN_HF_BASE_URL: where Hugging Face models are reached (unset: the provider's default). */
  hfBaseUrl: string | undefined;
  /** IMAGEGEN_TIMEOUT_MS per request (unset: each kind of call's own default). */
  timeoutMs: number | undefined;
  /** IMAGEGEN_RETRIES: tries per request, at least 1 (unset: the retry policy's default). */
  retries: number | undefined;
  /** IMAGEGEN_RETRY_BASE_MS: the first back-off delay (unset: the retry policy's default). */
  retryBaseMs: number | undefined;
  /** IMAGEGEN_TEXT_MODEL: the --enhance model (unset: the default text model). */
  textModel: string | undefined;
  /** IMAGEGEN_BATCH_INLINE_LIMIT: the most bytes a batch request carries inline (unset: the default). */
  batchInlineLimitBytes: number | undefined;
}
