/** Human-readable numbers for messages. */

/** 1536 → "1.5 KB", 9_512_000 → "9.1 MB" (binary units, one decimal). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${trim(kb)} KB`;
  return `${trim(kb / 1024)} MB`;
}

/** 6000, 4000 → "6000×4000". */
export function formatDims(width: number, height: number): string {
  return `${width}×${height}`;
}

function trim(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '');
}
