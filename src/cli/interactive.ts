/**
 * Fills in what a command was not given. On a terminal (standard input and standard error both
 * TTYs, no --json, not CI) it asks, on standard error; anywhere else it refuses with a usage error
 * (exit 2), so scripts never hang waiting for an answer.
 */
import { interrupted, usageError, type ImagegenError } from '../domain/errors.js';
import type { Env } from '../domain/env.js';
import type { Context } from './context.js';
import { readPromptArg } from './stdin.js';

export interface Terminal {
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
  json: boolean;
  env: Env;
}

/** Whether a person can be asked: the one decision, kept pure so it can be tested alone. */
export function canAsk(terminal: Terminal): boolean {
  return terminal.stdinIsTTY && terminal.stderrIsTTY && !terminal.json && !terminal.env.CI;
}

function terminalOf(ctx: Context): Terminal {
  return { stdinIsTTY: ctx.io.stdin.isTTY === true, stderrIsTTY: ctx.io.stderr.isTTY === true, json: ctx.output.json, env: ctx.env };
}

export function missingPrompt(command: string, example: string): ImagegenError {
  return usageError('MISSING_PROMPT', `${command} needs a prompt.`, `Give it as an argument in quotes, e.g. ${example}, or pass - to read it from standard input.`);
}

/** The prompt argument ("-" reads standard input); asked for on a terminal when it is missing. */
export async function promptOrAsk(ctx: Context, given: string | undefined, missing: () => ImagegenError): Promise<string> {
  const text = await readPromptArg(given, ctx.io.stdin, ctx.signal);
  if (text !== undefined) return text;
  if (!canAsk(terminalOf(ctx))) throw missing();
  const { input } = await import('@inquirer/prompts');
  return answer(input({ message: 'Prompt:', required: true }, { input: ctx.io.stdin, output: ctx.io.stderr, signal: ctx.signal }));
}

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

/** A required choice; asked for on a terminal when it is missing. */
export async function choiceOrAsk<T extends string>(ctx: Context, given: T | undefined, question: { message: string; choices: Choice<T>[] }, missing: () => ImagegenError): Promise<T> {
  if (given !== undefined) return given;
  if (!canAsk(terminalOf(ctx))) throw missing();
  const { select } = await import('@inquirer/prompts');
  return answer(select<T>({ message: question.message, choices: question.choices }, { input: ctx.io.stdin, output: ctx.io.stderr, signal: ctx.signal }));
}

/** Ctrl-C at a question is an interruption like any other (exit 130). */
async function answer<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw interrupted();
    throw err;
  }
}
