/**
 * The quantum dynamics of a network (and of every model built on the network engine): g2(τ) of
 * the steady state, its emission spectrum S(ω) and the response to a pulsed drive, as the trace
 * runs `ModelDefinition.dynamics.correlation|spectrum|pulse` (docs/dynamics.md). A model supplies
 * a {@link DynamicsView} — how its parameters become a network spec and a truncation, and how it
 * names the output pairs — and gets the three runs.
 */
import { ComputationError, ParameterError, shown } from '../../errors.js';
import { fockBasis, type FockBasis } from '../../quantum/fock.js';
import { buildHamiltonian, type SparseMatrix } from '../../quantum/operators.js';
import { emissionSpectrum, intensityCorrelation, type LindbladSystem } from '../../solvers/lindblad-dynamics/steady-correlations.js';
import { evolvePulse } from '../../solvers/lindblad-dynamics/pulse.js';
import {
  MAX_TRACE_SAMPLES,
  type AxisSamplesInput,
  type ModelDefinition,
  type ModelSimulation,
  type PulseSettingsInput,
  type PulseShape,
  type QuantitySpec,
  type SimulateRequest,
  type SimulationOutput,
  type SimulationTrace,
  type TraceSetting,
} from '../model.js';
import type { ParamInput, ParamValues } from '../params.js';
import { excitationGrading, networkDecay, networkHamiltonian, solveNetworkQuantum, TOP_SHELL_LIMIT, type NetworkLabels, type NetworkQuantumResult, type NetworkQuantumSettings } from './quantum.js';
import { outputPairs, type NetworkSpec } from './spec.js';

/** What a model built on the network engine tells the dynamics about one parameter point. */
export interface DynamicsView {
  /** Resolved parameter values (stored with the run). */
  values: ParamValues;
  spec: NetworkSpec;
  settings: NetworkQuantumSettings;
  labels?: NetworkLabels;
}

/** How a model names its output pairs (the network: 'a->c' itself; the three-cavity model: 'a_to_c'). */
export interface DynamicsNaming {
  trace(pair: string): string;
}

const TAU: QuantitySpec = { key: 'tau', symbol: 'τ', label: 'Delay', unit: '1/κ' };
const OMEGA: QuantitySpec = { key: 'omega', symbol: 'ω − ω_{L}', label: 'Frequency from the drive', unit: 'κ', signed: true };
const TIME: QuantitySpec = { key: 't', symbol: 't', label: 'Time', unit: '1/κ' };

export const CORRELATION_FIELDS: QuantitySpec[] = [{ key: 'g2', symbol: 'g^{(2)}(τ)', label: 'Intensity correlation g2(τ)', unit: '' }];
export const SPECTRUM_FIELDS: QuantitySpec[] = [{ key: 'S', symbol: 'S(ω)', label: 'Incoherent emission spectrum', unit: '1/κ' }];
export const PULSE_FIELDS: QuantitySpec[] = [
  { key: 'drive', symbol: 'Ω(t)', label: 'Drive amplitude', unit: 'κ' },
  { key: 'flux', symbol: 'κ⟨n⟩', label: 'Output photon flux', unit: 'κ' },
  { key: 'n', symbol: '⟨n⟩', label: 'Mean photon number of the output', unit: '' },
  { key: 'g2', symbol: 'g^{(2)}(t)', label: 'Equal-time intensity correlation g2(t)', unit: '' },
  { key: 'photons', symbol: 'N_{out}(t)', label: 'Photons out of the port so far', unit: '' },
];

const SAMPLE_SETTINGS = (axis: string, unit: string, from: string, to: string, samples: string, meaning = ''): TraceSetting[] => [
  { key: 'from', label: `First ${axis}`, kind: 'number', unit, defaultText: from, description: `the first ${axis} sampled${meaning}` },
  { key: 'to', label: `Last ${axis}`, kind: 'number', unit, defaultText: to, description: `the last ${axis} sampled${meaning}` },
  { key: 'samples', label: 'Samples', kind: 'integer', defaultText: samples, description: `how many ${axis} values, evenly spaced from the first to the last (at most ${MAX_TRACE_SAMPLES})` },
];

