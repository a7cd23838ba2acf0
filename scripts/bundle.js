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
      const dir = "require('node:path').join(require('node:path').dirname(require.resolve('better-sqlite3/package.json')), 'lib')";
      return { contents: `const __betterSqliteDir = ${dir};\n${source.replaceAll('__dirname', '__betterSqliteDir')}`, loader: 'js' };
    });
  },
};

/**
 * Node's own modules are reached through require() (the banner's) behind a stand-in that loads
 * them on first use, not through `import`. An ESM import of a built-in builds its namespace,
 * which reads every export and so runs the lazy getters behind them (fs.promises, util's
 * parseArgs and diff, …), and esbuild's CommonJS interop copies every property the same way:
 * some forty internal modules that `list` never uses. The stand-in has the built-in's export
 * names (read here, at build time) as getters; modules that are themselves a function
 * (events' EventEmitter) and `process` itself are handed over as they are. Only the list bundle
 * uses it: in the split build, where --help loads every command, the copies cost more than they save.
 */
const requireOf = createRequire(import.meta.url);
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      // The require() inside a stand-in is the real built-in.
      args.namespace === 'builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const id = JSON.stringify(args.path);
      const real = requireOf(args.path);
      if (typeof real !== 'object' || real === null || real === process) return { contents: `module.exports = require(${id});`, loader: 'js' };
      return {
        contents: `let real; const load = () => (real ??= require(${id}));
for (const key of ${JSON.stringify(Object.getOwnPropertyNames(real))}) Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] });`,
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
 */
const onlyList = {
  name: 'only-list',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]program\.ts$/.test(args.importer) && !args.path.endsWith('/list.js') ? { path: args.path, namespace: 'not-in-list-bundle' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'not-in-list-bundle' }, (args) => ({
      contents: `export function register() { throw new Error('dist/list.js has only the list command, not ${args.path}'); }`,
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
  splitting: false,
  external: EXTERNAL,
  plugins: [betterSqliteDir, onlyList, builtinsByRequire, zodByRequire],
});
