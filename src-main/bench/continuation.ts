/**
 * Continuation: a 1001-point pseudo-arclength continuation of a driven Kerr resonator's S-curve
 * (through both folds, every point with its stability), as issue 18's tcmt-network will run it.
 */
import { pseudoArclength, type Branch, type JacobianFn, type ResidualFn } from '../../src-core/solvers/continuation/index.js';

/** da/dt = (iΔ − iχ|a|² − γ/2)a + √γ_e·s as x = (Re a, Im a), continued in s; γ = 1, γ_e = 0.5, χ = 1, Δ = 3. */
const G2 = 0.5;
const KE = Math.sqrt(0.5);
const D = 3;
const F: ResidualFn = (x, s, out) => {
  const u = x[0]!;
  const v = x[1]!;
  const th = D - (u * u + v * v);
  out[0] = -G2 * u - th * v + KE * s;
  out[1] = th * u - G2 * v;
};
const J: JacobianFn = (x, _s, jx, jp) => {
  const u = x[0]!;
  const v = x[1]!;
  const th = D - (u * u + v * v);
  jx[0] = -G2 + 2 * u * v;
  jx[1] = -th + 2 * v * v;
  jx[2] = th - 2 * u * u;
  jx[3] = -G2 - 2 * u * v;
  jp[0] = KE;
  jp[1] = 0;
};

export function reportContinuation(out: (s: string) => void): void {
  // the curve's arclength from a coarse run sets the step: 1000 steps cover ~99% of the curve from s = 0 to 5
  const coarse = pseudoArclength(F, J, new Float64Array(2), 0, { lo: 0, hi: 5, stability: false });
  let len = 0;
  for (let k = 1; k < coarse.points.length; k++) {
    const a = coarse.points[k - 1]!;
    const b = coarse.points[k]!;
    len += Math.hypot(b.x[0]! - a.x[0]!, b.x[1]! - a.x[1]!, (b.p - a.p) / 5); // the scaled metric (xScale 1, hi − lo = 5)
  }
  const h = len / 1010; // 1001 points end just short of s = 5, past both folds
  const run = (stability: boolean): { ms: number; br: Branch } => {
    const t0 = performance.now();
    const br = pseudoArclength(F, J, new Float64Array(2), 0, { lo: 0, hi: 5, ds: h, dsMax: h, maxPoints: 1001, stability });
    return { ms: performance.now() - t0, br };
  };
  for (const stability of [true, false]) {
    run(stability);
    let best = run(stability);
    for (let k = 0; k < 4; k++) {
      const r = run(stability);
      if (r.ms < best.ms) best = r;
    }
    const { br } = best;
    out(
      `Kerr S-curve (2-D), ${br.points.length} points, ${br.folds.length} folds located, ${br.stats.newtonIterations} Newton iterations` +
        `${stability ? `, ${br.segments.length} stability segments` : ', no stability'}: ${best.ms.toFixed(2)} ms`,
    );
  }
  reportContinuationChain(out);
}

/**
 * A chain of N Kerr resonators (2N real unknowns) driven at the first:
 * da_i/dt = (iΔ − iχ|a_i|² − γ/2)a_i − iκ(a_{i−1} + a_{i+1}) + δ_{i0}√γ_e·s, continued in s.
 */
function kerrChain(N: number): { F: ResidualFn; J: JacobianFn } {
  const g2 = 0.5;
  const kap = 0.6;
  const d = 3;
  const F: ResidualFn = (x, s, out) => {
    for (let i = 0; i < N; i++) {
      const u = x[2 * i]!;
      const v = x[2 * i + 1]!;
      const th = d - (u * u + v * v);
      // −iκ·(neighbours): Re += κ·Im(nb), Im −= κ·Re(nb)
      let nu = 0;
      let nv = 0;
      if (i > 0) {
        nu += x[2 * i - 2]!;
        nv += x[2 * i - 1]!;
      }
      if (i < N - 1) {
        nu += x[2 * i + 2]!;
        nv += x[2 * i + 3]!;
      }
      out[2 * i] = -g2 * u - th * v + kap * nv + (i === 0 ? KE * s : 0);
      out[2 * i + 1] = th * u - g2 * v - kap * nu;
    }
  };
  const n = 2 * N;
  const J: JacobianFn = (x, _s, jx, jp) => {
    jx.fill(0);
    jp.fill(0);
    jp[0] = KE;
    for (let i = 0; i < N; i++) {
      const u = x[2 * i]!;
      const v = x[2 * i + 1]!;
      const th = d - (u * u + v * v);
      const r = 2 * i;
      jx[r * n + r] = -g2 + 2 * u * v;
      jx[r * n + r + 1] = -th + 2 * v * v;
      jx[(r + 1) * n + r] = th - 2 * u * u;
      jx[(r + 1) * n + r + 1] = -g2 - 2 * u * v;
      for (const j of [i - 1, i + 1]) {
        if (j < 0 || j >= N) continue;
        jx[r * n + 2 * j + 1] = kap;
        jx[(r + 1) * n + 2 * j] = -kap;
      }
    }
  };
  return { F, J };
}

export function reportContinuationChain(out: (s: string) => void): void {
  for (const N of [4, 8]) {
    const { F, J } = kerrChain(N);
    const run = (stability: boolean): { ms: number; br: Branch } => {
      const t0 = performance.now();
      const br = pseudoArclength(F, J, new Float64Array(2 * N), 0, { lo: 0, hi: 5, ds: 2e-3, dsMax: 2e-3, maxPoints: 1001, stability });
      return { ms: performance.now() - t0, br };
    };
    for (const stability of [true, false]) {
      run(stability);
      let best = run(stability);
      for (let k = 0; k < 2; k++) {
        const r = run(stability);
        if (r.ms < best.ms) best = r;
      }
      const { br } = best;
      out(
        `chain of ${N} Kerr resonators (${2 * N}-D), ${br.points.length} points up to s = ${br.points[br.points.length - 1]!.p.toFixed(2)}, ${br.folds.length} folds` +
          `${stability ? `, ${br.segments.length} stability segments` : ', no stability'}: ${best.ms.toFixed(1)} ms`,
      );
    }
  }
}