export const CORRELATION_SETTINGS = SAMPLE_SETTINGS('delay τ', '1/κ', '0', '10/κ_min', '201');
export const SPECTRUM_SETTINGS = SAMPLE_SETTINGS('frequency ω', 'κ', '−W (W from the rates)', 'W', '1001', ', relative to the drive (ω − ω_L: emitted minus drive frequency)');
export const PULSE_SETTINGS: TraceSetting[] = [
  {
    key: 'shape',
    label: 'Pulse shape',
    kind: 'choice',
    choices: [
      { value: 'gaussian', label: 'Gaussian' },
      { value: 'rect', label: 'Rectangular' },
      { value: 'on', label: 'Switch on' },
      { value: 'off', label: 'Switch off (ring-down)' },
    ],
    defaultText: 'gaussian',
    description: 'the envelope f(t) of the drive Ω(t) = amplitude · f(t)',
  },
  { key: 'amplitude', label: 'Peak amplitude', kind: 'number', unit: 'κ', defaultText: "the model's drive Ω", description: 'the drive amplitude at f = 1' },
  { key: 't0', label: 'Centre or start t0', kind: 'number', unit: '1/κ', defaultText: '3·width (gaussian), 1/κ_min', description: "the Gaussian's centre, the rectangle's start or the switching time" },
  { key: 'width', label: 'Width', kind: 'number', unit: '1/κ', defaultText: '2/κ_min', description: "the Gaussian's standard deviation or the rectangle's duration" },
  { key: 'tEnd', label: 'End time', kind: 'number', unit: '1/κ', defaultText: 'pulse + 10/κ_min', description: 'how long to follow ρ(t)' },
  { key: 'samples', label: 'Samples', kind: 'integer', defaultText: '1001', description: `output samples from 0 to the end time (at most ${MAX_TRACE_SAMPLES})` },
  {
    key: 'initial',
    label: 'Initial state',
    kind: 'choice',
    choices: [
      { value: 'vacuum', label: 'Vacuum' },
      { value: 'steady', label: 'Steady state at the peak amplitude' },
    ],
    defaultText: 'vacuum (steady for a switch-off)',
    description: 'the state at t = 0',
  },
];

function positiveKappas(spec: NetworkSpec): number[] {
  return spec.modes.map((m) => m.kappa).filter((k) => k > 0);
}

const num = (s: Record<string, unknown>, key: string): number | undefined => {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParameterError(key, `must be a finite number, got ${shown(v)}`);
  return v;
};

function settingsObject(s: unknown, allowed: string[]): Record<string, unknown> {
  if (s === undefined || s === null) return {};
  if (typeof s !== 'object' || Array.isArray(s)) throw new ParameterError('settings', `must be an object, got ${shown(s)}`);
  for (const k of Object.keys(s)) if (!allowed.includes(k)) throw new ParameterError(k, `is not a setting of this run; settings: ${allowed.join(', ')}`);
  return s as Record<string, unknown>;
}

/**
 * How far a delay or a pulse run may reach, in units of 1/κ_min: far beyond any relaxation (g2 is 1
 * and ρ settled long before), and short enough that the propagation's error bound, which grows with
 * the time propagated, stays within its tolerance (at 10¹² /κ a g2 came out 5% off).
 */
export const MAX_SPAN = 1e6;

