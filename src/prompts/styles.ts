/**
 * Style presets (--style): each adds one sentence of visual direction to the effective prompt.
 * Names are matched without regard to case; a few common spellings are accepted as aliases.
 */
export const STYLES: Readonly<Record<string, string>> = {
  photographic: 'Render it as a true-to-life photograph with natural light, accurate colour and a shallow, lens-like depth of field.',
  artistic: 'Treat it as a fine-art piece with expressive, visible brushwork and a bold, deliberate colour scheme.',
  cinematic: 'Frame it like a still from a feature film: wide composition, dramatic contrast, graded colour and atmospheric light.',
  watercolour: 'Paint it in watercolour on textured paper, with soft washes, pigment blooms and edges that bleed into each other.',
  anime: 'Draw it in a Japanese anime style with clean line art, cel shading, vivid colour and expressive eyes.',
  product: 'Shoot it as a studio product photo on a seamless backdrop with soft, even lighting, crisp detail and true colour.',
  illustration: 'Make it a polished editorial illustration with clear shapes, a limited palette and confident outlines.',
  '3d-render': 'Render it as a 3D scene with physically based materials, global illumination and soft ambient occlusion.',
  'pixel-art': 'Make it retro pixel art on a visible low-resolution grid, with a small palette and no anti-aliasing.',
  sketch: 'Draw it as a hand-made pencil sketch with loose construction lines, hatching for shadow and paper showing through.',
};

/** Other spellings people type, mapped to the preset's name. */
export const STYLE_ALIASES: Readonly<Record<string, string>> = {
  watercolor: 'watercolour',
  photo: 'photographic',
  '3d': '3d-render',
  pixel: 'pixel-art',
};

/** The preset's own name for what the user typed ("Watercolor" → "watercolour"), or undefined. */
export function canonicalStyle(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  const canonical = STYLE_ALIASES[key] ?? key;
  return Object.hasOwn(STYLES, canonical) ? canonical : undefined;
}

export function styleInstruction(name: string): string | undefined {
  const canonical = canonicalStyle(name);
  return canonical === undefined ? undefined : STYLES[canonical];
}

export interface StyleInfo {
  name: string;
  instruction: string;
  aliases: string[];
}

/** Every preset with its sentence and aliases, for `imagegen styles`. */
export function listStyles(): StyleInfo[] {
  return Object.entries(STYLES).map(([name, instruction]) => ({
    name,
    instruction,
    aliases: Object.entries(STYLE_ALIASES)
      .filter(([, target]) => target === name)
      .map(([alias]) => alias),
  }));
}
