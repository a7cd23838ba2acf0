/**
 * What each known image model accepts and what it costs, as data. Validation, defaults, cost and
 * `imagegen models` all read this table; an unknown model id still passes through with permissive
 * limits, and its cost is unknown (null), never $0.
 *
 * Figures (Gemini Developer API, standard paid tier; see the closing note of issue 7 and
 * docs/models.md for where each one comes from):
 * - ids, release and shutdown dates: ai.google.dev/gemini-api/docs/deprecations (GA image models
 *   gemini-3.1-flash-image and gemini-3-pro-image released 2026-05-28; their previews shut down
 *   2026-06-25; gemini-2.5-flash-image 2026-10-02; gemini-2.5-flash 2026-12-01).
 * - prices per million tokens: image output $60 (3.1 Flash Image) and $120 (3 Pro Image), which at
 *   1120 tokens a 1K image is $0.067 and $0.134; input $0.50 and $2; text and thinking output
 *   $3 and $12 — ai.google.dev/gemini-api/docs/pricing as quoted by the pages listed there.
 */
import type { ProviderName } from '../domain/provider.js';

export type ModelStatus = 'ga' | 'preview' | 'local';

export interface ModelSpec {
  id: string;
  provider: ProviderName;
  label: string;
  status: ModelStatus;
  aspectRatios: readonly string[];
  /** Sizes the model accepts for imageConfig.imageSize; the first is the default. */
  imageSizes: readonly string[];
  /** Whether imageConfig.imageSize may be sent at all (older models reject it). */
  sendsImageSize: boolean;
  maxInputImages: number;
  /** USD per output image at each size (what the image tokens of that size cost). */
  pricePerImage: Readonly<Record<string, number>>;
  /** Output tokens one image of each size is billed as. */
  imageTokens: Readonly<Record<string, number>>;
  /** USD per million input tokens, for the text and image parts of a request. */
  inputPricePerMillion: number;
  /** USD per million image output tokens; null where the model is not billed per token. */
  imageOutputPricePerMillion: number | null;
  /** USD per million text and thinking output tokens. */
  textOutputPricePerMillion: number;
  /** False where imagegen does not know what the model costs: its cost is shown as unknown. */
  priced: boolean;
}

const CLASSIC_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
const EXTENDED_RATIOS = [...CLASSIC_RATIOS, '1:4', '4:1', '1:8', '8:1'] as const;

export const DEFAULT_MODEL = 'gemini-3.1-flash-image';
/** The text model behind --enhance and naming (gemini-2.5-flash's replacement on the deprecations page). */
export const DEFAULT_TEXT_MODEL = 'gemini-3.5-flash-lite';
export const OFFLINE_MODEL = 'offline-placeholder';
export const DEFAULT_HF_MODEL = 'black-forest-labs/FLUX.1-dev';

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'gemini-3.1-flash-image',
    provider: 'gemini',
    label: 'Gemini 3.1 Flash Image (Nano Banana 2)',
    status: 'ga',
    aspectRatios: EXTENDED_RATIOS,
    imageSizes: ['1K', '512', '2K', '4K'],
    sendsImageSize: true,
    maxInputImages: 14,
    pricePerImage: { '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 },
    imageTokens: { '512': 747, '1K': 1120, '2K': 1680, '4K': 2520 },
    inputPricePerMillion: 0.5,
    imageOutputPricePerMillion: 60,
    textOutputPricePerMillion: 3,
    priced: true,
  },
  {
    id: 'gemini-3-pro-image',
    provider: 'gemini',
    label: 'Gemini 3 Pro Image (Nano Banana Pro)',
    status: 'ga',
    aspectRatios: CLASSIC_RATIOS,
    imageSizes: ['1K', '2K', '4K'],
    sendsImageSize: true,
    maxInputImages: 14,
    pricePerImage: { '1K': 0.134, '2K': 0.134, '4K': 0.24 },
    imageTokens: { '1K': 1120, '2K': 1120, '4K': 2000 },
    inputPricePerMillion: 2,
    imageOutputPricePerMillion: 120,
    textOutputPricePerMillion: 12,
    priced: true,
  },
  {
    id: OFFLINE_MODEL,
    provider: 'offline',
    label: 'Offline placeholder (no network, no cost)',
    status: 'local',
    aspectRatios: EXTENDED_RATIOS,
    imageSizes: ['1K', '512', '2K', '4K'],
    sendsImageSize: true,
    maxInputImages: 14,
    pricePerImage: {},
    imageTokens: {},
    inputPricePerMillion: 0,
    imageOutputPricePerMillion: 0,
    textOutputPricePerMillion: 0,
    priced: true,
  },
  {
    id: DEFAULT_HF_MODEL,
    provider: 'huggingface',
    label: 'FLUX.1-dev on Hugging Face inference',
    status: 'ga',
    aspectRatios: CLASSIC_RATIOS,
    imageSizes: ['1K', '512', '2K'],
    sendsImageSize: true,
    maxInputImages: 0,
    pricePerImage: {},
    imageTokens: {},
    inputPricePerMillion: 0,
    imageOutputPricePerMillion: null,
    textOutputPricePerMillion: 0,
    priced: true,
  },
];

