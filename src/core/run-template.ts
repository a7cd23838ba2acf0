/**
 * `templates run NAME`: a workflow template in one command. The template's roles decide the order
 * images are sent in and how the prompt introduces each; the entry records the template's name
 * and each input's role. The user's own words are optional and follow the template's instruction.
 */
import { usageError } from '../domain/errors.js';
import { findIdentity } from './identities.js';
import { identityInputs } from './identity-inputs.js';
import { resolveInputs, type InputSpec } from './inputs.js';
import { checkInputCount } from './model-options.js';
import { assembleJob, checkPlanOptions, type CheckedOptions, type PlanOptions } from './plan-common.js';
import type { Ports } from './ports.js';
import type { ImageJob, PreparedInput } from './run-images.js';
import { assignImages, checkRoleCounts, readParams } from './template-values.js';
import { describePrompt } from './describe-prompt.js';
import { templateInstruction } from '../prompts/templates/build.js';
import { findTemplate } from './template-files.js';

export interface TemplateRunOptions extends PlanOptions {
  /** Where user templates live (<home>/templates). */
  home: string;
  template: string;
  /** `-i` values as typed: `ROLE=PATH_OR_ID`, or a bare value for the template's first role. */
  images: string[];
  /** `--param` values as typed: `KEY=VALUE`. */
  params: string[];
  identity?: string;
  enhance?: boolean;
  context?: string;
  history?: number;
}

/** "white-background" → "White background": the entry's name when the user adds no words. */
function titleOf(name: string): string {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function planTemplateRun(options: TemplateRunOptions, ports: Ports, cwd = ports.cwd ?? process.cwd()): Promise<ImageJob> {
  const template = await findTemplate(options.home, options.template);
  const words = options.prompt.trim();
  if (options.enhance && !words) {
    throw usageError('ENHANCE_NEEDS_PROMPT', '--enhance needs your own words to work on.', `Add a prompt after the template name, e.g. imagegen templates run ${template.name} "summer editorial" --enhance, or leave out --enhance.`);
  }
  // The shared checks (count, model, style, emotion); the prompt may be empty here, so the
  // template's name stands in for it during the check and the user's words replace it after.
  const checked: CheckedOptions = {
    ...checkPlanOptions({ ...options, prompt: words || template.name, aspectRatio: options.aspectRatio ?? template.aspect ?? undefined }),
    prompt: words,
  };
  const params = readParams(template, options.params);
  const byRole = assignImages(template, options.images);

  const identityRole = options.identity === undefined ? undefined : template.roles.find((r) => r.identity);
  if (options.identity !== undefined && !identityRole) {
    throw usageError('IDENTITY_NOT_USED', `Template ${template.name} has no role for a person's photos, so --identity cannot be used with it.`, 'Leave out --identity, or use a template such as real-model or campaign.');
  }
  const identity = identityRole ? findIdentity(ports.catalog, options.identity!).name : undefined;
  const identityPhotos: PreparedInput[] = identityRole && identity ? await identityInputs(ports, identity, identityRole.name) : [];
  const counts = Object.fromEntries(template.roles.map((r) => [r.name, byRole.get(r.name)!.length + (r === identityRole ? identityPhotos.length : 0)]));
  checkRoleCounts(template, counts, params);

  const model = checked.choice.spec;
  const specs: InputSpec[] = template.roles.flatMap((r) => byRole.get(r.name)!.map((value) => ({ value, role: r.name })));
  checkInputCount(model, specs.length + identityPhotos.length);
  const resolved = await resolveInputs(specs, model, ports, cwd);
  // Role order: each role's -i images, then (for the person's role) the identity's photos.
  const inputs = template.roles.flatMap((r) => [...resolved.filter((i) => i.role === r.name), ...(r === identityRole ? identityPhotos : [])]);

  const described = await describePrompt(
    {
      prompt: words,
      name: options.name ?? (words ? undefined : titleOf(template.name)),
      emotion: options.emotion,
      enhance: options.enhance,
      context: options.context,
      history: options.history,
      project: options.project,
      provider: options.provider,
    },
    ports,
  );
  return assembleJob(options, checked, described, {
    command: 'template',
    kind: inputs.length ? 'modify' : 'generate',
    inputs,
    lead: templateInstruction(template, { params, counts }),
    template: template.name,
    metadata: {
      ...(Object.keys(params).length ? { templateParams: params } : {}),
      ...(template.source !== 'builtin' ? { templateFile: template.source } : {}),
      ...(identity ? { identity } : {}),
    },
    options: { home: undefined },
  });
}
