/** `templates` and `templates show`: what each workflow template takes and what it sends. */
import { templateInstruction } from '../prompts/templates/build.js';
import { findTemplate, loadAllTemplates, templatesDir } from './template-files.js';
import type { Template, TemplateParam, TemplateRole } from '../prompts/templates/types.js';

export interface TemplateSummary {
  name: string;
  description: string;
  /** 'builtin', or the YAML file it comes from. */
  source: string;
  roles: string[];
  params: string[];
}

export interface TemplateList {
  templates: TemplateSummary[];
  /** Where the user's own templates go. */
  folder: string;
}

export interface TemplateDetails {
  name: string;
  description: string;
  source: string;
  roles: Omit<TemplateRole, 'intro'>[];
  params: TemplateParam[];
  /** Groups of roles/parameters of which exactly one must be given. */
  oneOf: string[][];
  aspect: string | null;
  example: string;
  /** The instruction sent when each required role has one image and parameters have their defaults. */
  preview: string;
}

export async function listTemplates(home: string): Promise<TemplateList> {
  const all = await loadAllTemplates(home);
  return {
    templates: all.map((t) => ({ name: t.name, description: t.description, source: t.source, roles: t.roles.map((r) => r.name), params: t.params.map((p) => p.name) })),
    folder: templatesDir(home),
  };
}

/** A command line using every required role (and the first of each either/or group). */
function exampleFor(t: Template): string {
  const needed = new Set([...t.roles.filter((r) => r.required).map((r) => r.name), ...t.params.filter((p) => p.required).map((p) => p.name), ...t.oneOf.map((g) => g[0]!)]);
  const args = [
    ...t.roles.filter((r) => needed.has(r.name)).map((r) => `-i ${r.name}=${r.name}.jpg`),
    ...t.params.filter((p) => needed.has(p.name)).map((p) => `--param ${p.name}=${p.choices?.[0] ?? `"…"`}`),
  ];
  return ['imagegen templates run', t.name, ...args].join(' ');
}

/** Values for the preview: one image per required role, placeholders for required parameters. */
function previewValues(t: Template): { params: Record<string, string>; counts: Record<string, number> } {
  const params: Record<string, string> = {};
  const counts: Record<string, number> = {};
  const give = (name: string) => {
    if (t.params.some((p) => p.name === name)) params[name] = `<${name}>`;
    else counts[name] = 1;
  };
  for (const p of t.params) if (p.default !== null) params[p.name] = p.default;
  for (const p of t.params) if (p.required) give(p.name);
  for (const r of t.roles) if (r.required) give(r.name);
  for (const group of t.oneOf) give(group[0]!);
  return { params, counts };
}

export async function explainTemplate(home: string, name: string): Promise<TemplateDetails> {
  const t = await findTemplate(home, name);
  return {
    name: t.name,
    description: t.description,
    source: t.source,
    roles: t.roles.map(({ intro: _intro, ...role }) => role),
    params: t.params,
    oneOf: t.oneOf,
    aspect: t.aspect,
    example: t.example ?? exampleFor(t),
    preview: templateInstruction(t, previewValues(t)),
  };
}
