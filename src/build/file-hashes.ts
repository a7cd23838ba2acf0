/**
 * sha256 of files, stat first: a file whose size and mtime match what was recorded is not read
 * again. The record lives in the home (build-cache/), not beside the manifest, because mtimes
 * differ on every checkout: it only saves work, and losing it only costs a re-hash. It also keeps
 * each target's fingerprint by the target's definition, so an unchanged target is not planned again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import type { ManifestDocument } from './schema.js';

interface FileRecord {
  size: number;
  mtimeMs: number;
  sha256: string;
}

interface CacheDocument {
  version: 1;
  files: Record<string, FileRecord>;
  fingerprints: Record<string, string>;
  /** The last manifest text that passed the schema (by sha256), and what it parsed to. */
  manifest?: { sha: string; doc: ManifestDocument };
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function hashStream(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class FileHashes {
  private doc: CacheDocument = { version: 1, files: {}, fingerprints: {} };
  private dirty = false;
  /** Files hashed (read) rather than answered from the record, for tests and the benchmark. */
  hashed = 0;

  readonly cacheFile: string | null;

  constructor(cacheFile: string | null) {
    this.cacheFile = cacheFile;
  }

  /** The cache file for a manifest: one per manifest path, under the home. */
  static fileFor(home: string, manifestFile: string): string {
    return join(home, 'build-cache', `${sha256Text(manifestFile).slice(0, 16)}.json`);
  }

  async load(): Promise<this> {
    if (!this.cacheFile) return this;
    try {
      const doc = JSON.parse(await readFile(this.cacheFile, 'utf8')) as CacheDocument;
      if (doc.version === 1 && doc.files && doc.fingerprints) this.doc = doc;
    } catch {
      // no record yet (or an unreadable one): everything is hashed once
    }
    return this;
  }

  /** The file's sha256, or null when there is no file. */
  async hash(file: string): Promise<string | null> {
    let info;
    try {
      info = await stat(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw err;
    }
    if (!info.isFile()) return null;
    const known = this.doc.files[file];
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known.sha256;
    this.hashed++;
    const sha256 = await hashStream(file);
    this.note(file, { size: info.size, mtimeMs: info.mtimeMs, sha256 });
    return sha256;
  }

  /** Records a file just written whose hash is known (a built target), so it is not read back. */
  async remember(file: string, sha256: string): Promise<void> {
    const info = await stat(file);
    this.note(file, { size: info.size, mtimeMs: info.mtimeMs, sha256 });
  }

  manifestDocument(sha: string): ManifestDocument | undefined {
    return this.doc.manifest?.sha === sha ? this.doc.manifest.doc : undefined;
  }

  setManifestDocument(sha: string, doc: ManifestDocument): void {
    this.doc.manifest = { sha, doc };
    this.dirty = true;
  }

  fingerprint(key: string): string | undefined {
    return this.doc.fingerprints[key];
  }

  setFingerprint(key: string, fingerprint: string): void {
    if (this.doc.fingerprints[key] === fingerprint) return;
    this.doc.fingerprints[key] = fingerprint;
    this.dirty = true;
  }

  /** Writes the record if it changed; a failure to write it is not an error (it only saves work). */
  async save(): Promise<void> {
    if (!this.cacheFile || !this.dirty) return;
    try {
      await mkdir(dirname(this.cacheFile), { recursive: true });
      await writeFileAtomic(this.cacheFile, Buffer.from(JSON.stringify(this.doc)));
      this.dirty = false;
    } catch {
      // the next build hashes again
    }
  }

  private note(file: string, record: FileRecord): void {
    this.doc.files[file] = record;
    this.dirty = true;
  }
}
