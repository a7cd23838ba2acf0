/** `generate`: text → image(s). */
import { assembleJob, checkPlanOptions, describeInputOf, type PlanOptions } from './plan-common.js';
import type { Ports } from './ports.js';
import type { ImageJob } from './run-images.js';
import { describePrompt } from './describe-prompt.js';
import { withIdentity } from './identity-inputs.js';

export { MAX_COUNT, checkCount, checkPrompt } from './plan-common.js';

export interface GenerateOptions extends PlanOptions {
  /** --enhance, with its optional --context FILE and --history N. */
  enhance?: boolean;
  context?: string;
  history?: number;
  /** --identity NAME: the person's photos join the inputs, with an instruction that introduces them. */
  identity?: string;
}

/** Checks everything and returns the job to run; throws a usage error before anything is sent. */
export async function planGenerate(options: GenerateOptions, ports?: Ports): Promise<ImageJob> {
  const checked = checkPlanOptions(options);
  const described = await describePrompt(describeInputOf(options, checked.prompt), ports);
  return withIdentity(assembleJob(options, checked, described, { command: 'generate', kind: 'generate', inputs: [] }), options.identity, ports);
}
