/**
 * The tcmt-network spec (docs/tcmt-network-format.md): 1–8 resonators of temporal coupled-mode
 * theory with resonance ω_i, port loss γ_i, intrinsic loss γ_i0, an optional Kerr shift χ_i|a_i|²
 * and any sum of loss terms (linear, Kerr-like γ|a_i|², saturable γ/(1 + |a_i|²/P_sat), nonlocal
 * γ_k|a_j|/|a_i| with any reference resonator j); couplings κ (reciprocal, or an ideal
 * nonreciprocal pair); ports at resonators; the CW input (drive frequency, amplitude, driven port).
 * Every error is a ParameterError naming the field path (`spec.resonators[2].losses[0].reference`).
 */
import { ParameterError, shown } from '../../errors.js';

export type TcmtLossTerm =
  | { kind: 'linear'; gamma: number }
  | { kind: 'kerr'; gamma: number }
  | { kind: 'saturable'; gamma: number; P_sat: number }
  | { kind: 'nonlocal'; gamma: number; reference: string };

export interface TcmtResonator {
  /** Name used by couplings, ports and nonlocal references. */
  name: string;
  /** Resonance angular frequency ω_i (rad/s). */
  omega: number;
  /** External (port) loss rate γ_i (1/s). */
  gamma: number;
  /** Intrinsic loss rate γ_i0 (1/s). */
  gamma0: number;
  /** Kerr frequency shift χ_i: the resonance is ω_i + χ_i|a_i|² (rad/(s·|a|²)). */
  chi: number;
  losses: TcmtLossTerm[];
}

/**
 * A coupling between resonators i and j: da_j/dt ∋ iκ_ij a_i and da_i/dt ∋ iκ_ji a_j, with
 * κ_ij = κ_ji = kappa (reciprocal) unless `kappa_ij`/`kappa_ji` give an ideal nonreciprocal pair.
 */
export interface TcmtCoupling {
  i: string;
  j: string;
  /** Coupling from i to j (rad/s). */
  kappa_ij: number;
  /** Coupling from j to i (rad/s). */
  kappa_ji: number;
}

export interface TcmtInput {
  /** Drive angular frequency ω (rad/s). */
  omega: number;
  /** Input wave amplitude |s_+| (√W). */
  amplitude: number;
  /** Driven port (1-based) of a single-port run; the point solver drives every port in turn. */
  port: number;
}

export interface TcmtSpec {
  resonators: TcmtResonator[];
  couplings: TcmtCoupling[];
  /** Port k (1-based) sits at resonator ports[k − 1]: s_k− = −s_k+ + √(2γ_i) a_i. */
  ports: string[];
  input: TcmtInput;
}

export const MAX_RESONATORS = 8;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,11}$/;
const ROOT = 'spec';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fields(o: Record<string, unknown>, path: string, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new ParameterError(`${path}.${k}`, `unknown field; allowed: ${allowed.join(', ')}`);
}

