/**
 * Fixed-step time-domain runs of a tcmt-network take the fused WebAssembly step where it loads;
 * the TypeScript path (rhsInto inside lowStorageStep) stays the fallback. Both must give the same
 * traces to 1e-13 of their peak for every kind of term, input waveform and scheme, including the
 * stick–slip of a nonlocal loss (snaps to a = 0 between steps).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setWasmKernels, wasmKernels } from '../../../../src-core/linalg/wasm/kernels';
import { TCMT_PRESETS, parseTcmtSpec, simulateTcmt, tcmtSystem, type TcmtSimulateOptions, type TcmtSpec } from '../../../../src-core/models/tcmt-network/index';

afterEach(() => {
  setWasmKernels(true);
  vi.restoreAllMocks();
});

/** Four resonators carrying every term: Kerr shift, Kerr-like, saturable (two on one), nonlocal (two references), nonreciprocal coupling. */
const every: TcmtSpec = parseTcmtSpec({
  resonators: [
    { name: 'a', omega: 0.1, gamma: 0.8, gamma0: 0.1, chi: 0.6, losses: [{ kind: 'kerr', gamma: 0.3 }] },
    { name: 'b', omega: -0.2, gamma: 0, gamma0: 0.2, losses: [{ kind: 'saturable', gamma: 0.5, P_sat: 0.4 }, { kind: 'nonlocal', gamma: 0.35, reference: 'd' }, { kind: 'saturable', gamma: 0.2, P_sat: 3 }] },
    { name: 'c', omega: 0.3, gamma: 0, gamma0: 0.15, chi: -0.4, losses: [{ kind: 'nonlocal', gamma: 0.2, reference: 'a' }, { kind: 'nonlocal', gamma: 0.1, reference: 'b' }] },
    { name: 'd', omega: 0, gamma: 0.9, gamma0: 0, losses: [{ kind: 'linear', gamma: 0.05 }] },
  ],
  couplings: [
    { i: 'c', j: 'd', kappa: 0.7 },
    { i: 'a', j: 'b', kappa_ij: 1.1, kappa_ji: 0.4 },
    { i: 'b', j: 'c', kappa: 0.9 },
    { i: 'a', j: 'd', kappa_ij: 0, kappa_ji: 0.3 },
  ],
  ports: ['a', 'd'],
  input: { omega: 0, amplitude: 1, port: 1 },
});

const preset = (id: string): TcmtSpec => parseTcmtSpec(TCMT_PRESETS.find((p) => p.id === id)!.spec);

/** Largest |x − y| over every trace, relative to the largest |x|. */
function worst(x: ReturnType<typeof simulateTcmt>, y: ReturnType<typeof simulateTcmt>): number {
  let peak = 0;
  let diff = 0;
  const pairs = [...x.a.map((v, i) => [v, y.a[i]!] as const), ...x.out.map((v, i) => [v, y.out[i]!] as const), [x.final, y.final] as const];
  for (const [p, q] of pairs) {
    expect(q.length).toBe(p.length);
    for (let k = 0; k < p.length; k++) {
      peak = Math.max(peak, Math.abs(p[k]!));
      diff = Math.max(diff, Math.abs(p[k]! - q[k]!));
    }
  }
  return diff / peak;
}

function both(spec: TcmtSpec, opts: TcmtSimulateOptions): { wasm: ReturnType<typeof simulateTcmt>; ts: ReturnType<typeof simulateTcmt>; kernelSteps: number } {
  const sys = tcmtSystem(spec);
  const k = wasmKernels()!;
  const spy = vi.spyOn(k, 'tcmtStep');
  const wasm = simulateTcmt(sys, opts);
  const kernelSteps = spy.mock.calls.length;
  spy.mockRestore();
  setWasmKernels(false);
  const ts = simulateTcmt(sys, opts);
  setWasmKernels(true);
  return { wasm, ts, kernelSteps };
}

