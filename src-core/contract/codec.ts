/**
 * Binary framing of wire messages so typed arrays cross the WebSocket without JSON inflation and
 * with NaN preserved: a JSON header in which each Float64Array / Int32Array is replaced by a
 * reference, followed by the arrays' bytes (8-byte aligned).
 *
 * Frame layout: u32 header byte length (little endian) | header UTF-8 | pad to 8 | buffers.
 */
import type { WireMessage } from './rpc.js';

interface BufferRef {
  $ta: 'f64' | 'i32';
  i: number;
}

export function encodeMessage(msg: WireMessage): Uint8Array {
  const buffers: (Float64Array | Int32Array)[] = [];
  const header = JSON.stringify(msg, (_k, v: unknown) => {
    if (v instanceof Float64Array || v instanceof Int32Array) {
      buffers.push(v);
      const ref: BufferRef = { $ta: v instanceof Float64Array ? 'f64' : 'i32', i: buffers.length - 1 };
      return ref;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v;
  });
  const meta = JSON.stringify(buffers.map((b) => b.byteLength));
  const head = new TextEncoder().encode(`${meta}\n${header}`);
  const headPadded = Math.ceil((4 + head.length) / 8) * 8;
  const total = headPadded + buffers.reduce((s, b) => s + Math.ceil(b.byteLength / 8) * 8, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let off = headPadded;
  for (const b of buffers) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), off);
    off += Math.ceil(b.byteLength / 8) * 8;
  }
  return out;
}

/** Most typed arrays one frame may carry (a sweep result has one per quantity). */
const MAX_BUFFERS = 4096;

/**
 * Decode a frame; throws (never crashes) on anything that is not a well-formed frame. The result
 * is whatever JSON the header holds: its shape is checked by the receiver (see parseCall).
 */
export function decodeMessage(bytes: Uint8Array): WireMessage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new Error('frame too short');
  const headLen = view.getUint32(0, true);
  if (4 + headLen > bytes.byteLength) throw new Error('frame header exceeds frame');
  const head = new TextDecoder().decode(bytes.subarray(4, 4 + headLen));
  const nl = head.indexOf('\n');
  if (nl < 0) throw new Error('frame header has no buffer list');
  const sizes = JSON.parse(head.slice(0, nl)) as unknown;
  if (!Array.isArray(sizes) || sizes.length > MAX_BUFFERS || !sizes.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new Error('frame buffer list is not a list of byte lengths');
  }
  let off = Math.ceil((4 + headLen) / 8) * 8;
  const arrays: ArrayBuffer[] = (sizes as number[]).map((size) => {
    if (off + size > bytes.byteLength) throw new Error('frame buffer exceeds frame');
    // copy into a fresh, aligned buffer owned by the receiver
    const ab = bytes.buffer.slice(bytes.byteOffset + off, bytes.byteOffset + off + size) as ArrayBuffer;
    off += Math.ceil(size / 8) * 8;
    return ab;
  });
  return JSON.parse(head.slice(nl + 1), (_k, v: unknown) => {
    if (v && typeof v === 'object' && '$ta' in v) {
      const r = v as BufferRef;
      const ab = Number.isInteger(r.i) && r.i >= 0 ? arrays[r.i] : undefined;
      if (!ab) throw new Error('frame references a missing buffer');
      if (r.$ta === 'f64' && ab.byteLength % 8 === 0) return new Float64Array(ab);
      if (r.$ta === 'i32' && ab.byteLength % 4 === 0) return new Int32Array(ab);
      throw new Error('frame references a buffer of a bad type or length');
    }
    return v;
  }) as WireMessage;
}
