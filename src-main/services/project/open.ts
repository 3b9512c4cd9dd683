/**
 * The state of one open project, shared by the parts of the project service (documents, study
 * runner, recovery), and the helpers they have in common.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { ProjectSnapshot } from '../../../src-core/contract/api.js';
import { NrlabError, ParameterError } from '../../../src-core/errors.js';
import type { ProjectArchive } from '../../../src-core/project/container.js';
import { fingerprintFromProvenance } from '../../../src-core/project/fingerprint.js';
import type { ProjectDocument, StoredResult } from '../../../src-core/project/types.js';

/** What a project file held when this session last read or wrote it: a save checks it is unchanged. */
export interface DiskIdentity {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const MAX_UNDO = 200;

export interface Open {
  id: string;
  path?: string;
  doc: ProjectDocument;
  archive: ProjectArchive;
  dirty: boolean;
  readOnly: boolean;
  warnings: string[];
  undo: { doc: ProjectDocument; label: string }[];
  redo: { doc: ProjectDocument; label: string }[];
  running: Map<string, string>;
  /** Recovery file written for the current unsaved state. */
  recoveryWritten: boolean;
  /** Bumped on every change; autosave writes only what changed since. */
  version: number;
  autosavedVersion: number;
  /** The file as last read or written by this session (undefined: never saved). */
  disk?: DiskIdentity;
  /** Another program changed the file since: Save refuses until Reload, Save As or Overwrite. */
  changedOnDisk: boolean;
  /**
   * The content of the document as last saved or opened (savedKey), so that undoing back to it
   * makes the project clean again; undefined while it has never been saved in this state.
   */
  savedKey?: string;
  /** A save is writing the file now (the disk check waits). */
  saving: boolean;
}

/**
 * A copy as a project file holds it: a JSON round trip, not structuredClone, on purpose — a
 * document from a client (in-memory transport included) is normalised as the wire and the file
 * would (keys set to undefined dropped, no class instances), so what is validated and undone is
 * exactly what a save writes.
 */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * What a document holds, for "is this the saved state?": everything but the fields a save
 * stamps (modified, app, schemaVersion). Results are compared by their id (a result is never
 * changed in place: a new run makes a new one).
 */
export function contentKey(doc: ProjectDocument): string {
  const { modified: _m, app: _a, schemaVersion: _v, ...rest } = doc;
  return JSON.stringify(rest, (key, value: unknown) => (key === 'result' && value && typeof value === 'object' ? (value as StoredResult).id : value));
}

/** The snapshot clients see of an open project. */
export function snapshotOf(o: Open): ProjectSnapshot {
  return {
    id: o.id,
    ...(o.path ? { path: o.path } : {}),
    doc: clone(o.doc),
    dirty: o.dirty,
    readOnly: o.readOnly,
    warnings: [...o.warnings],
    ...(o.undo.length ? { undoLabel: o.undo.at(-1)!.label } : {}),
    ...(o.redo.length ? { redoLabel: o.redo.at(-1)!.label } : {}),
    running: Object.fromEntries(o.running),
    ...(o.changedOnDisk ? { changedOnDisk: true } : {}),
  };
}

/** The file's bytes and what it was when read (size and mtime from before the read, hash of the bytes). */
export async function readWithIdentity(abs: string): Promise<{ bytes: Uint8Array; disk: DiskIdentity }> {
  try {
    const st = await fs.stat(abs);
    if (!st.isFile()) throw new ParameterError('path', `${abs} is not a file`);
    const bytes = new Uint8Array(await fs.readFile(abs));
    return { bytes, disk: { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(bytes) } };
  } catch (e) {
    if (e instanceof NrlabError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(e)})`;
    throw new ParameterError('path', `${abs} ${why}`);
  }
}

/**
 * Results of older files carry no fingerprint of their inputs: derive it from their provenance
 * where it records them all (fingerprint.ts). A sweep's axis values are read from the file; one
 * that cannot be read stays without (shown as unverified).
 */
export function deriveFingerprints(doc: ProjectDocument, archive: ProjectArchive): void {
  for (const s of doc.studies) {
    const r = s.result;
    if (!r || r.fingerprint) continue;
    let axes: { key: string; values: Float64Array }[] | undefined;
    if (s.kind === 'sweep' && r.axes) {
      try {
        axes = r.axes.map((a) => ({ key: a.key, values: archive.readArray(a.values) }));
      } catch {
        axes = undefined;
      }
    }
    try {
      const f = fingerprintFromProvenance(s, r, axes);
      if (f) r.fingerprint = f;
    } catch {
      // not derivable: unknown
    }
  }
}
