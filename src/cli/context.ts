/**
 * Builds what a command needs from the global flags and the environment: settings, output, and
 * (on demand) the catalog, the store and the provider. Reads the environment, folder and streams of
 * its run's io (the process's own unless a test gives others).
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import type { Env } from '../domain/env.js';
import { resolveSettings, type SettingFlags, type Settings } from '../config/settings.js';
import { failure, ImagegenError } from '../domain/errors.js';
import { rememberSecrets } from '../domain/redact.js';
import { Output } from './render/output.js';
import { processIo, type CliIo } from './io.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Store } from '../store/store.js';

/** The environment variables whose values are credentials (and so never printed or stored). */
export const SECRET_VARIABLES = ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'HF_TOKEN'] as const;

export interface GlobalFlags extends SettingFlags {
  json?: boolean;
}

export class Context {
  readonly settings: Settings;
  readonly output: Output;
  readonly signal: AbortSignal;
  /** This run's environment, working directory and standard streams. */
  readonly io: CliIo;
  private catalogInstance: Catalog | undefined;

  private constructor(output: Output, settings: Settings, signal: AbortSignal, io: CliIo) {
    this.output = output;
    this.settings = settings;
    this.signal = signal;
    this.io = io;
  }

  /**
   * `lenientConfig`: a config.json that fails validation is ignored rather than fatal (for
   * `imagegen config` and `home`, which must work to repair it); `configProblem` says why.
   */
  static async create(flags: GlobalFlags, signal: AbortSignal, options: { cwd?: string; lenientConfig?: boolean; io?: CliIo } = {}): Promise<Context> {
    const io = options.io ?? processIo();
    const cwd = options.cwd ?? io.cwd;
    // .env in the working directory fills gaps in the environment, never overrides it.
    // Only a regular file: a FIFO or device called .env would block every command.
    const dotenvPath = join(cwd, '.env');
    if (statSync(dotenvPath, { throwIfNoEntry: false })?.isFile()) loadDotenv({ path: dotenvPath, quiet: true, processEnv: io.env });
    const env: Env = io.env;
    // Before anything can fail: every message printed or stored from here on is redacted of these.
    rememberSecrets(...SECRET_VARIABLES.map((name) => env[name]));
    const output = new Output({ json: Boolean(flags.json), env, streams: io });
    let settings: Settings;
    let problem: ImagegenError | undefined;
    try {
      settings = await resolveSettings(flags, env, cwd);
    } catch (err) {
      if (!options.lenientConfig || !(err instanceof ImagegenError) || !err.code.startsWith('CONFIG_')) throw err;
      problem = err;
      settings = await resolveSettings(flags, env, cwd, {});
    }
    const ctx = new Context(output, settings, signal, io);
    ctx.configProblem = problem;
    return ctx;
  }

  /** Why config.json was ignored (lenient contexts only). */
  configProblem: ImagegenError | undefined;

  get env(): Env {
    return this.settings.env;
  }

  /** Opens the catalog for writing (creating the home on first use). */
  async catalog(): Promise<Catalog> {
    return this.openCatalog(false);
  }

  /**
   * Opens the catalog for a command that only reads (list, show, tree, stats, …): nothing is
   * created, a missing catalog reads as empty, and a read-only home works.
   */
  async readCatalog(): Promise<Catalog> {
    return this.openCatalog(true);
  }

  private async openCatalog(readonly: boolean): Promise<Catalog> {
    if (this.catalogInstance) return this.catalogInstance;
    const { Catalog, NewerCatalogError, catalogFile } = await import('../catalog/catalog.js');
    const store = await this.store();
    const file = catalogFile(this.settings.home);
    try {
      if (!readonly) mkdirSync(this.settings.home, { recursive: true });
      this.catalogInstance = new Catalog(file, store.blobPath, { readonly });
    } catch (err) {
      if (err instanceof NewerCatalogError) {
        throw failure('CATALOG_TOO_NEW', `${file}: this catalog was written by a newer imagegen; upgrade imagegen to use it (it records migrations this version does not know: ${err.unknownMigrations.join(', ')}).`, 'Upgrade imagegen (npm install -g imagegen@latest), or use another home with --home or IMAGEGEN_HOME.', err);
      }
      throw failure('CATALOG_UNAVAILABLE', `Cannot open the catalog in ${this.settings.home}: ${(err as Error).message}`, 'Check the folder is writable, or choose another home with --home or IMAGEGEN_HOME.', err);
    }
    return this.catalogInstance;
  }

  async store(): Promise<Store> {
    const { Store } = await import('../store/store.js');
    return new Store(this.settings.home);
  }

  close(): void {
    this.catalogInstance?.close();
  }
}