/** The axis values of from/to/samples or values (errors name the setting); `max` bounds every value. */
export function axisSamples(s: Record<string, unknown>, def: { from: number; to: number; samples: number }, min?: number, max?: { value: number; why: string }): Float64Array {
  const values = s.values;
  if (values !== undefined) {
    for (const k of ['from', 'to', 'samples']) if (s[k] !== undefined) throw new ParameterError(k, 'give either values or from/to/samples, not both');
    if (!Array.isArray(values) || values.length < 1) throw new ParameterError('values', `must be a non-empty list of numbers, got ${shown(values)}`);
    if (values.length > MAX_TRACE_SAMPLES) throw new ParameterError('values', `lists ${values.length} values; the limit is ${MAX_TRACE_SAMPLES}`);
    return Float64Array.from(values, (v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParameterError(`values[${i}]`, `must be a finite number, got ${shown(v)}`);
      if (min !== undefined && v < min) throw new ParameterError(`values[${i}]`, `must be ≥ ${min}, got ${v}`);
      if (max && v > max.value) throw new ParameterError(`values[${i}]`, `must be ≤ ${Number(max.value.toPrecision(6))} (${max.why}), got ${v}`);
      return v;
    });
  }
  const from = num(s, 'from') ?? def.from;
  const to = num(s, 'to') ?? def.to;
  const samples = num(s, 'samples') ?? def.samples;
  if (!Number.isInteger(samples) || samples < 1) throw new ParameterError('samples', `must be a whole number ≥ 1, got ${samples}`);
  if (samples > MAX_TRACE_SAMPLES) throw new ParameterError('samples', `is ${samples}; the limit is ${MAX_TRACE_SAMPLES}`);
  if (min !== undefined && from < min) throw new ParameterError('from', `must be ≥ ${min}, got ${from}`);
  if (!(to > from) && samples > 1) throw new ParameterError('to', `must be greater than from (${from}), got ${to}`);
  if (max && Math.max(from, to) > max.value) throw new ParameterError(to > max.value ? 'to' : 'from', `must be ≤ ${Number(max.value.toPrecision(6))} (${max.why}), got ${Math.max(from, to)}`);
  if (samples === 1) return Float64Array.of(from);
  return Float64Array.from({ length: samples }, (_, i) => (i === samples - 1 ? to : from + ((to - from) * i) / (samples - 1)));
}

/** The axis as the run resolved it, in the form the settings take (a run given these settings reproduces it). */
function samplesStored(s: Record<string, unknown>, axis: Float64Array): { values: number[] } | { from: number; to: number; samples: number } {
  return s.values !== undefined ? { values: Array.from(axis) } : { from: axis[0]!, to: axis[axis.length - 1]!, samples: axis.length };
}

/** The traces the settings ask for (all when absent), validated against those the point has. */
function chosenTraces(s: Record<string, unknown>, available: string[]): string[] {
  const t = s.traces;
  if (t === undefined) return available;
  if (!Array.isArray(t) || t.length < 1) throw new ParameterError('traces', `must be a non-empty list of trace names (${available.join(', ')}), got ${shown(t)}`);
  t.forEach((x, i) => {
    if (typeof x !== 'string' || !available.includes(x)) throw new ParameterError(`traces[${i}]`, `unknown trace ${shown(x)}; traces: ${available.join(', ')}`);
  });
  return available.filter((x) => t.includes(x));
}

interface PairInfo {
  name: string;
  pair: string;
  direction: number;
  drive: number;
  /** Output modes: one (a pair), or two (a cross-correlation: j at 0, k at τ). */
  j: number;
  k: number;
}

function pairInfos(spec: NetworkSpec, naming: DynamicsNaming, cross: boolean): PairInfo[] {
  const idx = new Map(spec.modes.map((m, q) => [m.name, q]));
  const out: PairInfo[] = outputPairs(spec).map((p) => ({ name: naming.trace(p.key), pair: p.key, direction: p.direction, drive: idx.get(p.drive)!, j: idx.get(p.output)!, k: idx.get(p.output)! }));
  if (cross) {
    spec.directions.forEach((d, k) => {
      for (const a of d.outputs) for (const b of d.outputs) if (a !== b) out.push({ name: `${d.drive}->${a},${b}`, pair: `${d.drive}->${a},${b}`, direction: k, drive: idx.get(d.drive)!, j: idx.get(a)!, k: idx.get(b)! });
    });
  }
  return out;
}

