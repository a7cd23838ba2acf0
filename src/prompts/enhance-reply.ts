/**
 * Validates the text model's JSON reply with zod (imported on first use: it costs ~60 ms to load,
 * and only --enhance needs it). Anything unusable becomes an EnhanceFailure whose reason says why.
 */
import { EMOTION_NAMES, type Emotion } from '../domain/emotions.js';
import { cleanName } from './names.js';

export interface EnhanceFields {
  visualPrompt: string;
  name: string;
  emotion: Emotion;
}

/** Why --enhance could not be used; describePrompt falls back to the offline rules. */
export class EnhanceFailure extends Error {
  override readonly name = 'EnhanceFailure';
}

/** Models in JSON mode still sometimes wrap the object in a Markdown fence. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text);
  return fenced?.[1] ?? text;
}

const MAX_VISUAL_PROMPT = 4000;

export async function parseEnhanceReply(text: string): Promise<EnhanceFields> {
  let data: unknown;
  try {
    data = JSON.parse(unfence(text));
  } catch {
    throw new EnhanceFailure(`the text model's reply is not JSON (${JSON.stringify(text.slice(0, 40))})`);
  }
  const { z } = await import('zod');
  const schema = z.object({
    visualPrompt: z.string().trim().min(1).max(MAX_VISUAL_PROMPT),
    name: z.string().trim().min(1),
    emotion: z.string().trim().toLowerCase().pipe(z.enum(EMOTION_NAMES)),
  });
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'reply'}: ${i.message}`).join('; ');
    throw new EnhanceFailure(`the text model's reply does not match the schema (${issues})`);
  }
  return { visualPrompt: parsed.data.visualPrompt, name: cleanName(parsed.data.name), emotion: parsed.data.emotion };
}
