import { describe, expect, it } from 'vitest';
import { pseudoArclength, type Branch } from '../../../../src-core/solvers/continuation/index';
import { bisect, cubic, cubicRoots, foldPoly, kerrEigenvalues, kerrSystem, type Kerr } from './kerr';

const K: Kerr = { gamma: 1, gammaE: 0.5, chi: 1 };

/** Every point is a steady state: a = √γ_e s/(γ/2 − iθ) at its own n, and n is a root of the cubic. */
function checkPointsOnCubic(br: Branch, dOf: (p: number) => number, sOf: (p: number) => number): void {
  let compared = 0;
  for (const pt of br.points) {
    const d = dOf(pt.p);
    const s = sOf(pt.p);
    const n = pt.x[0]! ** 2 + pt.x[1]! ** 2;
    const th = d - K.chi * n;
    const den = K.gamma ** 2 / 4 + th * th;
    const ar = (Math.sqrt(K.gammaE) * s * (K.gamma / 2)) / den;
    const ai = (Math.sqrt(K.gammaE) * s * th) / den;
    expect(Math.hypot(pt.x[0]! - ar, pt.x[1]! - ai)).toBeLessThanOrEqual(1e-10 * Math.hypot(ar, ai) + 1e-300);
    const roots = cubicRoots(cubic(K, d, s));
    let nearest = roots[0]!;
    for (const r of roots) if (Math.abs(r - n) < Math.abs(nearest - n)) nearest = r;
    const sep = Math.min(...roots.filter((r) => r !== nearest).map((r) => Math.abs(r - nearest)), Infinity);
    if (sep > 1e-2 * Math.max(1, nearest)) {
      expect(Math.abs(n - nearest)).toBeLessThanOrEqual(1e-10 * Math.max(nearest, 1e-12));
      compared++;
    } else {
      // near a double root (a fold) the root itself is ill-conditioned: the cubic's residual instead
      const c = cubic(K, d, s);
      const terms = [c[0] * n ** 3, c[1] * n * n, c[2] * n, c[3]];
      expect(Math.abs(terms[0]! + terms[1]! + terms[2]! + terms[3]!)).toBeLessThanOrEqual(1e-12 * terms.reduce((u, v) => u + Math.abs(v), 0));
    }
  }
  expect(compared).toBeGreaterThan(0.8 * br.points.length);
}

/** Eigenvalues against the closed form −γ/2 ± √(γ²/4 − D(n)), and the stable flag against D(n) > 0. */
function checkStability(br: Branch, dOf: (p: number) => number): void {
  for (const pt of br.points) {
    const n = pt.x[0]! ** 2 + pt.x[1]! ** 2;
    const d = dOf(pt.p);
    const ref = kerrEigenvalues(K, d, n);
    const st = pt.stability!;
    const scale = 1 + Math.abs(d) + K.chi * n;
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(st.eigenvalues[2 * k]! - ref[k]![0])).toBeLessThanOrEqual(1e-9 * scale);
      expect(Math.abs(Math.abs(st.eigenvalues[2 * k + 1]!) - Math.abs(ref[k]![1]))).toBeLessThanOrEqual(1e-9 * scale);
    }
    expect(st.maxRealPart).toBe(st.eigenvalues[0]);
    expect(st.stable).toBe(foldPoly(K, d, n) > 0);
  }
}

/** Segments stable / unstable / stable, switching exactly at the two folds. */
function checkSegments(br: Branch): void {
  expect(br.folds).toHaveLength(2);
  expect(br.segments.map((s) => s.stable)).toEqual([true, false, true]);
  expect(br.segments[0]).toEqual({ start: 0, end: br.folds[0]!.after, stable: true });
  expect(br.segments[1]).toEqual({ start: br.folds[0]!.after + 1, end: br.folds[1]!.after, stable: false });
  expect(br.segments[2]).toEqual({ start: br.folds[1]!.after + 1, end: br.points.length - 1, stable: true });
}

