/**
 * The point inspector's report of a two-resonator point: forward (1→2) and backward (2→1)
 * S-parameters side by side, the effective model, and the diagnostics of the steady state or the
 * time-domain run (multistability, the stuck forward wave, the 3 dB band).
 */
import type { QuantitySpec } from '../model.js';
import { emptyReport, numOrNull as num, objOf as obj, singleRows, valueAtPath, type PointReport, type ReportOptions } from '../report.js';
import { inDisplayUnit } from '../units.js';

/** Forward/backward pairs (port 1 → 2, port 2 → 1) and their row labels. */
const PAIRS: { keys: [string, string]; label: string; title: string }[] = [
  { keys: ['S21.abs', 'S12.abs'], label: '|t|', title: 'Transmission |S_21| (forward, port 1 → 2) and |S_12| (backward, port 2 → 1)' },
  { keys: ['S11.abs', 'S22.abs'], label: '|r|', title: 'Reflection at the input port: |S_11| (forward) and |S_22| (backward)' },
  { keys: ['S21.dB', 'S12.dB'], label: '|t| (dB)', title: 'Transmission in dB: 20·log10 |S|' },
  { keys: ['S11.dB', 'S22.dB'], label: '|r| (dB)', title: 'Reflection in dB: 20·log10 |S|' },
  { keys: ['kappa12_eff', 'kappa21_eff'], label: '|κ_{eff}|', title: 'Effective couplings |κ_12| (forward) and |κ_21| (backward) of the effective Hamiltonian (eq. 3)' },
  { keys: ['eta21', 'eta12'], label: 'η', title: 'Transmission efficiencies η_21 (forward) and η_12 (backward) (eq. 4)' },
];

export function twoResonatorReport(output: unknown, scalars: Record<string, number>, catalogue: QuantitySpec[], opts: ReportOptions): PointReport {
  const pref = opts.pref;
  const fmt = opts.format;
  const report = emptyReport(['1→2', '2→1']);
  const { paired, warnings, diagnosticsSingle } = report;
  const q = new Map(catalogue.map((s) => [s.key, s]));
  const out = obj(output);
  const used = new Set<string>();
  for (const p of PAIRS) {
    if (!(p.keys[0] in scalars) && !(p.keys[1] in scalars)) continue;
    const unit = q.get(p.keys[0])?.unit ?? '';
    const a = inDisplayUnit(num(scalars[p.keys[0]]), unit, pref);
    const b = inDisplayUnit(num(scalars[p.keys[1]]), unit, pref);
    paired.push({ key: p.keys.join('|'), label: p.label, title: p.title, unit: unit === 'dB' ? '' : a.unit, cells: [a.v, b.v] });
    used.add(p.keys[0]).add(p.keys[1]);
  }
  const phase = (k: string): number | null => num(valueAtPath(out, `${k}.phase`));
  if (phase('S21') !== null || phase('S12') !== null) {
    paired.push({ key: 'phase.t', label: 'arg t', title: 'Phase of the transmission S_21 (forward) and S_12 (backward)', unit: 'rad', cells: [phase('S21'), phase('S12')] });
    paired.push({ key: 'phase.r', label: 'arg r', title: 'Phase of the reflection S_11 (forward) and S_22 (backward)', unit: 'rad', cells: [phase('S11'), phase('S22')] });
  }
  report.single = singleRows(scalars, catalogue, used, pref);

  const d = obj(out.diagnostics);
  if (!Object.keys(d).length) return report;
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
    const lo = inDisplayUnit(num(band.low), 'rad/s', pref);
    const hi = inDisplayUnit(num(band.high), 'rad/s', pref);
    diagnosticsSingle.push({ key: 'band', label: '3 dB band', title: 'Drive frequencies over which the backward transmission is within 3 dB of its peak.', unit: lo.unit, cells: [lo.v !== null && hi.v !== null ? `${fmt(lo.v)} … ${fmt(hi.v)}` : '—'] });
    const w = pref === 'Hz' ? num(band.widthHz) : num(band.width);
    diagnosticsSingle.push({ key: 'bandwidth', label: 'Band width', title: 'Width of the 3 dB band (and relative to the centre frequency).', unit: pref === 'Hz' ? 'Hz' : 'rad/s', cells: [w] });
    const iso = [num(band.minIsolationDb), num(band.maxIsolationDb)];
    if (iso.every((v) => v !== null)) diagnosticsSingle.push({ key: 'bandIsolation', label: 'Band isolation', title: 'Smallest and largest isolation across the 3 dB band (capped at 400 dB).', unit: 'dB', cells: [`${fmt(iso[0]!)} … ${fmt(iso[1]!)}`] });
  }
  const tm = num(d.timeMs);
  if (tm !== null) diagnosticsSingle.push({ key: 'timeMs', label: 'Solve time', title: 'Time of the solve in the worker.', unit: 'ms', cells: [tm] });
  return report;
}
