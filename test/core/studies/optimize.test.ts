import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../src-core/studies/optimize';

describe('Nelder–Mead with bounds and restarts', () => {
  it('finds the minimum of the Rosenbrock valley from a distant start', async () => {
    const f = async ([x, y]: number[]) => (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2;
    const r = await nelderMead(f, { variables: [{ key: 'x', lo: -2, hi: 2 }, { key: 'y', lo: -1, hi: 3 }], start: [-1.5, 2.5], maxEvaluations: 2000 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.value).toBeLessThan(1e-8);
    expect(r.history).toHaveLength(r.evaluations);
  });

  it('respects the bounds: the constrained minimum sits on the boundary', async () => {
    const r = await nelderMead(async ([x, y]) => (x! - 5) ** 2 + (y! + 1) ** 2, { variables: [{ key: 'x', lo: 0, hi: 2 }, { key: 'y', lo: -3, hi: 3 }] });
    expect(r.x[0]).toBeCloseTo(2, 8);
    expect(r.x[1]).toBeCloseTo(-1, 6);
    expect(r.history.every((h) => h.x[0]! >= 0 && h.x[0]! <= 2)).toBe(true);
  });

  it('works in 1 and 4 dimensions, and treats failing points as worst', async () => {
    const one = await nelderMead(async ([x]) => Math.cos(x!), { variables: [{ key: 't', lo: 2, hi: 4 }] });
    expect(one.x[0]).toBeCloseTo(Math.PI, 6);
    const four = await nelderMead(
      async (x) => {
        if (x[0]! > 1.5) throw new Error('ill-posed here');
        return x.reduce((s, xi, i) => s + (xi - i * 0.1) ** 2, 0);
      },
      { variables: [0, 1, 2, 3].map((i) => ({ key: `x${i}`, lo: -2, hi: 2 })), maxEvaluations: 3000 },
    );
    four.x.forEach((xi, i) => expect(xi).toBeCloseTo(i * 0.1, 4));
  });

  it('refuses more than 4 parameters and empty bounds, naming them', async () => {
    const v = (k: string) => ({ key: k, lo: 0, hi: 1 });
    await expect(nelderMead(async () => 0, { variables: ['a', 'b', 'c', 'd', 'e'].map(v) })).rejects.toThrow(/1 to 4 parameters/);
    await expect(nelderMead(async () => 0, { variables: [{ key: 'a', lo: 1, hi: 1 }] })).rejects.toThrow(/--vary a: needs finite bounds lo < hi/);
  });
});
