/**
 * The network model's parameters. They depend on the network: the structural parameter `network`
 * (the spec as JSON text, docs/network-format.md) decides which numeric parameters exist — one set
 * per mode ("a.Delta", "a.kappa", "a.U", "a.n_th", "a.kappa2"), per coupling ("a-c.J", "a-c.phase")
 * and per driven mode ("a.Omega") — with the spec's values as their defaults. So a sweep, an
 * optimisation or `--set` addresses them like any other parameter, and the spec stays the one place
 * the structure lives.
 */
import { ParameterError } from '../../errors.js';
import type { NumberParamSpec, ParamInput, ParamSchema, ParamSpec } from '../params.js';
import { quantumSolverParams } from '../quantum-solver-params.js';
import { canonicalSpec, couplingKey, MAX_NTH, MIN_DRIVE, parseNetworkSpec, RATE_LIMIT, type NetworkSpec } from './spec.js';
import { PRESETS } from './presets.js';

const RESOLVED = 'the range the solvers resolve in double precision';
const signed = { min: -RATE_LIMIT, max: RATE_LIMIT, rangeReason: `frequencies and couplings are in units of κ and kept within ±${RATE_LIMIT} κ, ${RESOLVED}` };
const rate = { min: 0, max: RATE_LIMIT, rangeReason: `rates are in units of κ and kept within 0 … ${RATE_LIMIT} κ, ${RESOLVED}` };
const quantumOnly = { appliesWhen: { solver: ['quantum'] } };

function num(key: string, symbol: string, label: string, group: string, def: number, description: string, extra: Partial<NumberParamSpec> = {}): NumberParamSpec {
  return { kind: 'number', key, symbol, label, unit: 'κ', group, default: def, description, ref: 'docs/network-format.md', ...extra };
}

/** Subscript text of a mode name in a symbol (Δ_{a}, κ_{b1}). */
const sub = (name: string): string => `{${name}}`;

/** The spec of the parameter values: `network` parsed (checked), or the default network. */
export function specOf(input: ParamInput): NetworkSpec {
  const raw = input.network;
  return parseNetworkSpec(raw === undefined ? DEFAULT_NETWORK : raw);
}

/** The default network: the seed-000 three-cavity system at its Fig. 2 point. */
export const DEFAULT_NETWORK = canonicalSpec(PRESETS[0]!.spec);

/** The parameters of one network (see the file header). */
export function networkSchema(spec: NetworkSpec): ParamSchema {
  const params: ParamSpec[] = [
    ...quantumSolverParams({
      totalCondition: 'the photons of all modes together ≤ K',
      quantum: 'exact Lindblad steady state in every driving direction',
      classical: 'linear scattering matrix S(ω) = −i√Γ(M − ωI)⁻¹√Γ − I of the same network (the weak-drive limit)',
      ref: 'seed 000, eqs. 3-6 and 12, generalised (docs/network-format.md)',
      truncationRef: 'seed 000, eq. 4',
    }),
    {
      kind: 'text',
      key: 'network',
      symbol: 'network',
      label: 'Network',
      group: 'Structure',
      default: canonicalSpec(spec),
      format: 'json',
      description: 'the modes, couplings and driving directions (JSON, docs/network-format.md); edited in the network editor',
      ref: 'docs/network-format.md',
    },
  ];
  for (const m of spec.modes) {
    const g = `Mode ${m.name}`;
    params.push(
      num(`${m.name}.Delta`, `Δ_${sub(m.name)}`, `Detuning of ${m.name}`, g, m.Delta, `detuning ω_${m.name} − ω_p of mode ${m.name} from the drive`, signed),
      num(`${m.name}.kappa`, `κ_${sub(m.name)}`, `Loss of ${m.name}`, g, m.kappa, `loss rate of mode ${m.name} into its port`, rate),
      num(`${m.name}.U`, `U_${sub(m.name)}`, `Kerr of ${m.name}`, g, m.U, `Kerr nonlinearity U a†a†aa of mode ${m.name} (unused by the classical solver)`, { ...signed, ...quantumOnly }),
      num(`${m.name}.n_th`, `n_{th,${m.name}}`, `Thermal photons of ${m.name}`, g, m.n_th, `mean thermal occupation of the bath of mode ${m.name} (unused by the classical solver)`, {
        unit: '',
        min: 0,
        max: MAX_NTH,
        rangeReason: `at most ${MAX_NTH} thermal photons: beyond, no truncation of a few photons per mode holds the state`,
        ...quantumOnly,
      }),
      num(`${m.name}.kappa2`, `κ_{2,${m.name}}`, `Two-photon loss of ${m.name}`, g, m.kappa2, `two-photon loss rate κ₂ of κ₂ D[a²] on mode ${m.name} (unused by the classical solver)`, { ...rate, ...quantumOnly }),
    );
  }
  for (const c of spec.couplings) {
    const k = couplingKey(c);
    const g = `Coupling ${c.i}–${c.j}`;
    params.push(
      num(`${k}.J`, `J_{${c.i}${c.j}}`, `Coupling ${c.i}–${c.j}`, g, c.J, `coupling J of J e^{iφ} ${c.i} ${c.j}† + h.c.`, signed),
      num(`${k}.phase`, `φ_{${c.i}${c.j}}`, `Phase of ${c.i}–${c.j}`, g, c.phase, `phase φ of the ${c.i}–${c.j} coupling J e^{iφ}`, { unit: 'rad', ...signed }),
    );
  }
  const drives = [...new Set(spec.directions.map((d) => d.drive))];
  for (const d of drives) {
    const first = spec.directions.find((x) => x.drive === d)!;
    params.push(
      num(`${d}.Omega`, `Ω_${sub(d)}`, `Drive at ${d}`, 'Drive', first.Omega, `amplitude of the coherent drive at mode ${d} (unused by the classical solver)`, {
        min: MIN_DRIVE,
        max: RATE_LIMIT,
        rangeReason: `the drive is kept within ${MIN_DRIVE} … ${RATE_LIMIT} κ: below, the populations fall below what double precision resolves`,
        ...quantumOnly,
      }),
    );
  }
  return {
    params,
    aliases: [
      { key: 'Delta', sets: spec.modes.map((m) => `${m.name}.Delta`), description: 'every mode’s detuning at once (a scan of the drive frequency)' },
      ...(drives.length > 1 ? [{ key: 'Omega', sets: drives.map((d) => `${d}.Omega`), description: 'every drive’s amplitude at once' }] : []),
    ],
  };
}

