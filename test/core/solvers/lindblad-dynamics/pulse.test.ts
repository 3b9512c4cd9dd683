/**
 * Pulse responses against closed forms: a driven linear cavity stays in a coherent state α(t) with
 * α' = −(iΔ + κ/2)α − iΩ f(t), so ⟨n⟩ = |α|², g2 = 1 and the photons out are κ∫|α|²dt.
 * QuTiP's mesolve of whole models is compared in test/core/models/dynamics-qutip.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { setWasmKernels, wasmKernels } from '../../../../src-core/linalg/wasm/kernels';
import { fockBasis, loweringOp } from '../../../../src-core/quantum/fock';
import { buildHamiltonian, type SparseMatrix } from '../../../../src-core/quantum/operators';
import { evolvePulse, type PulseSystem } from '../../../../src-core/solvers/lindblad-dynamics/pulse';

const kappa = 1.2;
const Delta = 0.7;
const Omega = 0.35;

function cavity(levels: number): { sys: PulseSystem; rho0: Float64Array } {
  const basis = fockBasis('per-mode', 1, levels);
  const H = (amp: number): SparseMatrix => buildHamiltonian(basis, { detuning: [Delta], kerr: [0], hops: [], drives: [{ mode: 0, re: amp, im: 0 }] });
  const H1 = H(Omega);
  const H2 = H(2 * Omega);
  const sys: PulseSystem = {
    basis,
    H0: { ...H1, re: H1.re.map((x, i) => 2 * x - H2.re[i]!), im: H1.im.map((x, i) => 2 * x - H2.im[i]!) },
    Hd: { ...H1, re: H2.re.map((x, i) => x - H1.re[i]!), im: H2.im.map((x, i) => x - H1.im[i]!) },
    decay: [{ op: loweringOp(basis, 0), rate: kappa }],
  };
  const rho0 = new Float64Array(2 * levels * levels);
  rho0[0] = 1;
  return { sys, rho0 };
}

/** α(t) of a rectangular pulse on [t0, t0 + w], from the vacuum. */
function alphaRect(t: number, t0: number, w: number): [number, number] {
  // λ = iΔ + κ/2; during: α = −iΩ/λ (1 − e^{−λ(t−t0)}); after: α(t1) e^{−λ(t−t1)}
  const lr = kappa / 2;
  const li = Delta;
  const d = lr * lr + li * li;
  const cr = (-Omega * li) / d; // −iΩ/λ = −iΩ λ*/|λ|²
  const ci = (-Omega * lr) / d;
  const during = (s: number): [number, number] => {
    const e = Math.exp(-lr * s);
    const er = 1 - e * Math.cos(li * s);
    const ei = e * Math.sin(li * s);
    return [cr * er - ci * ei, cr * ei + ci * er];
  };
  if (t <= t0) return [0, 0];
  if (t <= t0 + w) return during(t - t0);
  const [ar, ai] = during(w);
  const s = t - t0 - w;
  const e = Math.exp(-lr * s);
  const c = e * Math.cos(li * s);
  const sn = -e * Math.sin(li * s);
  return [ar * c - ai * sn, ar * sn + ai * c];
}

