import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Starts a program (the platform's "open this file" command); never throws. */
export type Opener = (cmd: string, args: string[]) => void;

function spawnOpener(cmd: string, args: string[]): void {
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser launcher: the URL is printed anyway
  }
}

export interface Launcher {
  /** The launcher file handed to the browser. */
  file: string;
  /** Remove the launcher file and its folder (on exit). */
  dispose(): void;
}

const html = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Best effort: open a URL in the user's browser; never fails the command. The URL carries the
 * access token, and a command line is visible to every user of the machine (`ps`), so the browser
 * is not given the URL: it opens a launcher file (readable by this user only: mode 0600, in a
 * fresh 0700 folder) that redirects to it, as Jupyter does. Dispose of it on exit.
 */
export function openInBrowser(url: string, opener: Opener = spawnOpener): Launcher | undefined {
  let dir: string;
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-open-')); // created 0700
  } catch {
    return undefined;
  }
  const file = path.join(dir, 'open-nrlab.html');
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    writeFileSync(
      file,
      `<!doctype html>\n<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${html(url)}"><title>NR Lab</title></head>\n` +
        `<body><p><a href="${html(url)}">Open NR Lab</a></p><script>location.replace(${JSON.stringify(url).replace(/</g, '\\u003c')})</script></body></html>\n`,
      { mode: 0o600, flag: 'wx' },
    );
  } catch {
    dispose();
    return undefined;
  }
  const [cmd, args] = process.platform === 'darwin' ? ['open', [file]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', file]] : ['xdg-open', [file]];
  opener(cmd as string, args as string[]);
  return { file, dispose };
}
