/**
 * Marching squares on a gridded field, the one implementation behind the contour metric
 * (`studies/metrics.ts`, line segments) and the contour panels (`figures/contour.ts`, joined
 * polylines). The grid is row-major with x slowest (value of (x_i, y_j) at i·ny + j); cells with
 * a missing corner (NaN: not computed or failed) are skipped, so lines stop at holes. A corner is
 * above the level when its value is ≥ the level; crossing points are linearly interpolated along
 * the cell edges. Saddle cells are resolved by the value at the cell centre (the mean of the
 * corners).
 */

/** The crossings of one level: crossing points keyed by their edge, and the segments joining them. */
export interface LevelCrossings {
  /**
   * Crossing point [x, y] of each crossed edge, keyed by the edge: horizontal edges
   * (x_i..x_{i+1} at y_j) 2·(i·ny + j), vertical edges (y_j..y_{j+1} at x_i) 2·(i·ny + j) + 1.
   */
  points: Map<number, [number, number]>;
  /** Segments as pairs of edge keys, cell by cell (x slowest). */
  segments: [number, number][];
}

/**
 * Segment table: for each corner case (bit 0: (i, j), 1: (i+1, j), 2: (i+1, j+1), 3: (i, j+1)
 * above the level), the pair of cell edges the line crosses. Edges: 0 bottom (y_j), 1 right
 * (x_{i+1}), 2 top (y_{j+1}), 3 left (x_i). Cases 5 and 10 (saddles) are resolved separately.
 */
const SEGMENTS: number[][] = [[], [3, 0], [0, 1], [3, 1], [1, 2], [], [0, 2], [3, 2], [2, 3], [0, 2], [], [1, 2], [1, 3], [0, 1], [3, 0], []];

/** Where the level `level` crosses the cells of the field `values` over the axes xs × ys. */
export function levelCrossings(xs: ArrayLike<number>, ys: ArrayLike<number>, values: ArrayLike<number>, level: number): LevelCrossings {
  const points = new Map<number, [number, number]>();
  const segments: [number, number][] = [];
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 2 || ny < 2 || values.length < nx * ny || !Number.isFinite(level)) return { points, segments };
  const v = (i: number, j: number): number => values[i * ny + j]!;
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
        for (const [a, b] of pairs) segments.push([crossing(i, j, a!), crossing(i, j, b!)]);
        continue;
      }
      const [a, b] = SEGMENTS[idx]!;
      segments.push([crossing(i, j, a!), crossing(i, j, b!)]);
    }
  }
  return { points, segments };
}
