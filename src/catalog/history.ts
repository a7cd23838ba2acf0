/** Earlier prompts of a project, for --enhance --history N. */
import type { Db } from './open.js';

/**
 * The last `limit` distinct prompts (as the user typed them) of entries filed under `project`,
 * newest first; `null` means entries filed under no project. Walks the project's entries newest
 * first (on the project, created_at index) and stops as soon as it has enough.
 */
export function recentPrompts(db: Db, project: string | null, limit: number): string[] {
  if (limit <= 0) return [];
  const rows = db
    .prepare('SELECT prompt FROM entries WHERE project IS ? ORDER BY created_at DESC, rowid DESC')
    .pluck()
    .iterate(project) as IterableIterator<string>;
  const seen = new Set<string>();
  for (const prompt of rows) {
    seen.add(prompt);
    if (seen.size >= limit) break;
  }
  return [...seen];
}
