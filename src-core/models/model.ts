/**
 * What a model package exports (`src-core/models/<name>/index.ts`): everything a consumer — the
 * solver pool, the project service, the CLI, the exports and the renderer — needs to know about
 * one model. Consumers reach a model only through the registry (`getModel(id)`), never by naming
 * its id; a new model is one new package plus one line in the registry.
 */
import type { ParamInput, ParamSchema, ParamValues } from './params.js';
import type { PointReport, ReportOptions } from './report.js';
import type { ScriptContext } from './script.js';
import type { StructureDefinition } from './structure.js';

/** One scalar output of a model, e.g. `a_to_c.T`: the quantity catalogue's entry. */
export interface QuantitySpec {
  key: string;
  /** Symbol in paper notation (Unicode, with _ and ^ for sub/superscripts), e.g. 'T_{a→c}'. */
  symbol: string;
  /**
   * Plain-text name, without markup or formula, unique within the model's catalogue
   * (e.g. 'Forward transmission in dB (port 1 → 2)'); shown in option lists and column headers.
   */
  label: string;
  /** Unit ('' for dimensionless). */
  unit: string;
  /**
   * The name in rich text (the symbol markup: `_{…}`, `^{…}`), with its formula where it has one,
   * e.g. 'Isolation |T_{a→c} − T_{c→a}|'; render it with the rich-text helpers. Absent: `label`.
   */
  richLabel?: string;
  /** How the quantity is best drawn: on a linear or a log axis (g2 spans decades). Absent: linear. */
  scale?: 'linear' | 'log';
  /** True when the value can be negative (an axis or colour scale must not assume ≥ 0). */
  signed?: boolean;
  /**
   * The driving direction the value belongs to (e.g. 'a_to_c' | 'c_to_a' for the three-cavity
   * model, 'forward' | 'backward' for the two-resonator model); absent for the point as a whole.
   */
  direction?: string;
  /** The key of the same quantity in the other direction (e.g. 'c_to_a.T' for 'a_to_c.T'), if any. */
  twin?: string;
}

/** What one parameter point yields: nested output for JSON, flat scalars for sweeps and plots. */
export interface PointResult<O = Record<string, unknown>> {
  /** The model's typed output (each package exports its interface, e.g. `ThreeCavityOutput`). */
  output: O;
  scalars: Record<string, number>;
  /**
   * Why the numbers are not to be trusted as they stand (e.g. a truncation that is not
   * converged); absent or empty when there is nothing to warn about.
   */
  warnings?: string[];
}

/** Optional callbacks of one point's solve. */
export interface SolveHooks {
  /** What the solver is trying now (e.g. "K = 7 (dimension 120)" of an automatic truncation). */
  onStage?: (text: string) => void;
  /**
   * The caller keeps only the scalars (a sweep): a model may leave out work that only its JSON
   * output shows (e.g. the two-resonator model's 2001-frequency 3 dB band scan). The scalars must
   * be the same either way.
   */
  scalarsOnly?: boolean;
}

/** Evaluates points of one model; may hold scratch buffers reused across calls. */
export type PointSolver<O = Record<string, unknown>> = (values: ParamValues, hooks?: SolveHooks) => PointResult<O>;

/** A named parameter set of a model (e.g. a figure's operating point in the paper). */
export interface ModelPreset {
  /** Short id for the command line (`nrlab models MODEL --preset ID`); optional. */
  id?: string;
  /** Plain text (Unicode, no markup), as every list shows it. */
  name: string;
  /** Plain text (Unicode, no markup). */
  description: string;
  /** Parameter input (aliases allowed), resolved against the model's schema. */
  values: ParamInput;
}

/** Settings of a time-domain run, as the CLI flags and a project's simulate study give them. */
export interface SimulateSettingsInput {
  port?: number;
  input?: string;
  /** Seconds; defaults scale with the slowest lifetime of the model. */
  tEnd?: number;
  width?: number;
  t0?: number;
  samples?: number;
  /** Fixed integration step (s); default adaptive. */
  h?: number;
  compareIdeal?: boolean;
}

export interface SimulateRequest<S extends object = SimulateSettingsInput> {
  params: ParamInput;
  settings: S;
}

/**
 * Study kinds whose result is arrays over one independent axis: a time-domain run ('simulate', the
 * classical models), the steady state's intensity correlation g2(τ) ('correlation'), its emission
 * spectrum S(ω) ('spectrum') and a pulse's response ρ(t) ('pulse'; the quantum models). A study of
 * such a kind keeps its settings under the field of the same name (`study.correlation`, …).
 */
