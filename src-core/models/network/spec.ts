/**
 * The network specification: a user's own family member of the seed-000 system — 1 to 6 bosonic
 * modes with detuning, loss, Kerr, thermal occupation and two-photon loss; couplings J e^{iφ} between
 * any two modes; and driving directions, each a coherent drive at one mode read at one or more
 * output modes. The format is documented in docs/network-format.md; {@link parseNetworkSpec} checks a
 * spec (from a file, the CLI or the app) and names the field that is wrong.
 *
 * Conventions (ħ = 1, rates and frequencies in units of κ as in seed 000):
 *   H = Σ_m [Δ_m a_m†a_m + U_m a_m†a_m†a_m a_m] + Σ_(i,j) (J e^{iφ} a_i a_j† + h.c.) + (Ω e^{iϕ} a_d† + h.c.)
 *   dissipators per mode: κ(n_th + 1) D[a], κ n_th D[a†], κ₂ D[a²]
 * with D[C]ρ = CρC† − ½{C†C, ρ}. The coupling a_i a_j† moves an excitation from i to j with
 * amplitude J e^{iφ}: the seed's J_ac e^{iθ} a c† is {"i": "a", "j": "c", "J": J_ac, "phase": θ}.
 */
import { ParameterError, shown } from '../../errors.js';

export interface NetworkModeSpec {
  /** Name used in parameter keys ("a.Delta") and outputs ("a->c"): a letter, then letters, digits or _. */
  name: string;
  /** Detuning Δ = ω_mode − ω_drive (units of κ). */
  Delta: number;
  /** Loss rate κ into the mode's own channel (≥ 0); the port the mode is driven or read through. */
  kappa: number;
  /** Kerr nonlinearity U of U a†a†aa (0: linear). */
  U: number;
  /** Thermal occupation n_th of the mode's bath (≥ 0). */
  n_th: number;
  /** Two-photon loss rate κ₂ of κ₂ D[a²] (≥ 0). */
  kappa2: number;
}

export interface NetworkCouplingSpec {
  /** The mode an excitation leaves (a_i). */
  i: string;
  /** The mode it enters (a_j†). */
  j: string;
  J: number;
  /** Phase φ of J e^{iφ} a_i a_j† (rad). */
  phase: number;
}

export interface NetworkDirectionSpec {
  /** The driven mode. */
  drive: string;
  /** Drive amplitude Ω (units of κ). */
  Omega: number;
  /** Phase of the drive (rad); with one drive per direction it is a global phase and changes no observable. */
  phase: number;
  /** The modes read in this direction. */
  outputs: string[];
}

export interface NetworkSpec {
  modes: NetworkModeSpec[];
  couplings: NetworkCouplingSpec[];
  directions: NetworkDirectionSpec[];
}

export const MAX_MODES = 6;
/** Rates, frequencies and couplings are kept within this range (units of κ), as in the seed model. */
export const RATE_LIMIT = 1e4;
/** The weakest drive a quantum solve resolves (see the three-cavity schema's MIN_DRIVE). */
export const MIN_DRIVE = 1e-4;
/** Largest thermal occupation: beyond it no truncation of a few photons per mode can hold the state. */
export const MAX_NTH = 10;
/** Parameters of a mode, a coupling and a drive, as the dotted parameter keys name them. */
export const MODE_PARAMS = ['Delta', 'kappa', 'U', 'n_th', 'kappa2'] as const;
export const COUPLING_PARAMS = ['J', 'phase'] as const;

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,11}$/;

/** The key of a coupling's parameters: "a-c" (modes in the spec's order i-j). */
export const couplingKey = (c: { i: string; j: string }): string => `${c.i}-${c.j}`;
/** The key of one output of one direction: "a->c" (driven at a, read at c). */
export const pairKey = (drive: string, output: string): string => `${drive}->${output}`;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Obj, field: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ParameterError(`${field}.${k}`, `unknown field; a ${field.replace(/\[\d+\]$/, '').replace(/^.*\./, '')} entry has ${allowed.join(', ')}`);
  }
}

