/**
 * The tcmt-network model's structure editor (src-core/models/structure.ts): the nested spec
 * (docs/tcmt-network-format.md; resonators[k].losses[m]) as the flat tables the app's generic
 * editor edits — resonators, couplings, loss terms (one row per term, naming its resonator), ports
 * (port k is row k) and the one-row input — `read` flattening and `canonical` unflattening it. The
 * spec's check names nested fields (`spec.resonators[2].losses[0].reference`); `canonical`
 * rethrows them at the flat table's cell (`spec.losses[3].reference`).
 *
 * The parameter set's `omega` and `amplitude` values are the drive, not structure: the input row
 * holds the spec's defaults of them (withValues holds no parameter key), and a set's own ω or |s_+|
 * overrides that default when solving, as before.
 */
import { NrlabError, ParameterError, shown } from '../../errors.js';
import { firstFreePair, numberColumn as number, pairKey, type StructureColumn, type StructureDefinition } from '../structure.js';
import { TCMT_PRESETS } from './presets.js';
import { DEFAULT_TCMT_SPEC } from './schema.js';
import { tcmtSchematic } from './schematic.js';
import { canonicalTcmtSpec, MAX_RESONATORS, parseTcmtSpec, type TcmtSpec } from './spec.js';

type Obj = Record<string, unknown>;

const PARAM = 'spec';
/** The loss kinds, in the order the editor offers them, with the text shown for each. */
export const LOSS_KINDS = [
  { value: 'linear', label: 'linear' },
  { value: 'kerr', label: 'Kerr γ|a|²' },
  { value: 'saturable', label: 'saturable' },
  { value: 'nonlocal', label: 'nonlocal' },
];

const rows = (v: Obj, key: string): Obj[] => (Array.isArray(v[key]) ? (v[key] as unknown[]).map((r) => (r && typeof r === 'object' ? (r as Obj) : {})) : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** The flat tables of a parsed spec. */
export function flattenTcmt(spec: TcmtSpec): Obj {
  return {
    resonators: spec.resonators.map((r) => ({ name: r.name, omega: r.omega, gamma: r.gamma, gamma0: r.gamma0, chi: r.chi })),
    couplings: spec.couplings.map((c) => ({ i: c.i, j: c.j, kappa_ij: c.kappa_ij, kappa_ji: c.kappa_ji })),
    losses: spec.resonators.flatMap((r) => r.losses.map((l) => ({ resonator: r.name, ...l }))),
    ports: spec.ports.map((p) => ({ resonator: p })),
    input: [{ ...spec.input }],
  };
}

/** A nested path of the spec's check at the flat tables' cell (`resonators[k].losses[m]` → `losses[row]`). */
function flatPath(param: string, lossRow: number[][]): string {
  const m = /^spec\.resonators\[(\d+)\]\.losses\[(\d+)\](.*)$/.exec(param);
  if (m) {
    const row = lossRow[Number(m[1])]?.[Number(m[2])];
    return row === undefined ? `${PARAM}.losses` : `${PARAM}.losses[${row}]${m[3]}`;
  }
  if (/^spec\.resonators\[\d+\]\.losses$/.test(param)) return `${PARAM}.losses`;
  const p = /^spec\.ports\[(\d+)\]$/.exec(param);
  if (p) return `${PARAM}.ports[${p[1]}].resonator`;
  if (param.startsWith('spec.input.')) return `${PARAM}.input[0].${param.slice('spec.input.'.length)}`;
  return param;
}

/** The nested spec object of the flat tables, and which loss row each resonator's k-th term came from. */
function unflatten(value: unknown): { spec: Obj; lossRow: number[][] } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ParameterError(PARAM, `must be an object of tables, got ${shown(value)}`);
  const v = value as Obj;
  const res = rows(v, 'resonators');
  const names = res.map((r) => str(r.name));
  const lossRow: number[][] = res.map(() => []);
  const losses: Obj[][] = res.map(() => []);
  rows(v, 'losses').forEach((l, k) => {
    const at = names.indexOf(str(l.resonator));
    if (at < 0 || !l.resonator) throw new ParameterError(`${PARAM}.losses[${k}].resonator`, `no resonator is named ${shown(l.resonator)}; resonators: ${names.join(', ')}`);
    const { resonator: _r, ...term } = l;
    lossRow[at]!.push(k);
    losses[at]!.push(term);
  });
  const inputs = rows(v, 'input');
  if (inputs.length !== 1) throw new ParameterError(`${PARAM}.input`, `must be one row (the drive's defaults), got ${inputs.length}`);
  const spec: Obj = {
    resonators: res.map((r, k) => ({ ...r, losses: losses[k] })),
    couplings: rows(v, 'couplings'),
    ports: rows(v, 'ports').map((p) => p.resonator),
    input: inputs[0],
  };
  return { spec, lossRow };
}

/** Check the flat tables: the parsed spec, or the spec's ParameterError placed at the table cell. */
export function parseTcmtTables(value: unknown): TcmtSpec {
  const { spec, lossRow } = unflatten(value);
  try {
    return parseTcmtSpec(spec);
  } catch (e) {
    if (e instanceof NrlabError && e.param) throw new ParameterError(flatPath(e.param, lossRow), e.reason ?? e.message);
    throw e;
  }
}