function system(spec: NetworkSpec, direction: number, basis: FockBasis): LindbladSystem {
  // the steady state's grading (quantum.ts: solveNetworkDirection), for the spectrum's Lanczos process
  const d = spec.directions[direction]!;
  const at = (name: string): number => spec.modes.findIndex((m) => m.name === name);
  const loss = (spec.modes[at(d.drive)]!.kappa + spec.modes[at(d.outputs[0]!)]!.kappa) / 2;
  const thermal = Math.max(0, ...spec.modes.map((m) => m.n_th));
  return { basis, H: buildHamiltonian(basis, networkHamiltonian(spec, direction)), decay: networkDecay(spec, basis), grading: excitationGrading(basis, d.Omega / loss, thermal) };
}

function steady(view: DynamicsView): { result: NetworkQuantumResult; basis: FockBasis; warnings: string[] } {
  const result = solveNetworkQuantum(view.spec, view.settings, undefined, view.labels);
  const basis = fockBasis(result.truncation.basis, view.spec.modes.length, result.truncation.fock);
  const warnings = result.truncation.converged ? [] : [`the truncation is not converged: ${result.truncation.reason ?? 'see truncation'}`];
  return { result, basis, warnings };
}

function truncationStored(r: NetworkQuantumResult): Record<string, unknown> {
  const t = r.truncation;
  return { basis: t.basis, fock: t.fock, dim: t.dim, mode: t.mode, converged: t.converged, ...(t.reason ? { reason: t.reason } : {}) };
}

function kappaMin(spec: NetworkSpec): number {
  return Math.min(...positiveKappas(spec));
}

function output(model: string, view: DynamicsView, axis: Float64Array, traces: SimulationTrace[], stored: Record<string, unknown>, warnings: string[]): SimulationOutput {
  return { model, t: axis, traces, stored: { ...stored, ...(warnings.length ? { warnings } : {}) }, params: view.values };
}

