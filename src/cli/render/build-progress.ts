/**
 * A build's progress on standard error. On a terminal: one spinner line with done/total, failures,
 * dollars spent and an ETA. Piped or in CI: one plain line per finished target. Nothing under --json.
 */
import type { BuildEvent } from '../../build/types.js';
import { escapeInline } from './safe-text.js';
import type { Output } from './output.js';

export interface BuildProgress {
  onEvent(event: BuildEvent): void;
  stop(): void;
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export async function startBuildProgress(output: Output, now: () => number = Date.now): Promise<BuildProgress> {
  if (output.json) return { onEvent: () => {}, stop: () => {} };
  let total = 0;
  let done = 0;
  let failed = 0;
  let dollars = 0;
  const started = now();
  const line = () => {
    const finished = done + failed;
    const eta = finished > 0 && finished < total ? ` · ETA ${seconds(((now() - started) / finished) * (total - finished))}` : '';
    return `Building ${finished}/${total}${failed ? ` · ${failed} failed` : ''} · $${dollars.toFixed(3)}${eta}`;
  };
  const count = (event: BuildEvent) => {
    if (event.type === 'start') total = event.total;
    if (event.type === 'built') {
      done++;
      dollars += event.costUsd;
    }
    if (event.type === 'failed' || event.type === 'skipped') failed++;
  };

  // A terminal that reports no width (some pseudo-terminals) cannot hold a redrawn line.
  if (!output.interactive || !((output.stderr.columns ?? 0) > 0)) {
    return {
      onEvent(event) {
        count(event);
        const at = `[${done + failed}/${total}]`;
        if (event.type === 'built') output.notice(`${at} built ${escapeInline(event.path)} (${event.entryId})${event.costUsd > 0 ? ` $${event.costUsd.toFixed(3)}` : ''}`);
        if (event.type === 'failed') output.notice(`${at} failed ${escapeInline(event.path)}: ${escapeInline(event.message)}`);
        if (event.type === 'skipped') output.notice(`${at} skipped ${escapeInline(event.path)}: ${escapeInline(event.reason)}`);
        if (event.type === 'retrying') output.notice(`${escapeInline(event.path)}: ${event.reason}, retrying in ${(event.delayMs / 1000).toFixed(1)} s`);
      },
      stop() {},
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ text: 'Planning', stream: output.stderr });
  let running = false;
  return {
    onEvent(event) {
      count(event);
      if (event.type === 'start' && total > 0) {
        spinner.start(line());
        running = true;
      }
      if (!running) return;
      if (event.type === 'failed') {
        spinner.clear();
        output.notice(`failed ${escapeInline(event.path)}: ${escapeInline(event.message)}`);
      }
      spinner.text = line();
    },
    stop() {
      if (running) spinner.stop();
      running = false;
    },
  };
}
