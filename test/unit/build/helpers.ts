/** A build project in a temp dir: manifest, files, a real catalog and store, and providers. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type BuildOptions, type BuildOutcome, type BuildPorts } from '../../../src/build/build.js';
import type { BuildEvent } from '../../../src/build/types.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { GeminiProvider } from '../../../src/providers/gemini.js';
import { OfflineProvider } from '../../../src/providers/offline.js';
import type { ImageProvider, ProviderName } from '../../../src/domain/provider.js';
import { Store } from '../../../src/store/store.js';

export interface Project {
  dir: string;
  home: string;
  catalog: Catalog;
  store: Store;
  events: BuildEvent[];
  write(path: string, content: string | Buffer): void;
  manifest(yaml: string): void;
  build(options?: Partial<BuildOptions>, ports?: Partial<BuildPorts>): Promise<BuildOutcome>;
  cleanup(): void;
}

/** Providers for tests: offline as is; gemini against the fake at GOOGLE_GEMINI_BASE_URL. */
export function testProvider(name: ProviderName): Promise<ImageProvider> {
  if (name === 'gemini') return Promise.resolve(new GeminiProvider({ apiKey: 'test-key', timeoutMs: 10_000, retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 5000 } }));
  return Promise.resolve(new OfflineProvider());
}

export function project(): Project {
  const root = mkdtempSync(join(tmpdir(), 'imagegen-build-'));
  const dir = join(root, 'site');
  const home = join(root, 'home');
  mkdirSync(dir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const store = new Store(home);
  const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
  const events: BuildEvent[] = [];
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  return {
    dir,
    home,
    catalog,
    store,
    events,
    write,
    manifest: (yaml) => write('imagegen.yaml', yaml),
    build: (options = {}, ports = {}) =>
      build(
        { cwd: dir, home, provider: 'offline', concurrency: 4, ...options },
        { catalog, store, clock: () => new Date(), provider: testProvider, onEvent: (e) => events.push(e), ...ports },
      ),
    cleanup: () => {
      catalog.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The outcome's build result (fails the test when it was a dry run or a check). */
export function resultOf(outcome: BuildOutcome) {
  if (outcome.mode !== 'build') throw new Error(`expected a build, got ${outcome.mode}`);
  return outcome.result;
}

export function reasons(outcome: BuildOutcome): Record<string, string | null> {
  return Object.fromEntries(outcome.plan.targets.map((p) => [p.target.path, p.reason]));
}
