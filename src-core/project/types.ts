/**
 * The NR Lab project document (schema version 1): what a `.nrlab` file holds. The file is a ZIP
 * container: `project.json` (this document, validated by project-schema.ts) plus one compressed
 * binary entry per stored result array (little-endian Float64, see container.ts). Documented for
 * users in docs/project-format.md.
 *
 * Every object may carry fields this version does not know (written by a newer app or by hand);
 * they are preserved on save.
 */
import type { AxisSamplesInput, PulseSettingsInput } from '../models/model.js';
import type { ParamInput } from '../models/params.js';
import type { StudyAxis } from '../studies/grid.js';

export const PROJECT_FORMAT = 'nrlab-project';
export const PROJECT_SCHEMA_VERSION = 1;

/** A named set of parameter values for one model (the values as typed: numbers or expressions). */
export interface ParameterSet {
  id: string;
  name: string;
  model: string;
  params: ParamInput;
  notes?: string;
}

/** Time-domain settings of a 'simulate' study (models with `simulate`; see `nrlab simulate`). */
export interface SimulateSettings {
  /** The driven port (1-based; the model checks it against its ports: 1 or 2 for two resonators, any port of a network). */
  port: number;
  input: 'gaussian' | 'rect' | 'cw';
  /** End time (s). */
  tEnd: number;
  /** Gaussian width τ or rectangle duration (s). */
  width?: number;
  /** Pulse centre or start (s). */
  t0?: number;
  samples?: number;
  /** Also run the ideal (nonlocal → ideal directional) comparison. */
  compareIdeal?: boolean;
}

/**
 * Settings of a 'correlation' study (g2(τ) of the steady state) or a 'spectrum' study (S(ω)):
 * see `AxisSamplesInput` in models/model.ts. Absent fields take the run's defaults.
 */
export type AxisSamplesSettings = AxisSamplesInput;

/** Settings of a 'pulse' study (ρ(t) under a drive envelope): see `PulseSettingsInput` in models/model.ts. */
export type PulseSettings = PulseSettingsInput;

/** Most samples of a correlation, spectrum or pulse study's axis (and of an explicit `values` list). */
export { MAX_TRACE_SAMPLES } from '../models/model.js';

/**
 * What a 'continuation' study computes (models with `continuation`, e.g. tcmt-network; see
 * `nrlab continue` and docs/continuation.md): every steady-state branch over from … to of one
 * parameter, each point with its stability, and (models with a time-domain sweep) the stepped
 * up/down sweep that shows the hysteresis.
 */
export interface ContinuationSettings {
  /** The parameter varied (one of the model's continuation parameters, e.g. omega or amplitude). */
  vary: string;
  from: number;
  to: number;
  /** The driven port (default 1). */
  port?: number;
  /** Most points per branch and direction (default: the model's, 1001). */
  maxPoints?: number;
  /** Values of the up and of the down time-domain sweep (default 81; 0: no sweep). */
  sweepSteps?: number;
}

/** Most values of each direction of a continuation study's time-domain sweep. */
export const MAX_SWEEP_STEPS_STUDY = 2001;

/** What an 'optimize' study looks for (see `nrlab optimize`): one quantity's extremum over 1–4 parameters. */
export interface OptimizeSettings {
  /** A quantity of the model's catalogue (a key of `nrlab models`' quantities), and which extremum. */
  objective: { quantity: string; goal: 'maximize' | 'minimize' };
  /** The 1–4 numeric parameters varied, each within [lo, hi] (lo < hi, both within the parameter's range). */
  vary: { key: string; lo: number; hi: number }[];
  /** Evaluations allowed (MIN_EVALUATIONS…MAX_EVALUATIONS; default 500). */
  maxEvaluations?: number;
}

/** Bounds of OptimizeSettings.maxEvaluations (as `nrlab optimize --max-evaluations`). */
export const MIN_EVALUATIONS = 10;
export const MAX_EVALUATIONS = 100_000;

/**
 * What an optimize study's stored result holds in `output` (its arrays are the evaluation
 * history: `evaluation` 1…n, `value`, `best` (best so far) and `param.<key>` per varied parameter).
 */
export interface OptimizeOutput {
  objective: OptimizeSettings['objective'];
  /** The best objective value found (in the objective's own sense). */
  value: number;
  /** The varied parameters at the best value. */
  optimum: Record<string, number>;
  /** Every parameter at the best value, as used (defaults filled in). */
  bestParams: Record<string, number | string>;
  evaluations: number;
  restarts: number;
  /** The last Nelder–Mead run met its tolerances (false also when cancelled or out of evaluations). */
  converged: boolean;
}

