/**
 * A time-domain run of the two-resonator model (seed 003, Fig. 5) from plain settings: the
 * `nrlab simulate` command, the pool's 'simulate' task and a project's simulate studies reach it
 * as `model.simulate` (see tasks/simulate.ts). Settings errors name the setting (the CLI shows
 * them as --flag).
 */
import { ParameterError } from '../../errors.js';
import type { ModelSimulation, QuantitySpec, SimulateRequest, SimulateSettingsInput, SimulationOutput } from '../model.js';
import { resolveParams } from '../params.js';
import { twoResonatorParams, type TwoResonatorParams } from './params.js';
import { twoResonatorSchema } from './schema.js';
import { simulate, type InputWaveform, type SimulationDiagnostics } from './dynamics.js';

/**
 * Most output samples of one run (as a project's simulate study allows): each trace keeps about 15
 * Float64 values per sample, so this bounds a run at ~120 MB per loss model compared.
 */
export const MAX_SAMPLES = 1_000_000;

/**
 * The input waveform and time axis of a coupled-mode time-domain run from its settings, the
 * defaults scaled by the slowest decay time T (infinite for a lossless system: then every time
 * must be given). Errors name the setting. Shared with the tcmt-network model.
 */
export function simulatePlan(s: SimulateSettingsInput, T: number): { input: InputWaveform; tEnd: number; samples: number; h?: number } {
  const pos = (name: keyof SimulateSettingsInput, def: number): number => {
    const v = s[name];
    if (v === undefined) {
      if (!Number.isFinite(def)) throw new ParameterError(name, 'has no default for a system without loss: give it');
      return def;
    }
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
  else throw new ParameterError('input', `must be gaussian, rect or cw, got "${String(kind)}"`);
  return { input, tEnd, samples, ...(s.h !== undefined ? { h: pos('h', 0) } : {}) };
}

export interface TwoResonatorTrace {
  loss: string;
  input: Float64Array;
  s1_out: Float64Array;
  s2_out: Float64Array;
  a1: Float64Array;
  a2: Float64Array;
  diagnostics: SimulationDiagnostics;
}

/** A run as the model computes it. */
export interface TwoResonatorSimulation {
  port: 1 | 2;
  waveform: InputWaveform;
  params: TwoResonatorParams;
  t: Float64Array;
  traces: TwoResonatorTrace[];
}

export function runTwoResonatorSimulation(req: SimulateRequest): TwoResonatorSimulation {
  const p = twoResonatorParams(resolveParams(twoResonatorSchema, req.params ?? {}));
  const s = req.settings ?? {};
  const port = s.port === undefined ? 1 : s.port;
  if (port !== 1 && port !== 2) throw new ParameterError('port', `must be 1 or 2, got "${String(s.port)}"`);
  const T = 1 / Math.min(p.gamma_1 + p.gamma_10, p.gamma_2 + p.gamma_20);
  const { input, tEnd, samples, h } = simulatePlan(s, T);
  const run = (q: TwoResonatorParams): TwoResonatorTrace => {
    const r = simulate(q, { port, input, tEnd, samples, ...(h !== undefined ? { h } : {}) });
    return { loss: q.loss, input: r.sInAbs, s1_out: r.s1OutAbs, s2_out: r.s2OutAbs, a1: r.a1Abs, a2: r.a2Abs, diagnostics: r.diagnostics };
  };
  const traces = [run(p)];
  if (s.compareIdeal) traces.push(run({ ...p, loss: 'ideal', kappa_12: 0, kappa_21: p.kappa }));
  const t = Float64Array.from({ length: samples }, (_, i) => (tEnd * i) / (samples - 1));
  return { port, waveform: input, params: p, t, traces };
}

const TRACE_KEYS = ['input', 's1_out', 's2_out', 'a1', 'a2'] as const;

/** The arrays of every trace (`<loss>.<field>`), with symbol, label and unit. */
export const TRACE_FIELDS: QuantitySpec[] = [
  { key: 'input', symbol: '|s_{+}|', label: 'Input wave on the driven port', unit: '√W' },
  { key: 's1_out', symbol: '|s_{1−}|', label: 'Output wave at port 1', unit: '√W' },
  { key: 's2_out', symbol: '|s_{2−}|', label: 'Output wave at port 2', unit: '√W' },
  { key: 'a1', symbol: '|a_{1}|', label: 'Amplitude of resonator 1', unit: '√J' },
  { key: 'a2', symbol: '|a_{2}|', label: 'Amplitude of resonator 2', unit: '√J' },
];

const fmt = (x: unknown): string => (typeof x === 'number' ? String(x) : '?');

/** `model.simulate` of the two-resonator package. */
export function twoResonatorSimulation(id: string): ModelSimulation {
  const loss = twoResonatorSchema.params.find((p) => p.key === 'loss');
  return {
    run(req: SimulateRequest): SimulationOutput {
      const r = runTwoResonatorSimulation(req);
      return {
        model: id,
        t: r.t,
        params: r.params,
        stored: { port: r.port, waveform: r.waveform },
        traces: r.traces.map((tr) => ({ loss: tr.loss, diagnostics: tr.diagnostics, fields: Object.fromEntries(TRACE_KEYS.map((k) => [k, tr[k]])) })),
      };
    },
    traceFields: TRACE_FIELDS,
    traceNames: [...new Set([...(loss?.kind === 'choice' ? loss.choices.map((c) => c.value) : []), 'ideal'])],
    notes(stored) {
      const out = stored as { port?: number; waveform?: Record<string, unknown>; traces?: { loss: string; diagnostics?: Record<string, unknown> }[] } | undefined;
      const lines: string[] = [];
      if (out?.port) lines.push(`driven port: ${out.port}`);
      if (out?.waveform) lines.push(`input waveform: ${Object.entries(out.waveform).map(([k, v]) => `${k} = ${String(v)}`).join(', ')}`);
      for (const tr of out?.traces ?? []) {
        const d = tr.diagnostics ?? {};
        lines.push(`integration (${tr.loss}): low-storage Runge–Kutta ${String(d.scheme ?? '')}, ${String(d.steps ?? '?')} steps of ${fmt(d.hMin)}…${fmt(d.hMax)} s, ${String(d.snaps ?? 0)} snaps of a2 to 0`);
      }
      return lines;
    },
  };
}
