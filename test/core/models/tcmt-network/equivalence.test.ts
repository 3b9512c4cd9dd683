/**
 * The seed-003 presets of the tcmt-network model against today's two-resonator model (an
 * independent implementation: closed forms and a cubic's roots for the steady states): the same
 * S-parameters at many frequencies for every loss mode, and the same time traces.
 */
import { describe, expect, it } from 'vitest';
import { getModel } from '../../../../src-core/models/registry';
import { TCMT_PRESETS, canonicalTcmtSpec, parseTcmtSpec, simulateTcmt, tcmtSystem, type TcmtSpec } from '../../../../src-core/models/tcmt-network/index';
import { twoResonatorParams } from '../../../../src-core/models/two-resonator/index';
import { simulate as simulateTwo } from '../../../../src-core/models/two-resonator/dynamics';
import type { ParamInput } from '../../../../src-core/models/params';
import { resolveModelParams } from '../../../../src-core/models/registry';
import type { TwoResonatorOutput } from '../../../../src-core/models/two-resonator/index';
import type { TcmtNetworkOutput } from '../../../../src-core/models/tcmt-network/index';

const two = getModel('two-resonator');
const net = getModel('tcmt-network');
const KAPPA = Math.PI * 1e6;
const W0 = 2 * Math.PI * 1e6;
const preset = (id: string): TcmtSpec => TCMT_PRESETS.find((p) => p.id === id)!.spec;

/** The preset with resonator 2's nonlocal γ_k replaced. */
function withGammaK(gk: number): TcmtSpec {
  const s = structuredClone(preset('seed003-nonlocal'));
  s.resonators[1]!.losses = [{ kind: 'nonlocal', gamma: gk, reference: 'r1' }];
  return s;
}

const cases: { name: string; twoParams: ParamInput; spec: TcmtSpec }[] = [
  { name: 'nonlocal γ_k = κ (stuck forward)', twoParams: { loss: 'nonlocal' }, spec: preset('seed003-nonlocal') },
  { name: 'nonlocal γ_k = 0.6κ (free)', twoParams: { loss: 'nonlocal', gamma_k: 0.6 * KAPPA }, spec: withGammaK(0.6 * KAPPA) },
  { name: 'nonlocal γ_k = 1.4κ (stuck)', twoParams: { loss: 'nonlocal', gamma_k: 1.4 * KAPPA }, spec: withGammaK(1.4 * KAPPA) },
  { name: 'linear', twoParams: { loss: 'linear' }, spec: preset('seed003-linear') },
  { name: 'ideal', twoParams: { loss: 'ideal', kappa_12: 0 }, spec: preset('seed003-ideal') },
  { name: 'kerr-like', twoParams: { loss: 'kerr' }, spec: preset('seed003-kerr') },
  { name: 'saturable', twoParams: { loss: 'saturable' }, spec: preset('seed003-saturable') },
];

type C = { re: number; im: number };
const polar = (s: { abs: number; phase: number }): C => ({ re: s.abs * Math.cos(s.phase), im: s.abs * Math.sin(s.phase) });
const dist = (a: C, b: C): number => Math.hypot(a.re - b.re, a.im - b.im);