/** The three dynamics runs of a model on the network engine. */
export function networkDynamics(
  model: string,
  viewOf: (params: ParamInput) => DynamicsView,
  naming: DynamicsNaming,
  defaults: ParamInput,
): NonNullable<ModelDefinition['dynamics']> {
  const defaultSpec = (): NetworkSpec => viewOf(defaults).spec;
  const tracesOf = (spec: NetworkSpec, cross: boolean): string[] => pairInfos(spec, naming, cross).map((p) => p.name);
  const tracesFor = (cross: boolean) => (values: ParamValues): string[] => tracesOf(viewOf(values).spec, cross);

  const correlation: ModelSimulation<AxisSamplesInput> = {
    axis: TAU,
    traceFields: CORRELATION_FIELDS,
    traceNames: tracesOf(defaultSpec(), true),
    tracesFor: tracesFor(true),
    settings: CORRELATION_SETTINGS,
    run(req: SimulateRequest<AxisSamplesInput>): SimulationOutput {
      const view = viewOf(req.params ?? {});
      const s = settingsObject(req.settings, ['from', 'to', 'samples', 'values', 'traces']);
      const tau = axisSamples(s, { from: 0, to: 10 / kappaMin(view.spec), samples: 201 }, 0, { value: MAX_SPAN / kappaMin(view.spec), why: `${MAX_SPAN}/κ_min: g2 has relaxed to 1 long before` });
      const infos = pairInfos(view.spec, naming, true);
      const names = chosenTraces(s, infos.map((p) => p.name));
      const { result, basis, warnings } = steady(view);
      const traces: SimulationTrace[] = [];
      const perTrace: Record<string, unknown> = {};
      // one propagation per (direction, j) serves every k
      const groups = new Map<string, PairInfo[]>();
      for (const p of infos.filter((x) => names.includes(x.name))) {
        const key = `${p.direction}:${p.j}`;
        groups.set(key, [...(groups.get(key) ?? []), p]);
      }
      const byName = new Map<string, SimulationTrace>();
      for (const group of groups.values()) {
        const { direction, j } = group[0]!;
        const c = intensityCorrelation(system(view.spec, direction, basis), result.directions[direction]!.rho, j, group.map((p) => p.k), tau);
        group.forEach((p, q) => {
          byName.set(p.name, { loss: p.name, fields: { g2: c.g2[q]! }, diagnostics: c.diagnostics });
          perTrace[p.name] = { mean_n: c.meanJ, ...(p.j !== p.k ? { mean_n_tau: c.meanK[q] } : {}), g2_0: c.g2[q]![0] };
        });
      }
      for (const name of names) traces.push(byName.get(name)!);
      const settings = { ...samplesStored(s, tau), traces: names };
      return output(model, view, tau, traces, { kind: 'correlation', settings, truncation: truncationStored(result), traces: perTrace }, warnings);
    },
    notes: (stored) => dynamicsNotes(stored),
  };

  const spectrum: ModelSimulation<AxisSamplesInput> = {
    axis: OMEGA,
    traceFields: SPECTRUM_FIELDS,
    traceNames: tracesOf(defaultSpec(), false),
    tracesFor: tracesFor(false),
    settings: SPECTRUM_SETTINGS,
    run(req: SimulateRequest<AxisSamplesInput>): SimulationOutput {
      const view = viewOf(req.params ?? {});
      const s = settingsObject(req.settings, ['from', 'to', 'samples', 'values', 'traces']);
      const spec = view.spec;
      const W = spectrumHalfWidth(spec);
      const omega = axisSamples(s, { from: -W, to: W, samples: 1001 });
      const infos = pairInfos(spec, naming, false);
      const names = chosenTraces(s, infos.map((p) => p.name));
      const { result, basis, warnings } = steady(view);
      const traces: SimulationTrace[] = [];
      const perTrace: Record<string, unknown> = {};
      for (const p of infos.filter((x) => names.includes(x.name))) {
        const r = emissionSpectrum(system(spec, p.direction, basis), result.directions[p.direction]!.rho, p.j, omega);
        traces.push({ loss: p.name, fields: { S: r.S }, diagnostics: r.diagnostics });
        perTrace[p.name] = {
          mean_n: r.mean_n,
          mean_a_re: r.mean_a[0],
          mean_a_im: r.mean_a[1],
          coherent: r.mean_a[0] ** 2 + r.mean_a[1] ** 2,
          incoherent: r.mean_n - (r.mean_a[0] ** 2 + r.mean_a[1] ** 2),
          coherentFraction: r.coherentFraction,
        };
      }
      const settings = { ...samplesStored(s, omega), traces: names };
      return output(model, view, omega, traces, { kind: 'spectrum', settings, truncation: truncationStored(result), traces: perTrace }, warnings);
    },
    notes: (stored) => dynamicsNotes(stored),
  };

  const pulse: ModelSimulation<PulseSettingsInput> = {
    axis: TIME,
    traceFields: PULSE_FIELDS,
    traceNames: tracesOf(defaultSpec(), false),
    tracesFor: tracesFor(false),
    settings: PULSE_SETTINGS,
    run(req: SimulateRequest<PulseSettingsInput>): SimulationOutput {
      const view = viewOf(req.params ?? {});
      const s = settingsObject(req.settings, ['shape', 'amplitude', 't0', 'width', 'tEnd', 'samples', 'initial', 'traces']);
      const p = pulseSettings(s, view.spec);
      const infos = pairInfos(view.spec, naming, false);
      const names = chosenTraces(s, infos.map((x) => x.name));
      // the network at the peak amplitude: its steady state is the initial state 'steady', and its truncation serves the run
      const spec: NetworkSpec = p.amplitude === undefined ? view.spec : { ...view.spec, directions: view.spec.directions.map((d) => ({ ...d, Omega: p.amplitude! })) };
      const { result, basis, warnings } = steady({ ...view, spec });
      const traces: SimulationTrace[] = [];
      const perTrace: Record<string, unknown> = {};
      const times = Float64Array.from({ length: p.samples }, (_, i) => (i === p.samples - 1 ? p.tEnd : (p.tEnd * i) / (p.samples - 1)));
      const chosen = infos.filter((x) => names.includes(x.name));
      // the directions needed, each integrated once for all of its outputs
      for (const direction of [...new Set(chosen.map((x) => x.direction))]) {
        const outs = chosen.filter((x) => x.direction === direction);
        const { H0, Hd } = splitDrive(spec, direction, basis);
        const rho0 = p.initial === 'steady' ? result.directions[direction]!.rho : vacuum(basis);
        const amp = spec.directions[direction]!.Omega;
        const r = evolvePulse({ basis, H0, Hd, decay: networkDecay(spec, basis) }, rho0, {
          envelope: p.envelope,
          breakpoints: p.breakpoints,
          constant: p.constant,
          times,
          outputs: outs.map((o) => ({ mode: o.j, kappa: spec.modes[o.j]!.kappa })),
          hMax: p.hMax,
        });
        if (r.diagnostics.minEigenvalue < -1e-8) warnings.push(`ρ(t_end) of ${outs.map((o) => o.name).join(', ')} has a negative eigenvalue ${r.diagnostics.minEigenvalue.toExponential(2)}: the integration lost positivity`);
        if (r.diagnostics.topShell > TOP_SHELL_LIMIT) warnings.push(`the top truncation shell holds up to ${r.diagnostics.topShell.toExponential(2)} of the population during the pulse (limit ${TOP_SHELL_LIMIT}): raise fock`);
        outs.forEach((o, q) => {
          const kappa = spec.modes[o.j]!.kappa;
          const drive = Float64Array.from(times, (t) => amp * p.envelope(t));
          const flux = Float64Array.from(r.n[q]!, (x) => kappa * x);
          traces.push({ loss: o.name, fields: { drive, flux, n: r.n[q]!, g2: r.g2[q]!, photons: r.photons[q]! }, diagnostics: r.diagnostics });
          const ph = r.photons[q]!;
          let peak = 0;
          for (const x of flux) peak = Math.max(peak, x);
          perTrace[o.name] = { photons: ph[ph.length - 1], peakFlux: peak, amplitude: amp, minEigenvalue: r.diagnostics.minEigenvalue, traceError: r.diagnostics.traceError, topShell: r.diagnostics.topShell, steps: r.diagnostics.steps, rejected: r.diagnostics.rejected };
        });
      }
      traces.sort((a, b) => names.indexOf(a.loss) - names.indexOf(b.loss));
      const settings = { shape: p.shape, ...(p.amplitude !== undefined ? { amplitude: p.amplitude } : {}), t0: p.t0, width: p.width, tEnd: p.tEnd, samples: p.samples, initial: p.initial, traces: names };
      return output(model, view, times, traces, { kind: 'pulse', settings, truncation: truncationStored(result), traces: perTrace }, warnings);
    },
    notes: (stored) => dynamicsNotes(stored),
  };

  return { correlation, spectrum, pulse };
}

