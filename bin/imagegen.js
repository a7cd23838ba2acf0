#!/usr/bin/env node
// The entry. On an old Node (the machine's own, a shell script's, after `npm link` or a global
// install) it re-runs itself with the Node 24 that the package installed (the `node` dependency),
// passing stdio, the exit code and signals through; only when there is none does it refuse, in one
// line. Then it hands over to the compiled CLI. Kept to syntax that very old Node versions parse.
var major = Number(process.versions.node.split('.')[0]);
var args = process.argv.slice(2);
if (major < 22) {
  Promise.all([import('child_process'), import('fs'), import('path'), import('url')]).then(function (m) {
    reexec(m[0], m[1], m[2], m[3]);
  });
} else if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered here, without loading the CLI: scripts call --version often and expect it instant
  // (getBuiltinModule: synchronous, no module loading at all on Node 22.3+).
  var printVersion = function (fs) {
    var pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(pkg.version + '\n');
  };
  if (process.getBuiltinModule) printVersion(process.getBuiltinModule('node:fs'));
  else import('node:fs').then(printVersion);
} else if (args[0] === '__complete') {
  // Shell completion, on every Tab: its own small bundle, without commander or the CLI.
  import('../dist/complete.js').then(function (m) { m.main(args.slice(1)); });
} else {
  // `list` (and `ls`) first: its own one-file bundle with only that command, the quickest to start.
  var word = commandWord(args);
  var listing = word === 'list' || word === 'ls';
  var cache = process.getBuiltinModule ? process.getBuiltinModule('node:module') : null;
  if (cache && cache.enableCompileCache) { try { cache.enableCompileCache(); } catch (_) { /* the cache is only an optimisation */ } }
  (listing ? import('../dist/list.js') : import('../dist/cli.js')).then(function (main) { return main.run(args); });
}

/** The command's name: the first word that is not a global option (or --home's value), as src/cli/program.ts finds it. */
function commandWord(argv) {
  for (var i = 0; i < argv.length; i++) {
    if (argv[i] === '--home') i++;
    else if (argv[i].charAt(0) !== '-') return argv[i];
  }
  return undefined;
}

function refuse() {
  process.stderr.write('imagegen needs Node.js 22 or newer; this is Node.js ' + process.versions.node + '. Run `npm install` in the imagegen folder (it brings Node 24), or install Node 22+.\n');
  process.exit(1);
}

/**
 * The Node binary of the `node` package, looked up from this file's real location (ESM resolves
 * the symlinks of `npm link` and global installs): the package's own node_modules first, then
 * each folder above it (a hoisted install).
 */
function packagedNode(fs, path, url) {
  var here = path.dirname(url.fileURLToPath(import.meta.url));
  var dir = path.dirname(here);
  var names = process.platform === 'win32' ? ['node.exe', 'bin/node.exe'] : ['bin/node'];
  for (;;) {
    for (var i = 0; i < names.length; i++) {
      var candidate = path.join(dir, 'node_modules', 'node', names[i]);
      try {
        if (fs.statSync(candidate).isFile()) return { node: candidate, script: url.fileURLToPath(import.meta.url) };
      } catch (_) { /* not here */ }
    }
    var parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function reexec(childProcess, fs, path, url) {
  // A packaged Node that is itself old (or a loop) must end in the one-line refusal, not recurse.
  if (process.env.IMAGEGEN_REEXEC === '1') return refuse();
  var found = packagedNode(fs, path, url);
  if (!found) return refuse();
  var env = Object.assign({}, process.env, { IMAGEGEN_REEXEC: '1' });
  var child = childProcess.spawn(found.node, [found.script].concat(args), { stdio: 'inherit', env: env });
  var forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  var handlers = {};
  forwarded.forEach(function (signal) {
    handlers[signal] = function () { try { child.kill(signal); } catch (_) { /* already gone */ } };
    process.on(signal, handlers[signal]);
  });
  child.on('error', function () { refuse(); });
  child.on('exit', function (code, signal) {
    forwarded.forEach(function (s) { process.removeListener(s, handlers[s]); });
    if (signal) {
      // End the way the child ended, so a shell sees the same signal.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code === null ? 1 : code);
  });
}
