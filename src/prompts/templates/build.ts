/**
 * Turns a template, its parameter values and the images given for each role into the instruction
 * that leads the prompt: first one line introducing each image in the order they are sent, then
 * the template's own lines (those whose conditions hold, placeholders filled in).
 */
import { joinSentences } from '../compose.js';
import type { Template, TemplateRole } from './types.js';

export interface TemplateValues {
  /** Parameter values, defaults included; absent when neither given nor defaulted. */
  params: Readonly<Record<string, string>>;
  /** How many images each role was given. */
  counts: Readonly<Record<string, number>>;
}

/** "Ruby ring, Pearl necklace" → ["Ruby ring", "Pearl necklace"]. */
export function splitLabels(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
}

function introLines(roles: TemplateRole[], values: TemplateValues): string[] {
  const lines: string[] = [];
  let n = 0;
  for (const role of roles) {
    const count = values.counts[role.name] ?? 0;
    const labels = role.labels ? splitLabels(values.params[role.labels]) : [];
    for (let k = 0; k < count; k++) {
      n++;
      const label = labels[k] ? ` "${labels[k]}"` : '';
      const of = count > 1 ? ` (${k + 1} of ${count})` : '';
      lines.push(`Image ${n} is ${role.intro}${label}${of}.`);
    }
  }
  return lines;
}

/** Whether a role got images or a parameter has a value. */
function given(name: string, values: TemplateValues): boolean {
  return (values.counts[name] ?? 0) > 0 || values.params[name] !== undefined;
}

/** Fills {param} placeholders; a line with a placeholder that has no value is left out (null). */
function fill(text: string, params: Readonly<Record<string, string>>): string | null {
  let missing = false;
  const filled = text.replace(/\{([^{}]*)\}/g, (_all, name: string) => {
    const value = params[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? null : filled;
}

export function templateInstruction(template: Template, values: TemplateValues): string {
  const lines = template.lines
    .filter((line) => (line.when === null || given(line.when, values)) && (line.unless === null || !given(line.unless, values)))
    .map((line) => fill(line.text, values.params));
  return joinSentences(...introLines(template.roles, values), ...lines);
}
