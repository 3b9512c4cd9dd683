/// <reference types="vite/client" />
// Ambient declarations of the renderer (a script file, so these are global). Also included by
// test/tsconfig.json, so the tests see the same Window.

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface Window {
  /** The backend api, exposed by the Electron preload (absent in browser mode). */
  readonly nrlab?: import('../src-core/contract/api').NrlabApi;
  /** Read-only view of what the plot currently shows (copies), for end-to-end tests. */
  readonly __nrlabPlot?: import('./lib/plot-snapshot').PlotSnapshot;
}
