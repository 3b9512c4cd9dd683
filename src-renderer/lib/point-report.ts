import type { ModelInfo, SolveResponse } from '../../src-core/contract/api';
import type { QuantitySpec } from '../../src-core/models/model';
import { formatValue } from '../../src-core/figures/format';
import type { BarSpec } from '../../src-core/figures/panel-data';
import { lighten } from '../../src-core/figures/panel-data';
import { valueAtPath } from '../../src-core/figures/study-data';
import { displayUnit, unitFactor, type FrequencyUnit } from './units';

/**
 * What the point inspector shows for one solved point, from the solver's JSON output (see
 * `nrlab solve … --json`): every quantity (directional ones side by side), the photon-number
 * distributions, and the diagnostics with what they mean and what looks wrong. Built without
 * components so it can be tested against real solver output.
 */

/** One row of a table: a label in paper notation, its explanation, one value per column. */
export interface ReportRow {
  key: string;
  label: string;
  title: string;
  unit: string;
  /** Numbers are formatted by the table; strings are shown as they are. */
  cells: (number | string | null)[];
  /** Per cell: the value is suspicious (shown in the warning colour). */
  bad?: boolean[];
}

export interface PointReport {
  /** Column titles of the directional tables ('a→c', 'c→a'). */
  columns: [string, string];
  /** Quantities with a value per driving direction. */
  paired: ReportRow[];
  /** Quantities of the point as a whole. */
  single: ReportRow[];
  /** Diagnostics per direction (same columns) and of the point as a whole. */
  diagnostics: ReportRow[];
  diagnosticsSingle: ReportRow[];
  /** Relative change of each observable at the next truncation (quantum output with a check). */
  changes: { key: string; label: string; value: number; bad: boolean }[];
  /** The same as table rows: directional observables side by side, then the others. */
  changeRows: ReportRow[];
  changesTolerance?: number;
  warnings: string[];
  /** The three-cavity quantum output has photon-number distributions. */
  hasDistributions: boolean;
}

type Obj = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

/** Remove the direction from a symbol: 'g^{(2)}_{a→c}(0)' → 'g^{(2)}(0)'. */
function undirected(symbol: string): string {
  return symbol.replace(/_\{(a→c|c→a)\}/g, '').trim();
}

/** Quantity specs by key (the model's list at its defaults, which names every scalar). */
function specs(model: ModelInfo | undefined): Map<string, QuantitySpec> {
  return new Map((model?.quantities ?? []).map((q) => [q.key, q]));
}

const DIRECTION_PAIRS: { prefix: [string, string] }[] = [{ prefix: ['a_to_c.', 'c_to_a.'] }, { prefix: ['classical.a_to_c.', 'classical.c_to_a.'] }];

/** Forward/backward pairs of the two-resonator model (port 1 → 2, port 2 → 1) and their row labels. */
const TWO_RESONATOR_PAIRS: { keys: [string, string]; label: string; title: string }[] = [
  { keys: ['S21.abs', 'S12.abs'], label: '|t|', title: 'Transmission |S_21| (forward, port 1 → 2) and |S_12| (backward, port 2 → 1)' },
  { keys: ['S11.abs', 'S22.abs'], label: '|r|', title: 'Reflection at the input port: |S_11| (forward) and |S_22| (backward)' },
  { keys: ['S21.dB', 'S12.dB'], label: '|t| (dB)', title: 'Transmission in dB: 20·log10 |S|' },
  { keys: ['S11.dB', 'S22.dB'], label: '|r| (dB)', title: 'Reflection in dB: 20·log10 |S|' },
  { keys: ['kappa12_eff', 'kappa21_eff'], label: '|κ_{eff}|', title: 'Effective couplings |κ_12| (forward) and |κ_21| (backward) of the effective Hamiltonian (eq. 3)' },
  { keys: ['eta21', 'eta12'], label: 'η', title: 'Transmission efficiencies η_21 (forward) and η_12 (backward) (eq. 4)' },
];

/** Converted value and unit (angular quantities in Hz when the user chose Hz). */
function inUnit(v: number | null, unit: string, pref: FrequencyUnit): { v: number | null; unit: string } {
  const f = unitFactor(unit, pref);
  return { v: v === null ? null : v / f, unit: displayUnit(unit, pref) };
}

