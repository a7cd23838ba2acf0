/** Style presets (--style): each adds a sentence to the effective prompt. */
export const STYLES: Readonly<Record<string, string>> = {};

export function styleInstruction(name: string): string | undefined {
  return STYLES[name];
}
