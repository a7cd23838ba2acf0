/** `imagegen config …` and `imagegen home` through the binary: streams and exit codes. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from './cli.js';

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

describe('imagegen config', () => {
  it('set, get, list, unset and path', async () => {
    const file = join(box.home, 'config.json');
    expect((await box.run(['config', 'path'])).stdout.trim()).toBe(file);
    expect(existsSync(file)).toBe(false);
    expect((await box.run(['config', 'set', 'provider', 'offline'])).code).toBe(0);
    const got = await box.run(['config', 'get', 'provider']);
    expect([got.code, got.stdout]).toEqual([0, 'offline\n']);
    // The setting is used: generate needs no key now.
    const made = await box.run(['generate', 'a pear', '--json']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.json<{ entries: { provider: string }[] }>().entries[0]!.provider).toBe('offline');
    expect((await box.run(['config', 'list', '--json'])).json()).toEqual({ provider: 'offline' });
    expect((await box.run(['config', 'unset', 'provider'])).code).toBe(0);
    const unset = await box.run(['config', 'get', 'provider']);
    expect([unset.code, unset.stdout]).toEqual([1, '']);
  });

  it('an unknown key or a bad value is exit 2 naming it; a broken file names the key and the file', async () => {
    const unknown = await box.run(['config', 'set', 'colour', 'red', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('CONFIG_UNKNOWN_KEY');
    expect(unknown.stderr).toContain('colour');
    const bad = await box.run(['config', 'set', 'provider', 'dalle']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"provider" must be one of');

    mkdirSync(box.home, { recursive: true });
    writeFileSync(join(box.home, 'config.json'), '{"out": 7}');
    const list = await box.run(['list']);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(`${join(box.home, 'config.json')}: "out" must be a string`);
  });

  it('home prints where things live, even when config.json is broken', async () => {
    mkdirSync(box.home, { recursive: true });
    writeFileSync(join(box.home, 'config.json'), '{"colour": "red"}');
    const r = await box.run(['home', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('colour');
    expect(r.json()).toMatchObject({ home: box.home, catalog: join(box.home, 'catalog.db'), config: join(box.home, 'config.json'), out: box.out });
  });
});
