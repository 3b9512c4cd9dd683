/**
 * CW steady states of a tcmt-network driven at one port: the state reached from rest by time
 * integration (then polished by Newton), and every solution Newton finds from several starts —
 * with each nonlocal resonator either free (a_i ≠ 0) or stuck at a_i = 0 exactly (the Filippov
 * sliding state of the friction-like force: valid while |f0_i| ≤ R_i, as in the two-resonator
 * model where γ_k ≥ κ holds a_2 at 0 forward). Each solution carries its linear stability: the
 * eigenvalues of the Jacobian of the free coordinates (./rhs.ts).
 *
 * This finds the solutions Newton reaches from its starts; the all-branches continuation is
 * src-core/solvers/continuation/ (issue 18, part A), which calls {@link rhs}/{@link jacobian}.
 */
import { eig } from '../../linalg/eig.js';
import { integrate, lowStorageWorkspace } from '../../solvers/low-storage-rk.js';
import { tcmtDynamics, linearEigenvalues } from './dynamics.js';
import { driveVector, jacobian, mag, rhsInto, rhsScratch, STICK_ATOL, type TcmtDrive, type TcmtSystem } from './rhs.js';

export interface TcmtSolution {
  /** State x (2N: Re a_i, Im a_i), rotating frame, √J. */
  x: Float64Array;
  /** Resonators held at a_i = 0 exactly (nonlocal friction stuck). */
  stuck: number[];
  /** Largest |F| at x (1/s·√J). */
  residual: number;
  /** Largest real part of the eigenvalues of the free coordinates' Jacobian (1/s); stable when < 0. */
  maxRe: number;
  stable: boolean;
}

export interface TcmtPortSteady {
  port: number;
  /** The state reached from rest (CW switched on at t = 0), polished by Newton; null when the run did not settle. */
  fromRest: TcmtSolution | null;
  /** Every distinct solution found (the from-rest one included), sorted by Σ|a_i|². */
  solutions: TcmtSolution[];
  /** Index into solutions of the from-rest state, or of the lowest-energy state when the run did not settle. */
  primary: number;
  rest: { converged: boolean; time: number; steps: number; change: number; snaps: number };
}

/** Stick slack of a polished stuck state (Newton leaves rounding in f0 and R). */
const STICK_SLACK = 1e-10;

function luSolve(n: number, A: Float64Array, b: Float64Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(A[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(A[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 0) || !Number.isFinite(best)) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = A[k * n + j]!;
        A[k * n + j] = A[p * n + j]!;
        A[p * n + j] = t;
      }
      const t = b[k]!;
      b[k] = b[p]!;
      b[p] = t;
    }
    const piv = A[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = A[i * n + k]! / piv;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) A[i * n + j] = A[i * n + j]! - f * A[k * n + j]!;
      b[i] = b[i]! - f * b[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= A[i * n + j]! * b[j]!;
    b[i] = s / A[i * n + i]!;
  }
  return true;
}

const normInf = (v: ArrayLike<number>): number => {
  let m = 0;
  for (let k = 0; k < v.length; k++) m = Math.max(m, Math.abs(v[k]!));
  return m;
};

/** Scales of a drive: the amplitude scale of the states and the rate scale of F. */
function scales(sys: TcmtSystem, drive: TcmtDrive): { a: number; rate: number } {
  let gmin = Infinity;
  let rate = Math.abs(drive.omega);
  for (let i = 0; i < sys.n; i++) {
    gmin = Math.min(gmin, sys.g[i]!);
    rate = Math.max(rate, sys.g[i]!, Math.abs(sys.omega[i]!));
  }
  for (const c of sys.coup) rate = Math.max(rate, Math.abs(c.kappa));
  const i = sys.ports[drive.port - 1]!;
  return { a: gmin > 0 ? (sys.root[i]! * drive.amplitude) / gmin : drive.amplitude, rate };
}

/**
 * Newton's method on F(x) = 0 with the resonators in `stuck` held at a_i = 0 (their equations
 * dropped), backtracking on ‖F‖; null when it does not converge to a valid state (a free nonlocal
 * resonator at a_i → 0, or a stuck one whose stick condition fails).
 */
