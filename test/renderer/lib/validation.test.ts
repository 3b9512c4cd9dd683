// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { threeCavitySchema } from '../../../src-core/models/three-cavity/schema';
import type { NumberParamSpec } from '../../../src-core/models/params';
import { checkParamText, checkSweep } from '../../../src-renderer/lib/validation';

const spec = (key: string): NumberParamSpec => threeCavitySchema.params.find((p) => p.key === key) as NumberParamSpec;

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

