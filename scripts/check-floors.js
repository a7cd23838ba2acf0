/**
 * Fails (exit 1) when an import in src/ points up a floor or sideways to another part of the same
 * floor (scripts/floors.js), or when files import each other in a circle. Every import counts:
 * static, type-only, re-exports and dynamic import('…'). Read with TypeScript's own scanner
 * (ts.preProcessFile), already a dev dependency, so comments and strings are not mistaken for
 * imports; no new dependency for a check this small. Run by `npm test`;
 * `node scripts/check-floors.js [SRC_DIR]` checks another tree (default: the package's src/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { FLOOR_OF } from './floors.js';

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every problem in the tree under `src`: imports up or across a floor, circles, parts with no floor. */
export function checkFloors(src) {
  const root = dirname(src);
  // A file's part of src/: its top folder, or the file's own name at the top (version.ts).
  const partOf = (file) => relative(src, file).split(sep)[0];
  const files = sourceFiles(src);
  const known = new Set(files);
  const problems = [];
  /** file → the files of ours it imports */
  const graph = new Map();

  for (const file of files) {
    const part = partOf(file);
    const name = relative(root, file);
    if (FLOOR_OF[part] === undefined) problems.push(`${name}: src/${part} has no floor; add it to scripts/floors.js`);
    const targets = [];
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue; // a package, not ours
      const target = resolve(dirname(file), fileName).replace(/\.js$/, '.ts');
      if (!known.has(target)) {
        problems.push(`${name}: imports ${fileName}, which is not a file of src/`);
        continue;
      }
      targets.push(target);
      const to = partOf(target);
      if (to !== part && FLOOR_OF[part] !== undefined && FLOOR_OF[to] >= FLOOR_OF[part]) {
        const where = FLOOR_OF[to] === FLOOR_OF[part] ? 'on the same floor as' : 'a higher floor than';
        problems.push(`${name}: imports ${relative(root, target)} (${to}, ${where} ${part}); move the shared part down a floor`);
      }
    }
    graph.set(file, targets);
  }
  for (const circle of circles(files, graph)) problems.push(`import circle: ${circle.map((f) => relative(root, f)).join(' -> ')}`);
  return { files: files.length, problems };
}

/** Tarjan's strongly connected components: each of two or more files (or a file importing itself) is a circle. */
function circles(files, graph) {
  let index = 0;
  const order = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  function visit(file) {
    order.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file)) {
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file), order.get(next)));
      }
    }
    if (low.get(file) !== order.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file).includes(file)) found.push(component.reverse());
  }
  for (const file of files) if (!order.has(file)) visit(file);
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const { files, problems } = checkFloors(src);
  if (problems.length) {
    process.stderr.write(`check-floors: ${problems.length} problem(s) (floors in scripts/floors.js, docs/architecture.md):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`check-floors: ${files} files, no import up a floor, no circle\n`);
  }
}
