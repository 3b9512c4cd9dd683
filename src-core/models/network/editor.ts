/**
 * The network editor's model-side parts (src-core/models/structure.ts): the tables of modes,
 * couplings and directions, new rows, the check ({@link parseNetworkSpec}: its errors name the
 * cell), the presets and the schematic. The app's generic structure editor draws them.
 */
import { resolveParams, type ParamInput } from '../params.js';
import { firstFreePair, numberColumn as num, pairKey, type StructureDefinition } from '../structure.js';
import { PRESETS } from './presets.js';
import { networkSchema, DEFAULT_NETWORK } from './schema.js';
import { networkSchematic } from './schematic.js';
import { canonicalSpec, couplingKey, MAX_MODES, parseNetworkSpec, type NetworkSpec } from './spec.js';

type Obj = Record<string, unknown>;

const rows = (v: Obj, key: string): Obj[] => (Array.isArray(v[key]) ? (v[key] as Obj[]) : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** The first name of a, b, c, … z, then m1, m2, … not taken yet. */
function freeName(taken: Set<string>): string {
  for (const c of 'abcdefghijklmnopqrstuvwxyz') if (!taken.has(c)) return c;
  for (let k = 1; ; k++) if (!taken.has(`m${k}`)) return `m${k}`;
}

function newRow(value: Obj, table: string): Obj {
  const modes = rows(value, 'modes');
  const names = modes.map((m) => str(m.name)).filter(Boolean);
  const lossy = modes.filter((m) => typeof m.kappa === 'number' && m.kappa > 0).map((m) => str(m.name));
  if (table === 'modes') return { name: freeName(new Set(names)), Delta: 0, kappa: 1, U: 0, n_th: 0, kappa2: 0 };
  if (table === 'couplings') {
    const done = new Set(rows(value, 'couplings').map((c) => pairKey(str(c.i), str(c.j))));
    const [i, j] = firstFreePair(names, done) ?? [names[0] ?? '', names[1] ?? ''];
    return { i, j, J: 0.5, phase: 0 };
  }
  const read = new Set(rows(value, 'directions').map((d) => `${str(d.drive)}->${(Array.isArray(d.outputs) ? d.outputs : []).join(',')}`));
  for (const d of lossy) for (const o of lossy) if (o !== d && !read.has(`${d}->${o}`)) return { drive: d, Omega: 0.1, phase: 0, outputs: [o] };
  return { drive: lossy[0] ?? names[0] ?? '', Omega: 0.1, phase: 0, outputs: [lossy[1] ?? lossy[0] ?? ''] };
}

/** The spec with a parameter set's values of its dotted parameters (and the Delta / Omega aliases) applied. */
function withValues(value: Obj, params: ParamInput): { value: Obj; keys: string[] } {
  let spec: NetworkSpec;
  try {
    spec = parseNetworkSpec(value);
  } catch {
    return { value, keys: [] };
  }
  const schema = networkSchema(spec);
  const own = new Set([...schema.params.filter((p) => p.kind === 'number' && p.key.includes('.')).map((p) => p.key), ...schema.aliases.map((a) => a.key)]);
  const keys = Object.keys(params).filter((k) => own.has(k) && params[k] !== undefined);
  if (!keys.length) return { value, keys };
  let v: Record<string, number | string>;
  try {
    v = resolveParams(schema, Object.fromEntries(keys.map((k) => [k, params[k]])));
  } catch {
    // a value out of range: the form shows it; the table keeps the spec's own numbers
    return { value, keys: [] };
  }
  const n = (k: string, def: number): number => (typeof v[k] === 'number' ? (v[k] as number) : def);
  const applied: NetworkSpec = {
    modes: spec.modes.map((m) => ({ ...m, Delta: n(`${m.name}.Delta`, m.Delta), kappa: n(`${m.name}.kappa`, m.kappa), U: n(`${m.name}.U`, m.U), n_th: n(`${m.name}.n_th`, m.n_th), kappa2: n(`${m.name}.kappa2`, m.kappa2) })),
    couplings: spec.couplings.map((c) => ({ ...c, J: n(`${couplingKey(c)}.J`, c.J), phase: n(`${couplingKey(c)}.phase`, c.phase) })),
    directions: spec.directions.map((d) => ({ ...d, Omega: n(`${d.drive}.Omega`, d.Omega) })),
  };
  return { value: JSON.parse(canonicalSpec(applied)) as Obj, keys };
}


export const networkStructure: StructureDefinition = {
  param: 'network',
  tables: [
    {
      key: 'modes',
      title: 'Modes',
      noun: 'mode',
      minRows: 1,
      maxRows: MAX_MODES,
      columns: [
        { key: 'name', symbol: 'name', label: 'Name', kind: 'name' },
        num('Delta', 'Δ', 'Detuning', 'κ'),
        num('kappa', 'κ', 'Loss', 'κ'),
        num('U', 'U', 'Kerr', 'κ'),
        num('n_th', 'n_{th}', 'Thermal photons'),
        num('kappa2', 'κ_2', 'Two-photon loss', 'κ'),
      ],
    },
    {
      key: 'couplings',
      title: 'Couplings',
      noun: 'coupling',
      minRows: 0,
      maxRows: (MAX_MODES * (MAX_MODES - 1)) / 2,
      columns: [
        { key: 'i', symbol: 'i', label: 'From mode', kind: 'ref', ref: 'modes' },
        { key: 'j', symbol: 'j', label: 'To mode', kind: 'ref', ref: 'modes' },
        num('J', 'J', 'Strength', 'κ'),
        num('phase', 'φ', 'Phase', 'rad'),
      ],
    },
    {
      key: 'directions',
      title: 'Directions',
      noun: 'direction',
      minRows: 1,
      maxRows: 2 * MAX_MODES * (MAX_MODES - 1),
      columns: [
        { key: 'drive', symbol: 'drive', label: 'Driven mode', kind: 'ref', ref: 'modes' },
        num('Omega', 'Ω', 'Drive amplitude', 'κ'),
        { key: 'outputs', symbol: 'outputs', label: 'Output modes', kind: 'refs', ref: 'modes' },
      ],
    },
  ],
  presets: PRESETS.map((p) => ({ id: p.id, name: p.name, description: p.description, value: JSON.parse(canonicalSpec(p.spec)) as Obj })),
  read: (text) => JSON.parse(canonicalSpec(parseNetworkSpec(text ?? DEFAULT_NETWORK))) as Obj,
  canonical: (value) => canonicalSpec(parseNetworkSpec(value)),
  newRow,
  withValues,
  schematic: (value) => networkSchematic(parseNetworkSpec(value)),
};
