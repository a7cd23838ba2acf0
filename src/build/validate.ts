/**
 * Turns the expanded targets into BuildTargets, checking what each field means (kinds, inputs,
 * models, sizes, styles, templates) and where each path points, collecting every issue.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ImagegenError } from '../domain/errors.js';
import { chooseModel } from '../core/model-options.js';
import { formatOfPath } from '../core/output-file.js';
import { checkEmotion, checkStyle } from '../prompts/compose.js';
import type { ProviderName } from '../domain/provider.js';
import type { ManifestIssue } from './issues.js';
import type { ExpandedTarget } from './manifest.js';
import type { BuildTarget, TargetInput, TargetKind } from './types.js';

export interface ValidateContext {
  dir: string;
  /** Where user templates live. */
  home: string;
  /** The provider and model a target uses when neither it nor `defaults` names one (IMAGEGEN_PROVIDER, IMAGEGEN_MODEL). */
  provider: ProviderName;
  model: string | undefined;
}

/** A manifest path, `/`-separated, resolved inside `dir`; undefined (with an issue) when it leaves it. */
function insidePath(dir: string, written: string, report: (message: string) => void): string | undefined {
  const normal = written.replace(/\\/g, '/');
  if (isAbsolute(normal) || /^[A-Za-z]:/.test(normal)) {
    report(`${JSON.stringify(written)} is an absolute path; paths are relative to the manifest's folder`);
    return undefined;
  }
  const file = resolve(dir, normal);
  const rel = relative(dir, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    report(`${JSON.stringify(written)} leaves the manifest's folder`);
    return undefined;
  }
  return file;
}

function messageOf(err: unknown): string {
  return err instanceof ImagegenError ? `${err.message} ${err.hint}` : (err as Error).message;
}

/** `params` as `templates run --param` takes them: KEY=VALUE. */
export function paramPairs(params: Record<string, string | number | boolean> | undefined): string[] {
  return Object.entries(params ?? {}).map(([k, v]) => `${k}=${String(v)}`);
}

/** Inputs as `templates run -i` takes them: ROLE=PATH, or a bare path for the first role. */
export function templateImages(inputs: readonly { role: string | null; path: string }[]): string[] {
  return inputs.map((i) => (i.role ? `${i.role}=${i.path}` : i.path));
}

/** Input paths as written, with their template role (null for a plain list). */
function writtenInputs(inputs: ExpandedTarget['inputs']): { role: string | null; path: string }[] {
  if (!inputs) return [];
  if (Array.isArray(inputs)) return inputs.map((path) => ({ role: null, path }));
  return Object.entries(inputs).flatMap(([role, paths]) => (Array.isArray(paths) ? paths : [paths]).map((path) => ({ role, path })));
}