describe('evolvePulse: Dormand–Prince 5(4) with dense output', () => {
  const t0 = 1;
  const w = 3;
  const tEnd = 12;
  const times = Float64Array.from({ length: 241 }, (_, i) => (tEnd * i) / 240);
  const rect = (t: number): number => (t >= t0 && t < t0 + w ? 1 : 0);

  it('a rectangular pulse on a linear cavity: ⟨n⟩ = |α(t)|², g2 = 1 and the photons out κ∫|α|² within 1e-8', () => {
    const { sys, rho0 } = cavity(14);
    const r = evolvePulse(sys, rho0, { envelope: rect, breakpoints: [t0, t0 + w], times, outputs: [{ mode: 0, kappa }], hMax: w / 4 });
    let photons = 0;
    const steps = 200_000;
    for (let i = 0; i <= steps; i++) {
      const t = (tEnd * i) / steps;
      const [ar, ai] = alphaRect(t, t0, w);
      photons += (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * kappa * (ar * ar + ai * ai);
    }
    photons *= tEnd / steps / 3;
    times.forEach((t, i) => {
      const [ar, ai] = alphaRect(t, t0, w);
      expect(Math.abs(r.n[0]![i]! - (ar * ar + ai * ai))).toBeLessThan(1e-8);
      if (ar * ar + ai * ai > 1e-4) expect(Math.abs(r.g2[0]![i]! - 1)).toBeLessThan(1e-6);
    });
    expect(Math.abs(r.photons[0]![times.length - 1]! - photons)).toBeLessThan(1e-8);
    expect(r.diagnostics.minEigenvalue).toBeGreaterThan(-1e-10);
    expect(Math.abs(r.diagnostics.traceError)).toBeLessThan(1e-10);
    expect(r.diagnostics.topShell).toBeLessThan(1e-9);
  });

  it('runs on the WebAssembly Liouvillian and vector kernels, H following the drive, bit for bit the TypeScript path (Dormand–Prince and Krylov segments)', () => {
    const { sys, rho0 } = cavity(14);
    const constant = [{ from: t0 + w, to: Infinity, value: 0 }];
    const gauss = (t: number): number => Math.exp(-((t - 2.5) ** 2) / 0.8) * (t < t0 + w ? 1 : 0);
    const run = (): ReturnType<typeof evolvePulse> => evolvePulse(sys, rho0, { envelope: gauss, breakpoints: [t0 + w], constant, times, outputs: [{ mode: 0, kappa }], hMax: w / 4 });
    const wk = wasmKernels()!;
    const spy = vi.spyOn(wk, 'liouvillianLower');
    const axpy = vi.spyOn(wk, 'vecAxpy');
    const fast = run();
    expect(spy).toHaveBeenCalled();
    // the stages' sums run on the arena vectors too
    expect(axpy).toHaveBeenCalled();
    spy.mockRestore();
    axpy.mockRestore();
    expect(fast.diagnostics.steps).toBeGreaterThan(0);
    expect(fast.diagnostics.krylovSteps).toBeGreaterThan(0);
    setWasmKernels(false);
    try {
      const ts = run();
      expect(Array.from(fast.n[0]!)).toEqual(Array.from(ts.n[0]!));
      expect(Array.from(fast.photons[0]!)).toEqual(Array.from(ts.photons[0]!));
      expect(Array.from(fast.rhoEnd)).toEqual(Array.from(ts.rhoEnd));
    } finally {
      setWasmKernels(true);
    }
    // when the arena cannot hold the layout (a huge system), the TypeScript path runs: the same bits
    const refuse = vi.spyOn(wk.arena, 'reset').mockReturnValue(false);
    const axpy2 = vi.spyOn(wk, 'vecAxpy');
    try {
      const fallback = run();
      expect(axpy2).not.toHaveBeenCalled();
      expect(Array.from(fallback.rhoEnd)).toEqual(Array.from(fast.rhoEnd));
    } finally {
      refuse.mockRestore();
      axpy2.mockRestore();
    }
  });

  it('with the constant intervals declared, the Krylov exponential takes them: the same closed form, a long quiet tail in a few steps', () => {
    const { sys, rho0 } = cavity(14);
    const long = Float64Array.from([...times, 100, 1000, 5000]);
    const constant = [
      { from: 0, to: t0, value: 0 },
      { from: t0, to: t0 + w, value: 1 },
      { from: t0 + w, to: Infinity, value: 0 },
    ];
    const r = evolvePulse(sys, rho0, { envelope: rect, breakpoints: [t0, t0 + w], constant, times: long, outputs: [{ mode: 0, kappa }], hMax: w / 4 });
    expect(r.diagnostics.steps).toBe(0);
    expect(r.diagnostics.krylovSteps).toBeLessThan(200);
    times.forEach((t, i) => {
      const [ar, ai] = alphaRect(t, t0, w);
      expect(Math.abs(r.n[0]![i]! - (ar * ar + ai * ai))).toBeLessThan(1e-8);
    });
    const dp = evolvePulse(sys, rho0, { envelope: rect, breakpoints: [t0, t0 + w], times, outputs: [{ mode: 0, kappa }], hMax: w / 4 });
    const last = times.length - 1;
    expect(Math.abs(r.photons[0]![last]! - dp.photons[0]![last]!)).toBeLessThan(1e-9);
    // every photon out by t = 5000: κ∫|α|² over the pulse (Simpson) plus the ring-down's |α(t0 + w)|²
    let during = 0;
    const N = 100_000;
    for (let i = 0; i <= N; i++) {
      const [ar, ai] = alphaRect(t0 + (w * i) / N, t0, w);
      during += (i === 0 || i === N ? 1 : i % 2 ? 4 : 2) * kappa * (ar * ar + ai * ai);
    }
    during *= w / N / 3;
    const [er, ei] = alphaRect(t0 + w, t0, w);
    expect(Math.abs(r.photons[0]![long.length - 1]! - (during + er * er + ei * ei))).toBeLessThan(1e-8);
  });

  it('tightening the tolerance converges: the default answer is within its error control of a 1000× tighter one', () => {
    const { sys, rho0 } = cavity(10);
    const gauss = (t: number): number => Math.exp(-((t - 4) ** 2) / (2 * 1.5 ** 2));
    const a = evolvePulse(sys, rho0, { envelope: gauss, breakpoints: [], times, outputs: [{ mode: 0, kappa }], hMax: 0.4 });
    const b = evolvePulse(sys, rho0, { envelope: gauss, breakpoints: [], times, outputs: [{ mode: 0, kappa }], hMax: 0.4, rtol: 1e-11, atol: 1e-15 });
    let peak = 0;
    let diff = 0;
    times.forEach((_t, i) => {
      peak = Math.max(peak, b.n[0]![i]!);
      diff = Math.max(diff, Math.abs(a.n[0]![i]! - b.n[0]![i]!));
    });
    expect(diff).toBeLessThan(1e-6 * peak);
    expect(b.diagnostics.steps).toBeGreaterThan(a.diagnostics.steps);
  });

  it('a drive switched off at t0 from the steady state rings down as e^{−κt}', () => {
    const { sys, rho0 } = cavity(14);
    // start from the coherent steady state α_ss = −iΩ/(iΔ + κ/2): reach it by a long switched-on run first
    const on = evolvePulse(sys, rho0, { envelope: () => 1, breakpoints: [], times: Float64Array.from([0, 40]), outputs: [{ mode: 0, kappa }], hMax: 1 });
    const r = evolvePulse(sys, on.rhoEnd, { envelope: (t) => (t < 2 ? 1 : 0), breakpoints: [2], times, outputs: [{ mode: 0, kappa }], hMax: 1 });
    const nss = (Omega * Omega) / (Delta * Delta + kappa * kappa / 4);
    times.forEach((t, i) => expect(Math.abs(r.n[0]![i]! - (t < 2 ? nss : nss * Math.exp(-kappa * (t - 2))))).toBeLessThan(1e-8));
  });
});
