/**
 * The planner: which targets are up to date, which are stale and why, what building them would
 * cost. Reads no more than it must: input and output files are hashed stat-first (file-hashes.ts),
 * and a target whose definition and inputs are unchanged reuses its remembered fingerprint instead
 * of being planned again. Stale targets whose inputs exist are planned in full here, so a problem
 * in any of them is found before anything is sent.
 */
import { join, matchesGlob } from 'node:path';
import { ImagegenError, usageError } from '../domain/errors.js';
import { chooseModel } from '../core/model-options.js';
import type { Ports } from '../core/ports.js';
import type { ModelSpec } from '../providers/models.js';
import { definitionKey, fingerprintOf } from './fingerprint.js';
import type { FileHashes } from './file-hashes.js';
import { invalidManifest, type ManifestIssue } from './issues.js';
import type { LockEntry, LockFile } from './lock.js';
import type { PlannedJob } from './target-job.js';
import type { BuildPlan, BuildTarget, Manifest, PlannedTarget, StaleReason } from './types.js';

export interface PlanContext {
  /** For planning targets (identities, inputs given as entries); nothing is sent. */
  ports: Ports;
  home: string;
  hashes: FileHashes;
  /** imagegen's version: part of the key a remembered fingerprint is stored under. */
  version: string;
  force?: boolean;
  /** --only globs; empty selects every target. */
  only?: readonly string[];
}

export interface PlanOutcome {
  plan: BuildPlan;
  /** The jobs planned for stale targets, by path, for the runner to reuse. */
  jobs: Map<string, PlannedJob>;
  /** Input hashes by absolute file, as seen while planning. */
  inputHashes: Map<string, string>;
  /**
   * Files this build wrote whose lock entry was lost (a kill between writing the file and the
   * lock): their catalog entry proves what they were made from, so they are kept, not paid again.
   */
  adoptions: Map<string, LockEntry>;
}

/** The catalog entry that wrote exactly this file for this target with this fingerprint, if any. */
function adoptWritten(ports: Ports, manifest: Manifest, path: string, fingerprint: string, fileSha: string): string | undefined {
  for (const id of ports.catalog.completedEntryIdsWithBlob(fileSha)) {
    const build = ports.catalog.getEntry(id)?.metadata.build as { manifest?: string; target?: string; fingerprint?: string } | undefined;
    if (build?.manifest === manifest.file && build.target === path && build.fingerprint === fingerprint) return id;
  }
  return undefined;
}

/** Dollars for one image, or null when the model's price is not known. */
export function estimatePrice(spec: ModelSpec, imageSize: string): number | null {
  const price = spec.pricePerImage[imageSize];
  if (typeof price === 'number') return price;
  return spec.provider === 'gemini' ? null : 0;
}

/** Maps a planning error's code to the manifest field it is about. */
function fieldOf(code: string): string | null {
  const rules: [RegExp, string][] = [
    [/PARAM/, 'params'],
    [/IDENTITY/, 'identity'],
    [/ASPECT/, 'aspect'],
    [/SIZE/, 'size'],
    [/MODEL/, 'model'],
    [/STYLE/, 'style'],
    [/EMOTION/, 'emotion'],
    [/TEMPLATE/, 'template'],
    [/REFERENCE_TYPE/, 'type'],
    [/PROMPT/, 'prompt'],
    [/ROLE|INPUT|IMAGE|ENTRY|FILE/, 'inputs'],
  ];
  return rules.find(([re]) => re.test(code))?.[1] ?? null;
}

/** The targets --only picks, with every target they depend on (directly or not). */
export function selectTargets(targets: readonly BuildTarget[], only: readonly string[] | undefined): { selected: Set<string>; closure: Set<string> } {
  const byPath = new Map(targets.map((t) => [t.path, t]));
  const globs = (only ?? []).map((g) => g.replace(/\\/g, '/').replace(/^(\.\/)+/, ''));
  const selected = new Set(globs.length ? targets.filter((t) => globs.some((glob) => t.path === glob || matchesGlob(t.path, glob))).map((t) => t.path) : targets.map((t) => t.path));
  if (only?.length && selected.size === 0) {
    throw usageError('NO_TARGETS_MATCH', `No target matches ${only.map((g) => JSON.stringify(g)).join(', ')}.`, 'Give --only a path or glob of the manifest\'s targets, e.g. --only "icons/*.png" (imagegen build --dry-run lists them).');
  }
  const closure = new Set<string>();
  const add = (path: string) => {
    if (closure.has(path)) return;
    closure.add(path);
    for (const dep of byPath.get(path)!.dependsOn) add(dep);
  };
  for (const path of selected) add(path);
  return { selected, closure };
}

