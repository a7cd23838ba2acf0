/**
 * Atomic writes go through a temp file beside the target (`.name.PID.RANDOM.tmp`) that is renamed
 * into place. A build killed mid-write leaves that temp file behind — never a half-written target.
 * The next build removes the ones whose writer is gone, in the folders it writes to.
 */
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes abandoned temp files of these files (targets, the lock); returns how many. */
export async function removeStaleTemps(files: readonly string[]): Promise<number> {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const names = byDir.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    byDir.set(dirname(file), names);
  }
  let removed = 0;
  for (const [dir, names] of byDir) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const match = TEMP.exec(entry);
      if (!match || !names.has(match[1]!) || alive(Number(match[2]))) continue;
      await rm(join(dir, entry), { force: true });
      removed++;
    }
  }
  return removed;
}
