/**
 * The point inspector's report of a tcmt-network point: one column per driven port, the S-parameter
 * moduli at every port, the absorbed fraction, and the steady states found (with their stability).
 */
import type { QuantitySpec } from '../model.js';
import { emptyReport, numOrNull as num, objOf as obj, singleRows, type PointReport, type ReportOptions } from '../report.js';

export function tcmtReport(output: unknown, scalars: Record<string, number>, catalogue: QuantitySpec[], opts: ReportOptions): PointReport {
  const out = obj(output);
  const ports = Array.isArray(out.ports) ? (out.ports as unknown[]).map(obj) : [];
  const P = ports.length || Math.max(0, ...catalogue.filter((c) => c.key.startsWith('absorbed_')).map((c) => Number(c.key.slice(9))));
  const report = emptyReport(Array.from({ length: P }, (_, k) => `port ${k + 1} driven`));
  const used = new Set<string>();
  for (let r = 1; r <= P; r++) {
    for (const [suffix, label, unit] of [['abs', `|S_{${r}p}|`, ''], ['dB', `|S_{${r}p}| (dB)`, '']] as const) {
      const keys = Array.from({ length: P }, (_, k) => `S${r}${k + 1}.${suffix}`);
      if (!keys.some((k) => k in scalars)) continue;
      report.paired.push({ key: `S${r}p.${suffix}`, label, title: `The wave out of port ${r} per unit input at the driven port p${suffix === 'dB' ? ', 20·log10 |S|' : ''}`, unit, cells: keys.map((k) => num(scalars[k])) });
      keys.forEach((k) => used.add(k));
    }
  }
  const absorbed = Array.from({ length: P }, (_, k) => `absorbed_${k + 1}`);
  if (absorbed.some((k) => k in scalars)) {
    report.paired.push({ key: 'absorbed', label: 'Absorbed', title: 'Fraction of the input power lost in the resonators: 1 minus the output power summed over the ports', unit: '', cells: absorbed.map((k) => num(scalars[k])) });
    absorbed.forEach((k) => used.add(k));
  }
  report.single = singleRows(scalars, catalogue, used, opts.pref);
  if (!ports.length) return report;
  report.diagnostics.push({
    key: 'solutions',
    label: 'Steady states',
    title: 'Steady states found (from rest and by Newton from several starts), and how many of them are linearly stable.',
    unit: '',
    cells: ports.map((p) => {
      const s = Array.isArray(p.solutions) ? (p.solutions as unknown[]).map(obj) : [];
      return `${s.length} (${s.filter((x) => x.stable === true).length} stable)`;
    }),
    bad: ports.map((p) => Array.isArray(p.solutions) && p.solutions.length > 1),
  });
  report.diagnostics.push({
    key: 'rest',
    label: 'From rest',
    title: 'The CW run from empty resonators: settled (its state, polished by Newton, is the primary one) or not.',
    unit: '',
    cells: ports.map((p) => (obj(p.rest).converged === true ? 'settled' : 'did not settle')),
    bad: ports.map((p) => obj(p.rest).converged !== true),
  });
  report.diagnostics.push({
    key: 'stuck',
    label: 'Held at a = 0',
    title: 'Resonators whose nonlocal loss holds their field at exactly zero in the primary state (friction-like stuck regime).',
    unit: '',
    cells: ports.map((p) => {
      const s = Array.isArray(p.solutions) ? obj((p.solutions as unknown[])[Number(p.primary) || 0]) : {};
      const st = Array.isArray(s.stuck) ? (s.stuck as string[]) : [];
      return st.length ? st.join(', ') : 'none';
    }),
  });
  if (out.multistable === true) report.warnings.push('Several steady states exist here (multistable): the values are those of the state reached from rest; the others are in the output.');
  ports.forEach((p, k) => {
    if (obj(p.rest).converged !== true) report.warnings.push(`The run from rest with port ${k + 1} driven did not settle (no steady state reached, or a slow one): its values are those of the lowest-energy steady state found.`);
  });
  const tm = num(out.timeMs);
  if (tm !== null) report.diagnosticsSingle.push({ key: 'timeMs', label: 'Solve time', title: 'Time of the solve in the worker.', unit: 'ms', cells: [tm] });
  return report;
}
