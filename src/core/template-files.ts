/**
 * Finds templates: the built-ins, and the user's YAML files in <home>/templates (one template per
 * file, named after the file; a user file with a built-in's name replaces the built-in). The
 * files are read here; prompts/templates/parse.ts parses and checks their text.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { usageError } from '../domain/errors.js';
import { readRegularFileCapped } from '../store/bounded-read.js';
import { BUILTIN_TEMPLATE_NAMES, builtinTemplate, parseTemplateYaml } from '../prompts/templates/parse.js';
import { TEMPLATE_NAME, type Template } from '../prompts/templates/types.js';
import { invalidTemplate } from '../prompts/templates/validate.js';

const EXTENSIONS = ['.yaml', '.yml'];

/** A template is a page of YAML; a file larger than this is not one. */
const MAX_TEMPLATE_BYTES = 256 * 1024;

export function templatesDir(home: string): string {
  return join(home, 'templates');
}

/** The user's template files, by template name (an unreadable or missing folder has none). */
async function userTemplateFiles(home: string): Promise<Map<string, string>> {
  const dir = templatesDir(home);
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
  } catch {
    return new Map();
  }
  const files = new Map<string, string>();
  for (const file of names) {
    const ext = EXTENSIONS.find((e) => file.toLowerCase().endsWith(e));
    if (ext && !files.has(file.slice(0, -ext.length))) files.set(file.slice(0, -ext.length), join(dir, file));
  }
  return files;
}

/** Reads and checks one YAML template file. */
export async function readTemplateFile(path: string, name: string): Promise<Template> {
  let data: Buffer | undefined;
  try {
    data = await readRegularFileCapped(path, MAX_TEMPLATE_BYTES);
  } catch (err) {
    throw invalidTemplate(path, null, `it cannot be read: ${(err as Error).message}`);
  }
  if (data === undefined) throw invalidTemplate(path, null, `it is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB, the most a template may be`);
  return parseTemplateYaml(data.toString('utf8'), name, path);
}

/** Every template, built-ins first, then the user's; a broken user file is an error naming it. */
export async function loadAllTemplates(home: string): Promise<Template[]> {
  const files = await userTemplateFiles(home);
  const byName = new Map<string, Template>();
  for (const name of BUILTIN_TEMPLATE_NAMES) byName.set(name, builtinTemplate(name)!);
  for (const [name, path] of files) byName.set(name, await readTemplateFile(path, name));
  return [...byName.values()];
}

/** The template called `name` (a user file first, then the built-ins); unknown names exit 2 with the list. */
export async function findTemplate(home: string, typed: string): Promise<Template> {
  const name = typed.trim().toLowerCase();
  const files = await userTemplateFiles(home);
  const path = TEMPLATE_NAME.test(name) ? files.get(name) : undefined;
  const found = path ? await readTemplateFile(path, name) : builtinTemplate(name);
  if (found) return found;
  const known = [...new Set([...BUILTIN_TEMPLATE_NAMES, ...files.keys()])].sort();
  throw usageError('UNKNOWN_TEMPLATE', `There is no template called "${typed}".`, `Use one of: ${known.join(', ')} (imagegen templates lists them; your own go in ${templatesDir(home)}).`);
}
