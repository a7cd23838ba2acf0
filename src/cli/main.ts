/**
 * The CLI entry: parses argv, runs the command, prints any error once, and is the only place that
 * exits the process.
 */
import { CommanderError } from 'commander';
import { ExitCode, ImagegenError, interrupted, toImagegenError, usageError } from '../core/errors.js';
import { Output } from './render/output.js';
import { buildProgram, withDefaultHelp } from './program.js';
import type { RunState } from './action.js';

export async function run(given: string[]): Promise<void> {
  const argv = withDefaultHelp(given);
  const controller = new AbortController();
  const state: RunState = { signal: controller.signal, exitCode: 0 };
  let interrupts = 0;
  let lastInterrupt = 0;
  const reexecuted = process.env.IMAGEGEN_REEXEC === '1';
  process.on('SIGINT', () => {
    // Under bin/imagegen.js's re-exec one Ctrl-C arrives twice (the terminal's, and the one the
    // parent forwards): there, a second within 300 ms is the same key press.
    if (reexecuted && Date.now() - lastInterrupt < 300) return;
    lastInterrupt = Date.now();
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    controller.abort(interrupted());
  });
  process.on('SIGTERM', () => controller.abort(interrupted()));

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
  process.exit(code);
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
