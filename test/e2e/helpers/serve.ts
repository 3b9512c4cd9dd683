/** `nrlab serve` for end-to-end tests: started on a free port with its own data folder, stopped cleanly. */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Served {
  /** The launch URL with its token. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Start the built CLI's browser mode (2 workers) with NRLAB_DATA_DIR = dataDir; resolves with its
 * URL. Its workspace root is `workspace` (default the system temp folder, where the tests' project
 * files live): browser mode opens and saves projects only inside it.
 */
export function serve(dataDir: string, workspace = os.tmpdir()): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/nrlab.cjs', 'serve', '--port', '0', '--workers', '2', '--root', workspace], {
      cwd: root,
      env: { ...process.env, NRLAB_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    };
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`nrlab serve printed no URL within 30 s; stderr: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], stop });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nrlab serve exited with ${code}; stderr: ${err}`));
    });
  });
}
