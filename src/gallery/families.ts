/** The families of the gallery's entries, for lineage from the root and the tree of descendants. */
import type { FamilyRow } from '../catalog/catalog.js';

/** Ancestors beyond this many are folded into one "… N more" line. */
const MAX_LINEAGE = 60;
/** A page draws at most this many descendants. */
const MAX_DESCENDANTS = 200;

export interface DescendantNode {
  row: FamilyRow;
  children: DescendantNode[];
}

export interface Lineage {
  /** From the root down to the entry itself (the last element). */
  path: FamilyRow[];
  /** Ancestors left out of `path` (between its first and second element). */
  hidden: number;
}

export class Families {
  private readonly byId = new Map<string, FamilyRow>();
  private readonly children = new Map<string, FamilyRow[]>();

  constructor(rows: readonly FamilyRow[]) {
    for (const row of rows) this.byId.set(row.id, row);
    for (const row of rows) {
      if (row.parentId === null || !this.byId.has(row.parentId)) continue;
      const list = this.children.get(row.parentId) ?? [];
      list.push(row);
      this.children.set(row.parentId, list);
    }
  }

  lineage(id: string): Lineage {
    const path: FamilyRow[] = [];
    const seen = new Set<string>();
    for (let row = this.byId.get(id); row && !seen.has(row.id); row = row.parentId === null ? undefined : this.byId.get(row.parentId)) {
      seen.add(row.id);
      path.push(row);
    }
    path.reverse();
    if (path.length <= MAX_LINEAGE) return { path, hidden: 0 };
    const tail = path.slice(-(MAX_LINEAGE - 1));
    return { path: [path[0]!, ...tail], hidden: path.length - tail.length - 1 };
  }

  /** The entry's descendants, breadth first up to the cap; `omitted` counts the rest. */
  descendants(id: string): { nodes: DescendantNode[]; omitted: number } {
    const top: DescendantNode[] = [];
    const queue: [string, DescendantNode[]][] = [[id, top]];
    let drawn = 0;
    let omitted = 0;
    while (queue.length) {
      const [parent, into] = queue.shift()!;
      for (const row of this.children.get(parent) ?? []) {
        if (drawn >= MAX_DESCENDANTS) {
          omitted += 1 + this.countBelow(row.id);
          continue;
        }
        const node: DescendantNode = { row, children: [] };
        into.push(node);
        drawn++;
        queue.push([row.id, node.children]);
      }
    }
    return { nodes: top, omitted };
  }

  private countBelow(id: string): number {
    let count = 0;
    const stack = [id];
    while (stack.length) {
      for (const child of this.children.get(stack.pop()!) ?? []) {
        count++;
        stack.push(child.id);
      }
    }
    return count;
  }
}
