// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createFrameThrottle } from '../../../src-renderer/lib/throttle';

describe('redraw throttle', () => {
  it('draws at most 5 times per second however often data arrive, and always draws the last request', () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      let draws = 0;
      const th = createFrameThrottle(() => draws++, { minIntervalMs: 200, now: () => t, frame: (cb) => cb() });
      for (let i = 0; i < 100; i++) {
        th.request();
        t += 10;
        vi.advanceTimersByTime(10);
      }
      // 1 s of requests every 10 ms
      expect(draws).toBeGreaterThanOrEqual(4);
      expect(draws).toBeLessThanOrEqual(6);
      th.request();
      t += 1000;
      vi.advanceTimersByTime(1000);
      expect(th.pending).toBe(false);
      const total = draws;
      vi.advanceTimersByTime(1000);
      expect(draws).toBe(total);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stretches the interval when drawing is slow', () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      const starts: number[] = [];
      const th = createFrameThrottle(
        () => {
          starts.push(t);
          t += 300; // each draw takes 300 ms
        },
        { minIntervalMs: 200, now: () => t, frame: (cb) => cb() },
      );
      for (let i = 0; i < 300; i++) {
        th.request();
        t += 10;
        vi.advanceTimersByTime(10);
      }
      // draws start at least twice their duration apart, so the page keeps half its time
      expect(starts.length).toBeGreaterThan(3);
      for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(600);
    } finally {
      vi.useRealTimers();
    }
  });
});
