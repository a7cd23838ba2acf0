/**
 * `doctor`: checks the catalog (SQLite's integrity and foreign keys), the files it owns (blobs no
 * row records, files a killed run or delete left half-done, missing blobs), pending entries whose
 * process is gone, whether the home and output folder can be written, the Node version and
 * whether an API key is set (never the key). With `fix`, it finishes what can be finished:
 * removes orphans the catalog owns and marks stale pending entries interrupted.
 */
import { BatchBook } from '../store/batch-book.js';
import type { BatchRecord } from './batch/record.js';
import { constants } from 'node:fs';
import { access, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stalePending, sweepStalePending } from './entry-lifecycle.js';
import { settleCleanup } from './file-cleanups.js';
import { jobIsLive } from './job-owner.js';
import type { Ports } from './ports.js';
import type { FileCleanup } from '../catalog/catalog.js';

export type CheckStatus = 'ok' | 'warning' | 'problem' | 'fixed';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  message: string;
  /** The files, entries or lines the check is about. */
  items: string[];
}

export interface DoctorReport {
  ok: boolean;
  fixed: boolean;
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  fix: boolean;
  outDir: string;
  nodeVersion: string;
  keyPresent: boolean;
  /** False when there is no catalog yet (nothing to check in it). */
  catalogExists: boolean;
}

export const MIN_NODE_MAJOR = 22;

type DoctorPorts = Pick<Ports, 'catalog' | 'store' | 'clock'>;

export async function runDoctor(ports: DoctorPorts, options: DoctorOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  if (!options.catalogExists) {
    checks.push({ name: 'catalog', status: 'ok', message: 'no catalog yet; it is made by the first image', items: [] });
  } else {
    checks.push(catalogIntegrity(ports));
    checks.push(pendingEntries(ports, options.fix));
    checks.push(await unfinishedFileWork(ports, options.fix));
    checks.push(await orphanBlobs(ports, options.fix));
    checks.push(await missingBlobs(ports));
  }
  checks.push(await orphanTempFiles('output folder temp files', options.outDir, options.fix));
  checks.push(await writable('home', ports.store.home));
  checks.push(await writable('output folder', options.outDir));
  checks.push(nodeVersion(options.nodeVersion));
  checks.push(
    options.keyPresent
      ? { name: 'api key', status: 'ok', message: 'an API key is set (GEMINI_API_KEY or GOOGLE_API_KEY)', items: [] }
      : { name: 'api key', status: 'warning', message: 'no API key is set: only --provider offline (and huggingface with HF_TOKEN) will work; set GEMINI_API_KEY', items: [] },
  );
  return { ok: checks.every((c) => c.status !== 'problem'), fixed: options.fix, checks };
}

function catalogIntegrity(ports: DoctorPorts): DoctorCheck {
  const problems = ports.catalog.health.integrityProblems();
  if (problems.length === 0) return { name: 'catalog', status: 'ok', message: 'integrity check ok', items: [] };
  return { name: 'catalog', status: 'problem', message: `SQLite finds ${problems.length} problem${problems.length === 1 ? '' : 's'}: restore catalog.db from a backup`, items: problems };
}

function pendingEntries(ports: DoctorPorts, fix: boolean): DoctorCheck {
  const now = ports.clock();
  const stale = stalePending(ports.catalog, now).map((r) => r.id);
  if (stale.length === 0) return { name: 'pending entries', status: 'ok', message: 'no pending entry is left by a process that has gone', items: [] };
  if (!fix) return { name: 'pending entries', status: 'problem', message: `${stale.length} pending ${plural(stale.length, 'entry', 'entries')} whose process has gone; doctor --fix marks them interrupted (then imagegen retry ID)`, items: stale };
  const marked = sweepStalePending(ports.catalog, now);
  return { name: 'pending entries', status: 'fixed', message: `${marked.length} ${plural(marked.length, 'entry', 'entries')} marked interrupted; run imagegen retry ID to make them`, items: marked };
}

/** Notes of files being placed by runs that died, and of deletes that stopped before their files went. */
async function unfinishedFileWork(ports: DoctorPorts, fix: boolean): Promise<DoctorCheck> {
  const now = ports.clock();
  const notes = ports.catalog.lifecycle.listCleanups().filter((note) => !belongsToLiveJob(note, ports, now));
  const describe = (n: FileCleanup) => `${n.reason === 'deleting' ? 'to remove' : 'left by a stopped run'}: ${n.kind === 'blob' ? ports.store.blobPath(n.sha256, n.mimeType) : (n.path ?? '')}`;
  if (notes.length === 0) return { name: 'unfinished file work', status: 'ok', message: 'no file is left half-written or half-deleted', items: [] };
  if (!fix) return { name: 'unfinished file work', status: 'problem', message: `${notes.length} ${plural(notes.length, 'file', 'files')} left by a stopped run or delete; doctor --fix finishes them`, items: notes.map(describe) };
  const removed: string[] = [];
  for (const note of notes) for (const v of await settleCleanup(note, ports)) if (v.outcome === 'removed') removed.push(v.path);
  return { name: 'unfinished file work', status: 'fixed', message: `${notes.length} unfinished ${plural(notes.length, 'note', 'notes')} finished; ${removed.length} ${plural(removed.length, 'file', 'files')} removed`, items: removed };
}