export async function checkTarget(t: ExpandedTarget, ctx: ValidateContext, issues: ManifestIssue[]): Promise<BuildTarget | undefined> {
  const before = issues.length;
  const report = (field: string | null, message: string) => issues.push({ target: t.key, field, message });

  const file = insidePath(ctx.dir, t.key, (m) => report(null, m));
  const format = formatOfPath(t.key);
  if (!format) report(null, 'the output path must end in .png, .jpg, .jpeg or .webp (its extension sets the format)');

  const template = t.template ?? null;
  let kind: TargetKind;
  if (template) {
    if (t.kind) report('kind', 'does not apply to a template target (the template decides)');
    if (t.type) report('type', 'does not apply to a template target');
    kind = 'template';
    try {
      // Loaded only for template targets: the template files are YAML.
      const [{ findTemplate }, { assignImages, readParams }] = await Promise.all([import('../core/template-files.js'), import('../core/template-values.js')]);
      const found = await findTemplate(ctx.home, template);
      try {
        readParams(found, paramPairs(t.params));
      } catch (err) {
        report('params', messageOf(err));
      }
      try {
        assignImages(found, templateImages(writtenInputs(t.inputs)));
      } catch (err) {
        report('inputs', messageOf(err));
      }
    } catch (err) {
      report('template', messageOf(err));
    }
  } else {
    kind = t.kind ?? (t.inputs ? 'modify' : 'generate');
    if (!t.prompt) report('prompt', 'is required (only a template target can go without one)');
    if (t.params) report('params', 'only applies to a template target');
    if (t.inputs && !Array.isArray(t.inputs)) report('inputs', 'a role→path map only applies to a template target; give a list of paths');
    if (kind === 'generate' && t.inputs) report('inputs', 'a generate target takes no inputs (leave out kind, or set kind: modify or reference)');
    if (kind !== 'generate' && (!t.inputs || (Array.isArray(t.inputs) && t.inputs.length === 0))) report('inputs', `a ${kind} target needs at least one input image`);
    if (kind === 'reference' && !t.type) report('type', 'a reference target needs type: subject, face or full_image');
    if (kind !== 'reference' && t.type) report('type', 'only applies to kind: reference');
  }

  const size = t.size === undefined ? undefined : String(t.size);
  const provider = t.provider ?? ctx.provider;
  // A model named in the environment applies to its own provider only.
  const model = t.model ?? (t.provider && t.provider !== ctx.provider ? undefined : ctx.model);
  try {
    chooseModel(provider, model, t.aspect ?? undefined, size);
  } catch (err) {
    const code = (err as ImagegenError).code;
    report(code === 'INVALID_ASPECT_RATIO' ? 'aspect' : code === 'INVALID_IMAGE_SIZE' ? 'size' : 'model', messageOf(err));
  }
  for (const [field, check] of [['style', checkStyle], ['emotion', checkEmotion]] as const) {
    try {
      check(t[field]);
    } catch (err) {
      report(field, messageOf(err));
    }
  }

  const inputs: TargetInput[] = [];
  for (const written of writtenInputs(t.inputs)) {
    const inputFile = insidePath(ctx.dir, written.path, (m) => report(written.role ? `inputs.${written.role}` : 'inputs', m));
    if (inputFile) inputs.push({ role: written.role, path: written.path, file: inputFile });
  }
  if (issues.length > before || !file || !format) return undefined;
  return {
    path: relative(ctx.dir, file).split(sep).join('/'),
    key: t.key,
    file,
    format,
    kind,
    prompt: t.prompt ?? '',
    inputs,
    referenceType: t.type ?? null,
    template,
    params: Object.fromEntries(Object.entries(t.params ?? {}).map(([k, v]) => [k, String(v)])),
    provider,
    model: model ?? null,
    aspect: t.aspect ?? null,
    size: size ?? null,
    style: t.style ?? null,
    emotion: t.emotion ?? null,
    name: t.name ?? null,
    identity: t.identity ?? null,
    dependsOn: [],
  };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The checks across targets: one path written twice, inputs that are neither a file nor another
 * target's output, and dependency cycles. Returns the targets in dependency order.
 */
export async function linkTargets(targets: BuildTarget[], issues: ManifestIssue[]): Promise<BuildTarget[]> {
  const byFile = new Map<string, BuildTarget>();
  for (const target of targets) {
    const other = byFile.get(target.file);
    if (other) issues.push({ target: target.key, field: null, message: `writes the same file as target ${JSON.stringify(other.key)}` });
    else byFile.set(target.file, target);
  }
  for (const target of targets) {
    const deps = new Set<string>();
    for (const input of target.inputs) {
      const producer = byFile.get(input.file);
      if (producer === target) issues.push({ target: target.key, field: input.role ? `inputs.${input.role}` : 'inputs', message: 'a target cannot be its own input' });
      else if (producer) deps.add(producer.path);
      else if (!(await isFile(input.file))) {
        issues.push({ target: target.key, field: input.role ? `inputs.${input.role}` : 'inputs', message: `${JSON.stringify(input.path)} does not exist (and no target makes it)` });
      }
    }
    target.dependsOn = [...deps];
  }
  return orderTargets(targets, issues);
}

/** Depth-first topological order; a cycle is an issue naming the targets in it. */
function orderTargets(targets: BuildTarget[], issues: ManifestIssue[]): BuildTarget[] {
  const byPath = new Map(targets.map((t) => [t.path, t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: BuildTarget[] = [];
  const visit = (target: BuildTarget, trail: string[]): void => {
    const seen = state.get(target.path);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(target.path)), target.path];
      issues.push({ target: target.key, field: 'inputs', message: `dependency cycle: ${cycle.map((p) => JSON.stringify(p)).join(' → ')}` });
      return;
    }
    state.set(target.path, 'visiting');
    for (const dep of target.dependsOn) visit(byPath.get(dep)!, [...trail, target.path]);
    state.set(target.path, 'done');
    ordered.push(target);
  };
  for (const target of targets) visit(target, []);
  return ordered;
}
