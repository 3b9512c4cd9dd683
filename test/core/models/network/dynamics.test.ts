/**
 * The dynamics runs of the models on the network engine, through the registry: what they return,
 * how they agree with the steady state and with each other, and how bad settings are refused.
 * Agreement with QuTiP is test/core/models/dynamics-qutip.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../../src-core/errors';
import { canonicalSpec, presetById } from '../../../../src-core/models/network/index';
import { getModel, traceRunOf } from '../../../../src-core/models/registry';
import { solvePoint } from '../../../../src-core/tasks/solver-tasks';

const seed = getModel('three-cavity');
const net = getModel('network');
const small = { basis: 'total', fock: 3 };

describe('correlation runs', () => {
  it('g2(0) of every trace is the steady state g2, and g2(τ) relaxes towards 1', () => {
    const out = traceRunOf(seed, 'correlation').run({ params: small, settings: { from: 0, to: 30, samples: 7 } });
    const steady = solvePoint({ model: 'three-cavity', params: small }).scalars;
    expect(out.traces.map((t) => t.loss)).toEqual(['a_to_c', 'c_to_a']);
    expect(Array.from(out.t)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    for (const t of out.traces) {
      expect(t.fields.g2![0]).toBeCloseTo(steady[`${t.loss}.g2`]!, 12);
      expect(Math.abs(t.fields.g2![6]! - 1)).toBeLessThan(1e-3);
    }
    expect((out.stored as { truncation: { fock: number } }).truncation.fock).toBe(3);
  });

  it('the three-cavity model and the network preset of the same system give the same numbers', () => {
    const spec = canonicalSpec(presetById('seed-three-cavity')!.spec);
    const settings = { values: [0, 0.5, 2.5] };
    const a = traceRunOf(seed, 'correlation').run({ params: small, settings });
    const b = traceRunOf(net, 'correlation').run({ params: { network: spec, ...small }, settings });
    expect(b.traces.map((t) => t.loss)).toEqual(['a->c', 'c->a']);
    a.traces.forEach((t, k) => t.fields.g2!.forEach((v, i) => expect(Math.abs(v - b.traces[k]!.fields.g2![i]!)).toBeLessThan(1e-12)));
  });

  it('a direction read at two outputs has the cross-correlations both ways, equal at τ = 0 to the steady state cross g2', () => {
    const ring = presetById('ring-four')!.spec;
    const spec = canonicalSpec({ ...ring, directions: [{ ...ring.directions[0]!, outputs: ['c', 'd'] }, ring.directions[1]!] });
    const run = traceRunOf(net, 'correlation');
    const names = run.tracesFor!({ network: spec } as never);
    const cross = names.filter((n) => n.includes(','));
    expect(cross.length).toBe(2);
    const out = run.run({ params: { network: spec, ...small }, settings: { values: [0, 1], traces: cross } });
    const steady = solvePoint({ model: 'network', params: { network: spec, ...small } }).scalars;
    const [x, y] = out.traces;
    const key = Object.keys(steady).find((k) => k.includes(',') && k.endsWith('.g2'))!;
    expect(x!.fields.g2![0]).toBeCloseTo(steady[key]!, 10);
    expect(y!.fields.g2![0]).toBeCloseTo(steady[key]!, 10);
    // at τ > 0 the order matters (which photon comes first)
    expect(Math.abs(x!.fields.g2![1]! - y!.fields.g2![1]!)).toBeGreaterThan(1e-6);
  });
});

describe('spectrum runs', () => {
  it('keep the coherent part apart: ⟨n⟩ = |⟨a⟩|² + incoherent, and the default window is symmetric about the drive', () => {
    const out = traceRunOf(seed, 'spectrum').run({ params: small, settings: { samples: 11 } });
    expect(out.t[0]).toBe(-out.t[10]!);
    const stored = out.stored as { traces: Record<string, { mean_n: number; coherent: number; incoherent: number; coherentFraction: number }> };
    for (const t of Object.values(stored.traces)) {
      expect(t.coherent + t.incoherent).toBeCloseTo(t.mean_n, 14);
      expect(t.coherentFraction).toBeGreaterThan(0);
      expect(t.coherentFraction).toBeLessThanOrEqual(1);
    }
    for (const t of out.traces) for (const v of t.fields.S!) expect(v).toBeGreaterThan(-1e-12);
  });
});

describe('pulse runs', () => {
  it('a rectangular pulse: drive = amplitude·f(t), no light before it, and the photons out are ∫flux dt', () => {
    const out = traceRunOf(seed, 'pulse').run({ params: small, settings: { shape: 'rect', t0: 2, width: 4, tEnd: 20, samples: 2001, amplitude: 0.2 } });
    const t = out.t;
    for (const tr of out.traces) {
      const f = tr.fields;
      t.forEach((ti, i) => expect(f.drive![i]).toBe(ti >= 2 && ti < 6 ? 0.2 : 0));
      t.forEach((ti, i) => ti <= 2 && expect(f.flux![i]).toBe(0));
      // trapezoid on 2001 samples against the integrated count (error ~h²·max|flux''|)
      let trap = 0;
      for (let i = 1; i < t.length; i++) trap += ((t[i]! - t[i - 1]!) * (f.flux![i]! + f.flux![i - 1]!)) / 2;
      expect(Math.abs(trap - f.photons![t.length - 1]!)).toBeLessThan(1e-4 * f.photons![t.length - 1]!);
      const st = (out.stored as { traces: Record<string, { minEigenvalue: number; photons: number }> }).traces[tr.loss]!;
      expect(st.minEigenvalue).toBeGreaterThan(-1e-10);
      expect(st.photons).toBe(f.photons![t.length - 1]);
    }
  });

  it('a switch-off starts from the steady state: the flux at t = 0 is κ⟨n⟩ of the steady state', () => {
    const out = traceRunOf(seed, 'pulse').run({ params: small, settings: { shape: 'off', t0: 1, tEnd: 8, samples: 81 } });
    const steady = solvePoint({ model: 'three-cavity', params: small }).scalars;
    expect(out.traces[0]!.fields.n![0]).toBeCloseTo(steady['a_to_c.mean_n']!, 10);
    expect((out.stored as { settings: { initial: string } }).settings.initial).toBe('steady');
  });
});

describe('bad settings are refused naming the setting', () => {
  const cases: [string, 'correlation' | 'spectrum' | 'pulse', Record<string, unknown>, string, RegExp][] = [
    ['τ below 0', 'correlation', { from: -1, to: 2 }, 'from', /≥ 0/],
    ['to before from', 'correlation', { from: 3, to: 1 }, 'to', /greater than from/],
    ['zero samples', 'spectrum', { samples: 0 }, 'samples', /whole number/],
    ['too many samples', 'spectrum', { samples: 1e7 }, 'samples', /limit/],
    ['values and from', 'spectrum', { values: [1, 2], from: 0 }, 'from', /not both/],
    ['a bad value', 'correlation', { values: [1, -2] }, 'values[1]', /≥ 0/],
    ['an unknown trace', 'correlation', { traces: ['a_to_b'] }, 'traces[0]', /unknown trace/],
    ['an unknown setting', 'spectrum', { omega: [1] }, 'omega', /not a setting/],
    ['a bad shape', 'pulse', { shape: 'square' }, 'shape', /gaussian, rect, on or off/],
    ['a zero width', 'pulse', { width: 0 }, 'width', /> 0/],
    ['a negative amplitude', 'pulse', { amplitude: -1 }, 'amplitude', /> 0/],
    ['a bad initial state', 'pulse', { initial: 'thermal' }, 'initial', /vacuum or steady/],
    // beyond 10⁶/κ_min the propagation's error bound (∝ the time propagated) exceeds its tolerance: at
    // 10¹²/κ a g2 came out 5% off, and a rectangle 1e-200 of tEnd wide vanished (photons = 0)
    ['a delay beyond 10⁶/κ', 'correlation', { values: [0, 1e12] }, 'values[1]', /≤ 1000000 .*relaxed/],
    ['a delay range beyond 10⁶/κ', 'correlation', { from: 0, to: 1e7, samples: 3 }, 'to', /≤ 1000000/],
    ['a pulse run beyond 10⁶/κ', 'pulse', { shape: 'rect', t0: 1, width: 2, tEnd: 1e200 }, 'tEnd', /≤ 1000000/],
    ['a pulse too narrow for its run', 'pulse', { shape: 'rect', t0: 1, width: 1e-9, tEnd: 1e5 }, 'width', /1e-9 of tEnd/],
    ['a pulse centre beyond 10⁶/κ', 'pulse', { t0: 1e300 }, 't0', /≤ 1000000/],
  ];
  for (const [what, kind, settings, param, why] of cases) {
    it(what, () => {
      try {
        traceRunOf(seed, kind).run({ params: small, settings: settings as never });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ParameterError);
        expect((e as ParameterError).param).toBe(param);
        expect((e as Error).message).toMatch(why);
      }
    });
  }

  it('a model without quantum dynamics says which models have them', () => {
    expect(() => traceRunOf(getModel('two-resonator'), 'correlation')).toThrow(/no correlation runs; models with them: three-cavity, network/);
  });
});
