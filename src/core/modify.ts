/** `modify`: the prompt applied to one or more input images, sent in the order given. */
import { resolveInputs } from './inputs.js';
import type { GenerateOptions } from './generate.js';
import { assembleJob, checkImages, checkPlanOptions, describeInputOf, subjectOfInputs } from './plan-common.js';
import type { Ports } from './ports.js';
import type { ImageJob } from './run-images.js';
import { describePrompt } from './describe-prompt.js';
import { withIdentity } from './identity-inputs.js';

/** Everything generate takes, and the input images. */
export interface ModifyOptions extends GenerateOptions {
  /** File paths or entry ids, as typed. */
  images: string[];
}

export async function planModify(options: ModifyOptions, ports: Ports): Promise<ImageJob> {
  const checked = checkPlanOptions(options);
  const images = checkImages(options.images, 'modify');
  const inputs = await resolveInputs(images.map((value) => ({ value, role: 'input' })), checked.choice.spec, ports);
  const described = await describePrompt({ ...describeInputOf(options, checked.prompt), subject: subjectOfInputs(inputs, ports.catalog) }, ports);
  return withIdentity(assembleJob(options, checked, described, { command: 'modify', kind: 'modify', inputs }), options.identity, ports);
}
