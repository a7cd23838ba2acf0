import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configPath, readConfig, setConfig, unsetConfig } from '../../../src/config/config-file.js';
import { resolveSettings } from '../../../src/config/settings.js';
import { ImagegenError } from '../../../src/domain/errors.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'imagegen-config-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function failureOf(promise: Promise<unknown>): Promise<ImagegenError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImagegenError);
  return err as ImagegenError;
}

describe('config.json validation', () => {
  it('no file is an empty config', async () => {
    expect(await readConfig(join(home, 'nothing-here'))).toEqual({});
  });

  it('a wrong type is exit 2 naming the key and the file', async () => {
    writeFileSync(configPath(home), JSON.stringify({ out: 42 }));
    const err = await failureOf(readConfig(home));
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain(configPath(home));
    expect(err.message).toContain('"out" must be a string');
  });

  it('an unknown key is exit 2 naming the key and the file, and fails every command that reads settings', async () => {
    writeFileSync(configPath(home), JSON.stringify({ model: 'm', colour: 'red' }));
    const err = await failureOf(resolveSettings({ home }, {}, home));
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(err.message).toContain('"colour"');
    expect(err.message).toContain(configPath(home));
  });

  it('a provider outside the list names the choices', async () => {
    writeFileSync(configPath(home), JSON.stringify({ provider: 'dalle' }));
    expect((await failureOf(readConfig(home))).message).toContain('"provider" must be one of gemini, offline, huggingface');
  });

  it('an empty string is refused', async () => {
    writeFileSync(configPath(home), JSON.stringify({ model: '  ' }));
    expect((await failureOf(readConfig(home))).message).toContain('"model"');
  });
});

describe('config set and unset', () => {
  it('set writes a validated file that settings then use; unset removes the key', async () => {
    const nested = join(home, 'new-home');
    await setConfig(nested, 'provider', 'offline');
    await setConfig(nested, 'model', ' my-model ');
    expect(JSON.parse(readFileSync(configPath(nested), 'utf8'))).toEqual({ provider: 'offline', model: 'my-model' });
    const settings = await resolveSettings({ home: nested }, {}, home);
    expect([settings.provider, settings.model]).toEqual(['offline', 'my-model']);
    expect(await unsetConfig(nested, 'model')).toBe(true);
    expect(await unsetConfig(nested, 'model')).toBe(false);
    expect(await readConfig(nested)).toEqual({ provider: 'offline' });
  });

  it('set refuses a bad value and leaves the file as it was', async () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(configPath(home), '{"model":"kept"}');
    const err = await failureOf(setConfig(home, 'provider', 'dalle'));
    expect(err.exitCode).toBe(2);
    expect(readFileSync(configPath(home), 'utf8')).toBe('{"model":"kept"}');
  });

  it('set refuses to write over a file with an unknown key; unset of that key repairs it', async () => {
    writeFileSync(configPath(home), '{"colour":"red"}');
    expect((await failureOf(setConfig(home, 'model', 'm'))).code).toBe('CONFIG_UNKNOWN_KEY');
    expect(await unsetConfig(home, 'colour')).toBe(true);
    await setConfig(home, 'model', 'm');
    expect(await readConfig(home)).toEqual({ model: 'm' });
  });
});
