/** The manifest is checked as a whole before anything is sent: exit 2 naming target and field. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImagegenError } from '../../../src/domain/errors.js';
import { manifestJsonSchema } from '../../../src/build/schema.js';
import { project, type Project } from './helpers.js';

let p: Project;
beforeEach(() => {
  p = project();
});
afterEach(() => p.cleanup());

async function issuesOf(yaml: string): Promise<{ target: string | null; field: string | null; message: string }[]> {
  p.manifest(yaml);
  const err = await p.build({ dryRun: true }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImagegenError);
  const error = err as ImagegenError;
  expect(error.code).toBe('INVALID_MANIFEST');
  expect(error.exitCode).toBe(2);
  return error.details!.issues as { target: string | null; field: string | null; message: string }[];
}

describe('manifest validation', () => {
  it('names an unknown field, a bad value and a missing input, all at once', async () => {
    const issues = await issuesOf(`version: 1
targets:
  a.png:
    prompt: one
    colour: red
  b.png:
    prompt: two
    aspect: "7:3"
  c.png:
    prompt: three
    inputs: [photos/none.jpg]
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: 'a.png', field: 'colour' }),
        expect.objectContaining({ target: 'b.png', field: 'aspect' }),
        expect.objectContaining({ target: 'c.png', field: 'inputs', message: expect.stringContaining('photos/none.jpg') }),
      ]),
    );
    expect(p.catalog.hasEntry('x')).toBe(false);
  });

  it('rejects two targets writing one path, a cycle, and paths leaving the folder', async () => {
    const issues = await issuesOf(`version: 1
targets:
  out/a.png: { prompt: one }
  out/../out/a.png: { prompt: two }
  x.png: { prompt: x, inputs: [y.png] }
  y.png: { prompt: y, inputs: [x.png] }
  ../escape.png: { prompt: out }
  z.png: { prompt: z, inputs: [../../etc/passwd] }
`);
    const by = (target: string) => issues.filter((i) => i.target === target).map((i) => i.message).join(' | ');
    expect(by('out/../out/a.png')).toMatch(/same file as target "out\/a.png"/);
    expect(issues.some((i) => /dependency cycle/.test(i.message) && i.field === 'inputs')).toBe(true);
    expect(by('../escape.png')).toMatch(/leaves the manifest's folder/);
    expect(issues.find((i) => i.target === 'z.png')?.field).toBe('inputs');
  });

  it('checks kinds, extensions, matrices, templates and the top level', async () => {
    const issues = await issuesOf(`version: 1
extra: true
targets:
  a.gif: { prompt: gif }
  b.png: { kind: reference, prompt: r, inputs: [] }
  "c-{n}.png": { prompt: "{n}", matrix: { n: [1, 2], m: [x] } }
  d.png: { template: no-such-template }
  e.png: { template: white-background, params: { nope: 1 }, inputs: { ornament: ring.png } }
`);
    const fields = issues.map((i) => `${i.target}:${i.field}`);
    expect(fields).toEqual(expect.arrayContaining(['null:extra', 'a.gif:null', 'b.png:inputs', 'b.png:type', 'c-{n}.png:matrix.m', 'd.png:template', 'e.png:params']));
  });

  it('expands a matrix into one target per value, filling the key and every string', async () => {
    p.manifest(`version: 1
defaults: { aspect: "1:1" }
targets:
  "icons/{shape}-{colour}.png":
    prompt: a {shape} icon on {colour}
    matrix: { shape: [plane, boat], colour: [red, blue] }
`);
    const outcome = await p.build({ dryRun: true });
    expect(outcome.plan.targets.map((t) => t.target.path)).toEqual(['icons/plane-red.png', 'icons/plane-blue.png', 'icons/boat-red.png', 'icons/boat-blue.png']);
    expect(outcome.plan.targets[3]!.target.prompt).toBe('a boat icon on blue');
    expect(outcome.plan.targets[0]!.target.aspect).toBe('1:1');
  });

  it('prints a JSON Schema from the same definition', () => {
    const schema = manifestJsonSchema() as { properties: Record<string, { additionalProperties?: { properties?: Record<string, unknown> } }>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'targets']));
    expect(Object.keys(schema.properties.targets!.additionalProperties!.properties!)).toEqual(
      expect.arrayContaining(['prompt', 'kind', 'inputs', 'type', 'template', 'params', 'model', 'provider', 'aspect', 'size', 'style', 'emotion', 'name', 'identity', 'matrix']),
    );
  });
});
