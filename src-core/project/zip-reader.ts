/**
 * Reading a ZIP archive without trusting it: the central directory is parsed and checked
 * against each local header (names, methods, sizes, CRCs, bounds), and an entry is inflated into
 * a buffer of its declared size, refused as soon as it would grow past it (a damaged entry or a
 * decompression bomb), then checked against its size and CRC-32. fflate's `unzipSync` does
 * none of this: it allocates whatever size an entry declares and never checks a CRC.
 *
 * Deflate (8) and stored (0) entries only; no encryption, no ZIP64 (project files are far below
 * its limits).
 */
import { Inflate, strFromU8 } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  /** CRC-32 of the uncompressed bytes, as the central directory declares it. */
  crc: number;
  compressedSize: number;
  /** Uncompressed size, as declared. */
  size: number;
  /** Offset of the compressed data in the file. */
  dataStart: number;
}

/** The archive as a whole cannot be read (the reason says where). */
export class ZipFormatError extends Error {}

/** One entry cannot be read: `entry` names it. */
export class ZipEntryError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`"${entry}" ${reason}`);
  }
}

const CRC_TABLES = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as in ZIP and PNG); slicing by 8 bytes. */
export function crc32(bytes: Uint8Array): number {
  const t = CRC_TABLES;
  let c = -1;
  let i = 0;
  const n = bytes.length;
  for (const end = n - 7; i < end; i += 8) {
    const a = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ c;
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < n; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const u16 = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

function sameBytes(b: Uint8Array, x: number, y: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}

/** The entries of a ZIP archive, every offset and size checked to lie inside the file. */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const len = bytes.length;
  if (len < 22) throw new ZipFormatError(`the file is too short to be a ZIP archive (${len} bytes)`);
  let e = -1;
  for (let p = len - 22, stop = Math.max(0, len - 22 - 0xffff); p >= stop; p--) {
    if (u32(bytes, p) === EOCD) {
      e = p;
      break;
    }
  }
  if (e < 0) throw new ZipFormatError('no ZIP directory at the end of the file (not a ZIP archive, or truncated)');
  if (e + 22 + u16(bytes, e + 20) !== len) throw new ZipFormatError('the ZIP directory record does not end the file (truncated, or data appended)');
  if (u16(bytes, e + 4) !== 0 || u16(bytes, e + 6) !== 0) throw new ZipFormatError('multi-part ZIP archives are not supported');
  const count = u16(bytes, e + 10);
  const cdSize = u32(bytes, e + 12);
  const cdOffset = u32(bytes, e + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
  if (u16(bytes, e + 8) !== count) throw new ZipFormatError('the ZIP directory disagrees with itself about the number of entries');
  if (count > maxEntries) throw new ZipFormatError(`the archive has ${count} entries; the limit is ${maxEntries}`);
  if (cdOffset + cdSize !== e) throw new ZipFormatError('the ZIP directory is not where its record says (damaged or truncated)');
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > e || u32(bytes, p) !== CENTRAL) throw new ZipFormatError(`ZIP directory entry ${i + 1} is damaged`);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const next = p + 46 + nameLen + u16(bytes, p + 30) + u16(bytes, p + 32);
    if (next > e) throw new ZipFormatError(`ZIP directory entry ${i + 1} runs past the directory`);
    const name = strFromU8(bytes.subarray(p + 46, p + 46 + nameLen), !(flags & 0x800));
    if (names.has(name)) throw new ZipEntryError(name, 'appears twice in the archive');
    names.add(name);
    if (flags & 0x41) throw new ZipEntryError(name, 'is encrypted; project files are not');
    if (method !== 0 && method !== 8) throw new ZipEntryError(name, `uses compression method ${method}; only deflate (8) and stored (0) are read`);
    if (compressedSize === 0xffffffff || size === 0xffffffff) throw new ZipEntryError(name, 'uses ZIP64 sizes, which are not supported');
    if (u16(bytes, p + 34) !== 0) throw new ZipEntryError(name, 'is on another part of a multi-part archive');
    const local = u32(bytes, p + 42);
    if (local + 30 > cdOffset || u32(bytes, local) !== LOCAL) throw new ZipEntryError(name, 'has no local header where the directory says (damaged)');
    const localFlags = u16(bytes, local + 6);
    const localNameLen = u16(bytes, local + 26);
    if (localNameLen !== nameLen || !sameBytes(bytes, local + 30, p + 46, nameLen)) throw new ZipEntryError(name, 'has a local header with another name (damaged)');
    if (u16(bytes, local + 8) !== method || (localFlags & 0x49) !== (flags & 0x49)) throw new ZipEntryError(name, 'has a local header that disagrees with the directory (damaged)');
    if (!(localFlags & 0x8) && (u32(bytes, local + 14) !== crc || u32(bytes, local + 18) !== compressedSize || u32(bytes, local + 22) !== size)) {
      throw new ZipEntryError(name, 'has a local header whose checksum or sizes disagree with the directory (damaged)');
    }
    const dataStart = local + 30 + localNameLen + u16(bytes, local + 28);
    if (dataStart + compressedSize > cdOffset) throw new ZipEntryError(name, 'runs past the end of the data (damaged or truncated)');
    entries.push({ name, method, crc, compressedSize, size, dataStart });
    p = next;
  }
  if (p !== e) throw new ZipFormatError('the ZIP directory is longer than its entries (damaged)');
  return entries;
}

