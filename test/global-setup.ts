/** End-to-end tests spawn the compiled CLI: make sure it exists and is not older than the sources. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    latest = Math.max(latest, name.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = 'dist/cli/main.js';
  if (!existsSync(built) || statSync(built).mtimeMs < newest('src') - 1000) {
    throw new Error('dist/ is missing or older than src/: run `npm run build` (npm test does it for you).');
  }
}
