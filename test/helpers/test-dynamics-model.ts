/**
 * A model that exists only in tests, to exercise the plumbing of the quantum-dynamics study kinds
 * (correlation, spectrum, pulse: project checks, fingerprints, the study runner, runTrace, exports,
 * figures) without the quantum solvers: the test cavity of test-cavity-model.ts with closed-form
 * toy runs. They are not physics to be checked, only known arrays to find again downstream:
 *
 * - correlation (axis `tau`, 1/κ): g2(τ) = 1 + c·e^{−κτ} with c = 1 for `a->b`, ½ for `b->a`, and
 *   the cross trace `a->b,c` (present when κ_0 > 0, as a network's depend on its spec) 1 − e^{−κτ};
 * - spectrum (axis `omega`, κ): S(ω) = w·κ/((κ/2)² + (ω − Δ)²) with w = 1, ½;
 * - pulse (axis `t`, 1/κ): drive Ω(t) = amplitude·f(t), n = Ω², flux = κ_2·n, g2 = 1, and per trace
 *   the photons ∫ flux dt (trapezoid) in the stored output.
 *
 * Settings follow docs/dynamics.md (samples or values, traces; a pulse's shape, t0, width, tEnd,
 * samples, initial); bad ones are ParameterErrors naming the setting.
 */
import type { ModelDefinition, ModelSimulation, PulseSettingsInput, QuantitySpec, SimulationOutput, AxisSamplesInput } from '../../src-core/models/model';
import { num, resolveParams, type ParamValues } from '../../src-core/models/params';
import { ParameterError } from '../../src-core/errors';
import { testCavityModel, type TestCavityOutput } from './test-cavity-model';

export const TEST_DYNAMICS_ID = 'test-dynamics';

const kappaOf = (v: ParamValues): number => num(v, 'kappa_0') + num(v, 'kappa_1') + num(v, 'kappa_2');
const namesFor = (v: ParamValues): string[] => (num(v, 'kappa_0') > 0 ? ['a->b', 'b->a', 'a->b,c'] : ['a->b', 'b->a']);

