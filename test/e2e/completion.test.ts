/**
 * Shell completion for real: bash sources `imagegen completion bash` and runs its completion
 * function with COMP_WORDS set, as it does on Tab. `__complete` loads neither commander nor the CLI.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from './cli.js';

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

function bashComplete(line: string): string[] {
  const script = `
    imagegen() { "${process.execPath}" "${BIN}" "$@"; }
    source <(imagegen completion bash)
    COMP_LINE=${JSON.stringify(line)}
    COMP_POINT=\${#COMP_LINE}
    read -ra COMP_WORDS <<< "$COMP_LINE"
    [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
    _imagegen
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { cwd: box.dir, env: box.env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('completes commands, flags, values and recent ids', async () => {
    const made = await box.run(['generate', 'a fox', '--provider', 'offline', '--json']);
    const id = made.json<{ entries: { id: string }[] }>().entries[0]!.id;
    expect(bashComplete('imagegen gen')).toEqual(['generate']);
    expect(bashComplete('imagegen generate --emo')).toEqual(['--emotion']);
    expect(bashComplete('imagegen generate --emotion h')).toEqual(['hopeful']);
    expect(bashComplete('imagegen templates run white')).toEqual(['white-background']);
    expect(bashComplete('imagegen show ')).toEqual(['last', id]);
    expect(bashComplete(`imagegen tree ${id.slice(0, 3)}`)).toEqual([id]);
    // bash splits words at ':'; the script hands back only the part after it.
    expect(bashComplete('imagegen generate -a 16')).toEqual(['16:9']);
    expect(bashComplete('imagegen generate -a 16:')).toEqual(['9']);
  });

  it('__complete loads neither commander nor the CLI bundle', () => {
    const hook = join(box.dir, 'trace.mjs');
    writeFileSync(
      hook,
      "import { registerHooks } from 'node:module';\nconst seen = [];\nregisterHooks({ load(url, ctx, next) { seen.push(url); return next(url, ctx); } });\nprocess.on('exit', () => process.stderr.write('LOADED ' + seen.join(' ') + '\\n'));\n",
    );
    const r = spawnSync(process.execPath, ['--import', hook, BIN, '__complete', 'generate', '--aspect', ''], { cwd: box.dir, env: box.env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('16:9');
    const loaded = /LOADED (.*)/.exec(r.stderr)![1]!;
    expect(loaded).toContain('dist/complete.js');
    expect(loaded).not.toMatch(/node_modules\/commander|dist\/cli\.js|sharp|@google\/genai|zod/);
  });
});

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** A folder with an `imagegen` that runs this checkout, for shells that look it up on PATH. */
function shim(): Record<string, string> {
  const dir = join(box.dir, 'shim');
  mkdirSync(dir);
  writeFileSync(join(dir, 'imagegen'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, 'imagegen'), 0o755);
  return { ...box.env, PATH: `${dir}:${box.env.PATH}` };
}

describe.skipIf(!has('zsh'))('zsh completion', () => {
  it('offers values and ids, and files when there is nothing to offer', () => {
    const script = `
      autoload -U compinit; compinit -u 2>/dev/null
      source <(imagegen completion zsh)
      compadd() { shift $(( \${@[(i)--]} )); print -l -- "$@"; }
      _files() { print FILES; }
      words=(imagegen generate --emotion h); CURRENT=4; _imagegen
      words=(imagegen completion ""); CURRENT=3; _imagegen
      words=(imagegen modify x -i ./photos/); CURRENT=5; _imagegen`;
    const r = spawnSync('zsh', ['-c', script], { cwd: box.dir, env: shim(), encoding: 'utf8' });
    expect(r.stdout.trim().split('\n')).toEqual(['hopeful', 'bash', 'zsh', 'fish', 'FILES']);
  });
});

describe.skipIf(!has('fish'))('fish completion', () => {
  it('offers values and commands, and no stray file names for them', () => {
    const script = 'imagegen completion fish | source; complete -C "imagegen generate --emotion h"; complete -C "imagegen sho"';
    const r = spawnSync('fish', ['-c', script], { cwd: box.dir, env: shim(), encoding: 'utf8' });
    expect(r.stdout.trim().split('\n')).toEqual(['hopeful', 'show']);
  });
});
