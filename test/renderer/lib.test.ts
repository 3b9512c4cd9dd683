// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { NrlabError, ParameterError, toErrorPayload } from '../../src-core/errors';
import { threeCavitySchema } from '../../src-core/models/three-cavity/schema';
import type { NumberParamSpec } from '../../src-core/models/params';
import { interleave } from '../../src-renderer/lib/chart-types';
import { decimateMinMax, indexWindow } from '../../src-core/figures/chart/decimate';
import { describeError } from '../../src-renderer/lib/errors';
import { compact, formatCount, formatParamValue, formatSeconds, sig4 } from '../../src-core/figures/format';
import { statusText } from '../../src-renderer/lib/status';
import { parseSymbol } from '../../src-core/figures/symbols';
import { createFrameThrottle } from '../../src-renderer/lib/throttle';
import { checkParamText, checkSweep } from '../../src-renderer/lib/validation';

const spec = (key: string): NumberParamSpec => threeCavitySchema.params.find((p) => p.key === key) as NumberParamSpec;

describe('symbols', () => {
  it('splits sub- and superscripts', () => {
    expect(parseSymbol('κ_a')).toEqual([
      { text: 'κ', kind: 'base' },
      { text: 'a', kind: 'sub' },
    ]);
    expect(parseSymbol('T_{a→c}')).toEqual([
      { text: 'T', kind: 'base' },
      { text: 'a→c', kind: 'sub' },
    ]);
    expect(parseSymbol('J_ab')[1]).toEqual({ text: 'ab', kind: 'sub' });
    expect(parseSymbol('e^{iθ}')[1]).toEqual({ text: 'iθ', kind: 'sup' });
    expect(parseSymbol('θ')).toEqual([{ text: 'θ', kind: 'base' }]);
  });
});

