/** The lazy command table must agree with what each command registers. */
import { Command } from 'commander';
import { processIo } from '../../src/cli/io.js';
import { describe, expect, it } from 'vitest';
import { COMMANDS, buildProgram, commandWord, withDefaultHelp } from '../../src/cli/program.js';

const state = { signal: new AbortController().signal, io: processIo(), exitCode: 0 };

describe('the command table', () => {
  it('lists every command under the names and aliases it registers', async () => {
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load()).register(program, state);
      const [command] = program.commands;
      expect([command!.name(), ...command!.aliases()]).toEqual(entry.names);
    }
  });

  it('loads only the command named in argv, and all of them otherwise', async () => {
    expect((await buildProgram(state, ['--home', 'x', 'list', '--json'])).commands.map((c) => c.name())).toEqual(['list']);
    expect((await buildProgram(state, ['ls'])).commands.map((c) => c.name())).toEqual(['list']);
    expect((await buildProgram(state, ['--help'])).commands).toHaveLength(COMMANDS.length);
    expect((await buildProgram(state, ['paint'])).commands).toHaveLength(COMMANDS.length);
  });

  it('finds the command word past global options', () => {
    expect(commandWord(['--home', 'list', 'show', 'x'])).toBe('show');
    expect(commandWord(['-V'])).toBeUndefined();
  });

  it('adds --help to a bare command line only', () => {
    expect(withDefaultHelp([])).toEqual(['--help']);
    expect(withDefaultHelp(['--home', 'x'])).toEqual(['--home', 'x', '--help']);
    expect(withDefaultHelp(['list'])).toEqual(['list']);
    expect(withDefaultHelp(['-V'])).toEqual(['-V']);
  });
});