function belongsToLiveJob(note: FileCleanup, ports: DoctorPorts, now: Date): boolean {
  return jobIsLive(ports.catalog, note.jobId, now);
}

/** Files under blobs/ that no blob row records (and no live run is writing), and dead writers' temp files. */
async function orphanBlobs(ports: DoctorPorts, fix: boolean): Promise<DoctorCheck> {
  const { store } = ports;
  const now = ports.clock();
  const expected = new Set(ports.catalog.health.blobRows().map((b) => store.blobPath(b.sha256, b.mimeType)));
  // Input images of batch jobs whose results are not in yet: their entries are written at fetch.
  for (const path of await pendingBatchInputs(store)) expected.add(path);
  for (const note of ports.catalog.lifecycle.listCleanups()) {
    if (note.kind === 'blob' && belongsToLiveJob(note, ports, now)) expected.add(store.blobPath(note.sha256, note.mimeType));
  }
  const orphans: string[] = [];
  for (const sub of await readdir(store.blobDir).catch(() => [] as string[])) {
    const dir = join(store.blobDir, sub);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      if (name.startsWith('.') ? deadTempFile(name) : !expected.has(path)) orphans.push(path);
    }
  }
  if (orphans.length === 0) return { name: 'orphan blobs', status: 'ok', message: 'every stored image is recorded in the catalog', items: [] };
  if (!fix) return { name: 'orphan blobs', status: 'problem', message: `${orphans.length} stored ${plural(orphans.length, 'file', 'files')} that no catalog row records; doctor --fix removes them`, items: orphans };
  for (const path of orphans) await rm(path, { force: true });
  return { name: 'orphan blobs', status: 'fixed', message: `${orphans.length} orphan ${plural(orphans.length, 'file', 'files')} removed from the home`, items: orphans };
}

/** Blob paths of the inputs of batch jobs not yet fetched (see src/core/batch/record.ts). */
async function pendingBatchInputs(store: DoctorPorts['store']): Promise<string[]> {
  const records = await new BatchBook<BatchRecord>(store.home).all().catch(() => [] as BatchRecord[]);
  return records
    .filter((r) => r.state === 'submitting' || r.state === 'submitted')
    .flatMap((r) => r.jobs.flatMap((j) => j.inputs.map((i) => store.blobPath(i.blob.sha256, i.mimeType))));
}

async function missingBlobs(ports: DoctorPorts): Promise<DoctorCheck> {
  const missing: string[] = [];
  for (const b of ports.catalog.health.blobRows()) {
    const path = ports.store.blobPath(b.sha256, b.mimeType);
    if (!(await stat(path).catch(() => undefined))) missing.push(path);
  }
  if (missing.length === 0) return { name: 'missing blobs', status: 'ok', message: 'every blob the catalog records is in the home', items: [] };
  return { name: 'missing blobs', status: 'problem', message: `${missing.length} stored ${plural(missing.length, 'image is', 'images are')} missing from the home (cannot be fixed here; restore the home from a backup)`, items: missing };
}

/** Temp files of atomic writes (`.name.<pid>.<hex>.tmp`) whose writer has gone. */
async function orphanTempFiles(name: string, dir: string, fix: boolean): Promise<DoctorCheck> {
  const found = (await readdir(dir).catch(() => [] as string[])).filter(deadTempFile).map((n) => join(dir, n));
  if (found.length === 0) return { name, status: 'ok', message: 'no temp file left by a stopped write', items: [] };
  if (!fix) return { name, status: 'problem', message: `${found.length} temp ${plural(found.length, 'file', 'files')} left by a stopped write; doctor --fix removes them`, items: found };
  for (const path of found) await rm(path, { force: true });
  return { name, status: 'fixed', message: `${found.length} temp ${plural(found.length, 'file', 'files')} removed`, items: found };
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function deadTempFile(name: string): boolean {
  const match = TEMP_NAME.exec(name);
  if (!match) return false;
  const pid = Number(match[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

async function writable(name: string, dir: string): Promise<DoctorCheck> {
  let existing = dir;
  while (!(await stat(existing).catch(() => undefined)) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    await access(existing, constants.W_OK);
    return { name, status: 'ok', message: `${dir} can be written`, items: [] };
  } catch (err) {
    return { name, status: 'problem', message: `${dir} cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'} at ${existing})`, items: [dir] };
  }
}

function nodeVersion(version: string): DoctorCheck {
  const major = Number(version.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return { name: 'node', status: 'ok', message: `Node ${version}`, items: [] };
  return { name: 'node', status: 'problem', message: `Node ${version} is older than the ${MIN_NODE_MAJOR} imagegen needs`, items: [] };
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
