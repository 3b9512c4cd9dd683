/**
 * Continuation: a 1001-point pseudo-arclength continuation of a driven Kerr resonator's S-curve
 * (through both folds, every point with its stability), as issue 18's tcmt-network will run it.
 */
import { getModel, resolveModelParams } from '../../src-core/models/registry.js';
import { jacobian, paramDerivative, parseTcmtSpec, rhs, simulateTcmt, steadyStates, tcmtSystem } from '../../src-core/models/tcmt-network/index.js';
import { pseudoArclength, type Branch, type JacobianFn, type ResidualFn } from '../../src-core/solvers/continuation/index.js';
import { setWasmKernels } from '../../src-core/linalg/wasm/kernels.js';

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
  reportTcmt(out);
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

/**
 * The tcmt-network model (issue 18's goals): every branch of the bistable Kerr preset over ω
 * (nrlab continue: seeding by the multi-start steady states included, and the 1001-point
 * continuation alone on the model's own F and Jacobian), and 10⁵ fixed Runge–Kutta steps of an
 * 8-resonator chain with Kerr, saturable and nonlocal terms.
 */
export function reportTcmt(out: (s: string) => void): void {
  const model = getModel('tcmt-network');
  const preset = model.presets!.find((p) => p.id === 'kerr-bistable')!;
  const values = resolveModelParams(model, preset.values);
  const best = <T>(f: () => T, reps = 3): { ms: number; v: T } => {
    f();
    let b: { ms: number; v: T } | undefined;
    for (let k = 0; k < reps; k++) {
      const t0 = performance.now();
      const v = f();
      const ms = performance.now() - t0;
      if (!b || ms < b.ms) b = { ms, v };
    }
    return b!;
  };
  const all = best(() => model.continuation!.run(values, { vary: 'omega', lo: -2, hi: 6, port: 1 }));
  const pts = all.v.branches.reduce((s, b) => s + b.p.length, 0);
  const folds = all.v.branches.reduce((s, b) => s + b.folds.length, 0);
  out(`tcmt-network kerr-bistable, every branch over −2 ≤ ω ≤ 6 (nrlab continue, seeding included): ${all.v.branches.length} branch(es), ${pts} points, ${folds} folds: ${all.ms.toFixed(1)} ms`);
  // the time-domain check a Branches study stores beside it: 81 values up, 81 down
  const sw = best(() => model.continuation!.sweep!(values, { vary: 'omega', lo: -2, hi: 6, port: 1, steps: 81 }), 1);
  const parted = sw.v.up.values['a.r1.abs']!.filter((u, k) => Math.abs(u - sw.v.down.values['a.r1.abs']![80 - k]!) > 1e-6).length;
  out(`  its up/down time-domain sweep (81 values each way, stepped CW runs from the previous state): ${sw.ms.toFixed(1)} ms; the sweeps part at ${parted} values (between the folds)`);
  // the continuation alone: 1001 points along the S-curve in ω through both folds
  const sys = tcmtSystem(parseTcmtSpec(JSON.parse(String(values.spec))));
  const drive = { omega: -2, amplitude: 2, port: 1 };
  const F: ResidualFn = (x, p, o) => void rhs(sys, { ...drive, omega: p }, x, o);
  const J: JacobianFn = (x, p, jx, jp) => {
    jacobian(sys, { ...drive, omega: p }, x, jx);
    paramDerivative(sys, { ...drive, omega: p }, x, 'omega', jp);
  };
  const start = steadyStates(sys, drive).solutions[0]!.x;
  // the step that puts 1001 points on the whole curve from ω = −2 to 6 (its scaled arclength from a coarse run)
  const coarse = pseudoArclength(F, J, start, -2, { lo: -2, hi: 6, xScale: 2, stability: false });
  let len = 0;
  for (let k = 1; k < coarse.points.length; k++) {
    const a = coarse.points[k - 1]!;
    const b = coarse.points[k]!;
    let d2 = ((b.p - a.p) / 8) ** 2;
    for (let i = 0; i < a.x.length; i++) d2 += ((b.x[i]! - a.x[i]!) / 2) ** 2;
    len += Math.sqrt(d2);
  }
  const ds = len / 1000;
  const one = best(() => pseudoArclength(F, J, start, -2, { lo: -2, hi: 6, ds, dsMax: ds, maxPoints: 1001, xScale: 2 }));
  const br = one.v;
  out(
    `  the continuation alone: ${br.points.length} points from ω = −2 to ${br.points[br.points.length - 1]!.p.toFixed(2)}, ${br.folds.length} folds located, stability at every point: ${one.ms.toFixed(1)} ms (goal ≤ 50 ms)`,
  );
  // 10⁵ fixed steps of an 8-resonator chain
  const names = Array.from({ length: 8 }, (_, i) => `r${i + 1}`);
  const chain = parseTcmtSpec({
    resonators: names.map((name, i) => ({
      name,
      omega: 0.1 * i,
      gamma: i === 0 || i === 7 ? 1 : 0,
      gamma0: 0.2,
      chi: i % 3 === 1 ? 0.5 : 0,
      losses: i === 5 ? [{ kind: 'nonlocal', gamma: 0.3, reference: 'r2' }] : i === 3 ? [{ kind: 'saturable', gamma: 0.4, P_sat: 1 }] : i === 6 ? [{ kind: 'kerr', gamma: 0.2 }] : [],
    })),
    couplings: names.slice(1).map((name, i) => ({ i: names[i]!, j: name, kappa: 0.8 })),
    ports: ['r1', 'r8'],
    input: { omega: 0, amplitude: 1, port: 1 },
  });
  const csys = tcmtSystem(chain);
  const h = 0.01;
  const steps = 100_000;
  const rk = best(() => simulateTcmt(csys, { port: 1, omega: 0, amplitude: 1, input: { kind: 'cw', amplitude: 1 }, tEnd: steps * h, samples: 101, h }), 5);
  setWasmKernels(false);
  const rkTs = best(() => simulateTcmt(csys, { port: 1, omega: 0, amplitude: 1, input: { kind: 'cw', amplitude: 1 }, tEnd: steps * h, samples: 101, h }), 5);
  setWasmKernels(true);
  out(
    `tcmt-network 8-resonator chain (Kerr shift, saturable, Kerr-like and nonlocal terms), ${rk.v.diagnostics.steps} fixed ck4 steps: ${rk.ms.toFixed(0)} ms with the WebAssembly step, ${rkTs.ms.toFixed(0)} ms TypeScript only (goal ≤ 200 ms)`,
  );
}
