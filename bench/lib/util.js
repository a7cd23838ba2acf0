/** Small helpers the benchmarks share: statistics, formatting, temp dirs and paths. */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'imagegen.js');
export const WORK = join(ROOT, 'bench', '.work');

/** A URL for a compiled module under dist/ (import() wants URLs, not paths). */
export function distUrl(path) {
  return pathToFileURL(join(ROOT, 'dist', path)).href;
}

export function distExists(path) {
  return existsSync(join(ROOT, 'dist', path));
}

export function requireBuild() {
  if (!distExists('cli/main.js')) {
    throw new Error('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`.');
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A figure in milliseconds with sensible precision. */
export function ms(value) {
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function ratio(value) {
  return `${value.toFixed(2)}×`;
}

export function verdict(ok) {
  return ok ? 'meets target' : 'MISSES target';
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `imagegen-bench-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Prints a table with left-aligned first column and right-aligned others. */
export function table(head, rows) {
  const all = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const out = [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
  return out.join('\n');
}

export function bytes(n) {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function heading(title) {
  console.log(`\n== ${title} ==`);
}

/** Machine facts printed once, so the figures can be read in context. */
export async function machine() {
  const os = await import('node:os');
  const cpus = os.cpus();
  return `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} · node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · ${os.platform()} ${os.release()}`;
}
