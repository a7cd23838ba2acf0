/** Renders `delete`: what will go (before asking), and what went. */
import type { DeletePlan, DeleteResult } from '../../core/delete.js';
import type { Output } from './output.js';
import { escapeInline } from './safe-text.js';

const SHOWN = 10;

export function describePlan(plan: DeletePlan): string {
  const n = plan.entries.length;
  const lines = plan.entries.slice(0, SHOWN).map((e) => `  ${e.id}  ${escapeInline(e.name)}`);
  if (n > SHOWN) lines.push(`  … and ${n - SHOWN} more`);
  const extra = n - plan.requested.length;
  return `Delete ${n} entr${n === 1 ? 'y' : 'ies'}${extra > 0 ? ` (${extra} descendant${extra === 1 ? '' : 's'} included)` : ''} and the files the catalog owns?\n${lines.join('\n')}`;
}

export function renderDeleted(output: Output, result: DeleteResult): void {
  if (output.json) {
    output.data(result);
    return;
  }
  for (const id of result.deleted) output.line(id);
  for (const kept of result.keptFiles) output.warn(`kept ${kept.path}: ${kept.reason}`);
  const n = result.deleted.length;
  output.notice(`deleted ${n} entr${n === 1 ? 'y' : 'ies'} and ${result.removedFiles.length} output file${result.removedFiles.length === 1 ? '' : 's'}`);
}
