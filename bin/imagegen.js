#!/usr/bin/env node
// The entry: refuse an old Node in one line (before any modern syntax or native module loads),
// then hand over to the compiled CLI. Kept to syntax that very old Node versions can parse.
var major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write('imagegen needs Node.js 22 or newer; this is Node.js ' + process.versions.node + '. Run it with `npx imagegen` from the project, or install Node 22+.\n');
  process.exit(1);
}
import('node:module')
  .then(function (m) { if (m.enableCompileCache) { try { m.enableCompileCache(); } catch (_) { /* the cache is only an optimisation */ } } })
  .then(function () { return import('../dist/cli/main.js'); })
  .then(function (main) { return main.run(process.argv.slice(2)); });
