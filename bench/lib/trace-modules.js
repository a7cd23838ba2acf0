/**
 * Preloaded with `node --import` into an imagegen process: records every package the process
 * resolves (ESM import and require alike) and prints the list to stderr on exit as one line
 * `bench-trace-modules: a,b,c`. Used to check that `list` never loads sharp or @google/genai.
 */
import { registerHooks } from 'node:module';
import { writeSync } from 'node:fs';

const packages = new Set();
const PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    const match = PACKAGE.exec(result.url ?? '');
    if (match) packages.add(match[1]);
    return result;
  },
});

process.on('exit', () => {
  writeSync(2, `\nbench-trace-modules: ${[...packages].sort().join(',')}\n`);
});
