import { describe, expect, it } from 'vitest';
import { threeCavitySchema } from '../../../src-core/models/three-cavity/schema';
import type { NumberParamSpec } from '../../../src-core/models/params';
import { fromPosition, hasSlider, SLIDER_STEPS, sliderScale, toPosition, wheelStep } from '../../../src-renderer/lib/live-slider';

const spec = (key: string): NumberParamSpec => threeCavitySchema.params.find((p) => p.key === key) as NumberParamSpec;

describe('parameter sliders', () => {
  it('only continuous parameters without an automatic value get one', () => {
    expect(hasSlider(spec('kappa_b'))).toBe(true);
    expect(hasSlider(spec('fock'))).toBe(false);
    expect(hasSlider(spec('cavities'))).toBe(false);
  });

  it('range: κ_b 0 … 3 linear (as Fig. 2), θ over a full turn, positive rates spanning ≥ 25× logarithmic, widened to the value within the bounds', () => {
    expect(sliderScale(spec('kappa_b'))).toEqual({ lo: 0, hi: 3, log: false });
    const th = sliderScale(spec('theta'));
    expect(th.lo).toBeCloseTo(-Math.PI, 15);
    expect(th.hi).toBeCloseTo(Math.PI, 15);
    expect(th.log).toBe(false);
    expect(sliderScale(spec('Omega'))).toEqual({ lo: 0.01, hi: 0.3, log: true });
    expect(sliderScale(spec('kappa_b'), 1, 7)).toEqual({ lo: 0, hi: 7, log: false });
    // never beyond the bounds, whatever the value
    expect(sliderScale(spec('kappa_b'), 1, 1e9).hi).toBe(1e4);
  });

  it('positions and values round-trip on the grid; ends exact; log steps are ratios', () => {
    const s = sliderScale(spec('kappa_b'));
    expect(toPosition(1, s)).toBe(333);
    expect(fromPosition(0, s)).toBe(0);
    expect(fromPosition(SLIDER_STEPS, s)).toBe(3);
    for (const p of [1, 250, 500, 999]) expect(toPosition(fromPosition(p, s), s)).toBe(p);
    const o = sliderScale(spec('Omega'));
    const r1 = fromPosition(600, o) / fromPosition(500, o);
    const r2 = fromPosition(500, o) / fromPosition(400, o);
    expect(r1).toBeCloseTo(r2, 3);
    expect(r1).toBeCloseTo(Math.pow(30, 0.1), 3);
  });

  it('the wheel steps by 1/100 of the range and stops at its ends', () => {
    const s = sliderScale(spec('kappa_b'));
    expect(wheelStep(1.5, s, 1)).toBeCloseTo(1.53, 12);
    expect(wheelStep(1.5, s, -1)).toBeCloseTo(1.47, 12);
    expect(wheelStep(3, s, 1)).toBe(3);
    expect(wheelStep(0, s, -1)).toBe(0);
  });
});
