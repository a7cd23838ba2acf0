/**
 * Bundles the CLI for start-up speed: `tsc` still writes dist/ module by module (the benchmarks
 * and tools import those), and esbuild then joins the CLI into dist/cli.js plus one chunk per
 * lazily loaded command or shared piece (dist/cli-*.js), so `imagegen list` reads a few files
 * instead of resolving some 60 modules and commander's. Dynamic imports stay dynamic (code
 * splitting), so heavy modules still load only on the paths that need them. Native and large
 * SDK packages stay external: they load from node_modules exactly as before.
 */
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
for (const name of readdirSync(dist)) if (/^(cli(-.+)?|complete)\.js$/.test(name)) rmSync(join(dist, name));

await build({
  absWorkingDir: root,
  // complete.js: the hidden `imagegen __complete` path, which loads neither commander nor the CLI.
  entryPoints: { cli: 'src/cli/main.ts', complete: 'src/cli/completion/complete-main.ts' },
  outdir: 'dist',
  // Chunks sit beside the entry, one folder below the package root, as dist/version.js does:
  // `new URL('../package.json', import.meta.url)` still finds package.json.
  chunkNames: 'cli-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['better-sqlite3', 'sharp', '@google/genai', '@huggingface/inference', 'open', '@inquirer/prompts'],
  // CommonJS packages in the bundle (dotenv, cli-table3, yaml) call require() for Node's own modules.
  banner: { js: "import { createRequire as __imagegenRequire } from 'node:module'; const require = __imagegenRequire(import.meta.url);" },
});
