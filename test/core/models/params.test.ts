import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../src-core/models/expression';
import { resolveParams } from '../../../src-core/models/params';
import { threeCavitySchema } from '../../../src-core/models/three-cavity/schema';
import { ParameterError } from '../../../src-core/errors';
import { parseAxis, planSweep } from '../../../src-core/studies/grid';
import { getModel } from '../../../src-core/models/registry';

describe('parameter values as physicists write them', () => {
  it.each([
    ['0.5', 0.5],
    ['-pi/4', -Math.PI / 4],
    ['3*pi/4', (3 * Math.PI) / 4],
    ['sqrt(2)/2', Math.SQRT2 / 2],
    ['1e-3', 1e-3],
    ['2^-1', 0.5],
    ['-2^2', -4],
    [' ( 1 + 2 ) * 3 ', 9],
    ['.25', 0.25],
  ])('%s = %f', (text, value) => {
    expect(parseNumber('x', text)).toBeCloseTo(value, 15);
  });

  it.each(['', 'pi/', 'abc', '1/0', 'sqrt 2', '1 2', 'process.exit()', '(1'])('rejects "%s" naming the parameter', (text) => {
    expect(() => parseNumber('theta', text)).toThrow(ParameterError);
    try {
      parseNumber('theta', text);
    } catch (e) {
      expect((e as ParameterError).param).toBe('theta');
    }
  });
});

describe('resolving parameters', () => {
  it('fills the paper\'s Fig. 2 defaults', () => {
    const v = resolveParams(threeCavitySchema, {});
    expect(v).toMatchObject({ kappa_a: 1, kappa_b: 1, kappa_c: 1, Delta_a: 0.5, U_a: 5, Omega: 0.1, theta: -Math.PI / 4, J_ac: Math.SQRT2 / 2, cavities: 3 });
  });

  it('applies aliases before concrete keys, whatever the order', () => {
    const v = resolveParams(threeCavitySchema, { Delta_b: '0', Delta: '1' });
    expect([v.Delta_a, v.Delta_b, v.Delta_c]).toEqual([1, 0, 1]);
  });

  it('names the key in errors, including alias keys', () => {
    expect(() => resolveParams(threeCavitySchema, { kappa: '-1' })).toThrow(/^kappa: must be ≥ 0.0001/);
    expect(() => resolveParams(threeCavitySchema, { cavities: '2.5' })).toThrow(/cavities: must be an integer/);
  });

  it('parses axes and validates their range against the schema', () => {
    expect(parseAxis('theta=-pi:pi:5')).toEqual({ key: 'theta', start: -Math.PI, stop: Math.PI, count: 5, spacing: 'linear' });
    const log = parseAxis('amplitude=1e-3:1e3:7:log');
    expect('spacing' in log && log.spacing).toBe('log');
    const plan = planSweep(getModel('two-resonator'), { params: {}, axes: [log] });
    expect(Array.from(plan.axes[0]!.values)).toEqual([1e-3, expect.closeTo(1e-2, 15), expect.closeTo(1e-1, 15), expect.closeTo(1, 14), expect.closeTo(10, 13), expect.closeTo(100, 12), 1e3]);
    expect(() => planSweep(getModel('two-resonator'), { params: {}, axes: [parseAxis('omega=0:1e6:5:log')] })).toThrow(/log-spaced axis needs start > 0/);
    expect(() => parseAxis('amplitude=1:2:3:quadratic')).toThrow(/spacing must be/);
    expect(() => planSweep(getModel('three-cavity'), { params: {}, axes: [{ key: 'kappa_b', start: -1, stop: 1, count: 3 }] })).toThrow(
      /--axis kappa_b \(start\): must be ≥ 0/,
    );
  });

  it('keeps only the quantities asked for, in that order, and names an unknown one', () => {
    const plan = planSweep(getModel('three-cavity'), { params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 3 }], quantities: ['isolation', 'a_to_c.T'] });
    expect(plan.quantities.map((q) => q.key)).toEqual(['isolation', 'a_to_c.T']);
    expect(() => planSweep(getModel('three-cavity'), { params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 3 }], quantities: ['isolation', 'g7'] })).toThrow(
      /^quantities\[1\]: "g7" is not a quantity of three-cavity here; it yields /,
    );
  });

  it('takes an axis as an explicit list of values, validated value by value', () => {
    const ax = parseAxis('kappa_b=0, 0.5, 5/4, 2');
    expect(ax).toEqual({ key: 'kappa_b', values: [0, 0.5, 1.25, 2] });
    const plan = planSweep(getModel('three-cavity'), { params: {}, axes: [{ key: 'Delta', start: -1, stop: 1, count: 3 }, ax] });
    expect(plan.shape).toEqual([3, 4]);
    expect(Array.from(plan.axes[1]!.values)).toEqual([0, 0.5, 1.25, 2]);
    expect(() => planSweep(getModel('three-cavity'), { params: {}, axes: [{ key: 'kappa_b', values: [1, -1] }] })).toThrow(/--axis kappa_b \(value 2\): must be ≥ 0/);
    expect(() => planSweep(getModel('three-cavity'), { params: {}, axes: [{ key: 'kappa_b', values: [] }] })).toThrow(/--axis kappa_b: the list of values is empty/);
    expect(() => parseAxis('kappa_b=1,,2')).toThrow(/--axis kappa_b \(value 2\)/);
  });
});

describe('deeply nested expressions are refused, not a stack overflow', () => {
  it.each([
    ['2,000 nested parentheses', `${'('.repeat(2000)}1${')'.repeat(2000)}`],
    ['5,000 signs', `${'-'.repeat(5000)}1`],
    ['a tower of 3,000 powers', `${'2^'.repeat(3000)}1`],
    ['nested sqrt', `${'sqrt('.repeat(1000)}4${')'.repeat(1000)}`],
  ])('%s', (_what, text) => {
    let caught: unknown;
    try {
      parseNumber('Omega', text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParameterError);
    expect((caught as ParameterError).param).toBe('Omega');
    expect((caught as ParameterError).message).toMatch(/nested more than 100 levels deep/);
    expect((caught as ParameterError).message.length).toBeLessThan(300); // the value is shortened in the message
  });

  it('reads formulas nested as deep as the limit', () => {
    expect(parseNumber('x', `${'('.repeat(99)}2.5${')'.repeat(99)}`)).toBe(2.5);
    expect(parseNumber('x', `${'-'.repeat(100)}3`)).toBe(3);
  });
});