/** A retired id and the current one requests for it are sent to. */
export interface ModelAlias {
  id: string;
  replacement: string;
  /** When Google shut it down (the deprecations page). */
  shutdown: string;
}

export const RETIRED_MODELS: readonly ModelAlias[] = [
  { id: 'gemini-3.1-flash-image-preview', replacement: 'gemini-3.1-flash-image', shutdown: '2026-06-25' },
  { id: 'gemini-3-pro-image-preview', replacement: 'gemini-3-pro-image', shutdown: '2026-06-25' },
  { id: 'gemini-2.5-flash-image', replacement: 'gemini-3.1-flash-image', shutdown: '2026-10-02' },
  { id: 'gemini-2.5-flash-image-preview', replacement: 'gemini-3.1-flash-image', shutdown: '2026-01-15' },
  { id: 'gemini-2.5-flash', replacement: DEFAULT_TEXT_MODEL, shutdown: '2026-12-01' },
];

/** The id a request is sent with: a retired id becomes its replacement, anything else is kept. */
export function resolveModelId(id: string): { id: string; alias: ModelAlias | undefined } {
  const alias = RETIRED_MODELS.find((a) => a.id === id);
  return { id: alias?.replacement ?? id, alias };
}

/** The one-line notice for a retired id (or one about to be: Google routes it to the same replacement). */
export function aliasNotice(alias: ModelAlias, now: Date = new Date()): string {
  const past = now.toISOString().slice(0, 10) >= alias.shutdown;
  const when = past ? `was shut down by Google on ${alias.shutdown}` : `is deprecated and shuts down on ${alias.shutdown}`;
  return `Model ${alias.id} ${when}; using ${alias.replacement} instead.`;
}

/** The limits assumed for a model id the table does not know: let the API be the judge. */
export function unknownModel(id: string, provider: ProviderName): ModelSpec {
  return {
    id,
    provider,
    label: `${id} (not in imagegen's model table; limits unchecked)`,
    status: 'preview',
    aspectRatios: EXTENDED_RATIOS,
    imageSizes: ['1K', '512', '2K', '4K'],
    sendsImageSize: true,
    // Hugging Face models are driven text-to-image only.
    maxInputImages: provider === 'huggingface' ? 0 : 14,
    pricePerImage: {},
    imageTokens: {},
    inputPricePerMillion: 0,
    imageOutputPricePerMillion: null,
    textOutputPricePerMillion: 0,
    priced: false,
  };
}

/** The table's entry for an id, retired ids included (they answer with their replacement). */
export function findModel(id: string): ModelSpec | undefined {
  const resolved = resolveModelId(id).id;
  return MODELS.find((m) => m.id === resolved);
}

