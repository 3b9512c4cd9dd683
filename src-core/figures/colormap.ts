/**
 * Colour maps for the 2-D map. Viridis (matplotlib's default; perceptually uniform, readable with
 * the common colour-vision deficiencies and in greyscale), as 11 stops at 0, 0.1, …, 1 — the
 * same stops go to ECharts' visualMap (the colour bar) and into the lookup table that paints the
 * map, so bar and map agree.
 */
export const VIRIDIS: readonly string[] = [
  '#440154',
  '#482475',
  '#414487',
  '#355f8d',
  '#2a788e',
  '#21918c',
  '#22a884',
  '#44bf70',
  '#7ad151',
  '#bddf26',
  '#fde725',
];

/** A point whose computation failed (the job's `failed` list): mid grey, outside viridis. */
export const FAILED_COLOR = '#8c9099';
/** A computed point without a finite value of the shown quantity (e.g. g² of an empty mode). */
export const NO_VALUE_COLOR = '#d3d6db';

export type Rgb = [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const v = parseInt(m[1]!, 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** `size` RGB triples (flat) interpolated linearly between equally spaced stops. */
export function colorLut(stops: readonly string[], size = 256): Uint8Array {
  const rgb = stops.map(hexToRgb);
  const lut = new Uint8Array(3 * size);
  for (let i = 0; i < size; i++) {
    const t = (i / (size - 1)) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(t));
    const f = t - k;
    const a = rgb[k]!;
    const b = rgb[k + 1]!;
    for (let c = 0; c < 3; c++) lut[3 * i + c] = Math.round(a[c]! + (b[c]! - a[c]!) * f);
  }
  return lut;
}

/**
 * A colour range that contains [lo, hi] with round ends (0…1 for 0.0001…0.9999, 0…80 for
 * 0.4…72.9), so the colour bar reads well and small growth of the data range while a map
 * streams in does not change the scale (and force a repaint of every point).
 */
export function niceRange(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return niceRange(lo - pad, hi + pad);
  }
  const span = hi - lo;
  const mag = 10 ** Math.floor(Math.log10(span));
  const steps = [1, 2, 2.5, 5, 10];
  // the finest step that needs no more than 10 steps across the range
  let step = mag;
  for (const s of steps) {
    step = s * mag * 0.1;
    if (Math.ceil(hi / step - 1e-9) - Math.floor(lo / step + 1e-9) <= 10) break;
  }
  let a = Math.floor(lo / step + 1e-9) * step;
  let b = Math.ceil(hi / step - 1e-9) * step;
  // values of either sign near zero: start at zero when it costs at most one step
  if (a > 0 && a <= step) a = 0;
  if (b < 0 && b >= -step) b = 0;
  return [clean(a), clean(b)];
}

/** Remove binary noise from a multiple of a decimal step (0.30000000000000004 → 0.3). */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/** Round values in [lo, hi] for the ticks of the colour bar: at most `max`, steps of 1, 2 or 5 × 10^k. */
export function niceTicks(lo: number, hi: number, max = 6): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, max - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((s) => s * mag).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(clean(k * step));
  return out;
}