export const TRACE_KINDS = ['simulate', 'correlation', 'spectrum', 'pulse'] as const;

/** Most samples of a correlation, spectrum or pulse run's axis (and of an explicit `values` list). */
export const MAX_TRACE_SAMPLES = 100_000;
export type TraceKind = (typeof TRACE_KINDS)[number];

/**
 * Samples of an independent axis (τ of a correlation, ω of a spectrum): `samples` values evenly
 * from `from` to `to`, or the explicit `values` (then from/to/samples must be absent). Absent
 * fields take the run's defaults (which scale with the model's rates).
 */
export interface AxisSamplesInput {
  from?: number;
  to?: number;
  samples?: number;
  values?: number[];
  /**
   * Which traces to compute (the run's trace names, e.g. 'a_to_c', or 'a->c' and 'a->c,d' of a
   * network); absent: all of them (both driving directions).
   */
  traces?: string[];
}

/** Settings of a correlation run: τ ≥ 0 in units of 1/κ (default 0 … 10/κ_min, 201 samples). */
export type CorrelationSettingsInput = AxisSamplesInput;
/** Settings of a spectrum run: ω − ω_drive in units of κ (default symmetric, 1001 samples). */
export type SpectrumSettingsInput = AxisSamplesInput;

/** Envelope f(t) of a pulse run's drive Ω(t) = amplitude · f(t). */
export type PulseShape = 'on' | 'off' | 'rect' | 'gaussian';

/** Settings of a pulse run (times in units of 1/κ). */
export interface PulseSettingsInput {
  /**
   * on: f = 0 before t0, 1 after (switch-on); off: 1 before t0, 0 after (ring-down); rect: 1 on
   * [t0, t0 + width], else 0; gaussian: exp(−(t − t0)²/(2 width²)). Default gaussian.
   */
  shape?: PulseShape;
  /** Peak drive amplitude (units of κ); default the model's drive Ω of each direction. */
  amplitude?: number;
  t0?: number;
  width?: number;
  tEnd?: number;
  samples?: number;
  /** The state at t = 0: the vacuum, or the steady state under the constant drive `amplitude`. Default: vacuum, steady for 'off'. */
  initial?: 'vacuum' | 'steady';
  traces?: string[];
}

/** One setting of a trace run as the app's form and the CLI's flags show it. */
export interface TraceSetting {
  key: string;
  /** Plain text. */
  label: string;
  kind: 'number' | 'integer' | 'choice';
  unit?: string;
  choices?: { value: string; label: string }[];
  /** What the default is, in words (defaults may scale with the model's rates), e.g. '10/κ_min'. */
  defaultText: string;
  description: string;
}

/** One time trace of a run (one loss law, or one variant compared): its named arrays. */
export interface SimulationTrace {
  /** Name of the trace (e.g. the loss law); arrays are stored as `<name>.<field>`. */
  loss: string;
  /** Field → samples (same length as `t`), fields as {@link ModelSimulation.traceFields} lists them. */
  fields: Record<string, Float64Array>;
  /** How the integration went (JSON-able). */
  diagnostics: object;
}

/** A time-domain run: sample times, traces, and the JSON-able settings stored with the result. */
export interface SimulationOutput {
  model: string;
  /** The independent axis' values (time t, delay τ or frequency ω: see {@link ModelSimulation.axis}). */
  t: Float64Array;
  traces: SimulationTrace[];
  /** What a stored result keeps beside the traces (e.g. the driven port and the waveform). */
  stored: Record<string, unknown>;
  /** The resolved parameters of the run, as the model uses them. */
  params: object;
}