describe('formatting', () => {
  it('writes defaults as a physicist types them', () => {
    expect(formatParamValue(-Math.PI / 4)).toBe('-pi/4');
    expect(formatParamValue(Math.SQRT2 / 2)).toBe('sqrt(2)/2');
    expect(formatParamValue(0.5)).toBe('0.5');
    expect(formatParamValue(5)).toBe('5');
    expect(formatParamValue(0.1)).toBe('0.1');
    expect(formatParamValue(3 * Math.PI / 4)).toBe('3*pi/4');
    expect(formatParamValue(0.123456789012)).toBe('0.123456789012');
  });

  it('formats readouts', () => {
    expect(sig4(0.123456)).toBe('0.1235');
    // one style everywhere: no trailing zeros, no e-notation, no long runs of zeros
    expect(sig4(1)).toBe('1');
    expect(sig4(4)).toBe('4');
    expect(sig4(NaN)).toBe('—');
    expect(sig4(0.000006624)).toBe('6.624×10⁻⁶');
    expect(sig4(5.255e-7)).toBe('5.255×10⁻⁷');
    expect(sig4(-Infinity)).toBe('−∞');
    expect(compact(-2)).toBe('−2');
    expect(compact(6.7654e-6)).toBe(sig4(6.7654e-6));
    expect(formatCount(2_000_000)).toBe('2\u2009000\u2009000');
    expect(formatSeconds(1234)).toBe('1.2 s');
    expect(formatSeconds(41)).toBe('41 ms');
    expect(formatSeconds(999.6)).toBe('1000 ms');
    expect(formatSeconds(200_000)).toBe('3 min 20 s');
    expect(formatSeconds(599_600)).toBe('10 min 0 s');
    expect(formatSeconds(14 * 60_000 + 20_000)).toBe('14 min');
    expect(formatSeconds(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatSeconds(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatSeconds(Infinity)).toBe('—');
  });

  it('summarises every job state', () => {
    const base = { id: 'j', kind: 'sweep' as const, model: 'm', done: 5, total: 10, progress: 0.5, failedPoints: 0, startedAt: 0 };
    expect(statusText({ ...base, status: 'cancelled', finishedAt: 10 })).toBe('Cancelled at 5 of 10 points, partial results kept');
    expect(statusText({ ...base, status: 'succeeded', done: 10, finishedAt: 2500, failedPoints: 2 })).toBe(
      'Completed in 2.5 s — 10 points; 2 points failed (shown as gaps)',
    );
    expect(statusText({ ...base, status: 'failed', error: { name: 'E', code: 'internal', message: 'boom' } })).toBe('Failed: boom');
    expect(statusText({ ...base, status: 'failed', error: { name: 'E', code: 'bad-input', message: 'x: y', param: 'x', reason: 'y' } })).toBe('Failed: y');
  });
});

describe('validation', () => {
  it('uses src-core parsing and checks', () => {
    expect(checkParamText(spec('theta'), '-pi/4')).toEqual({ ok: true, value: -Math.PI / 4 });
    expect(checkParamText(spec('kappa_a'), 'sqrt(2)/2')).toEqual({ ok: true, value: Math.SQRT2 / 2 });
    const bad = checkParamText(spec('kappa_a'), '-1');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^must be ≥ 0.0001/);
    const zero = checkParamText(spec('kappa_b'), '0');
    expect(zero.ok).toBe(true);
    const empty = checkParamText(spec('U_a'), '  ');
    expect(empty.ok).toBe(false);
    const integer = checkParamText(spec('cavities'), '2.5');
    expect(integer.ok).toBe(false);
  });

  it('checks the sweep range', () => {
    expect(checkSweep({ start: '-2', stop: '2', points: '401' })).toEqual({ errors: {}, value: { start: -2, stop: 2, count: 401 } });
    expect(checkSweep({ start: '-pi', stop: 'pi', points: '2e6' }).value).toEqual({ start: -Math.PI, stop: Math.PI, count: 2_000_000 });
    expect(checkSweep({ start: '1', stop: '1', points: '2' }).errors.stop).toMatch(/must differ/);
    expect(checkSweep({ start: '0', stop: '1', points: '2000001' }).errors.points).toMatch(/between 2 and 2,000,000/);
    expect(checkSweep({ start: '0', stop: '1', points: '1' }).value).toBeUndefined();
  });
});

describe('describeError', () => {
  it('takes param and reason from errors and payloads', () => {
    expect(describeError(new ParameterError('kappa_a', 'must be > 0'))).toEqual({ param: 'kappa_a', reason: 'must be > 0', code: 'bad-input' });
    expect(describeError(toErrorPayload(new ParameterError('J_ac', 'too big')))).toMatchObject({ param: 'J_ac', reason: 'too big' });
    expect(describeError(new NrlabError('internal', 'lost'))).toEqual({ reason: 'lost', code: 'internal' });
  });

  it('recovers the parameter from a bare message (what Electron contextBridge keeps of an Error)', () => {
    const e = new Error("Error invoking remote method 'nrlab:call': ParameterError: kappa_a: must be > 0 (loss), got -1");
    expect(describeError(e, ['kappa', 'kappa_a'])).toEqual({ param: 'kappa_a', reason: 'must be > 0 (loss), got -1' });
    expect(describeError(new Error('plain failure'), ['kappa_a'])).toEqual({ reason: 'plain failure' });
    expect(describeError(42)).toEqual({ reason: 'unknown error' });
  });
});

describe('plot data', () => {
  it('interleaves x and y', () => {
    expect([...interleave(new Float64Array([1, 2]), new Float64Array([3, NaN]))]).toEqual([1, 3, 2, NaN]);
  });

  it('finds the index window of a monotonic grid', () => {
    const x = Float64Array.from({ length: 11 }, (_, i) => i / 10);
    expect(indexWindow(x, 0.25, 0.55)).toEqual([2, 6]);
    expect(indexWindow(x, -1, 2)).toEqual([0, 10]);
    const rev = x.slice().reverse();
    const [a, b] = indexWindow(rev, 0.25, 0.55);
    expect(rev[a]! >= 0.55 && rev[b]! <= 0.25).toBe(true);
  });

  it('decimates with min/max per bucket, keeping peaks and NaN gaps', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    y[12_345] = 7; // a one-sample spike
    y.fill(NaN, 50_000, 60_000); // not computed yet
    const out = decimateMinMax(x, y, 0, n - 1, 500);
    expect(out.length).toBeLessThanOrEqual(6 * 500);
    const xs = out.filter((_, i) => i % 2 === 0);
    const ys = out.filter((_, i) => i % 2 === 1);
    expect(Math.max(...ys.filter(Number.isFinite))).toBe(7);
    expect(xs).toContain(12_345);
    expect([...xs].every((v, i) => i === 0 || v > xs[i - 1]!)).toBe(true);
    // the gap survives: some NaN, and no finite point inside it
    expect(ys.some(Number.isNaN)).toBe(true);
    expect(xs.some((v, i) => v >= 50_000 && v < 60_000 && Number.isFinite(ys[i]))).toBe(false);
    // small ranges are passed through whole
    expect(decimateMinMax(x, y, 10, 19, 500).length).toBe(20);
  });
});

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
