/**
 * Issue 8: what printing safely costs. Every line a person sees now goes through redact (the key
 * and credential patterns) and escapeControls (see src/cli/render/output.ts). Measured in process
 * on list-like plain lines (id, name, kind, status, emotion, date, file), written through the
 * compiled Output into a stream that discards them. Baseline: the same lines written straight to
 * the same stream, as Output.line did before. Target: at most 2× the baseline — a few hundred
 * nanoseconds a line, invisible next to reading the catalog.
 */
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { distUrl, heading, machine, median, ms, ratio, requireBuild, table, verdict } from './lib/util.js';

requireBuild();
heading('output: escaping and redaction per printed line (issue 8)');
console.log(await machine());

const { Output } = await import(distUrl('cli/render/output.js'));
const { rememberSecrets } = await import(distUrl('domain/redact.js'));
rememberSecrets('AIzaSyBENCHMARK-KEY-0123456789', 'hf_benchmarktoken0123456789');

const LINES = 20_000;
const ROUNDS = 9;
const lines = Array.from({ length: LINES }, (_, i) =>
  [`pipe${String(i).padStart(4, '0')}`, `Lighthouse At Dawn ${i}`, 'generate', 'completed', i % 3 ? 'calm' : '', '2026-06-30T18:00:00.000Z', `imagegen-output/lighthouse-at-dawn-${i}.png`].join('\t'),
);
// One line in fifty carries an escape sequence, as a hostile name would.
for (let i = 0; i < LINES; i += 50) lines[i] += '\u001b]0;title\u0007';

const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
const output = new Output({ json: false, env: {}, streams: { stdout: sink(), stderr: sink() } });
const raw = sink();

function time(fn) {
  const started = performance.now();
  fn();
  return performance.now() - started;
}
const base = [];
const safe = [];
for (let round = 0; round < ROUNDS + 2; round++) {
  const b = time(() => {
    for (const line of lines) raw.write(`${line}\n`);
  });
  const s = time(() => {
    for (const line of lines) output.line(line);
  });
  if (round >= 2) {
    base.push(b);
    safe.push(s);
  }
}
const [b, s] = [median(base), median(safe)];
console.log(
  table(
    ['row', `median of ${ROUNDS} (${LINES.toLocaleString('en-US')} lines)`, 'per line', 'ratio'],
    [
      ['raw write (baseline)', ms(b), `${((b / LINES) * 1e6).toFixed(0)} ns`, ''],
      ['Output.line (redact + escape)', ms(s), `${((s / LINES) * 1e6).toFixed(0)} ns`, `${ratio(s / b)} ${verdict(s / b <= 2)}`],
    ],
  ),
);
