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

/**
 * better-sqlite3's JavaScript (15 CommonJS files) is bundled too; only its native addon loads
 * from node_modules. Its binding.js finds the addon from __dirname, which an ESM bundle has not
 * got: that one name is pointed back at the package's own lib folder.
 */
const betterSqliteDir = {
  name: 'better-sqlite3-dir',
  setup(b) {
    b.onLoad({ filter: /better-sqlite3[\\/]lib[\\/]binding\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const dir = "require('node:path').join(require('node:path').dirname(require.resolve('better-sqlite3/package.json')), 'lib')";
      return { contents: `const __betterSqliteDir = ${dir};\n${source.replaceAll('__dirname', '__betterSqliteDir')}`, loader: 'js' };
    });
  },
};

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
  external: ['sharp', '@google/genai', '@huggingface/inference', 'open', '@inquirer/prompts'],
  // CommonJS packages in the bundle (dotenv, cli-table3, yaml) call require() for Node's own modules.
  plugins: [betterSqliteDir],
  banner: { js: "import { createRequire as __imagegenRequire } from 'node:module'; const require = __imagegenRequire(import.meta.url);" },
});
