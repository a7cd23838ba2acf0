/**
 * config.json in the home: read (validated by the zod schema in config-schema.ts, imported only
 * when the file exists) and changed key by key for `imagegen config set/unset`, written
 * atomically so a crash never leaves half a file.
 */
import { join } from 'node:path';
import { usageError } from '../domain/errors.js';
import { readRegularFileCapped } from '../store/bounded-read.js';
import type { ConfigKey } from './config-keys.js';
import type { ConfigFile } from './config-schema.js';

export type { ConfigFile };

/** A config file is a few keys; one larger than this is not one. */
const MAX_CONFIG_BYTES = 64 * 1024;

export function configPath(home: string): string {
  return join(home, 'config.json');
}

/** The file's JSON, unvalidated; undefined when there is no file. */
async function readRaw(file: string): Promise<Record<string, unknown> | undefined> {
  let data: Buffer | undefined;
  try {
    // A regular file, read to a limit: a FIFO or device here would block every command.
    data = await readRegularFileCapped(file, MAX_CONFIG_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageError('CONFIG_UNREADABLE', `Cannot read ${file}: ${(err as Error).message}`, 'Check the file, or choose another home with --home or IMAGEGEN_HOME.');
  }
  if (data === undefined) {
    throw usageError('CONFIG_UNREADABLE', `Cannot read ${file}: it is larger than ${MAX_CONFIG_BYTES / 1024} KiB, the most a config file may be.`, 'Fix or delete the file; its keys are "out", "model" and "provider".');
  }
  const text = data.toString('utf8');
  try {
    const data = JSON.parse(text) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) return data as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw usageError('CONFIG_INVALID', `${file} is not a JSON object.`, 'Fix or delete the file; its keys are "out", "model" and "provider".');
}

/** The home's config.json, validated; {} when there is none. */
export async function readConfig(home: string): Promise<ConfigFile> {
  const file = configPath(home);
  const raw = await readRaw(file);
  if (raw === undefined) return {};
  const { parseConfig } = await import('./config-schema.js');
  return parseConfig(raw, file);
}

/** Sets one key; the rest of the file must be valid too. */
export async function setConfig(home: string, key: ConfigKey, value: string): Promise<ConfigFile> {
  const file = configPath(home);
  const [{ parseConfig, parseConfigValue }, { writeFileAtomic }, { mkdir }] = await Promise.all([
    import('./config-schema.js'),
    import('../store/atomic.js'),
    import('node:fs/promises'),
  ]);
  parseConfigValue(key, value, file);
  const raw = { ...((await readRaw(file)) ?? {}) };
  raw[key] = value.trim();
  // Everything else in the file must be valid too: a `set` never writes a file that fails to load.
  const config = parseConfig(raw, file);
  await mkdir(home, { recursive: true });
  await writeFileAtomic(file, Buffer.from(`${JSON.stringify(raw, null, 2)}\n`));
  return config;
}

/** Removes one key even when the rest of the file is invalid (the way to repair it). */
export async function unsetConfig(home: string, key: string): Promise<boolean> {
  const file = configPath(home);
  const raw = await readRaw(file);
  if (raw === undefined || !Object.hasOwn(raw, key)) return false;
  delete raw[key];
  const { writeFileAtomic } = await import('../store/atomic.js');
  await writeFileAtomic(file, Buffer.from(`${JSON.stringify(raw, null, 2)}\n`));
  return true;
}
