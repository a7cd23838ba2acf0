/**
 * The hidden `imagegen __complete` entry (bin/imagegen.js loads it directly, without the CLI or
 * commander): prints the candidates for the word being completed, one per line. Never fails
 * loudly: a shell calls it on every Tab.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFile } from '../../catalog/file.js';
import { identityNames, recentIds } from '../../catalog/recent.js';
import { resolveHome } from '../../config/settings.js';
import { complete } from './complete.js';
import type { CommandSpec } from './spec.js';

/** --home DIR (or --home=DIR) typed on the line being completed. */
function homeOnLine(words: string[]): string | undefined {
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === '--home') return words[i + 1];
    if (words[i]!.startsWith('--home=')) return words[i]!.slice('--home='.length);
  }
  return undefined;
}

export function main(words: string[], spec?: CommandSpec): void {
  try {
    const root = spec ?? (JSON.parse(readFileSync(new URL('./completion-spec.json', import.meta.url), 'utf8')) as CommandSpec);
    const home = resolveHome(homeOnLine(words), process.env, process.cwd());
    const catalog = catalogFile(home);
    const candidates = complete(root, words.length ? words : [''], {
      recentIds: () => recentIds(catalog),
      identities: () => identityNames(catalog),
      userTemplates: () => {
        try {
          return readdirSync(join(home, 'templates')).filter((f) => /\.ya?ml$/i.test(f)).map((f) => f.replace(/\.ya?ml$/i, ''));
        } catch {
          return [];
        }
      },
    });
    if (candidates.length) process.stdout.write(`${candidates.join('\n')}\n`);
  } catch {
    // No candidates: the shell falls back to file names.
  }
}