/**
 * A study: a model at base parameters, and what to compute.
 * - sweep: one or two axes (range or explicit list); keeps `quantities` (default: every scalar).
 * - point: one solve at the base parameters, keeping the full output (photon-number distributions…).
 * - simulate: a time-domain run (of a model that has them, see `ModelDefinition.simulate`).
 * - optimize: the extremum of one quantity over 1–4 parameters (Nelder–Mead on the solver pool).
 * - correlation: g2(τ) of the steady state's outputs (and cross-correlations), every direction.
 * - spectrum: the emission spectrum S(ω) of each output, every direction.
 * - pulse: ρ(t) under a pulsed drive: output flux, photons per pulse, equal-time g2(t).
 * - continuation: every steady-state branch over a range of one parameter with its stability, and
 *   the up/down time-domain sweeps (project/continuation-study.ts has the stored layout).
 * Correlation, spectrum and pulse (models with `dynamics`) store like a simulate study: the axis
 * array (`tau`, `omega` or `t`) and one array per `<trace>.<field>`.
 */
export interface Study {
  id: string;
  name: string;
  title?: string;
  kind: 'sweep' | 'point' | 'simulate' | 'optimize' | 'correlation' | 'spectrum' | 'pulse' | 'continuation';
  model: string;
  /** Starting values from a parameter set (by id); `params` override them. */
  parameterSet?: string;
  params: ParamInput;
  axes?: StudyAxis[];
  quantities?: string[];
  simulate?: SimulateSettings;
  optimize?: OptimizeSettings;
  correlation?: AxisSamplesSettings;
  spectrum?: AxisSamplesSettings;
  pulse?: PulseSettings;
  continuation?: ContinuationSettings;
  notes?: string;
  /** The stored result of the last run, if any. */
  result?: StoredResult;
}

/** How and when a result was computed: enough for a referee to reproduce it ("re-run"). */
export interface Provenance {
  model: string;
  /** Every parameter as used (defaults filled in). */
  params: Record<string, number | string>;
  solver: string;
  /** Truncation as chosen (quantum runs): basis, cutoff or 'auto', tolerance. */
  truncation?: Record<string, unknown>;
  tolerances?: Record<string, number>;
  app: { name: string; version: string };
  /** ISO 8601 start time. */
  date: string;
  wallMs: number;
  workers?: number;
  /** Platform the run was made on (os, arch, node). */
  platform?: string;
  /**
   * Every run that computed part of this result, oldest first (a cancelled sweep resumed is
   * several runs). `wallMs` above is then their total and `date` the first run's start.
   */
  runs?: RunRecord[];
}

/** One run that computed part of a stored result. */
export interface RunRecord {
  /** ISO 8601 start time. */
  date: string;
  app: { name: string; version: string };
  workers?: number;
  /** Points computed by this run. */
  points: number;
  wallMs: number;
}

/** Reference to one binary array in the container. */
export interface ArrayRef {
  /** Entry name in the ZIP, e.g. `results/r-…/isolation.f64`. */
  entry: string;
  length: number;
  /**
   * f64le: little-endian Float64 values. f64le-shuffle: the same bytes regrouped by significance
   * (all first bytes, then all second bytes, …) before compression, as HDF5's shuffle filter does;
   * smooth data compresses several times better.
   */
  encoding: 'f64le' | 'f64le-shuffle';
  /** CRC-32 of the stored (encoded, uncompressed) bytes: damage is detected when the array is read. */
  crc32: number;
}

export interface StoredResult {
  id: string;
  status: 'succeeded' | 'cancelled' | 'failed';
  /** Sweep: the grid. */
  shape?: number[];
  axes?: { key: string; values: ArrayRef }[];
  /** Sweep: quantity key → array (NaN where a point failed or was not computed). */
  arrays?: Record<string, ArrayRef>;
  quantities?: { key: string; symbol: string; label: string; unit: string }[];
  failed?: { index: number; reason: string }[];
  /**
   * Sweep: points computed with a warning (truncation not converged): how many, and the first.
   * Correlation, spectrum, pulse: the run's warnings (index 0), all of them in `output.warnings`.
   */
  warned?: { count: number; first: { index: number; reason: string } };
  /** Points computed (a cancelled study keeps its partial results and can be resumed). */
  done?: number;
  total?: number;
  /** Point and simulate studies: the JSON output (small); simulate traces go to `arrays`. */
  output?: unknown;
  provenance: Provenance;
  /**
   * Fingerprint of the inputs that produced the result (fingerprint.ts): a study whose current
   * inputs give another one shows it as stale. Absent in files of older versions.
   */
  fingerprint?: string;
}

