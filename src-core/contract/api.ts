/**
 * The typed API between the renderer (or any client: browser mode, tests) and the backend.
 * Every call with its argument and result types, and every event with its payload type, lives
 * here; main, preload and renderer all import this one module.
 */
import type { ModelInfo, QuantitySpec, TraceKind } from '../models/model.js';
import type { ParamInput } from '../models/params.js';
import type { StudyAxis } from '../studies/grid.js';
import type { ProjectDocument } from '../project/types.js';

export interface AppInfo {
  name: string;
  version: string;
  /** Worker threads in the solver pool. */
  workers: number;
  /** How this client is connected. */
  transport: 'electron' | 'browser' | 'memory';
}

/** The serialisable description of a model (declared with the models, below the contract). */
export type { ModelInfo } from '../models/model.js';
/** Declared below the contract (studies, tasks, project, figures); re-exported as the contract's types. */
export type { JobStatus, JobSnapshot, SweepHeader, SweepDataEvent, SweepDiagnostics, SweepResult } from '../studies/results.js';
export type { SolveRequest, SolveResponse } from '../tasks/solver-tasks.js';
export type { StoredStudyResult } from '../project/types.js';
export type { PreflightFinding } from '../figures/preflight.js';
import type { JobSnapshot, SweepHeader, SweepDataEvent, SweepResult } from '../studies/results.js';
import type { SolveRequest, SolveResponse } from '../tasks/solver-tasks.js';
import type { StoredStudyResult } from '../project/types.js';
import type { PreflightFinding } from '../figures/preflight.js';



export interface SweepRequest {
  model: string;
  params: ParamInput;
  axes: StudyAxis[];
  /** Compute only grid indices [start, end) (row-major), e.g. one shard of a batch job. */
  range?: { start: number; end: number };
  /** The quantities to keep (default: every scalar of the model). */
  quantities?: string[];
  /**
   * A coarse, approximate solve for live previews: the model's `coarse` overrides (e.g. a small
   * fixed truncation) are applied to `params`; the header's `coarse` names them. Default false.
   */
  coarse?: boolean;
}




export interface StartSweepResponse {
  job: JobSnapshot;
  header: SweepHeader;
}




export interface OptimizeRequest {
  model: string;
  params: ParamInput;
  /** 1–4 parameters and their bounds. */
  vary: { key: string; lo: number; hi: number }[];
  objective: { quantity: string; goal: 'maximize' | 'minimize' };
  /** Starting point, one value per varied parameter (default: the centre of the bounds). */
  start?: number[];
  maxEvaluations?: number;
  /** Chosen by the client to match the 'optimize.progress' events of this run. */
  runId?: string;
}

/** Progress of a running optimisation (debounced to ~100 ms, and once at the end). */
export interface OptimizeProgress {
  runId: string;
  evaluations: number;
  maxEvaluations: number;
  /** Best objective value so far (in the requested sense: the largest when maximising). */
  best: number;
  /** Where the best value was found. */
  bestAt: Record<string, number>;
  elapsedMs: number;
}

export interface OptimizeResponse {
  model: string;
  objective: OptimizeRequest['objective'];
  optimum: Record<string, number>;
  value: number;
  evaluations: number;
  restarts: number;
  converged: boolean;
  history: { x: number[]; value: number }[];
  wallMs: number;
  /** Stopped before the search ended (a cancelled optimize study): the best point evaluated so far. */
  cancelled?: boolean;
}

/** An open project as clients see it (the document without its binary arrays). */
export interface ProjectSnapshot {
  /** Session id of the open project (not stored in the file). */
  id: string;
  /** File it was opened from or saved to; undefined for a new project never saved. */
  path?: string;
  doc: ProjectDocument;
  dirty: boolean;
  /** Opened from a newer schema version: Save refuses, Save As writes the current schema. */
  readOnly: boolean;
  warnings: string[];
  undoLabel?: string;
  redoLabel?: string;
  /** Studies running now: study id → job id. */
  running: Record<string, string>;
  /**
   * Another program changed the file since this session read or saved it: Save refuses
   * (error code 'conflict') until the user reloads, saves as another file, or overwrites.
   */
  changedOnDisk?: boolean;
}

export interface ExampleInfo {
  name: string;
  title: string;
  description: string;
}

export interface RecentProject {
  path: string;
  title: string;
  openedAt: string;
}

export interface RecoverableProject {
  /** Recovery file id. */
  id: string;
  title: string;
  /** The file the unsaved work belongs to, if it had been saved before. */
  path?: string;
  savedAt: string;
}


