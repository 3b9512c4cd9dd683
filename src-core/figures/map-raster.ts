import { FAILED_COLOR, NO_VALUE_COLOR, colorLut, hexToRgb, VIRIDIS } from './colormap';

/** Per grid point: not computed yet (drawn transparent), computed, or failed. */
export const POINT_PENDING = 0;
export const POINT_DONE = 1;
export const POINT_FAILED = 2;

/** A rectangle of pixels that changed: columns [x0, x1), rows [y0, y1). */
export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The pixels of a 2-D map, one RGBA pixel per grid point, painted incrementally.
 *
 * The grid is row-major with the first axis slowest (index = ix·ny + iy), as the backend sends
 * it. The first axis runs left → right and the second bottom → top, whatever the direction of
 * the axis values (descending ranges are mirrored), so the image can be placed on value axes.
 * Only the slices that arrived are painted: O(new points) per update, never the whole grid
 * unless the colour scale changes.
 */
export class MapRaster {
  readonly width: number;
  readonly height: number;
  /** RGBA, row 0 at the top (the largest second-axis value). */
  readonly pixels: Uint8ClampedArray;
  private readonly flipX: boolean;
  private readonly flipY: boolean;
  private readonly lut = colorLut(VIRIDIS, 256);
  private readonly failed = hexToRgb(FAILED_COLOR);
  private readonly noValue = hexToRgb(NO_VALUE_COLOR);

  constructor(
    /** Points along the first (x) axis. */
    readonly nx: number,
    /** Points along the second (y) axis. */
    readonly ny: number,
    opts: { xDescending?: boolean; yDescending?: boolean } = {},
  ) {
    this.width = nx;
    this.height = ny;
    this.pixels = new Uint8ClampedArray(4 * nx * ny);
    this.flipX = opts.xDescending === true;
    this.flipY = opts.yDescending === true;
  }

  /** Pixel column and row of grid index `i`. */
  pixelOf(i: number): [number, number] {
    const ix = Math.floor(i / this.ny);
    const iy = i - ix * this.ny;
    return [this.flipX ? this.nx - 1 - ix : ix, this.flipY ? iy : this.ny - 1 - iy];
  }

  /** Grid index at pixel column / row (the inverse of {@link pixelOf}). */
  indexAt(col: number, row: number): number {
    const ix = this.flipX ? this.nx - 1 - col : col;
    const iy = this.flipY ? row : this.ny - 1 - row;
    return ix * this.ny + iy;
  }

  /** Make every pixel transparent (not computed). */
  clear(): void {
    this.pixels.fill(0);
  }

  /**
   * Paint grid indices [start, end): computed points with the colour of their value in
   * [lo, hi] (clamped), failed points grey, pending points transparent. Returns the pixel
   * rectangle that changed.
   */
  paint(values: Float64Array, state: Uint8Array, start: number, end: number, lo: number, hi: number): PixelRect | undefined {
    const { nx, ny, pixels, lut } = this;
    start = Math.max(0, start);
    end = Math.min(end, nx * ny, values.length, state.length);
    if (end <= start) return undefined;
    const scale = hi > lo ? 255 / (hi - lo) : 0;
    const [fr, fg, fb] = this.failed;
    const [nr, ng, nb] = this.noValue;
    let ix = Math.floor(start / ny);
    let iy = start - ix * ny;
    for (let i = start; i < end; i++) {
      const col = this.flipX ? nx - 1 - ix : ix;
      const row = this.flipY ? iy : ny - 1 - iy;
      const p = 4 * (row * nx + col);
      const s = state[i];
      if (s === POINT_DONE) {
        const v = values[i]!;
        if (v === v && v !== Infinity && v !== -Infinity) {
          let k = ((v - lo) * scale + 0.5) | 0;
          k = k < 0 ? 0 : k > 255 ? 255 : k;
          pixels[p] = lut[3 * k]!;
          pixels[p + 1] = lut[3 * k + 1]!;
          pixels[p + 2] = lut[3 * k + 2]!;
        } else {
          pixels[p] = nr;
          pixels[p + 1] = ng;
          pixels[p + 2] = nb;
        }
        pixels[p + 3] = 255;
      } else if (s === POINT_FAILED) {
        pixels[p] = fr;
        pixels[p + 1] = fg;
        pixels[p + 2] = fb;
        pixels[p + 3] = 255;
      } else pixels[p + 3] = 0;
      if (++iy === ny) {
        iy = 0;
        ix++;
      }
    }
    const ixFirst = Math.floor(start / ny);
    const ixLast = Math.floor((end - 1) / ny);
    const c0 = this.flipX ? nx - 1 - ixLast : ixFirst;
    const c1 = (this.flipX ? nx - 1 - ixFirst : ixLast) + 1;
    if (ixFirst === ixLast) {
      // part of one column
      const iy0 = start - ixFirst * ny;
      const iy1 = end - 1 - ixFirst * ny;
      const r0 = this.flipY ? iy0 : ny - 1 - iy1;
      const r1 = (this.flipY ? iy1 : ny - 1 - iy0) + 1;
      return { x0: c0, x1: c1, y0: r0, y1: r1 };
    }
    return { x0: c0, x1: c1, y0: 0, y1: ny };
  }
}

/** The smallest rectangle containing both (either may be undefined). */
export function unionRect(a: PixelRect | undefined, b: PixelRect | undefined): PixelRect | undefined {
  if (!a) return b;
  if (!b) return a;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/** Smallest and largest finite value at the computed points of [start, end). */
export function finiteRange(values: Float64Array, state: Uint8Array, start: number, end: number, into: [number, number] = [Infinity, -Infinity]): [number, number] {
  let lo = into[0];
  let hi = into[1];
  end = Math.min(end, values.length);
  for (let i = Math.max(0, start); i < end; i++) {
    if (state[i] !== POINT_DONE) continue;
    const v = values[i]!;
    if (v < lo && v !== -Infinity) lo = v;
    if (v > hi && v !== Infinity) hi = v;
  }
  return [lo, hi];
}
