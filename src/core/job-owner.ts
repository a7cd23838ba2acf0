/** Whether the process that owns a job (and its pending rows and file notes) may still be running. */
import { hostname } from 'node:os';
import type { Catalog } from '../catalog/catalog.js';

/** How often a running job says it is alive, and how long without a word makes it dead. */
export const HEARTBEAT_MS = 30_000;
export const STALE_AFTER_MS = 5 * 60_000;

/** Whether the process that owns a pending row may still be running it. */
export function ownerAlive(row: { pid: number | null; host: string | null; heartbeatAt: string | null }, now: Date, here = { pid: process.pid, host: hostname() }): boolean {
  if (row.pid === null || row.heartbeatAt === null) return false;
  const heard = Date.parse(row.heartbeatAt);
  if (!Number.isFinite(heard) || now.getTime() - heard > STALE_AFTER_MS) return false;
  if (row.host !== here.host) return true; // another machine sharing the home: trust its heartbeat
  if (row.pid === here.pid) return true;
  try {
    process.kill(row.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}


/** Whether a job is still running: not finished, and its owner alive. */
export function jobIsLive(catalog: Catalog, jobId: string | null, now: Date): boolean {
  if (jobId === null) return false;
  const job = catalog.lifecycle.jobOwner(jobId);
  return job !== undefined && job.finishedAt === null && ownerAlive(job, now);
}
