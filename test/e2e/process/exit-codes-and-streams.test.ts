/**
 * The process boundary, kept slim: most scenarios run the CLI in-process (sandbox().run), so these
 * spawn the real binary (bin/imagegen.js → dist/) to show that each class of exit code, and the
 * split of data (stdout) from diagnostics (stderr), survive a real process and real pipes.
 * Signals are in interrupted.test.ts and build.test.ts, slow readers in hardening/pipe-output,
 * old Node in reexec, terminals in hardening/narrow-terminal, the README in readme.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, useFakeGemini, type RunJson } from '../fake-session.js';

const session = useFakeGemini();

describe('exit codes and streams of the real process', () => {
  it('0: the JSON document alone on stdout; progress on stderr stays off under --json', async () => {
    const r = await session.box.spawn(['generate', 'a lighthouse at dawn', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.json<RunJson>().entries).toHaveLength(1);
    expect(r.stderr).toBe('');
  });

  it('0: human output is data on stdout, notices on stderr', async () => {
    const made = await session.box.spawn(['generate', 'a lighthouse at dawn', '--json']);
    const id = made.json<RunJson>().entries[0]!.id;
    const r = await session.box.spawn(['list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(id);
    expect(r.stderr).not.toContain(id);
  });

  it('0: --help goes to stdout', async () => {
    const r = await session.box.spawn(['generate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: imagegen generate');
    expect(r.stderr).toBe('');
  });

  it('1: every image failed, the failures on stdout and the error line on stderr', async () => {
    session.fake.setDefault({ kind: 'status', status: 400, message: 'Unsupported thing.' });
    const r = await session.box.spawn(['generate', 'a lighthouse', '-n', '2', '--json']);
    expect(r.code).toBe(1);
    expect(r.json<RunJson>().failures).toHaveLength(2);
    expect(errorOf(r).code).toBe('API_REQUEST_REJECTED');
  });

  it('2: a usage error prints its code and hint on stderr and nothing on stdout', async () => {
    const r = await session.box.spawn(['generate', 'x', '--aspect', 'sideways', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(errorOf(r).hint).toBeTruthy();
    const unknown = await session.box.spawn(['paint']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^error: .*\n {2}hint: /);
  });

  it('3: an unknown id', async () => {
    const r = await session.box.spawn(['show', 'zzzzzzzz', '--json']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(errorOf(r).code).toMatch(/^[A-Z_]+$/);
  });

  it('4: partly done, what was saved on stdout', async () => {
    session.fake.enqueue({ kind: 'ok' }, { kind: 'status', status: 400, message: 'Unsupported thing.' });
    const r = await session.box.spawn(['generate', 'a lighthouse', '-n', '2', '--json'], { env: { IMAGEGEN_CONCURRENCY: '1' } });
    expect(r.code, r.stderr).toBe(4);
    const doc = r.json<RunJson>();
    expect(doc.entries).toHaveLength(1);
    expect(doc.failures).toHaveLength(1);
  });

  it('reads the prompt from a real standard input', async () => {
    const r = await session.box.spawn(['generate', '-', '--json'], { input: 'a fox in the snow\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<RunJson>().entries[0]!.prompt).toBe('a fox in the snow');
  });
});