/**
 * One kind of trace run of a model (absent: the model has no studies of that kind): the time-domain
 * side (`simulate`) or one of the quantum dynamics (`dynamics.correlation|spectrum|pulse`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each run types its own settings
export interface ModelSimulation<S extends object = any> {
  /** Run it; settings errors name the setting (the CLI shows them as --flag). */
  run(req: SimulateRequest<S>): SimulationOutput;
  /**
   * The independent axis: its key (the stored array's name), symbol, label and unit. Absent: time,
   * `{ key: 't', symbol: 't', label: 'Time', unit: 's' }`.
   */
  axis?: QuantitySpec;
  /** Fields of every trace (the arrays `<trace>.<field>`) with symbol, label and unit. */
  traceFields: QuantitySpec[];
  /** Every trace name a run can produce at the model's default parameters (e.g. the loss laws and 'ideal'). */
  traceNames: string[];
  /** The fields at these (resolved) parameters, when they depend on them (a network's ports and resonators). Absent: traceFields. */
  traceFieldsFor?(values: ParamValues): QuantitySpec[];
  /** The trace names at these (resolved) parameters, when they depend on them (a network's output pairs). Absent: traceNames. */
  tracesFor?(values: ParamValues): string[];
  /** The settings a run takes (the study's form, the CLI's flags); absent: the simulate settings of {@link SimulateSettingsInput}. */
  settings?: TraceSetting[];
  /** Lines for the export's notes: how a stored run was integrated (from its stored output). */
  notes?(stored: unknown): string[];
}

export interface ModelDefinition<O = Record<string, unknown>> {
  id: string;
  title: string;
  description: string;
  reference: string;
  /** The parameters (for a model whose parameters depend on a structural one: those of its default structure). */
  schema: ParamSchema;
  /**
   * The schema for these parameter values, when the parameters themselves depend on one of them
   * (the network model: its modes and couplings, hence keys such as "a.Delta", come from its
   * `network` parameter). Absent: {@link ModelDefinition.schema}. Reach it through the registry's
   * `schemaOf(model, input)`.
   * @throws ParameterError naming the structural parameter's field when it is bad.
   */
  schemaFor?(input: ParamInput): ParamSchema;
  /**
   * The editor of the structural parameter (tables, presets, schematic), for a model with
   * {@link ModelDefinition.schemaFor}: the app shows it generically (src-core/models/structure.ts).
   */
  structure?: StructureDefinition;
  /** Named parameter sets (the paper's operating points); optional. */
  presets?: ModelPreset[];
  /** Scalars the model yields for the given (resolved) parameters, in display order. */
  quantities(values: ParamValues): QuantitySpec[];
  /** A solver for repeated evaluations (holds its own workspaces). */
  createSolver(): PointSolver<O>;
  /** Rough cost of one point in milliseconds on one core, for chunking studies and estimates. */
  pointCostMs(values: ParamValues): number;
  /**
   * What a coarse (approximate, cheaper) solve of these resolved parameters is, for live
   * exploration: parameter overrides merged over the request's parameters, e.g. a fixed small
   * truncation without its convergence test (`{ fock: 3, convergence: 'none' }`). Return `{}` when
   * these parameters cannot be made cheaper (then a live preview only uses fewer points). Absent: the
   * same. A sweep started with `SweepRequest.coarse` applies it and reports the overrides in its
   * header's `coarse`; clients must show such results as approximate.
   */
  coarse?(values: ParamValues): ParamInput;
  /**
   * Peak working memory of one point's solve (bytes), for the solver pool's memory budget, and the
   * parameter that sets it (named when a task does not fit). Absent: negligible.
   */
  pointMemory?(values: ParamValues): { bytes: number; param: string };
  /**
   * The solver and its truncation as one line for cost estimates, from the (possibly partial, not
   * yet resolved) parameter values of a study, e.g. 'quantum, total excitations ≤ auto (convergence test)'.
   */
  describeSolver(values: Record<string, unknown>): string;
  /**
   * The point inspector's report of one solved point (rows, diagnostics with their thresholds,
   * warnings) from the stored or solved output; the renderer only draws it.
   */
  pointReport(output: unknown, scalars: Record<string, number>, opts: ReportOptions): PointReport;
  /** Time-domain runs (simulate studies, `nrlab simulate`); absent when the model has none. */
  simulate?: ModelSimulation;
  /**
   * Quantum dynamics of the steady state and under pulses (correlation, spectrum and pulse
   * studies; `nrlab correlate|spectrum|evolve`); absent when the model has none.
   */
  dynamics?: {
    correlation?: ModelSimulation<CorrelationSettingsInput>;
    spectrum?: ModelSimulation<SpectrumSettingsInput>;
    pulse?: ModelSimulation<PulseSettingsInput>;
  };
  /**
   * Every steady-state branch over a range of one parameter, by numerical continuation, with each
   * point's stability (`nrlab continue`); absent when the model has none.
   */
  continuation?: ModelContinuation;
  /**
   * Notes on the solver's settings and tolerances for a stored point or sweep result, as the
   * exports print them (`params`: the provenance's parameters; `output`: a point's stored output;
   * `columns`: the stored sweep arrays by quantity).
   */
  solverNotes?(params: Record<string, unknown>, output: unknown, columns: Record<string, Float64Array>): string[];
  /** The standalone Python script that recomputes a stored study (absent: no script export). */
  pythonScript?(ctx: ScriptContext): string;
  /** What that script needs, in words (e.g. 'numpy and SciPy'). */
  scriptRequirements?: string;
}

