/**
 * The real 2N-dimensional coupled-mode system of a tcmt-network and its analytic Jacobian.
 *
 * Frame rotating at the drive ω, a_i = x[2i] + i·x[2i+1] (√J), for each resonator i:
 *   da_i/dt = −(γ_i + γ_i0 + Σ_linear γ + Σ_kerr γ|a_i|² + Σ_sat γ/(1 + |a_i|²/P_sat)) a_i
 *             − i(ω − ω_i − χ_i|a_i|²) a_i + Σ_j iκ_ji a_j + √(2γ_i) σ_i − R_i a_i/|a_i|,
 *   R_i = Σ_nonlocal γ_k|a_ref|,   s_k− = −s_k+ + √(2γ_i) a_i at the port k of resonator i.
 * This is seed 003's eq. 1–2 for any number of resonators (the two-resonator model's conventions:
 * da_2/dt ∋ iκ_12 a_1 for the coupling from 1 to 2).
 *
 * The nonlocal force R_i a_i/|a_i| is Coulomb friction, undefined at a_i = 0. As in the
 * two-resonator model (two-resonator/dynamics/rhs.ts derives it): on a_i = 0 exactly the force takes
 * the Filippov minimal-norm value — da_i/dt = 0 while |f0_i| ≤ R_i(1 + 1e-12) (f0_i: the drive and
 * couplings of resonator i, what does not depend on a_i), else f0_i(1 − R_i/|f0_i|). In the time
 * domain the phasor is regularised to a_i/max(|a_i|, δ), δ = h·R_i/2, and a_i is snapped to 0 on
 * the sliding surface (see ./dynamics.ts); {@link rhs} itself uses the exact phasor.
 */
import { hypot } from '../../linalg/hypot.js';
import type { TcmtSpec } from './spec.js';

/** Relative and absolute slack of the stick test |f0| ≤ R (as the two-resonator model). */
export const STICK_RTOL = 1e-12;
export const STICK_ATOL = 1e-290;

/** The spec compiled to flat arrays (what the kernels read). */
export interface TcmtSystem {
  n: number;
  /** Resonator names (index order). */
  names: string[];
  omega: Float64Array;
  /** γ_i + γ_i0 + Σ linear terms (1/s). */
  g: Float64Array;
  /** √(2γ_i): input/output coupling. */
  root: Float64Array;
  chi: Float64Array;
  /** Σ Kerr-like γ of each resonator. */
  kerr: Float64Array;
  /** Saturable terms: resonator, γ, P_sat. */
  sat: { i: number; gamma: number; P: number }[];
  /** Nonlocal terms: resonator, reference, γ_k. */
  nonlocal: { i: number; ref: number; gamma: number }[];
  /** Coupling terms da_to/dt ∋ iκ a_from. */
  coup: { from: number; to: number; kappa: number }[];
  /** Resonator of each port (port k + 1 at ports[k]). */
  ports: Int32Array;
  /** True for resonators with a nonlocal term of γ_k > 0. */
  hasNonlocal: boolean[];
  /** The same terms as flat typed arrays, for the right-hand side's inner loops ({@link rhsInto}). */
  flat: FlatTerms;
}

/**
 * Loss and coupling terms as typed arrays grouped by resonator (compressed rows, each group in the
 * spec's order, so every sum is taken in the same order as over the term lists), for the one-pass
 * right-hand side {@link rhsInto}.
 */
export interface FlatTerms {
  /** Couplings into resonator i: inFrom/inKappa[inStart[i] … inStart[i + 1]). */
  inStart: Int32Array;
  inFrom: Int32Array;
  inKappa: Float64Array;
  /** Saturable terms of resonator i: satGamma/satP[satStart[i] … satStart[i + 1]). */
  satStart: Int32Array;
  satGamma: Float64Array;
  satP: Float64Array;
  /** Nonlocal terms of resonator i: nlRef/nlGamma[nlStart[i] … nlStart[i + 1]). */
  nlStart: Int32Array;
  nlRef: Int32Array;
  nlGamma: Float64Array;
  /** 1 where hasNonlocal. */
  nlMask: Uint8Array;
}