export function newtonSteady(sys: TcmtSystem, drive: TcmtDrive, x0: ArrayLike<number>, stuck: number[] = [], deflate: Float64Array[] = []): TcmtSolution | null {
  const N = 2 * sys.n;
  const free: number[] = [];
  for (let i = 0; i < sys.n; i++) if (!stuck.includes(i)) free.push(2 * i, 2 * i + 1);
  const nf = free.length;
  const sigma = driveVector(sys, drive);
  const scratch = rhsScratch(sys.n);
  const x = Float64Array.from({ length: N }, (_, k) => x0[k] ?? 0);
  for (const i of stuck) x[2 * i] = x[2 * i + 1] = 0;
  const F = new Float64Array(N);
  const J = new Float64Array(N * N);
  const A = new Float64Array(nf * nf);
  const b = new Float64Array(nf);
  const xt = new Float64Array(N);
  const sc = scales(sys, drive);
  const fAt = (y: Float64Array): number => {
    rhsInto(sys, drive.omega, sigma, y, F, scratch);
    let m = 0;
    for (const k of free) m = Math.max(m, Math.abs(F[k]!));
    return Number.isFinite(m) ? m : Infinity;
  };
  // deflation (Farrell, Birkisson & Funke, SIAM J. Sci. Comput. 37, A2026 (2015)): Newton on
  // G = M(x) F(x), M = Π_k (‖(x − r_k)/s‖⁻² + 1), which the known roots r_k repel; its step is
  // the Newton step δ of F scaled by 1/(1 − ∇log M·δ), and it backtracks on M‖F‖
  // distances in units of 0.1 of the field scale: the deflation repels Newton from within about
  // that of a known state (measured on the bistable Kerr resonator: 1 and 1e-2 miss states near the folds)
  const dScale = Math.max(0.1 * sc.a, 1e-300);
  const mOf = (y: Float64Array): number => {
    let m = 1;
    for (const r of deflate) {
      let e2 = 0;
      for (const k of free) e2 += ((y[k]! - r[k]!) / dScale) ** 2;
      m *= 1 / e2 + 1;
    }
    return m;
  };
  const gAt = (y: Float64Array): number => {
    const fy = fAt(y);
    return deflate.length ? fy * mOf(y) : fy;
  };
  let f = gAt(x);
  let done = 0;
  for (let it = 0; it < 100 && done < 2; it++) {
    const tolF = 1e-14 * (sc.rate * Math.max(normInf(x), sc.a * 1e-6) + sys.root[sys.ports[drive.port - 1]!]! * drive.amplitude);
    if (f <= tolF) done++;
    jacobian(sys, drive, x, J);
    for (let r = 0; r < nf; r++) {
      b[r] = -F[free[r]!]!;
      for (let c = 0; c < nf; c++) A[r * nf + c] = J[free[r]! * N + free[c]!]!;
    }
    if (!luSolve(nf, A, b)) return null;
    if (deflate.length) {
      // ∇log M·δ = Σ_k −2 (e·δ)/s² ‖e/s‖⁻⁴ / (‖e/s‖⁻² + 1), e = x − r_k
      let gd = 0;
      for (const r of deflate) {
        let e2 = 0;
        let ed = 0;
        for (let q = 0; q < nf; q++) {
          const e = (x[free[q]!]! - r[free[q]!]!) / dScale;
          e2 += e * e;
          ed += (e * b[q]!) / dScale;
        }
        gd += (-2 * ed) / (e2 * e2) / (1 / e2 + 1);
      }
      const c = 1 / (1 - gd);
      if (!Number.isFinite(c)) return null;
      for (let q = 0; q < nf; q++) b[q] = b[q]! * c;
    }
    let lambda = 1;
    let accepted = false;
    for (let k = 0; k < 40; k++) {
      xt.set(x);
      for (let r = 0; r < nf; r++) xt[free[r]!] = x[free[r]!]! + lambda * b[r]!;
      const ft = gAt(xt);
      if (ft <= (1 - 1e-4 * lambda) * f || ft <= tolF) {
        x.set(xt);
        f = ft;
        accepted = true;
        break;
      }
      lambda *= 0.5;
    }
    if (!accepted) break;
    if (normInf(b) * lambda <= 1e-16 * normInf(x) && f <= 1e3 * tolF) done = 2;
  }
  const xs = normInf(x);
  const tolF = 1e-11 * (sc.rate * Math.max(xs, sc.a * 1e-6) + sys.root[sys.ports[drive.port - 1]!]! * drive.amplitude);
  // the residual of F itself (a deflated run may end near a known root, where M is large)
  if (deflate.length) f = fAt(x);
  if (!(f <= tolF) || !Number.isFinite(xs)) return null;
  // validity of the nonlocal regimes
  rhsInto(sys, drive.omega, sigma, x, F, scratch);
  for (let i = 0; i < sys.n; i++) {
    if (!sys.hasNonlocal[i]) continue;
    const ai = mag(x[2 * i]!, x[2 * i + 1]!);
    if (stuck.includes(i)) {
      if (!(mag(scratch.f0[2 * i]!, scratch.f0[2 * i + 1]!) <= scratch.R[i]! * (1 + STICK_SLACK) + STICK_ATOL)) return null;
    } else if (!(ai > 1e-9 * Math.max(xs, sc.a * 1e-12))) return null;
  }
  return { x, stuck: [...stuck], residual: f, ...stability(sys, drive, x, free) };
}

