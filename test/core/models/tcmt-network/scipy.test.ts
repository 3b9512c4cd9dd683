/**
 * The tcmt-network model against SciPy (test/fixtures/scipy/generate_tcmt.py → tcmt.json): on eight
 * networks — seed 003 in each loss mode (nonlocal, linear, ideal nonreciprocal, Kerr-like, saturable),
 * a three-resonator chain whose nonlocal term references a non-neighbour, a bistable Kerr resonator
 * and a four-resonator ring with saturable and Kerr terms — every steady state that fsolve finds from
 * 400 starts (with every stuck/free combination of the nonlocal resonators) is found by the model,
 * with the same stuck resonators, S-parameters and stability (eigenvalues of the Jacobian by central
 * differences); and the model finds no state SciPy does not. Time traces (a CW switched on at t = 0
 * from rest) against solve_ivp DOP853 at rtol 1e-12.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTcmtSpec, sParameters, simulateTcmt, steadyStates, tcmtSystem } from '../../../../src-core/models/tcmt-network/index';

interface RefState {
  a: [number, number][];
  stuck: string[];
  S: Record<string, [number, number]>;
  maxRe: number;
  stable: boolean;
}
interface RefCase {
  name: string;
  spec: unknown;
  points: { omega: number; amplitude: number; port: number; states: RefState[] }[];
  trace?: { port: number; amplitude: number; omega: number; t_end: number; samples: number; t: number[]; abs_a: number[][] } & Record<string, unknown>;
}

const doc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures/scipy/tcmt.json'), 'utf8')) as { cases: RefCase[] };

describe('tcmt-network steady states and time traces agree with SciPy', () => {
  it('the fixture covers the networks the issue names', () => {
    const names = doc.cases.map((c) => c.name);
    for (const n of ['seed003-nonlocal', 'seed003-linear', 'seed003-ideal', 'chain3-nonlocal', 'kerr-bistable']) expect(names).toContain(n);
    expect(doc.cases.length).toBeGreaterThanOrEqual(6);
    // the bistable case really has three states, one unstable
    const k = doc.cases.find((c) => c.name === 'kerr-bistable')!;
    expect(k.points[0]!.states.map((s) => s.stable)).toEqual([true, false, true]);
  });

  for (const c of doc.cases) {
    describe(c.name, () => {
      const spec = parseTcmtSpec(c.spec);
      const sys = tcmtSystem(spec);
      for (const p of c.points) {
        it(`every steady state at ω = ${p.omega.toPrecision(6)}, |s+| = ${p.amplitude}, port ${p.port}: the same states, stuck resonators, S-parameters and stability`, () => {
          const drive = { omega: p.omega, amplitude: p.amplitude, port: p.port };
          const got = steadyStates(sys, drive);
          const scale = Math.max(...p.states.flatMap((s) => s.a.map(([re, im]) => Math.hypot(re, im))), 1e-300);
          expect(got.solutions.length, 'as many states as SciPy finds').toBe(p.states.length);
          for (const want of p.states) {
            const match = got.solutions.find((s) => want.a.every(([re, im], i) => Math.hypot(s.x[2 * i]! - re, s.x[2 * i + 1]! - im) <= 1e-8 * scale));
            expect(match, `SciPy's state ${JSON.stringify(want.a)} is among the model's`).toBeDefined();
            expect(match!.stuck.map((i) => sys.names[i]).sort()).toEqual([...want.stuck].sort());
            const S = sParameters(sys, drive, match!.x);
            for (const [key, [re, im]] of Object.entries(want.S)) {
              const q = Number(key[1]) - 1;
              expect(Math.hypot(S[q]!.re - re, S[q]!.im - im), `${key}`).toBeLessThanOrEqual(1e-8);
            }
            expect(match!.stable, 'stability').toBe(want.stable);
            // the largest real part: SciPy's Jacobian is a central difference (~1e-6 relative)
            expect(Math.abs(match!.maxRe - want.maxRe)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want.maxRe)));
          }
        });
      }
      if (c.trace) {
        const tr = c.trace;
        it(`time trace of a CW switched on from rest at port ${tr.port} against solve_ivp DOP853`, () => {
          const r = simulateTcmt(sys, {
            port: tr.port,
            omega: tr.omega,
            amplitude: tr.amplitude,
            input: { kind: 'cw', amplitude: tr.amplitude },
            tEnd: tr.t_end,
            samples: tr.samples,
            adaptive: { rtol: 1e-10 },
          });
          expect(r.t.length).toBe(tr.t.length);
          let peak = 0;
          for (const row of tr.abs_a) for (const v of row) peak = Math.max(peak, v);
          let worst = 0;
          tr.abs_a.forEach((row, i) => row.forEach((v, k) => (worst = Math.max(worst, Math.abs(r.aAbs[i]![k]! - v)))));
          expect(worst / peak, '|a_i|(t) within 1e-7 of the peak').toBeLessThanOrEqual(1e-7);
          sys.ports.forEach((_res, q) => {
            const [re, im] = tr[`s${q + 1}_out`] as [number[], number[]];
            let w = 0;
            re.forEach((v, k) => (w = Math.max(w, Math.hypot(r.out[q]![2 * k]! - v, r.out[q]![2 * k + 1]! - im[k]!))));
            expect(w / tr.amplitude, `s${q + 1}_out(t)`).toBeLessThanOrEqual(1e-7);
          });
        });
      }
    });
  }
});
