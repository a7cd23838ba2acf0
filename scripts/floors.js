/**
 * The floors of src/, top to bottom: a file may import only from a lower floor or from its own
 * folder. Read by eslint.config.js (no-restricted-imports per folder) and scripts/check-floors.js
 * (which also refuses import cycles between files). docs/architecture.md explains each floor.
 */
export const FLOORS = [
  ['cli'],
  ['build', 'gallery'],
  ['core'],
  ['providers', 'config'],
  ['images', 'catalog', 'prompts'],
  ['store'],
  ['domain', 'version.ts'],
];

/** The floor number of each top-level part of src/ (0 = the ground floor). */
export const FLOOR_OF = Object.fromEntries(FLOORS.flatMap((parts, i) => parts.map((part) => [part, FLOORS.length - 1 - i])));

/** The parts a file in `part` must not import: every other part on its own floor or above. */
export function forbiddenFor(part) {
  return Object.keys(FLOOR_OF).filter((other) => other !== part && FLOOR_OF[other] >= FLOOR_OF[part]);
}