/** Largest real part of the eigenvalues of the Jacobian restricted to the free coordinates. */
function stability(sys: TcmtSystem, drive: TcmtDrive, x: Float64Array, free: number[]): { maxRe: number; stable: boolean } {
  const N = 2 * sys.n;
  const nf = free.length;
  if (nf === 0) return { maxRe: -Infinity, stable: true };
  const J = jacobian(sys, drive, x, new Float64Array(N * N));
  const a = new Float64Array(2 * nf * nf);
  for (let r = 0; r < nf; r++) for (let c = 0; c < nf; c++) a[2 * (r * nf + c)] = J[free[r]! * N + free[c]!]!;
  const lambda = new Float64Array(2 * nf);
  eig(nf, a, lambda, new Float64Array(2 * nf * nf));
  let maxRe = -Infinity;
  for (let k = 0; k < nf; k++) maxRe = Math.max(maxRe, lambda[2 * k]!);
  return { maxRe, stable: maxRe < 0 };
}

/** A CW run until the state settles: the state, whether it did, how long it took. */
export interface SettledRun {
  x: Float64Array;
  /** The state changed by < 1e-8 (relative, max norm) over one window of 10 slowest decay times. */
  converged: boolean;
  time: number;
  steps: number;
  /** The last window's relative change. */
  change: number;
  snaps: number;
}

/**
 * Integrate the CW-driven equations from the state x0 (default: rest, the drive switched on at
 * t = 0) in windows of 10 slowest decay times until the state changes by < 1e-8 relative over a
 * window (at most 400 windows): the state the drive leads to from x0.
 */
export function settle(sys: TcmtSystem, drive: TcmtDrive, x0?: ArrayLike<number>): SettledRun {
  const eigs = linearEigenvalues(sys, drive.omega);
  let slow = Infinity;
  for (let k = 0; k < eigs.length; k += 2) slow = Math.min(slow, -eigs[k]!);
  let gmin = Infinity;
  for (let i = 0; i < sys.n; i++) gmin = Math.min(gmin, sys.g[i]!);
  const W = 10 / (slow > 0 && Number.isFinite(slow) ? slow : gmin);
  const input = { kind: 'cw' as const };
  const dyn = tcmtDynamics(sys, drive.omega, drive.port, input, drive.amplitude);
  const y = new Float64Array(2 * sys.n);
  if (x0) y.set(x0);
  const prev = new Float64Array(2 * sys.n);
  const ws = lowStorageWorkspace(2 * sys.n);
  const sc = scales(sys, drive);
  let t = 0;
  let steps = 0;
  let change = Infinity;
  let hNext = W / 100;
  for (let w = 0; w < 400; w++) {
    prev.set(y);
    const st = integrate(dyn.rhs, y, t, t + W, { scheme: 'ck4', adaptive: { rtol: 1e-9, atol: 1e-9 * sc.a, hInit: hNext }, preStep: dyn.preStep, workspace: ws, maxSteps: 1e6 });
    hNext = st.hNext;
    steps += st.steps;
    t += W;
    let d = 0;
    for (let k = 0; k < y.length; k++) d = Math.max(d, Math.abs(y[k]! - prev[k]!));
    change = d / Math.max(normInf(y), 1e-12 * sc.a);
    if (!Number.isFinite(change)) break;
    if (change < 1e-8) return { x: y, converged: true, time: t, steps, change, snaps: dyn.counters.snaps };
  }
  return { x: y, converged: false, time: t, steps, change, snaps: dyn.counters.snaps };
}

/** Deterministic pseudo-random numbers in [0, 1) (a fixed start list: same answers every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const energy = (x: Float64Array): number => x.reduce((s, v) => s + v * v, 0);

function same(a: TcmtSolution, b: TcmtSolution, scale: number): boolean {
  if (a.stuck.join() !== b.stuck.join()) return false;
  let d = 0;
  for (let k = 0; k < a.x.length; k++) d = Math.max(d, Math.abs(a.x[k]! - b.x[k]!));
  return d <= 1e-7 * Math.max(normInf(a.x), normInf(b.x), 1e-12 * scale);
}

/** True when F is linear in x (no Kerr shift, Kerr-like, saturable or nonlocal term): one solution. */
export function isLinear(sys: TcmtSystem): boolean {
  return sys.chi.every((c) => c === 0) && sys.kerr.every((k) => k === 0) && sys.sat.every((s) => s.gamma === 0) && sys.nonlocal.every((t) => t.gamma === 0);
}

