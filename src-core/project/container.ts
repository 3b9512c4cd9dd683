/**
 * The `.nrlab` container: a ZIP file (deflate) holding `project.json` and one entry per stored
 * array. Opening reads the ZIP directory itself (fflate's unzip trusts declared sizes and does
 * not check CRCs), inflates every entry once, one at a time, into a buffer of its declared (and
 * limited) size, and checks its size and CRC-32 — then drops it. So a damaged entry anywhere is
 * refused at open, memory stays bounded by the largest entry, and an array is inflated again
 * (and checked again) when it is first read.
 *
 * Entries this version does not know (outside `results/`) are carried over unchanged on save.
 */
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { MAX_POINTS } from '../studies/grid.js';
import { ProjectFileError, validateProject, type ValidatedProject } from './validate.js';
import type { ArrayRef, ProjectDocument } from './types.js';
import { ZipEntryError, ZipFormatError, crc32, inflateEntry, readZipDirectory, type Inflater, type ZipEntry } from './zip-reader.js';

export { crc32, type Inflater } from './zip-reader.js';

export const PROJECT_ENTRY = 'project.json';

/** Largest `project.json` (uncompressed) that is opened. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** Largest stored array entry: a study of the largest grid. */
export const MAX_ARRAY_BYTES = MAX_POINTS * 8;
/** Largest entry of another kind (kept unchanged on save). */
export const MAX_OTHER_ENTRY_BYTES = 64 * 1024 * 1024;
/** Most entries a project file may hold. */
export const MAX_ENTRIES = 65_535;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float64 values as little-endian bytes, optionally byte-shuffled (see ArrayRef.encoding). */
export function encodeFloat64(values: Float64Array, encoding: ArrayRef['encoding']): Uint8Array {
  const n = values.length;
  const raw = new Uint8Array(n * 8);
  if (LITTLE_ENDIAN) raw.set(new Uint8Array(values.buffer, values.byteOffset, n * 8));
  else {
    const dv = new DataView(raw.buffer);
    for (let i = 0; i < n; i++) dv.setFloat64(8 * i, values[i]!, true);
  }
  if (encoding === 'f64le') return raw;
  const out = new Uint8Array(n * 8);
  for (let b = 0; b < 8; b++) {
    const o = b * n;
    for (let i = 0; i < n; i++) out[o + i] = raw[8 * i + b]!;
  }
  return out;
}

export function decodeFloat64(bytes: Uint8Array, length: number, encoding: ArrayRef['encoding']): Float64Array {
  let raw = bytes;
  if (encoding === 'f64le-shuffle') {
    raw = new Uint8Array(length * 8);
    for (let b = 0; b < 8; b++) {
      const o = b * length;
      for (let i = 0; i < length; i++) raw[8 * i + b] = bytes[o + i]!;
    }
  }
  const out = new Float64Array(length);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(raw.subarray(0, length * 8));
  else {
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < length; i++) out[i] = dv.getFloat64(8 * i, true);
  }
  return out;
}

/** Every ArrayRef in a document, with the path of the field that holds it. */
export function arrayRefs(doc: ProjectDocument): { path: string; ref: ArrayRef }[] {
  const out: { path: string; ref: ArrayRef }[] = [];
  doc.studies.forEach((s, i) => {
    const r = s.result;
    if (!r) return;
    const at = `studies[${i}] "${s.name}".result`;
    r.axes?.forEach((a, k) => out.push({ path: `${at}.axes[${k}].values`, ref: a.values }));
    for (const [q, ref] of Object.entries(r.arrays ?? {})) out.push({ path: `${at}.arrays.${q}`, ref });
  });
  return out;
}

export interface OpenedProject extends ValidatedProject {
  archive: ProjectArchive;
}

