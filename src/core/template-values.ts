/**
 * Reads a template run's `-i [ROLE=]IMAGE` and `--param KEY=VALUE` values against the template:
 * unknown roles and parameters, missing required ones, too many images for a role and broken
 * either/or groups are usage errors that name them, raised before anything is read or sent.
 */
import { usageError } from '../domain/errors.js';
import { didYouMean } from './suggest.js';
import { splitLabels } from '../prompts/templates/build.js';
import type { Template, TemplateRole } from '../prompts/templates/types.js';

const ROLE_PREFIX = /^([A-Za-z][\w-]*)=(.*)$/s;

function names(list: { name: string }[]): string {
  return list.map((x) => x.name).join(', ') || '(none)';
}

/** KEY=VALUE pairs → parameter values, with defaults filled in. */
export function readParams(template: Template, raw: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of raw) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
    const param = template.params.find((p) => p.name === key);
    if (!param) {
      throw usageError(
        'UNKNOWN_PARAM',
        `Template ${template.name} has no parameter "${key}".`,
        `${didYouMean(key, template.params.map((p) => p.name))}Its parameters: ${names(template.params)} (imagegen templates show ${template.name}).`,
      );
    }
    if (eq < 0 || !value) throw usageError('INVALID_PARAM', `--param ${key} needs a value.`, `Write it as --param ${key}=VALUE, quoting the value if it has spaces.`);
    if (key in values) throw usageError('INVALID_PARAM', `--param ${key} is given twice.`, 'Give each parameter once.');
    if (param.choices && !param.choices.includes(value)) {
      throw usageError('INVALID_PARAM', `--param ${key} must be one of ${param.choices.join(', ')}, not "${value}".`, `For example --param ${key}=${param.choices[0]}.`);
    }
    values[key] = value;
  }
  for (const param of template.params) {
    if (values[param.name] === undefined && param.default !== null) values[param.name] = param.default;
    if (values[param.name] === undefined && param.required) {
      throw usageError('MISSING_PARAM', `Template ${template.name} needs --param ${param.name}=… (${param.description}).`, `Add it, e.g. --param ${param.name}=VALUE.`);
    }
  }
  return values;
}

/**
 * `-i` values → image values per role, in the template's role order. A value without a known
 * `ROLE=` prefix goes to the template's first role.
 */
export function assignImages(template: Template, raw: readonly string[]): Map<string, string[]> {
  const byRole = new Map<string, string[]>(template.roles.map((r) => [r.name, []]));
  for (const given of raw) {
    const match = ROLE_PREFIX.exec(given);
    let role: TemplateRole | undefined;
    let value = given;
    if (match) {
      role = template.roles.find((r) => r.name === match[1]!.toLowerCase());
      if (!role) {
        throw usageError(
          'UNKNOWN_ROLE',
          `Template ${template.name} has no input role "${match[1]}" (in -i ${given}).`,
          `${didYouMean(match[1]!, template.roles.map((r) => r.name))}Its roles: ${names(template.roles)}. Give images as -i ROLE=PATH_OR_ID (a path with "=" in its name: write it as ./${given}).`,
        );
      }
      value = match[2]!.trim();
      if (!value) throw usageError('INVALID_INPUT', `-i ${given} names no image.`, `Write it as -i ${role.name}=PATH_OR_ID.`);
    } else {
      role = template.roles[0];
      if (!role) throw usageError('UNKNOWN_ROLE', `Template ${template.name} takes no images, but -i ${given} was given.`, `Leave out -i (imagegen templates show ${template.name}).`);
    }
    byRole.get(role.name)!.push(value);
  }
  return byRole;
}

/** Checks how many images each role got (identity photos included) and the either/or groups. */
export function checkRoleCounts(template: Template, counts: Readonly<Record<string, number>>, params: Readonly<Record<string, string>>): void {
  for (const role of template.roles) {
    const n = counts[role.name] ?? 0;
    if (role.required && n === 0) {
      const how = role.identity ? ` or --identity NAME` : '';
      throw usageError('MISSING_ROLE', `Template ${template.name} needs ${role.max > 1 ? 'at least one image' : 'an image'} for its role "${role.name}" (${role.description}).`, `Add -i ${role.name}=PATH_OR_ID${how}.`);
    }
    if (n > role.max) {
      throw usageError('TOO_MANY_FOR_ROLE', `Template ${template.name} takes at most ${role.max} ${role.name} image${role.max === 1 ? '' : 's'}, not ${n}.`, `Give fewer -i ${role.name}=… images.`);
    }
    const labels = role.labels ? splitLabels(params[role.labels]) : [];
    if (labels.length && labels.length !== n) {
      throw usageError(
        'LABELS_MISMATCH',
        `--param ${role.labels} names ${labels.length} ${role.name}${labels.length === 1 ? '' : 's'}, but ${n} ${role.name} image${n === 1 ? ' was' : 's were'} given.`,
        `Give one comma-separated name per -i ${role.name}=… image, in the same order.`,
      );
    }
  }
  for (const group of template.oneOf) {
    const present = group.filter((name) => (counts[name] ?? 0) > 0 || params[name] !== undefined);
    if (present.length === 1) continue;
    const how = group.map((name) => (template.params.some((p) => p.name === name) ? `--param ${name}=…` : `-i ${name}=…`)).join(' or ');
    throw usageError(
      present.length ? 'CONFLICTING_INPUTS' : 'MISSING_ROLE',
      present.length ? `Template ${template.name} takes either ${how}, not both.` : `Template ${template.name} needs ${how}.`,
      `Give exactly one of them (imagegen templates show ${template.name}).`,
    );
  }
}
