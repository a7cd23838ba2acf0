import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../src/config/settings.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveSettings', async () => {
  it('flag beats env beats config file beats default', async () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'config.json'), JSON.stringify({ out: 'from-config', model: 'config-model', provider: 'offline' }));
    const env = { IMAGEGEN_HOME: home };
    const fromConfig = await resolveSettings({}, env, dir);
    expect([fromConfig.outDir, fromConfig.model, fromConfig.provider]).toEqual([join(dir, 'from-config'), 'config-model', 'offline']);
    const fromEnv = await resolveSettings({}, { ...env, IMAGEGEN_OUT: 'from-env', IMAGEGEN_MODEL: 'env-model', IMAGEGEN_PROVIDER: 'gemini' }, dir);
    expect([fromEnv.outDir, fromEnv.model, fromEnv.provider]).toEqual([join(dir, 'from-env'), 'env-model', 'gemini']);
    const fromFlag = await resolveSettings({ out: 'from-flag', model: 'flag-model', provider: 'offline' }, { ...env, IMAGEGEN_OUT: 'from-env' }, dir);
    expect([fromFlag.outDir, fromFlag.model, fromFlag.provider]).toEqual([join(dir, 'from-flag'), 'flag-model', 'offline']);
  });

  it('defaults: ./imagegen-output, the XDG data home, gemini', async () => {
    const s = await resolveSettings({}, { XDG_DATA_HOME: join(dir, 'xdg') }, dir);
    expect(s.outDir).toBe(join(dir, 'imagegen-output'));
    expect(s.provider).toBe('gemini');
    expect(s.model).toBeUndefined();
    expect((await resolveSettings({ home: 'h' }, {}, dir)).home).toBe(join(dir, 'h'));
  });

  it('takes GEMINI_API_KEY, else GOOGLE_API_KEY', async () => {
    expect((await resolveSettings({ home: dir }, { GOOGLE_API_KEY: 'g' }, dir)).apiKey).toBe('g');
    expect((await resolveSettings({ home: dir }, { GOOGLE_API_KEY: 'g', GEMINI_API_KEY: 'k' }, dir)).apiKey).toBe('k');
  });

  it('refuses an unknown provider and a broken config file with usage errors', async () => {
    await expect(resolveSettings({ provider: 'dalle', home: dir }, {}, dir)).rejects.toThrow(/Unknown provider "dalle"/);
    writeFileSync(join(dir, 'config.json'), '[1,2');
    await expect(resolveSettings({ home: dir }, {}, dir)).rejects.toThrow(/config.json is not a JSON object/);
  });
});
