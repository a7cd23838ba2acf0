/**
 * Wraps a command's implementation: builds its Context from the global flags, runs it, closes the
 * catalog, and records the exit code it returned. Errors go up to main.ts, which prints them.
 */
import type { Command } from 'commander';
import { Context, type GlobalFlags } from './context.js';
import type { CliIo } from './io.js';

export interface RunState {
  signal: AbortSignal;
  /** The environment, folder and streams this run uses (the process's own, or a test's). */
  io: CliIo;
  exitCode: number;
}

export type CommandImpl<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<number | void>;

export function action<A extends unknown[]>(state: RunState, load: () => Promise<CommandImpl<A>>, options: { lenientConfig?: boolean } = {}) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const flags = command.optsWithGlobals<GlobalFlags>();
    const impl = await load();
    const ctx = await Context.create(flags, state.signal, { ...options, io: state.io });
    try {
      const code = await impl(ctx, ...(args.slice(0, -1) as A));
      state.exitCode = code ?? 0;
    } finally {
      ctx.close();
    }
  };
}
