#!/usr/bin/env node
// The entry: refuse an old Node in one line (before any modern syntax or native module loads),
// then hand over to the compiled CLI. Kept to syntax that very old Node versions can parse.
var major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write('imagegen needs Node.js 22 or newer; this is Node.js ' + process.versions.node + '. Run it with `npx imagegen` from the project, or install Node 22+.\n');
  process.exit(1);
}
var args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered here, without loading the CLI: scripts call --version often and expect it instant.
  import('node:fs').then(function (fs) {
    var pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(pkg.version + '\n');
  });
} else {
  import('node:module')
    .then(function (m) { if (m.enableCompileCache) { try { m.enableCompileCache(); } catch (_) { /* the cache is only an optimisation */ } } })
    .then(function () { return import('../dist/cli/main.js'); })
    .then(function (main) { return main.run(args); });
}