/** All the steady states found for a CW drive at one port (see the module comment). */
export function steadyStates(sys: TcmtSystem, drive: TcmtDrive, opts: { starts?: number } = {}): TcmtPortSteady {
  const sc = scales(sys, drive);
  const solutions: TcmtSolution[] = [];
  const add = (s: TcmtSolution | null): TcmtSolution | null => {
    if (!s) return null;
    const hit = solutions.find((o) => same(o, s, sc.a));
    if (hit) return hit;
    solutions.push(s);
    return s;
  };
  if (isLinear(sys)) {
    const s = add(newtonSteady(sys, drive, new Float64Array(2 * sys.n)));
    return { port: drive.port, fromRest: s, solutions, primary: 0, rest: { converged: true, time: 0, steps: 0, change: 0, snaps: 0 } };
  }
  const rest = settle(sys, drive);
  const restStuck = sys.hasNonlocal.flatMap((h, i) => (h && rest.x[2 * i] === 0 && rest.x[2 * i + 1] === 0 ? [i] : []));
  const fromRest = rest.converged ? add(newtonSteady(sys, drive, rest.x, restStuck)) : null;
  const nl = sys.hasNonlocal.flatMap((h, i) => (h ? [i] : []));
  const masks: number[][] = [];
  for (let m = 0; m < 1 << nl.length; m++) masks.push(nl.filter((_, k) => m & (1 << k)));
  const rand = lcg(12345);
  const nStarts = opts.starts ?? 16;
  const base = normInf(rest.x) > 0 && Number.isFinite(normInf(rest.x)) ? rest.x : null;
  for (const mask of masks) {
    const starts: Float64Array[] = [];
    if (base) for (const f of [1, 0.1, 0.3, 3, 10]) starts.push(base.map((v) => v * f));
    const count = mask.length === 0 ? nStarts : Math.max(4, nStarts >> 2);
    for (let k = 0; k < count; k++) {
      const x = new Float64Array(2 * sys.n);
      for (let i = 0; i < sys.n; i++) {
        const r = sc.a * Math.pow(10, 3 * rand() - 2);
        const th = 2 * Math.PI * rand();
        x[2 * i] = r * Math.cos(th);
        x[2 * i + 1] = r * Math.sin(th);
      }
      starts.push(x);
    }
    for (const x0 of starts) add(newtonSteady(sys, drive, x0, mask));
    // then deflated Newton from the first starts, the states found in this regime repelling it:
    // a root the plain starts all missed (e.g. the middle state near a fold) is found this way
    for (let round = 0; round < 4; round++) {
      const known = solutions.filter((o) => o.stuck.join() === mask.join()).map((o) => o.x);
      if (!known.length) break;
      let added = false;
      // starts between and beyond the known states (a missed state near a fold lies between two), then the others
      const near: Float64Array[] = [];
      for (let a = 0; a < known.length; a++) {
        for (let b = a + 1; b < known.length; b++) near.push(known[a]!.map((v, k) => (v + known[b]![k]!) / 2), known[a]!.map((v, k) => 2 * v - known[b]![k]!), known[b]!.map((v, k) => 2 * v - known[a]![k]!));
      }
      for (const [x0, deflated] of [...near.map((x) => [x, false] as const), ...near.map((x) => [x, true] as const), ...starts.map((x) => [x, true] as const)]) {
        const before = solutions.length;
        add(newtonSteady(sys, drive, x0, mask, deflated ? known : []));
        if (solutions.length > before) {
          added = true;
          break;
        }
      }
      if (!added) break;
    }
  }
  solutions.sort((a, b) => energy(a.x) - energy(b.x));
  const primary = fromRest ? solutions.indexOf(fromRest) : 0;
  return { port: drive.port, fromRest, solutions, primary, rest: { converged: rest.converged, time: rest.time, steps: rest.steps, change: rest.change, snaps: rest.snaps } };
}

/** S_qp of a solution driven at port p (1-based) with amplitude A: (−δ_qp A + √(2γ_q) a_q)/A, complex per port q. */
export function sParameters(sys: TcmtSystem, drive: TcmtDrive, x: Float64Array): { re: number; im: number }[] {
  return Array.from(sys.ports, (i, q) => ({
    re: ((q === drive.port - 1 ? -drive.amplitude : 0) + sys.root[i]! * x[2 * i]!) / drive.amplitude,
    im: (sys.root[i]! * x[2 * i + 1]!) / drive.amplitude,
  }));
}
