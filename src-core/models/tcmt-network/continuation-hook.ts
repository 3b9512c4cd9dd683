/**
 * The tcmt-network model's continuation hook (ModelDefinition.continuation, `nrlab continue`): every
 * branch of steady states over a range of the drive frequency ω or the input amplitude |s+|
 * (branches.ts), each point with its stability, |S_qp| and phase per port q of the driven port p,
 * and |a_i| per resonator.
 */
import { ParameterError } from '../../errors.js';
import type { ContinuationBranch, ContinuationRequest, ContinuationSweep, ModelContinuation, QuantitySpec } from '../model.js';
import type { ParamValues } from '../params.js';
import { continueBranches, type TcmtVary } from './branches.js';
import { tcmtSystem, type TcmtDrive, type TcmtSystem } from './rhs.js';
import { hysteresisSweep, type TcmtSweepRun } from './sweep.js';
import { tcmtSpecOf } from './schema.js';

function fieldsOf(sys: TcmtSystem, port: number): QuantitySpec[] {
  const S = Array.from(sys.ports, (_r, q) => [
    { key: `S${q + 1}${port}.abs`, symbol: `|S_{${q + 1}${port}}|`, label: `Magnitude of S${q + 1}${port} (port ${port} → ${q + 1})`, unit: '' },
    { key: `S${q + 1}${port}.dB`, symbol: `|S_{${q + 1}${port}}|²`, label: `S${q + 1}${port} in dB (port ${port} → ${q + 1})`, unit: 'dB' },
    { key: `S${q + 1}${port}.phase`, symbol: `arg S_{${q + 1}${port}}`, label: `Phase of S${q + 1}${port}`, unit: 'rad' },
  ]).flat();
  const a = sys.names.map((nm) => ({ key: `a.${nm}.abs`, symbol: `|a_{${nm}}|`, label: `Field amplitude of ${nm}`, unit: '√J' }));
  return [...S, ...a];
}

/** The fields of one state (2N reals x) with its S-parameters S_qp (port p driven). */
function fieldValues(sys: TcmtSystem, port: number, x: Float64Array, S: { re: number; im: number }[]): Record<string, number> {
  const v: Record<string, number> = {};
  S.forEach((z, q) => {
    const abs = Math.hypot(z.re, z.im);
    v[`S${q + 1}${port}.abs`] = abs;
    v[`S${q + 1}${port}.dB`] = 20 * Math.log10(abs);
    v[`S${q + 1}${port}.phase`] = Math.atan2(z.im, z.re);
  });
  sys.names.forEach((nm, i) => (v[`a.${nm}.abs`] = Math.hypot(x[2 * i]!, x[2 * i + 1]!)));
  return v;
}

function portOf(sys: TcmtSystem, port: number | undefined): number {
  const p = port ?? 1;
  if (!Number.isInteger(p) || p < 1 || p > sys.ports.length) throw new ParameterError('port', `must be a port of the network, 1 … ${sys.ports.length}, got ${String(port)}`);
  return p;
}

function setup(values: ParamValues, req: ContinuationRequest): { sys: TcmtSystem; port: number; drive: TcmtDrive } {
  const sys = tcmtSystem(tcmtSpecOf(values));
  const port = portOf(sys, req.port);
  if (req.vary !== 'omega' && req.vary !== 'amplitude') throw new ParameterError('vary', `must be omega or amplitude for this model, got ${String(req.vary)}`);
  return { sys, port, drive: { omega: Number(values.omega), amplitude: Number(values.amplitude), port } };
}

export const tcmtContinuation: ModelContinuation = {
  parameters: ['omega', 'amplitude'],
  fields: (values: ParamValues, port: number) => {
    const sys = tcmtSystem(tcmtSpecOf(values));
    return fieldsOf(sys, portOf(sys, port));
  },
  run(values, req) {
    const { sys, port, drive } = setup(values, req);
    const found = continueBranches(sys, drive, { vary: req.vary as TcmtVary, lo: req.lo, hi: req.hi, ...(req.maxPoints !== undefined ? { maxPoints: req.maxPoints } : {}) });
    const keys = fieldsOf(sys, port).map((f) => f.key);
    const valuesAt = (x: Float64Array, S: { re: number; im: number }[]): Record<string, number> => fieldValues(sys, port, x, S);
    const branches: ContinuationBranch[] = found.map((b) => {
      const rows = b.points.map((pt) => valuesAt(pt.x, pt.S));
      return {
        label: b.stuck.length ? `${b.stuck.join(', ')} stuck at 0` : '',
        p: Float64Array.from(b.points, (pt) => pt.p),
        stable: b.points.map((pt) => pt.stable),
        maxRe: Float64Array.from(b.points, (pt) => pt.maxRe),
        values: Object.fromEntries(keys.map((k) => [k, Float64Array.from(rows, (r) => r[k]!)])),
        folds: b.folds.map((f) => {
          const d = req.vary === 'omega' ? { ...drive, omega: f.p } : { ...drive, amplitude: f.p };
          const S = Array.from(sys.ports, (i, q) => ({ re: ((q === port - 1 ? -d.amplitude : 0) + sys.root[i]! * f.x[2 * i]!) / d.amplitude, im: (sys.root[i]! * f.x[2 * i + 1]!) / d.amplitude }));
          return { p: f.p, values: valuesAt(f.x, S) };
        }),
        segments: b.segments,
        ends: b.ends,
      };
    });
    return {
      branches,
      notes: [
        'pseudo-arclength continuation (Newton corrector to 1e-10 in scaled coordinates), seeded by the multi-start steady states at 9 values of the parameter; folds located to better than 1e-8 relative; stability from the eigenvalues of the Jacobian of the free coordinates',
        'a branch stops where a nonlocal resonator reaches a = 0 (free branch) or its friction no longer holds it (stuck branch): the two regimes meet there (docs/continuation.md)',
      ],
    };
  },
  sweep(values, req) {
    const { sys, port, drive } = setup(values, req);
    const r = hysteresisSweep(sys, drive, req.vary as 'omega' | 'amplitude', req.lo, req.hi, req.steps);
    const keys = fieldsOf(sys, port).map((f) => f.key);
    const side = (run: TcmtSweepRun): ContinuationSweep => {
      const rows = run.x.map((x, k) => fieldValues(sys, port, x, run.S[k]!));
      return { p: run.p, settled: run.settled, values: Object.fromEntries(keys.map((k) => [k, Float64Array.from(rows, (row) => row[k]!)])) };
    };
    const unsettled = r.up.settled.filter((s) => !s).length + r.down.settled.filter((s) => !s).length;
    return {
      up: side(r.up),
      down: side(r.down),
      notes: [
        `time-domain sweep: ${req.steps} values up (from rest at the first) and down (from where the up sweep ended); at each value the CW equations integrated with the adaptive low-storage Runge–Kutta (ck4, rtol 1e-9) from the previous state until it changes by < 1e-8 relative over 10 slowest decay times`,
        ...(unsettled ? [`${unsettled} sweep value${unsettled === 1 ? '' : 's'} did not settle within 400 windows of 10 decay times (still moving: an oscillation or a very slow approach); their values are the last state`] : []),
      ],
    };
  },
};
