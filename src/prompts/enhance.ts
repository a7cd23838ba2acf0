/**
 * --enhance (seed 004's pipeline): one structured call to a text model turns the user's words,
 * plus optional background and earlier prompts, into a detailed visual prompt, a name and an
 * emotion. This file writes the request (system text, request text, schema); core makes the call
 * (core/describe-prompt.ts) and enhance-reply.ts checks what comes back.
 */
import type { TextJsonRequest } from '../domain/text-model.js';
import { EMOTION_NAMES, type Emotion } from '../domain/emotions.js';
import { MAX_NAME_LENGTH } from './names.js';

/** Background from --context, with the file it came from. */
export interface EnhanceContext {
  source: string;
  text: string;
}

export interface EnhanceRequest {
  /** The user's words. */
  prompt: string;
  /** Background from --context, with the file it came from. */
  context?: EnhanceContext;
  /** Earlier prompts of the same project, newest first (--history). */
  history?: string[];
  /** An emotion the user fixed with --emotion: the visual prompt should carry it. */
  emotion?: Emotion | null;
}

export const ENHANCE_SCHEMA: Record<string, unknown> = {
  type: 'OBJECT',
  properties: {
    visualPrompt: { type: 'STRING', description: 'A detailed prompt for an image model: subject, setting, composition, light, palette, texture and style, in one paragraph.' },
    name: { type: 'STRING', description: `A short title for the image: 2 to 5 words in Title Case, at most ${MAX_NAME_LENGTH} characters.` },
    emotion: { type: 'STRING', format: 'enum', enum: [...EMOTION_NAMES], description: 'The emotion the image should carry.' },
  },
  required: ['visualPrompt', 'name', 'emotion'],
  propertyOrdering: ['visualPrompt', 'name', 'emotion'],
};

export const ENHANCE_SYSTEM = [
  'You write prompts for an image generation model.',
  'Turn the person\'s words into one detailed visual prompt of 40 to 120 words that describes what the picture shows: the subject, the setting, the composition, the light, the colour palette, textures and the style.',
  'Keep everything the person asked for and invent nothing that contradicts it. Use the background and the earlier prompts only to fill in what the words leave open.',
  `Also suggest a short title (2 to 5 words, Title Case) and pick the emotion that fits best, one of: ${EMOTION_NAMES.join(', ')}.`,
  'Answer with the JSON object only.',
].join(' ');

/** The text sent to the model: background first, then earlier prompts, then the request itself. */
export function enhanceRequestText(request: EnhanceRequest): string {
  const sections: string[] = [];
  if (request.context) sections.push(`Background (from ${request.context.source}):\n${request.context.text.trim()}`);
  if (request.history?.length) sections.push(`Earlier prompts in this project, newest first:\n${request.history.map((p) => `- ${p}`).join('\n')}`);
  if (request.emotion) sections.push(`The emotion is fixed: ${request.emotion}. Let the visual prompt carry it.`);
  sections.push(`The person's words:\n${request.prompt}`);
  return sections.join('\n\n');
}

/** The one structured call to make, without its signal. */
export function enhanceCall(request: EnhanceRequest): Omit<TextJsonRequest, 'signal'> {
  return { system: ENHANCE_SYSTEM, prompt: enhanceRequestText(request), schema: ENHANCE_SCHEMA };
}
