/** Renders `templates` and `templates show`: JSON for scripts, plain text for people. */
import type { TemplateDetails, TemplateList } from '../../core/templates.js';
import type { Output } from './output.js';

export function renderTemplateList(output: Output, result: TemplateList): void {
  if (output.json) {
    output.data(result);
    return;
  }
  const width = Math.max(...result.templates.map((t) => t.name.length));
  for (const t of result.templates) {
    const origin = t.source === 'builtin' ? '' : `  (${t.source})`;
    output.line(`${t.name.padEnd(width)}  ${t.description}${origin}`);
    const takes = [t.roles.length ? `images: ${t.roles.join(', ')}` : '', t.params.length ? `params: ${t.params.join(', ')}` : ''].filter(Boolean).join(' · ');
    if (takes) output.line(`${''.padEnd(width)}  ${takes}`);
  }
  output.notice(`\nimagegen templates show NAME explains one. Your own templates go in ${result.folder}/NAME.yaml.`);
}

export function renderTemplateDetails(output: Output, t: TemplateDetails): void {
  if (output.json) {
    output.data(t);
    return;
  }
  output.line(`${t.name}: ${t.description}`);
  if (t.source !== 'builtin') output.line(`from ${t.source}`);
  if (t.roles.length) {
    output.line('\nInput images (-i ROLE=PATH_OR_ID), sent in this order:');
    for (const r of t.roles) {
      const how = [r.required ? 'required' : 'optional', r.max > 1 ? `up to ${r.max}` : 'one', r.identity ? '--identity fills it' : '', r.labels ? `named by --param ${r.labels}` : ''].filter(Boolean).join(', ');
      output.line(`  ${r.name.padEnd(12)} ${r.description} (${how})`);
    }
  }
  if (t.params.length) {
    output.line('\nParameters (--param KEY=VALUE):');
    for (const p of t.params) {
      const how = [p.required ? 'required' : 'optional', p.default !== null ? `default "${p.default}"` : '', p.choices ? `one of ${p.choices.join(', ')}` : ''].filter(Boolean).join(', ');
      output.line(`  ${p.name.padEnd(12)} ${p.description} (${how})`);
    }
  }
  for (const group of t.oneOf) output.line(`\nGive exactly one of: ${group.join(', ')}.`);
  if (t.aspect) output.line(`\nAspect ratio unless -a says otherwise: ${t.aspect}`);
  output.line(`\nExample:\n  $ ${t.example}`);
  output.line(`\nInstruction sent (with one image per required role; your own words follow it):\n  ${t.preview}`);
}
