// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { compact, formatCount, formatParamValue, formatSeconds, sig4, formatValue } from '../../../src-core/figures/format';
import { statusText } from '../../../src-renderer/lib/status';

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



describe('small helpers', () => {
  it('formats table values', () => {
    expect(formatValue(0.97231585)).toBe('0.9723');
    expect(formatValue(72.867)).toBe('72.87');
    expect(formatValue(35)).toBe('35');
    expect(formatValue(3.2987e-16)).toBe('3.299×10⁻¹⁶');
    expect(formatValue(-2.36e-24, 2)).toBe('−2.4×10⁻²⁴');
    expect(formatValue(9.9999e-5, 2)).toBe('1×10⁻⁴');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(NaN)).toBe('—');
  });
});