export function defaultModelFor(provider: ProviderName): string {
  if (provider === 'offline') return OFFLINE_MODEL;
  if (provider === 'huggingface') return DEFAULT_HF_MODEL;
  return DEFAULT_MODEL;
}

/** Long edge in pixels for each size name, at 1:1. */
const SIZE_PIXELS: Record<string, number> = { '512': 512, '1K': 1024, '2K': 2048, '4K': 4096 };

/**
 * Pixel dimensions for an aspect ratio at a size: the area of a square of the size's edge,
 * reshaped to the ratio, with both sides rounded to a multiple of 16 (as Gemini's outputs are).
 */
export function dimensionsFor(aspectRatio: string, imageSize: string): { width: number; height: number } {
  const edge = SIZE_PIXELS[imageSize] ?? 1024;
  const [w, h] = aspectRatio.split(':').map(Number) as [number, number];
  const area = edge * edge;
  const height = Math.sqrt((area * h) / w);
  const width = (height * w) / h;
  const round16 = (v: number) => Math.max(16, Math.round(v / 16) * 16);
  return { width: round16(width), height: round16(height) };
}

export function isAspectRatio(value: string): boolean {
  return /^\d{1,2}:\d{1,2}$/.test(value) && !value.split(':').some((p) => Number(p) === 0);
}

/** The ratio in `ratios` closest to width:height (compared on a log scale, so 2:1 and 1:2 are as far from 1:1). */
export function nearestAspectRatio(width: number, height: number, ratios: readonly string[]): string {
  const target = Math.log(width / height);
  let best = ratios[0] ?? '1:1';
  let bestDistance = Infinity;
  for (const ratio of ratios) {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

/** Dollars for one image of this size, or 0 where the table has no price (see knownPriceForImage). */
export function priceForImage(spec: ModelSpec, imageSize: string): number {
  return spec.pricePerImage[imageSize] ?? 0;
}

/** Dollars for one image of this size, or null where imagegen does not know the price. */
export function knownPriceForImage(spec: ModelSpec, imageSize: string): number | null {
  if (!spec.priced) return null;
  return spec.pricePerImage[imageSize] ?? (spec.imageOutputPricePerMillion === 0 ? 0 : null);
}

/** What one call reported using; the breakdown fields are there when the API gave them. */
export interface TokenUsage {
  inputTokens: number;
  /** Every billed output token: candidates (image and text) plus thoughts. */
  outputTokens: number;
  /** The IMAGE modality's share of the candidates, when reported. */
  imageTokens?: number;
}

/**
 * Dollars a call cost: input tokens, image output tokens and text-and-thinking output tokens at
 * the model's prices. Without an image-token breakdown, a returned image is charged at its size's
 * price and the rest of the output as text. Null when the model's prices are unknown.
 */
export function costOf(spec: ModelSpec, usage: TokenUsage, image: { size: string } | null): number | null {
  if (!spec.priced) return null;
  const input = (usage.inputTokens * spec.inputPricePerMillion) / 1e6;
  let imageCost = 0;
  let textTokens = usage.outputTokens;
  if (usage.imageTokens !== undefined && spec.imageOutputPricePerMillion !== null) {
    imageCost = (usage.imageTokens * spec.imageOutputPricePerMillion) / 1e6;
    textTokens -= usage.imageTokens;
  } else if (image) {
    const perImage = knownPriceForImage(spec, image.size);
    if (perImage === null) return null;
    imageCost = perImage;
    // The image's own tokens are in the output count but already paid for by the per-image price.
    textTokens = Math.max(0, textTokens - (spec.imageTokens[image.size] ?? 0));
  }
  const text = (Math.max(0, textTokens) * spec.textOutputPricePerMillion) / 1e6;
  return Math.round((input + imageCost + text) * 1e6) / 1e6;
}

/** Google's Batch API bills half the interactive price, for images and input tokens alike. */
export const BATCH_PRICE_FACTOR = 0.5;
