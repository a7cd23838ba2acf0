/**
 * The CLI entry: parses argv, runs the command, prints any error once, and is the only place that
 * exits the process (after its output has been flushed, see exit.ts).
 */
import { writeSync } from 'node:fs';
import { CommanderError } from 'commander';
import { ExitCode, ImagegenError, interrupted, toImagegenError, usageError } from '../domain/errors.js';
import { Output } from './render/output.js';
import { buildProgram, withDefaultHelp } from './program.js';
import type { RunState } from './action.js';
import { SECRET_VARIABLES } from './context.js';
import { rememberSecrets } from '../domain/redact.js';
import { endOnSignals, exitQuietlyOnClosedPipe, outputFlushed } from './exit.js';

export async function run(given: string[]): Promise<void> {
  const argv = withDefaultHelp(given);
  const controller = new AbortController();
  const state: RunState = { signal: controller.signal, exitCode: 0 };
  const exit = (code: number): never => process.exit(code);
  endOnSignals(
    () => controller.abort(interrupted()),
    () => reportForcedExit(argv),
    exit,
  );
  exitQuietlyOnClosedPipe(() => state.exitCode, exit);
  rememberSecrets(...SECRET_VARIABLES.map((name) => process.env[name]));

  const program = await buildProgram(state, argv);
  program.exitOverride();
  program.configureOutput({ writeErr: () => {}, outputError: () => {} });
  for (const command of program.commands) {
    command.exitOverride();
    command.configureOutput({ writeErr: () => {}, outputError: () => {} });
  }

  let code: number;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = state.exitCode;
  } catch (err) {
    code = report(err, argv, controller.signal.aborted);
  }
  process.exitCode = code;
  await outputFlushed();
  exit(code);
}

/** The run did not wind down after a signal: say so (synchronously, the process ends next). */
function reportForcedExit(argv: string[]): void {
  const output = new Output({ json: argv.includes('--json'), env: process.env });
  writeSync(2, output.formatError(interrupted()));
}

function report(err: unknown, argv: string[], aborted: boolean): number {
  const output = new Output({ json: argv.includes('--json'), env: process.env });
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
