/**
 * An entry's life in the catalog: written `pending` before its request is sent, then `completed`
 * (with its blob and file), `failed` or `interrupted`. Jobs record the process that runs them so
 * pending rows left by a process that died can be told from a live run's. Files about to be
 * written are recorded first (file_cleanups), so a kill between the write and the row leaves a
 * note saying which files to take back.
 */
import { blobUpsert, insertNewEntry, type NewBlob, type NewEntry, type NewJob } from './new-entry.js';
import type { Db } from './open.js';
import type { ErrorJson } from '../domain/errors.js';

export interface JobOwner {
  pid: number;
  host: string;
  heartbeatAt: string;
}

export interface PendingRow {
  id: string;
  jobId: string;
  pid: number | null;
  host: string | null;
  heartbeatAt: string | null;
}

/** A file imagegen is about to write (placing) or remove (deleting). */
export interface FileCleanup {
  id: number;
  reason: 'placing' | 'deleting';
  kind: 'blob' | 'output';
  entryId: string | null;
  jobId: string | null;
  sha256: string;
  mimeType: string;
  path: string | null;
  numbered: boolean;
  createdAt: string;
}

export type NewFileCleanup = Omit<FileCleanup, 'id'>;

export interface JobOwnerRow {
  id: string;
  pid: number | null;
  host: string | null;
  heartbeatAt: string | null;
  finishedAt: string | null;
}

