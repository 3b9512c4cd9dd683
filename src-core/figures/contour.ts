import { niceTicks } from './colormap';

/**
 * Iso-lines of a gridded field by marching squares, for contour panels drawn over a heatmap.
 * The grid is row-major with x slowest (value of (x_i, y_j) at i·ny + j), as a HeatSpec holds it;
 * cells with a missing corner (NaN: not computed or failed) are skipped, so lines stop at holes.
 * Saddle cells are resolved by the value at the cell centre (the mean of the corners).
 */

/** The lines of one level: polylines as interleaved [x0, y0, x1, y1, …] in axis units. */
export interface ContourLevel {
  level: number;
  lines: Float64Array[];
}

/**
 * Segment table of marching squares: for each corner case (bit 0: (i, j), 1: (i+1, j),
 * 2: (i+1, j+1), 3: (i, j+1) above the level), pairs of cell edges the line crosses. Edges:
 * 0 bottom (y_j), 1 right (x_{i+1}), 2 top (y_{j+1}), 3 left (x_i). Cases 5 and 10 (saddles) are
 * resolved separately.
 */
const SEGMENTS: number[][] = [
  [],
  [3, 0],
  [0, 1],
  [3, 1],
  [1, 2],
  [],
  [0, 2],
  [3, 2],
  [2, 3],
  [0, 2],
  [],
  [1, 2],
  [1, 3],
  [0, 1],
  [3, 0],
  [],
];

/**
 * Iso-lines of `values` at `level`. Points where a line crosses a cell edge are linearly
 * interpolated; segments sharing an edge crossing are joined into polylines (closed loops repeat
 * their first point at the end).
 */
export function contourLines(xs: ArrayLike<number>, ys: ArrayLike<number>, values: ArrayLike<number>, level: number): Float64Array[] {
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 2 || ny < 2 || values.length < nx * ny || !Number.isFinite(level)) return [];
  const v = (i: number, j: number): number => values[i * ny + j]!;
  // an edge crossing is keyed by its edge: horizontal edges (x_i..x_{i+1} at y_j) 2·(i·ny + j),
  // vertical edges (y_j..y_{j+1} at x_i) 2·(i·ny + j) + 1
  const points = new Map<number, [number, number]>();
  const links = new Map<number, number[]>();
  const crossing = (i: number, j: number, edge: number): number => {
    let key: number;
    let ax: number, ay: number, bx: number, by: number, va: number, vb: number;
    if (edge === 0 || edge === 2) {
      const jj = edge === 0 ? j : j + 1;
      key = 2 * (i * ny + jj);
      [ax, ay, bx, by] = [xs[i]!, ys[jj]!, xs[i + 1]!, ys[jj]!];
      [va, vb] = [v(i, jj), v(i + 1, jj)];
    } else {
      const ii = edge === 3 ? i : i + 1;
      key = 2 * (ii * ny + j) + 1;
      [ax, ay, bx, by] = [xs[ii]!, ys[j]!, xs[ii]!, ys[j + 1]!];
      [va, vb] = [v(ii, j), v(ii, j + 1)];
    }
    if (!points.has(key)) {
      const t = vb === va ? 0.5 : Math.min(1, Math.max(0, (level - va) / (vb - va)));
      points.set(key, [ax + t * (bx - ax), ay + t * (by - ay)]);
    }
    return key;
  };
  const link = (a: number, b: number): void => {
    if (a === b) return;
    (links.get(a) ?? links.set(a, []).get(a)!).push(b);
    (links.get(b) ?? links.set(b, []).get(b)!).push(a);
  };
  for (let i = 0; i < nx - 1; i++) {
    for (let j = 0; j < ny - 1; j++) {
      const c0 = v(i, j);
      const c1 = v(i + 1, j);
      const c2 = v(i + 1, j + 1);
      const c3 = v(i, j + 1);
      if (!(c0 === c0 && c1 === c1 && c2 === c2 && c3 === c3)) continue;
      const idx = (c0 >= level ? 1 : 0) | (c1 >= level ? 2 : 0) | (c2 >= level ? 4 : 0) | (c3 >= level ? 8 : 0);
      if (idx === 0 || idx === 15) continue;
      if (idx === 5 || idx === 10) {
        const centreAbove = (c0 + c1 + c2 + c3) / 4 >= level;
        // corners 0 and 2 above (5): joined through the centre when it is above as well
        const pairs = (idx === 5) === centreAbove ? [[3, 2], [0, 1]] : [[3, 0], [1, 2]];
        for (const [a, b] of pairs) link(crossing(i, j, a!), crossing(i, j, b!));
        continue;
      }
      const [a, b] = SEGMENTS[idx]!;
      link(crossing(i, j, a!), crossing(i, j, b!));
    }
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
