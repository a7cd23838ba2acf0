/**
 * Draws a family tree with box-drawing characters, the asked-for entry marked. A node's only child
 * continues in the same column (chains of regenerations stay readable however deep they go);
 * siblings branch with ├─ and └─.
 */
import { age } from './format.js';
import type { EntryTree, TreeNode } from '../../core/tree.js';
import type { Output } from './output.js';
import { escapeInline } from './safe-text.js';

interface Frame {
  node: TreeNode;
  /** The text before this node's own connector: the rails of its open ancestors. */
  indent: string;
  connector: string;
}

export async function renderTree(output: Output, tree: EntryTree): Promise<void> {
  if (output.json) {
    // One line: indenting a family a thousand levels deep would multiply its size by the depth.
    output.dataLine(tree.root);
    return;
  }
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: output.colour ? 1 : 0 });
  const label = (n: TreeNode) => {
    const text = `${c.cyan(n.id)}  ${escapeInline(n.name)}  ${c.dim(`${n.kind}${n.status === 'completed' ? '' : `, ${n.status}`} · ${age(n.createdAt)}`)}`;
    return n.id === tree.focus ? `${c.bold(text)}  ${c.yellow('◀')}` : text;
  };
  // Depth-first without recursion: families can be thousands deep.
  const stack: Frame[] = [{ node: tree.root, indent: '', connector: '' }];
  while (stack.length) {
    const { node, indent, connector } = stack.pop()!;
    output.line(`${indent}${connector}${label(node)}`);
    const childIndent = indent + (connector === '├─ ' ? '│  ' : connector === '└─ ' ? '   ' : '');
    if (node.children.length === 1) {
      stack.push({ node: node.children[0]!, indent: childIndent, connector: '' });
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i]!, indent: childIndent, connector: i === node.children.length - 1 ? '└─ ' : '├─ ' });
    }
  }
  output.notice(`${tree.size} entr${tree.size === 1 ? 'y' : 'ies'} in this family`);
}
