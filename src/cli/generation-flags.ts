/** The flags every image-making command shares, defined once. */
import { Option, type Command } from 'commander';
import { intInRange, nonEmpty, oneOf } from './parsers.js';
import { PROVIDERS } from '../config/settings.js';

export interface GenerationFlags {
  count: number;
  aspect?: string;
  size?: string;
  model?: string;
  provider?: string;
  name?: string;
  project?: string;
  format?: 'png' | 'jpeg' | 'webp';
  style?: string;
  emotion?: string;
  enhance?: boolean;
  context?: string;
  history?: number;
  /** --identity NAME: add a saved identity's photos (see src/core/identity-inputs.ts). */
  identity?: string;
  out?: string;
  /** -O FILE: exactly this file (one image). */
  output?: string;
  /** With -O: replace a file already there. */
  force?: boolean;
  open?: boolean;
  json?: boolean;
}

export function addGenerationFlags(command: Command): Command {
  return command
    .addOption(new Option('-n, --count <n>', 'how many images, 1–8 (requests run in parallel)').argParser(intInRange('--count', 1, 8)).default(1))
    .option('-a, --aspect <ratio>', 'aspect ratio: 1:1 2:3 3:2 3:4 4:3 4:5 5:4 9:16 16:9 21:9 (and others the model takes)')
    .option('-s, --size <size>', 'image size: 512 1K 2K 4K, where the model supports it')
    .option('-m, --model <id>', 'model id (default: IMAGEGEN_MODEL, or the provider\'s default)')
    .addOption(new Option('--provider <name>', `where images are made: ${PROVIDERS.join(' | ')} (default: IMAGEGEN_PROVIDER or gemini)`).argParser(oneOf('--provider', PROVIDERS)))
    .option('--style <name>', 'a style preset (imagegen styles lists them)', nonEmpty('--style'))
    .option('--emotion <name>', 'calm | energetic | mysterious | hopeful | melancholic (default: detected from the prompt)', nonEmpty('--emotion'))
    .option('--enhance', 'let a Gemini text model turn the prompt into a detailed visual prompt, name and emotion')
    .option('--context <file>', 'with --enhance: a text file of background for the prompt')
    .addOption(new Option('--history <n>', 'with --enhance: use the last N prompts of the same project as context').argParser(intInRange('--history', 0, 50)))
    .option('--name <name>', 'a name for the entry (default: made from the prompt)', nonEmpty('--name'))
    .option('--project <name>', 'file the entry under a project', nonEmpty('--project'))
    .option('--identity <name>', 'send the photos of a saved identity, keeping that person (imagegen identity list)', nonEmpty('--identity'))
    .addOption(new Option('--format <format>', 'output file format: png | jpeg | webp (default: as the model returns it)').argParser(oneOf('--format', ['png', 'jpeg', 'webp'] as const)))
    .option('-o, --out <dir>', 'output folder (default: IMAGEGEN_OUT or ./imagegen-output)')
    .option('-O, --output <file>', 'write the image to exactly this file (.png .jpg .webp: the extension sets the format); one image only')
    .option('--force', 'with -O: replace the file if it exists')
    .option('--open', 'open the images when done')
    .option('--json', 'print the result as JSON on stdout');
}
