/** The commander program: global flags and every command's definition (their code loads lazily). */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import type { RunState } from './action.js';
import { register as registerGenerate } from './commands/generate.js';
import { register as registerList } from './commands/list.js';
import { register as registerShow } from './commands/show.js';
import { register as registerTree } from './commands/tree.js';
import { register as registerRename } from './commands/rename.js';
import { register as registerTag } from './commands/tag.js';
import { register as registerDelete } from './commands/delete.js';
import { register as registerStats } from './commands/stats.js';
import { register as registerModify } from './commands/modify.js';
import { register as registerReference } from './commands/reference.js';
import { register as registerRegenerate } from './commands/regenerate.js';
import { register as registerRetry } from './commands/retry.js';
import { register as registerStyles } from './commands/styles.js';
import { register as registerTemplates } from './commands/templates.js';
import { register as registerIdentity } from './commands/identity.js';

export function buildProgram(state: RunState): Command {
  const program = new Command('imagegen')
    .description('Make and edit images with Gemini image models, and keep every prompt, input and result in a local catalog.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--home <dir>', 'where the catalog and stored images live (default: IMAGEGEN_HOME or ~/.local/share/imagegen)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen generate "a lighthouse at dawn" --provider offline
  $ imagegen list
  $ imagegen show <id>

Environment: GEMINI_API_KEY (or GOOGLE_API_KEY), HF_TOKEN, IMAGEGEN_HOME, IMAGEGEN_OUT, IMAGEGEN_MODEL,
IMAGEGEN_PROVIDER, IMAGEGEN_TEXT_MODEL; a .env file in the working directory is read too.
Exit codes: 0 done · 1 failed · 2 invalid usage or input · 3 unknown id · 4 partly done · 130 interrupted`,
    );
  registerGenerate(program, state);
  registerList(program, state);
  registerShow(program, state);
  registerTree(program, state);
  registerRename(program, state);
  registerTag(program, state);
  registerDelete(program, state);
  registerStats(program, state);
  registerModify(program, state);
  registerReference(program, state);
  registerRegenerate(program, state);
  registerRetry(program, state);
  registerStyles(program, state);
  registerTemplates(program, state);
  registerIdentity(program, state);
  return program;
}
