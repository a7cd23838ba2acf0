/**
 * The schema of config.json (zod, loaded only when a config file exists or is being written, so
 * `imagegen list` without one never pays for it). A wrong type or an unknown key is a usage error
 * (exit 2) naming the key and the file.
 */
import { z } from 'zod';
import { usageError } from '../domain/errors.js';
import { CONFIG_KEY_NAMES, PROVIDER_NAMES, type ConfigKey } from './config-keys.js';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const configSchema = z.strictObject({
  out: nonEmpty.optional(),
  model: nonEmpty.optional(),
  provider: z.enum(PROVIDER_NAMES).optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;

const HINT = `Fix or delete the file, or use imagegen config set/unset; its keys are ${CONFIG_KEY_NAMES.map((k) => `"${k}"`).join(', ')}.`;

/** Validates parsed JSON from `file`; throws CONFIG_INVALID naming the first bad key. */
export function parseConfig(data: unknown, file: string): ConfigFile {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw usageError('CONFIG_INVALID', `${file} is not a JSON object.`, HINT);
  }
  const parsed = configSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    throw usageError('CONFIG_UNKNOWN_KEY', `${file}: unknown key ${keys}.`, HINT);
  }
  const key = String(issue.path[0] ?? '');
  throw usageError('CONFIG_INVALID', `${file}: "${key}" ${describeIssue(issue, key as ConfigKey)}.`, HINT);
}

/** Checks one value as `config set` would store it. */
export function parseConfigValue(key: ConfigKey, value: string, file: string): ConfigFile {
  return parseConfig({ [key]: value }, file);
}

function describeIssue(issue: z.core.$ZodIssue, key: ConfigKey): string {
  if (issue.code === 'invalid_type') return `must be a ${issue.expected}`;
  if (issue.code === 'invalid_value' && key === 'provider') return `must be one of ${PROVIDER_NAMES.join(', ')}`;
  return issue.message;
}