describe('tcmt-network fixed steps: the WebAssembly step and the TypeScript path agree', () => {
  it('the kernels load here (else the comparisons below would compare the fallback with itself)', () => {
    expect(wasmKernels()).toBeDefined();
  });

  const cases: { name: string; spec: () => TcmtSpec; opts: TcmtSimulateOptions }[] = [
    { name: 'every term, CW from rest, ck4', spec: () => every, opts: { port: 1, omega: 0.2, amplitude: 1.5, input: { kind: 'cw' }, tEnd: 60, samples: 121, h: 0.02 } },
    { name: 'every term, Gaussian pulse at port 2, williamson3', spec: () => every, opts: { port: 2, omega: -0.1, amplitude: 2, input: { kind: 'gaussian', t0: 8, tau: 2, phase: 0.7 }, tEnd: 40, samples: 81, h: 0.01, scheme: 'williamson3' } },
    { name: 'every term, hard-edged rectangular pulse (breaks), ramped start state', spec: () => every, opts: { port: 1, omega: 0, amplitude: 1, input: { kind: 'rect', start: 3, duration: 10 }, tEnd: 30, samples: 61, h: 0.015, initial: [0.1, -0.2, 0, 0, 0.3, 0.1, -0.05, 0.02] } },
    // a2(0) ≠ 0 decays under the friction of the nonlocal loss until a step snaps it to 0 (two-resonator dynamics.test.ts)
    { name: 'seed 003 nonlocal preset on resonance, a2(0) ≠ 0 (stick–slip: snaps)', spec: () => preset('seed003-nonlocal'), opts: { port: 1, omega: 2 * Math.PI * 1e6, amplitude: 1, input: { kind: 'cw' }, tEnd: 2e-5, samples: 101, h: 4e-9, initial: [0, 0, 0.01, 0.002] } },
    { name: 'three-resonator chain, nonlocal on a non-neighbour', spec: () => preset('chain3-nonlocal'), opts: { port: 2, omega: 0.4, amplitude: 0.8, input: { kind: 'cw', ramp: 1 }, tEnd: 50, samples: 51, h: 0.01 } },
    { name: 'bistable Kerr resonator', spec: () => preset('kerr-bistable'), opts: { port: 1, omega: 3, amplitude: 2, input: { kind: 'cw' }, tEnd: 40, samples: 41, h: 0.005 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { wasm, ts, kernelSteps } = both(c.spec(), c.opts);
      expect(kernelSteps, 'the WebAssembly step ran').toBe(wasm.diagnostics.steps);
      expect(ts.diagnostics.steps).toBe(wasm.diagnostics.steps);
      expect(ts.diagnostics.snaps).toBe(wasm.diagnostics.snaps);
      expect(worst(wasm, ts)).toBeLessThanOrEqual(1e-13);
    });
  }

  it('the stick–slip case really snaps (the nonlocal branch of the kernel is exercised)', () => {
    const { wasm } = both(preset('seed003-nonlocal'), cases[3]!.opts);
    expect(wasm.diagnostics.snaps).toBeGreaterThan(0);
  });

  it('adaptive runs keep the TypeScript path (the kernel is a fixed step)', () => {
    const { kernelSteps, wasm, ts } = both(every, { port: 1, omega: 0.2, amplitude: 1.5, input: { kind: 'cw' }, tEnd: 20, samples: 11, adaptive: { rtol: 1e-9 } });
    expect(kernelSteps).toBe(0);
    expect(worst(wasm, ts)).toBe(0);
  });

  it('the final state is the caller’s own copy: the next run, reusing the kernels’ memory, leaves it as it was', () => {
    const sys = tcmtSystem(every);
    const r = simulateTcmt(sys, cases[0]!.opts);
    const kept = Float64Array.from(r.final);
    simulateTcmt(tcmtSystem(preset('kerr-bistable')), cases[5]!.opts);
    expect(Array.from(r.final)).toEqual(Array.from(kept));
  });
});
