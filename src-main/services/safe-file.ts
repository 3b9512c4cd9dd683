/**
 * Saving files so that a crash or power loss at any moment leaves either the old or the new
 * file under the name, never a torn one:
 *
 *   1. temp-written   the new content goes to a temporary file beside the target, fsync'ed;
 *   2. backup-written the previous version is copied to `<file>.bak` (through its own temporary
 *                     file and a rename; the target itself is not touched);
 *   3. renamed        the temporary file is renamed over the target (atomic on POSIX and NTFS);
 *   4. dir-synced     the directory is fsync'ed so the rename itself is durable.
 *
 * For fault-injection tests, NRLAB_TEST_CRASH_AFTER=<step> kills the process (SIGKILL, no
 * cleanup) right after that step.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const SAVE_STEPS = ['temp-written', 'backup-written', 'renamed', 'dir-synced'] as const;
export type SaveStep = (typeof SAVE_STEPS)[number];

function crashPoint(step: SaveStep): void {
  if (process.env.NRLAB_TEST_CRASH_AFTER === step) process.kill(process.pid, 'SIGKILL');
}

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const fh = await fs.open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // directories cannot be opened or synced on every platform (Windows); the rename is still atomic
  } finally {
    await fh?.close();
  }
}

export interface SafeWriteOptions {
  /** Keep the previous version as `<file>.bak` (default false). */
  backup?: boolean;
}

/** Write `data` to `file` safely (see the module comment). */
export async function writeFileSafely(file: string, data: Uint8Array | string, opts: SafeWriteOptions = {}): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const base = path.basename(target);
  // pid and a random tag: two saves of one file in one process never share a temporary file
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmp = path.join(dir, `.${base}.${tag}.tmp`);
  try {
    await writeSynced(tmp, data);
    crashPoint('temp-written');
    if (opts.backup) {
      let previous: Buffer | undefined;
      try {
        previous = await fs.readFile(target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      if (previous) {
        const bakTmp = path.join(dir, `.${base}.bak.${tag}.tmp`);
        await writeSynced(bakTmp, previous);
        await fs.rename(bakTmp, `${target}.bak`);
      }
    }
    crashPoint('backup-written');
    await fs.rename(tmp, target);
    crashPoint('renamed');
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
  crashPoint('dir-synced');
  await removeStaleTemporaries(dir, base);
}

/** Temporary files of earlier saves of this file whose process is gone (killed mid-save). */
async function removeStaleTemporaries(dir: string, base: string): Promise<void> {
  const prefix = `.${base}.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith('.tmp')) continue;
    const pid = Number(/\.(\d+)(?:\.[0-9a-f]+)?\.tmp$/.exec(n)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    await fs.rm(path.join(dir, n), { force: true });
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it does, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
