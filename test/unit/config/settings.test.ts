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

  it('reads the run and provider settings once, typed: IMAGEGEN_CONCURRENCY, poll interval, keys, Vertex AI, time limits', async () => {
    const env = {
      IMAGEGEN_CONCURRENCY: '3',
      IMAGEGEN_BATCH_POLL_MS: '20',
      GEMINI_API_KEY: 'k',
      HF_TOKEN: 'hf',
      IMAGEGEN_HF_BASE_URL: 'http://127.0.0.1:9/hf',
      GOOGLE_GENAI_USE_VERTEXAI: 'TRUE',
      GOOGLE_CLOUD_PROJECT: ' p ',
      IMAGEGEN_TIMEOUT_MS: '300',
      IMAGEGEN_RETRIES: '2',
      IMAGEGEN_TEXT_MODEL: 'gemini-2.5-flash',
    };
    const s = await resolveSettings({ home: dir }, env, dir);
    expect([s.concurrency, s.batchPollMs, s.modelsTimeoutMs, s.vertex]).toEqual([3, 20, 300, true]);
    expect(s.providers()).toEqual({
      apiKey: 'k',
      vertex: true,
      vertexProject: 'p',
      vertexLocation: 'global',
      vertexAccessToken: undefined,
      hfToken: 'hf',
      hfBaseUrl: 'http://127.0.0.1:9/hf',
      timeoutMs: 300,
      retries: 2,
      retryBaseMs: undefined,
      textModel: 'gemini-2.5-flash',
      batchInlineLimitBytes: undefined,
    });
    expect(s.providers()).toBe(s.providers()); // resolved once
  });

  it('falls back to the defaults for a concurrency or poll interval that is not a positive whole number', async () => {
    for (const bad of ['0', '-2', '1.5', 'many', '']) {
      const s = await resolveSettings({ home: dir }, { IMAGEGEN_CONCURRENCY: bad, IMAGEGEN_BATCH_POLL_MS: bad }, dir);
      expect([s.concurrency, s.batchPollMs]).toEqual([8, 30_000]);
    }
  });

  it('--vertex wins over the environment, and a malformed provider number is a usage error only when a provider is built', async () => {
    const s = await resolveSettings({ home: dir, vertex: true }, { IMAGEGEN_TIMEOUT_MS: 'soon' }, dir);
    expect(s.vertex).toBe(true);
    expect(() => s.providers()).toThrow(expect.objectContaining({ code: 'INVALID_SETTING', message: 'IMAGEGEN_TIMEOUT_MS=soon is not a whole number.' }));
  });
});
