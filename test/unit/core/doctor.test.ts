/**
 * doctor and the notes that let it finish a killed process's file work (issue 8, item 6), run
 * in-process on a real catalog and store in a temp dir. A "kill" is the process stopping between
 * two steps: here, the steps after it are simply never run, and the job is given a dead pid.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countWhere, withProbe } from '../../sql-probe.js';
import { Catalog, type NewJob } from '../../../src/catalog/catalog.js';
import { executeDelete, planDelete } from '../../../src/core/delete.js';
import { runDoctor, type DoctorReport } from '../../../src/core/doctor.js';
import { RunLifecycle } from '../../../src/core/entry-lifecycle.js';
import { runImageJob, type ImageJob } from '../../../src/core/run-images.js';
import { defaultModelFor, findModel } from '../../../src/providers/models.js';
import { OfflineProvider } from '../../../src/providers/offline.js';
import { Store, writeProbePath } from '../../../src/store/store.js';

/** A pid no process has (above Linux's largest pid_max). */
const DEAD_PID = 2 ** 22 + 12345;

let dir: string;
let home: string;
let out: string;
let catalog: Catalog;
let store: Store;
const clock = () => new Date();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-doctor-'));
  home = join(dir, 'home');
  out = join(dir, 'out');
  store = new Store(home);
  catalog = new Catalog(join(dir, 'catalog.db'), store.blobPath);
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

function job(count: number, prompt = 'a quiet harbour'): ImageJob {
  return {
    command: 'generate', kind: 'generate', prompt, effectivePrompt: prompt, name: 'Harbour', count,
    model: findModel(defaultModelFor('offline'))!, aspectRatio: '1:1', imageSize: '1K', format: undefined, outDir: out,
    project: null, emotion: null, style: null, referenceType: null, template: null, parent: null, inputs: [],
    metadata: {}, concurrency: 2, options: {},
  };
}

