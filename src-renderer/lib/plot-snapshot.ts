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
