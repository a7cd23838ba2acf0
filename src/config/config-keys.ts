/**
 * The keys config.json may hold, with what each means. Light on purpose (no zod): completion and
 * `imagegen config` list them; config-schema.ts validates values against the same names.
 */
export const PROVIDER_NAMES = ['gemini', 'offline', 'huggingface'] as const;

export const CONFIG_KEYS = {
  out: 'the output folder for the images you see (like -o/--out and IMAGEGEN_OUT)',
  model: 'the model id (like -m/--model and IMAGEGEN_MODEL)',
  provider: `the provider: ${PROVIDER_NAMES.join(', ')} (like --provider and IMAGEGEN_PROVIDER)`,
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, key);
}
