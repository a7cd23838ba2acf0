/**
 * The CLI entry. `runCli` parses argv, runs the command against the io it is given and returns the
 * exit code, printing any error once; tests call it in their own process. `run` is the process's
 * entry around it: signals, a closed pipe, flushing, and the only process.exit (see exit.ts).
 */
import { writeSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { ExitCode, ImagegenError, interrupted, toImagegenError, usageError } from '../domain/errors.js';
import { Output } from './render/output.js';
import { buildProgram, withDefaultHelp } from './program.js';
import type { RunState } from './action.js';
import { SECRET_VARIABLES } from './context.js';
import { rememberSecrets } from '../domain/redact.js';
import { endOnSignals, exitQuietlyOnClosedPipe, outputFlushed } from './exit.js';
import { processIo, type CliIo } from './io.js';

/** The process's run: signals end it, a closed pipe ends it quietly, and it exits once output is flushed. */
export async function run(given: string[]): Promise<void> {
  const argv = withDefaultHelp(given);
  const controller = new AbortController();
  const io = processIo();
  let exitCode = 0;
  const exit = (code: number): never => process.exit(code);
  endOnSignals(
    () => controller.abort(interrupted()),
    () => reportForcedExit(argv, io),
    exit,
  );
  exitQuietlyOnClosedPipe(io, () => exitCode, exit);
  const code = await runCli(given, io, { signal: controller.signal, onExitCode: (c) => (exitCode = c) });
  process.exitCode = code;
  await outputFlushed(io);
  exit(code);
}

/**
 * One run of the CLI on `io`: the exit code it ends with (never exits the process). `signal`
 * interrupts it as Ctrl-C does; `onExitCode` hears the code a command has set so far.
 */
export async function runCli(given: readonly string[], io: CliIo, options: { signal?: AbortSignal; onExitCode?: (code: number) => void } = {}): Promise<number> {
  const argv = withDefaultHelp(given);
  const signal = options.signal ?? new AbortController().signal;
  let exitCode = 0;
  const state: RunState = {
    signal,
    io,
    get exitCode() {
      return exitCode;
    },
    set exitCode(code: number) {
      exitCode = code;
      options.onExitCode?.(code);
    },
  };
  rememberSecrets(...SECRET_VARIABLES.map((name) => io.env[name]));

  const program = await buildProgram(state, argv);
  quietAndReturning(program, io);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (err) {
    return report(err, argv, signal.aborted, io);
  }
}

/**
 * Commander neither exits nor prints errors (report does, once); its help and version go to this
 * run's standard output. Every command, nested ones too.
 */
function quietAndReturning(command: Command, io: CliIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: () => {},
    outputError: () => {},
    // Commander's own defaults, on this run's streams (undefined: its default width).
    getOutHelpWidth: () => (io.stdout.isTTY ? io.stdout.columns : undefined) as number,
    getErrHelpWidth: () => (io.stderr.isTTY ? io.stderr.columns : undefined) as number,
    getOutHasColors: () => colourWanted(io.env) ?? (io.stdout.isTTY === true && io.stdout.hasColors?.() === true),
    getErrHasColors: () => colourWanted(io.env) ?? (io.stderr.isTTY === true && io.stderr.hasColors?.() === true),
  });
  for (const sub of command.commands) quietAndReturning(sub, io);
}

/** Commander's own reading of NO_COLOR / FORCE_COLOR, from this run's environment. */
function colourWanted(env: CliIo['env']): boolean | undefined {
  if (env.NO_COLOR || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined) return true;
  return undefined;
}

/** The run did not wind down after a signal: say so (synchronously, the process ends next). */
function reportForcedExit(argv: string[], io: CliIo): void {
  const output = new Output({ json: argv.includes('--json'), env: io.env, streams: io });
  writeSync(2, output.formatError(interrupted()));
}

function report(err: unknown, argv: string[], aborted: boolean, io: CliIo): number {
  const output = new Output({ json: argv.includes('--json'), env: io.env, streams: io });
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    // Commander wraps errors thrown by our argParsers; unwrap them to keep their code and hint.
    const cause = (err as CommanderError & { cause?: unknown }).cause;
    const error = cause instanceof ImagegenError ? cause : usageError('INVALID_USAGE', err.message.replace(/^error: /, ''), 'Run imagegen --help, or imagegen <command> --help, for usage.');
    output.error(error);
    return error.exitCode;
  }
  const error = aborted && !(err instanceof ImagegenError && err.exitCode !== ExitCode.interrupted) ? interrupted() : toImagegenError(err);
  output.error(error);
  return error.exitCode;
}