/** Term indices grouped by resonator, stable within a group: [start offsets (n + 1), order]. */
function groupBy(n: number, owner: number[]): [Int32Array, number[]] {
  const start = new Int32Array(n + 1);
  for (const i of owner) start[i + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const order = owner.map((_, k) => k).sort((p, q) => owner[p]! - owner[q]! || p - q);
  return [start, order];
}

function flatTerms(sys: Omit<TcmtSystem, 'flat'>): FlatTerms {
  const [inStart, co] = groupBy(sys.n, sys.coup.map((c) => c.to));
  const [satStart, so] = groupBy(sys.n, sys.sat.map((t) => t.i));
  const [nlStart, no] = groupBy(sys.n, sys.nonlocal.map((t) => t.i));
  return {
    inStart,
    inFrom: Int32Array.from(co, (k) => sys.coup[k]!.from),
    inKappa: Float64Array.from(co, (k) => sys.coup[k]!.kappa),
    satStart,
    satGamma: Float64Array.from(so, (k) => sys.sat[k]!.gamma),
    satP: Float64Array.from(so, (k) => sys.sat[k]!.P),
    nlStart,
    nlRef: Int32Array.from(no, (k) => sys.nonlocal[k]!.ref),
    nlGamma: Float64Array.from(no, (k) => sys.nonlocal[k]!.gamma),
    nlMask: Uint8Array.from(sys.hasNonlocal, (h) => (h ? 1 : 0)),
  };
}

/** The CW drive of a steady state: angular frequency ω (rad/s), amplitude |s_+| (√W) at one port (1-based). */
export interface TcmtDrive {
  omega: number;
  amplitude: number;
  port: number;
}

const cache = new WeakMap<TcmtSpec, TcmtSystem>();

/** Compile a spec (cached per spec object). */
export function tcmtSystem(spec: TcmtSpec | TcmtSystem): TcmtSystem {
  if ('g' in spec) return spec;
  const hit = cache.get(spec);
  if (hit) return hit;
  const n = spec.resonators.length;
  const names = spec.resonators.map((r) => r.name);
  const idx = (name: string): number => names.indexOf(name);
  const base: Omit<TcmtSystem, 'flat'> = {
    n,
    names,
    omega: Float64Array.from(spec.resonators, (r) => r.omega),
    g: Float64Array.from(spec.resonators, (r) => r.gamma + r.gamma0 + r.losses.reduce((s, l) => s + (l.kind === 'linear' ? l.gamma : 0), 0)),
    root: Float64Array.from(spec.resonators, (r) => Math.sqrt(2 * r.gamma)),
    chi: Float64Array.from(spec.resonators, (r) => r.chi),
    kerr: Float64Array.from(spec.resonators, (r) => r.losses.reduce((s, l) => s + (l.kind === 'kerr' ? l.gamma : 0), 0)),
    sat: spec.resonators.flatMap((r, i) => r.losses.flatMap((l) => (l.kind === 'saturable' ? [{ i, gamma: l.gamma, P: l.P_sat }] : []))),
    nonlocal: spec.resonators.flatMap((r, i) => r.losses.flatMap((l) => (l.kind === 'nonlocal' ? [{ i, ref: idx(l.reference), gamma: l.gamma }] : []))),
    coup: spec.couplings.flatMap((c) => [
      ...(c.kappa_ij !== 0 ? [{ from: idx(c.i), to: idx(c.j), kappa: c.kappa_ij }] : []),
      ...(c.kappa_ji !== 0 ? [{ from: idx(c.j), to: idx(c.i), kappa: c.kappa_ji }] : []),
    ]),
    ports: Int32Array.from(spec.ports, idx),
    hasNonlocal: spec.resonators.map((r) => r.losses.some((l) => l.kind === 'nonlocal' && l.gamma > 0)),
  };
  const sys: TcmtSystem = { ...base, flat: flatTerms(base) };
  cache.set(spec, sys);
  return sys;
}

/** √(x² + y²) without underflow or overflow of the squares (linalg/hypot.ts; the WebAssembly step's `mag` is the same formula). */
export const mag = hypot;

/** Scratch of {@link rhsInto}: R_i and f0_i per resonator. */
export interface RhsScratch {
  R: Float64Array;
  f0: Float64Array;
}

export function rhsScratch(n: number): RhsScratch {
  return { R: new Float64Array(n), f0: new Float64Array(2 * n) };
}

/**
 * F(x) with input waves σ (interleaved re, im per resonator, already times nothing: the wave s_+
 * at the resonator's port, 0 elsewhere) and the nonlocal phasor regularised below |a_i| < halfH·R_i
 * (halfH = 0: the exact force). Writes out (length 2N).
 */
export function rhsInto(sys: TcmtSystem, omega: number, sigma: Float64Array, x: Float64Array, out: Float64Array, scratch: RhsScratch, halfH = 0): void {
  const { n, g, root, chi, kerr } = sys;
  const w = sys.omega;
  const { inStart, inFrom, inKappa, satStart, satGamma, satP, nlStart, nlRef, nlGamma, nlMask } = sys.flat;
  const { R, f0 } = scratch;
  for (let i = 0; i < n; i++) {
    const r = x[2 * i]!;
    const m = x[2 * i + 1]!;
    const u = r * r + m * m;
    const gl = g[i]! + kerr[i]! * u;
    const D = omega - w[i]! - chi[i]! * u;
    let or = -gl * r + D * m;
    let oi = -gl * m - D * r;
    for (let k = satStart[i]!, e = satStart[i + 1]!; k < e; k++) {
      const s = satGamma[k]! / (1 + u / satP[k]!);
      or -= s * r;
      oi -= s * m;
    }
    // f0: the drive and couplings (what does not depend on a_i)
    let fr = root[i]! * sigma[2 * i]!;
    let fi = root[i]! * sigma[2 * i + 1]!;
    for (let k = inStart[i]!, e = inStart[i + 1]!; k < e; k++) {
      const j = inFrom[k]!;
      fr -= inKappa[k]! * x[2 * j + 1]!;
      fi += inKappa[k]! * x[2 * j]!;
    }
    if (nlMask[i] === 0) {
      out[2 * i] = or + fr;
      out[2 * i + 1] = oi + fi;
      continue;
    }
    let Ri = 0;
    for (let k = nlStart[i]!, e = nlStart[i + 1]!; k < e; k++) {
      const j = nlRef[k]!;
      Ri += nlGamma[k]! * mag(x[2 * j]!, x[2 * j + 1]!);
    }
    R[i] = Ri;
    f0[2 * i] = fr;
    f0[2 * i + 1] = fi;
    if (r !== 0 || m !== 0) {
      const d = Math.max(mag(r, m), halfH * Ri);
      out[2 * i] = or + fr - Ri * (r / d);
      out[2 * i + 1] = oi + fi - Ri * (m / d);
    } else {
      const fm = mag(fr, fi);
      if (fm <= Ri * (1 + STICK_RTOL) + STICK_ATOL) {
        out[2 * i] = 0;
        out[2 * i + 1] = 0;
      } else {
        const k = 1 - Ri / fm;
        out[2 * i] = fr * k;
        out[2 * i + 1] = fi * k;
      }
    }
  }
}

/** The input waves σ of a CW drive: the amplitude (real) at the driven port's resonator. */
export function driveVector(sys: TcmtSystem, drive: TcmtDrive, out: Float64Array = new Float64Array(2 * sys.n)): Float64Array {
  out.fill(0);
  const i = sys.ports[drive.port - 1];
  if (i === undefined) throw new RangeError(`port ${drive.port} does not exist (the network has ${sys.ports.length})`);
  out[2 * i] = drive.amplitude;
  return out;
}

const scratches = new WeakMap<TcmtSystem, { s: RhsScratch; sigma: Float64Array; x: Float64Array }>();
function scratchOf(sys: TcmtSystem): { s: RhsScratch; sigma: Float64Array; x: Float64Array } {
  let s = scratches.get(sys);
  if (!s) scratches.set(sys, (s = { s: rhsScratch(sys.n), sigma: new Float64Array(2 * sys.n), x: new Float64Array(2 * sys.n) }));
  return s;
}

/**
 * dx/dt = F(x) of the CW-driven network in the frame rotating at drive.omega (x = Re a, Im a per
 * resonator; out has length 2N). The nonlocal force with the exact phasor, Filippov on a_i = 0.
 * @example
 * const F = new Float64Array(4); rhs(spec, { omega: 0, amplitude: 1, port: 1 }, x, F);
 */
export function rhs(spec: TcmtSpec | TcmtSystem, params: TcmtDrive, x: ArrayLike<number>, out: Float64Array): Float64Array {
  const sys = tcmtSystem(spec);
  const sc = scratchOf(sys);
  // rhsInto reads a Float64Array only (one array type keeps its loads monomorphic in the time-domain loop)
  let xf: Float64Array;
  if (x instanceof Float64Array) xf = x;
  else {
    xf = sc.x;
    for (let k = 0; k < xf.length; k++) xf[k] = x[k]!;
  }
  rhsInto(sys, params.omega, driveVector(sys, params, sc.sigma), xf, out, sc.s);
  return out;
}

/**
 * The Jacobian ∂F/∂x (2N × 2N, row-major: J[r·2N + c] = ∂F_r/∂x_c) of {@link rhs} at x.
 * Where |a| is not differentiable it takes: at a_ref = 0 the derivative of γ_k|a_ref| is 0 (the
 * subgradient's centre); at a stuck a_i = 0 (|f0_i| ≤ R_i) the rows of resonator i are 0 (a_i stays
 * 0 on the sliding surface); at a free a_i = 0 the rows are those of f0_i.
 */
export function jacobian(spec: TcmtSpec | TcmtSystem, params: TcmtDrive, x: ArrayLike<number>, J: Float64Array): Float64Array {
  const sys = tcmtSystem(spec);
  const sc = scratchOf(sys);
  const sigma = driveVector(sys, params, sc.sigma);
  const { n, g, root, chi, kerr } = sys;
  const N = 2 * n;
  J.fill(0, 0, N * N);
  // f0 and R (for the stuck test)
  const { R, f0 } = sc.s;
  for (let i = 0; i < n; i++) {
    f0[2 * i] = root[i]! * sigma[2 * i]!;
    f0[2 * i + 1] = root[i]! * sigma[2 * i + 1]!;
    R[i] = 0;
  }
  for (const c of sys.coup) {
    f0[2 * c.to] = f0[2 * c.to]! - (c.kappa * x[2 * c.from + 1]!);
    f0[2 * c.to + 1] = f0[2 * c.to + 1]! + (c.kappa * x[2 * c.from]!);
  }
  for (const t of sys.nonlocal) R[t.i] = R[t.i]! + t.gamma * mag(x[2 * t.ref]!, x[2 * t.ref + 1]!);
  const stuck = (i: number): boolean => sys.hasNonlocal[i]! && x[2 * i] === 0 && x[2 * i + 1] === 0 && mag(f0[2 * i]!, f0[2 * i + 1]!) <= R[i]! * (1 + STICK_RTOL) + STICK_ATOL;
  const zero = (i: number): boolean => sys.hasNonlocal[i]! && x[2 * i] === 0 && x[2 * i + 1] === 0;
  for (let i = 0; i < n; i++) {
    if (zero(i)) continue;
    const r = x[2 * i]!;
    const m = x[2 * i + 1]!;
    const u = r * r + m * m;
    let gl = g[i]! + kerr[i]! * u;
    let dgl = kerr[i]!;
    for (const s of sys.sat) {
      if (s.i !== i) continue;
      const q = 1 + u / s.P;
      gl += s.gamma / q;
      dgl -= s.gamma / s.P / (q * q);
    }
    const D = omega(params) - sys.omega[i]! - chi[i]! * u;
    const c = chi[i]!;
    const rr = 2 * i * N + 2 * i;
    const mr = (2 * i + 1) * N + 2 * i;
    J[rr] = -gl - 2 * dgl * r * r - 2 * c * r * m;
    J[rr + 1] = D - 2 * dgl * r * m - 2 * c * m * m;
    J[mr] = -D - 2 * dgl * r * m + 2 * c * r * r;
    J[mr + 1] = -gl - 2 * dgl * m * m + 2 * c * r * m;
  }
  for (const cp of sys.coup) {
    if (stuck(cp.to)) continue;
    J[2 * cp.to * N + 2 * cp.from + 1] = J[2 * cp.to * N + 2 * cp.from + 1]! - (cp.kappa);
    J[(2 * cp.to + 1) * N + 2 * cp.from] = J[(2 * cp.to + 1) * N + 2 * cp.from]! + (cp.kappa);
  }
  for (const t of sys.nonlocal) {
    const i = t.i;
    if (zero(i)) continue;
    const r = x[2 * i]!;
    const m = x[2 * i + 1]!;
    const rho = mag(r, m);
    const rho3 = rho * rho * rho;
    const ar = x[2 * t.ref]!;
    const am = x[2 * t.ref + 1]!;
    const aref = mag(ar, am);
    const Rt = t.gamma * aref;
    // −R a/|a|: derivative in a_i
    const rr = 2 * i * N + 2 * i;
    const mr = (2 * i + 1) * N + 2 * i;
    J[rr] = J[rr]! - ((Rt * m * m) / rho3);
    J[rr + 1] = J[rr + 1]! + ((Rt * r * m) / rho3);
    J[mr] = J[mr]! + ((Rt * r * m) / rho3);
    J[mr + 1] = J[mr + 1]! - ((Rt * r * r) / rho3);
    // derivative in a_ref: −γ (a_ref/|a_ref|) ⊗ (a_i/|a_i|)
    if (aref > 0) {
      const rf = 2 * i * N + 2 * t.ref;
      const mf = (2 * i + 1) * N + 2 * t.ref;
      J[rf] = J[rf]! - ((t.gamma * (ar / aref) * r) / rho);
      J[rf + 1] = J[rf + 1]! - ((t.gamma * (am / aref) * r) / rho);
      J[mf] = J[mf]! - ((t.gamma * (ar / aref) * m) / rho);
      J[mf + 1] = J[mf + 1]! - ((t.gamma * (am / aref) * m) / rho);
    }
  }
  return J;
}

const omega = (p: TcmtDrive): number => p.omega;

/**
 * ∂F/∂p of {@link rhs} for the continuation parameter p = drive.omega or drive.amplitude (length 2N):
 * ∂/∂ω gives −i a_i per resonator, ∂/∂|s_+| gives √(2γ_i) at the driven port's resonator; the rows
 * of a stuck resonator (a_i = 0 held by its nonlocal loss, as in {@link jacobian}) are 0.
 */
export function paramDerivative(spec: TcmtSpec | TcmtSystem, params: TcmtDrive, x: ArrayLike<number>, which: 'omega' | 'amplitude', out: Float64Array): Float64Array {
  const sys = tcmtSystem(spec);
  const sc = scratchOf(sys);
  const sigma = driveVector(sys, params, sc.sigma);
  const { R, f0 } = sc.s;
  for (let i = 0; i < sys.n; i++) {
    f0[2 * i] = sys.root[i]! * sigma[2 * i]!;
    f0[2 * i + 1] = sys.root[i]! * sigma[2 * i + 1]!;
    R[i] = 0;
  }
  for (const c of sys.coup) {
    f0[2 * c.to] = f0[2 * c.to]! - c.kappa * x[2 * c.from + 1]!;
    f0[2 * c.to + 1] = f0[2 * c.to + 1]! + c.kappa * x[2 * c.from]!;
  }
  for (const t of sys.nonlocal) R[t.i] = R[t.i]! + t.gamma * mag(x[2 * t.ref]!, x[2 * t.ref + 1]!);
  const port = sys.ports[params.port - 1]!;
  for (let i = 0; i < sys.n; i++) {
    const r = x[2 * i]!;
    const m = x[2 * i + 1]!;
    const stuck = sys.hasNonlocal[i]! && r === 0 && m === 0 && mag(f0[2 * i]!, f0[2 * i + 1]!) <= R[i]! * (1 + STICK_RTOL) + STICK_ATOL;
    if (stuck) {
      out[2 * i] = 0;
      out[2 * i + 1] = 0;
    } else if (which === 'omega') {
      out[2 * i] = m;
      out[2 * i + 1] = -r;
    } else {
      out[2 * i] = i === port ? sys.root[i]! : 0;
      out[2 * i + 1] = 0;
    }
  }
  return out;
}