const doctor = (fix: boolean) => runDoctor({ catalog, store, clock }, { fix, outDir: out, nodeVersion: '24.0.0', keyPresent: true, catalogExists: true });
const check = (report: DoctorReport, name: string) => report.checks.find((c) => c.name === name)!;
const blobFiles = () => (existsSync(store.blobDir) ? readdirSync(store.blobDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length : 0);
const outFiles = () => (existsSync(out) ? readdirSync(out) : []);

describe('doctor', () => {
  it('reports a clean catalog as ok and changes nothing', async () => {
    await runImageJob(job(2), { catalog, store, clock, provider: new OfflineProvider() });
    const report = await doctor(false);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.status).every((s) => s === 'ok')).toBe(true);
    expect(check(report, 'catalog').message).toBe('integrity check ok');
    expect(blobFiles()).toBe(2);
    expect(outFiles()).toHaveLength(2);
  });

  it('finishes a delete killed after its commit: the files it noted go with --fix, not before', async () => {
    const made = await runImageJob(job(2), { catalog, store, clock, provider: new OfflineProvider() });
    const [gone, kept] = made.entries;
    // The delete's transaction commits (rows gone, files noted) and the process dies before any file goes.
    const outcome = catalog.deletion.deleteEntries([gone!.id], new Date().toISOString());
    expect(outcome.ok).toBe(true);
    expect(existsSync(gone!.file!.path)).toBe(true);

    const report = await doctor(false);
    expect(report.ok).toBe(false);
    expect(check(report, 'unfinished file work').status).toBe('problem');
    expect(existsSync(gone!.file!.path)).toBe(true); // without --fix nothing changes

    const fixed = await doctor(true);
    expect(check(fixed, 'unfinished file work').status).toBe('fixed');
    expect(existsSync(gone!.file!.path)).toBe(false);
    expect(existsSync(store.blobPath(gone!.file!.sha256, 'image/png'))).toBe(false);
    expect(existsSync(kept!.file!.path)).toBe(true);
    expect((await doctor(false)).ok).toBe(true);
  });

  it('a kill between writing an image and its row: the pending entry becomes interrupted and its files go', async () => {
    const jobRow: NewJob = { id: 'job_killed', command: 'generate', requested: 1, options: {}, createdAt: clock().toISOString() };
    const run = new RunLifecycle(jobRow, { catalog, store, clock });
    const id = 'k1llk1ll';
    run.begin(
      {
        id, job: jobRow, kind: 'generate', name: 'Harbour', prompt: 'p', effectivePrompt: 'p', emotion: null, style: null, referenceType: null, template: null,
        provider: 'offline', model: 'offline', aspectRatio: '1:1', imageSize: '1K', parentId: null, rootId: id, project: null, inputs: [], createdAt: clock().toISOString(),
      },
      { options: {} },
    );
    const bytes = Buffer.from('the image that was paid for');
    const blob = await store.putBlob(bytes, 'image/png');
    run.placing(id, { sha256: blob.sha256, mimeType: 'image/png' }, { path: join(out, `harbour-${id}.png`), numbered: true });
    await store.placeOutput(blob.path, out, `harbour-${id}`, 'png');
    run.close = async () => {}; // the process is killed: nothing after this point runs
    withProbe(join(dir, 'catalog.db'), (db) => db.prepare('UPDATE jobs SET pid = ? WHERE id = ?').run(DEAD_PID, jobRow.id));

    const report = await doctor(false);
    expect(check(report, 'pending entries')).toMatchObject({ status: 'problem', items: [id] });
    expect(check(report, 'unfinished file work').items).toHaveLength(2);

    const fixed = await doctor(true);
    expect(check(fixed, 'pending entries')).toMatchObject({ status: 'fixed', items: [id] });
    expect(catalog.getEntry(id)!.status).toBe('interrupted');
    expect(catalog.getEntry(id)!.error!.hint).toContain(`imagegen retry ${id}`);
    expect(blobFiles()).toBe(0);
    expect(outFiles()).toEqual([]);
    expect((await doctor(false)).ok).toBe(true);
  });

  it('leaves a live run alone: its pending rows and announced files are not touched', async () => {
    const jobRow: NewJob = { id: 'job_live', command: 'generate', requested: 1, options: {}, createdAt: clock().toISOString() };
    const run = new RunLifecycle(jobRow, { catalog, store, clock });
    const id = 'l1vel1ve';
    run.begin(
      {
        id, job: jobRow, kind: 'generate', name: 'Harbour', prompt: 'p', effectivePrompt: 'p', emotion: null, style: null, referenceType: null, template: null,
        provider: 'offline', model: 'offline', aspectRatio: '1:1', imageSize: '1K', parentId: null, rootId: id, project: null, inputs: [], createdAt: clock().toISOString(),
      },
      { options: {} },
    );
    const blob = await store.putBlob(Buffer.from('being written'), 'image/png');
    run.placing(id, { sha256: blob.sha256, mimeType: 'image/png' }, { path: join(out, `harbour-${id}.png`), numbered: true });
    const fixed = await doctor(true);
    expect(fixed.ok).toBe(true);
    expect(catalog.getEntry(id)!.status).toBe('pending');
    expect(existsSync(blob.path)).toBe(true);
    await run.close();
  });

  it('removes orphan blobs and dead writers\' temp files, and reports missing blobs it cannot fix', async () => {
    const made = await runImageJob(job(1), { catalog, store, clock, provider: new OfflineProvider() });
    const orphan = await store.putBlob(Buffer.from('nobody records me'), 'image/png');
    const temp = join(out, `.harbour.png.${DEAD_PID}.0123abcd.tmp`);
    writeFileSync(temp, 'half');
    const report = await doctor(false);
    expect(check(report, 'orphan blobs').items).toEqual([orphan.path]);
    expect(check(report, 'output folder temp files').items).toEqual([temp]);
    await doctor(true);
    expect(existsSync(orphan.path)).toBe(false);
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(made.entries[0]!.file!.path)).toBe(true);

    rmSync(store.blobPath(made.entries[0]!.file!.sha256, 'image/png'));
    const missing = await doctor(true);
    expect(missing.ok).toBe(false);
    expect(check(missing, 'missing blobs').status).toBe('problem');
  });

  it('clears a write probe left by a process killed between writing and removing it (a kill -9 trial found one)', async () => {
    mkdirSync(out, { recursive: true });
    const probe = writeProbePath(out, DEAD_PID);
    writeFileSync(probe, '');
    expect(check(await doctor(false), 'output folder temp files').items).toEqual([probe]);
    await doctor(true);
    expect(existsSync(probe)).toBe(false);
  });

  it('a delete that runs to the end leaves no note behind', async () => {
    const made = await runImageJob(job(1), { catalog, store, clock, provider: new OfflineProvider() });
    const result = await executeDelete({ catalog, store }, planDelete(catalog, [made.entries[0]!.id], { cascade: false }));
    expect(result.removedFiles).toEqual([made.entries[0]!.file!.path]);
    expect(countWhere(join(dir, 'catalog.db'), 'file_cleanups')).toBe(0);
    expect(blobFiles()).toBe(0);
  });
});
