/**
 * `npm run bench`: measured figures for the closing notes, printed as ratios from one run.
 * Never part of `npm test` (timings are not test assertions).
 *
 *   node dist/main/bench.cjs                 all sections
 *   node dist/main/bench.cjs --one KIND CUT   one steady state in this process, prints its peak memory (internal)
 *   node dist/main/bench.cjs --dynamics       the quantum dynamics section only
 *   node dist/main/bench.cjs --continuation   the continuation section only
 *   node dist/main/bench.cjs --seed003        the two-resonator (seed 003) section only
 *   node dist/main/bench.cjs --steady         one quantum steady state vs QuTiP's methods only
 *   node dist/main/bench.cjs --live           the live-exploration section only (Chromium)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { EventBus } from '../../src-core/contract/rpc.js';
import { getModel } from '../../src-core/models/registry.js';
import { resolveParams, type ParamValues } from '../../src-core/models/params.js';
import { solveDirection, threeCavitySpec } from '../../src-core/models/three-cavity/quantum.js';
import { solveNetworkDirection } from '../../src-core/models/network/quantum.js';
import { parseNetworkSpec } from '../../src-core/models/network/spec.js';
import { fockBasis, type FockBasis } from '../../src-core/quantum/fock.js';
import { setWasmKernels } from '../../src-core/linalg/wasm/kernels.js';
import { twoResonatorParams } from '../../src-core/models/two-resonator/index.js';
import { frequencyResponse } from '../../src-core/models/two-resonator/band.js';
import { simulate } from '../../src-core/models/two-resonator/dynamics.js';
import { JobService } from '../services/job-service.js';
import { SolverPool } from '../services/solver-pool.js';
import { reportUiLongTasks } from './ui-longtasks.js';
import { reportLive } from './live.js';
import { memoryOverStudy } from './memory.js';
import { measureProjectIo } from './project-io.js';
import { reportFigureExport } from './figure-export.js';
import { reportDynamics } from './dynamics.js';
import { reportContinuation } from './continuation.js';
import { exampleByName } from '../../src-core/project/examples/index.js';
import { studyParams } from '../../src-core/project/fingerprint.js';

const out = (s: string): void => void process.stdout.write(`${s}\n`);

function timeIt(fn: () => void, minMs = 500): { perCallUs: number; calls: number } {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    calls++;
    t = performance.now();
  }
  return { perCallUs: ((t - t0) * 1000) / calls, calls };
}

async function sweepMs(workers: number, count: number): Promise<number> {
  const pool = new SolverPool({ workers });
  const jobs = new JobService(pool, new EventBus());
  const base = { solver: 'classical' };
  await jobs.wait(jobs.startSweep({ model: 'three-cavity', params: base, axes: [{ key: 'Delta', start: -2, stop: 2, count: 1000 }] }).job.id);
  const t0 = performance.now();
  const { job } = jobs.startSweep({
    model: 'three-cavity',
    params: base,
    axes: [
      { key: 'Delta', start: -2, stop: 2, count },
      { key: 'kappa_b', start: 0, stop: 3, count },
    ],
  });
  const fin = await jobs.wait(job.id);
  const ms = performance.now() - t0;
  await pool.destroy();
  if (fin.status !== 'succeeded') throw new Error(`benchmark sweep ${fin.status}`);
  return ms;
}

const FIG2 = resolveParams(getModel('three-cavity').schema, { solver: 'quantum' });

/** Milliseconds per steady state (driving c, the harder, isolating direction), best of several after warm-up. */
function quantumMs(v: ParamValues, basis: FockBasis, reps: number): number {
  solveDirection(v, basis, 'c_to_a');
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    solveDirection(v, basis, 'c_to_a');
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

interface QutipTiming {
  seconds: number[];
  qutip_version: string;
}

/** QuTiP 4.7's steady-state methods: sparse LU (its default), and LGMRES / GMRES with its ILU preconditioner (its fastest). */
type QutipMethod = 'direct' | 'iterative-lgmres' | 'iterative-gmres';
const QUTIP_METHODS: { method: QutipMethod; label: string }[] = [
  { method: 'direct', label: 'direct' },
  { method: 'iterative-lgmres', label: 'LGMRES+ILU' },
  { method: 'iterative-gmres', label: 'GMRES+ILU' },
];

/** QuTiP's steadystate on the same parameters, in the same run (system Python with python3-qutip). */
function qutipSeconds(kind: FockBasis['kind'], cutoff: number, repeat: number, method: QutipMethod = 'direct'): QutipTiming | string {
  const script = path.join(__dirname, '..', '..', 'bench', 'qutip_steadystate.py');
  const params: Record<string, number> = {};
  for (const k of ['kappa_a', 'kappa_b', 'kappa_c', 'Delta_a', 'Delta_b', 'Delta_c', 'U_a', 'U_c', 'J_ab', 'J_bc', 'J_ac', 'theta', 'Omega']) {
    params[k] = FIG2[k] as number;
  }
  const r = spawnSync('/usr/bin/python3', [script], {
    input: JSON.stringify({ params, basis: kind, fock: cutoff, drive: 'c', repeat, method }),
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.error || r.status !== 0) return (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').at(-1) ?? 'failed';
  return JSON.parse(r.stdout) as QutipTiming;
}

function peakMemoryOf(kind: FockBasis['kind'], cutoff: number): { ms: number; rssMB: number } | string {
  const r = spawnSync(process.execPath, [__filename, '--one', kind, String(cutoff)], { encoding: 'utf8', timeout: 1_800_000 });
  if (r.status !== 0) return (r.stderr || `exit ${r.status}`).trim();
  return JSON.parse(r.stdout) as { ms: number; rssMB: number };
}

/** One steady state at the Fig. 2 point against every QuTiP 4.7 method, per truncation. */
function reportSteadyStates(): void {
  out('== Quantum steady state (Fig. 2 point, driving c; one steady state) ==');
  const cases: [FockBasis['kind'], number, boolean][] = [
    ['per-mode', 3, true],
    ['per-mode', 4, true],
    ['per-mode', 5, true],
    ['per-mode', 6, false],
    ['total', 3, true],
    ['total', 4, true],
    ['total', 5, true],
    ['total', 6, true],
    ['total', 7, false],
  ];
  out('NR Lab with its WebAssembly SIMD kernels, and (in brackets) with the TypeScript ones only.');
  out('QuTiP 4.7 in the same run, one thread: direct (sparse LU), LGMRES+ILU and GMRES+ILU (use_precond=True; QuTiP 5.3 cannot be installed here); ratio = the fastest QuTiP method / NR Lab');
  for (const [kind, cut, withQutip] of cases) {
    const basis = fockBasis(kind, 3, cut);
    const reps = basis.dim <= 64 ? 20 : basis.dim <= 125 ? 5 : 2;
    // the TypeScript kernels (the fallback) beside the WebAssembly ones, to show what they gain
    setWasmKernels(false);
    const tsKernels = quantumMs(FIG2, basis, reps);
    setWasmKernels(true);
    const ours = quantumMs(FIG2, basis, reps);
    const cells: string[] = [];
    let fastest = Infinity;
    if (withQutip) {
      for (const m of QUTIP_METHODS) {
        const q = qutipSeconds(kind, cut, basis.dim >= 100 ? 1 : 3, m.method);
        if (typeof q === 'string') cells.push(`${m.label} failed (${q.slice(0, 60)})`);
        else {
          const best = Math.min(...q.seconds) * 1000;
          fastest = Math.min(fastest, best);
          cells.push(`${m.label} ${best.toFixed(0)} ms`);
        }
      }
    }
    const ratio = Number.isFinite(fastest) ? `ratio ${(fastest / ours).toFixed(0)}× the fastest` : '';
    out(`${kind.padEnd(8)} ${String(cut).padStart(2)}  dim ${String(basis.dim).padStart(4)}  NR Lab ${ours.toFixed(2).padStart(8)} ms (TypeScript kernels ${tsKernels.toFixed(2)} ms)${cells.length ? `   QuTiP ${cells.join(', ')}   ${ratio}` : ''}`);
  }
}

/** The seed-003 section: the Fig. 2 study on the pool, frequency sweeps and time steps. */
async function reportTwoResonators(): Promise<void> {
  out('== Two resonators (seed 003) ==');
  const tr = getModel('two-resonator');
  for (const loss of ['nonlocal', 'kerr'] as const) {
    const p = twoResonatorParams(resolveParams(tr.schema, { loss, kappa: 0.3e6, gamma_k: 0.2e6 }));
    const omegas = new Float64Array(1001).map((_, i) => p.omega * (0.5 + i / 1000));
    frequencyResponse(p, omegas);
    let best = Infinity;
    for (let k = 0; k < 20; k++) {
      const t0 = performance.now();
      frequencyResponse(p, omegas);
      best = Math.min(best, performance.now() - t0);
    }
    out(`1001-point steady-state frequency sweep (S11, S21, S12, S22), ${loss}: ${best.toFixed(2)} ms`);
  }
  {
    // seed 003's Fig. 2 study (101 × 101 ω × γ_k, the example project's), on a pool of 2 workers
    const doc = exampleByName('nonlocal-loss-coupling').build(new Date().toISOString());
    const study = doc.studies.find((s) => s.id === 'coupling-map')!;
    const params = studyParams(doc, study);
    // per point in one process, with the output's 3 dB band scan (a point solve) and without (a sweep keeps the scalars only)
    const solve = tr.createSolver();
    const pts = Array.from({ length: 200 }, (_, k) => resolveParams(tr.schema, { ...params, gamma_k: 2e4 * k }));
    const per = (hooks?: { scalarsOnly: true }): number => {
      for (const v of pts.slice(0, 20)) solve(v, hooks);
      const t0 = performance.now();
      for (const v of pts) solve(v, hooks);
      return (performance.now() - t0) / pts.length;
    };
    const full = per();
    const lean = per({ scalarsOnly: true });
    const pool = new SolverPool({ workers: 2 });
    const jobs = new JobService(pool, new EventBus());
    await jobs.wait(jobs.startSweep({ model: 'two-resonator', params, axes: [{ key: 'gamma_k', start: 0, stop: 1e6, count: 8 }] }).job.id);
    const t0 = performance.now();
    const fin = await jobs.wait(jobs.startSweep({ model: 'two-resonator', params, axes: study.axes!, ...(study.quantities ? { quantities: study.quantities } : {}) }).job.id);
    const ms = performance.now() - t0;
    await pool.destroy();
    if (fin.status !== 'succeeded') throw new Error(`Fig. 2 study ${fin.status}`);
    out(`seed 003 Fig. 2 study (101 × 101 ω × γ_k, ${study.quantities?.join(', ')}), 2 workers: ${(ms / 1000).toFixed(2)} s (goal ≤ 4 s); one point ${(lean * 1000).toFixed(1)} µs as a sweep evaluates it vs ${(full * 1000).toFixed(0)} µs with the point report's 3 dB band scan (${(full / lean).toFixed(0)}×)`);
  }
  for (const loss of ['linear', 'nonlocal'] as const) {
    const p = twoResonatorParams(resolveParams(tr.schema, { loss, gamma_k: 0.6 * Math.PI * 1e6 }));
    const h = 1e-9;
    const run = (): number => {
      const t0 = performance.now();
      const r = simulate(p, { port: 2, input: { kind: 'gaussian', t0: 2e-5, tau: 5e-6 }, tEnd: 1e5 * h, samples: 1001, h, scheme: 'ck4' });
      if (r.diagnostics.steps < 1e5) throw new Error('fewer steps than intended');
      return performance.now() - t0;
    };
    run();
    const best = Math.min(run(), run(), run());
    out(`10^5 time steps (ck4, Gaussian input, 1001 samples), ${loss}: ${best.toFixed(1)} ms`);
  }

}

/**
 * Points each worker computes before its pool is first timed. V8 compiles the solver's hot
 * functions per worker (each worker is its own isolate) over its first thousands of points:
 * measured with --trace-opt, 1.3 s of optimising compilation in a worker's first 256 points,
 * 0.2 s in the next 961, 30–40 ms per 961 points after 1225 and less later. The app's pool keeps
 * its workers through a session, so a map after the first is computed warm; scaling compares
 * pools whose workers have each done at least this much work.
 */
const WARM_POINTS_PER_WORKER = 2000;

/** Timed runs per pool size, interleaved on the same two pools (the best counts): a 2-core machine's speed drifts by tens of per cent over minutes. */
const MAP_REPEATS = 5;

/** The quantum maps on the pool: 1→2 worker scaling on 31×31, and the 101×101 map (extrapolated when NRLAB_BENCH_QUICK is set). */
async function reportMaps(): Promise<void> {
  out('== Studies on the pool (quantum, default truncation, both directions per point) ==');
  const axes = (n: number, shift = 0): { key: string; start: number; stop: number; count: number }[] => [
    { key: 'Delta', start: -2 - shift, stop: 2 + shift, count: n },
    { key: 'kappa_b', start: shift, stop: 3 + shift, count: n },
  ];
  interface Warm {
    pool: SolverPool;
    jobs: JobService;
    /** Milliseconds per point of the warm-up map (fresh workers). */
    coldMs: number;
  }
  // a pool whose every worker has computed ~WARM_POINTS_PER_WORKER points of a nearby window
  // (not the timed points), split between them by the job service
  const warmPool = async (workers: number): Promise<Warm> => {
    const pool = new SolverPool({ workers });
    const jobs = new JobService(pool, new EventBus());
    const w = Math.round(Math.sqrt(WARM_POINTS_PER_WORKER * workers));
    const t0 = performance.now();
    const fin = await jobs.wait(jobs.startSweep({ model: 'three-cavity', params: {}, axes: axes(w, 0.05) }).job.id);
    if (fin.status !== 'succeeded') throw new Error(`warm-up map ${fin.status}`);
    return { pool, jobs, coldMs: (performance.now() - t0) / (w * w / workers) };
  };
  const qmap = async ({ jobs }: Warm, n: number): Promise<number> => {
    const t0 = performance.now();
    const fin = await jobs.wait(jobs.startSweep({ model: 'three-cavity', params: {}, axes: axes(n) }).job.id);
    if (fin.status !== 'succeeded') throw new Error(`map ${fin.status}`);
    return performance.now() - t0;
  };
  const one = await warmPool(1);
  const two = await warmPool(2);
  const runs1: number[] = [];
  const runs2: number[] = [];
  for (let rep = 0; rep < MAP_REPEATS; rep++) {
    runs1.push(await qmap(one, 31));
    runs2.push(await qmap(two, 31));
  }
  await one.pool.destroy();
  const q1 = Math.min(...runs1);
  const q2 = Math.min(...runs2);
  const warmMsPerPoint = q1 / (31 * 31);
  // the same map with the workers on the TypeScript kernels only (NRLAB_WASM=0 reaches new workers)
  process.env.NRLAB_WASM = '0';
  const ts = await warmPool(2);
  delete process.env.NRLAB_WASM;
  const qTs = await qmap(ts, 31);
  await ts.pool.destroy();
  out(
    `(each pool's workers first compute ~${WARM_POINTS_PER_WORKER} points each of a nearby map, as a session's earlier studies would: V8 compiles the solver per worker over its first thousands of points; ` +
      `a fresh worker took ${one.coldMs.toFixed(1)} ms per point over them, a warm one ${warmMsPerPoint.toFixed(1)} ms)`,
  );
  const secs = (xs: number[]): string => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
  out(`31×31 Δ×κ_b map (best of ${MAP_REPEATS}, interleaved on the same two pools): 1 worker ${(q1 / 1000).toFixed(2)} s, 2 workers ${(q2 / 1000).toFixed(2)} s; scaling ${(q1 / q2).toFixed(2)}× (runs: 1 worker ${secs(runs1)} s; 2 workers ${secs(runs2)} s)`);
  out(`31×31 map on 2 workers with the TypeScript kernels only: ${(qTs / 1000).toFixed(1)} s (the WebAssembly kernels: ${(qTs / q2).toFixed(2)}× faster)`);
  if (!process.env.NRLAB_BENCH_QUICK) {
    const full = await qmap(two, 101);
    const est = getModel('three-cavity').pointCostMs(FIG2) * 101 * 101 / 2;
    out(`101×101 Δ×κ_b map (20 402 steady states at the chosen truncation, plus the convergence checks): ${(full / 1000).toFixed(1)} s on 2 workers (the app's estimate before running: ${(est / 1000).toFixed(0)} s)`);
  } else out(`101×101 map, extrapolated from the 31×31 map: ${((q2 * (101 * 101)) / (31 * 31) / 1000).toFixed(0)} s on 2 workers (NRLAB_BENCH_QUICK is set)`);
  await two.pool.destroy();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    const basis = fockBasis(args[1] as FockBasis['kind'], 3, Number(args[2]));
    const t0 = performance.now();
    solveDirection(FIG2, basis, 'c_to_a');
    out(JSON.stringify({ ms: performance.now() - t0, rssMB: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  if (args[0] === '--dynamics') {
    out('== Quantum dynamics: g2(τ), spectra, pulses vs QuTiP ==');
    await reportDynamics(out, path.join(__dirname, '..', '..'));
    return;
  }
  if (args[0] === '--steady') {
    reportSteadyStates();
    return;
  }
  if (args[0] === '--live') {
    out('== Live exploration (slider drag in Chromium) ==');
    await reportLive(out, path.join(__dirname, '..', '..'));
    return;
  }
  if (args[0] === '--maps') {
    await reportMaps();
    return;
  }
  if (args[0] === '--seed003') {
    await reportTwoResonators();
    return;
  }
  if (args[0] === '--continuation') {
    out('== Continuation (pseudo-arclength, folds, stability) ==');
    reportContinuation(out);
    return;
  }
  out('NR Lab benchmark (one run; ratios are what matter)');
  out('');
  out('== Classical S-matrix ==');
  const m = getModel('three-cavity');
  const solve = m.createSolver();
  const v3 = resolveParams(m.schema, { solver: 'classical' });
  const v2 = resolveParams(m.schema, { solver: 'classical', cavities: 2 });
  const r3 = timeIt(() => solve(v3));
  const r2 = timeIt(() => solve(v2));
  out(`3 cavities, in-process: ${r3.perCallUs.toFixed(2)} µs/point; 2 cavities: ${r2.perCallUs.toFixed(2)} µs/point`);
  const n = Number(process.env.NRLAB_BENCH_GRID ?? 1001);
  const t1 = await sweepMs(1, n);
  const t2 = await sweepMs(2, n);
  out(`${n}×${n} Δ×κ_b map on the pool: 1 worker ${(t1 / 1000).toFixed(2)} s, 2 workers ${(t2 / 1000).toFixed(2)} s; scaling ${(t1 / t2).toFixed(2)}×`);

  out('');
  reportSteadyStates();
  const big = peakMemoryOf('per-mode', 8);
  out(
    typeof big === 'string'
      ? `per-mode 8 (dim 512): failed: ${big}`
      : `per-mode 8 (dim 512): ${(big.ms / 1000).toFixed(1)} s, peak resident memory ${big.rssMB.toFixed(0)} MB (whole process)`,
  );

  out('');
  out('== Network engine on the seed preset vs the three-cavity model (driving c; equal dimension) ==');
  // the seed system as a network spec, through the spec checks as a file would give it
  const seedSpec = parseNetworkSpec(JSON.parse(JSON.stringify(threeCavitySpec(FIG2))));
  for (const [kind, cut] of [
    ['total', 4],
    ['total', 6],
    ['per-mode', 5],
  ] as [FockBasis['kind'], number][]) {
    const basis = fockBasis(kind, 3, cut);
    const reps = basis.dim <= 64 ? 20 : 5;
    // interleaved, best of each: both see the same machine load
    const timed = (f: () => void): number => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    };
    const runThree = (): void => void solveDirection(FIG2, basis, 'c_to_a');
    const runNet = (): void => void solveNetworkDirection(seedSpec, 1, basis);
    runThree();
    runNet();
    let three = Infinity;
    let net = Infinity;
    for (let i = 0; i < reps; i++) {
      three = Math.min(three, timed(runThree));
      net = Math.min(net, timed(runNet));
    }
    out(`${kind.padEnd(8)} ${String(cut).padStart(2)}  dim ${String(basis.dim).padStart(4)}  three-cavity ${three.toFixed(2).padStart(8)} ms   network ${net.toFixed(2).padStart(8)} ms   network/three-cavity ${(net / three).toFixed(2)}`);
  }

  out('');
  out('== Quantum dynamics: g2(τ), spectra, pulses vs QuTiP ==');
  await reportDynamics(out, path.join(__dirname, '..', '..'));

  out('');
  await reportMaps();

  out('');
  out('== Memory over a 10^5-point study (quantum, 2 cavities, K = 3; 400 × 250 Δ × U_a) ==');
  const mem = await memoryOverStudy(
    {
      model: 'three-cavity',
      params: { cavities: 2, fock: 3 },
      axes: [
        { key: 'Delta', start: -2, stop: 2, count: 400 },
        { key: 'U_a', start: 0, stop: 10, count: 250 },
      ],
    },
    2,
  );
  out(
    `${mem.points.toLocaleString('en-US')} points in ${(mem.wallMs / 1000).toFixed(1)} s; resident memory (main + workers) ${mem.rssAt20MB.toFixed(0)} MB at 20 % → ${mem.rssEndMB.toFixed(0)} MB at the end`,
  );
  const mb = (r: [number, number]): string => `${r[0].toFixed(0)}–${r[1].toFixed(0)} MB`;
  out(`main thread heap ${mem.heapAt20MB.toFixed(1)} MB at 20 % → ${mem.heapEndMB.toFixed(1)} MB at the end (slope ${mem.heapBytesPerPoint.toFixed(1)} B/point)`);
  out(`worker heaps (GC sawtooth, both workers): ${mb(mem.workerHeapRangeMB.early)} over 20–60 % of the points, ${mb(mem.workerHeapRangeMB.late)} over 60–100 %`);
  out(`resident slope after warm-up: ${mem.rssBytesPerPoint.toFixed(0)} B/point (least squares over ${mem.samples.length} samples)`);

  out('');
  out('== Project files (a 201 × 201 map of 10 quantities) ==');
  const io = measureProjectIo();
  out(
    `file ${(io.fileBytes / 1e6).toFixed(2)} MB (raw Float64 ${(io.rawBytes / 1e6).toFixed(2)} MB, as JSON text ${(io.jsonBytes / 1e6).toFixed(1)} MB); encode ${io.saveMs.toFixed(0)} ms, open ${io.openMs.toFixed(1)} ms (first open in a process ${io.coldOpenMs.toFixed(0)} ms: schema compile), first array read ${io.firstArrayMs.toFixed(1)} ms`,
  );

  out('');
  await reportTwoResonators();

  out('');
  out('== Continuation (pseudo-arclength, folds, stability) ==');
  reportContinuation(out);

  out('');
  out('== Figure export (seed-003 example; draw = option builders + ECharts SSR; PDF via PDFKit, PNG via resvg) ==');
  await reportFigureExport(out);

  out('');
  out('== UI responsiveness while a map streams (browser mode, Chromium, long tasks = main-thread tasks over 50 ms) ==');
  await reportUiLongTasks(out, path.join(__dirname, '..', '..'));

  out('');
  out('== Live exploration (slider drag in Chromium) ==');
  await reportLive(out, path.join(__dirname, '..', '..'));
}

void main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