/** Thresholds above which a diagnostic is flagged. */
export const LIMITS = {
  residual: 1e-6,
  minEigenvalue: -1e-12,
  traceError: 1e-10,
  hermiticityError: 1e-10,
  topShell: 1e-6,
};

const DIAG_ROWS: { key: string; label: string; title: string; unit?: string; bad?: (v: number) => boolean }[] = [
  {
    key: 'method',
    label: 'Method',
    title:
      'How the steady state was solved (both directions). manifold-gmres: GMRES preconditioned by the drive-free Liouvillian, solved manifold by manifold (fast at weak and moderate drive). sylvester-gmres: preconditioned by the full H_eff Sylvester operator (robust at strong drive; the fallback).',
  },
  { key: 'dim', label: 'Dimension', title: 'Number of Fock states kept by the truncation (the density matrix is dim × dim).' },
  {
    key: 'residual',
    label: 'Residual, relative',
    title: `max|𝓛ρ| divided by the largest of |Hρ|, |½{Σκ a†a, ρ}|, |J(ρ)|: how well ρ solves 𝓛ρ = 0 (eq. 4) relative to the size of its terms. Flagged above ${LIMITS.residual}.`,
    bad: (v) => !(v <= LIMITS.residual),
  },
  { key: 'residualAbs', label: 'Residual, absolute', title: 'max|𝓛ρ| itself (in units of κ).' },
  {
    key: 'minEigenvalue',
    label: 'Min eigenvalue of ρ',
    title: `Positivity: a density matrix has no negative eigenvalue. Values down to ${LIMITS.minEigenvalue} are round-off; below that ρ is not a valid state.`,
    bad: (v) => v < LIMITS.minEigenvalue,
  },
  { key: 'traceError', label: 'Trace error', title: `tr ρ − 1 after normalisation. Flagged above ${LIMITS.traceError} in size.`, bad: (v) => Math.abs(v) > LIMITS.traceError },
  { key: 'hermiticityError', label: 'Hermiticity error', title: `max|ρ − ρ†| / max|ρ|: ρ must be Hermitian. Flagged above ${LIMITS.hermiticityError}.`, bad: (v) => v > LIMITS.hermiticityError },
  {
    key: 'top_shell',
    label: 'Top-shell population',
    title: `Population of the highest Fock shell kept (per-mode basis: the largest top-level population of any mode). Above ${LIMITS.topShell} the truncation cuts off real population: increase it.`,
    bad: (v) => v > LIMITS.topShell,
  },
  { key: 'iterations', label: 'GMRES iterations', title: 'Iterations of the preconditioned GMRES solve of 𝓛ρ = 0.' },
  { key: 'setupMs', label: 'Setup time', title: 'Time to diagonalise H_eff and invert V (the preconditioner).', unit: 'ms' },
  { key: 'timeMs', label: 'Solve time', title: "Total time of this direction's steady state, setup included.", unit: 'ms' },
];

/** Observable labels of the truncation check. */
const CHANGE_LABELS: Record<string, string> = {
  T: 'T',
  g2: 'g^{(2)}(0)',
  g3: 'g^{(3)}(0)',
  mean_n: '⟨n_{out}⟩',
};

function changeLabel(key: string): string {
  const m = /^(a_to_c|c_to_a)\.(.+)$/.exec(key);
  if (m) return `${CHANGE_LABELS[m[2]!] ?? m[2]!}, ${m[1] === 'a_to_c' ? 'a→c' : 'c→a'}`;
  if (key === 'isolation') return '𝓘';
  if (key === 'ratio') return '𝓡';
  return key;
}

/**
 * The report of a solved point. `stored` are the values the study stored there (for quantities it
 * kept); a solved value that disagrees with its stored one by more than 1e-4 (relative) is
 * reported, since both come from the same solver and parameters.
 */
