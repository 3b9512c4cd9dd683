/**
 * A time-domain run of a tcmt-network from plain settings (`nrlab simulate tcmt-network`, the pool's
 * 'simulate' task, a project's simulate study): the input on one port — a Gaussian or rectangular
 * pulse, or CW — at the drive frequency ω of the parameters, the low-storage Runge–Kutta (fixed
 * step `h` or the default). Same settings and defaults as the two-resonator model (times scale with
 * the slowest resonator lifetime T = 1/min_i(γ_i + γ_i0 + linear losses)).
 */
import { ParameterError } from '../../errors.js';
import type { ModelSimulation, QuantitySpec, SimulateRequest, SimulateSettingsInput, SimulationOutput } from '../model.js';
import { resolveParams } from '../params.js';
import type { InputWaveform } from '../two-resonator/dynamics/waveforms.js';
import { simulatePlan } from '../two-resonator/simulate.js';
import { simulateTcmt, type TcmtSimulateResult } from './dynamics.js';
import { tcmtSystem } from './rhs.js';
import { tcmtSchema, tcmtSpecOf } from './schema.js';
import { canonicalTcmtSpec, type TcmtSpec } from './spec.js';

export interface TcmtSimulation {
  port: number;
  waveform: InputWaveform;
  spec: TcmtSpec;
  omega: number;
  amplitude: number;
  run: TcmtSimulateResult;
  t: Float64Array;
}

/** The trace's fields of a spec: input, the output wave of each port, the amplitude of each resonator. */
export function tcmtTraceFields(spec: TcmtSpec): QuantitySpec[] {
  return [
    { key: 'input', symbol: '|s_{+}|', label: 'Input wave on the driven port', unit: '√W' },
    ...spec.ports.map((r, k) => ({ key: `s${k + 1}_out`, symbol: `|s_{${k + 1}−}|`, label: `Output wave at port ${k + 1} (resonator ${r})`, unit: '√W' })),
    ...spec.resonators.map((r, k) => ({ key: `a${k + 1}`, symbol: `|a_{${k + 1}}|`, label: `Amplitude of resonator ${r.name}`, unit: '√J' })),
  ];
}

export function runTcmtSimulation(req: SimulateRequest): TcmtSimulation {
  const input = req.params ?? {};
  const spec = tcmtSpecOf(input);
  const values = resolveParams(tcmtSchema(spec), input);
  const omega = Number(values.omega);
  const amplitude = Number(values.amplitude);
  const sys = tcmtSystem(spec);
  const s: SimulateSettingsInput = req.settings ?? {};
  if (s.compareIdeal) throw new ParameterError('compareIdeal', 'the tcmt-network model has no built-in ideal variant: put the ideal nonreciprocal coupling in a spec of its own (kappa_ij, kappa_ji) and run it');
  const port = s.port === undefined ? spec.input.port : s.port;
  if (!Number.isInteger(port) || port < 1 || port > spec.ports.length) throw new ParameterError('port', `must be a port number 1 … ${spec.ports.length}, got "${String(s.port)}"`);
  let gmin = Infinity;
  for (let i = 0; i < sys.n; i++) if (sys.g[i]! > 0) gmin = Math.min(gmin, sys.g[i]!);
  const T = 1 / gmin;
  const { input: waveform, tEnd, samples, h } = simulatePlan(s, T);
  const run = simulateTcmt(sys, { port, omega, amplitude, input: waveform, tEnd, samples, ...(h !== undefined ? { h } : {}) });
  const t = Float64Array.from({ length: samples }, (_, i) => (tEnd * i) / (samples - 1));
  return { port, waveform, spec, omega, amplitude, run, t };
}

const fmt = (x: unknown): string => (typeof x === 'number' ? String(x) : '?');

/** `model.simulate` of the tcmt-network package: one trace named 'network'. */
export function tcmtSimulation(id: string, defaultSpec: TcmtSpec): ModelSimulation {
  return {
    run(req: SimulateRequest): SimulationOutput {
      const r = runTcmtSimulation(req);
      const fields: Record<string, Float64Array> = { input: r.run.inputAbs };
      r.run.outAbs.forEach((a, k) => (fields[`s${k + 1}_out`] = a));
      r.run.aAbs.forEach((a, k) => (fields[`a${k + 1}`] = a));
      return {
        model: id,
        t: r.t,
        params: { spec: canonicalTcmtSpec(r.spec), omega: r.omega, amplitude: r.amplitude },
        stored: { port: r.port, waveform: r.waveform },
        traces: [{ loss: 'network', diagnostics: r.run.diagnostics, fields }],
      };
    },
    traceFields: tcmtTraceFields(defaultSpec),
    traceFieldsFor: (values) => tcmtTraceFields(tcmtSpecOf(values)),
    traceNames: ['network'],
    notes(stored) {
      const out = stored as { port?: number; waveform?: Record<string, unknown>; traces?: { loss: string; diagnostics?: Record<string, unknown> }[] } | undefined;
      const lines: string[] = [];
      if (out?.port) lines.push(`driven port: ${out.port}`);
      if (out?.waveform) lines.push(`input waveform: ${Object.entries(out.waveform).map(([k, v]) => `${k} = ${String(v)}`).join(', ')}`);
      for (const tr of out?.traces ?? []) {
        const d = tr.diagnostics ?? {};
        lines.push(`integration: low-storage Runge–Kutta ${String(d.scheme ?? '')}, ${String(d.steps ?? '?')} steps of ${fmt(d.hMin)}…${fmt(d.hMax)} s, ${String(d.snaps ?? 0)} snaps of a nonlocal-loss resonator to a = 0`);
      }
      return lines;
    },
  };
}