function number(o: Obj, key: string, field: string, def: number | undefined, check: (v: number) => string | undefined): number {
  const raw = o[key];
  if (raw === undefined) {
    if (def === undefined) throw new ParameterError(`${field}.${key}`, 'is required');
    return def;
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new ParameterError(`${field}.${key}`, `must be a finite number, got ${shown(raw)}`);
  const why = check(raw);
  if (why) throw new ParameterError(`${field}.${key}`, `${why}, got ${raw}`);
  return raw;
}

const within = (lo: number, hi: number, what: string) => (v: number): string | undefined =>
  v < lo || v > hi ? `must be within ${lo} … ${hi} (${what})` : undefined;
const SIGNED = within(-RATE_LIMIT, RATE_LIMIT, `units of κ, the range the solvers resolve in double precision`);
const RATE = within(0, RATE_LIMIT, 'a rate ≥ 0 in units of κ');

function name(o: Obj, key: string, field: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ParameterError(`${field}.${key}`, `must be a mode name (text), got ${shown(v)}`);
  return v;
}

/**
 * Check a network specification and return it complete (defaults filled in: U, n_th, κ₂ and phases
 * 0). Every problem is a ParameterError naming its field, e.g. `network.couplings[1].j`:
 * unknown mode names, a mode coupled to itself or twice, negative or non-finite rates, no loss
 * reaching a mode (its states never decay: no unique steady state), a drive or output at a
 * lossless mode (no port), repeated directions.
 */
export function parseNetworkSpec(raw: unknown, field = 'network'): NetworkSpec {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new ParameterError(field, `is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObj(value)) throw new ParameterError(field, `must be an object with modes, couplings and directions, got ${shown(value)}`);
  onlyKeys(value, field, ['modes', 'couplings', 'directions']);
  const modesRaw = value.modes;
  if (!Array.isArray(modesRaw) || modesRaw.length < 1 || modesRaw.length > MAX_MODES) {
    throw new ParameterError(`${field}.modes`, `must be a list of 1 to ${MAX_MODES} modes, got ${Array.isArray(modesRaw) ? `${modesRaw.length}` : shown(modesRaw)}`);
  }
  const modes = modesRaw.map((m, k): NetworkModeSpec => {
    const f = `${field}.modes[${k}]`;
    if (!isObj(m)) throw new ParameterError(f, `must be an object {name, Delta, kappa, …}, got ${shown(m)}`);
    onlyKeys(m, f, ['name', 'Delta', 'kappa', 'U', 'n_th', 'kappa2']);
    const nm = name(m, 'name', f);
    if (!NAME.test(nm)) throw new ParameterError(`${f}.name`, `must start with a letter and have at most 12 letters, digits or _ (it is used in keys such as "${'a'}.Delta"), got ${shown(nm)}`);
    return {
      name: nm,
      Delta: number(m, 'Delta', f, 0, SIGNED),
      kappa: number(m, 'kappa', f, undefined, RATE),
      U: number(m, 'U', f, 0, SIGNED),
      n_th: number(m, 'n_th', f, 0, within(0, MAX_NTH, 'mean thermal photons of the bath')),
      kappa2: number(m, 'kappa2', f, 0, RATE),
    };
  });
  const index = new Map<string, number>();
  modes.forEach((m, k) => {
    if (index.has(m.name)) throw new ParameterError(`${field}.modes[${k}].name`, `"${m.name}" is already the name of modes[${index.get(m.name)}]; names must be unique`);
    index.set(m.name, k);
  });
  const known = (): string => `; the modes are ${modes.map((m) => m.name).join(', ')}`;
  const modeRef = (o: Obj, key: string, f: string): string => {
    const v = name(o, key, f);
    if (!index.has(v)) throw new ParameterError(`${f}.${key}`, `no mode is named ${shown(v)}${known()}`);
    return v;
  };

  const couplingsRaw = value.couplings ?? [];
  if (!Array.isArray(couplingsRaw)) throw new ParameterError(`${field}.couplings`, `must be a list, got ${shown(couplingsRaw)}`);
  const pairs = new Map<string, number>();
  const couplings = couplingsRaw.map((c, k): NetworkCouplingSpec => {
    const f = `${field}.couplings[${k}]`;
    if (!isObj(c)) throw new ParameterError(f, `must be an object {i, j, J, phase}, got ${shown(c)}`);
    onlyKeys(c, f, ['i', 'j', 'J', 'phase']);
    const i = modeRef(c, 'i', f);
    const j = modeRef(c, 'j', f);
    if (i === j) throw new ParameterError(`${f}.j`, `couples mode "${i}" to itself; a coupling joins two different modes (a mode's own frequency is its Delta)`);
    const key = [i, j].sort().join('|');
    if (pairs.has(key)) throw new ParameterError(f, `couples ${i} and ${j} again (couplings[${pairs.get(key)}] already does); give one coupling per pair`);
    pairs.set(key, k);
    return { i, j, J: number(c, 'J', f, undefined, SIGNED), phase: number(c, 'phase', f, 0, SIGNED) };
  });

  const dirsRaw = value.directions;
  if (!Array.isArray(dirsRaw) || dirsRaw.length < 1) throw new ParameterError(`${field}.directions`, `must be a list of at least one direction {drive, Omega, outputs}, got ${shown(dirsRaw)}`);
  const seen = new Map<string, number>();
  const directions = dirsRaw.map((d, k): NetworkDirectionSpec => {
    const f = `${field}.directions[${k}]`;
    if (!isObj(d)) throw new ParameterError(f, `must be an object {drive, Omega, outputs}, got ${shown(d)}`);
    onlyKeys(d, f, ['drive', 'Omega', 'phase', 'outputs']);
    const drive = modeRef(d, 'drive', f);
    if (modes[index.get(drive)!]!.kappa === 0) throw new ParameterError(`${f}.drive`, `mode "${drive}" has no loss (kappa = 0), so it has no port to drive it through; drive a mode with kappa > 0`);
    const outsRaw = d.outputs;
    if (!Array.isArray(outsRaw) || outsRaw.length < 1) throw new ParameterError(`${f}.outputs`, `must be a list of at least one mode name, got ${shown(outsRaw)}`);
    const outputs = outsRaw.map((o: unknown, q) => {
      if (typeof o !== 'string' || !index.has(o)) throw new ParameterError(`${f}.outputs[${q}]`, `no mode is named ${shown(o)}${known()}`);
      return o;
    });
    outputs.forEach((o, q) => {
      if (outputs.indexOf(o) !== q) throw new ParameterError(`${f}.outputs[${q}]`, `"${o}" is listed twice`);
      if (modes[index.get(o)!]!.kappa === 0) throw new ParameterError(`${f}.outputs[${q}]`, `mode "${o}" has no loss (kappa = 0), so nothing leaves it to be read; read a mode with kappa > 0`);
    });
    const sig = `${drive}->${[...outputs].sort().join(',')}`;
    if (seen.has(sig)) throw new ParameterError(f, `repeats directions[${seen.get(sig)}] (drive ${drive}, the same outputs)`);
    seen.set(sig, k);
    return {
      drive,
      Omega: number(d, 'Omega', f, undefined, within(MIN_DRIVE, RATE_LIMIT, `units of κ; below ${MIN_DRIVE} the populations fall below what double precision resolves`)),
      phase: number(d, 'phase', f, 0, SIGNED),
      outputs,
    };
  });
  // a pair read in two directions with different drive strengths is fine; the same (drive, output) twice is not
  const pairSeen = new Map<string, number>();
  directions.forEach((d, k) =>
    d.outputs.forEach((o, q) => {
      const p = pairKey(d.drive, o);
      if (pairSeen.has(p)) throw new ParameterError(`${field}.directions[${k}].outputs[${q}]`, `${p} is already read by directions[${pairSeen.get(p)}]`);
      pairSeen.set(p, k);
    }),
  );
  checkDecay({ modes, couplings, directions }, field);
  return { modes, couplings, directions };
}

/**
 * Every mode must lose photons, itself or through couplings to a mode that does: otherwise its
 * states never decay and the steady state is not unique (the Liouvillian is singular).
 */
function checkDecay(spec: NetworkSpec, field: string): void {
  const lossy = spec.modes.map((m) => m.kappa > 0);
  if (!lossy.some(Boolean)) throw new ParameterError(`${field}.modes`, 'no mode has a loss (every kappa is 0): nothing ever leaves the network and the steady state is not unique; give at least one mode kappa > 0');
  const reach = lossy.slice();
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of spec.couplings) {
      if (c.J === 0) continue;
      const a = spec.modes.findIndex((m) => m.name === c.i);
      const b = spec.modes.findIndex((m) => m.name === c.j);
      if (reach[a] !== reach[b]) {
        reach[a] = reach[b] = true;
        changed = true;
      }
    }
  }
  const k = reach.indexOf(false);
  if (k >= 0) {
    throw new ParameterError(`${field}.modes[${k}].kappa`, `mode "${spec.modes[k]!.name}" has no loss and no nonzero coupling to a lossy mode, so its states never decay and the steady state is not unique; give it a loss or couple it`);
  }
}

