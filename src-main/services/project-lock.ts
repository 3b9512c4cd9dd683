/**
 * An advisory lock beside a project file, `<file>.lock`, held by `nrlab run` for its whole run so
 * that a second run on the same file refuses at once instead of computing and then overwriting
 * the first one's result. The lock is created with O_EXCL (exactly one process wins) and holds
 * the owner's pid, host, command and start time. A lock left by a process that no longer runs
 * (same host, pid gone) is taken over; so is an unreadable one older than a minute (a crash
 * between creating and writing it). Two runs that start at the very moment a dead run's lock is
 * taken over could both remove it before either creates its own; the save's check that the file
 * is unchanged since it was read (below) still keeps that rare case from losing a result.
 * Other programs (the app) do not take the lock: their saves
 * check instead that the file is unchanged since they read it (ProjectService.saveProject).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NrlabError } from '../../src-core/errors.js';
import { processAlive } from './safe-file.js';

export interface LockInfo {
  pid: number;
  host: string;
  /** ISO 8601. */
  since: string;
  command: string;
}

export interface ProjectLock {
  file: string;
  release(): Promise<void>;
}

export const lockFileOf = (project: string): string => `${path.resolve(project)}.lock`;

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    const v = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return undefined;
    return { pid: v.pid, host: v.host, since: String(v.since ?? ''), command: String(v.command ?? '') };
  } catch {
    return undefined;
  }
}

/** Take the lock of `project`, or throw (bad input, exit 2) naming the process that holds it. */
export async function acquireProjectLock(project: string, command: string): Promise<ProjectLock> {
  const file = lockFileOf(project);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await fs.open(file, 'wx');
      try {
        await fh.writeFile(JSON.stringify(mine));
      } finally {
        await fh.close();
      }
      return {
        file,
        release: async () => {
          const now = await readLock(file);
          if (now && now.pid === mine.pid && now.host === mine.host && now.since === mine.since) await fs.rm(file, { force: true });
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new NrlabError('bad-input', `project: cannot create the lock file ${file} (${code ?? String(e)}); is the folder writable?`, { param: 'project' });
      }
    }
    const holder = await readLock(file);
    let takeOver = false;
    if (holder) takeOver = holder.host === os.hostname() && !processAlive(holder.pid);
    else {
      const st = await fs.stat(file).catch(() => undefined);
      takeOver = !st || Date.now() - st.mtimeMs > 60_000;
    }
    if (!takeOver) {
      const who = holder ? `"${holder.command}" (pid ${holder.pid} on ${holder.host}, since ${holder.since.slice(0, 19).replace('T', ' ')})` : 'another process (its lock file is being written)';
      throw new NrlabError(
        'bad-input',
        `project: ${path.basename(project)} is in use by ${who}; wait for it to finish. If that process is gone (e.g. on another machine), delete ${file}`,
        { param: 'project', reason: 'locked' },
      );
    }
    await fs.rm(file, { force: true });
  }
  throw new NrlabError('bad-input', `project: cannot take the lock ${file}: other processes keep taking it`, { param: 'project' });
}