/** One panel of a figure. */
export interface Panel {
  /** Panel label as printed, e.g. "(a)". */
  label?: string;
  /** Study id. */
  study: string;
  /**
   * branches: a continuation study's S-curve (every branch of `series[].quantity`, default one
   * transmission, against the varied parameter: stable solid, unstable dashed, folds and the
   * up/down time-domain sweeps marked).
   * schematic: a drawing of the study's structure (a network's modes and couplings, from its
   * parameter set and own values); needs no result, and a model with a structure editor.
   */
  kind: 'line' | 'heatmap' | 'contour' | 'bar' | 'trace' | 'schematic' | 'branches';
  /** line: the axis key on x (a 2-D sweep's other axis gives one curve per value). */
  x?: string;
  /**
   * line, bar, trace: the quantities plotted, each a series; `study` overlays a series from
   * another study (same x axis), e.g. three loss laws in one panel.
   */
  series?: {
    quantity: string;
    study?: string;
    label?: string;
    color?: string;
    dash?: 'solid' | 'dash' | 'dot';
    markers?: boolean;
    /** bar: a quantity (path) of the same study subtracted from this one, e.g. P(m) − 𝒫(m). */
    minus?: string;
  }[];
  /** heatmap, contour: the quantity shown. */
  quantity?: string;
  /** contour: levels drawn. */
  levels?: number[];
  logX?: boolean;
  logY?: boolean;
  /** Axis titles in paper notation (Unicode with _{} and ^{}), e.g. "g^{(2)}_{a→c}(0)". */
  xLabel?: string;
  yLabel?: string;
  xRange?: [number, number];
  yRange?: [number, number];
  /** Axis values are divided by these before plotting (θ/π: xScale = π); ranges are in scaled units. */
  xScale?: number;
  /** line: subtracted from x before the scale, e.g. ω₂ to plot the detuning Δ₂ = ω − ω₂ (in x's own units). */
  xOffset?: number;
  yScale?: number;
  /** heatmap, contour: colour-bar title and fixed range. */
  colorbarLabel?: string;
  zRange?: [number, number];
  /**
   * heatmap, contour: a log colour scale (colours, contour levels and colour-bar ticks follow
   * log10 of the value; zRange, if given, must be positive). Values ≤ 0 are shown as missing.
   */
  logZ?: boolean;
  /**
   * line: shaded x ranges behind the curves, each fixed (x0, x1 in the panel's x units) or from
   * the data: where `quantity` (of `study`, default the panel's) is within `withinDb` dB of its
   * maximum — e.g. a pass band's 3 dB width. A dB quantity is used as it is, another as 20·log10|v|.
   */
  bands?: PanelBand[];
  colormap?: 'viridis' | 'cividis' | 'magma';
  notes?: string;
}

export interface PanelBand {
  x0?: number;
  x1?: number;
  quantity?: string;
  study?: string;
  withinDb?: number;
  /** Shown at the top of the band, e.g. "3 dB band". */
  label?: string;
  color?: string;
}

export interface Figure {
  id: string;
  name: string;
  title?: string;
  caption?: string;
  /** Panels fill a rows × cols grid in reading order. */
  layout: { rows: number; cols: number };
  panels: Panel[];
  /** Export size preset and typography. */
  style?: {
    preset?: 'aps-single' | 'aps-double' | 'nature-single' | 'nature-double' | 'custom';
    widthIn?: number;
    heightIn?: number;
    fontPt?: number;
    lineWidthPt?: number;
  };
}

export interface ProjectDocument {
  format: typeof PROJECT_FORMAT;
  schemaVersion: number;
  title: string;
  /** ISO 8601. */
  created: string;
  modified: string;
  /** App that last saved the file. */
  app: { name: string; version: string };
  notes?: string;
  /** Where it came from, e.g. "example:loss-induced-nonreciprocity". */
  origin?: string;
  parameterSets: ParameterSet[];
  studies: Study[];
  figures: Figure[];
}

/** A stored study result, loaded from the project (arrays inflated on demand). */
export interface StoredStudyResult {
  studyId: string;
  result: StoredResult;
  /** Sweeps: the grid's axes and full-grid arrays. */
  axes: { key: string; values: Float64Array }[];
  data: Record<string, Float64Array>;
}
