/**
 * A model package that exists only in tests, to prove the plug-in point: a single driven, damped
 * linear cavity with two ports (coupling rates κ_1, κ_2) and an intrinsic loss κ_0, driven through
 * port 1 at detuning Δ. In the frame of the drive (input-output theory):
 *
 *   da/dt = −(κ/2 + iΔ) a + √κ_1 s_in,   κ = κ_0 + κ_1 + κ_2
 *   s_1,out = −s_in + √κ_1 a,   s_2,out = √κ_2 a
 *
 * Steady state: a = √κ_1 s_in / (κ/2 + iΔ), so T = κ_1κ_2/((κ/2)² + Δ²), R = |−1 + κ_1/(κ/2 + iΔ)|²,
 * A = κ_0 |a|²/|s_in|². The solver works from the complex amplitude a; the tests check it
 * against the Lorentzian, against energy conservation R + T + A = 1 and against a numerical
 * integration of the equation of motion. Its time-domain run is the closed-form ring-up
 * a(t) = a_ss (1 − e^{−(κ/2 + iΔ)t}) from an empty cavity.
 */
import type { ModelDefinition, PointResult, QuantitySpec, SimulationOutput } from '../../src-core/models/model';
import { num, resolveParams, type ParamSchema, type ParamValues } from '../../src-core/models/params';
import { emptyReport, singleRows } from '../../src-core/models/report';
import { ParameterError } from '../../src-core/errors';

export const TEST_MODEL_ID = 'test-cavity';

export interface TestCavityOutput {
  /** Intracavity amplitude per unit input amplitude (complex). */
  a: { re: number; im: number };
  T: number;
  R: number;
  A: number;
}

const schema: ParamSchema = {
  params: [
    { kind: 'number', key: 'kappa_1', symbol: 'κ_1', label: 'Port 1 coupling', unit: '1/s', group: 'Loss', default: 1, description: 'coupling rate of port 1', ref: 'test', min: 0, minExclusive: true },
    { kind: 'number', key: 'kappa_2', symbol: 'κ_2', label: 'Port 2 coupling', unit: '1/s', group: 'Loss', default: 1, description: 'coupling rate of port 2', ref: 'test', min: 0 },
    { kind: 'number', key: 'kappa_0', symbol: 'κ_0', label: 'Intrinsic loss', unit: '1/s', group: 'Loss', default: 0.5, description: 'intrinsic loss rate', ref: 'test', min: 0 },
    { kind: 'number', key: 'Delta', symbol: 'Δ', label: 'Detuning', unit: 'rad/s', group: 'Drive', default: 0, description: 'cavity − drive frequency', ref: 'test', min: -1e6, max: 1e6 },
  ],
  aliases: [],
};

const QUANTITIES: QuantitySpec[] = [
  { key: 'T', symbol: 'T', label: 'Transmission port 1 → 2', unit: '', scale: 'linear', direction: 'forward' },
  { key: 'R', symbol: 'R', label: 'Reflection at port 1', unit: '', scale: 'linear', direction: 'forward' },
  { key: 'A', symbol: 'A', label: 'Absorption', unit: '', scale: 'linear' },
  { key: 'T_dB', symbol: 'T', label: 'Transmission in dB', unit: 'dB', scale: 'linear', signed: true, richLabel: 'Transmission 10 log_{10} T' },
];

function steady(v: ParamValues): TestCavityOutput {
  const k1 = num(v, 'kappa_1');
  const k2 = num(v, 'kappa_2');
  const k0 = num(v, 'kappa_0');
  const d = num(v, 'Delta');
  const half = (k0 + k1 + k2) / 2;
  // a = √κ1 / (κ/2 + iΔ)
  const den = half * half + d * d;
  const a = { re: (Math.sqrt(k1) * half) / den, im: (-Math.sqrt(k1) * d) / den };
  const n = a.re * a.re + a.im * a.im;
  const r = { re: -1 + Math.sqrt(k1) * a.re, im: Math.sqrt(k1) * a.im };
  return { a, T: k2 * n, R: r.re * r.re + r.im * r.im, A: k0 * n };
}

/** The package: a ModelDefinition like the built-in ones, registered only by tests. */
export const testCavityModel: ModelDefinition<TestCavityOutput> = {
  id: TEST_MODEL_ID,
  title: 'Test cavity (two-port Lorentzian)',
  description: 'A single driven damped linear cavity with two ports; registered only in tests.',
  reference: 'input-output theory (textbook)',
  schema,
  presets: [{ name: 'Critically coupled', description: 'κ₁ = κ₂ + κ₀: no reflection on resonance', values: { kappa_1: 1.5 } }],
  quantities: () => QUANTITIES,
  pointCostMs: () => 0.001,
  describeSolver: () => 'closed form (steady state of a linear cavity)',
  createSolver() {
    return (values): PointResult<TestCavityOutput> => {
      const o = steady(values);
      return { output: o, scalars: { T: o.T, R: o.R, A: o.A, T_dB: 10 * Math.log10(o.T) } };
    };
  },
  pointReport(_output, scalars, opts) {
    const r = emptyReport(['1→2', '2→1']);
    r.single = singleRows(scalars, QUANTITIES, new Set(), opts.pref);
    if (scalars.R !== undefined && scalars.R < 1e-12) r.warnings.push('Critically coupled: nothing is reflected.');
    return r;
  },
  simulate: {
    run(req): SimulationOutput {
      const v = resolveParams(schema, req.params ?? {});
      const s = req.settings ?? {};
      const samples = s.samples ?? 201;
      if (!Number.isInteger(samples) || samples < 2) throw new ParameterError('samples', `must be an integer ≥ 2, got ${String(s.samples)}`);
      const half = (num(v, 'kappa_0') + num(v, 'kappa_1') + num(v, 'kappa_2')) / 2;
      const d = num(v, 'Delta');
      const tEnd = s.tEnd ?? 10 / half;
      const ss = steady(v).a;
      const t = Float64Array.from({ length: samples }, (_, i) => (tEnd * i) / (samples - 1));
      const a = new Float64Array(samples);
      const out2 = new Float64Array(samples);
      t.forEach((ti, i) => {
        // 1 − e^{−(κ/2 + iΔ)t}
        const e = Math.exp(-half * ti);
        const f = { re: 1 - e * Math.cos(d * ti), im: e * Math.sin(d * ti) };
        const re = ss.re * f.re - ss.im * f.im;
        const im = ss.re * f.im + ss.im * f.re;
        a[i] = Math.hypot(re, im);
        out2[i] = Math.sqrt(num(v, 'kappa_2')) * a[i]!;
      });
      return { model: TEST_MODEL_ID, t, params: v, stored: { ringUp: true }, traces: [{ loss: 'linear', fields: { a, s2_out: out2 }, diagnostics: { closedForm: true } }] };
    },
    traceFields: [
      { key: 'a', symbol: '|a|', label: 'Intracavity amplitude', unit: '' },
      { key: 's2_out', symbol: '|s_{2,out}|', label: 'Output at port 2', unit: '' },
    ],
    traceNames: ['linear'],
    notes: (stored) => [`ring-up from an empty cavity (closed form)${stored && typeof stored === 'object' && 'ringUp' in stored ? '' : ' — no stored run'}`],
  },
  solverNotes: () => ['tolerances: closed form, exact to rounding'],
};
