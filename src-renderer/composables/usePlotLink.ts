import { inject, shallowRef, type InjectionKey, type ShallowRef } from 'vue';
import type { PointRef } from '../lib/point';

/** Where the pointer is on a plot, as parameter values (unscaled): x alone on a curve, x and y on a map. */
export interface PlotCursor {
  /** The panel the pointer is over (it draws its own pointer; the others draw the linked one). */
  source: number;
  values: { key: string; value: number }[];
}

/**
 * What the plots of the workbench share: the selected point (drawn as a marker wherever its study
 * is drawn, inspected on the right) and the linked cursor (a vertical line at the same x in every
 * other panel over the same parameter). Provided by the project workbench, injected by panels.
 */
export interface PlotLink {
  point: ShallowRef<PointRef | null>;
  cursor: ShallowRef<PlotCursor | null>;
  /** A point was clicked. */
  pick(p: PointRef): void;
  /** The pointer moved (coalesced to one update per animation frame); null: it left the plot. */
  move(c: PlotCursor | null): void;
}

export const PLOT_LINK: InjectionKey<PlotLink> = Symbol('nrlab.plot-link');

let nextSource = 1;
/** A new id for a panel that reports the cursor. */
export function cursorSource(): number {
  return nextSource++;
}

export function createPlotLink(onPick: (p: PointRef) => void): PlotLink {
  const point = shallowRef<PointRef | null>(null);
  const cursor = shallowRef<PlotCursor | null>(null);
  let pending: PlotCursor | null | undefined;
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === undefined) return;
    const c = pending;
    pending = undefined;
    const cur = cursor.value;
    if (c === null && cur === null) return;
    cursor.value = c;
  };
  return {
    point,
    cursor,
    pick(p) {
      point.value = p;
      onPick(p);
    },
    move(c) {
      pending = c;
      if (scheduled) return;
      scheduled = true;
      if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') requestAnimationFrame(flush);
      else setTimeout(flush, 0);
    },
  };
}

/** The workbench's plot link, or undefined outside a project (panels then neither pick nor link). */
export function usePlotLink(): PlotLink | undefined {
  return inject(PLOT_LINK, undefined);
}
