/**
 * What planning every image-making command shares: checking the prompt, the count, the model and
 * the style, and assembling the ImageJob from those checks, the description of the prompt and the
 * command's own parts (its kind, inputs, lead instruction, parent).
 */
import { usageError } from '../domain/errors.js';
import { chooseModel, ratioForInput, type ModelChoice } from './model-options.js';
import { checkPromptText } from './prompt-text.js';
import type { ImageJob, PreparedInput } from './run-images.js';
import type { EntryKind, OutputFormat, ReferenceType } from '../domain/entry.js';
import { checkEmotion, checkStyle, composePrompt } from '../prompts/compose.js';
import type { Description, DescribeInput } from '../prompts/describe.js';
import { subjectOf } from '../prompts/names.js';
import { canonicalStyle } from '../prompts/styles.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ProviderName } from '../domain/provider.js';

export const MAX_COUNT = 8;

/** The options every image-making command takes, besides its inputs. */
export interface PlanOptions {
  prompt: string;
  count: number;
  provider: ProviderName;
  model?: string;
  aspectRatio?: string;
  imageSize?: string;
  name?: string;
  project?: string;
  format?: OutputFormat;
  style?: string;
  emotion?: string;
  outDir: string;
  concurrency: number;
}

/** The options after checking: the prompt trimmed, the model chosen, the style by its own name. */
export interface CheckedOptions {
  prompt: string;
  count: number;
  choice: ModelChoice;
  style: string | null;
}

/** A command's own parts of the job. */
export interface JobParts {
  command: string;
  kind: EntryKind;
  inputs: PreparedInput[];
  /** An instruction that leads the effective prompt (a focus mode, a regenerated entry's prompt). */
  lead?: string | null;
  referenceType?: ReferenceType | null;
  template?: string | null;
  parent?: { id: string; rootId: string } | null;
  metadata?: Record<string, unknown>;
  /** Sentences not to add again because the lead already carries them. */
  omit?: { style?: boolean; emotion?: boolean };
  /** Extra facts to keep with the job's options, so a failed entry can be replayed. */
  options?: Record<string, unknown>;
}

export function checkPrompt(prompt: string): string {
  const text = prompt.trim();
  if (!text) throw usageError('EMPTY_PROMPT', 'The prompt is empty.', 'Describe the image in quotes, e.g. imagegen generate "a lighthouse at dawn", or pass - to read it from standard input.');
  return text;
}

export function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw usageError('INVALID_COUNT', `Count ${count} is outside 1–${MAX_COUNT}.`, `Ask for between 1 and ${MAX_COUNT} images with -n.`);
  }
  return count;
}

/** The -i values of a command that needs at least one input image. */
export function checkImages(images: readonly string[] | undefined, command: string): string[] {
  if (!images?.length) {
    throw usageError('MISSING_INPUT', `${command} needs at least one input image.`, `Name one with -i, a file path or the id of an earlier entry, e.g. imagegen ${command} "…" -i photo.jpg.`);
  }
  return [...images];
}

/** What an edit's inputs are of, for its name: the first input entry's name, or a file's. */
export function subjectOfInputs(inputs: readonly PreparedInput[], catalog: Catalog): string | undefined {
  return subjectOf(inputs.map((i) => ({ source: i.source, entryName: i.sourceEntryId ? catalog.getEntry(i.sourceEntryId)?.name : null })));
}

/** What describePrompt is given for a command's prompt: the options that shape name, emotion and enhancement. */
export function describeInputOf(options: PlanOptions & Pick<DescribeInput, 'enhance' | 'context' | 'history'>, prompt: string): DescribeInput {
  const { name, emotion, enhance, context, history, project, provider } = options;
  return { prompt, name, emotion, enhance, context, history, project, provider };
}

/** Checks what can be checked without reading anything: throws a usage error before anything is sent. */
export function checkPlanOptions(options: PlanOptions): CheckedOptions {
  const prompt = checkPrompt(options.prompt);
  const count = checkCount(options.count);
  const choice = chooseModel(options.provider, options.model, options.aspectRatio, options.imageSize);
  checkPromptText(prompt, choice.spec);
  checkStyle(options.style);
  checkEmotion(options.emotion);
  return { prompt, count, choice, style: options.style ? (canonicalStyle(options.style) ?? null) : null };
}

export function assembleJob(options: PlanOptions, checked: CheckedOptions, described: Description, parts: JobParts): ImageJob {
  const effectivePrompt = composePrompt({
    lead: parts.lead,
    prompt: described.visualPrompt,
    style: parts.omit?.style ? null : checked.style,
    emotion: parts.omit?.emotion ? null : described.emotion,
  });
  // What is sent may be longer than what was typed (a regenerated entry's prompt, a template's instruction).
  checkPromptText(effectivePrompt, checked.choice.spec, 'The prompt to send (with what imagegen adds to it)');
  return {
    command: parts.command,
    kind: parts.kind,
    prompt: checked.prompt,
    effectivePrompt,
    name: described.name,
    count: checked.count,
    model: checked.choice.spec,
    // Edits follow their first input's shape unless -a says otherwise.
    aspectRatio: ratioForInput(checked.choice, parts.inputs[0]?.blob),
    imageSize: checked.choice.imageSize,
    format: options.format,
    outDir: options.outDir,
    project: options.project ?? null,
    emotion: described.emotion,
    style: checked.style,
    referenceType: parts.referenceType ?? null,
    template: parts.template ?? null,
    parent: parts.parent ?? null,
    inputs: parts.inputs,
    metadata: { ...described.metadata, ...parts.metadata },
    concurrency: options.concurrency,
    options: { ...options, outDir: undefined, ...parts.options },
    ...(checked.choice.notice ? { notices: [checked.choice.notice] } : {}),
  };
}