/** A menu command or an OS request for the renderer to act on (Electron menu, file association). */
export interface AppCommand {
  command: 'new' | 'new-from-example' | 'open' | 'open-path' | 'save' | 'save-as' | 'close' | 'undo' | 'redo' | 'run' | 'cancel' | 'export' | 'show-project';
  /** open-path, save-as: the file chosen; show-project: the project's file (if it has one). */
  path?: string;
  /** new-from-example: which one. */
  example?: string;
  /** show-project: a project the main process opened (e.g. a double-clicked .nrlab file). */
  projectId?: string;
}

export interface ChooseFileRequest {
  mode: 'open' | 'save';
  title?: string;
  /** Suggested file (save) or folder (open). */
  defaultPath?: string;
  /** What the file is (default: NR Lab projects): the dialog's filter and the extension added on save. */
  kind?: { name: string; extension: string };
}

/** How a figure is exported (every field optional: the figure's own style, else its preset's). */
export interface FigureExportOptions {
  preset?: 'aps-single' | 'aps-double' | 'nature-single' | 'nature-double' | 'custom';
  /** Custom size in inches (height: from the panel grid when not given). */
  widthIn?: number;
  heightIn?: number;
  fontPt?: number;
  lineWidthPt?: number;
  /** PNG resolution (default 600). */
  dpi?: number;
  grayscale?: boolean;
  /** Liberation Sans (default; Helvetica/Arial metrics) or Liberation Serif (Times metrics). */
  font?: 'sans' | 'serif';
  /** Reflow the panel grid for the width (default true); false keeps the figure's rows × cols. */
  reflow?: boolean;
}


/** A figure drawn for export: the very SVG the PDF and PNG are made from. */
export interface FigurePreview {
  svg: string;
  /**
   * That SVG rasterised by resvg with the fonts shipped with the app (base64 PNG, 1600 px
   * wide at most): what the dialog shows, exact on a machine without those fonts too.
   */
  png: string;
  pngWidth: number;
  pngHeight: number;
  widthPt: number;
  heightPt: number;
  fontPt: number;
  /** Failed points left as gaps, cancelled studies drawn in part. */
  warnings: string[];
  /** The preflight's findings (empty: the figure passes); a PDF's fonts are checked on export. */
  findings?: PreflightFinding[];
  /** The grid the panels are laid out in, and the figure's own when they were reflowed for the width. */
  grid?: { rows: number; cols: number };
  reflowedFrom?: { rows: number; cols: number };
}

export type ExportFileFormat = 'svg' | 'pdf' | 'png' | 'csv' | 'json' | 'npz' | 'h5' | 'ipynb' | 'py';

/** Export a figure (figureId; svg, pdf, png) or a study (studyId; csv, json, npz, h5, ipynb, py). */
export interface ExportFileRequest {
  projectId: string;
  figureId?: string;
  studyId?: string;
  format: ExportFileFormat;
  options?: FigureExportOptions;
  /** Write the file here (written safely); without a path the bytes come back (browser download). */
  path?: string;
  /**
   * Export even though a study it draws is stale or unverified (its inputs changed since it was
   * run, or are not recorded): without it such an export is refused (param "allowStale").
   */
  allowStale?: boolean;
}

export interface ExportFileResponse {
  /** A file name to suggest (the figure's or study's name with the format's extension). */
  fileName: string;
  mime: string;
  bytes: number;
  /** Where it was written (with a path). */
  path?: string;
  /** Base64 of the file (without a path). */
  data?: string;
  warnings: string[];
  /** Figures: the preflight's findings on the file written (the dialog lists them). */
  findings?: PreflightFinding[];
}

/** supported: false where no native dialog exists (browser mode): the client asks for a path itself. */
export interface ChooseFileResponse {
  supported: boolean;
  /** Undefined when the user cancelled. */
  path?: string;
  /** Browser mode: the workspace root that project paths are relative to and confined to. */
  root?: string;
}

/** What a study will cost before it runs (from the model's measured per-point cost). */
export interface StudyEstimate {
  points: number;
  /** Expected time of one point (ms, one core). */
  pointMs: number;
  workers: number;
  /** Expected wall time on the pool (ms). */
  totalMs: number;
  /** Every scalar the model yields at the study's parameters: what `quantities` can keep. */
  available?: QuantitySpec[];
}

