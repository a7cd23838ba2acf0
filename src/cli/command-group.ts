/**
 * A command with subcommands (`imagegen templates run`, `imagegen identity add`). Subcommands copy
 * their parent's settings when they are created, and main.ts quiets commander and makes it throw
 * only on top-level commands, after the program is built: the group takes the same settings
 * first, so its subcommands' usage errors reach main.ts like any other (exit 2, one message).
 */
import type { Command } from 'commander';

export function commandGroup(program: Command, name: string): Command {
  return program
    .command(name)
    .exitOverride()
    .configureOutput({ writeErr: () => {}, outputError: () => {} });
}
