/** Tick labels of one axis in one style: plain or powers of ten throughout, never mixed. */
import { describe, expect, it } from 'vitest';
import { axisFormatter, axisNumber } from '../../../src-core/figures/format';

describe('axis tick labels', () => {
  it('a moderate axis prints every tick plain, even those below 10⁻³', () => {
    const f = axisFormatter([0, 0.0015]);
    expect([0, 3e-4, 6e-4, 9e-4, 0.0012, 0.0015].map(f)).toEqual(['0', '0.0003', '0.0006', '0.0009', '0.0012', '0.0015']);
    // each tick on its own would mix the styles
    expect(axisNumber(9e-4)).toBe('9×10⁻⁴');
    expect(axisNumber(0.0012)).toBe('0.0012');
    expect(axisFormatter([-2, 2])(-1.5)).toBe('−1.5');
  });

  it('a large or tiny axis prints every tick as a power of ten, and rounding noise as 0', () => {
    const big = axisFormatter([0, 2e4]);
    expect([0, 5000, 10000, 15000].map(big)).toEqual(['0', '5×10³', '10⁴', '1.5×10⁴']);
    const tiny = axisFormatter([-4e-6, 0]);
    expect([-4e-6, -2e-6, 1e-22].map(tiny)).toEqual(['−4×10⁻⁶', '−2×10⁻⁶', '0']);
  });

  it('a narrow range far from zero gets the digits that tell its ticks apart', () => {
    const f = axisFormatter([6283180, 6283190]);
    const ticks = [6283180, 6283182, 6283184, 6283186, 6283188, 6283190].map(f);
    expect(new Set(ticks).size).toBe(6);
    expect(ticks[1]).toBe('6.283182×10⁶');
    const g = axisFormatter([1000.1, 1000.2]);
    expect([1000.1, 1000.12, 1000.14].map(g)).toEqual(['1000.1', '1000.12', '1000.14']);
  });

  it('without a usable extent, each tick on its own', () => {
    expect(axisFormatter(undefined)(9e-4)).toBe('9×10⁻⁴');
    expect(axisFormatter([0, 0])(0.5)).toBe('0.5');
    expect(axisFormatter([0, Infinity])(0.5)).toBe('0.5');
  });
});
