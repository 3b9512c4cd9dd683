import { describe, expect, it } from 'vitest';
import { statusText } from '../../../src-renderer/lib/status';

describe('status strip: points computed with a warning', () => {
  const base = { id: 'j', kind: 'sweep' as const, model: 'm', done: 10, total: 10, progress: 1, failedPoints: 0, startedAt: 0, finishedAt: 2500 };
  it('a finished or cancelled study with unconverged points says so', () => {
    expect(statusText({ ...base, status: 'succeeded', warnedPoints: 3 })).toMatch(/^Completed in 2.5 s — 10 points; warning: 3 points not converged in the truncation/);
    expect(statusText({ ...base, status: 'cancelled', done: 5, warnedPoints: 1 })).toMatch(/partial results kept; warning: 1 points not converged/);
    expect(statusText({ ...base, status: 'succeeded' })).toBe('Completed in 2.5 s — 10 points');
  });
});
