/**
 * The pixels of a 2-D map being filled in (MapPanel): one pixel per grid point in a MapRaster,
 * copied to a canvas the chart draws, enlarged for small grids so cells stay crisp. paintStep paints
 * what arrived since the previous step, within a budget per frame, and the whole grid again when
 * the quantity changes or the colour scale has to widen.
 */
import type { SweepData } from '../composables/useSweepJob';
import { niceRange } from '../../src-core/figures/colormap';
import { MapRaster, finiteRange, unionRect, type PixelRect } from '../../src-core/figures/map-raster';

const NO_VALUES = new Float64Array(0);

/** The offscreen pixels of the drawn map and the canvases that show them. */
export interface Surface {
  sweep: SweepData;
  raster: MapRaster;
  /** One pixel per grid point. */
  base: HTMLCanvasElement | null;
  baseCtx: CanvasRenderingContext2D | null;
  imageData: ImageData | null;
  /**
   * What the chart draws: `base` itself for large maps; for small ones a copy enlarged with
   * nearest-neighbour sampling, so cells stay crisp when the chart scales the image up.
   */
  display: HTMLCanvasElement | null;
  displayCtx: CanvasRenderingContext2D | null;
  sx: number;
  sy: number;
  /** Slices of `sweep.slices` already taken into `todo`. */
  cursor: number;
  /**
   * Index ranges still to paint with the current colour range, a budget at a time: slices that
   * just arrived (`fresh`: not on screen yet) or a repaint of the whole grid.
   */
  todo: { a: number; b: number; fresh: boolean }[];
  /** Finished points that arrived but are not on screen yet. */
  unseen: number;
  quantity: string;
  /** Finite data range of the painted quantity so far, and the colour range in use. */
  dataRange: [number, number];
  colorRange: [number, number] | null;
}

function canvas2d(w: number, h: number): { canvas: HTMLCanvasElement | null; ctx: CanvasRenderingContext2D | null } {
  if (typeof document === 'undefined') return { canvas: null, ctx: null };
  try {
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return { canvas: null, ctx: null };
    ctx.imageSmoothingEnabled = false;
    return { canvas, ctx };
  } catch {
    return { canvas: null, ctx: null };
  }
}

/** Grids with fewer points than this along an axis are enlarged (crisp cells). */
const ENLARGE_BELOW = 400;
const ENLARGED_SIZE = 800;

export function createSurface(sw: SweepData): Surface {
  const [ax, ay] = sw.axes;
  const nx = sw.shape[0] ?? 1;
  const ny = sw.shape[1] ?? 1;
  const desc = (v: Float64Array | undefined): boolean => !!v && v.length > 1 && v[v.length - 1]! < v[0]!;
  const raster = new MapRaster(nx, ny, { xDescending: desc(ax?.values), yDescending: desc(ay?.values) });
  const { canvas: base, ctx: baseCtx } = canvas2d(nx, ny);
  let imageData: ImageData | null = null;
  if (baseCtx && typeof ImageData !== 'undefined') {
    try {
      imageData = new ImageData(raster.pixels as Uint8ClampedArray<ArrayBuffer>, nx, ny);
    } catch {
      imageData = null;
    }
  }
  const sx = nx < ENLARGE_BELOW ? Math.ceil(ENLARGED_SIZE / nx) : 1;
  const sy = ny < ENLARGE_BELOW ? Math.ceil(ENLARGED_SIZE / ny) : 1;
  let display = base;
  let displayCtx = baseCtx;
  if (base && (sx > 1 || sy > 1)) {
    const c = canvas2d(nx * sx, ny * sy);
    display = c.canvas;
    displayCtx = c.ctx;
  }
  return { sweep: sw, raster, base, baseCtx, imageData, display, displayCtx, sx, sy, cursor: 0, todo: [], unseen: 0, quantity: '', dataRange: [Infinity, -Infinity], colorRange: null };
}

/** Copy the changed pixels to the canvases. */
function flush(s: Surface, rect: PixelRect | undefined): void {
  if (!rect || !s.baseCtx || !s.imageData) return;
  const w = rect.x1 - rect.x0;
  const h = rect.y1 - rect.y0;
  if (w <= 0 || h <= 0) return;
  s.baseCtx.putImageData(s.imageData, 0, 0, rect.x0, rect.y0, w, h);
  if (s.display && s.displayCtx && s.display !== s.base) {
    s.displayCtx.clearRect(rect.x0 * s.sx, rect.y0 * s.sy, w * s.sx, h * s.sy);
    s.displayCtx.drawImage(s.base!, rect.x0, rect.y0, w, h, rect.x0 * s.sx, rect.y0 * s.sy, w * s.sx, h * s.sy);
  }
}

function sameRange(a: [number, number] | null, b: [number, number]): boolean {
  return !!a && a[0] === b[0] && a[1] === b[1];
}

/**
 * Points painted per redraw at most (≈ 2 ms): a repaint of a whole 1001 × 1001 map after the
 * colour scale widened is spread over a few frames instead of blocking one.
 */
const PAINT_BUDGET = 1 << 18;

/**
 * Paint what is new in `sw` since the last step (everything when `quantity` or the colour scale
 * changed), at most PAINT_BUDGET points; the rest stays in `s.todo` for the next frames. Returns
 * the colour range in use.
 */
export function paintStep(s: Surface, sw: SweepData, quantity: string): [number, number] {
  const total = s.raster.nx * s.raster.ny;
  // (a quantity this study lacks paints nothing)
  const values = sw.data[quantity] ?? NO_VALUES;
  const all = s.quantity !== quantity;
  if (all) {
    s.quantity = quantity;
    s.cursor = 0;
    s.dataRange = [Infinity, -Infinity];
  }
  const end = sw.slices.length;
  for (let k = s.cursor; k < end; k++) {
    const slice = sw.slices[k]!;
    s.dataRange = finiteRange(values, sw.state, slice[0], slice[1], s.dataRange);
    s.todo.push({ a: slice[0], b: slice[1], fresh: true });
    // (after a change of quantity the points are on screen already, in the other quantity)
    if (!all) s.unseen += slice[1] - slice[0];
  }
  s.cursor = end;
  const range: [number, number] = s.dataRange[0] <= s.dataRange[1] ? niceRange(s.dataRange[0], s.dataRange[1]) : (s.colorRange ?? [0, 1]);
  if (all || !sameRange(s.colorRange, range)) {
    // a new quantity or a wider scale: repaint every point (pending ones stay blank)
    s.colorRange = range;
    s.todo = [{ a: 0, b: total, fresh: false }];
  }
  let rect: PixelRect | undefined;
  let budget = PAINT_BUDGET;
  while (budget > 0 && s.todo.length > 0) {
    const head = s.todo[0]!;
    const stop = Math.min(head.b, head.a + budget);
    rect = unionRect(rect, s.raster.paint(values, sw.state, head.a, stop, range[0], range[1]));
    budget -= stop - head.a;
    if (head.fresh) s.unseen -= stop - head.a;
    if (stop >= head.b) s.todo.shift();
    else head.a = stop;
  }
  // a whole-grid repaint shows the new points of the slices it replaced only once it is done
  if (s.todo.length === 0) s.unseen = 0;
  flush(s, rect);
  return range;
}
