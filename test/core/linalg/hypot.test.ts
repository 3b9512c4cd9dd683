/** The inner loops' hypot: Math.hypot's value to an ulp or two over every magnitude, exact zeros, NaN and ±∞. */
import { describe, expect, it } from 'vitest';
import { hypot } from '../../../src-core/linalg/hypot';

describe('hypot', () => {
  it('agrees with Math.hypot to 2 ulp from 1e-300 to 1e300, either sign, one argument zero or not', () => {
    let s = 12345;
    const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let k = 0; k < 20000; k++) {
      const ex = -300 + 600 * rand();
      const x = (rand() - 0.5) * 10 ** ex;
      const y = k % 7 === 0 ? 0 : (rand() - 0.5) * 10 ** Math.max(-300, Math.min(300, ex + (rand() - 0.5) * 40));
      const want = Math.hypot(x, y);
      expect(Math.abs(hypot(x, y) - want), `hypot(${x}, ${y})`).toBeLessThanOrEqual(2 * Number.EPSILON * want);
    }
  });

  it('keeps the squares from overflowing or underflowing', () => {
    expect(hypot(3e200, 4e200)).toBeCloseTo(5e200, -186);
    expect(hypot(3e-200, 4e-200) / 5e-200).toBeCloseTo(1, 15);
    expect(hypot(Number.MIN_VALUE, 0)).toBe(Number.MIN_VALUE);
    expect(hypot(Number.MAX_VALUE, 0)).toBe(Number.MAX_VALUE);
  });

  it('zero, NaN and infinities as Math.hypot', () => {
    expect(hypot(0, 0)).toBe(0);
    expect(hypot(-0, 0)).toBe(0);
    expect(hypot(Number.NaN, 1)).toBeNaN();
    expect(hypot(Infinity, Number.NaN)).toBe(Infinity);
    expect(hypot(-Infinity, 2)).toBe(Infinity);
  });
});
