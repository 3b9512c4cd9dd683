export interface FrameThrottle {
  /** Ask for a redraw; several requests within one interval coalesce into one. */
  request(): void;
  /** Drop a pending redraw. */
  cancel(): void;
  readonly pending: boolean;
}

export interface ThrottleOptions {
  /** Minimum time between redraws (200 ms → at most 5 per second). */
  minIntervalMs: number;
  now?: () => number;
  /** Defaults to requestAnimationFrame when the page is visible, else runs at once. */
  frame?: (cb: () => void) => void;
}

function defaultFrame(cb: () => void): void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
    requestAnimationFrame(() => cb());
  } else cb();
}

/**
 * Coalesce redraw requests: the first request schedules a redraw no earlier than
 * `minIntervalMs` after the previous one (and on an animation frame). The interval stretches to
 * twice the last draw's duration when drawing is slow, so huge arrays never saturate the page.
 */
export function createFrameThrottle(draw: () => void, opts: ThrottleOptions): FrameThrottle {
  const now = opts.now ?? (() => performance.now());
  const frame = opts.frame ?? defaultFrame;
  let last = -Infinity;
  let lastDuration = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  let generation = 0;

  const run = (gen: number): void => {
    if (gen !== generation) return;
    pending = false;
    const t0 = now();
    last = t0;
    draw();
    lastDuration = now() - t0;
  };

  return {
    request() {
      if (pending) return;
      pending = true;
      const gen = generation;
      const interval = Math.max(opts.minIntervalMs, 2 * lastDuration);
      const wait = Math.max(0, last + interval - now());
      timer = setTimeout(() => {
        timer = undefined;
        frame(() => run(gen));
      }, wait);
    },
    cancel() {
      generation++;
      pending = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get pending() {
      return pending;
    },
  };
}
