import { levelCrossings } from '../studies/marching-squares';
import { niceTicks } from './colormap';

/**
 * Iso-lines of a gridded field, for contour panels drawn over a heatmap: the segments of marching
 * squares (`studies/marching-squares.ts`; the grid row-major with x slowest, as a HeatSpec holds
 * it; NaN cells skipped) joined into polylines, their levels and where their labels go.
 */

/** The lines of one level: polylines as interleaved [x0, y0, x1, y1, …] in axis units. */
export interface ContourLevel {
  level: number;
  lines: Float64Array[];
}

/**
 * Iso-lines of `values` at `level` (marching squares, {@link levelCrossings}): segments sharing
 * an edge crossing are joined into polylines (closed loops repeat their first point at the end).
 */
export function contourLines(xs: ArrayLike<number>, ys: ArrayLike<number>, values: ArrayLike<number>, level: number): Float64Array[] {
  const { points, segments } = levelCrossings(xs, ys, values, level);
  const links = new Map<number, number[]>();
  for (const [a, b] of segments) {
    if (a === b) continue;
    (links.get(a) ?? links.set(a, []).get(a)!).push(b);
    (links.get(b) ?? links.set(b, []).get(b)!).push(a);
  }
  // walk the chains: open ones from their ends first, then the closed loops
  const used = new Set<number>();
  const out: Float64Array[] = [];
  const walk = (start: number): void => {
    const chain = [start];
    used.add(start);
    let prev = -1;
    let cur = start;
    for (;;) {
      const next = (links.get(cur) ?? []).find((n) => n !== prev && !used.has(n));
      if (next === undefined) {
        // a loop closes on its start
        if ((links.get(cur) ?? []).includes(start) && chain.length > 2) chain.push(start);
        break;
      }
      chain.push(next);
      used.add(next);
      prev = cur;
      cur = next;
    }
    if (chain.length < 2) return;
    const line = new Float64Array(2 * chain.length);
    chain.forEach((k, n) => {
      const p = points.get(k)!;
      line[2 * n] = p[0];
      line[2 * n + 1] = p[1];
    });
    out.push(line);
  };
  for (const [k, l] of links) if (l.length === 1 && !used.has(k)) walk(k);
  for (const k of links.keys()) if (!used.has(k)) walk(k);
  return out;
}

/** Contour lines of several levels (levels outside the data give no lines). */
export function contourLevels(xs: ArrayLike<number>, ys: ArrayLike<number>, values: ArrayLike<number>, levels: number[]): ContourLevel[] {
  return levels.map((level) => ({ level, lines: contourLines(xs, ys, values, level) }));
}

/** Levels for a contour panel without its own: round values strictly inside the colour range. */
export function autoLevels(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [];
  return niceTicks(lo, hi, count).filter((t) => t > lo && t < hi);
}

/**
 * Where each level's label goes: on one of its lines, as far as possible from the labels of the
 * levels before it and from the edges of the plot (x0…x1 × y0…y1), so labels of nested contours
 * do not pile up. Undefined for a level without lines.
 */
export function labelPoints(levels: ContourLevel[], box: { x0: number; x1: number; y0: number; y1: number }): ([number, number] | undefined)[] {
  const w = box.x1 - box.x0 || 1;
  const h = box.y1 - box.y0 || 1;
  const placed: [number, number][] = [];
  return levels.map((c) => {
    let best: [number, number] | undefined;
    let bestScore = -Infinity;
    let total = 0;
    for (const l of c.lines) total += l.length / 2;
    const step = Math.max(1, Math.floor(total / 240));
    let k = 0;
    for (const l of c.lines) {
      for (let n = 0; n < l.length / 2; n++, k++) {
        if (k % step !== 0) continue;
        const u = (l[2 * n]! - box.x0) / w;
        const v = (l[2 * n + 1]! - box.y0) / h;
        if (!Number.isFinite(u) || !Number.isFinite(v)) continue;
        const edge = Math.min(u, 1 - u, v, 1 - v);
        let near = 2;
        for (const [pu, pv] of placed) near = Math.min(near, Math.hypot((u - pu) * 1.4, v - pv));
        // away from other labels first, then away from the edges
        const score = Math.min(near, 0.35) + 0.5 * Math.min(edge, 0.12) - (edge < 0.04 ? 1 : 0);
        if (score > bestScore) {
          bestScore = score;
          best = [l[2 * n]!, l[2 * n + 1]!];
        }
      }
    }
    if (best) placed.push([(best[0] - box.x0) / w, (best[1] - box.y0) / h]);
    return best;
  });
}
