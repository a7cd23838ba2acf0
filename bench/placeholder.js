/**
 * The offline provider's placeholder at 4K (4096×4096), moved here from a wall-clock assertion in
 * test/unit/images/placeholder.test.ts that failed on a busy machine. Baseline, in the same run:
 * sharp encoding a flat 4096×4096 PNG (the least any 4K PNG costs). No target: the ratio shows what
 * drawing the prompt (an SVG rendered and encoded) adds; it was about 12× on a busy 2-core box.
 */
import { performance } from 'node:perf_hooks';
import { distUrl, heading, machine, median, ms, ratio, requireBuild, table } from './lib/util.js';

requireBuild();
heading('placeholder: a 4K offline image');
console.log(await machine());

const { default: sharp } = await import('sharp');
const { renderPlaceholder } = await import(distUrl('images/placeholder.js'));
const ROUNDS = 5;

async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
const base = [];
const placeholder = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  const b = await time(() => sharp({ create: { width: 4096, height: 4096, channels: 3, background: '#24466b' } }).png().toBuffer());
  const p = await time(() => renderPlaceholder({ prompt: 'a lighthouse at dawn, wide shot', width: 4096, height: 4096, seed: `s${round}`, caption: 'caption' }));
  if (round === 0) continue; // warm-up
  base.push(b);
  placeholder.push(p);
}
const b = median(base);
const p = median(placeholder);
console.log(
  table(
    ['row', 'median', 'ratio'],
    [
      ['flat 4K PNG (baseline)', ms(b), '1.00×'],
      ['placeholder 4K', ms(p), ratio(p / b)],
    ],
  ),
);