/**
 * One trace run of a model at one parameter point (the point inspector's g2(τ) of both
 * directions, a spectrum or a pulse): what `nrlab correlate|spectrum|evolve` computes, on the
 * solver pool. `settings` are the kind's (docs/dynamics.md: AxisSamplesInput, PulseSettingsInput);
 * absent fields take the run's defaults. With a `solveId`, `cancelSolve({ solveId })` stops it.
 */
export interface TraceRunRequest {
  model: string;
  kind: TraceKind;
  params: ParamInput;
  settings?: object;
  solveId?: string;
}

export interface TraceRunResponse {
  model: string;
  kind: TraceKind;
  /** The independent axis (key tau, omega or t; symbol, label, unit). */
  axis: QuantitySpec;
  values: Float64Array;
  /** One per trace (e.g. a_to_c, c_to_a; a network's a->c and a->c,d): field → samples, as long as `values`. */
  traces: { name: string; fields: Record<string, Float64Array>; diagnostics: object }[];
  /** The run's stored output (per-trace numbers such as mean_n, coherent fraction, photons per pulse, min eigenvalue). */
  stored: Record<string, unknown>;
  /** Wall time of the run (ms). */
  timeMs: number;
  warnings?: string[];
}

/**
 * The user's display preferences, kept by the backend in its data directory so that they survive a
 * relaunch in every mode (browser mode's page origin changes with its port, so its local storage
 * does not). Each is absent until the user chooses it.
 */
export interface Preferences {
  theme?: 'light' | 'dark';
  /** How angular frequencies are shown and typed. */
  units?: 'rad/s' | 'Hz';
}

/** Calls: name → argument and result types. */
export interface NrlabCalls {
  getAppInfo: { args: void; result: AppInfo };
  getPreferences: { args: void; result: Preferences };
  /** Merge the given preferences into the stored ones; the result is all of them. */
  setPreferences: { args: Preferences; result: Preferences };
  listModels: { args: void; result: ModelInfo[] };
  solvePoint: { args: SolveRequest; result: SolveResponse };
  /** Cancel a running solvePoint by the solveId its request carried (false when none is running). */
  cancelSolve: { args: { solveId: string }; result: { cancelled: boolean } };
  /** One correlation, spectrum, pulse (or simulate) run at one point, on the pool; cancellable through cancelSolve with its solveId. */
  runTrace: { args: TraceRunRequest; result: TraceRunResponse };
  startSweep: { args: SweepRequest; result: StartSweepResponse };
  /**
   * Cancel a study. `drain`: let the chunks already in the workers finish (their results are
   * dropped) rather than stopping the workers — a stopped worker is restarted cold, which costs more
   * than a short chunk (live previews cancel superseded sweeps this way).
   */
  cancelJob: { args: { jobId: string; drain?: boolean }; result: JobSnapshot };
  /** Continue a cancelled study: a new job that computes only the points the old one lacks. */
  resumeJob: { args: { jobId: string }; result: StartSweepResponse };
  getJobResult: { args: { jobId: string }; result: SweepResult };
  /** Keep a finished (or cancelled) sweep as a new study of an open project, with its result (one undoable edit). */
  saveSweepAsStudy: { args: { projectId: string; jobId: string; name?: string }; result: { snapshot: ProjectSnapshot; studyId: string } };
  /** Find the optimum of one scalar over 1–4 parameters (Nelder–Mead with restarts, on the pool). */
  optimize: { args: OptimizeRequest; result: OptimizeResponse };
  listExamples: { args: void; result: ExampleInfo[] };
  /** A new, unsaved project: empty, or a copy of an example. */
  newProject: { args: { example?: string }; result: ProjectSnapshot };
  openProject: { args: { path: string }; result: ProjectSnapshot };
  /** The current snapshot of a project open in the backend (e.g. after the window reloads). */
  getProject: { args: { projectId: string }; result: ProjectSnapshot };
  /**
   * Save (to `path` when given: Save As). Over a file another program changed since it was read,
   * a save is refused (error code 'conflict') unless `overwrite` is true.
   */
  saveProject: { args: { projectId: string; path?: string; overwrite?: boolean }; result: ProjectSnapshot };
  /** Read the project's file again (after another program changed it); unsaved edits are dropped. */
  reloadProject: { args: { projectId: string }; result: ProjectSnapshot };
  /** Replace the document (one undoable edit, labelled for the Undo menu). Results cannot be edited this way. */
  editProject: { args: { projectId: string; doc: ProjectDocument; label: string }; result: ProjectSnapshot };
  undo: { args: { projectId: string }; result: ProjectSnapshot };
  redo: { args: { projectId: string }; result: ProjectSnapshot };
  /** Close; refuses (param "discard") while there are unsaved changes unless discard is true. */
  closeProject: { args: { projectId: string; discard?: boolean }; result: { closed: true } };
  /** Run a study of the project; its result is stored in the project when it ends (also when cancelled). */
  runStudy: { args: { projectId: string; studyId: string; resume?: boolean }; result: ProjectSnapshot };
  studyResult: { args: { projectId: string; studyId: string }; result: StoredStudyResult };
  recentProjects: { args: void; result: RecentProject[] };
  recoverableProjects: { args: void; result: RecoverableProject[] };
  recoverProject: { args: { id: string }; result: ProjectSnapshot };
  discardRecovery: { args: { id: string }; result: { discarded: true } };
  /** Points and expected time of a sweep, validated like startSweep (bad input names the field). */
  estimateSweep: { args: SweepRequest; result: StudyEstimate };
  /** A native open/save dialog (Electron); browser mode answers supported: false. */
  chooseFile: { args: ChooseFileRequest; result: ChooseFileResponse };
  /** A figure of an open project drawn for export (what the export dialog previews). */
  previewFigure: { args: { projectId: string; figureId: string; options?: FigureExportOptions }; result: FigurePreview };
  /** Export a figure or a study's data or script of an open project (its current, possibly unsaved, state). */
  exportFile: { args: ExportFileRequest; result: ExportFileResponse };
}

