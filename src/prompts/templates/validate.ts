/**
 * Checks a template as written (a YAML file, or a built-in as data) and turns it into a Template.
 * Every problem is a TEMPLATE_INVALID usage error that names the file and the field at fault.
 */
import { usageError, type ImagegenError } from '../../domain/errors.js';
import { FIELD_NAME, TEMPLATE_NAME, type Template, type TemplateLine, type TemplateParam, type TemplateRole } from './types.js';

/** Far above what any model takes; the model's own limit is checked when the template runs. */
const MAX_ROLE_IMAGES = 14;
const TOP_KEYS = ['name', 'description', 'roles', 'params', 'prompt', 'oneOf', 'aspect', 'example'];
const ROLE_KEYS = ['name', 'description', 'required', 'repeatable', 'max', 'intro', 'identity', 'labels'];
const PARAM_KEYS = ['name', 'description', 'required', 'default', 'choices'];
const LINE_KEYS = ['text', 'when', 'unless'];

export const TEMPLATE_FORMAT_HINT = `The format is described in docs/templates.md (fields: ${TOP_KEYS.join(', ')}).`;

export function invalidTemplate(source: string, field: string | null, problem: string): ImagegenError {
  const where = source === 'builtin' ? 'A built-in template' : `Template file ${source}`;
  return usageError('TEMPLATE_INVALID', `${where} is invalid: ${field ? `${field} ` : ''}${problem}`, `Fix the file, or move it out of the templates folder. ${TEMPLATE_FORMAT_HINT}`, { file: source, field });
}

type Fields = Record<string, unknown>;

/** A reader for one object in the template, reporting problems with their path ("roles[1].max"). */
class Reader {
  readonly path: string;
  readonly fields: Fields;
  private readonly source: string;

  constructor(value: unknown, path: string, source: string, keys: readonly string[]) {
    this.path = path;
    this.source = source;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.fail(null, path ? 'must be a mapping of keys to values' : `it must be a mapping of keys to values (${keys.join(', ')})`);
    this.fields = value as Fields;
    for (const key of Object.keys(this.fields)) {
      if (!keys.includes(key)) throw this.fail(key, `is not a known field (known: ${keys.join(', ')})`);
    }
  }

  fail(key: string | null, problem: string): ImagegenError {
    const field = key === null ? this.path : this.path ? `${this.path}.${key}` : key;
    return invalidTemplate(this.source, field || null, problem);
  }

