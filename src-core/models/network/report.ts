/**
 * The point inspector's report of a network point: one column per output pair (a→c, c→a, a→d …),
 * the pair's quantities and its direction's mean photon numbers side by side, the steady-state
 * diagnostics of each pair's direction with the thresholds that flag them, the truncation and its
 * check, and the photon-number distributions of each direction's driven and read modes.
 */
import { LIMITS } from '../three-cavity/report.js';
import { emptyReport, numOrNull, objOf, singleRows, type PointReport, type ReportOptions, type ReportRow } from '../report.js';
import type { QuantitySpec } from '../model.js';
import { arrowOf } from './output.js';

const DIAG: { key: string; label: string; title: string; unit?: string; bad?: (v: number) => boolean }[] = [
  { key: 'method', label: 'Method', title: 'How the steady state was solved: manifold-gmres (drive-free Liouvillian preconditioner) or sylvester-gmres (the robust fallback).' },
  { key: 'dim', label: 'Dimension', title: 'Number of Fock states kept by the truncation (the density matrix is dim × dim).' },
  { key: 'residual', label: 'Residual, relative', title: `max|𝓛ρ| relative to the largest term of 𝓛ρ. Flagged above ${LIMITS.residual}.`, bad: (v) => !(v <= LIMITS.residual) },
  { key: 'minEigenvalue', label: 'Min eigenvalue of ρ', title: `Positivity: values down to ${LIMITS.minEigenvalue} are round-off; below that ρ is not a valid state.`, bad: (v) => v < LIMITS.minEigenvalue },
  { key: 'traceError', label: 'Trace error', title: `tr ρ − 1 after normalisation. Flagged above ${LIMITS.traceError} in size.`, bad: (v) => Math.abs(v) > LIMITS.traceError },
  { key: 'top_shell', label: 'Top-shell population', title: `Population of the highest Fock shell kept. Above ${LIMITS.topShell} the truncation cuts off real population.`, bad: (v) => v > LIMITS.topShell },
  { key: 'iterations', label: 'GMRES iterations', title: 'Iterations of the preconditioned GMRES solve of 𝓛ρ = 0.' },
  { key: 'timeMs', label: 'Solve time', title: "Total time of this direction's steady state.", unit: 'ms' },
];

const ROWS: { suffix: string; label: string }[] = [
  { suffix: 'T', label: 'T' },
  { suffix: 'g2', label: 'g^{(2)}(0)' },
  { suffix: 'g3', label: 'g^{(3)}(0)' },
  { suffix: 'mean_n', label: '⟨n_{out}⟩' },
  { suffix: 'P1', label: 'P_{out}(1)' },
  { suffix: 'P2', label: 'P_{out}(2)' },
];

function poisson(mean: number, len: number): number[] {
  const out: number[] = [];
  let p = Math.exp(-mean);
  for (let m = 0; m < len; m++) {
    out.push(p);
    p *= mean / (m + 1);
  }
  return out;
}

