/**
 * Loads the fake Gemini server from test/fake-gemini/*.ts without a build step. Node 24 strips
 * TypeScript types natively, but the sources import each other with `.js` suffixes (NodeNext
 * style); this resolve hook maps such an import from a .ts file to the .ts file beside it.
 */
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './util.js';

let registered = false;

function register() {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (err) {
        const fromTs = context.parentURL?.endsWith('.ts');
        if (fromTs && specifier.startsWith('.') && specifier.endsWith('.js')) {
          return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
        }
        throw err;
      }
    },
  });
}

/** A TypeScript module of the test suite (path relative to the repository), loaded without a build. */
export async function loadTestModule(path) {
  register();
  return import(pathToFileURL(join(ROOT, path)).href);
}

/** `startFakeGemini(options)` from test/fake-gemini/server.ts. */
export async function loadFakeGemini() {
  register();
  const mod = await import(pathToFileURL(join(ROOT, 'test', 'fake-gemini', 'server.ts')).href);
  return mod.startFakeGemini;
}

/** `limitInFlight(url, options)` from test/fake-gemini/in-flight-limit.ts. */
export async function loadInFlightLimit() {
  register();
  const mod = await import(pathToFileURL(join(ROOT, 'test', 'fake-gemini', 'in-flight-limit.ts')).href);
  return mod.limitInFlight;
}
