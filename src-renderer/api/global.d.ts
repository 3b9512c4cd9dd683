import type { NrlabApi } from '../../src-core/contract/api';
import type { PlotSnapshot } from '../lib/plot-snapshot';

declare global {
  interface Window {
    /** The backend api, exposed by the Electron preload (absent in browser mode). */
    readonly nrlab?: NrlabApi;
    /** Read-only view of what the plot currently shows (copies), for end-to-end tests. */
    readonly __nrlabPlot?: PlotSnapshot;
  }
}

export {};