/** Events: name → payload type. Progress is debounced by the backend (~100 ms). */
export interface NrlabEvents {
  'job.progress': JobSnapshot;
  'job.data': SweepDataEvent;
  'job.finished': JobSnapshot;
  'optimize.progress': OptimizeProgress;
  /** What a running solvePoint (with a solveId) is trying now, e.g. "truncation K = 7 (dimension 120)". */
  'solve.stage': { solveId: string; text: string };
  /** An open project changed (an edit, a stored result, saved, a study started or ended). */
  'project.changed': ProjectSnapshot;
  'app.command': AppCommand;
}

export type CallName = keyof NrlabCalls;
export type EventName = keyof NrlabEvents;
export type CallArgs<K extends CallName> = NrlabCalls[K]['args'];
export type CallResult<K extends CallName> = NrlabCalls[K]['result'];

/** Runtime lists, used to validate names at every boundary (preload, server). */
export const CALL_NAMES = [
  'getAppInfo',
  'getPreferences',
  'setPreferences',
  'listModels',
  'solvePoint',
  'cancelSolve',
  'runTrace',
  'startSweep',
  'cancelJob',
  'resumeJob',
  'saveSweepAsStudy',
  'getJobResult',
  'optimize',
  'listExamples',
  'newProject',
  'openProject',
  'getProject',
  'saveProject',
  'reloadProject',
  'editProject',
  'undo',
  'redo',
  'closeProject',
  'runStudy',
  'studyResult',
  'recentProjects',
  'recoverableProjects',
  'recoverProject',
  'discardRecovery',
  'chooseFile',
  'estimateSweep',
  'previewFigure',
  'exportFile',
] as const satisfies readonly CallName[];
export const EVENT_NAMES = ['job.progress', 'job.data', 'job.finished', 'optimize.progress', 'solve.stage', 'project.changed', 'app.command'] as const satisfies readonly EventName[];

// Compile-time check that the runtime lists are complete.
type Missing<T extends string, L extends readonly string[]> = Exclude<T, L[number]>;
const _callsComplete: Missing<CallName, typeof CALL_NAMES> extends never ? true : false = true;
const _eventsComplete: Missing<EventName, typeof EVENT_NAMES> extends never ? true : false = true;
void _callsComplete;
void _eventsComplete;

export type EventListener<E extends EventName> = (payload: NrlabEvents[E]) => void;

/**
 * The one object through which a client reaches the backend. In Electron the preload exposes it
 * as `window.nrlab`; in browser mode it is built over a WebSocket; in tests over memory.
 */
export type NrlabApi = {
  readonly [K in CallName]: CallArgs<K> extends void ? () => Promise<CallResult<K>> : (args: CallArgs<K>) => Promise<CallResult<K>>;
} & {
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
};

export function isCallName(v: unknown): v is CallName {
  return typeof v === 'string' && (CALL_NAMES as readonly string[]).includes(v);
}

export function isEventName(v: unknown): v is EventName {
  return typeof v === 'string' && (EVENT_NAMES as readonly string[]).includes(v);
}