describe('tcmt-network seed-003 presets = the two-resonator model', () => {
  const freqs = Array.from({ length: 41 }, (_, k) => W0 + (k - 20) * 0.15 * KAPPA);
  for (const c of cases) {
    it(`S-parameters at 41 frequencies and two amplitudes: ${c.name}`, () => {
      const solveTwo = two.createSolver();
      const solveNet = net.createSolver();
      let worst = 0;
      for (const amplitude of [1, 3]) {
        for (const omega of freqs) {
          const a = solveTwo(resolveModelParams(two, { ...c.twoParams, omega, amplitude }));
          const b = solveNet(resolveModelParams(net, { spec: canonicalTcmtSpec(c.spec), omega, amplitude }));
          const o2 = a.output as unknown as TwoResonatorOutput;
          const on = b.output as unknown as TcmtNetworkOutput;
          // forward (port 1 driven): S11, S21; backward (port 2): S22, S12
          const fwdRef = [polar(o2.S11), polar(o2.S21)];
          const bwdRef = [polar(o2.S12), polar(o2.S22)];
          const fwd = [polar(on.ports[0]!.S.S11!), polar(on.ports[0]!.S.S21!)];
          const bwd = [polar(on.ports[1]!.S.S12!), polar(on.ports[1]!.S.S22!)];
          for (const [ref, got] of [
            [fwdRef, fwd],
            [bwdRef, bwd],
          ] as const) {
            const scale = Math.max(...ref.map((z) => Math.hypot(z.re, z.im)));
            for (let k = 0; k < 2; k++) worst = Math.max(worst, dist(ref[k]!, got[k]!) / scale);
          }
          // exact zeros stay exact (the stuck forward wave)
          if (o2.S21.abs === 0) expect(on.ports[0]!.S.S21!.abs).toBe(0);
          // every steady state of the two-resonator model is found (local nonlinear losses may have several)
          expect(on.ports[0]!.solutions.length).toBe(o2.diagnostics.forwardSolutions.length);
          expect(on.ports[1]!.solutions.length).toBe(o2.diagnostics.backwardSolutions.length);
          const refF = o2.diagnostics.forwardSolutions.map((s) => s.S21.abs).sort((x, y) => x - y);
          const gotF = on.ports[0]!.solutions.map((s) => s.S.S21!.abs).sort((x, y) => x - y);
          refF.forEach((v, k) => expect(Math.abs(gotF[k]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(...refF, 1e-300)));
        }
      }
      expect(worst).toBeLessThanOrEqual(1e-12);
    });
  }

  it('finds the three steady states of a bistable saturable loss in each direction, as the two-resonator model', () => {
    // a strong saturable absorber (γ_nl = 100 γ) under a strong drive: the two-resonator model's cubic has three roots
    // (a positive Kerr-like loss never has: u·|A + γu|² is monotone when Re A > 0)
    const twoParams = { loss: 'saturable', gamma_nl: 1e7, amplitude: 1e4, omega: W0, gamma_10: 0, gamma_20: 0, gamma_1: 1e5, gamma_2: 1e5, kappa: 1e5 };
    const o2 = two.createSolver()(resolveModelParams(two, twoParams)).output as unknown as TwoResonatorOutput;
    expect(o2.diagnostics.forwardSolutions.length).toBe(3);
    const spec: TcmtSpec = {
      resonators: [
        { name: 'r1', omega: W0, gamma: 1e5, gamma0: 0, chi: 0, losses: [] },
        { name: 'r2', omega: W0, gamma: 1e5, gamma0: 0, chi: 0, losses: [{ kind: 'saturable', gamma: 1e7, P_sat: 1 }] },
      ],
      couplings: [{ i: 'r1', j: 'r2', kappa_ij: 1e5, kappa_ji: 1e5 }],
      ports: ['r1', 'r2'],
      input: { omega: W0, amplitude: 1e4, port: 1 },
    };
    const on = net.createSolver()(resolveModelParams(net, { spec: canonicalTcmtSpec(spec) })).output as unknown as TcmtNetworkOutput;
    for (const [k, ref, key] of [
      [0, o2.diagnostics.forwardSolutions.map((s) => s.S21.abs), 'S21'],
      [1, o2.diagnostics.backwardSolutions.map((s) => s.S12.abs), 'S12'],
    ] as const) {
      const r = [...ref].sort((x, y) => x - y);
      const got = on.ports[k]!.solutions.map((s) => s.S[key]!.abs).sort((x, y) => x - y);
      expect(got.length).toBe(r.length);
      r.forEach((v, m) => expect(Math.abs(got[m]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(...r)));
    }
    // the middle state of an S-curve is unstable, the outer two stable
    const byEnergy = on.ports[0]!.solutions.map((s) => s.stable);
    expect(byEnergy).toEqual([true, false, true]);
  });
});

describe('tcmt-network time traces = the two-resonator model', () => {
  const settingsList = [
    { port: 1, input: 'gaussian' },
    { port: 2, input: 'gaussian' },
    { port: 1, input: 'rect' },
  ];
  for (const c of cases) {
    it(`traces of every field, fixed step: ${c.name}`, () => {
      for (const s of settingsList) {
        const amplitude = 2;
        const settings = { ...s, h: 2e-9, samples: 201 };
        const a = two.simulate!.run({ params: { ...c.twoParams, amplitude }, settings });
        const b = net.simulate!.run({ params: { spec: canonicalTcmtSpec(c.spec), amplitude }, settings });
        expect(b.t).toEqual(a.t);
        const ta = a.traces[0]!;
        const tb = b.traces[0]!;
        for (const f of ['input', 's1_out', 's2_out', 'a1', 'a2']) {
          const x = ta.fields[f]!;
          const y = tb.fields[f]!;
          expect(y.length).toBe(x.length);
          let scale = 0;
          let err = 0;
          for (let k = 0; k < x.length; k++) {
            scale = Math.max(scale, Math.abs(x[k]!));
            err = Math.max(err, Math.abs(x[k]! - y[k]!));
          }
          expect(err, `${f} (${s.input}, port ${s.port})`).toBeLessThanOrEqual(1e-12 * scale);
        }
        expect((tb.diagnostics as { snaps: number }).snaps).toBe((ta.diagnostics as { snaps: number }).snaps);
      }
    });
  }
});

it('the preset specs parse back to themselves', () => {
  for (const p of TCMT_PRESETS) expect(canonicalTcmtSpec(parseTcmtSpec(canonicalTcmtSpec(p.spec)))).toBe(canonicalTcmtSpec(p.spec));
});

describe('tcmt-network adaptive runs = the two-resonator engine', () => {
  it('the same step-doubling run of a Gaussian pulse (nonlocal, free and stuck; saturable)', () => {
    for (const [twoParams, spec] of [
      [{ loss: 'nonlocal' }, preset('seed003-nonlocal')],
      [{ loss: 'nonlocal', gamma_k: 0.6 * KAPPA }, withGammaK(0.6 * KAPPA)],
      [{ loss: 'saturable' }, preset('seed003-saturable')],
    ] as const) {
      const p = twoResonatorParams(resolveModelParams(two, { ...twoParams, amplitude: 2 }));
      for (const port of [1, 2] as const) {
        const input = { kind: 'gaussian' as const, t0: 3e-6, tau: 1e-6 };
        const a = simulateTwo(p, { port, input, tEnd: 1.2e-5, samples: 121, adaptive: { rtol: 1e-8 } });
        const b = simulateTcmt(tcmtSystem(spec), { port, omega: W0, amplitude: 2, input, tEnd: 1.2e-5, samples: 121, adaptive: { rtol: 1e-8 } });
        expect(b.diagnostics.steps).toBe(a.diagnostics.steps);
        const pairs: [Float64Array, Float64Array][] = [
          [a.s1OutAbs, b.outAbs[0]!],
          [a.s2OutAbs, b.outAbs[1]!],
          [a.a1Abs, b.aAbs[0]!],
          [a.a2Abs, b.aAbs[1]!],
        ];
        for (const [x, y] of pairs) {
          const scale = Math.max(...x);
          for (let k = 0; k < x.length; k++) expect(Math.abs(x[k]! - y[k]!)).toBeLessThanOrEqual(1e-12 * scale);
        }
      }
    }
  });
});
