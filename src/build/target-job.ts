/**
 * A target as the job the core would run for the equivalent command — generate, modify,
 * reference or `templates run` — through the same planning functions, so a build's entry is an
 * ordinary catalog entry. The output goes to the target's exact path, in its extension's format,
 * under the manifest's project, with metadata.build naming the manifest and the target.
 */
import { dirname } from 'node:path';
import { planGenerate } from '../core/generate.js';
import { planModify } from '../core/modify.js';
import type { PlanOptions } from '../core/plan-common.js';
import type { Ports } from '../core/ports.js';
import { planReference } from '../core/reference.js';
import { planTemplateRun } from '../core/run-template.js';
import type { ImageJob } from '../core/run-images.js';
import { findTemplate } from '../core/template-files.js';
import type { Template } from '../prompts/templates/types.js';
import { paramPairs, templateImages } from './validate.js';
import type { BuildTarget, Manifest } from './types.js';

export interface PlannedJob {
  job: ImageJob;
  template: Template | null;
}

export async function planTargetJob(target: BuildTarget, manifest: Manifest, ports: Ports, home: string): Promise<PlannedJob> {
  const options: PlanOptions = {
    prompt: target.prompt,
    count: 1,
    provider: target.provider,
    model: target.model ?? undefined,
    aspectRatio: target.aspect ?? undefined,
    imageSize: target.size ?? undefined,
    name: target.name ?? undefined,
    project: manifest.project ?? undefined,
    format: target.format,
    style: target.style ?? undefined,
    emotion: target.emotion ?? undefined,
    outDir: dirname(target.file),
    concurrency: 1,
  };
  const identity = target.identity ?? undefined;
  const files = target.inputs.map((i) => i.file);
  let planned: ImageJob;
  let template: Template | null = null;
  switch (target.kind) {
    case 'generate':
      planned = await planGenerate({ ...options, identity }, ports);
      break;
    case 'modify':
      planned = await planModify({ ...options, images: files, identity }, ports);
      break;
    case 'reference':
      planned = await planReference({ ...options, images: files, referenceType: target.referenceType ?? undefined, identity }, ports);
      break;
    case 'template':
      template = await findTemplate(home, target.template!);
      planned = await planTemplateRun(
        {
          ...options,
          home,
          template: target.template!,
          images: templateImages(target.inputs.map((i) => ({ role: i.role, path: i.file }))),
          params: paramPairs(target.params),
          identity,
        },
        ports,
      );
      break;
  }
  const job: ImageJob = {
    ...planned,
    command: 'build',
    outFile: { path: target.file, overwrite: true },
    metadata: { ...planned.metadata, build: { manifest: manifest.file, target: target.path } },
    options: { ...planned.options, build: { manifest: manifest.file, target: target.path } },
  };
  return { job, template };
}