function sameInputs(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Why a target whose inputs are all up to date is stale, or null when it is up to date. */
export function staleReason(entry: LockEntry | undefined, fingerprint: string, inputs: Record<string, string>, fileSha: string | null): StaleReason | null {
  if (!entry) return 'new';
  if (!sameInputs(entry.inputs, inputs)) return 'input changed';
  if (entry.fingerprint !== fingerprint) return 'changed';
  if (fileSha === null) return 'missing';
  if (fileSha !== entry.sha256) return 'modified';
  return null;
}

export async function planBuild(manifest: Manifest, lock: LockFile, ctx: PlanContext): Promise<PlanOutcome> {
  const { selected, closure } = selectTargets(manifest.targets, ctx.only);
  const issues: ManifestIssue[] = [];
  const stale = new Set<string>();
  const jobs = new Map<string, PlannedJob>();
  const inputHashes = new Map<string, string>();
  const planned: PlannedTarget[] = [];
  const adoptions = new Map<string, LockEntry>();

  for (const target of manifest.targets) {
    if (!closure.has(target.path)) continue;
    const entry = lock.targets[target.path];
    const fileSha = await ctx.hashes.hash(target.file);
    let reason: StaleReason | null;
    let fingerprint: string | null = null;
    let spec: { model: ModelSpec; imageSize: string } | undefined;

    if (target.dependsOn.some((dep) => stale.has(dep))) {
      reason = entry ? 'input changed' : 'new';
    } else {
      const inputs: Record<string, string> = {};
      for (const input of target.inputs) {
        const sha = await ctx.hashes.hash(input.file);
        if (sha === null) {
          issues.push({ target: target.key, field: input.role ? `inputs.${input.role}` : 'inputs', message: `${JSON.stringify(input.path)} does not exist` });
          continue;
        }
        inputs[input.path] = sha;
        inputHashes.set(input.file, sha);
      }
      const templateFile = target.template ? await userTemplateHash(ctx, target.template) : null;
      // Identities live in the catalog, so their photos are not in the key: such targets are always planned.
      const key = target.identity ? null : definitionKey(target, inputHashes, ctx.version, templateFile);
      fingerprint = key ? (ctx.hashes.fingerprint(key) ?? null) : null;
      const mustPlan = fingerprint === null || (staleReason(entry, fingerprint, inputs, fileSha) !== null) || (ctx.force && selected.has(target.path));
      if (mustPlan) {
        try {
          // Loaded only when some target must be planned: a no-op build never decodes an image.
          const { planTargetJob } = await import('./target-job.js');
          const job = await planTargetJob(target, manifest, ctx.ports, ctx.home);
          jobs.set(target.path, job);
          fingerprint = fingerprintOf(job.job, inputHashes, job.template);
          spec = { model: job.job.model, imageSize: job.job.imageSize };
          if (key) ctx.hashes.setFingerprint(key, fingerprint);
        } catch (err) {
          if (!(err instanceof ImagegenError)) throw err;
          issues.push({ target: target.key, field: fieldOf(err.code), message: `${err.message} ${err.hint}` });
          continue;
        }
      }
      reason = staleReason(entry, fingerprint!, inputs, fileSha);
      if (reason !== null && fileSha !== null && !(ctx.force && selected.has(target.path))) {
        const adopted = adoptWritten(ctx.ports, manifest, target.path, fingerprint!, fileSha);
        if (adopted) {
          adoptions.set(target.path, { entryId: adopted, fingerprint: fingerprint!, inputs, sha256: fileSha });
          reason = null;
        }
      }
    }
    if (reason === null && ctx.force && selected.has(target.path)) reason = 'forced';
    if (reason !== null) stale.add(target.path);
    // Dependencies --only brought along appear only when they need building.
    if (!selected.has(target.path) && reason === null) continue;
    spec ??= (() => {
      const choice = chooseModel(target.provider, target.model ?? undefined, target.aspect ?? undefined, target.size ?? undefined);
      return { model: choice.spec, imageSize: choice.imageSize };
    })();
    planned.push({
      target,
      action: reason === null ? 'keep' : fileSha === null ? 'create' : 'update',
      reason,
      fingerprint,
      estimatedCostUsd: reason === null ? 0 : estimatePrice(spec.model, spec.imageSize),
    });
  }
  if (issues.length) throw invalidManifest(manifest.file, issues);
  const unpriced = planned.filter((p) => p.estimatedCostUsd === null).map((p) => p.target.path);
  const estimatedCostUsd = roundUsd(planned.reduce((sum, p) => sum + (p.estimatedCostUsd ?? 0), 0));
  return { plan: { manifest, targets: planned, estimatedCostUsd, unpriced }, jobs, inputHashes, adoptions };
}

/** The hash of the user's template file of that name, if there is one (its edits change the target). */
async function userTemplateHash(ctx: PlanContext, name: string): Promise<string | null> {
  const { templatesDir } = await import('../core/template-files.js');
  for (const ext of ['.yaml', '.yml']) {
    const sha = await ctx.hashes.hash(join(templatesDir(ctx.home), `${name}${ext}`));
    if (sha) return sha;
  }
  return null;
}

export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