function number(o: Record<string, unknown>, key: string, path: string, opts: { def?: number; min?: number; positive?: boolean } = {}): number {
  const v = o[key];
  if (v === undefined) {
    if (opts.def !== undefined) return opts.def;
    throw new ParameterError(`${path}.${key}`, 'is required (a number)');
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParameterError(`${path}.${key}`, `must be a finite number, got ${shown(v)}`);
  if (opts.positive && !(v > 0)) throw new ParameterError(`${path}.${key}`, `must be > 0, got ${v}`);
  if (opts.min !== undefined && v < opts.min) throw new ParameterError(`${path}.${key}`, `must be ≥ ${opts.min}, got ${v}`);
  return v;
}

function nameOf(o: Record<string, unknown>, key: string, path: string, known?: string[]): string {
  const v = o[key];
  if (typeof v !== 'string' || !NAME.test(v)) throw new ParameterError(`${path}.${key}`, `must be a name (a letter, then up to 11 letters, digits or _), got ${shown(v)}`);
  if (known && !known.includes(v)) throw new ParameterError(`${path}.${key}`, `no resonator is named ${shown(v)}; resonators: ${known.join(', ')}`);
  return v;
}

function lossTerm(v: unknown, path: string, names: string[], self: string): TcmtLossTerm {
  if (!isObj(v)) throw new ParameterError(path, `must be an object {kind, gamma, …}, got ${shown(v)}`);
  const kind = v.kind;
  switch (kind) {
    case 'linear':
    case 'kerr':
      fields(v, path, ['kind', 'gamma']);
      return { kind, gamma: number(v, 'gamma', path, { min: 0 }) };
    case 'saturable':
      fields(v, path, ['kind', 'gamma', 'P_sat']);
      return { kind, gamma: number(v, 'gamma', path, { min: 0 }), P_sat: number(v, 'P_sat', path, { positive: true }) };
    case 'nonlocal': {
      fields(v, path, ['kind', 'gamma', 'reference']);
      const reference = nameOf(v, 'reference', path, names);
      if (reference === self) throw new ParameterError(`${path}.reference`, `must name another resonator than ${self} (γ|a_i|/|a_i| is a linear loss: use kind "linear")`);
      return { kind, gamma: number(v, 'gamma', path, { min: 0 }), reference };
    }
    default:
      throw new ParameterError(`${path}.kind`, `must be linear, kerr, saturable or nonlocal, got ${shown(kind)}`);
  }
}

/**
 * Parse and check a spec (JSON text or object).
 * @throws ParameterError naming the field path under `spec`.
 */
export function parseTcmtSpec(raw: unknown): TcmtSpec {
  let v = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw new ParameterError(ROOT, `is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObj(v)) throw new ParameterError(ROOT, `must be an object {resonators, couplings, ports, input}, got ${shown(v)}`);
  fields(v, ROOT, ['resonators', 'couplings', 'ports', 'input']);
  const rs = v.resonators;
  if (!Array.isArray(rs) || rs.length < 1 || rs.length > MAX_RESONATORS) throw new ParameterError(`${ROOT}.resonators`, `must be a list of 1 to ${MAX_RESONATORS} resonators, got ${shown(rs)}`);
  const names: string[] = [];
  rs.forEach((r, k) => {
    const path = `${ROOT}.resonators[${k}]`;
    if (!isObj(r)) throw new ParameterError(path, `must be an object {name, omega, gamma, gamma0, …}, got ${shown(r)}`);
    const n = nameOf(r, 'name', path);
    if (names.includes(n)) throw new ParameterError(`${path}.name`, `${shown(n)} is used by another resonator`);
    names.push(n);
  });
  const resonators: TcmtResonator[] = rs.map((r: Record<string, unknown>, k) => {
    const path = `${ROOT}.resonators[${k}]`;
    fields(r, path, ['name', 'omega', 'gamma', 'gamma0', 'chi', 'losses']);
    const losses = r.losses ?? [];
    if (!Array.isArray(losses)) throw new ParameterError(`${path}.losses`, `must be a list of loss terms, got ${shown(losses)}`);
    return {
      name: names[k]!,
      omega: number(r, 'omega', path),
      gamma: number(r, 'gamma', path, { min: 0 }),
      gamma0: number(r, 'gamma0', path, { def: 0, min: 0 }),
      chi: number(r, 'chi', path, { def: 0 }),
      losses: losses.map((l, m) => lossTerm(l, `${path}.losses[${m}]`, names, names[k]!)),
    };
  });
  const cs = v.couplings ?? [];
  if (!Array.isArray(cs)) throw new ParameterError(`${ROOT}.couplings`, `must be a list of couplings, got ${shown(cs)}`);
  const seen = new Set<string>();
  const couplings: TcmtCoupling[] = cs.map((c, k) => {
    const path = `${ROOT}.couplings[${k}]`;
    if (!isObj(c)) throw new ParameterError(path, `must be an object {i, j, kappa} or {i, j, kappa_ij, kappa_ji}, got ${shown(c)}`);
    fields(c, path, ['i', 'j', 'kappa', 'kappa_ij', 'kappa_ji']);
    const i = nameOf(c, 'i', path, names);
    const j = nameOf(c, 'j', path, names);
    if (i === j) throw new ParameterError(`${path}.j`, `must differ from i (${i}): a resonator is not coupled to itself`);
    const pair = [i, j].sort().join('|');
    if (seen.has(pair)) throw new ParameterError(path, `${i} and ${j} are already coupled: give one coupling per pair (kappa_ij, kappa_ji for a nonreciprocal one)`);
    seen.add(pair);
    const hasPair = c.kappa_ij !== undefined || c.kappa_ji !== undefined;
    if (hasPair && c.kappa !== undefined) throw new ParameterError(`${path}.kappa`, 'give either kappa (reciprocal) or kappa_ij and kappa_ji (nonreciprocal), not both');
    if (hasPair) return { i, j, kappa_ij: number(c, 'kappa_ij', path), kappa_ji: number(c, 'kappa_ji', path) };
    const kappa = number(c, 'kappa', path);
    return { i, j, kappa_ij: kappa, kappa_ji: kappa };
  });
  const ps = v.ports;
  if (!Array.isArray(ps) || ps.length < 1 || ps.length > MAX_RESONATORS) throw new ParameterError(`${ROOT}.ports`, `must be a list of 1 to ${MAX_RESONATORS} resonator names (port k at the k-th), got ${shown(ps)}`);
  const ports = ps.map((p, k) => {
    const path = `${ROOT}.ports[${k}]`;
    if (typeof p !== 'string' || !names.includes(p)) throw new ParameterError(path, `must name a resonator (${names.join(', ')}), got ${shown(p)}`);
    if (ps.indexOf(p) !== k) throw new ParameterError(path, `resonator ${p} already has a port`);
    const r = resonators[names.indexOf(p)]!;
    if (!(r.gamma > 0)) throw new ParameterError(`${ROOT}.resonators[${names.indexOf(p)}].gamma`, `resonator ${p} has a port, so its port loss γ must be > 0 (got ${r.gamma})`);
    return p;
  });
  const inp = v.input ?? {};
  if (!isObj(inp)) throw new ParameterError(`${ROOT}.input`, `must be an object {omega, amplitude, port}, got ${shown(inp)}`);
  fields(inp, `${ROOT}.input`, ['omega', 'amplitude', 'port']);
  const port = number(inp, 'port', `${ROOT}.input`, { def: 1 });
  if (!Number.isInteger(port) || port < 1 || port > ports.length) throw new ParameterError(`${ROOT}.input.port`, `must be a port number 1 … ${ports.length}, got ${port}`);
  const input: TcmtInput = {
    omega: number(inp, 'omega', `${ROOT}.input`, { def: resonators[names.indexOf(ports[0]!)]!.omega }),
    amplitude: number(inp, 'amplitude', `${ROOT}.input`, { def: 1, positive: true }),
    port,
  };
  return { resonators, couplings, ports, input };
}

/** The spec as compact canonical JSON (reciprocal couplings as `kappa`, defaults written out). */
export function canonicalTcmtSpec(spec: TcmtSpec): string {
  return JSON.stringify({
    resonators: spec.resonators.map((r) => ({ name: r.name, omega: r.omega, gamma: r.gamma, gamma0: r.gamma0, chi: r.chi, losses: r.losses })),
    couplings: spec.couplings.map((c) => (c.kappa_ij === c.kappa_ji ? { i: c.i, j: c.j, kappa: c.kappa_ij } : c)),
    ports: spec.ports,
    input: spec.input,
  });
}
