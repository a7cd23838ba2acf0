/** The small seam to a text model (--enhance, naming): JSON answers that follow a schema. */
export interface TextUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface TextJsonRequest {
  /** The system instruction. */
  system: string;
  prompt: string;
  /** The response schema, in the OpenAPI subset Gemini's responseSchema takes. */
  schema: Record<string, unknown>;
  signal?: AbortSignal;
}

/** A text model that answers in JSON following a schema; throws ImagegenError on failure. */
export interface TextModel {
  readonly id: string;
  generateJson(request: TextJsonRequest): Promise<{ text: string; usage: TextUsage }>;
}
