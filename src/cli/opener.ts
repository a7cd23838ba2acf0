/**
 * Opens a file with the system's default application, through the `open` package, and says so
 * when it cannot: on Linux and other Unixes that means an `xdg-open` on PATH, which is looked up
 * first (a missing opener is an error, exit 1, never a silent nothing) and then watched briefly
 * so that its own failure (no application for the file) is reported too.
 */
import { failure } from '../domain/errors.js';
import type { Env } from '../domain/env.js';

/** How long to wait for the opener to report a failure before taking its silence as success. */
const SETTLE_MS = 1500;

export async function openWithSystem(target: string, env: Env, platform: NodeJS.Platform = process.platform): Promise<void> {
  const { default: open } = await import('open');
  if (platform === 'darwin' || platform === 'win32') {
    await open(target, { wait: false });
    return;
  }
  const { default: which } = await import('which');
  const opener = await which('xdg-open', { path: env.PATH ?? '', nothrow: true });
  if (!opener) {
    throw failure('NO_OPENER', `Cannot open ${target}: there is no xdg-open on PATH to open it with.`, 'Install xdg-utils (or a desktop environment), or open the file yourself.');
  }
  const child = await open(target, { app: { name: opener }, wait: false });
  const code = await new Promise<number | null | undefined>((settle) => {
    const timer = setTimeout(() => settle(undefined), SETTLE_MS);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      settle(exitCode);
    });
    if (child.exitCode !== null) {
      clearTimeout(timer);
      settle(child.exitCode);
    }
  });
  if (code !== undefined && code !== 0) {
    throw failure('OPEN_FAILED', `${opener} could not open ${target} (exit ${code ?? 'by a signal'}).`, 'Check that an application for this kind of file is installed, or open the file yourself.');
  }
}
