/**
 * Out-of-range and malformed parameters of the three-cavity model are blamed on the parameter
 * itself with the real reason (its documented finite range), whichever solver and whatever the
 * route (CLI strings, API numbers, JSON values of any type).
 */
import { describe, expect, it } from 'vitest';
import { NrlabError } from '../../../../src-core/errors';
import { solvePoint } from '../../../../src-core/tasks/solver-tasks';
import { MIN_DRIVE, RATE_LIMIT } from '../../../../src-core/models/three-cavity/schema';

function errorOf(params: Record<string, unknown>): NrlabError {
  try {
    solvePoint({ model: 'three-cavity', params: { fock: 3, ...params } as never });
  } catch (e) {
    expect(e).toBeInstanceOf(NrlabError);
    return e as NrlabError;
  }
  throw new Error(`no error for ${JSON.stringify(params)}`);
}

describe('three-cavity parameter ranges', () => {
  it.each(['Omega', 'U', 'U_a', 'Delta', 'Delta_b', 'kappa', 'kappa_b', 'J', 'J_ac'])('%s = 1e300 is refused naming %s and its finite range', (key) => {
    for (const solver of ['quantum', 'classical']) {
      const e = errorOf({ [key]: 1e300, solver });
      expect(e.code).toBe('bad-input');
      expect(e.param).toBe(key);
      expect(e.reason).toMatch(new RegExp(`must be ≤ ${RATE_LIMIT}`));
      expect(e.reason).toMatch(/double precision|overflows/);
      expect(e.message).not.toMatch(/lossless|never decay/);
    }
  });

  it.each(['U', 'Delta', 'J_ab'])('%s = -1e300 is refused naming it', (key) => {
    const e = errorOf({ [key]: -1e300 });
    expect(e.param).toBe(key);
    expect(e.reason).toMatch(new RegExp(`must be ≥ -${RATE_LIMIT}`));
  });

  it('a drive below the resolvable range is refused naming Omega, not computed into nulls', () => {
    const e = errorOf({ Omega: 1e-300 });
    expect(e.param).toBe('Omega');
    expect(e.reason).toMatch(new RegExp(`must be ≥ ${MIN_DRIVE}`));
    expect(e.reason).toMatch(/weak-drive limit/);
    // at the edge of the range the numbers are finite and on their weak-drive limits
    const edge = solvePoint({ model: 'three-cavity', params: { Omega: MIN_DRIVE, fock: 4 } });
    const weak = solvePoint({ model: 'three-cavity', params: { Omega: 10 * MIN_DRIVE, fock: 4 } });
    for (const k of ['a_to_c.T', 'a_to_c.g2', 'c_to_a.T', 'c_to_a.g2']) expect(Number.isFinite(edge.scalars[k])).toBe(true);
    expect(edge.scalars['a_to_c.T']! / weak.scalars['a_to_c.T']!).toBeCloseTo(1, 5);
    expect(edge.scalars['a_to_c.g2']! / weak.scalars['a_to_c.g2']!).toBeCloseTo(1, 5);
  });

  it.each([[{}], [[]], [null], [true]])('Omega = %j over the API is refused naming Omega (not "text.trim is not a function")', (value) => {
    const e = errorOf({ Omega: value });
    expect(e.code).toBe('bad-input');
    expect(e.param).toBe('Omega');
    expect(e.reason).toMatch(/must be a number or a text/);
  });

  it('a lossless, uncoupled b is blamed on kappa_b, not on kappa', () => {
    const e = errorOf({ kappa_b: 0, J: 0 });
    expect(e.param).toBe('kappa_b');
    expect(e.reason).toMatch(/no loss .* no coupling/);
  });
});