/** Half-width of the default spectrum window: the lines lie within the mode energies, couplings and Kerr shifts of a few photons. */
export function spectrumHalfWidth(spec: NetworkSpec): number {
  const kmax = Math.max(...spec.modes.map((m) => m.kappa));
  const dmax = Math.max(...spec.modes.map((m) => Math.abs(m.Delta)));
  const umax = Math.max(...spec.modes.map((m) => Math.abs(m.U)));
  const jsum = spec.couplings.reduce((a, c) => a + Math.abs(c.J), 0);
  const w = 5 * kmax + dmax + 2 * umax + jsum;
  // two significant digits
  const e = Math.pow(10, Math.floor(Math.log10(w)) - 1);
  return Math.ceil(w / e) * e;
}

interface ResolvedPulse {
  shape: PulseShape;
  amplitude?: number;
  t0: number;
  width: number;
  tEnd: number;
  samples: number;
  initial: 'vacuum' | 'steady';
  envelope: (t: number) => number;
  breakpoints: number[];
  constant: { from: number; to: number; value: number }[];
  hMax: (t: number) => number;
}

function pulseSettings(s: Record<string, unknown>, spec: NetworkSpec): ResolvedPulse {
  const shape = (s.shape ?? 'gaussian') as PulseShape;
  if (!['gaussian', 'rect', 'on', 'off'].includes(shape as string)) throw new ParameterError('shape', `must be gaussian, rect, on or off, got ${shown(s.shape)}`);
  const T = 1 / kappaMin(spec);
  const amplitude = num(s, 'amplitude');
  if (amplitude !== undefined && !(amplitude > 0)) throw new ParameterError('amplitude', `must be > 0, got ${amplitude}`);
  const width = num(s, 'width') ?? 2 * T;
  if (!(width > 0)) throw new ParameterError('width', `must be > 0, got ${width}`);
  if (width > MAX_SPAN * T) throw new ParameterError('width', `must be ≤ ${Number((MAX_SPAN * T).toPrecision(6))} (${MAX_SPAN}/κ_min), got ${width}`);
  const t0 = num(s, 't0') ?? (shape === 'gaussian' ? 3 * width : T);
  if (!(t0 >= 0)) throw new ParameterError('t0', `must be ≥ 0, got ${t0}`);
  if (t0 > MAX_SPAN * T) throw new ParameterError('t0', `must be ≤ ${Number((MAX_SPAN * T).toPrecision(6))} (${MAX_SPAN}/κ_min), got ${t0}`);
  const tail = 10 * T;
  const tEnd = num(s, 'tEnd') ?? (shape === 'gaussian' ? t0 + 3 * width + tail : shape === 'rect' ? t0 + width + tail : t0 + 1.5 * tail);
  if (!(tEnd > 0)) throw new ParameterError('tEnd', `must be > 0, got ${tEnd}`);
  if (tEnd > MAX_SPAN * T) throw new ParameterError('tEnd', `must be ≤ ${Number((MAX_SPAN * T).toPrecision(6))} (${MAX_SPAN}/κ_min: ρ has settled long before), got ${tEnd}`);
  // the pulse's edges must stay apart at the run's resolution of time (1e-12 of tEnd)
  if (shape !== 'on' && shape !== 'off' && width < 1e-9 * tEnd) throw new ParameterError('width', `must be at least 1e-9 of tEnd (${tEnd}) to be resolved, got ${width}`);
  const samples = num(s, 'samples') ?? 1001;
  if (!Number.isInteger(samples) || samples < 2 || samples > MAX_TRACE_SAMPLES) throw new ParameterError('samples', `must be a whole number from 2 to ${MAX_TRACE_SAMPLES}, got ${samples}`);
  const initial = (s.initial ?? (shape === 'off' ? 'steady' : 'vacuum')) as 'vacuum' | 'steady';
  if (initial !== 'vacuum' && initial !== 'steady') throw new ParameterError('initial', `must be vacuum or steady, got ${shown(s.initial)}`);
  const envelope =
    shape === 'gaussian'
      ? (t: number) => Math.exp(-((t - t0) ** 2) / (2 * width * width))
      : shape === 'rect'
        ? (t: number) => (t >= t0 && t < t0 + width ? 1 : 0)
        : shape === 'on'
          ? (t: number) => (t >= t0 ? 1 : 0)
          : (t: number) => (t < t0 ? 1 : 0);
  // where f is constant the generator is time-independent: the Krylov exponential takes those
  // intervals (no stability limit on its steps); the Gaussian counts as 0 beyond ±8 widths (< 1.3e-14)
  const cut = 8 * width;
  const constant =
    shape === 'rect'
      ? [{ from: 0, to: t0, value: 0 }, { from: t0, to: t0 + width, value: 1 }, { from: t0 + width, to: Infinity, value: 0 }]
      : shape === 'on'
        ? [{ from: 0, to: t0, value: 0 }, { from: t0, to: Infinity, value: 1 }]
        : shape === 'off'
          ? [{ from: 0, to: t0, value: 1 }, { from: t0, to: Infinity, value: 0 }]
          : [...(t0 - cut > 0 ? [{ from: 0, to: t0 - cut, value: 0 }] : []), { from: t0 + cut, to: Infinity, value: 0 }];
  const breakpoints = shape === 'rect' ? [t0, t0 + width] : shape === 'gaussian' ? [t0 - cut, t0 + cut] : [t0];
  // steps of at most a quarter width from the start until the pulse is over (a quiet start cannot
  // step over it), free after it (the step control alone)
  const pulseEnd = shape === 'gaussian' ? t0 + 8 * width : shape === 'rect' ? t0 + width : 0;
  const hMax = (t: number): number => (t < pulseEnd ? width / 4 : Math.max(tEnd / 50, width / 4));
  return { shape, ...(amplitude !== undefined ? { amplitude } : {}), t0, width, tEnd, samples, initial, envelope, breakpoints, constant, hMax };
}

