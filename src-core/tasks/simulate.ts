/**
 * A time-domain run of the two-resonator model (seed 003, Fig. 5) from plain settings: the
 * `nrlab simulate` command, the pool's 'simulate' task and a project's simulate studies share it.
 * Settings errors name the setting (the CLI shows them as --flag).
 */
import { ParameterError } from '../errors.js';
import { getModel } from '../models/registry.js';
import { resolveParams, type ParamInput } from '../models/params.js';
import { twoResonatorParams } from '../models/two-resonator/index.js';
import type { TwoResonatorParams } from '../models/two-resonator/params.js';
import { simulate, type InputWaveform, type SimulationDiagnostics } from '../models/two-resonator/dynamics.js';

/**
 * Most output samples of one run (as a project's simulate study allows): each trace keeps about 15
 * Float64 values per sample, so this bounds a run at ~120 MB per loss model compared.
 */
export const MAX_SAMPLES = 1_000_000;

export interface SimulateSettingsInput {
  port?: number;
  input?: string;
  /** Seconds; defaults scale with the slowest resonator lifetime T. */
  tEnd?: number;
  width?: number;
  t0?: number;
  samples?: number;
  /** Fixed RK step (s); default adaptive. */
  h?: number;
  compareIdeal?: boolean;
}

export interface SimulateRequest {
  params: ParamInput;
  settings: SimulateSettingsInput;
}

export interface SimulationTrace {
  loss: string;
  input: Float64Array;
  s1_out: Float64Array;
  s2_out: Float64Array;
  a1: Float64Array;
  a2: Float64Array;
  diagnostics: SimulationDiagnostics;
}

export interface SimulateOutput {
  model: 'two-resonator';
  port: 1 | 2;
  waveform: InputWaveform;
  params: TwoResonatorParams;
  t: Float64Array;
  traces: SimulationTrace[];
}

export function runSimulation(req: SimulateRequest): SimulateOutput {
  const p = twoResonatorParams(resolveParams(getModel('two-resonator').schema, req.params ?? {}));
  const s = req.settings ?? {};
  const port = s.port === undefined ? 1 : s.port;
  if (port !== 1 && port !== 2) throw new ParameterError('port', `must be 1 or 2, got "${String(s.port)}"`);
  const T = 1 / Math.min(p.gamma_1 + p.gamma_10, p.gamma_2 + p.gamma_20);
  const pos = (name: keyof SimulateSettingsInput, def: number): number => {
    const v = s[name];
    if (v === undefined) return def;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new ParameterError(name, `must be > 0, got ${String(v)}`);
    return v;
  };
  const kind = s.input ?? 'gaussian';
  const width = pos('width', kind === 'rect' ? 10 * T : 2 * T);
  const t0 = pos('t0', kind === 'rect' ? T : 3 * width);
  const tEnd = pos('tEnd', kind === 'rect' ? t0 + width + 10 * T : t0 + 3 * width + 10 * T);
  const samples = Math.round(pos('samples', 1001));
  if (samples < 2) throw new ParameterError('samples', `must be at least 2, got ${samples}`);
  if (samples > MAX_SAMPLES) throw new ParameterError('samples', `must be at most ${MAX_SAMPLES}, got ${samples}`);
  let input: InputWaveform;
  if (kind === 'gaussian') input = { kind, t0, tau: width };
  else if (kind === 'rect') input = { kind, start: t0, duration: width, rise: width / 20 };
  else if (kind === 'cw') input = { kind, ramp: T };
  else throw new ParameterError('input', `must be gaussian, rect or cw, got "${kind}"`);
  const run = (q: TwoResonatorParams): SimulationTrace => {
    const r = simulate(q, { port, input, tEnd, samples, ...(s.h !== undefined ? { h: pos('h', 0) } : {}) });
    return { loss: q.loss, input: r.sInAbs, s1_out: r.s1OutAbs, s2_out: r.s2OutAbs, a1: r.a1Abs, a2: r.a2Abs, diagnostics: r.diagnostics };
  };
  const traces = [run(p)];
  if (s.compareIdeal) traces.push(run({ ...p, loss: 'ideal', kappa_12: 0, kappa_21: p.kappa }));
  const t = Float64Array.from({ length: samples }, (_, i) => (tEnd * i) / (samples - 1));
  return { model: 'two-resonator', port, waveform: input, params: p, t, traces };
}
