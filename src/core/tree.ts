/** `tree`: the whole family of an entry, from its root, as nested nodes. */
import { resolveEntryId } from './resolve-id.js';
import type { Catalog } from '../catalog/catalog.js';
import type { EntryKind, EntryStatus } from '../domain/entry.js';

export interface TreeNode {
  id: string;
  name: string;
  kind: EntryKind;
  status: EntryStatus;
  createdAt: string;
  children: TreeNode[];
}

export interface EntryTree {
  /** The entry that was asked for. */
  focus: string;
  root: TreeNode;
  size: number;
}

export function entryTree(catalog: Catalog, typedId: string): EntryTree {
  const focus = resolveEntryId(catalog, typedId);
  const rootId = catalog.getEntry(focus)!.rootId;
  const rows = catalog.families.family(rootId);
  const nodes = new Map<string, TreeNode>();
  for (const row of rows) nodes.set(row.id, { id: row.id, name: row.name, kind: row.kind, status: row.status, createdAt: row.createdAt, children: [] });
  let root: TreeNode | undefined;
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    if (row.id === rootId) root = node;
    // A parent outside the family cannot happen through imagegen; hang such an entry off the root.
    else (parent ?? nodes.get(rootId))?.children.push(node);
  }
  return { focus, root: root!, size: rows.length };
}
