/**
 * Bundles the CLI for start-up speed: `tsc` still writes dist/ module by module (the benchmarks
 * and tools import those), and esbuild then joins the CLI into dist/cli.js plus one chunk per
 * lazily loaded command or shared piece (dist/cli-*.js), so `imagegen list` reads a few files
 * instead of resolving some 60 modules and commander's. Dynamic imports stay dynamic (code
 * splitting), so heavy modules still load only on the paths that need them. Native and large
 * SDK packages stay external: they load from node_modules exactly as before.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
for (const name of readdirSync(dist)) if (/^(cli(-.+)?|complete|list(-.+)?)\.c?js$/.test(name)) rmSync(join(dist, name));

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
      // Looked up when the addon is first loaded, not when the module is: a `list` reads through
      // node:sqlite and never loads it.
      const dir = "require('node:path').join(require('node:path').dirname(require.resolve('better-sqlite3/package.json')), 'lib')";
      return { contents: `let __betterSqliteDirFound; const __betterSqliteDir = () => (__betterSqliteDirFound ??= ${dir});\n${source.replaceAll('__dirname', '__betterSqliteDir()')}`, loader: 'js' };
    });
  },
};

/**
 * In the list bundle (CommonJS) Node's own modules are plain require() calls: a built-in that is
 * loaded already (fs, path, events, …) costs nothing, and no namespace object is built. Two that
 * `list` never uses but whose loading is dear are behind a stand-in that loads them on first
 * use: child_process (commander's, for external subcommands) and tty (both pull in net and the
 * stream modules, some thirty internal modules). The stand-in has the built-in's export names
 * (read here, at build time) as getters.
 */
const requireOf = createRequire(import.meta.url);
const LAZY_BUILTINS = /^(node:)?(child_process|tty)$/;
const dearBuiltinsOnFirstUse = {
  name: 'dear-builtins-on-first-use',
  setup(b) {
    b.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      // The require() inside a stand-in is the real built-in.
      args.namespace === 'builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const id = JSON.stringify(args.path);
      return {
        contents: `let real; const load = () => (real ??= require(${id}));
for (const key of ${JSON.stringify(Object.getOwnPropertyNames(requireOf(args.path)))}) Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] });`,
        loader: 'js',
      };
    });
  },
};

const EXTERNAL = ['sharp', '@google/genai', '@huggingface/inference', 'open', '@inquirer/prompts'];
const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS packages in the bundle (dotenv, cli-table3, yaml) call require() for Node's own modules.
  banner: { js: "import { createRequire as __imagegenRequire } from 'node:module'; const require = __imagegenRequire(import.meta.url);" },
};

await build({
  ...common,
  // complete.js: the hidden `imagegen __complete` path, which loads neither commander nor the CLI.
  entryPoints: { cli: 'src/cli/main.ts', complete: 'src/cli/completion/complete-main.ts' },
  // Chunks sit beside the entry, one folder below the package root, as dist/version.js does:
  // `new URL('../package.json', import.meta.url)` still finds package.json.
  chunkNames: 'cli-[name]-[hash]',
  splitting: true,
  external: EXTERNAL,
  plugins: [betterSqliteDir],
});

/**
 * `imagegen list`, the command scripts and people run most, gets a bundle of its own: the same
 * main.ts with only the list command in its table, in ONE file (no splitting), so its start reads
 * one module instead of some thirty chunks (resolving, reading and linking each cost more than
 * the code in them). Its lazy imports become lazily run code in the same file; zod, needed only
 * when a config.json is there, stays a lazy import from node_modules rather than 400 kB to parse.
 * bin/imagegen.js picks it when the first word is list or ls; everything else runs dist/cli.js.
 *
 * It is CommonJS (dist/list.cjs), because bin runs it as a vm.Script with a V8 code cache taken
 * after the run, which holds the functions compiled lazily during it (Node's own compile cache is
 * taken before any of them ran). Its first line names a digest of the rest, which keys that cache.
 */
const onlyList = {
  name: 'only-list',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]program\.ts$/.test(args.importer) && !args.path.endsWith('/list.js') ? { path: args.path, namespace: 'not-in-list-bundle' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'not-in-list-bundle' }, (args) => ({
      contents: `export function register() { throw new Error('dist/list.cjs has only the list command, not ${args.path}'); }`,
      loader: 'js',
    }));
  },
};
/**
 * In the list bundle zod (needed only when there is a config.json) is one CommonJS file of its
 * own, dist/list-zod.cjs, required when first used: bundled in, its 400 kB would be read and its
 * namespaces set up on every start; imported as ESM it would be hoisted to the top and load on
 * every start; required from node_modules it would be some fifty files when a config.json exists.
 */
const zodByRequire = {
  name: 'zod-by-require',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'zod-by-require' }));
    b.onResolve({ filter: /^\.\/list-zod\.cjs$/ }, (args) => (args.namespace === 'zod-by-require' ? { path: args.path, external: true } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-by-require' }, () => ({ contents: "module.exports = require('./list-zod.cjs');", loader: 'js' }));
  },
};
await build({ ...common, banner: {}, entryPoints: { 'list-zod': 'zod' }, outExtension: { '.js': '.cjs' }, format: 'cjs' });
await build({
  ...common,
  entryPoints: { list: 'src/cli/main.ts' },
  // Short local names: the code cache V8 reads back on every start is mostly names to intern, and
  // `list` started about 5 ms sooner (61.7 against 67.1 ms, interleaved). Functions keep their
  // .name; only IMAGEGEN_DEBUG stack traces of `list` show the short names.
  minifyIdentifiers: true,
  keepNames: true,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__importMetaUrl' },
  // Strict from the first line, as the ESM it was written as (the directive must come first).
  banner: { js: "'use strict'; const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  splitting: false,
  // binding.js's require.resolve stays a lookup at run time (the plugin above points it there).
  external: [...EXTERNAL, 'better-sqlite3/package.json'],
  plugins: [betterSqliteDir, onlyList, dearBuiltinsOnFirstUse, zodByRequire],
});
const listBundle = join(dist, 'list.cjs');
const listSource = readFileSync(listBundle, 'utf8');
const digest = createHash('sha256').update(listSource).digest('hex').slice(0, 32);
writeFileSync(listBundle, `// imagegen list bundle ${digest}\n${listSource}`);
