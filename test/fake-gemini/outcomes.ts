/**
 * Turning a Fault into what goes on the wire for one request. Pure apart from the delays and the
 * image serial number, which the server supplies through OutcomeContext.
 */
import { isAspectRatio } from '../../src/providers/models.js';
import { colourFor, IMAGE_SIZES, makeImage, outputSize } from './images.js';
import type { OutputMime } from './images.js';
import { generationConfig, promptText, promptTokens, wantsImage } from './requests.js';
import {
  blockedResponse,
  candidateResponse,
  DEFAULT_MIXED_TEXT,
  DEFAULT_TEXT_ONLY,
  defaultTextReply,
  googleError,
  imageOutputTokens,
  imagePart,
  invalidKeyError,
  modelContent,
  modelInfo,
  modelList,
  retryInfo,
  textTokens,
  unknownModelError,
} from './responses.js';
import type { CandidateContent, WireResponsePart } from './responses.js';
import { loadRecording } from './recordings.js';
import type { Fault, RecordedRequest, TextReply } from './types.js';

/** What to send for one request. */
export type Outcome =
  | { type: 'send'; status: number; headers: Record<string, string>; body: string }
  | { type: 'hang' }
  | { type: 'disconnect' };

export interface OutcomeContext {
  /** Waits, but returns early when the server closes. */
  sleep(ms: number): Promise<void>;
  /** A number unique to this response, to make image bytes unique. */
  nextSerial(): number;
  textReply: TextReply | undefined;
}

export const JSON_TYPE = 'application/json; charset=UTF-8';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Outcome {
  return { type: 'send', status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** A JSON body cut off mid-string, as a truncated response would be. */
const TRUNCATED_JSON = '{"candidates": [{"content": {"parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0';

/**
 * The outcome of `fault` for a request. `isGenerate` is false for the models list/get calls,
 * which only honour the transport and error faults (content faults there act like ok).
 */
export async function outcomeFor(fault: Fault, req: RecordedRequest, isGenerate: boolean, ctx: OutcomeContext): Promise<Outcome> {
  switch (fault.kind) {
    case 'hang':
    case 'disconnect':
      return { type: fault.kind };
    case 'delay':
      await ctx.sleep(fault.ms);
      return outcomeFor(fault.then ?? { kind: 'ok' }, req, isGenerate, ctx);
    case 'status': {
      const details = [...(fault.details ?? [])];
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) {
        headers['retry-after'] = fault.retryAfter;
        details.push(retryInfo(fault.retryAfter));
      }
      return json(fault.status, googleError(fault.status, fault.message, fault.googleStatus, details), headers);
    }
    case 'invalidKey':
      return json(400, invalidKeyError());
    case 'unknownModel':
      return json(404, unknownModelError(req));
    case 'malformed':
      return { type: 'send', status: 200, headers: { 'content-type': JSON_TYPE }, body: fault.body ?? TRUNCATED_JSON };
    case 'raw':
      return { type: 'send', status: fault.status, headers: fault.headers ?? {}, body: fault.body };
    case 'recorded': {
      const recording = loadRecording(fault.name);
      return json(recording.response.status, recording.response.body, recording.response.headers ?? {});
    }
    default:
      break;
  }
  if (!isGenerate) return json(200, req.model === null ? modelList() : modelInfo(req.model));
  const invalid = validate(req);
  if (invalid !== undefined) return invalid;
  const usage = { promptTokens: promptTokens(req), outputTokens: 0 };
  switch (fault.kind) {
    case 'blockedPrompt':
      return json(200, blockedResponse(req, fault.reason ?? 'SAFETY', usage));
    case 'finishReason': {
      let content: CandidateContent;
      if (fault.text !== undefined) content = modelContent([{ text: fault.text }]);
      else if (fault.content === 'none') content = undefined;
      else content = fault.content === 'emptyParts' ? modelContent([]) : { role: 'model' };
      usage.outputTokens = fault.text === undefined ? 0 : textTokens(fault.text);
      return json(200, candidateResponse(req, content, fault.reason, usage, fault.message));
    }
    case 'textOnly':
      return textResponse(req, fault.text ?? DEFAULT_TEXT_ONLY);
    case 'jpeg':
      return imageResponse(req, ctx, 'image/jpeg');
    case 'mixed':
      return imageResponse(req, ctx, 'image/png', fault.text ?? DEFAULT_MIXED_TEXT);
    case 'ok': {
      if (wantsImage(req)) return imageResponse(req, ctx, 'image/png');
      const reply = ctx.textReply;
      return textResponse(req, reply === undefined ? defaultTextReply(req) : typeof reply === 'function' ? reply(req) : reply);
    }
  }
}

/** The checks the real API makes that matter to imagegen; failures are 400 INVALID_ARGUMENT. */
function validate(req: RecordedRequest): Outcome | undefined {
  if (req.body === null) return json(400, googleError(400, 'Invalid JSON payload received. Unexpected token.'));
  if (!Array.isArray(req.body.contents) || req.body.contents.length === 0) {
    return json(400, googleError(400, '* GenerateContentRequest.contents: contents is not specified\n'));
  }
  const { aspectRatio, imageSize } = generationConfig(req).imageConfig ?? {};
  if (aspectRatio !== undefined && !isAspectRatio(String(aspectRatio))) {
    return json(400, googleError(400, `Unsupported aspect ratio: ${String(aspectRatio)}.`));
  }
  if (imageSize !== undefined && !IMAGE_SIZES.includes(String(imageSize))) {
    return json(400, googleError(400, `Unsupported image size: ${String(imageSize)}. Supported sizes are ${IMAGE_SIZES.join(', ')}.`));
  }
  return undefined;
}

function textResponse(req: RecordedRequest, text: string): Outcome {
  const usage = { promptTokens: promptTokens(req), outputTokens: textTokens(text) };
  return json(200, candidateResponse(req, modelContent([{ text }]), 'STOP', usage));
}

async function imageResponse(req: RecordedRequest, ctx: OutcomeContext, mime: OutputMime, leadingText?: string): Promise<Outcome> {
  const imageConfig = generationConfig(req).imageConfig ?? {};
  const { width, height } = outputSize(imageConfig.aspectRatio, imageConfig.imageSize);
  const data = await makeImage(mime, width, height, colourFor(promptText(req)), ctx.nextSerial());
  // Models that talk put their text before the image.
  const parts: WireResponsePart[] = leadingText === undefined ? [] : [{ text: leadingText }];
  parts.push(imagePart(mime, data));
  const imageTokens = imageOutputTokens(imageConfig.imageSize);
  const outputTokens = imageTokens + (leadingText === undefined ? 0 : textTokens(leadingText));
  return json(200, candidateResponse(req, modelContent(parts), 'STOP', { promptTokens: promptTokens(req), outputTokens, imageTokens }));
}
