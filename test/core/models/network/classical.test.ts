import { describe, expect, it } from 'vitest';
import { createNetworkClassical } from '../../../../src-core/models/network/classical';
import { presetById } from '../../../../src-core/models/network/presets';
import { createClassicalTransmission } from '../../../../src-core/models/three-cavity/classical';
import { threeCavitySchema } from '../../../../src-core/models/three-cavity/schema';
import { resolveParams } from '../../../../src-core/models/params';
import type { NetworkSpec } from '../../../../src-core/models/network/spec';

describe('network: classical S-matrix', () => {
  const solve = createNetworkClassical();

  it('the seed presets give the three-cavity model’s classical transmission', () => {
    const three = createClassicalTransmission();
    for (const [id, input] of [
      ['seed-three-cavity', { solver: 'classical' }],
      ['seed-two-cavity', { solver: 'classical', cavities: 2 }],
    ] as const) {
      const ref = three(resolveParams(threeCavitySchema, input));
      const r = solve(presetById(id)!.spec);
      expect(r.T['a->c']).toBeCloseTo(ref.a_to_c.T, 14);
      expect(r.T['c->a']).toBeCloseTo(ref.c_to_a.T, 14);
      expect(r.isolation['a<->c']).toBeCloseTo(ref.isolation, 14);
    }
  });

  it('a dimer: power is conserved, the transmission is reciprocal and matches its closed form', () => {
    const spec: NetworkSpec = {
      modes: [
        { name: 'a', Delta: 0.3, kappa: 1, U: 0, n_th: 0, kappa2: 0 },
        { name: 'c', Delta: -0.2, kappa: 2, U: 0, n_th: 0, kappa2: 0 },
      ],
      couplings: [{ i: 'a', j: 'c', J: 0.8, phase: 1.1 }],
      directions: [
        { drive: 'a', Omega: 0.1, phase: 0, outputs: ['c', 'a'] },
        { drive: 'c', Omega: 0.1, phase: 0, outputs: ['a'] },
      ],
    };
    const r = solve(spec);
    // a linear network without any other loss channel: the scattering matrix is unitary
    expect(r.T['a->c']! + r.T['a->a']!).toBeCloseTo(1, 13);
    // reciprocal (a single coupling's phase can be gauged away): equal both ways
    expect(r.T['a->c']).toBeCloseTo(r.T['c->a']!, 13);
    // closed form of two coupled modes at the drive frequency: S_ca = -i √(κ_a κ_c) · J e^{iφ} / det(M)
    const Ma = { re: 0.3, im: -0.5 };
    const Mc = { re: -0.2, im: -1 };
    const det = { re: Ma.re * Mc.re - Ma.im * Mc.im - 0.64, im: Ma.re * Mc.im + Ma.im * Mc.re };
    const T = (2 * 0.64) / (det.re * det.re + det.im * det.im);
    expect(r.T['a->c']).toBeCloseTo(T, 13);
  });
});