/** H₀ (drive off) and H_d (the drive at f = 1) on one sparsity pattern: H(A) and H(2A) give both exactly. */
function splitDrive(spec: NetworkSpec, direction: number, basis: FockBasis): { H0: SparseMatrix; Hd: SparseMatrix } {
  const H1 = buildHamiltonian(basis, networkHamiltonian(spec, direction));
  const twice: NetworkSpec = { ...spec, directions: spec.directions.map((d, k) => (k === direction ? { ...d, Omega: 2 * d.Omega } : d)) };
  const H2 = buildHamiltonian(basis, networkHamiltonian(twice, direction));
  if (H1.col.length !== H2.col.length || H1.col.some((c, i) => c !== H2.col[i])) throw new ComputationError('internal: the driven Hamiltonians have different patterns');
  const H0: SparseMatrix = { ...H1, re: H1.re.map((x, i) => 2 * x - H2.re[i]!), im: H1.im.map((x, i) => 2 * x - H2.im[i]!) };
  const Hd: SparseMatrix = { ...H1, re: H2.re.map((x, i) => x - H1.re[i]!), im: H2.im.map((x, i) => x - H1.im[i]!) };
  return { H0, Hd };
}

function vacuum(basis: FockBasis): Float64Array {
  const rho = new Float64Array(2 * basis.dim * basis.dim);
  let vac = -1;
  for (let s = 0; s < basis.dim && vac < 0; s++) {
    let t = 0;
    for (let m = 0; m < basis.modes; m++) t += basis.occ[s * basis.modes + m]!;
    if (t === 0) vac = s;
  }
  rho[2 * (vac * basis.dim + vac)] = 1;
  return rho;
}

