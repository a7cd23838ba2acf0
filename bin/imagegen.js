#!/usr/bin/env node
// The entry. On an old Node (the machine's own, a shell script's, after `npm link` or a global
// install) it re-runs itself with the Node 24 that the package installed (the `node` dependency),
// passing stdio, the exit code and signals through; only when there is none does it refuse, in one
// line. Then it hands over to the compiled CLI. Kept to syntax that very old Node versions parse.
var major = Number(process.versions.node.split('.')[0]);
var args = process.argv.slice(2);
if (major < 22) {
  reexec(require('child_process'), require('fs'), require('path'));
} else if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered here, without loading the CLI: scripts call --version often and expect it instant.
  var pkg = JSON.parse(require('fs').readFileSync(require('path').join(__dirname, '..', 'package.json'), 'utf8'));
  process.stdout.write(pkg.version + '\n');
} else if (args[0] === '__complete') {
  // Shell completion, on every Tab: its own small bundle, without commander or the CLI.
  import('../dist/complete.js').then(function (m) { m.main(args.slice(1)); });
} else {
  // `list` (and `ls`) first: its own one-file bundle with only that command, the quickest to start.
  var word = commandWord(args);
  var listing = word === 'list' || word === 'ls';
  var nodeModule = require('module');
  if (nodeModule.enableCompileCache) { try { nodeModule.enableCompileCache(); } catch (_) { /* the cache is only an optimisation */ } }
  if (listing) runListBundle(nodeModule).run(args);
  else import('../dist/cli.js').then(function (main) { return main.run(args); });
}

/**
 * The list bundle, run as a vm.Script with a V8 code cache. Node's compile cache is taken when a
 * module is compiled, before it runs, so it holds little more than the top level: every function
 * `list` calls is compiled again on every start. This cache is taken after a run, at exit, and
 * holds them too (about 9 ms of a 75 ms start). It lives beside Node's compile cache, in a folder
 * of this user's that nobody else may write (a planted cache would be code we run), under the
 * digest the build wrote on the bundle's first line; V8 itself rejects one from another V8 or
 * other flags, and then a new one is written.
 *
 * A cache holds what its run compiled: one made by `list --json` lacks the plain listing. So the
 * first few runs write it again, each adding what it compiled to what the cache held (the file's
 * first byte counts them); after that it is only read.
 */
function runListBundle(nodeModule) {
  var fs = require('fs');
  var path = require('path');
  var vm = require('vm');
  var file = path.join(__dirname, '..', 'dist', 'list.cjs');
  var source = fs.readFileSync(file, 'utf8');
  var digest = /^\/\/ imagegen list bundle ([0-9a-f]{32})\n/.exec(source);
  var cacheDir = nodeModule.getCompileCacheDir && nodeModule.getCompileCacheDir();
  var cacheFile = digest ? listCacheFile(fs, path, cacheDir, digest[1]) : null;
  var REFRESHES = 3;
  var cachedData;
  var generation = 0;
  if (cacheFile) {
    try {
      var held = fs.readFileSync(cacheFile);
      generation = held[0] || 0;
      cachedData = held.subarray(1);
    } catch (_) { /* not made yet */ }
  }
  var script = new vm.Script(nodeModule.wrap(source), {
    filename: file,
    cachedData: cachedData,
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cacheFile && (!cachedData || script.cachedDataRejected || generation < REFRESHES)) {
    var next = cachedData && !script.cachedDataRejected ? generation + 1 : 1;
    process.once('exit', function () {
      var temporary = cacheFile + '.' + process.pid;
      try {
        fs.writeFileSync(temporary, Buffer.concat([Buffer.from([next]), script.createCachedData()]), { mode: 0o600 });
        fs.renameSync(temporary, cacheFile);
        trimListCaches(fs, path, path.dirname(cacheFile));
      } catch (_) {
        try { fs.unlinkSync(temporary); } catch (_again) { /* nothing was written */ }
      }
    });
  }
  var mod = { exports: {} };
  script.runInThisContext()(mod.exports, nodeModule.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

/**
 * Each bundle (a rebuild, an upgrade) has its own cache: the newest few stay, so two installs used
 * in turn keep theirs, and older ones go.
 */
function trimListCaches(fs, path, dir) {
  var KEEP = 4;
  fs.readdirSync(dir)
    .filter(function (name) { return /^list-[0-9a-f]{32}\.cache$/.test(name); })
    .map(function (name) { var file = path.join(dir, name); return { file: file, time: fs.statSync(file).mtimeMs }; })
    .sort(function (a, b) { return b.time - a.time; })
    .slice(KEEP)
    .forEach(function (old) { fs.rmSync(old.file, { force: true }); });
}

/** The cache's file, in a folder only this user may write; null when there is no such folder. */
function listCacheFile(fs, path, compileCacheDir, digest) {
  if (!compileCacheDir || !process.getuid) return null;
  var dir = path.join(compileCacheDir, 'imagegen');
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    var info = fs.lstatSync(dir);
    if (!info.isDirectory() || info.uid !== process.getuid() || (info.mode & 0o022) !== 0) return null;
  } catch (_) {
    return null;
  }
  return path.join(dir, 'list-' + digest + '.cache');
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
 * The Node binary of the `node` package, looked up from this file's real location (Node resolves
 * the symlinks of `npm link` and global installs to the main script's): the package's own
 * node_modules first, then each folder above it (a hoisted install).
 */
function packagedNode(fs, path) {
  var here = path.dirname(__filename);
  var dir = path.dirname(here);
  var names = process.platform === 'win32' ? ['node.exe', 'bin/node.exe'] : ['bin/node'];
  for (;;) {
    for (var i = 0; i < names.length; i++) {
      var candidate = path.join(dir, 'node_modules', 'node', names[i]);
      try {
        if (fs.statSync(candidate).isFile()) return { node: candidate, script: __filename };
      } catch (_) { /* not here */ }
    }
    var parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function reexec(childProcess, fs, path) {
  // A packaged Node that is itself old (or a loop) must end in the one-line refusal, not recurse.
  if (process.env.IMAGEGEN_REEXEC === '1') return refuse();
  var found = packagedNode(fs, path);
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
