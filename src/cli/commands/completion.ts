/** `imagegen completion bash|zsh|fish`: a script that completes commands, flags, values and ids. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { oneOf } from '../parsers.js';
import { SHELLS, completionScript, type Shell } from '../completion/scripts.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh or fish)')
    .description(
      "Print a script that completes imagegen's commands, flags, the values of --aspect, --size, --emotion, --style, --kind, --template and others, template names and recent entry ids. Install it once (see the examples).",
    )
    .argument('<shell>', SHELLS.join(' | '), oneOf('shell', SHELLS))
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen completion bash > ~/.local/share/bash-completion/completions/imagegen
  $ imagegen completion zsh > "\${fpath[1]}/_imagegen"
  $ imagegen completion fish > ~/.config/fish/completions/imagegen.fish
  $ source <(imagegen completion bash)      # this shell only`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, shell: Shell): Promise<number> {
  ctx.output.line(completionScript(shell).trimEnd());
  return 0;
}