  text(key: string, required: true): string;
  text(key: string, required: false): string | null;
  text(key: string, required: boolean): string | null {
    const value = this.fields[key];
    if (value === undefined || value === null) {
      if (required) throw this.fail(key, 'is missing');
      return null;
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string' || !value.trim()) throw this.fail(key, 'must be some text');
    return value.trim();
  }

  name(key: string, pattern: RegExp): string {
    const value = this.text(key, true);
    if (!pattern.test(value)) throw this.fail(key, `"${value}" must be lowercase letters, digits and dashes, starting with a letter`);
    return value;
  }

  flag(key: string): boolean {
    const value = this.fields[key];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw this.fail(key, 'must be true or false');
    return value;
  }

  list(key: string): unknown[] {
    const value = this.fields[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.fail(key, 'must be a list');
    return value;
  }
}

function readRole(value: unknown, path: string, source: string): TemplateRole {
  const r = new Reader(value, path, source, ROLE_KEYS);
  const name = r.name('name', FIELD_NAME);
  const repeatable = r.flag('repeatable');
  let max = repeatable ? MAX_ROLE_IMAGES : 1;
  if (r.fields.max !== undefined) {
    const n = r.fields.max;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_ROLE_IMAGES) throw r.fail('max', `must be a whole number from 1 to ${MAX_ROLE_IMAGES}`);
    if (!repeatable && n !== 1) throw r.fail('max', 'needs "repeatable: true" to be more than 1');
    max = n;
  }
  return {
    name,
    description: r.text('description', true),
    required: r.flag('required'),
    max,
    intro: r.text('intro', false) ?? `the ${name} image`,
    identity: r.flag('identity'),
    labels: r.text('labels', false),
  };
}

function readParam(value: unknown, path: string, source: string): TemplateParam {
  const r = new Reader(value, path, source, PARAM_KEYS);
  const param: TemplateParam = {
    name: r.name('name', FIELD_NAME),
    description: r.text('description', true),
    required: r.flag('required'),
    default: r.text('default', false),
    choices: null,
  };
  if (r.fields.choices !== undefined) {
    const choices = r.list('choices').map((c, i) => {
      if (typeof c !== 'string' && typeof c !== 'number') throw r.fail(`choices[${i}]`, 'must be some text');
      return String(c);
    });
    if (!choices.length) throw r.fail('choices', 'must list at least one value');
    param.choices = choices;
  }
  if (param.required && param.default !== null) throw r.fail('default', 'makes no sense on a required parameter');
  if (param.default !== null && param.choices && !param.choices.includes(param.default)) throw r.fail('default', `"${param.default}" is not one of the choices`);
  return param;
}

function readLine(value: unknown, path: string, source: string): TemplateLine {
  if (typeof value === 'string') {
    if (!value.trim()) throw invalidTemplate(source, path, 'is empty');
    return { text: value.trim(), when: null, unless: null };
  }
  const r = new Reader(value, path, source, LINE_KEYS);
  return { text: r.text('text', true), when: r.text('when', false), unless: r.text('unless', false) };
}

/** Checks a template as written and returns it; `name` is the built-in's name or the file's stem. */
export function parseTemplate(raw: unknown, name: string, source: string): Template {
  const top = new Reader(raw, '', source, TOP_KEYS);
  if (!TEMPLATE_NAME.test(name)) throw invalidTemplate(source, null, `its name "${name}" must be lowercase letters, digits and dashes (rename the file)`);
  const written = top.text('name', false);
  if (written !== null && written !== name) throw top.fail('name', `"${written}" differs from the file name "${name}" (a template is named after its file)`);

  const roles = top.list('roles').map((r, i) => readRole(r, `roles[${i}]`, source));
  const params = top.list('params').map((p, i) => readParam(p, `params[${i}]`, source));
  const promptValue = top.fields.prompt;
  if (promptValue === undefined || promptValue === null) throw top.fail('prompt', 'is missing');
  const lines = Array.isArray(promptValue) ? promptValue.map((l, i) => readLine(l, `prompt[${i}]`, source)) : [readLine(promptValue, 'prompt', source)];
  if (!lines.length) throw top.fail('prompt', 'must have at least one line');

  const names = new Map<string, string>();
  [...roles.map((r, i) => [r.name, `roles[${i}].name`] as const), ...params.map((p, i) => [p.name, `params[${i}].name`] as const)].forEach(([n, field]) => {
    if (names.has(n)) throw invalidTemplate(source, field, `"${n}" is used twice (roles and parameters need distinct names)`);
    names.set(n, field);
  });
  const known = (field: string, value: string) => {
    if (!names.has(value)) throw invalidTemplate(source, field, `"${value}" is not a role or parameter of this template`);
  };
  roles.forEach((role, i) => {
    if (role.labels === null) return;
    if (!params.some((p) => p.name === role.labels)) throw invalidTemplate(source, `roles[${i}].labels`, `"${role.labels}" is not a parameter of this template`);
  });
  lines.forEach((line, i) => {
    const field = Array.isArray(promptValue) ? `prompt[${i}]` : 'prompt';
    if (line.when) known(`${field}.when`, line.when);
    if (line.unless) known(`${field}.unless`, line.unless);
    for (const match of line.text.matchAll(/\{([^{}]*)\}/g)) {
      const placeholder = match[1]!;
      if (!params.some((p) => p.name === placeholder)) throw invalidTemplate(source, field, `uses {${placeholder}}, which is not a parameter of this template`);
    }
  });
  const oneOf = top.list('oneOf').map((group, i) => {
    if (!Array.isArray(group) || group.length < 2 || group.some((g) => typeof g !== 'string')) throw top.fail(`oneOf[${i}]`, 'must be a list of two or more role or parameter names');
    group.forEach((g: string, j) => known(`oneOf[${i}][${j}]`, g));
    return group as string[];
  });
  const aspect = top.text('aspect', false);
  if (aspect !== null && !/^\d{1,2}:\d{1,2}$/.test(aspect)) throw top.fail('aspect', `"${aspect}" is not an aspect ratio like 4:5`);

  return { name, description: top.text('description', true), source, roles, params, lines, oneOf, aspect, example: top.text('example', false) };
}
