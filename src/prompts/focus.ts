/**
 * Focus modes for `reference --type`: what the new image keeps from the reference. Each mode is
 * one instruction that leads the effective prompt, ahead of the user's words.
 */
import type { ReferenceType } from '../domain/entry.js';

export const REFERENCE_TYPES: readonly ReferenceType[] = ['subject', 'face', 'full_image'];

export interface FocusMode {
  /** What the mode keeps, in a few words, for help and prompts. */
  keeps: string;
  /** The instruction for one reference image, or for several. */
  instruction: (images: number) => string;
}

const the = (images: number) => (images > 1 ? 'the reference images' : 'the reference image');

export const FOCUS_MODES: Readonly<Record<ReferenceType, FocusMode>> = {
  subject: {
    keeps: 'the main subject: form, shape, proportions, colours and textures',
    instruction: (n) =>
      `Take the main subject of ${the(n)} and reproduce it faithfully: keep its form and shape, its proportions, its colours and its surface textures exactly, and show it in the new picture described next`,
  },
  face: {
    keeps: "the person's face: facial structure, features, skin tone and hair",
    instruction: (n) =>
      `Keep the person from ${the(n)} recognisably the same: preserve their facial structure, the shape and spacing of their eyes, nose and mouth, their skin tone and their hair, while everything else follows the description that comes next`,
  },
  full_image: {
    keeps: 'the whole look: composition, colour palette, lighting and mood',
    instruction: (n) =>
      `Use ${the(n)} as a guide to the whole picture: match its composition and framing, its colour palette, its lighting and its overall mood, and apply them to the scene described next`,
  },
};

export function isReferenceType(value: string): value is ReferenceType {
  return (REFERENCE_TYPES as readonly string[]).includes(value);
}

export function focusInstruction(type: ReferenceType, images = 1): string {
  return FOCUS_MODES[type].instruction(images);
}
