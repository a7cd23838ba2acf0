/** Per-image progress on standard error: a spinner for a person, plain lines when piped, nothing under --json. */
import type { ProgressEvent } from '../../core/ports.js';
import type { Output } from './output.js';

export interface Progress {
  onProgress(event: ProgressEvent): void;
  stop(): void;
}

export async function startProgress(output: Output, label: string, total: number): Promise<Progress> {
  if (output.json) return { onProgress: () => {}, stop: () => {} };
  if (!output.interactive) {
    return {
      onProgress(event) {
        if (event.type === 'retrying') output.notice(`image ${event.index + 1}/${total}: ${event.reason}, retrying in ${(event.delayMs / 1000).toFixed(1)} s`);
      },
      stop() {},
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ text: `${label} 0/${total}`, stream: output.stderr }).start();
  let done = 0;
  let failed = 0;
  const update = (extra = '') => {
    spinner.text = `${label} ${done}/${total}${failed ? ` (${failed} failed)` : ''}${extra}`;
  };
  return {
    onProgress(event) {
      if (event.type === 'completed') done++;
      if (event.type === 'failed') failed++;
      update(event.type === 'retrying' ? ` · image ${event.index + 1}: ${output.safe(event.reason)}, retrying in ${(event.delayMs / 1000).toFixed(1)} s` : '');
    },
    stop() {
      spinner.stop();
    },
  };
}
