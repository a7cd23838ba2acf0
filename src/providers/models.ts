/**
 * What each known image model accepts and what it costs, as data. Validation, defaults and cost
 * all read this table; an unknown model id still passes through with permissive limits.
 * Prices are USD per output image at each size (Gemini API list prices, standard tier).
 */
import type { ProviderName } from './types.js';

export interface ModelSpec {
  id: string;
  provider: ProviderName;
  label: string;
  aspectRatios: readonly string[];
  /** Sizes the model accepts for imageConfig.imageSize; the first is the default. */
  imageSizes: readonly string[];
  /** Whether imageConfig.imageSize may be sent at all (older models reject it). */
  sendsImageSize: boolean;
  maxInputImages: number;
  pricePerImage: Readonly<Record<string, number>>;
  /** USD per million input tokens, for the text and image parts of a request. */
  inputPricePerMillion: number;
}

const CLASSIC_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
const EXTENDED_RATIOS = [...CLASSIC_RATIOS, '1:4', '4:1', '1:8', '8:1'] as const;

export const DEFAULT_MODEL = 'gemini-3.1-flash-image-preview';
export const DEFAULT_TEXT_MODEL = 'gemini-2.5-flash';
export const OFFLINE_MODEL = 'offline-placeholder';
export const DEFAULT_HF_MODEL = 'black-forest-labs/FLUX.1-dev';

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'gemini-3.1-flash-image-preview',
    provider: 'gemini',
    label: 'Gemini 3.1 Flash Image (Nano Banana 2)',
    aspectRatios: EXTENDED_RATIOS,
    imageSizes: ['1K', '512', '2K', '4K'],
    sendsImageSize: true,
    maxInputImages: 14,
    pricePerImage: { '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 },
    inputPricePerMillion: 0.5,
  },
  {
    id: 'gemini-3-pro-image-preview',
    provider: 'gemini',
    label: 'Gemini 3 Pro Image (Nano Banana Pro)',
    aspectRatios: CLASSIC_RATIOS,
    imageSizes: ['1K', '2K', '4K'],
    sendsImageSize: true,
    maxInputImages: 14,
    pricePerImage: { '1K': 0.134, '2K': 0.134, '4K': 0.24 },
    inputPricePerMillion: 2,
  },
  {
    id: 'gemini-2.5-flash-image',
    provider: 'gemini',
    label: 'Gemini 2.5 Flash Image (Nano Banana)',
    aspectRatios: CLASSIC_RATIOS,
    imageSizes: ['1K'],
    sendsImageSize: false,
    maxInputImages: 3,
    pricePerImage: { '1K': 0.039 },
    inputPricePerMillion: 0.3,
  },
  {
    id: OFFLINE_MODEL,
    provider: 'offline',
    label: 'Offline placeholder (no network, no cost)',
    aspectRatios: EXTENDED_RATIOS,
    imageSizes: ['1K', '512', '2K', '4K'],
    sendsImageSize: true,
    maxInputImages: 14,
    pricePerImage: {},
    inputPricePerMillion: 0,
  },
  {
    id: DEFAULT_HF_MODEL,
    provider: 'huggingface',
    label: 'FLUX.1-dev on Hugging Face inference',
    aspectRatios: CLASSIC_RATIOS,
    imageSizes: ['1K', '512', '2K'],
    sendsImageSize: true,
    maxInputImages: 0,
    pricePerImage: {},
    inputPricePerMillion: 0,
  },
];

/** The limits assumed for a model id the table does not know: let the API be the judge. */
export function unknownModel(id: string, provider: ProviderName): ModelSpec {
  return {
    id,
    provider,
    label: `${id} (not in imagegen's model table; limits unchecked)`,
    aspectRatios: EXTENDED_RATIOS,
    imageSizes: ['1K', '512', '2K', '4K'],
    sendsImageSize: true,
    // Hugging Face models are driven text-to-image only.
    maxInputImages: provider === 'huggingface' ? 0 : 14,
    pricePerImage: {},
    inputPricePerMillion: 0,
  };
}

export function findModel(id: string): ModelSpec | undefined {
  return MODELS.find((m) => m.id === id);
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

/** Dollars for one image of this size, or 0 where the table has no price. */
export function priceForImage(spec: ModelSpec, imageSize: string): number {
  return spec.pricePerImage[imageSize] ?? 0;
}

/** Google's Batch API bills half the interactive price, for images and input tokens alike. */
export const BATCH_PRICE_FACTOR = 0.5;