/** The report of a solved (or stored) network point. */
export function networkReport(output: unknown, scalars: Record<string, number>, catalogue: QuantitySpec[], opts: ReportOptions): PointReport {
  const pairs = catalogue.filter((q) => q.direction !== undefined && q.key === `${q.direction}.T`).map((q) => q.direction!);
  const report = emptyReport(pairs.map(arrowOf));
  const used = new Set<string>();
  const q = new Map(catalogue.map((s) => [s.key, s]));
  for (const r of ROWS) {
    const keys = pairs.map((p) => `${p}.${r.suffix}`);
    if (!keys.some((k) => k in scalars)) continue;
    report.paired.push({ key: r.suffix, label: r.label, title: keys.map((k) => (q.get(k) ? `${q.get(k)!.symbol}: ${q.get(k)!.label}` : k)).join('\n'), unit: '', cells: keys.map((k) => numOrNull(scalars[k])) });
    keys.forEach((k) => used.add(k));
  }
  const cl = pairs.map((p) => `classical.${p}.T`);
  if (cl.some((k) => k in scalars)) {
    report.paired.push({ key: 'classical.T', label: 'T^{cl}', title: 'Classical (weak-drive) transmission from the linear S-matrix of the same network', unit: '', cells: cl.map((k) => numOrNull(scalars[k])) });
    cl.forEach((k) => used.add(k));
  }
  const out = objOf(output);
  const byPair = objOf(out.directions);
  const dirOf = (pair: string): Record<string, unknown> => objOf(byPair[pair]);
  const dirs = Object.values(byPair).map(objOf);
  const modeNames = [...new Set(dirs.flatMap((d) => Object.keys(objOf(objOf(d.modes).mean_n))))];
  for (const m of modeNames) {
    report.paired.push({ key: `n_${m}`, label: `⟨n_{${m}}⟩`, title: `Mean photon number of mode ${m} in each direction`, unit: '', cells: pairs.map((p) => numOrNull(objOf(objOf(dirOf(p).modes).mean_n)[m])) });
  }
  report.single = singleRows(scalars, catalogue, used, opts.pref);

  if (dirs.length) {
    for (const r of DIAG) {
      const values = pairs.map((p) => {
        const d = dirOf(p);
        return r.key === 'top_shell' ? d.top_shell : objOf(d.diagnostics)[r.key];
      });
      const cells = values.map((v) => (typeof v === 'number' || typeof v === 'string' ? v : null));
      const bad = values.map((v) => typeof v === 'number' && r.bad !== undefined && r.bad(v));
      report.diagnostics.push({ key: r.key, label: r.label, title: r.title, unit: r.unit ?? '', cells, bad });
      bad.forEach((b, k) => {
        if (b) report.warnings.push(`${r.label} ${(values[k] as number).toExponential(1)} (${arrowOf(pairs[k]!)}) is beyond its limit: the steady state is not to be trusted as it stands.`);
      });
    }
    const t = objOf(out.truncation);
    if (Object.keys(t).length) {
      const perMode = t.basis === 'per-mode';
      report.diagnosticsSingle.push({ key: 'fock', label: 'Truncation used', title: perMode ? 'N levels per mode; the dimension in parentheses.' : 'Total photons of all modes ≤ K; the dimension in parentheses.', unit: '', cells: [`${perMode ? 'N' : 'K'} = ${String(t.fock)} ${perMode ? 'per mode' : 'total'} (${String(t.dim)})`] });
      const conv = t.converged === false ? 'not converged' : t.checked === 'top-shell' ? `top shell below ${LIMITS.topShell} (not re-solved)` : 'converged';
      report.diagnosticsSingle.push({ key: 'converged', label: 'Convergence', title: 'automatic: the smallest truncation whose T and g2 change by less than the tolerance at the next one', unit: '', cells: [`${t.mode === 'auto' ? 'automatic' : 'fixed'}, ${conv}`], bad: [t.converged === false] });
      if (t.converged === false) report.warnings.push(`The truncation is not converged: ${typeof t.reason === 'string' ? t.reason : 'see the changes below'}.`);
      const tol = numOrNull(t.tolerance) ?? undefined;
      if (tol !== undefined) report.changesTolerance = tol;
      const changes = objOf(t.changes);
      for (const [k, v] of Object.entries(changes)) {
        if (typeof v === 'number') report.changes.push({ key: k, label: k, value: v, bad: tol !== undefined && /\.(T|g2)$/.test(k) && v >= tol });
      }
      for (const r of ['T', 'g2', 'g3', 'mean_n']) {
        const keys = pairs.map((p) => `${p}.${r}`);
        if (!keys.some((k) => typeof changes[k] === 'number')) continue;
        const cells = keys.map((k) => numOrNull(changes[k]));
        report.changeRows.push({ key: r, label: ROWS.find((x) => x.suffix === r)!.label, title: `Relative change of ${r} at the next truncation`, unit: '', cells, bad: cells.map((c) => tol !== undefined && (r === 'T' || r === 'g2') && c !== null && c >= tol) });
      }
    }
    // one distribution per direction (drive), of its driven mode and every mode it is read at
    const drives = [...new Set(dirs.map((d) => String(d.drive)))];
    report.distributions = drives.map((drive) => {
      const mine = dirs.filter((d) => String(d.drive) === drive);
      const modes = objOf(mine[0]!.modes);
      const P = objOf(modes.P);
      const mean = objOf(modes.mean_n);
      const outs = mine.map((d) => String(d.output));
      const names = [drive, ...outs].filter((n, k, all) => all.indexOf(n) === k);
      const list = (v: unknown): number[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : []);
      return {
        key: `${drive}->${outs.join(',')}`,
        title: `Driven at ${drive} (${outs.map((o) => `${drive}→${o}`).join(', ')})`,
        modes: names.map((n) => ({ name: n, measured: list(P[n]), poisson: poisson(numOrNull(mean[n]) ?? 0, list(P[n]).length) })),
      };
    });
    report.hasDistributions = report.distributions.length > 0;
  } else {
    report.diagnosticsSingle.push({ key: 'method', label: 'Method', title: 'The classical (weak-drive) linear scattering matrix: no Fock truncation, no steady-state diagnostics.', unit: '', cells: ['classical S-matrix'] });
  }
  return report;
}

export type { ReportRow };
