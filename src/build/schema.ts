/**
 * The manifest's shape, defined once with zod: `imagegen build` parses with it and
 * `imagegen build --schema` prints its JSON Schema (for editor completion), so the two never
 * disagree. Cross-field rules (kinds, paths, inputs, cycles) are checked in validate.ts.
 */
import { z } from 'zod';
import type { ProviderName } from '../domain/provider.js';

const PROVIDER_NAMES = ['gemini', 'offline', 'huggingface'] as const satisfies readonly ProviderName[];

const text = (what: string) => z.string().trim().min(1).describe(what);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** The fields a target and `defaults` share. */
const sharedFields = {
  kind: z.enum(['generate', 'modify', 'reference']).describe('generate (default), or modify when inputs are given; reference keeps a subject, face or look').optional(),
  type: z.enum(['subject', 'face', 'full_image']).describe('what a reference keeps').optional(),
  template: text('a workflow template (imagegen templates lists them)').optional(),
  params: z.record(z.string(), scalar).describe('the template\'s parameters').optional(),
  model: text('model id').optional(),
  provider: z.enum(PROVIDER_NAMES).describe('where images are made').optional(),
  aspect: text('aspect ratio, e.g. "16:9"').optional(),
  size: z.union([z.string().trim().min(1), z.number().int().positive()]).describe('image size: 512, 1K, 2K or 4K where the model takes it').optional(),
  style: text('a style preset (imagegen styles lists them)').optional(),
  emotion: text('calm, energetic, mysterious, hopeful or melancholic').optional(),
  name: text('the catalog entry\'s name').optional(),
  identity: text('a saved identity whose photos are sent').optional(),
};

const inputPath = z.string().trim().min(1);

export const targetSchema = z
  .strictObject({
    prompt: z.string().trim().min(1).describe('what to draw; {var} is filled from matrix').optional(),
    inputs: z
      .union([z.array(inputPath), z.record(z.string(), z.union([inputPath, z.array(inputPath)]))])
      .describe('input image paths (relative to the manifest), or a role→path map for a template')
      .optional(),
    matrix: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), z.array(z.union([z.string(), z.number()])).min(1)).describe('one target per combination; {var} is filled in the key and every string').optional(),
    ...sharedFields,
  })
  .describe('One output file; the key is its path, and its extension (.png, .jpg, .jpeg, .webp) sets the format.');

export const defaultsSchema = z.strictObject(sharedFields).describe('Fields every target takes unless it sets its own.');

export const manifestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('the manifest format version'),
    project: text('the catalog project of every entry the build makes').optional(),
    defaults: defaultsSchema.optional(),
    targets: z.record(z.string().min(1), targetSchema).describe('output path → what to make'),
  })
  .describe('An imagegen build manifest (imagegen.yaml).');

export type ManifestDocument = z.infer<typeof manifestSchema>;
export type TargetDocument = z.infer<typeof targetSchema>;
export type SharedFields = z.infer<typeof defaultsSchema>;

/** The manifest's JSON Schema, from the same definition the parser uses. */
export function manifestJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(manifestSchema, { io: 'input' }), title: 'imagegen build manifest' };
}
