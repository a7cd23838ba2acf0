/**
 * FLUX.1-dev generation parameters per emotion (seed 004: "configurable generation parameters per
 * emotion type", with guidance_scale 7.5 and 50 steps as its figures). The seed's figures are the
 * default; the emotions move around them: looser guidance and fewer steps for soft, calm images,
 * tighter guidance for punchy energetic ones, more steps where detail lives in shadow or texture.
 */
import { dimensionsFor } from './models.js';
import { isEmotion, type Emotion } from '../domain/emotions.js';

export interface FluxParams {
  guidanceScale: number;
  steps: number;
}

export const DEFAULT_FLUX_PARAMS: FluxParams = { guidanceScale: 7.5, steps: 50 };

export const EMOTION_FLUX_PARAMS: Readonly<Record<Emotion, FluxParams>> = {
  calm: { guidanceScale: 6.5, steps: 40 },
  energetic: { guidanceScale: 8.5, steps: 50 },
  mysterious: { guidanceScale: 7.0, steps: 60 },
  hopeful: { guidanceScale: 7.5, steps: 45 },
  melancholic: { guidanceScale: 6.0, steps: 55 },
};

/** The wire `parameters` of a text-to-image request for this emotion, ratio and size. */
export function fluxParameters(emotion: string | undefined, aspectRatio: string, imageSize: string) {
  const { guidanceScale, steps } = emotion && isEmotion(emotion) ? EMOTION_FLUX_PARAMS[emotion] : DEFAULT_FLUX_PARAMS;
  const { width, height } = dimensionsFor(aspectRatio, imageSize);
  return { guidance_scale: guidanceScale, num_inference_steps: steps, width, height };
}
