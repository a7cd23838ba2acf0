/**
 * The shape of the command line for shell completion, read from the commander program itself
 * (at build time, into dist/completion-spec.json), so completion never drifts from the commands.
 */
import type { Command } from 'commander';

export interface OptionSpec {
  /** Every spelling: ['-a', '--aspect']. */
  names: string[];
  takesValue: boolean;
}

export interface CommandSpec {
  names: string[];
  options: OptionSpec[];
  /** Positional arguments in order, by name (`id`, `prompt`, `name`, …). */
  args: string[];
  subcommands: CommandSpec[];
}

export function commandSpec(command: Command): CommandSpec {
  return {
    names: [command.name(), ...command.aliases()],
    options: command.options.map((o) => ({ names: [o.short, o.long].filter((n): n is string => Boolean(n)), takesValue: o.required || o.optional })),
    args: command.registeredArguments.map((a) => a.name()),
    subcommands: command.commands.map(commandSpec),
  };
}
