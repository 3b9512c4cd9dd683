export { interleave } from '../../src-core/figures/chart-options';

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