/** The first name r1, r2, … not taken yet. */
function freeName(taken: Set<string>): string {
  for (let k = 1; ; k++) if (!taken.has(`r${k}`)) return `r${k}`;
}

const num = (x: unknown, def: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : def);

function newRow(value: Obj, table: string): Obj {
  const res = rows(value, 'resonators');
  const names = res.map((r) => str(r.name)).filter(Boolean);
  const last = res.at(-1) ?? {};
  if (table === 'resonators') return { name: freeName(new Set(names)), omega: num(last.omega, 0), gamma: 0, gamma0: num(last.gamma0, 0.1), chi: 0 };
  if (table === 'couplings') {
    const cs = rows(value, 'couplings');
    const kappa = num(cs.at(-1)?.kappa_ij, 1);
    const [i, j] = firstFreePair(names, new Set(cs.map((c) => pairKey(str(c.i), str(c.j))))) ?? [names[0] ?? '', names[1] ?? ''];
    // κᵢⱼ = κⱼᵢ: a new coupling is reciprocal
    return { i, j, kappa_ij: kappa, kappa_ji: kappa };
  }
  if (table === 'losses') {
    const at = str(last.name);
    return { resonator: at, kind: 'linear', gamma: num(last.gamma0, 0) || 0.1 };
  }
  if (table === 'ports') {
    const taken = new Set(rows(value, 'ports').map((p) => str(p.resonator)));
    const free = res.filter((r) => !taken.has(str(r.name)));
    return { resonator: str((free.find((r) => num(r.gamma, 0) > 0) ?? free[0] ?? last).name) };
  }
  const first = res.find((r) => r.name === rows(value, 'ports')[0]?.resonator) ?? res[0] ?? {};
  return { omega: num(first.omega, 0), amplitude: 1, port: 1 };
}

const resonatorRef = (key: string, symbol: string, label: string, extra: Partial<StructureColumn> = {}): StructureColumn => ({ key, symbol, label, kind: 'ref', ref: 'resonators', ...extra });

export const tcmtStructure: StructureDefinition = {
  param: PARAM,
  tables: [
    {
      key: 'resonators',
      title: 'Resonators',
      noun: 'resonator',
      minRows: 1,
      maxRows: MAX_RESONATORS,
      columns: [
        { key: 'name', symbol: 'name', label: 'Name', kind: 'name' },
        number('omega', 'ω', 'Resonance', 'rad/s'),
        number('gamma', 'γ', 'Port loss', '1/s'),
        // blank: the spec's default 0
        number('gamma0', 'γ_0', 'Intrinsic loss', '1/s', { optional: true }),
        number('chi', 'χ', 'Kerr shift', undefined, { optional: true }),
      ],
    },
    {
      key: 'couplings',
      title: 'Couplings (κᵢⱼ = κⱼᵢ: reciprocal)',
      noun: 'coupling',
      minRows: 0,
      maxRows: (MAX_RESONATORS * (MAX_RESONATORS - 1)) / 2,
      columns: [
        resonatorRef('i', 'i', 'From resonator'),
        resonatorRef('j', 'j', 'To resonator'),
        number('kappa_ij', 'κ_{ij}', 'Coupling i to j', 'rad/s'),
        number('kappa_ji', 'κ_{ji}', 'Coupling j to i', 'rad/s'),
      ],
    },
    {
      key: 'losses',
      title: 'Loss terms',
      noun: 'loss term',
      minRows: 0,
      maxRows: 4 * MAX_RESONATORS,
      columns: [
        resonatorRef('resonator', 'on', 'Lossy resonator'),
        { key: 'kind', symbol: 'kind', label: 'Kind', kind: 'choice', options: LOSS_KINDS },
        number('gamma', 'γ', 'Rate', '1/s'),
        number('P_sat', 'P_{sat}', 'Saturation power', undefined, { when: { column: 'kind', values: ['saturable'] }, default: 1 }),
        resonatorRef('reference', 'ref', 'Reference resonator', { when: { column: 'kind', values: ['nonlocal'] } }),
      ],
    },
    {
      key: 'ports',
      title: 'Ports',
      noun: 'port',
      numbered: 'port',
      minRows: 1,
      maxRows: MAX_RESONATORS,
      columns: [resonatorRef('resonator', 'at', 'Resonator')],
    },
    {
      key: 'input',
      title: 'Input (the drive’s defaults)',
      noun: 'input',
      minRows: 1,
      maxRows: 1,
      columns: [number('omega', 'ω', 'Drive frequency', 'rad/s'), number('amplitude', '|s_+|', 'Input amplitude', '√W'), number('port', 'port', 'Driven port')],
    },
  ],
  presets: TCMT_PRESETS.map((p) => ({ id: p.id, name: p.name, description: p.description, value: flattenTcmt(p.spec) })),
  read: (text) => flattenTcmt(parseTcmtSpec(text ?? DEFAULT_TCMT_SPEC)),
  canonical: (value) => canonicalTcmtSpec(parseTcmtTables(value)),
  newRow,
  // ω and |s_+| of a parameter set are the drive, not structure: the input row keeps the spec's defaults
  withValues: (value) => ({ value, keys: [] }),
  schematic: (value) => tcmtSchematic(parseTcmtTables(value)),
};
