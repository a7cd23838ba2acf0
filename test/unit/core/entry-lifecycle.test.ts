/** When a pending entry's owner counts as gone: a dead pid here, or a silent heartbeat elsewhere. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ownerAlive, STALE_AFTER_MS } from '../../../src/core/entry-lifecycle.js';

const here = { pid: process.pid, host: 'this-host' };
const now = new Date('2026-11-30T12:00:00Z');
const fresh = new Date(now.getTime() - 1000).toISOString();
const silent = new Date(now.getTime() - STALE_AFTER_MS - 1000).toISOString();

describe('ownerAlive', () => {
  it('a live process on this host with a fresh heartbeat is alive', () => {
    expect(ownerAlive({ pid: process.pid, host: 'this-host', heartbeatAt: fresh }, now, here)).toBe(true);
    expect(ownerAlive({ pid: process.ppid, host: 'this-host', heartbeatAt: fresh }, now, here)).toBe(true);
  });

  it('a process that has exited is gone, however fresh its heartbeat', () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid!;
    expect(ownerAlive({ pid: exited, host: 'this-host', heartbeatAt: fresh }, now, here)).toBe(false);
  });

  it('another host is trusted while its heartbeat is fresh, and gone once it falls silent', () => {
    expect(ownerAlive({ pid: 1, host: 'other-host', heartbeatAt: fresh }, now, here)).toBe(true);
    expect(ownerAlive({ pid: 1, host: 'other-host', heartbeatAt: silent }, now, here)).toBe(false);
  });

  it('a silent heartbeat means gone even if the pid is in use again; a row without an owner is gone', () => {
    expect(ownerAlive({ pid: process.pid, host: 'this-host', heartbeatAt: silent }, now, here)).toBe(false);
    expect(ownerAlive({ pid: null, host: null, heartbeatAt: null }, now, here)).toBe(false);
  });
});
