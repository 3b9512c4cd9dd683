/** The sweep plot's inputs, as the Scratch view hands them to its chart (defined with the option in src-core). */
export { interleave, type ChartSeries, type YScale } from '../../src-core/figures/chart-options';
