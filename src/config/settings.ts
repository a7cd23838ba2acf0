/**
 * The one place that knows where things live and which model and provider to use. Precedence for
 * every setting: flag, then environment, then the home's config.json, then the default.
 */
import { resolve } from 'node:path';
import envPaths from 'env-paths';
import type { Env } from '../domain/env.js';
import { usageError } from '../domain/errors.js';
import type { ProviderName } from '../domain/provider.js';
import { readConfig, type ConfigFile } from './config-file.js';
import { PROVIDER_NAMES } from './config-keys.js';


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
  env: Env;
}

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
  return {
    home,
    outDir: resolve(cwd, out),
    model: flags.model ?? env.IMAGEGEN_MODEL ?? config.model ?? undefined,
    provider: provider as ProviderName,
    apiKey: env.GEMINI_API_KEY || env.GOOGLE_API_KEY || undefined,
    vertex: flags.vertex === true || env.GOOGLE_GENAI_USE_VERTEXAI?.trim().toLowerCase() === 'true',
    env,
  };
}
