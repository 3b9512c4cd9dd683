/**
 * Open projects' documents: opening, creating, editing with undo/redo, dirty state against the
 * saved content, saving safely (with a backup, refusing to overwrite a file another program
 * changed), and watching open files for such changes.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProjectSnapshot } from '../../../src-core/contract/api.js';
import type { EventBus } from '../../../src-core/contract/rpc.js';
import { ConflictError, ParameterError, shown } from '../../../src-core/errors.js';
import { exampleByName } from '../../../src-core/project/examples/index.js';
import { ProjectArchive } from '../../../src-core/project/container.js';
import { MAX_JSON_DEPTH, tooDeep, validateProject } from '../../../src-core/project/validate.js';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types.js';
import { nativeInflater } from '../native-inflate.js';
import { assertReplaceableProject } from '../replace-guard.js';
import { writeFileSafely } from '../safe-file.js';
import { APP_NAME, APP_VERSION } from '../version.js';
import { clone, contentKey, deriveFingerprints, MAX_UNDO, readWithIdentity, sha256, snapshotOf, type DiskIdentity, type Open } from './open.js';
import type { RecentList } from './recent.js';
import type { RecoveryStore } from './recovery.js';

export interface NewOpen {
  doc: ProjectDocument;
  archive: ProjectArchive;
  readOnly: boolean;
  warnings: string[];
  dirty: boolean;
  path?: string;
}

export class ProjectDocuments {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly bus: EventBus,
    private readonly recovery: RecoveryStore,
    private readonly recent: RecentList,
  ) {}

  /** Every open project. */
  all(): Open[] {
    return [...this.open.values()];
  }

  has(projectId: string): boolean {
    return this.open.has(projectId);
  }

  /** Forget a closed project. */
  remove(projectId: string): void {
    this.open.delete(projectId);
  }

  newProject(example?: string): ProjectSnapshot {
    const now = new Date().toISOString();
    const doc: ProjectDocument = example
      ? exampleByName(example).build(now)
      : {
          format: PROJECT_FORMAT,
          schemaVersion: PROJECT_SCHEMA_VERSION,
          title: 'Untitled project',
          created: now,
          modified: now,
          app: { name: APP_NAME, version: APP_VERSION },
          parameterSets: [],
          studies: [],
          figures: [],
        };
    validateProject(doc);
    return this.add({ doc, archive: ProjectArchive.empty(), readOnly: false, warnings: [], dirty: example !== undefined });
  }

  /** Open a file; a failed open changes nothing on disk. */
  async openProject(file: string): Promise<ProjectSnapshot> {
    if (typeof file !== 'string' || !file) throw new ParameterError('path', 'a file path is required');
    const abs = path.resolve(file);
    for (const o of this.open.values()) if (o.path === abs) return this.snapshot(o);
    const { bytes, disk } = await readWithIdentity(abs);
    const opened = ProjectArchive.open(bytes, nativeInflater);
    deriveFingerprints(opened.doc, opened.archive);
    const o = this.add({ doc: opened.doc, archive: opened.archive, readOnly: opened.readOnly, warnings: opened.warnings, dirty: false, path: abs });
    this.get(o.id).disk = disk;
    await this.recent.remember(abs, opened.doc.title);
    return o;
  }

  add(init: NewOpen): ProjectSnapshot {
    const o: Open = {
      id: randomUUID(),
      ...init,
      undo: [],
      redo: [],
      running: new Map(),
      recoveryWritten: false,
      version: 0,
      autosavedVersion: 0,
      changedOnDisk: false,
      saving: false,
    };
    if (init.dirty) o.version = 1;
    else o.savedKey = contentKey(init.doc);
    this.open.set(o.id, o);
    return this.snapshot(o);
  }

  get(projectId: string): Open {
    const o = typeof projectId === 'string' ? this.open.get(projectId) : undefined;
    if (!o) throw new ParameterError('projectId', `no open project with id ${shown(projectId)}`);
    return o;
  }

  snapshot(o: Open): ProjectSnapshot {
    return snapshotOf(o);
  }

  /** After a change: dirty state, version, and 'project.changed' emitted. */
  changed(o: Open): ProjectSnapshot {
    const wasDirty = o.dirty;
    o.dirty = o.savedKey === undefined || contentKey(o.doc) !== o.savedKey;
    // back at the saved state (e.g. by undo): the recovery copy of the unsaved work is not needed
    if (wasDirty && !o.dirty) void this.recovery.drop(o).catch(() => undefined);
    o.version++;
    const s = this.snapshot(o);
    this.bus.emit('project.changed', s);
    return s;
  }

  snapshotOf(projectId: string): ProjectSnapshot {
    return this.snapshot(this.get(projectId));
  }

  /** Does the file differ from what this session last read or wrote? (A missing file does not: nothing there to lose.) */
  private async changedSince(file: string, disk: DiskIdentity): Promise<boolean> {
    let st;
    try {
      st = await fs.stat(file);
    } catch {
      return false;
    }
    if (st.size === disk.size && st.mtimeMs === disk.mtimeMs) return false;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(file));
    } catch {
      return false;
    }
    if (sha256(bytes) !== disk.sha256) return true;
    disk.mtimeMs = st.mtimeMs; // touched, same content
    return false;
  }

  /**
   * Check every open file for changes made by other programs (on a timer, and when a client asks):
   * a changed one is flagged (`changedOnDisk` in its snapshot, 'project.changed' emitted once).
   * Returns the ids of the projects flagged now.
   */
  async checkDisk(projectId?: string): Promise<string[]> {
    const flagged: string[] = [];
    for (const o of projectId === undefined ? [...this.open.values()] : [this.get(projectId)]) {
      if (!o.path || !o.disk || o.saving || o.changedOnDisk) continue;
      if (!(await this.changedSince(o.path, o.disk)) || o.saving || !this.open.has(o.id)) continue;
      o.changedOnDisk = true;
      flagged.push(o.id);
      this.bus.emit('project.changed', this.snapshot(o));
    }
    return flagged;
  }

  /** Read the project's file again, replacing this session's state (unsaved edits and undo history are dropped). */
  async reloadProject(projectId: string): Promise<ProjectSnapshot> {
    const o = this.get(projectId);
    if (!o.path) throw new ParameterError('projectId', 'this project has never been saved: there is no file to reload');
    if (o.running.size) throw new ParameterError('projectId', 'studies are running: cancel them or wait before reloading');
    const { bytes, disk } = await readWithIdentity(o.path);
    const opened = ProjectArchive.open(bytes, nativeInflater);
    deriveFingerprints(opened.doc, opened.archive);
    Object.assign(o, { doc: opened.doc, archive: opened.archive, readOnly: opened.readOnly, warnings: opened.warnings, disk, dirty: false, changedOnDisk: false, undo: [], redo: [], savedKey: contentKey(opened.doc) });
    o.version++;
    o.autosavedVersion = o.version;
    await this.recovery.drop(o);
    const s = this.snapshot(o);
    this.bus.emit('project.changed', s);
    return s;
  }

  /**
   * Save to the file it came from, or to `file` (Save As). Writing over the file this session
   * read or last wrote checks first that nobody else changed it since (size, mtime and content):
   * if someone did, a ConflictError is thrown and nothing is written, unless `overwrite` says the
   * user chose to replace the other version.
   */
  async saveProject(projectId: string, file?: string, opts: { overwrite?: boolean } = {}): Promise<ProjectSnapshot> {
    const o = this.get(projectId);
    const target = file ? path.resolve(file) : o.path;
    if (!target) throw new ParameterError('path', 'this project has not been saved yet: choose a file (Save As)');
    if (o.readOnly && target === o.path) {
      throw new ParameterError('path', 'this project was written by a newer NR Lab and is open read-only; use Save As to write a copy');
    }
    if (!target.endsWith('.nrlab')) throw new ParameterError('path', `project files end in .nrlab, got ${path.basename(target)}`);
    await assertReplaceableProject(target);
    const doc = clone(o.doc);
    doc.schemaVersion = PROJECT_SCHEMA_VERSION;
    doc.modified = new Date().toISOString();
    doc.app = { name: APP_NAME, version: APP_VERSION };
    validateProject(doc);
    const bytes = o.archive.toBytes(doc);
    o.saving = true;
    try {
      if (target === o.path && o.disk && opts.overwrite !== true && (await this.changedSince(target, o.disk))) {
        o.changedOnDisk = true;
        this.bus.emit('project.changed', this.snapshot(o));
        throw new ConflictError(
          target,
          `${target} was changed by another program since it was opened or last saved here (e.g. by "nrlab run"); saving now would lose that version. Nothing was written: reload it, save yours under another name, or overwrite it.`,
        );
      }
      try {
        await writeFileSafely(target, bytes, { backup: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new ParameterError('path', `cannot write ${target} (${code ?? (e instanceof Error ? e.message : String(e))}); nothing was changed`);
      }
      const st = await fs.stat(target).catch(() => undefined);
      o.disk = { size: st?.size ?? bytes.length, mtimeMs: st?.mtimeMs ?? 0, sha256: sha256(bytes) };
    } finally {
      o.saving = false;
    }
    o.changedOnDisk = false;
    o.doc = doc;
    o.path = target;
    o.readOnly = false;
    o.dirty = false;
    o.savedKey = contentKey(doc);
    o.autosavedVersion = o.version;
    await this.recovery.drop(o);
    await this.recent.remember(target, doc.title);
    const s = this.snapshot(o);
    this.bus.emit('project.changed', s);
    return s;
  }


  /** Record the current document for Undo (labelled) and clear Redo; the caller then replaces it. */
  pushUndo(o: Open, label: string): void {
    o.undo.push({ doc: o.doc, label });
    if (o.undo.length > MAX_UNDO) o.undo.shift();
    o.redo = [];
  }

  /** One undoable edit: the whole document replaced (validated; results cannot be changed this way). */
  editProject(projectId: string, doc: ProjectDocument, label: string): ProjectSnapshot {
    const o = this.get(projectId);
    if (typeof label !== 'string' || !label) throw new ParameterError('label', 'an edit needs a label for the Undo menu');
    const deep = tooDeep(doc);
    if (deep !== undefined) throw new ParameterError(deep, `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
    const next = clone(doc);
    // results belong to the project, not to the edit: keep the stored ones
    for (const s of next.studies ?? []) {
      const cur = o.doc.studies.find((x) => x.id === s.id);
      if (s.result && JSON.stringify(s.result) !== JSON.stringify(cur?.result)) {
        throw new ParameterError(`studies "${s.name}".result`, 'stored results cannot be edited; re-run the study instead');
      }
    }
    validateProject(next);
    this.pushUndo(o, label);
    o.doc = next;
    return this.changed(o);
  }

  /** Undo/redo restore the document but keep every study's latest result. */
  undo(projectId: string): ProjectSnapshot {
    return this.step(projectId, 'undo');
  }

  redo(projectId: string): ProjectSnapshot {
    return this.step(projectId, 'redo');
  }

  private step(projectId: string, dir: 'undo' | 'redo'): ProjectSnapshot {
    const o = this.get(projectId);
    const from = dir === 'undo' ? o.undo : o.redo;
    const to = dir === 'undo' ? o.redo : o.undo;
    const entry = from.pop();
    if (!entry) throw new ParameterError(dir, `nothing to ${dir}`);
    to.push({ doc: o.doc, label: entry.label });
    const results = new Map(o.doc.studies.map((s) => [s.id, s.result]));
    o.doc = entry.doc;
    for (const s of o.doc.studies) {
      if (results.has(s.id)) {
        const r = results.get(s.id);
        if (r) s.result = r;
        else delete s.result;
      }
    }
    return this.changed(o);
  }

}
