/**
 * The up/down time-domain sweep against the continuation: on the bistable Kerr resonator the two
 * sweeps part exactly between the folds the continuation locates (hysteresis), every swept value
 * is one of the stable steady states the multi-start solver finds there (never an unstable one),
 * and they agree outside the bistable window. Bad settings are refused naming them.
 */
import { describe, expect, it } from 'vitest';
import { canonicalTcmtSpec, steadyStates, tcmtSystem, TCMT_PRESETS, type TcmtSpec } from '../../../../src-core/models/tcmt-network';
import { hysteresisSweep } from '../../../../src-core/models/tcmt-network/sweep';
import { getModel, resolveModelParams } from '../../../../src-core/models/registry';

const kerr = TCMT_PRESETS.find((p) => p.id === 'kerr-bistable')!.spec as TcmtSpec;
const model = getModel('tcmt-network');
const values = resolveModelParams(model, { spec: canonicalTcmtSpec(kerr) });
const drive = { omega: 3, amplitude: 2, port: 1 };
const sys = tcmtSystem(kerr);
const mag = (x: Float64Array): number => Math.hypot(x[0]!, x[1]!);

describe('hysteresis sweep (kerr-bistable, ω from −2 to 6)', () => {
  const steps = 41;
  const sweep = hysteresisSweep(sys, drive, 'omega', -2, 6, steps);
  const folds = model.continuation!.run(values, { vary: 'omega', lo: -2, hi: 6, port: 1 }).branches.flatMap((b) => b.folds.map((f) => f.p)).sort((a, b) => a - b);

  it('has the two folds of the S-curve', () => {
    expect(folds).toHaveLength(2);
  });

  it('visits the values up, then down from where it ended; every run settles', () => {
    expect(Array.from(sweep.up.p)).toEqual(Array.from(sweep.down.p).reverse());
    expect(sweep.up.p[0]).toBe(-2);
    expect(sweep.up.p[steps - 1]).toBe(6);
    expect(sweep.up.settled.every(Boolean) && sweep.down.settled.every(Boolean)).toBe(true);
  });

  it('every swept state is a stable steady state of the multi-start solver', () => {
    for (const run of [sweep.up, sweep.down]) {
      run.p.forEach((p, k) => {
        const st = steadyStates(sys, { ...drive, omega: p });
        const x = run.x[k]!;
        const match = st.solutions.find((s) => Math.max(...Array.from(s.x, (v, i) => Math.abs(v - x[i]!))) <= 1e-6 * Math.max(1, mag(s.x)));
        expect(match, `ω = ${p}`).toBeDefined();
        expect(match!.stable, `ω = ${p}`).toBe(true);
      });
    }
  });

  it('the sweeps part exactly between the folds: up on the upper branch, down on the lower', () => {
    const [f1, f2] = folds as [number, number];
    for (let k = 0; k < steps; k++) {
      const p = sweep.up.p[k]!;
      const up = mag(sweep.up.x[k]!);
      const down = mag(sweep.down.x[steps - 1 - k]!);
      if (p > f1 && p < f2) expect(up - down, `ω = ${p}`).toBeGreaterThan(0.3);
      else expect(Math.abs(up - down), `ω = ${p}`).toBeLessThan(1e-6);
    }
  });

  it('refuses bad settings naming them', () => {
    expect(() => hysteresisSweep(sys, drive, 'omega', -2, 6, 1)).toThrow(/steps/);
    expect(() => hysteresisSweep(sys, drive, 'omega', 6, -2, 11)).toThrow(/lo < hi/);
    expect(() => hysteresisSweep(sys, drive, 'amplitude', 0, 2, 11)).toThrow(/above 0/);
  });
});

describe('the model hook', () => {
  it('an amplitude sweep jumps up past the upper fold and down past the lower one', () => {
    const s = model.continuation!.sweep!(values, { vary: 'amplitude', lo: 0.2, hi: 4, port: 1, steps: 39 });
    const up = s.up.values['a.r1.abs']!;
    const down = Array.from(s.down.values['a.r1.abs']!).reverse();
    // somewhere the two directions sit on different branches (the bistable window of |s+|)
    const gap = Math.max(...Array.from(up, (u, k) => Math.abs(u - down[k]!)));
    expect(gap).toBeGreaterThan(0.3);
    // and they agree at both ends (one state there)
    expect(Math.abs(up[0]! - down[0]!)).toBeLessThan(1e-6);
    expect(Math.abs(up[38]! - down[38]!)).toBeLessThan(1e-6);
  });
});