/** One steady-state branch of a continuation: points in order of arclength, with the quantities of each. */
export interface ContinuationBranch {
  /** What distinguishes the branch beyond its points (e.g. 'r2 stuck at 0'); '' for none. */
  label: string;
  /** The varied parameter at each point. */
  p: Float64Array;
  stable: boolean[];
  /** Largest real part of the eigenvalues of the Jacobian at each point (unstable when > 0). */
  maxRe: Float64Array;
  /** One array per quantity (keys of ModelContinuation.fields), aligned with p. */
  values: Record<string, Float64Array>;
  /** Turning points in p, with the quantities there. */
  folds: { p: number; values: Record<string, number> }[];
  /** Runs of constant stability (inclusive indices). */
  segments: { start: number; end: number; stable: boolean }[];
  /** Why each end stopped: 'bound', 'singular' (a non-smooth point, e.g. a stuck resonator), 'max-points', … */
  ends: [string, string];
}

export interface ContinuationRequest {
  /** The parameter varied (one of ModelContinuation.parameters). */
  vary: string;
  lo: number;
  hi: number;
  /** The driven port (1-based; default 1). */
  port?: number;
  /** Most points per branch and direction. */
  maxPoints?: number;
}

/** One direction of a stepped time-domain sweep (ModelContinuation.sweep), aligned arrays. */
export interface ContinuationSweep {
  /** The parameter's values in the order visited. */
  p: Float64Array;
  /** One array per quantity (keys of ModelContinuation.fields). */
  values: Record<string, Float64Array>;
  /** The run at each value came to rest (false: still moving at the end, e.g. oscillating). */
  settled: boolean[];
}

export interface ModelContinuation {
  /** The parameters a continuation may vary. */
  parameters: string[];
  /** The quantities stored per point (at the given parameter values: they may depend on the structure). */
  fields(values: ParamValues, port: number): QuantitySpec[];
  run(values: ParamValues, req: ContinuationRequest): { branches: ContinuationBranch[]; notes: string[] };
  /**
   * The time-domain check of the branches' stability: the parameter stepped from lo to hi (from
   * rest) and back, each value's run started where the previous one ended and integrated until it
   * settles (`steps` values each way). Absent: the model has none.
   */
  sweep?(values: ParamValues, req: ContinuationRequest & { steps: number }): { up: ContinuationSweep; down: ContinuationSweep; notes: string[] };
}

/** The serialisable description of one trace kind of a model, for clients (forms, figures). */
export interface TraceRunInfo {
  axis: QuantitySpec;
  traceFields: QuantitySpec[];
  /** Trace names at the model's default parameters (a network's depend on its spec: ask a run). */
  traceNames: string[];
  /** Absent: the simulate settings. */
  settings?: TraceSetting[];
}

/** The serialisable description of a model that clients receive (schema and default quantities). */
export interface ModelInfo {
  id: string;
  title: string;
  description: string;
  reference: string;
  schema: ParamSchema;
  /** Scalars the model yields at its default parameters. */
  quantities: QuantitySpec[];
  /** Named parameter sets (absent: none). */
  presets?: ModelPreset[];
  /** True when the model has time-domain runs (study kind 'simulate'); absent otherwise. */
  simulate?: boolean;
  /** The trace-study kinds the model has besides 'simulate' (e.g. ['correlation', 'spectrum', 'pulse']); absent: none. */
  dynamics?: TraceKind[];
  /** What each trace kind of the model draws and takes (every kind it has, 'simulate' included); absent: none. */
  runs?: Partial<Record<TraceKind, TraceRunInfo>>;
  /** What its exported Python script needs (absent: no script export). */
  scriptRequirements?: string;
  /** Continuation studies: the parameters it can vary and whether it has the up/down time-domain sweep; absent: none. */
  continuation?: { parameters: string[]; sweep: boolean };
}
