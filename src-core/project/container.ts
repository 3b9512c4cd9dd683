/**
 * The `.nrlab` container: a ZIP file (deflate) holding `project.json` and one entry per stored
 * array. Arrays are loaded lazily: opening a project inflates only `project.json`; an array is
 * inflated when it is first read, and checked against its length and CRC-32.
 *
 * Entries this version does not know (outside `results/`) are carried over unchanged on save.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ProjectFileError, validateProject, type ValidatedProject } from './validate.js';
import type { ArrayRef, ProjectDocument } from './types.js';

export const PROJECT_ENTRY = 'project.json';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as in ZIP and PNG). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

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

export class ProjectArchive {
  /** Entry name → uncompressed size, for the entries of the file this archive was read from. */
  private readonly sizes = new Map<string, number>();
  /** Encoded bytes of arrays written since (or read and cached). */
  private readonly cache = new Map<string, Uint8Array>();

  private constructor(private readonly bytes: Uint8Array | undefined) {}

  static empty(): ProjectArchive {
    return new ProjectArchive(undefined);
  }

  /** Read a `.nrlab` file's bytes: ProjectFileError (naming the problem) when it cannot be opened. */
  static open(bytes: Uint8Array): OpenedProject {
    const archive = new ProjectArchive(bytes);
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter: (f) => {
          archive.sizes.set(f.name, f.originalSize);
          return f.name === PROJECT_ENTRY;
        },
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new ProjectFileError([{ path: 'file', reason: `is not a readable NR Lab project: the ZIP container is damaged or truncated (${why})` }]);
    }
    const json = files[PROJECT_ENTRY];
    if (!json) throw new ProjectFileError([{ path: PROJECT_ENTRY, reason: 'is missing from the file (not an NR Lab project, or damaged)' }]);
    let raw: unknown;
    try {
      raw = JSON.parse(strFromU8(json));
    } catch (e) {
      throw new ProjectFileError([{ path: PROJECT_ENTRY, reason: `is not valid JSON (${e instanceof Error ? e.message : String(e)})` }]);
    }
    const validated = validateProject(raw);
    const missing: { path: string; reason: string }[] = [];
    for (const { path, ref } of arrayRefs(validated.doc)) {
      const size = archive.sizes.get(ref.entry);
      if (size === undefined) missing.push({ path: `${path}.entry`, reason: `"${ref.entry}" is missing from the file` });
      else if (size !== ref.length * 8) missing.push({ path: `${path}.length`, reason: `is ${ref.length} values, but "${ref.entry}" holds ${size} bytes` });
    }
    if (missing.length) throw new ProjectFileError(missing);
    return { ...validated, archive };
  }

  /** Whether an entry exists (in the file read, or written since). */
  has(entry: string): boolean {
    return this.cache.has(entry) || this.sizes.has(entry);
  }

  /** The values of a stored array (inflated on first use), checked against its length and CRC. */
  readArray(ref: ArrayRef, path = ref.entry): Float64Array {
    let enc = this.cache.get(ref.entry);
    if (!enc) {
      if (!this.bytes || !this.sizes.has(ref.entry)) throw new ProjectFileError([{ path, reason: `"${ref.entry}" is missing from the file` }]);
      let files: Record<string, Uint8Array>;
      try {
        files = unzipSync(this.bytes, { filter: (f) => f.name === ref.entry });
      } catch (e) {
        throw new ProjectFileError([{ path, reason: `"${ref.entry}" cannot be decompressed (${e instanceof Error ? e.message : String(e)})` }]);
      }
      enc = files[ref.entry];
      if (!enc) throw new ProjectFileError([{ path, reason: `"${ref.entry}" is missing from the file` }]);
    }
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
    const wanted = new Set(refs.map((r) => r.ref.entry));
    const unknown = [...this.sizes.keys()].filter((n) => n !== PROJECT_ENTRY && !n.startsWith('results/') && !n.endsWith('/'));
    const toInflate = [...wanted].filter((e) => !this.cache.has(e)).concat(unknown);
    if (toInflate.length) {
      if (!this.bytes) throw new Error(`internal: no data for ${toInflate[0]}`);
      const need = new Set(toInflate);
      const got = unzipSync(this.bytes, { filter: (f) => need.has(f.name) });
      for (const name of toInflate) {
        const data = got[name];
        if (!data) {
          const r = refs.find((x) => x.ref.entry === name);
          throw new ProjectFileError([{ path: r ? r.path : name, reason: `"${name}" is missing from the file` }]);
        }
        if (wanted.has(name)) this.cache.set(name, data);
        else files[name] = [data, { level: 6 }];
      }
    }
    for (const name of wanted) files[name] = [this.cache.get(name)!, { level: 6 }];
    return zipSync(files, { mtime: new Date('2000-01-01T00:00:00Z') });
  }
}