const fmt = (x: unknown): string => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toPrecision(6)) : '?');

/** Lines for the export's notes from a dynamics run's stored output. */
export function dynamicsNotes(stored: unknown): string[] {
  const o = stored as { kind?: string; settings?: Record<string, unknown>; truncation?: Record<string, unknown>; traces?: Record<string, Record<string, unknown>>; warnings?: string[] } | undefined;
  if (!o || typeof o !== 'object') return [];
  const lines: string[] = [];
  if (o.settings) lines.push(`settings: ${Object.entries(o.settings).filter(([k]) => k !== 'values').map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(' ') : String(v)}`).join(', ')}`);
  if (o.truncation) lines.push(`truncation: ${String(o.truncation.basis)} basis, ${o.truncation.basis === 'per-mode' ? 'N' : 'K'} = ${fmt(o.truncation.fock)} (dimension ${fmt(o.truncation.dim)}, ${String(o.truncation.mode)})`);
  if (o.kind === 'correlation') lines.push('method: quantum regression, g2(τ) = tr[n_k e^{𝓛τ}(a_j ρ a_j†)]/(⟨n_j⟩⟨n_k⟩), Krylov propagation (Expokit expv, local error 1e-10 per unit time relative)');
  if (o.kind === 'spectrum') lines.push("method: S(ω) = 2 Re tr[a† (iω − 𝓛)⁻¹(a ρ − ⟨a⟩ρ)] (QuTiP's spectrum convention), two-sided Lanczos continued fraction checked to 1e-9 of the peak (Krylov propagation when it does not converge)");
  if (o.kind === 'pulse') lines.push('method: Dormand–Prince 5(4), |err_i| ≤ 1e-12 + 1e-8·|y_i| in every component, dense output of order 4');
  for (const [name, t] of Object.entries(o.traces ?? {})) lines.push(`${name}: ${Object.entries(t).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ')}`);
  for (const w of o.warnings ?? []) lines.push(`warning: ${w}`);
  return lines;
}

