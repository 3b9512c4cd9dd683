/**
 * Recovery files: autosaved copies of unsaved work (recovery/<id>.nrlab with <id>.json beside it)
 * in the per-user data directory, listed, reopened and discarded after a session ended unsaved.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RecoverableProject } from '../../../src-core/contract/api.js';
import { ParameterError, shown } from '../../../src-core/errors.js';
import { writeFileSafely } from '../safe-file.js';
import { readWithIdentity, type Open } from './open.js';

export class RecoveryStore {
  constructor(private readonly dataDir: string) {}

  private dir(): string {
    return path.join(this.dataDir, 'recovery');
  }

  /** Write every project with unsaved changes to its recovery file. */
  async autosave(open: Iterable<Open>): Promise<number> {
    let n = 0;
    for (const o of open) {
      if (!o.dirty || o.version === o.autosavedVersion) continue;
      const version = o.version;
      const bytes = o.archive.toBytes(o.doc);
      await fs.mkdir(this.dir(), { recursive: true });
      await writeFileSafely(path.join(this.dir(), `${o.id}.nrlab`), bytes);
      const meta: RecoverableProject = { id: o.id, title: o.doc.title, ...(o.path ? { path: o.path } : {}), savedAt: new Date().toISOString() };
      await writeFileSafely(path.join(this.dir(), `${o.id}.json`), JSON.stringify(meta));
      o.autosavedVersion = version;
      o.recoveryWritten = true;
      n++;
    }
    return n;
  }

  /** Remove the recovery copy of a project (its unsaved work was saved, undone or discarded). */
  async drop(o: Open): Promise<void> {
    if (!o.recoveryWritten) return;
    await fs.rm(path.join(this.dir(), `${o.id}.nrlab`), { force: true });
    await fs.rm(path.join(this.dir(), `${o.id}.json`), { force: true });
    o.recoveryWritten = false;
  }

  /** Recovery files left by a session that ended without saving (not the projects open now). */
  async recoverable(isOpen: (id: string) => boolean): Promise<RecoverableProject[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir());
    } catch {
      return [];
    }
    const out: RecoverableProject[] = [];
    for (const n of names) {
      if (!n.endsWith('.json')) continue;
      const id = n.slice(0, -5);
      if (isOpen(id) || !names.includes(`${id}.nrlab`)) continue;
      try {
        const meta = JSON.parse(await fs.readFile(path.join(this.dir(), n), 'utf8')) as RecoverableProject;
        out.push({ id, title: String(meta.title), ...(typeof meta.path === 'string' ? { path: meta.path } : {}), savedAt: String(meta.savedAt) });
      } catch {
        // a damaged meta file: skip it
      }
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** A recoverable project's entry and the bytes of its file. */
  async read(id: string, isOpen: (id: string) => boolean): Promise<{ item: RecoverableProject; bytes: Uint8Array }> {
    const item = (await this.recoverable(isOpen)).find((r) => r.id === id);
    if (!item) throw new ParameterError('id', `no recoverable project ${shown(id)}`);
    return { item, bytes: (await readWithIdentity(path.join(this.dir(), `${id}.nrlab`))).bytes };
  }

  /** The recovered work of `oldId` now belongs to the open project `o` (a new session id). */
  async adopt(oldId: string, o: Open): Promise<void> {
    await fs.rename(path.join(this.dir(), `${oldId}.nrlab`), path.join(this.dir(), `${o.id}.nrlab`));
    await fs.rm(path.join(this.dir(), `${oldId}.json`), { force: true });
    o.recoveryWritten = true;
    o.autosavedVersion = -1;
  }

  async discard(id: string, isOpen: (id: string) => boolean): Promise<{ discarded: true }> {
    if (isOpen(id)) throw new ParameterError('id', 'that project is open in this session');
    if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new ParameterError('id', `no recoverable project ${shown(id)}`);
    await fs.rm(path.join(this.dir(), `${id}.nrlab`), { force: true });
    await fs.rm(path.join(this.dir(), `${id}.json`), { force: true });
    return { discarded: true };
  }
}