/**
 * A raw-deflate decompressor: the bytes `data` inflates to, refusing to produce more than `size`
 * bytes (it throws InflateOverflow as soon as the output would exceed `size`). The default is
 * fflate's (pure JS, anywhere); the main process passes Node's zlib, which is native and several
 * times faster on a cold start.
 */
export type Inflater = (data: Uint8Array, size: number) => Uint8Array;

/** Thrown by an Inflater whose output would exceed the declared size. */
export class InflateOverflow extends Error {}

/** Input is fed to the inflater in slices of this size, so a bomb is stopped after one slice's output. */
const INFLATE_SLICE = 16 * 1024;

export const fflateInflater: Inflater = (data, size) => {
  const out = new Uint8Array(size);
  let n = 0;
  const inflater = new Inflate((chunk) => {
    if (n + chunk.length > size) throw new InflateOverflow();
    out.set(chunk, n);
    n += chunk.length;
  });
  if (data.length === 0) throw new Error('no compressed data');
  for (let p = 0; p < data.length; p += INFLATE_SLICE) {
    const end = Math.min(data.length, p + INFLATE_SLICE);
    inflater.push(data.subarray(p, end), end === data.length);
  }
  return out.subarray(0, n);
};

/**
 * The uncompressed bytes of one entry, at most its declared size: refused (ZipEntryError) if it
 * inflates to more or fewer bytes, fails to inflate, or does not match its CRC-32.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, inflater: Inflater = fflateInflater): Uint8Array {
  const { name, size } = entry;
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let out: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== size) throw new ZipEntryError(name, `is stored with ${entry.compressedSize} bytes but declares ${size} (damaged)`);
    out = data.slice();
  } else {
    try {
      out = inflater(data, size);
    } catch (e) {
      if (e instanceof InflateOverflow) throw new ZipEntryError(name, `inflates to more than its declared ${size} bytes (damaged, or a decompression bomb)`);
      throw new ZipEntryError(name, `cannot be decompressed (${e instanceof Error ? e.message : String(e)}; damaged or truncated)`);
    }
    if (out.length !== size) throw new ZipEntryError(name, `inflates to ${out.length} bytes, but declares ${size} (damaged or truncated)`);
  }
  if (crc32(out) !== entry.crc) throw new ZipEntryError(name, 'is damaged (checksum mismatch)');
  return out;
}
