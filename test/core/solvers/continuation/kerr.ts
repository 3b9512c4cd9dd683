/**
 * A single driven Kerr resonator, da/dt = (iΔ − iχ|a|² − γ/2)·a + √γ_e·s, as the real system
 * x = (Re a, Im a), with its analytic Jacobian; p is either the detuning Δ or the drive s (real).
 */
import type { JacobianFn, ResidualFn } from '../../../../src-core/solvers/continuation/index';

export interface Kerr {
  gamma: number;
  gammaE: number;
  chi: number;
}

export function kerrSystem(k: Kerr, vary: 'delta' | 's', fixed: number): { F: ResidualFn; J: JacobianFn } {
  const g2 = k.gamma / 2;
  const ke = Math.sqrt(k.gammaE);
  const F: ResidualFn = (x, p, out) => {
    const u = x[0]!;
    const v = x[1]!;
    const d = vary === 'delta' ? p : fixed;
    const s = vary === 's' ? p : fixed;
    const th = d - k.chi * (u * u + v * v);
    out[0] = -g2 * u - th * v + ke * s;
    out[1] = th * u - g2 * v;
  };
  const J: JacobianFn = (x, p, jx, jp) => {
    const u = x[0]!;
    const v = x[1]!;
    const d = vary === 'delta' ? p : fixed;
    const th = d - k.chi * (u * u + v * v);
    jx[0] = -g2 + 2 * k.chi * u * v;
    jx[1] = -th + 2 * k.chi * v * v;
    jx[2] = th - 2 * k.chi * u * u;
    jx[3] = -g2 - 2 * k.chi * u * v;
    if (vary === 'delta') {
      jp[0] = -v;
      jp[1] = u;
    } else {
      jp[0] = ke;
      jp[1] = 0;
    }
  };
  return { F, J };
}

/** Coefficients of χ²n³ − 2Δχn² + (Δ² + γ²/4)n − γ_e s² (highest first). */
export function cubic(k: Kerr, d: number, s: number): [number, number, number, number] {
  return [k.chi ** 2, -2 * d * k.chi, d * d + k.gamma ** 2 / 4, -k.gammaE * s * s];
}

/** Real roots of c0 n³ + c1 n² + c2 n + c3 (trigonometric / Cardano, then two Newton polishes), ascending. */
export function cubicRoots([c0, c1, c2, c3]: [number, number, number, number]): number[] {
  const a = c1 / c0;
  const b = c2 / c0;
  const c = c3 / c0;
  const q = (a * a - 3 * b) / 9;
  const r = (2 * a ** 3 - 9 * a * b + 27 * c) / 54;
  let roots: number[];
  if (r * r < q ** 3) {
    const th = Math.acos(r / Math.sqrt(q ** 3));
    const m = -2 * Math.sqrt(q);
    roots = [m * Math.cos(th / 3) - a / 3, m * Math.cos((th + 2 * Math.PI) / 3) - a / 3, m * Math.cos((th - 2 * Math.PI) / 3) - a / 3];
  } else {
    const A = -Math.sign(r) * Math.cbrt(Math.abs(r) + Math.sqrt(r * r - q ** 3));
    const B = A === 0 ? 0 : q / A;
    roots = [A + B - a / 3];
  }
  return roots
    .map((n) => {
      for (let k = 0; k < 2; k++) {
        const f = ((c0 * n + c1) * n + c2) * n + c3;
        const df = (3 * c0 * n + 2 * c1) * n + c2;
        if (df !== 0) n -= f / df;
      }
      return n;
    })
    .sort((x, y) => x - y);
}

/** The fold polynomial d(γ_e s²)/dn = 3χ²n² − 4Δχn + Δ² + γ²/4 (also det of the 2×2 Jacobian). */
export function foldPoly(k: Kerr, d: number, n: number): number {
  return 3 * k.chi ** 2 * n * n - 4 * d * k.chi * n + d * d + k.gamma ** 2 / 4;
}

/** Eigenvalues of the Jacobian at photon number n: −γ/2 ± √(γ²/4 − D(n)), as [re, im] pairs, larger real part first. */
export function kerrEigenvalues(k: Kerr, d: number, n: number): [number, number][] {
  const disc = k.gamma ** 2 / 4 - foldPoly(k, d, n);
  const g2 = -k.gamma / 2;
  if (disc >= 0) return [[g2 + Math.sqrt(disc), 0], [g2 - Math.sqrt(disc), 0]];
  return [[g2, Math.sqrt(-disc)], [g2, -Math.sqrt(-disc)]];
}

/** Root of an increasing function on [a, b] by bisection to the last bit. */
export function bisect(f: (x: number) => number, a: number, b: number): number {
  for (let k = 0; k < 200; k++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    if (f(m) > 0) b = m;
    else a = m;
  }
  return 0.5 * (a + b);
}
