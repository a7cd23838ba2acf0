/**
 * The home's record of batch jobs: one JSON file per job under `<home>/batches/`, each rewritten
 * atomically (temp file, fsync, rename), so a kill at any moment leaves either the old record or
 * the new one. The record's shape belongs to core; this only keeps the files.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

const ID_PATTERN = /^[0-9a-z]{4,32}$/;

export class BatchBook<T extends { id: string }> {
  readonly dir: string;

  constructor(home: string) {
    this.dir = join(home, 'batches');
  }

  private pathOf(id: string): string {
    if (!ID_PATTERN.test(id)) throw new Error(`not a batch record id: ${id}`);
    return join(this.dir, `${id}.json`);
  }

  async write(record: T): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.pathOf(record.id), Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
  }

  async read(id: string): Promise<T | null> {
    if (!ID_PATTERN.test(id)) return null;
    try {
      return JSON.parse(await fs.readFile(this.pathOf(id), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Every record, oldest first by file name order of creation time is up to the caller. */
  async all(): Promise<T[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const records: T[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : '';
      if (!ID_PATTERN.test(id)) continue;
      const record = await this.read(id);
      if (record) records.push(record);
    }
    return records;
  }

  /**
   * Runs `work` holding `<id>.lock` (created exclusively, holding our pid), so two processes never
   * write one job's results at once. A lock whose process is gone is taken over; one whose
   * process lives makes this return `{ busy: pid }` without running `work`.
   */
  async exclusive<R>(id: string, work: () => Promise<R>): Promise<{ done: R } | { busy: number }> {
    await fs.mkdir(this.dir, { recursive: true });
    const lockFile = join(this.dir, `${id}.lock`);
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
        const holder = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
        if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) return { busy: holder };
        await fs.rm(lockFile, { force: true }); // left by a process that was killed
      }
    }
    try {
      return { done: await work() };
    } finally {
      await fs.rm(lockFile, { force: true });
    }
  }

  async remove(id: string): Promise<void> {
    await fs.rm(this.pathOf(id), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
