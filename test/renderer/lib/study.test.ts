import { describe, expect, it } from 'vitest';
import type { NumberParamSpec } from '../../../src-core/models/params';
import { getModel } from '../../../src-core/models/registry';
import { threeCavitySchema } from '../../../src-core/models/three-cavity/schema';
import { axisTitle, checkMapSize, defaultAxisRange, mapAxisChoices } from '../../../src-renderer/lib/study';

const spec = (key: string): NumberParamSpec => threeCavitySchema.params.find((p) => p.key === key) as NumberParamSpec;

describe('study axes', () => {
  it('lists the continuous parameters a map can run over', () => {
    const keys = mapAxisChoices(threeCavitySchema, 'Delta').map((c) => c.key);
    expect(keys).toEqual(['kappa_a', 'kappa_b', 'kappa_c', 'U_a', 'U_c', 'J_ab', 'J_bc', 'J_ac', 'theta', 'Omega']);
    expect(mapAxisChoices(threeCavitySchema, 'kappa_b').map((c) => c.key)).toContain('Delta_a');
  });

  it('titles axes in paper notation with units', () => {
    expect(axisTitle(threeCavitySchema, 'Delta')).toBe('Δ/κ');
    expect(axisTitle(threeCavitySchema, 'kappa_b')).toBe('κ_b/κ');
    expect(axisTitle(threeCavitySchema, 'theta')).toBe('θ (rad)');
    expect(axisTitle(threeCavitySchema, 'nope')).toBe('nope');
  });

  it('proposes a first range for a chosen axis', () => {
    expect(defaultAxisRange(spec('kappa_b'))).toEqual({ start: '0', stop: '3', points: '101' });
    expect(defaultAxisRange(spec('theta'), '51')).toEqual({ start: '-pi', stop: 'pi', points: '51' });
    expect(defaultAxisRange(spec('kappa_a'))).toEqual({ start: '0.1', stop: '3', points: '101' });
    expect(defaultAxisRange(spec('U_a'))).toEqual({ start: '3', stop: '7', points: '101' });
    // a model's own first range: the tcmt-network's ω over every resonance ± two linewidths (seed 003:
    // one resonance at 2π·1e6 rad/s, linewidth γ + γ0 ≈ 3.68e6 1/s, not below 0)
    const tcmt = getModel('tcmt-network').schema.params.find((p) => p.key === 'omega') as NumberParamSpec;
    const r = defaultAxisRange(tcmt);
    expect(Number(r.start)).toBe(0);
    const g = Math.hypot(0.5e6, Math.PI * 1e6) + 0.5e6;
    expect(Math.abs(Number(r.stop) - (2 * Math.PI * 1e6 + 2 * g)) / Number(r.stop)).toBeLessThan(1e-5);
    expect(checkMapSize(1000, 2000)).toBeUndefined();
    expect(checkMapSize(1001, 2000)).toContain('at most 2\u2009000\u2009000');
  });
});
