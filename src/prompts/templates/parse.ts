/**
 * Templates from text: a user's YAML page parsed and checked, a built-in by name. Pure; the files
 * themselves are found and read by core/template-files.ts.
 */
import { parseDocument } from 'yaml';
import { BUILTIN_TEMPLATES } from './builtin.js';
import type { Template } from './types.js';
import { invalidTemplate, parseTemplate } from './validate.js';

/** The names of the built-in templates, in their order. */
export const BUILTIN_TEMPLATE_NAMES: readonly string[] = Object.keys(BUILTIN_TEMPLATES);

/** Parses and checks one template file's text; `path` names the file in errors. */
export function parseTemplateYaml(text: string, name: string, path: string): Template {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw invalidTemplate(path, null, `it is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${what}`);
  }
  return parseTemplate(doc.toJS(), name, path);
}

/** The built-in template called `name`, or undefined. */
export function builtinTemplate(name: string): Template | undefined {
  return Object.hasOwn(BUILTIN_TEMPLATES, name) ? parseTemplate(BUILTIN_TEMPLATES[name], name, 'builtin') : undefined;
}