export function pointReport(model: ModelInfo | undefined, res: SolveResponse, pref: FrequencyUnit = 'rad/s', stored: Record<string, number> = {}): PointReport {
  const q = specs(model);
  const out = obj(res.output);
  const scalars = res.scalars;
  const used = new Set<string>();
  const paired: ReportRow[] = [];
  const single: ReportRow[] = [];
  const warnings: string[] = [];
  const twoRes = res.model === 'two-resonator';
  const columns: [string, string] = twoRes ? ['1→2', '2→1'] : ['a→c', 'c→a'];

  if (twoRes) {
    for (const p of TWO_RESONATOR_PAIRS) {
      if (!(p.keys[0] in scalars) && !(p.keys[1] in scalars)) continue;
      const unit = q.get(p.keys[0])?.unit ?? '';
      const a = inUnit(num(scalars[p.keys[0]]), unit, pref);
      const b = inUnit(num(scalars[p.keys[1]]), unit, pref);
      paired.push({ key: p.keys.join('|'), label: p.label, title: p.title, unit: unit === 'dB' ? '' : a.unit, cells: [a.v, b.v] });
      used.add(p.keys[0]).add(p.keys[1]);
    }
    const phase = (k: string): number | null => num(valueAtPath(out, `${k}.phase`));
    if (phase('S21') !== null || phase('S12') !== null) {
      paired.push({ key: 'phase.t', label: 'arg t', title: 'Phase of the transmission S_21 (forward) and S_12 (backward)', unit: 'rad', cells: [phase('S21'), phase('S12')] });
      paired.push({ key: 'phase.r', label: 'arg r', title: 'Phase of the reflection S_11 (forward) and S_22 (backward)', unit: 'rad', cells: [phase('S11'), phase('S22')] });
    }
  } else {
    for (const [pa, pc] of DIRECTION_PAIRS.map((d) => d.prefix)) {
      for (const key of Object.keys(scalars)) {
        if (!key.startsWith(pa)) continue;
        const rest = key.slice(pa.length);
        if (rest.includes('.')) continue;
        const other = pc + rest;
        const sa = q.get(key);
        const sc = q.get(other);
        let label = undirected(sa?.symbol ?? rest);
        const lc = undirected(sc?.symbol ?? rest);
        if (label !== lc) label = label.replace(/⟨c\^†c⟩/, '⟨n_{out}⟩').replace(/_\{c\}/, '_{out}');
        const title = [sa ? `${sa.symbol}: ${sa.label}` : key, sc ? `${sc.symbol}: ${sc.label}` : other].join('\n');
        paired.push({ key, label, title, unit: sa?.unit ?? '', cells: [num(scalars[key]), num(scalars[other])] });
        used.add(key).add(other);
      }
    }
    // mean photon numbers of both Kerr cavities in both directions (in the output, not scalars)
    const na = [num(valueAtPath(out, 'a_to_c.n_a')), num(valueAtPath(out, 'c_to_a.n_a'))];
    const nc = [num(valueAtPath(out, 'a_to_c.n_c')), num(valueAtPath(out, 'c_to_a.n_c'))];
    if (na.some((v) => v !== null)) {
      const at = Math.max(0, paired.findIndex((r) => r.key.endsWith('.mean_n')) + 1);
      paired.splice(at, 0, { key: 'n_a', label: '⟨a^†a⟩', title: 'Mean photon number of cavity a', unit: '', cells: na }, { key: 'n_c', label: '⟨c^†c⟩', title: 'Mean photon number of cavity c', unit: '', cells: nc });
    }
  }
  for (const [key, v] of Object.entries(scalars)) {
    if (used.has(key)) continue;
    const s = q.get(key);
    const unit = s?.unit ?? '';
    const c = inUnit(v, unit, pref);
    single.push({ key, label: s?.symbol ?? key, title: s ? `${s.label}${unit ? ` (${unit})` : ''}` : key, unit: unit === 'dB' ? 'dB' : c.unit, cells: [c.v] });
  }
  // order the single quantities as the model lists them
  const order = [...q.keys()];
  single.sort((a, b) => (order.indexOf(a.key) + 1 || 1e9) - (order.indexOf(b.key) + 1 || 1e9));

  // a stored value that disagrees with the solved one
  for (const [key, sv] of Object.entries(stored)) {
    const v = scalars[key];
    if (v === undefined || !Number.isFinite(sv) || !Number.isFinite(v)) continue;
    if (Math.abs(v - sv) > 1e-4 * Math.max(Math.abs(v), Math.abs(sv), 1e-300)) {
      warnings.push(`${q.get(key)?.symbol ?? key}: the study stored ${sv.toPrecision(6)} here; solved now with the study's current parameters it is ${v.toPrecision(6)} (edited since the run?).`);
    }
  }

  const diagnostics: ReportRow[] = [];
  const diagnosticsSingle: ReportRow[] = [];
  const changes: PointReport['changes'] = [];
  let changesTolerance: number | undefined;
  const d = obj(out.diagnostics);

  if (!twoRes && (d.a_to_c || d.c_to_a)) {
    const da = obj(d.a_to_c);
    const dc = obj(d.c_to_a);
    for (const r of DIAG_ROWS) {
      const pick = (dir: Obj, o: Obj): unknown => (r.key === 'top_shell' ? o.top_shell : dir[r.key]);
      const va = pick(da, obj(out.a_to_c));
      const vc = pick(dc, obj(out.c_to_a));
      if (va === undefined && vc === undefined) continue;
      const cell = (v: unknown): number | string | null => (typeof v === 'number' || typeof v === 'string' ? v : null);
      const bad = [va, vc].map((v) => typeof v === 'number' && r.bad !== undefined && r.bad(v));
      diagnostics.push({ key: r.key, label: r.label, title: r.title, unit: r.unit ?? '', cells: [cell(va), cell(vc)], bad });
      bad.forEach((b, k) => {
        if (!b) return;
        const dir = k === 0 ? 'a→c' : 'c→a';
        const v = (k === 0 ? va : vc) as number;
        if (r.key === 'top_shell') warnings.push(`Top-shell population ${v.toExponential(1)} (${dir}) is above ${LIMITS.topShell}: the truncation is too small for this point.`);
        else if (r.key === 'minEigenvalue') warnings.push(`ρ has a negative eigenvalue ${v.toExponential(1)} (${dir}): the steady state is not a valid density matrix.`);
        else warnings.push(`${r.label} ${v.toExponential(1)} (${dir}) is above its limit: the steady state is not accurate.`);
      });
    }
    const t = obj(out.truncation);
    if (Object.keys(t).length) {
      const perMode = t.basis === 'per-mode';
      diagnosticsSingle.push({
        key: 'fock',
        label: 'Truncation used',
        title: perMode ? 'N levels per mode (as QuTiP tensor products); the dimension of the Fock space in parentheses.' : 'Total excitations n_a + n_b + n_c ≤ K; the dimension of the Fock space in parentheses.',
        unit: '',
        cells: [`${perMode ? 'N' : 'K'} = ${String(t.fock)} ${perMode ? 'per mode' : 'total'} (${String(t.dim)})`],
      });
      const mode = t.mode === 'auto' ? 'automatic' : 'fixed';
      const conv = t.converged === false ? 'not converged' : t.converged !== true ? 'not checked' : t.checked === 'top-shell' ? `top shell below ${LIMITS.topShell} (not re-solved)` : 'converged';
      diagnosticsSingle.push({
        key: 'converged',
        label: 'Convergence',
        title: `automatic: the smallest truncation whose T and g2 change by less than the tolerance (${String(t.tolerance ?? '')}) at the next one; fixed: as set (fock = N), checked only with convergence = check.`,
        unit: '',
        cells: [`${mode}, ${conv}`],
        bad: [t.converged === false],
      });
      if (t.converged === false) {
        warnings.push(
          typeof t.reason === 'string'
            ? `The truncation is not converged: ${t.reason}.`
            : `The truncation did not converge: T or g² change by more than ${String(t.tolerance)} at the next truncation (see the changes below). Increase fock or use fock = auto.`,
        );
      }
      changesTolerance = num(t.tolerance) ?? undefined;
      for (const [k, v] of Object.entries(obj(t.changes))) {
        if (typeof v !== 'number') continue;
        changes.push({ key: k, label: changeLabel(k), value: v, bad: changesTolerance !== undefined && /\.(T|g2)$/.test(k) && v >= changesTolerance });
      }
    }
  } else if (twoRes && Object.keys(d).length) {
    const fwd = Array.isArray(d.forwardSolutions) ? d.forwardSolutions.length : null;
    const bwd = Array.isArray(d.backwardSolutions) ? d.backwardSolutions.length : null;
    diagnosticsSingle.push({ key: 'method', label: 'Method', title: 'steady: the exact CW steady state; time-domain: eq. 1 integrated from rest until the outputs settle.', unit: '', cells: [String(d.method ?? '—')] });
    diagnosticsSingle.push({
      key: 'loss',
      label: 'Loss law',
      title: "Loss on resonator 2: nonlocal γ_k|a1|/|a2| (the paper's), linear, local Kerr-like, local saturable, or the ideal nonreciprocal coupling.",
      unit: '',
      cells: [String(d.loss ?? '—')],
    });
    if (fwd !== null || bwd !== null) {
      diagnosticsSingle.push({ key: 'solutions', label: 'Steady states', title: 'Number of steady states found forward and backward (a local nonlinear loss can be multistable).', unit: '', cells: [`${fwd ?? '—'} forward, ${bwd ?? '—'} backward`], bad: [d.multistable === true] });
    }
    if (d.multistable === true) warnings.push('Several steady states exist here (multistable): the values are those of the primary state; the others are in the output.');
    if (typeof d.stuck === 'boolean') {
      diagnosticsSingle.push({
        key: 'stuck',
        label: 'Forward wave',
        title: 'At γ_k ≥ κ the nonlocal friction absorbs the whole coupling force: the field in resonator 2 is exactly zero forward (|S_21| = 0, infinite isolation).',
        unit: '',
        cells: [d.stuck ? 'stuck (a₂ = 0 exactly)' : 'moves'],
      });
    }
    const td = obj(d.timeDomain);
    if (Object.keys(td).length) {
      for (const port of ['port1', 'port2'] as const) {
        const p = obj(td[port]);
        if (!Object.keys(p).length) continue;
        const ok = p.converged === true;
        diagnosticsSingle.push({
          key: `td.${port}`,
          label: `Time domain, ${port === 'port1' ? 'port 1' : 'port 2'}`,
          title: 'CW run from rest: converged when the outputs change by less than the tolerance over a period; steps of the Runge–Kutta (ck4) integrator.',
          unit: '',
          cells: [`${ok ? 'converged' : 'not converged'}, ${String(p.steps ?? '—')} steps`],
          bad: [!ok],
        });
        if (!ok) warnings.push(`The time-domain run from ${port === 'port1' ? 'port 1' : 'port 2'} did not settle: its S-parameters are not steady.`);
      }
      const agree = num(d.steadyStateAgreement);
      if (agree !== null) diagnosticsSingle.push({ key: 'agreement', label: 'Agreement with steady state', title: 'Largest difference of S_21, S_12 between the time-domain run and the exact steady state.', unit: '', cells: [agree] });
    }
    const band = obj(out.band);
    if (Object.keys(band).length) {
      const lo = inUnit(num(band.low), 'rad/s', pref);
      const hi = inUnit(num(band.high), 'rad/s', pref);
      diagnosticsSingle.push({ key: 'band', label: '3 dB band', title: 'Drive frequencies over which the backward transmission is within 3 dB of its peak.', unit: lo.unit, cells: [lo.v !== null && hi.v !== null ? `${fmt(lo.v)} … ${fmt(hi.v)}` : '—'] });
      const w = pref === 'Hz' ? num(band.widthHz) : num(band.width);
      diagnosticsSingle.push({ key: 'bandwidth', label: 'Band width', title: 'Width of the 3 dB band (and relative to the centre frequency).', unit: pref === 'Hz' ? 'Hz' : 'rad/s', cells: [w] });
      const iso = [num(band.minIsolationDb), num(band.maxIsolationDb)];
      if (iso.every((v) => v !== null)) diagnosticsSingle.push({ key: 'bandIsolation', label: 'Band isolation', title: 'Smallest and largest isolation across the 3 dB band (capped at 400 dB).', unit: 'dB', cells: [`${fmt(iso[0]!)} … ${fmt(iso[1]!)}`] });
    }
    const tm = num(d.timeMs);
    if (tm !== null) diagnosticsSingle.push({ key: 'timeMs', label: 'Solve time', title: 'Time of the solve in the worker.', unit: 'ms', cells: [tm] });
  } else if (!twoRes) {
    diagnosticsSingle.push({ key: 'method', label: 'Method', title: 'The classical (weak-drive) linear scattering matrix S(ω) of eq. 12: no Fock truncation, no steady-state diagnostics.', unit: '', cells: ['classical S-matrix'] });
  }
  diagnosticsSingle.push({ key: 'total', label: 'Total time', title: 'Wall time of the whole solve (both directions, truncation search and checks) in the backend.', unit: 'ms', cells: [res.timeMs] });

  const changeRows: ReportRow[] = [];
  const byKey = new Map(changes.map((c) => [c.key, c]));
  for (const c of changes) {
    const m = /^(a_to_c|c_to_a)\.(.+)$/.exec(c.key);
    if (m) {
      if (m[1] === 'c_to_a' && byKey.has(`a_to_c.${m[2]!}`)) continue;
      const a = byKey.get(`a_to_c.${m[2]!}`);
      const b = byKey.get(`c_to_a.${m[2]!}`);
      changeRows.push({ key: m[2]!, label: CHANGE_LABELS[m[2]!] ?? m[2]!, title: `Relative change of ${CHANGE_LABELS[m[2]!] ?? m[2]!} at the next truncation`, unit: '', cells: [a?.value ?? null, b?.value ?? null], bad: [a?.bad ?? false, b?.bad ?? false] });
    } else changeRows.push({ key: c.key, label: c.label, title: `Relative change of ${c.label} at the next truncation`, unit: '', cells: [c.value], bad: [c.bad] });
  }
  return {
    columns,
    paired,
    single,
    diagnostics,
    diagnosticsSingle,
    changes,
    changeRows,
    ...(changesTolerance !== undefined ? { changesTolerance } : {}),
    warnings,
    hasDistributions: Array.isArray(valueAtPath(out, 'a_to_c.P_a')),
  };
}

