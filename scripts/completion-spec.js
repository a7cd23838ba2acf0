/** Writes dist/completion-spec.json: every command, alias, flag and argument, read from commander. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { buildProgram } = await import(pathToFileURL(join(dist, 'cli', 'program.js')).href);
const { commandSpec } = await import(pathToFileURL(join(dist, 'cli', 'completion', 'spec.js')).href);
const program = await buildProgram({ signal: new AbortController().signal, exitCode: 0 }, []);
writeFileSync(join(dist, 'completion-spec.json'), `${JSON.stringify(commandSpec(program))}\n`);
