/**
 * The point inspector's report of a three-cavity point: the directional quantities a→c and c→a
 * side by side, the mean photon numbers of both Kerr cavities, the steady-state diagnostics per
 * direction with the thresholds that flag them, the truncation and its convergence check.
 */
import type { QuantitySpec } from '../model.js';
import { emptyReport, numOrNull as num, objOf as obj, singleRows, type Obj, type PointReport, type ReportOptions, type ReportRow } from '../report.js';
import { valueAtPath } from '../report.js';

/** Thresholds above which a diagnostic is flagged. */
export const LIMITS = {
  residual: 1e-6,
  minEigenvalue: -1e-12,
  traceError: 1e-10,
  hermiticityError: 1e-10,
  topShell: 1e-6,
};

/** Remove the direction from a symbol: 'g^{(2)}_{a→c}(0)' → 'g^{(2)}(0)'. */
function undirected(symbol: string): string {
  return symbol.replace(/_\{(a→c|c→a)\}/g, '').trim();
}

const DIRECTION_PAIRS: [string, string][] = [
  ['a_to_c.', 'c_to_a.'],
  ['classical.a_to_c.', 'classical.c_to_a.'],
];

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

/** The report of a solved (or stored) three-cavity point. */
export function threeCavityReport(output: unknown, scalars: Record<string, number>, catalogue: QuantitySpec[], opts: ReportOptions): PointReport {
  const report = emptyReport(['a→c', 'c→a']);
  const { paired, warnings, diagnostics, diagnosticsSingle, changes } = report;
  const q = new Map(catalogue.map((s) => [s.key, s]));
  const out = obj(output);
  const used = new Set<string>();

  for (const [pa, pc] of DIRECTION_PAIRS) {
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
  report.single = singleRows(scalars, catalogue, used, opts.pref);

  const d = obj(out.diagnostics);
  if (d.a_to_c || d.c_to_a) {
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
      const tol = num(t.tolerance) ?? undefined;
      if (tol !== undefined) report.changesTolerance = tol;
      for (const [k, v] of Object.entries(obj(t.changes))) {
        if (typeof v !== 'number') continue;
        changes.push({ key: k, label: changeLabel(k), value: v, bad: tol !== undefined && /\.(T|g2)$/.test(k) && v >= tol });
      }
    }
  } else {
    diagnosticsSingle.push({ key: 'method', label: 'Method', title: 'The classical (weak-drive) linear scattering matrix S(ω) of eq. 12: no Fock truncation, no steady-state diagnostics.', unit: '', cells: ['classical S-matrix'] });
  }

  const byKey = new Map(changes.map((c) => [c.key, c]));
  const changeRows: ReportRow[] = report.changeRows;
  for (const c of changes) {
    const m = /^(a_to_c|c_to_a)\.(.+)$/.exec(c.key);
    if (m) {
      if (m[1] === 'c_to_a' && byKey.has(`a_to_c.${m[2]!}`)) continue;
      const a = byKey.get(`a_to_c.${m[2]!}`);
      const b = byKey.get(`c_to_a.${m[2]!}`);
      changeRows.push({ key: m[2]!, label: CHANGE_LABELS[m[2]!] ?? m[2]!, title: `Relative change of ${CHANGE_LABELS[m[2]!] ?? m[2]!} at the next truncation`, unit: '', cells: [a?.value ?? null, b?.value ?? null], bad: [a?.bad ?? false, b?.bad ?? false] });
    } else changeRows.push({ key: c.key, label: c.label, title: `Relative change of ${c.label} at the next truncation`, unit: '', cells: [c.value], bad: [c.bad] });
  }
  const list = (path: string): number[] => {
    const v = valueAtPath(out, path);
    return Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : [];
  };
  if (Array.isArray(valueAtPath(out, 'a_to_c.P_a'))) {
    report.distributions = (['a_to_c', 'c_to_a'] as const).map((dir) => ({
      key: dir,
      title: dir === 'a_to_c' ? 'Driven at a (a→c)' : 'Driven at c (c→a)',
      modes: (['a', 'c'] as const).map((m) => ({ name: m, measured: list(`${dir}.P_${m}`), poisson: list(`${dir}.poisson_${m}`) })),
    }));
  }
  report.hasDistributions = report.distributions.length > 0;
  return report;
}