/** The branch crosses p = pMid three times, near each of the cubic's three roots. */
function checkAllRootsVisited(br: Branch, pMid: number, nRoots: number[]): void {
  const ns: number[] = [];
  for (let k = 0; k + 1 < br.points.length; k++) {
    const a = br.points[k]!;
    const b = br.points[k + 1]!;
    if ((a.p - pMid) * (b.p - pMid) < 0) {
      const w = (pMid - a.p) / (b.p - a.p);
      const na = a.x[0]! ** 2 + a.x[1]! ** 2;
      const nb = b.x[0]! ** 2 + b.x[1]! ** 2;
      ns.push(na + w * (nb - na));
    }
  }
  expect(nRoots).toHaveLength(3);
  expect(ns.sort((x, y) => x - y)).toHaveLength(3);
  for (let k = 0; k < 3; k++) expect(Math.abs(ns[k]! - nRoots[k]!)).toBeLessThan(0.05 * nRoots[k]!);
}

describe('pseudo-arclength continuation of a driven Kerr resonator', () => {
  it('in the drive s at Δ = 3: the S-curve, its folds at the closed-form s, middle branch unstable', () => {
    const d = 3;
    const { F, J } = kerrSystem(K, 's', d);
    const br = pseudoArclength(F, J, new Float64Array(2), 0, { lo: 0, hi: 5 });
    expect(br.stop.reason).toBe('bound');
    expect(br.points[0]!.p).toBe(0);
    expect(br.points[br.points.length - 1]!.p).toBe(5);
    checkPointsOnCubic(br, () => d, (p) => p);
    checkStability(br, () => d);
    checkSegments(br);
    // folds: D(n) = 0 gives n±, and s² = n((Δ − χn)² + γ²/4)/γ_e
    const disc = Math.sqrt(16 * d * d * K.chi ** 2 - 12 * K.chi ** 2 * (d * d + K.gamma ** 2 / 4));
    const nHi = (4 * d * K.chi + disc) / (6 * K.chi ** 2);
    const nLo = (4 * d * K.chi - disc) / (6 * K.chi ** 2);
    const sOf = (n: number): number => Math.sqrt((n * ((d - K.chi * n) ** 2 + K.gamma ** 2 / 4)) / K.gammaE);
    // going up in s on the lower branch, the first fold is the low-n one (at the larger s)
    const expected = [
      { n: nLo, s: sOf(nLo) },
      { n: nHi, s: sOf(nHi) },
    ];
    expect(expected[0]!.s).toBeGreaterThan(expected[1]!.s);
    for (let k = 0; k < 2; k++) {
      const f = br.folds[k]!;
      expect(f.located).toBe(true);
      expect(Math.abs(f.p - expected[k]!.s)).toBeLessThanOrEqual(1e-8 * expected[k]!.s);
      expect(Math.abs(f.x[0]! ** 2 + f.x[1]! ** 2 - expected[k]!.n)).toBeLessThanOrEqual(1e-6 * expected[k]!.n);
      expect(br.points[f.after]!.tangent[2]! * br.points[f.after + 1]!.tangent[2]!).toBeLessThan(0);
    }
    checkAllRootsVisited(br, 2, cubicRoots(cubic(K, d, 2)));
    // tangents are unit vectors, and consecutive ones point the same way
    for (let k = 0; k < br.points.length; k++) {
      const t = br.points[k]!.tangent;
      expect(Math.hypot(t[0]!, t[1]!, t[2]!)).toBeCloseTo(1, 14);
      if (k > 0) {
        const u = br.points[k - 1]!.tangent;
        expect(t[0]! * u[0]! + t[1]! * u[1]! + t[2]! * u[2]!).toBeGreaterThan(0);
      }
    }
  });

  it('in the detuning Δ at fixed drive: the tilted resonance, folds at the closed-form Δ', () => {
    const s = Math.sqrt(10);
    const { F, J } = kerrSystem(K, 'delta', s);
    const br = pseudoArclength(F, J, new Float64Array(2), -5, { lo: -5, hi: 30, xScale: Math.sqrt(20) }); // |a|² ≤ 20
    expect(br.stop.reason).toBe('bound');
    expect(br.points[0]!.p).toBe(-5);
    expect(br.points[br.points.length - 1]!.p).toBe(30);
    checkPointsOnCubic(br, (p) => p, () => s);
    checkStability(br, (p) => p);
    checkSegments(br);
    // a fold in Δ: D(n) = 0 gives Δ = 2χn ± r, r = √(χ²n² − γ²/4); on the cubic, n(2χ²n² ± 2χnr) = γ_e s²
    const foldAt = (sg: 1 | -1): { n: number; d: number } => {
      const r = (n: number): number => Math.sqrt(K.chi ** 2 * n * n - K.gamma ** 2 / 4);
      const n = bisect((n) => n * (2 * K.chi ** 2 * n * n + sg * 2 * K.chi * n * r(n)) - K.gammaE * s * s, K.gamma / (2 * K.chi), 1e3);
      return { n, d: 2 * K.chi * n + sg * r(n) };
    };
    // up in Δ along the tilted peak, the first fold is the high-n one (at the larger Δ)
    const expected = [foldAt(-1), foldAt(1)];
    expect(expected[0]!.d).toBeGreaterThan(expected[1]!.d);
    for (let k = 0; k < 2; k++) {
      const f = br.folds[k]!;
      expect(f.located).toBe(true);
      expect(Math.abs(f.p - expected[k]!.d)).toBeLessThanOrEqual(1e-8 * expected[k]!.d);
      expect(Math.abs(f.x[0]! ** 2 + f.x[1]! ** 2 - expected[k]!.n)).toBeLessThanOrEqual(1e-6 * expected[k]!.n);
    }
    checkAllRootsVisited(br, 10, cubicRoots(cubic(K, 10, s)));
  });

  it('in physical units (rates in rad/s, Γ = 2π·10⁶): the same folds scaled by Γ, the same stability', () => {
    const G = 2 * Math.PI * 1e6;
    const s = Math.sqrt(10);
    const unit = kerrSystem(K, 'delta', s);
    const phys = kerrSystem({ gamma: G * K.gamma, gammaE: G * K.gammaE, chi: G * K.chi }, 'delta', s * Math.sqrt(G));
    const a = pseudoArclength(unit.F, unit.J, new Float64Array(2), -5, { lo: -5, hi: 30, xScale: Math.sqrt(20) });
    const b = pseudoArclength(phys.F, phys.J, new Float64Array(2), -5 * G, { lo: -5 * G, hi: 30 * G, xScale: Math.sqrt(20) });
    expect(b.stop.reason).toBe('bound');
    expect(b.folds).toHaveLength(2);
    for (let k = 0; k < 2; k++) expect(Math.abs(b.folds[k]!.p - G * a.folds[k]!.p)).toBeLessThanOrEqual(1e-8 * Math.abs(G * a.folds[k]!.p));
    expect(b.segments.map((g) => g.stable)).toEqual([true, false, true]);
    for (const pt of b.points) {
      const n = pt.x[0]! ** 2 + pt.x[1]! ** 2;
      expect(pt.stability!.stable).toBe(foldPoly(K, pt.p / G, n) > 0);
      expect(pt.stability!.eigenvalues[0]! / G).toBeCloseTo(kerrEigenvalues(K, pt.p / G, n)[0]![0], 9);
    }
  });

  it('runs the same curve backwards from the other end (direction −1)', () => {
    const d = 3;
    const { F, J } = kerrSystem(K, 's', d);
    const up = pseudoArclength(F, J, new Float64Array(2), 0, { lo: 0, hi: 5 });
    const end = up.points[up.points.length - 1]!;
    const down = pseudoArclength(F, J, end.x, 5, { lo: 0, hi: 5, direction: -1 });
    expect(down.stop.reason).toBe('bound');
    expect(down.points[down.points.length - 1]!.p).toBe(0);
    expect(Math.hypot(...down.points[down.points.length - 1]!.x)).toBeLessThan(1e-12);
    expect(down.folds).toHaveLength(2);
    for (let k = 0; k < 2; k++) expect(Math.abs(down.folds[1 - k]!.p - up.folds[k]!.p)).toBeLessThanOrEqual(1e-10 * up.folds[k]!.p);
  });

  it('keeps to maxPoints and reports it', () => {
    const { F, J } = kerrSystem(K, 's', 3);
    const br = pseudoArclength(F, J, new Float64Array(2), 0, { lo: 0, hi: 5, maxPoints: 7 });
    expect(br.points).toHaveLength(7);
    expect(br.stop.reason).toBe('max-points');
    expect(br.stats.acceptedSteps).toBe(6);
  });
});