/** The statements of an entry's and a job's life, and of the notes about files in flight. */
export class Lifecycle {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Writes the entry as pending (with its job, owned by this process, on the job's first entry). */
  insertPendingEntry(entry: Omit<NewEntry, 'status' | 'output'>, owner: JobOwner): void {
    this.db.transaction(() => {
      insertNewEntry(this.db, { ...entry, status: 'pending', output: null });
      this.db
        .prepare('UPDATE jobs SET pid = ?, host = ?, heartbeat_at = ? WHERE id = ? AND pid IS NULL')
        .run(owner.pid, owner.host, owner.heartbeatAt, entry.job.id);
    }).immediate();
  }

  touchJob(jobId: string, heartbeatAt: string): void {
    this.db.prepare('UPDATE jobs SET heartbeat_at = ? WHERE id = ?').run(heartbeatAt, jobId);
  }

  recordCleanups(rows: NewFileCleanup[]): void {
    this.db.transaction(() => this.recordCleanupsIn(rows)).immediate();
  }

  /** recordCleanups inside a transaction the caller holds. */
  recordCleanupsIn(rows: NewFileCleanup[]): void {
    const insert = this.db.prepare(
      `INSERT INTO file_cleanups (reason, kind, entry_id, job_id, sha256, mime_type, path, numbered, created_at)
       VALUES (@reason, @kind, @entryId, @jobId, @sha256, @mimeType, @path, @numbered, @createdAt)`,
    );
    for (const row of rows) insert.run({ ...row, numbered: row.numbered ? 1 : 0 });
  }

  /** Forgets this entry's notes about files being placed (they are now the entry's, or gone). */
  clearPlacing(entryId: string): void {
    this.db.prepare("DELETE FROM file_cleanups WHERE entry_id = ? AND reason = 'placing'").run(entryId);
  }

  removeCleanup(id: number): void {
    this.db.prepare('DELETE FROM file_cleanups WHERE id = ?').run(id);
  }

  listCleanups(): FileCleanup[] {
    const rows = this.db
      .prepare(
        `SELECT id, reason, kind, entry_id AS entryId, job_id AS jobId, sha256, mime_type AS mimeType, path, numbered, created_at AS createdAt
         FROM file_cleanups ORDER BY id`,
      )
      .all() as (Omit<FileCleanup, 'numbered'> & { numbered: number })[];
    return rows.map((r) => ({ ...r, numbered: r.numbered === 1 }));
  }

  /** The pending entry becomes completed, with its output, in one transaction with its notes' removal. */
  completeEntry(
    id: string,
    done: { output: { blob: NewBlob; filePath: string }; usage: NewEntry['usage']; durationMs: number | null; metadata: Record<string, unknown>; createdAt: string },
  ): void {
    const db = this.db;
    db.transaction(() => {
      const b = done.output.blob;
      blobUpsert(db)(b, done.createdAt);
      db.prepare(
        `UPDATE entries SET status = 'completed', blob_sha256 = ?, file_path = ?, input_tokens = ?, output_tokens = ?,
           cost_usd = ?, cost_known = ?, duration_ms = ?, error = NULL, metadata = ?, created_at = ? WHERE id = ?`,
      ).run(
        b.sha256,
        done.output.filePath,
        done.usage.inputTokens,
        done.usage.outputTokens,
        done.usage.costUsd ?? 0,
        done.usage.costUsd === null ? 0 : 1,
        done.durationMs,
        JSON.stringify(done.metadata),
        done.createdAt,
        id,
      );
      this.clearPlacing(id);
    }).immediate();
  }

  /**
   * The entry ends without an image: failed (the request failed) or interrupted (the run stopped).
   * Notes about files it was placing stay, for the run's end (or doctor) to take the files back.
   */
  endEntry(id: string, status: 'failed' | 'interrupted', error: ErrorJson, metadata: Record<string, unknown>, usage?: NewEntry['usage']): void {
    const db = this.db;
    db.transaction(() => {
      db.prepare(
        `UPDATE entries SET status = ?, error = ?, metadata = ?,
           input_tokens = coalesce(?, input_tokens), output_tokens = coalesce(?, output_tokens),
           cost_usd = coalesce(?, cost_usd), cost_known = coalesce(?, cost_known)
         WHERE id = ?`,
      ).run(
        status,
        JSON.stringify(error),
        JSON.stringify(metadata),
        usage?.inputTokens ?? null,
        usage?.outputTokens ?? null,
        usage ? (usage.costUsd ?? 0) : null,
        usage ? (usage.costUsd === null ? 0 : 1) : null,
        id,
      );
    }).immediate();
  }

  /** Every pending entry with the process its job recorded. */
  pendingRows(): PendingRow[] {
    return this.db
      .prepare(
        `SELECT e.id, e.job_id AS jobId, j.pid, j.host, j.heartbeat_at AS heartbeatAt
         FROM entries e JOIN jobs j ON j.id = e.job_id WHERE e.status = 'pending' ORDER BY e.created_at, e.rowid`,
      )
      .all() as PendingRow[];
  }

  /** Marks the given entries interrupted if they are still pending; returns the ids it changed. */
  interruptPending(ids: string[], error: ErrorJson): string[] {
    const db = this.db;
    return db.transaction(() => {
      const changed: string[] = [];
      const update = db.prepare("UPDATE entries SET status = 'interrupted', error = ? WHERE id = ? AND status = 'pending'");
      for (const id of ids) if (update.run(JSON.stringify(error), id).changes > 0) changed.push(id);
      return changed;
    }).immediate();
  }

  finishJobIfIdle(jobId: string, finishedAt: string): void {
    this.db
      .prepare("UPDATE jobs SET finished_at = ? WHERE id = ? AND finished_at IS NULL AND NOT EXISTS (SELECT 1 FROM entries WHERE job_id = ? AND status = 'pending')")
      .run(finishedAt, jobId, jobId);
  }

  /** The job's row, written before anything else of the run so notes about its files can name it. */
  insertOwnedJob(job: NewJob, owner: JobOwner): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, command, requested, options, created_at, pid, host, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING`,
      )
      .run(job.id, job.command, job.requested, JSON.stringify(job.options), job.createdAt, owner.pid, owner.host, owner.heartbeatAt);
  }

  /** Removes the job if no entry belongs to it (a run that made nothing leaves nothing); else marks it finished. */
  finishOrDropJob(jobId: string, finishedAt: string): void {
    const db = this.db;
    db.transaction(() => {
      db.prepare('DELETE FROM jobs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entries WHERE job_id = ?)').run(jobId, jobId);
      this.finishJobIfIdle(jobId, finishedAt);
    }).immediate();
  }

  jobOwner(jobId: string): JobOwnerRow | undefined {
    return this.db.prepare('SELECT id, pid, host, heartbeat_at AS heartbeatAt, finished_at AS finishedAt FROM jobs WHERE id = ?').get(jobId) as JobOwnerRow | undefined;
  }

  cleanupsOfJob(jobId: string): FileCleanup[] {
    return this.listCleanups().filter((c) => c.jobId === jobId);
  }

  /** Whether a blob row with this hash exists (some entry, input or identity keeps the file). */
  hasBlobRow(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
  }

  /** Whether an entry names this output file. */
  isEntryFile(path: string): boolean {
    return this.db.prepare('SELECT 1 FROM entries WHERE file_path = ? LIMIT 1').get(path) !== undefined;
  }
}
