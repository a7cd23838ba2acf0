/**
 * The one typed read of every setting: where things live, which model and provider to use, how
 * many requests at once, and what the providers are built from. Precedence for every setting:
 * flag, then environment, then the home's config.json, then the default. Nothing else reads the
 * environment for a setting (the output's terminal conventions aside: NO_COLOR, CI, TERM, IMAGEGEN_DEBUG).
 */
import { resolve } from 'node:path';
import envPaths from 'env-paths';
import type { Env } from '../domain/env.js';
import { usageError } from '../domain/errors.js';
import type { ProviderName } from '../domain/provider.js';
import { readConfig, type ConfigFile } from './config-file.js';
import { PROVIDER_NAMES } from './config-keys.js';
import { apiKeyFrom, positiveIntOr, providerSettingsFrom, vertexFrom } from './provider-settings.js';
import type { ProviderSettings } from '../domain/provider-settings.js';


export interface SettingFlags {
  home?: string;
  out?: string;
  model?: string;
  provider?: string;
  /** --vertex: Gemini through Vertex AI with Google Cloud credentials. */
  vertex?: boolean;
}

export interface Settings {
  home: string;
  outDir: string;
  /** Undefined means "the provider's default model". */
  model: string | undefined;
  provider: ProviderName;
  /** Present only when set; never printed, logged or stored. */
  apiKey: string | undefined;
  /** Gemini through Vertex AI (--vertex or GOOGLE_GENAI_USE_VERTEXAI=true). */
  vertex: boolean;
  /** How many image requests may be in flight: IMAGEGEN_CONCURRENCY, else 8. */
  concurrency: number;
  /** Milliseconds between polls of a running batch job: IMAGEGEN_BATCH_POLL_MS, else 30 s. */
  batchPollMs: number;
  /** The time limit of `models`' live list: IMAGEGEN_TIMEOUT_MS, else 30 s. */
  modelsTimeoutMs: number;
  /**
   * What the providers are built from (keys, Vertex AI, time limits, retries, …). Checked on first
   * use, so a malformed IMAGEGEN_TIMEOUT_MS stops only the commands that reach a provider.
   */
  providers: () => ProviderSettings;
  /** The environment, for what is not a setting (colour, the opener's PATH). */
  env: Env;
}

export const DEFAULT_CONCURRENCY = 8;

export const PROVIDERS: readonly ProviderName[] = PROVIDER_NAMES;

/**
 * The home directory: --home, IMAGEGEN_HOME, or the platform's data dir as env-paths knows it
 * (XDG_DATA_HOME or ~/.local/share/imagegen on Linux, the usual places on macOS and Windows).
 */
export function resolveHome(flag: string | undefined, env: Env, cwd: string): string {
  if (flag) return resolve(cwd, flag);
  if (env.IMAGEGEN_HOME) return resolve(cwd, env.IMAGEGEN_HOME);
  return envPaths('imagegen', { suffix: '' }).data;
}

/**
 * Every setting, from flags, environment and the home's config.json (validated: a wrong type or
 * unknown key there is a usage error naming the key and the file). `config` replaces reading the
 * file, for `imagegen config`, which must work while the file is broken.
 */
export async function resolveSettings(flags: SettingFlags, env: Env, cwd: string, config?: ConfigFile): Promise<Settings> {
  const home = resolveHome(flags.home, env, cwd);
  config ??= await readConfig(home);
  const provider = flags.provider ?? env.IMAGEGEN_PROVIDER ?? config.provider ?? 'gemini';
  if (!PROVIDERS.includes(provider as ProviderName)) {
    throw usageError('INVALID_PROVIDER', `Unknown provider "${provider}".`, `Use one of: ${PROVIDERS.join(', ')}.`);
  }
  const out = flags.out ?? env.IMAGEGEN_OUT ?? config.out ?? 'imagegen-output';
  const vertex = vertexFrom(flags.vertex, env);
  let providers: ProviderSettings | undefined;
  return {
    home,
    outDir: resolve(cwd, out),
    model: flags.model ?? env.IMAGEGEN_MODEL ?? config.model ?? undefined,
    provider: provider as ProviderName,
    apiKey: apiKeyFrom(env),
    vertex,
    concurrency: positiveIntOr(env.IMAGEGEN_CONCURRENCY, DEFAULT_CONCURRENCY),
    batchPollMs: positiveIntOr(env.IMAGEGEN_BATCH_POLL_MS, 30_000),
    modelsTimeoutMs: Number(env.IMAGEGEN_TIMEOUT_MS) || 30_000,
    providers: () => (providers ??= providerSettingsFrom(env, vertex)),
    env,
  };
}
