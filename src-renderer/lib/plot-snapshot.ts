/** What the plot currently shows, as copies (for end-to-end tests and debugging). */
export interface PlotSnapshot {
  /** The job whose results are drawn ('' before the first sweep). */
  jobId: string;
  x: Float64Array;
  /** Quantity key (e.g. 'a_to_c.T') → values, NaN where not computed or failed. */
  series: Record<string, Float64Array>;
  /** Finite points of the first series. */
  points: number;
  /** Redraws so far. */
  updates: number;
  /** Non-empty while the curve drawn is a coarse live preview: what makes it approximate. */
  approximate?: string;
  /** For a 2-D map: what the map shows. */
  map?: MapSnapshot;
}

/** What the 2-D map shows (copies, except the colour lookup). */
export interface MapSnapshot {
  axes: { key: string; values: Float64Array }[];
  shape: number[];
  /** The quantity the colours show. */
  quantity: string;
  /** Its values on the full grid (row-major, first axis slowest); NaN where not computed or failed. */
  values: Float64Array;
  /** Per point: 0 not computed yet, 1 computed, 2 failed. */
  state: Uint8Array;
  /** Points finished (computed or failed) and failed, as drawn. */
  finished: number;
  failed: number;
  colorRange: [number, number];
  /** The colour grid point `index` is painted with, RGBA (alpha 0: blank, not computed yet). */
  rgba(index: number): [number, number, number, number];
  /** Where the point (x, y) of the axes is on the page, in client pixels (null outside the plot). */
  toClient(x: number, y: number): [number, number] | null;
}

/** Install `window.__nrlabPlot` as a read-only getter; returns the uninstaller. */
export function exposePlotSnapshot(get: () => PlotSnapshot): () => void {
  Object.defineProperty(window, '__nrlabPlot', { configurable: true, enumerable: false, get });
  return () => {
    Reflect.deleteProperty(window, '__nrlabPlot');
  };
}

/** Finite values in an array (the plotted points of a series). */
export function countFinite(a: Float64Array | undefined): number {
  if (!a) return 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) n++;
  return n;
}