function fmt(v: number): string {
  return formatValue(v, 3);
}

const BLUE = '#1f77b4';
const RED = '#d62728';

/**
 * Photon-number distributions of one driving direction as bars: P_a(m) and P_c(m) beside the
 * Poisson distributions 𝒫(m) of the same means, or their differences P(m) − 𝒫(m) (Fig. 3c).
 * On a log axis, probabilities below 1e-15 (numerical noise) are not drawn.
 */
export function distributionSpec(output: unknown, dir: 'a_to_c' | 'c_to_a', view: 'both' | 'difference', logY: boolean): BarSpec {
  const get = (k: string): number[] => {
    const v = valueAtPath(output, `${dir}.${k}`);
    return Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : [];
  };
  const Pa = get('P_a');
  const Pc = get('P_c');
  const Qa = get('poisson_a');
  const Qc = get('poisson_c');
  const length = Math.max(Pa.length, Pc.length);
  const log = view === 'both' && logY;
  const clean = (a: number[]): (number | null)[] => Array.from({ length }, (_, m) => {
    const v = a[m];
    if (v === undefined || !Number.isFinite(v)) return null;
    if (log && !(v > 1e-15)) return null;
    return v;
  });
  const diff = (p: number[], q: number[]): (number | null)[] => Array.from({ length }, (_, m) => {
    const a = p[m];
    const b = q[m];
    return a === undefined || b === undefined || !Number.isFinite(a - b) ? null : a - b;
  });
  const series: BarSpec['series'] =
    view === 'both'
      ? [
          { id: 'Pa', name: 'P_{a}(m)', color: BLUE, values: clean(Pa) },
          { id: 'Qa', name: '𝒫_{a}(m)', color: lighten(BLUE, 0.55), values: clean(Qa) },
          { id: 'Pc', name: 'P_{c}(m)', color: RED, values: clean(Pc) },
          { id: 'Qc', name: '𝒫_{c}(m)', color: lighten(RED, 0.55), values: clean(Qc) },
        ]
      : [
          { id: 'Da', name: 'P_{a}(m) − 𝒫_{a}(m)', color: BLUE, values: diff(Pa, Qa) },
          { id: 'Dc', name: 'P_{c}(m) − 𝒫_{c}(m)', color: RED, values: diff(Pc, Qc) },
        ];
  return {
    kind: 'bar',
    xLabel: 'm',
    yLabel: view === 'both' ? 'P(m)' : 'P(m) − 𝒫(m)',
    logY: log,
    categories: Array.from({ length }, (_, m) => String(m)),
    series,
    missing: [],
  };
}
