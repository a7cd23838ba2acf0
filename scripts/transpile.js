/**
 * Writes dist/ module by module as `tsc -p tsconfig.build.json` does, but with esbuild and without
 * type-checking: for `npm test`, whose typecheck step already checks every file (src, test, bench),
 * so the build's own tsc run was the same compile twice. The CLI's bundle (scripts/bundle.js) is
 * made from src/ by esbuild either way; these modules feed the completion spec and the benchmarks.
 * `npm run build` (and so a release) still uses tsc.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
}

await build({
  absWorkingDir: root,
  entryPoints: sources(src).map((file) => relative(root, file)),
  outdir: 'dist',
  outbase: 'src',
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'es2023',
  logLevel: 'warning',
});