function axisSamples(s: AxisSamplesInput, from: number, to: number, samples: number): Float64Array {
  if (s.values) return Float64Array.from(s.values);
  const a = s.from ?? from;
  const b = s.to ?? to;
  const n = s.samples ?? samples;
  if (!(a < b)) throw new ParameterError('to', `must be greater than from (${a}), got ${b}`);
  return Float64Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

function chosen(all: string[], traces: string[] | undefined): string[] {
  for (const t of traces ?? []) if (!all.includes(t)) throw new ParameterError('traces', `"${t}" is not a trace here; traces: ${all.join(', ')}`);
  return traces ? all.filter((n) => traces.includes(n)) : all;
}

const correlation: ModelSimulation<AxisSamplesInput> = {
  axis: { key: 'tau', symbol: 'τ', label: 'Delay', unit: '1/κ' },
  traceFields: [{ key: 'g2', symbol: 'g^{(2)}(τ)', label: 'Intensity correlation', unit: '', scale: 'log' }],
  traceNames: ['a->b', 'b->a'],
  tracesFor: namesFor,
  settings: [{ key: 'samples', label: 'Samples', kind: 'integer', defaultText: '201', description: 'τ samples' }],
  run(req): SimulationOutput {
    const v = resolveParams(testCavityModel.schema, req.params ?? {});
    const k = kappaOf(v);
    const tau = axisSamples(req.settings ?? {}, 0, 10 / k, 201);
    if (tau.some((x) => x < 0)) throw new ParameterError('values', 'the delay τ must be ≥ 0');
    const names = chosen(namesFor(v), req.settings?.traces);
    const stored: Record<string, unknown> = {};
    const traces = names.map((name) => {
      const c = name === 'a->b' ? 1 : 0.5;
      const g2 = Float64Array.from(tau, (x) => (name.includes(',') ? 1 - Math.exp(-k * x) : 1 + c * Math.exp(-k * x)));
      stored[name] = { mean_n: c * 0.1, g2_0: g2[0] };
      return { loss: name, fields: { g2 }, diagnostics: { krylovSteps: 3 } };
    });
    return { model: TEST_DYNAMICS_ID, t: tau, traces, stored, params: v };
  },
  notes: (stored) => [`toy correlation: ${Object.keys((stored as object) ?? {}).length} stored entries`],
};

const spectrum: ModelSimulation<AxisSamplesInput> = {
  axis: { key: 'omega', symbol: 'ω − ω_L', label: 'Frequency relative to the drive', unit: 'κ', signed: true },
  traceFields: [{ key: 'S', symbol: 'S(ω)', label: 'Emission spectrum (incoherent)', unit: '1/κ' }],
  traceNames: ['a->b', 'b->a'],
  run(req): SimulationOutput {
    const v = resolveParams(testCavityModel.schema, req.params ?? {});
    const k = kappaOf(v);
    const d = num(v, 'Delta');
    const omega = axisSamples(req.settings ?? {}, -5 * k, 5 * k, 1001);
    const names = chosen(['a->b', 'b->a'], req.settings?.traces);
    const stored: Record<string, unknown> = {};
    const traces = names.map((name) => {
      const w = name === 'a->b' ? 1 : 0.5;
      stored[name] = { coherent_fraction: 0.25 * w, mean_n: 0.2 * w };
      return { loss: name, fields: { S: Float64Array.from(omega, (x) => (w * k) / ((k / 2) ** 2 + (x - d) ** 2)) }, diagnostics: {} };
    });
    return { model: TEST_DYNAMICS_ID, t: omega, traces, stored, params: v };
  },
};

function envelope(s: PulseSettingsInput, t: number, t0: number, width: number): number {
  switch (s.shape ?? 'gaussian') {
    case 'on':
      return t >= t0 ? 1 : 0;
    case 'off':
      return t < t0 ? 1 : 0;
    case 'rect':
      return t >= t0 && t < t0 + width ? 1 : 0;
    default:
      return Math.exp(-((t - t0) ** 2) / (2 * width * width));
  }
}

const pulse: ModelSimulation<PulseSettingsInput> = {
  axis: { key: 't', symbol: 't', label: 'Time', unit: '1/κ' },
  traceFields: [
    { key: 'drive', symbol: 'Ω(t)', label: 'Drive', unit: 'κ' },
    { key: 'flux', symbol: 'κ_2⟨n⟩', label: 'Output photon flux', unit: 'κ' },
    { key: 'n', symbol: '⟨n⟩', label: 'Mean photon number', unit: '' },
    { key: 'g2', symbol: 'g^{(2)}(t)', label: 'Equal-time correlation', unit: '' },
  ],
  traceNames: ['a->b', 'b->a'],
  run(req): SimulationOutput {
    const v = resolveParams(testCavityModel.schema, req.params ?? {});
    const s = req.settings ?? {};
    const k = kappaOf(v);
    const tEnd = s.tEnd ?? 20 / k;
    const width = s.width ?? 2 / k;
    const t0 = s.t0 ?? tEnd / 2;
    const amplitude = s.amplitude ?? 0.1;
    const n = s.samples ?? 1001;
    if (!(tEnd > 0)) throw new ParameterError('tEnd', `must be positive, got ${tEnd}`);
    const t = Float64Array.from({ length: n }, (_, i) => (tEnd * i) / (n - 1));
    const names = chosen(['a->b', 'b->a'], s.traces);
    // a long run warns (as a real one warns of a truncation or of lost positivity)
    const stored: Record<string, unknown> = { shape: s.shape ?? 'gaussian', initial: s.initial ?? (s.shape === 'off' ? 'steady' : 'vacuum'), ...(tEnd > 100 ? { warnings: ['toy: a long run'] } : {}) };
    const traces = names.map((name) => {
      const drive = Float64Array.from(t, (x) => amplitude * envelope(s, x, t0, width));
      const nn = Float64Array.from(drive, (x) => x * x);
      const flux = Float64Array.from(nn, (x) => num(v, 'kappa_2') * x);
      let photons = 0;
      for (let i = 1; i < n; i++) photons += ((flux[i - 1]! + flux[i]!) / 2) * (t[i]! - t[i - 1]!);
      stored[name] = { photons, min_eigenvalue: 0, steps: n - 1 };
      return { loss: name, fields: { drive, flux, n: nn, g2: new Float64Array(n).fill(1) }, diagnostics: { steps: n - 1 } };
    });
    return { model: TEST_DYNAMICS_ID, t, traces, stored, params: v };
  },
  notes: (stored) => {
    const o = stored as Record<string, { photons?: number }>;
    return Object.entries(o)
      .filter(([, x]) => typeof x === 'object' && x !== null && 'photons' in x)
      .map(([name, x]) => `${name}: ${x.photons} photons per pulse`);
  },
};

/** The test cavity with the toy dynamics; no time-domain (simulate) runs of its own. */
const { simulate: _simulate, pythonScript: _script, ...cavity } = testCavityModel;
const model: ModelDefinition<TestCavityOutput> = {
  ...cavity,
  id: TEST_DYNAMICS_ID,
  title: 'Test cavity with toy quantum dynamics',
  dynamics: { correlation, spectrum, pulse },
};
/** Typed as the registry hands models out (its output type is the package's own business). */
export const testDynamicsModel = model as unknown as ModelDefinition;

export const DYNAMICS_QUANTITY: QuantitySpec = correlation.traceFields[0]!;
