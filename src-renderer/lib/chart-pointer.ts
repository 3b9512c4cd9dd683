/**
 * Small helpers for clicking and pointing on the charts: a click is a press and release without
 * a drag (dragging pans the plot), the nearest point of a curve, and a hook on the chart's
 * element through which end-to-end tests find where a data point is on the page.
 */

/** Tells a click from the end of a drag (the plots pan when dragged). */
export interface PointerGuard {
  down(x: number, y: number): void;
  /** Whether a release at (x, y) ends a click (not a drag). */
  isClick(x: number, y: number): boolean;
}

export function pointerGuard(tolerance = 4): PointerGuard {
  let start: [number, number] | undefined;
  return {
    down(x, y) {
      start = [x, y];
    },
    isClick(x, y) {
      const s = start;
      start = undefined;
      return !s || Math.hypot(x - s[0], y - s[1]) <= tolerance;
    },
  };
}

/** Index of the finite value of `xs` nearest to `x` (−1 when there is none). */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    if (!Number.isFinite(v)) continue;
    const d = Math.abs(v - x);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** What a chart element offers to tests: where data coordinates are on the page. */
export interface ChartHook {
  toClient(x: number, y: number): [number, number] | null;
}

/** Attach the hook to the chart's element (`element.nrlabChart`). */
export function exposeChart(el: HTMLElement, hook: ChartHook): void {
  (el as HTMLElement & { nrlabChart?: ChartHook }).nrlabChart = hook;
}
