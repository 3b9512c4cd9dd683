/** The recent-projects list (recent.json in the per-user data directory). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RecentProject } from '../../../src-core/contract/api.js';
import { writeFileSafely } from '../safe-file.js';

const MAX_RECENT = 12;

export class RecentList {
  constructor(private readonly dataDir: string) {}

  private file(): string {
    return path.join(this.dataDir, 'recent.json');
  }

  async list(): Promise<RecentProject[]> {
    try {
      const list = JSON.parse(await fs.readFile(this.file(), 'utf8')) as unknown;
      if (!Array.isArray(list)) return [];
      return list.filter((x): x is RecentProject => typeof x?.path === 'string' && typeof x?.title === 'string' && typeof x?.openedAt === 'string');
    } catch {
      return [];
    }
  }

  async remember(file: string, title: string): Promise<void> {
    try {
      const list = (await this.list()).filter((r) => r.path !== file);
      list.unshift({ path: file, title, openedAt: new Date().toISOString() });
      await fs.mkdir(this.dataDir, { recursive: true });
      await writeFileSafely(this.file(), JSON.stringify(list.slice(0, MAX_RECENT), null, 1));
    } catch {
      // the recent list is a convenience: never fail an open or a save over it
    }
  }
}