/** The largest size an entry of this name may declare. */
export function entryLimit(name: string): number {
  if (name === PROJECT_ENTRY) return MAX_JSON_BYTES;
  if (name.startsWith('results/')) return MAX_ARRAY_BYTES;
  return MAX_OTHER_ENTRY_BYTES;
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 3 : 0)} MiB`;

export class ProjectArchive {
  /** The entries of the file this archive was read from (sizes and CRCs checked at open). */
  private readonly entries = new Map<string, ZipEntry>();
  /** Encoded bytes of arrays written since (or read and cached). */
  private readonly cache = new Map<string, Uint8Array>();

  private constructor(
    private readonly bytes: Uint8Array | undefined,
    private readonly inflater?: Inflater,
  ) {}

  static empty(): ProjectArchive {
    return new ProjectArchive(undefined);
  }

  /**
   * Read a `.nrlab` file's bytes: ProjectFileError (naming the entry or field) when it cannot be
   * opened. Every entry is inflated once (one at a time, into a buffer of its declared size within
   * its limit) and checked against its size and CRC-32; every array the document references is
   * checked against its entry (size, CRC). So after a successful open, every later read and save
   * of this file's content succeeds. `inflater`: a faster decompressor (the main process passes
   * Node's zlib); fflate's by default.
   */
  static open(bytes: Uint8Array, inflater?: Inflater): OpenedProject {
    const archive = new ProjectArchive(bytes, inflater);
    const entryProblem = (e: unknown, where?: (name: string) => string): never => {
      if (e instanceof ZipEntryError) throw new ProjectFileError([{ path: where ? where(e.entry) : e.entry, reason: `"${e.entry}" ${e.reason}` }]);
      if (e instanceof ZipFormatError) throw new ProjectFileError([{ path: 'file', reason: `is not a readable NR Lab project: the ZIP container is damaged or truncated (${e.message})` }]);
      throw e;
    };
    try {
      for (const entry of readZipDirectory(bytes, MAX_ENTRIES)) archive.entries.set(entry.name, entry);
    } catch (e) {
      entryProblem(e);
    }
    for (const entry of archive.entries.values()) {
      const limit = entryLimit(entry.name);
      if (entry.size > limit) {
        throw new ProjectFileError([{ path: entry.name, reason: `declares ${mb(entry.size)} uncompressed; the limit for this entry is ${mb(limit)} (damaged, or not an NR Lab project)` }]);
      }
    }
    const jsonEntry = archive.entries.get(PROJECT_ENTRY);
    if (!jsonEntry) throw new ProjectFileError([{ path: PROJECT_ENTRY, reason: 'is missing from the file (not an NR Lab project, or damaged)' }]);
    let json: Uint8Array;
    try {
      json = inflateEntry(bytes, jsonEntry, inflater);
    } catch (e) {
      return entryProblem(e);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(strFromU8(json));
    } catch (e) {
      throw new ProjectFileError([{ path: PROJECT_ENTRY, reason: `is not valid JSON (${e instanceof Error ? e.message : String(e)})` }]);
    }
    const validated = validateProject(raw);
    const refs = arrayRefs(validated.doc);
    const problems: { path: string; reason: string }[] = [];
    const holder = new Map<string, string>();
    for (const { path, ref } of refs) {
      holder.set(ref.entry, path);
      const entry = archive.entries.get(ref.entry);
      if (!entry) problems.push({ path: `${path}.entry`, reason: `"${ref.entry}" is missing from the file` });
      else if (entry.size !== ref.length * 8) problems.push({ path: `${path}.length`, reason: `is ${ref.length} values, but "${ref.entry}" holds ${entry.size} bytes` });
      else if (entry.crc !== ref.crc32) problems.push({ path, reason: `"${ref.entry}" is damaged (checksum mismatch: not the data project.json recorded)` });
    }
    if (problems.length) throw new ProjectFileError(problems);
    // every entry, referenced or not (unknown entries are written back on save): inflated, checked, dropped
    for (const entry of archive.entries.values()) {
      if (entry.name === PROJECT_ENTRY) continue;
      try {
        inflateEntry(bytes, entry, inflater);
      } catch (e) {
        entryProblem(e, (name) => holder.get(name) ?? name);
      }
    }
    return { ...validated, archive };
  }

  /** Whether an entry exists (in the file read, or written since). */
  has(entry: string): boolean {
    return this.cache.has(entry) || this.entries.has(entry);
  }

  private inflate(name: string, path: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!this.bytes || !entry) throw new ProjectFileError([{ path, reason: `"${name}" is missing from the file` }]);
    try {
      return inflateEntry(this.bytes, entry, this.inflater);
    } catch (e) {
      if (e instanceof ZipEntryError) throw new ProjectFileError([{ path, reason: `"${name}" ${e.reason}` }]);
      throw e;
    }
  }

  /** The values of a stored array (inflated on first use), checked against its length and CRC. */
  readArray(ref: ArrayRef, path = ref.entry): Float64Array {
    const enc = this.cache.get(ref.entry) ?? this.inflate(ref.entry, path);
    if (enc.length !== ref.length * 8) throw new ProjectFileError([{ path, reason: `holds ${enc.length} bytes, expected ${ref.length * 8}` }]);
    if (crc32(enc) !== ref.crc32) throw new ProjectFileError([{ path, reason: `"${ref.entry}" is damaged (checksum mismatch)` }]);
    this.cache.set(ref.entry, enc);
    return decodeFloat64(enc, ref.length, ref.encoding);
  }

  /** Store an array under `entry` and return the reference to put in the document. */
  putArray(entry: string, values: Float64Array, encoding: ArrayRef['encoding'] = 'f64le-shuffle'): ArrayRef {
    const enc = encodeFloat64(values, encoding);
    this.cache.set(entry, enc);
    return { entry, length: values.length, encoding, crc32: crc32(enc) };
  }

  /**
   * The file bytes for `doc`: project.json, every array the document references, and every
   * entry outside `results/` this version does not know (kept as found). Arrays no longer
   * referenced (an older result that was replaced) are dropped.
   */
  toBytes(doc: ProjectDocument): Uint8Array {
    const files: Zippable = {};
    files[PROJECT_ENTRY] = [strToU8(JSON.stringify(doc, null, 1)), { level: 6 }];
    const refs = arrayRefs(doc);
    const pathOf = new Map(refs.map((r) => [r.ref.entry, r.path]));
    const wanted = new Set(refs.map((r) => r.ref.entry));
    for (const name of wanted) if (!this.cache.has(name)) this.cache.set(name, this.inflate(name, pathOf.get(name) ?? name));
    for (const name of this.entries.keys()) {
      if (name !== PROJECT_ENTRY && !name.startsWith('results/') && !name.endsWith('/')) files[name] = [this.inflate(name, name), { level: 6 }];
    }
    for (const name of wanted) files[name] = [this.cache.get(name)!, { level: 6 }];
    return zipSync(files, { mtime: new Date('2000-01-01T00:00:00Z') });
  }
}