/**
 * The network with the parameter values applied: the structure from `network`, every number from
 * the resolved dotted parameters (which default to the spec's own values).
 */
export function networkAt(values: Record<string, number | string>): NetworkSpec {
  const spec = specOf(values);
  const at = applyValues(spec, values);
  try {
    // the structure's rules again with the values in place (e.g. a swept loss of a driven mode reaching 0)
    return parseNetworkSpec(at);
  } catch (e) {
    throw renamed(e, at);
  }
}

/** A spec field (network.modes[0].kappa) as the parameter that sets it (a.kappa). */
function renamed(e: unknown, spec: NetworkSpec): unknown {
  if (!(e instanceof ParameterError) || !e.param) return e;
  const port = /^network\.directions\[(\d+)\]\.(drive|outputs\[(\d+)\])$/.exec(e.param);
  if (port) {
    // a driven or read mode whose loss was set to 0: name its loss
    const d = spec.directions[Number(port[1])]!;
    return new ParameterError(`${port[3] === undefined ? d.drive : d.outputs[Number(port[3])]!}.kappa`, e.reason ?? e.message);
  }
  const m = /^network\.(modes|couplings|directions)\[(\d+)\]\.(\w+)$/.exec(e.param);
  if (!m) return e;
  const k = Number(m[2]);
  const key =
    m[1] === 'modes' ? `${spec.modes[k]!.name}.${m[3]}` : m[1] === 'couplings' ? `${couplingKey(spec.couplings[k]!)}.${m[3]}` : m[3] === 'Omega' ? `${spec.directions[k]!.drive}.Omega` : e.param;
  return new ParameterError(key, e.reason ?? e.message);
}

function applyValues(spec: NetworkSpec, values: Record<string, number | string>): NetworkSpec {
  const n = (k: string, def: number): number => (typeof values[k] === 'number' ? (values[k] as number) : def);
  return {
    modes: spec.modes.map((m) => ({
      name: m.name,
      Delta: n(`${m.name}.Delta`, m.Delta),
      kappa: n(`${m.name}.kappa`, m.kappa),
      U: n(`${m.name}.U`, m.U),
      n_th: n(`${m.name}.n_th`, m.n_th),
      kappa2: n(`${m.name}.kappa2`, m.kappa2),
    })),
    couplings: spec.couplings.map((c) => ({ ...c, J: n(`${couplingKey(c)}.J`, c.J), phase: n(`${couplingKey(c)}.phase`, c.phase) })),
    directions: spec.directions.map((d) => ({ ...d, Omega: n(`${d.drive}.Omega`, d.Omega) })),
  };
}
