/** The instruction that introduces an identity's photos in a request. */
import { FOCUS_MODES } from './focus.js';

/** `first` is the 1-based position of the identity's first photo among the images sent. */
export function identityInstruction(name: string, first: number, count: number): string {
  const which = count === 1 ? `Image ${first} is a reference photo` : `Images ${first} to ${first + count - 1} are reference photos`;
  return `${which} of one person, "${name}". Show this same person, recognisably: keep ${FOCUS_MODES.face.keeps}; take nothing else from those photos.`;
}
