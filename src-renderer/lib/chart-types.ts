/** One line of the transmission plot, as handed to the chart component. */
export interface ChartSeries {
  /** Quantity key, e.g. 'a_to_c.T'. */
  id: string;
  /** Paper notation, e.g. 'T_{a→c}'. */
  symbol: string;
  color: string;
  dashed: boolean;
  /** Values on the grid `x`; NaN where not computed (drawn as a gap). */
  y: Float64Array;
}

/** Interleave x and y into [x0, y0, x1, y1, …] (the typed-array form ECharts reads without copying rows). */
export function interleave(x: Float64Array, y: Float64Array): Float64Array {
  const n = Math.min(x.length, y.length);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = x[i]!;
    out[2 * i + 1] = y[i]!;
  }
  return out;
}
