/**
 * The S-curve panel of a continuation study (panel kind 'branches'): every steady-state branch of a
 * quantity against the varied parameter, stable stretches solid and unstable ones dashed, turning
 * points (folds) marked, and the time-domain up and down sweeps overlaid as markers (▲ up, ▼ down),
 * so that where the sweeps part the hysteresis the stability predicts is seen. Branches are kept
 * apart (a gap between them), and a stretch's end point is drawn in both styles so the curve has
 * no hole where the stability changes. Pure: the same spec on screen and in exports.
 */
import type { Panel } from '../project/types';
import type { ContinuationOutput } from '../studies/continuation';
import { PALETTE, scaledValue, scaleOf, titleWithUnit, type LineSeries, type LineSpec } from './panel-data';
import type { StudyData } from './study-data';


/** The quantity an S-curve shows by default: the transmission to another port, else the driven resonator's |a|, else the first field. */
export function defaultBranchQuantity(d: StudyData): string | undefined {
  const o = d.output as ContinuationOutput | undefined;
  const keys = d.quantities.map((q) => q.key).filter((k) => !k.startsWith('up.') && !k.startsWith('down.') && !['branch', 'stable', 'maxRe', o?.vary].includes(k));
  const port = o?.port ?? 1;
  return keys.find((k) => new RegExp(`^S(\\d+)${port}\\.abs$`).test(k) && !k.startsWith(`S${port}${port}.`)) ?? keys.find((k) => /^a\..+\.abs$/.test(k)) ?? keys[0];
}

export function branchSpec(panel: Panel, lookup: (studyId: string) => StudyData | undefined): LineSpec {
  const d = lookup(panel.study);
  const missing: string[] = [];
  const o = d?.output as ContinuationOutput | undefined;
  const vary = o?.vary ?? panel.x ?? 'p';
  const logX = panel.logX === true;
  const logY = panel.logY === true;
  const out: LineSeries[] = [];
  const info = new Map((d?.quantities ?? []).map((q) => [q.key, q]));
  const quantities = panel.series?.length ? panel.series.map((s) => s.quantity) : panel.quantity ? [panel.quantity] : d ? [defaultBranchQuantity(d)].filter((k): k is string => k !== undefined) : [];
  const x = d?.data[vary];
  const branch = d?.data.branch;
  const stable = d?.data.stable;
  if (d && (!x || !branch || !stable || !o)) missing.push(!x ? vary : 'branches');
  const single = quantities.length === 1;
  const X = (v: number): number => scaledValue(v, panel.xScale, logX, panel.xOffset ?? 0);
  const Y = (v: number): number => scaledValue(v, panel.yScale, logY);
  if (d && x && branch && stable && o) {
    quantities.forEach((key, k) => {
      const v = d.data[key];
      if (!v) return void missing.push(key);
      const spec = panel.series?.[k];
      const color = spec?.color ?? PALETTE[k % PALETTE.length]!;
      const sym = info.get(key)?.symbol ?? key;
      // one gap (NaN) between branches; a point belongs to a style when it or a neighbour on its branch has it
      const n = x.length;
      const xs: number[] = [];
      const ys: [number[], number[]] = [[], []];
      for (let i = 0; i < n; i++) {
        if (i > 0 && branch[i] !== branch[i - 1]) {
          xs.push(NaN);
          ys[0].push(NaN);
          ys[1].push(NaN);
        }
        xs.push(X(x[i]!));
        const same = (j: number): boolean => j >= 0 && j < n && branch[j] === branch[i];
        for (const s of [1, 0] as const) {
          const has = stable[i] === s || (same(i - 1) && stable[i - 1] === s) || (same(i + 1) && stable[i + 1] === s);
          ys[s === 1 ? 0 : 1].push(has ? Y(v[i]!) : NaN);
        }
      }
      const X64 = Float64Array.from(xs);
      out.push({ id: `${k}.stable`, name: single ? 'stable' : sym, color, dash: 'solid', markers: false, x: X64, y: Float64Array.from(ys[0]) });
      if (ys[1].some((y) => y === y)) out.push({ id: `${k}.unstable`, name: single ? 'unstable' : `${sym} unstable`, color, dash: 'dash', markers: false, x: X64, y: Float64Array.from(ys[1]) });
      // folds, with the quantity's value there
      const fx: number[] = [];
      const fy: number[] = [];
      for (const b of o.branches) {
        for (const f of b.folds) {
          if (typeof f.values[key] !== 'number') continue;
          fx.push(X(f.p));
          fy.push(Y(f.values[key]));
        }
      }
      if (fx.length) out.push({ id: `${k}.folds`, name: single ? 'turning point' : `${sym} turning point`, color: '#000000', dash: 'solid', markers: true, lineless: true, symbol: 'diamond', x: Float64Array.from(fx), y: Float64Array.from(fy) });
      // the time-domain sweeps
      for (const [dir, symbol, label] of [['up', 'triangle', 'up sweep'], ['down', 'triangle-down', 'down sweep']] as const) {
        const sx = d.data[`${dir}.${vary}`];
        const sy = d.data[`${dir}.${key}`];
        if (!sx || !sy) continue;
        out.push({
          id: `${k}.${dir}`,
          name: single ? label : `${sym} ${label}`,
          color: dir === 'up' ? PALETTE[(k + 1) % PALETTE.length]! : PALETTE[(k + 2) % PALETTE.length]!,
          dash: 'solid',
          markers: true,
          lineless: true,
          symbol,
          x: Float64Array.from(sx, X),
          y: Float64Array.from(sy, Y),
        });
      }
    });
  }
  const xInfo = info.get(vary);
  const yInfo = single ? info.get(quantities[0]!) : undefined;
  return {
    kind: 'line',
    xKey: vary,
    xScale: scaleOf(panel.xScale),
    xLabel: panel.xLabel ?? (xInfo ? titleWithUnit(xInfo) : vary),
    yLabel: panel.yLabel ?? (yInfo ? titleWithUnit(yInfo) : ''),
    logX,
    logY,
    ...(panel.xRange ? { xRange: panel.xRange } : {}),
    ...(panel.yRange ? { yRange: panel.yRange } : {}),
    series: out,
    failed: [],
    missing,
  };
}