/** The spec as canonical JSON (fields in a fixed order, defaults written out): what a parameter set stores. */
export function canonicalSpec(spec: NetworkSpec): string {
  return JSON.stringify({
    modes: spec.modes.map((m) => ({ name: m.name, Delta: m.Delta, kappa: m.kappa, U: m.U, n_th: m.n_th, kappa2: m.kappa2 })),
    couplings: spec.couplings.map((c) => ({ i: c.i, j: c.j, J: c.J, phase: c.phase })),
    directions: spec.directions.map((d) => ({ drive: d.drive, Omega: d.Omega, phase: d.phase, outputs: d.outputs })),
  });
}

/** Every (drive, output) pair of the spec, in order: the keys "a->c" of the outputs. */
export function outputPairs(spec: NetworkSpec): { key: string; drive: string; output: string; direction: number }[] {
  return spec.directions.flatMap((d, k) => d.outputs.map((o) => ({ key: pairKey(d.drive, o), drive: d.drive, output: o, direction: k })));
}

/** Pairs read both ways (i->j and j->i): the isolation and the nonreciprocal ratio are defined between them. */
export function reversePairs(spec: NetworkSpec): { key: string; forward: string; backward: string }[] {
  const keys = new Set(outputPairs(spec).map((p) => p.key));
  const out: { key: string; forward: string; backward: string }[] = [];
  for (const p of outputPairs(spec)) {
    const back = pairKey(p.output, p.drive);
    if (keys.has(back) && !out.some((x) => x.backward === p.key)) out.push({ key: `${p.drive}<->${p.output}`, forward: p.key, backward: back });
  }
  return out;
}
