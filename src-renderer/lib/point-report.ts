import type { ModelInfo, SolveResponse } from '../../src-core/contract/api';
import type { QuantitySpec } from '../../src-core/models/model';
import { formatValue } from '../../src-core/figures/format';
import type { BarSpec } from '../../src-core/figures/panel-data';
import { lighten } from '../../src-core/figures/panel-data';
import { emptyReport, singleRows, type PointReport, type ReportDistribution } from '../../src-core/models/report';
import { findModel } from '../../src-core/models/registry';
import type { FrequencyUnit } from './units';

/**
 * What the point inspector shows for one solved point, from the solver's JSON output (see
 * `nrlab solve … --json`): the model package builds the rows (every quantity, directional ones
 * side by side, the diagnostics with what they mean and what looks wrong — see
 * `ModelDefinition.pointReport`); here only what is the same for every model is added (values the
 * study stored that disagree, the total time). Built without components so it can be tested
 * against real solver output.
 */
export type { PointReport, ReportDistribution, ReportRow } from '../../src-core/models/report';

/**
 * The report of a solved point. `stored` are the values the study stored there (for quantities it
 * kept); a solved value that disagrees with its stored one by more than 1e-4 (relative) is
 * reported, since both come from the same solver and parameters.
 */
export function pointReport(model: ModelInfo | undefined, res: SolveResponse, pref: FrequencyUnit = 'rad/s', stored: Record<string, number> = {}): PointReport {
  const catalogue: QuantitySpec[] = model?.quantities ?? [];
  const pkg = findModel(res.model);
  let report: PointReport;
  if (pkg) report = pkg.pointReport(res.output, res.scalars, { pref, format: fmt });
  else {
    // a model this client does not bundle: its quantities as the backend describes them
    report = emptyReport(['→', '←']);
    report.single = singleRows(res.scalars, catalogue, new Set(), pref);
  }
  const q = new Map(catalogue.map((x) => [x.key, x]));
  // a stored value that disagrees with the solved one
  const mismatches: string[] = [];
  for (const [key, sv] of Object.entries(stored)) {
    const v = res.scalars[key];
    if (v === undefined || !Number.isFinite(sv) || !Number.isFinite(v)) continue;
    if (Math.abs(v - sv) > 1e-4 * Math.max(Math.abs(v), Math.abs(sv), 1e-300)) {
      mismatches.push(`${q.get(key)?.symbol ?? key}: the study stored ${sv.toPrecision(6)} here; solved now with the study's current parameters it is ${v.toPrecision(6)} (edited since the run?).`);
    }
  }
  report.warnings.unshift(...mismatches);
  report.diagnosticsSingle.push({ key: 'total', label: 'Total time', title: 'Wall time of the whole solve (both directions, truncation search and checks) in the backend.', unit: 'ms', cells: [res.timeMs] });
  return report;
}

function fmt(v: number): string {
  return formatValue(v, 3);
}

const BLUE = '#1f77b4';
const RED = '#d62728';

/** Colours of the modes' bars (measured; the Poisson reference is a lighter shade). */
const COLORS = [BLUE, RED, '#2ca02c', '#9467bd'];

/**
 * Distributions of one driving direction as bars: P(m) of each mode beside the Poisson
 * distribution 𝒫(m) of the same mean, or their differences P(m) − 𝒫(m) (Fig. 3c). On a log axis,
 * probabilities below 1e-15 (numerical noise) are not drawn.
 */
export function distributionSpec(dist: ReportDistribution, view: 'both' | 'difference', logY: boolean): BarSpec {
  const length = Math.max(0, ...dist.modes.map((m) => m.measured.length));
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
  const series: BarSpec['series'] = dist.modes.flatMap((mode, k) => {
    const color = COLORS[k % COLORS.length]!;
    return view === 'both'
      ? [
          { id: `P${mode.name}`, name: `P_{${mode.name}}(m)`, color, values: clean(mode.measured) },
          { id: `Q${mode.name}`, name: `𝒫_{${mode.name}}(m)`, color: lighten(color, 0.55), values: clean(mode.poisson) },
        ]
      : [{ id: `D${mode.name}`, name: `P_{${mode.name}}(m) − 𝒫_{${mode.name}}(m)`, color, values: diff(mode.measured, mode.poisson) }];
  });
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
