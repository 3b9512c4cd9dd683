/**
 * Long tasks on the renderer's main thread while a 2-D map streams into the UI (browser mode).
 *
 * Starts `nrlab serve` (bin/nrlab.cjs) on a free port, drives the app in Chromium through
 * playwright-core (the system's browser: /usr/bin/chromium or $CHROMIUM_PATH, never downloaded),
 * and records every 'longtask' entry (a task over 50 ms) with a PerformanceObserver installed
 * before the app loads. For each map it runs the study through the UI (study "2-D map", axes Δ/κ
 * and κ_b/κ, Run) and counts the long tasks from the click on Run until the last point is drawn.
 * Long animation frames (with the scripts they ran) are recorded too, to name what blocks.
 *
 * A benchmark, not a test: `npm run bench` prints its figures at the end.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface UiMapCase {
  /** Shown in reports, e.g. '1001×1001 classical'. */
  label: string;
  solver: 'classical' | 'quantum';
  /** Points along Δ/κ and along κ_b/κ. */
  shape: [number, number];
}

export interface UiLongTaskResult {
  label: string;
  /** Grid points of the map (all drawn when the measurement ends). */
  points: number;
  /** Tasks over 50 ms on the main thread while the map streamed. */
  longTasks: number;
  /** Duration of the longest of them (0 when there was none). */
  longestMs: number;
  /** Each long task: when it started (ms after the click on Run) and how long it took. */
  tasks: { atMs: number; durationMs: number }[];
  /** From the click on Run until the last point was drawn. */
  wallMs: number;
  /** Redraws of the map, and the longest one (the map's own timing). */
  redraws: number;
  maxDrawMs: number;
  /** Longest gap between two animation frames (what a user would see as a stall). */
  maxFrameGapMs: number;
  /** Long animation frames (> 50 ms) with the scripts that ran in them, longest first (at most 5). */
  blockers: { atMs: number; durationMs: number; scripts: string[] }[];
  /**
   * From a Chromium trace of the same run (with `trace`): the main thread's CPU time per task. A
   * long task that used little CPU was waiting for a core (other threads or processes), not
   * running the app's code.
   */
  cpu?: {
    /** The most CPU time any one task used. */
    longestTaskCpuMs: number;
    /** Tasks over 50 ms of wall time in the trace, with the CPU time they used, longest first. */
    longTasks: { wallMs: number; cpuMs: number }[];
  };
}

export interface UiLongTasksOptions {
  /** Chromium to drive (default: $CHROMIUM_PATH or /usr/bin/chromium). */
  chromiumPath?: string;
  /** The checkout (default: two levels above this bundle, dist/main → root). */
  root?: string;
  /** Solver workers of the server (default: the server's own default). */
  workers?: number;
  /** The maps to run, in order (default: 1001×1001 classical, 61×61 quantum). */
  cases?: UiMapCase[];
  /** Build the app first if stale (scripts/build.mjs, incremental; default true). */
  build?: boolean;
  /** Per map (default 30 min). */
  timeoutMs?: number;
  /** Also record a Chromium trace of each run for the CPU time per task (default true). */
  trace?: boolean;
  log?: (line: string) => void;
}

export interface UiLongTasksReport {
  chromium: string;
  results: UiLongTaskResult[];
}

export const DEFAULT_UI_CASES: UiMapCase[] = [
  { label: '1001×1001 classical', solver: 'classical', shape: [1001, 1001] },
  { label: '61×61 quantum', solver: 'quantum', shape: [61, 61] },
];

/** The Chromium executable to use, or undefined when there is none. */
export function findChromium(explicit?: string): string | undefined {
  const p = explicit ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}

function defaultRoot(): string {
  // bundled: dist/main/bench.cjs; from sources (tsx, vitest): src-main/bench/ui-longtasks.ts
  return path.resolve(__dirname, '..', '..');
}

export function startServer(root: string, workers: number | undefined): Promise<{ url: string; child: ChildProcess }> {
  const args = ['bin/nrlab.cjs', 'serve', '--port', '0'];
  if (workers !== undefined) args.push('--workers', String(workers));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nrlab serve printed no URL within 30 s; stderr: ${err.trim()}`));
    }, 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], child });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nrlab serve exited with ${code}; stderr: ${err.trim()}`));
    });
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs in the page before the app's scripts: collects long tasks, long animation frames (with
 * their scripts) and the longest gap between animation frames, from `__nrlabPerf.reset()` on.
 */
const INIT_SCRIPT = `(() => {
  const perf = { t0: 0, tasks: [], frames: [], maxGap: 0, last: 0 };
  perf.reset = () => { perf.t0 = performance.now(); perf.tasks = []; perf.frames = []; perf.maxGap = 0; perf.last = 0; };
  window.__nrlabPerf = perf;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { perf.noLongTasks = String(e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = (e.scripts || []).map((s) => \`\${Math.round(s.duration)} ms \${s.invoker || s.invokerType || ''} \${s.sourceFunctionName || ''} \${(s.sourceURL || '').split('/').pop()}:\${s.sourceCharPosition ?? ''}\`.trim());
        perf.frames.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) { perf.noFrames = String(e); }
  const tick = (t) => {
    if (perf.t0 > 0 && perf.last > 0 && t > perf.t0) perf.maxGap = Math.max(perf.maxGap, t - perf.last);
    perf.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** The little of the page's DOM used here (this file is compiled without DOM types). */
interface PageDocument {
  querySelector(selector: string): { dataset: Record<string, string | undefined> } | null;
}

interface PagePerf {
  t0: number;
  tasks: { start: number; duration: number }[];
  frames: { start: number; duration: number; blocking: number; scripts: string[] }[];
  maxGap: number;
  noLongTasks?: string;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Tasks of the renderer's main thread in a Chromium trace: wall and CPU time (ms). */
export function mainThreadTasks(trace: Buffer | string): { wallMs: number; cpuMs: number }[] {
  const parsed = JSON.parse(trace.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  const byThread = new Map<string, { wallMs: number; cpuMs: number }[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 });
  }
  // the page's renderer: the main thread that ran the most tasks
  let best: { wallMs: number; cpuMs: number }[] = [];
  for (const list of byThread.values()) if (list.length > best.length) best = list;
  return best;
}

/** Run each map through the UI while recording the main thread's long tasks. */
export async function measureUiLongTasks(opts: UiLongTasksOptions = {}): Promise<UiLongTasksReport> {
  const chromiumPath = findChromium(opts.chromiumPath);
  if (!chromiumPath) throw new Error(`Chromium not found at ${opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}`);
  const root = opts.root ?? defaultRoot();
  const log = opts.log ?? (() => undefined);
  const cases = opts.cases ?? DEFAULT_UI_CASES;
  const timeout = opts.timeoutMs ?? 1_800_000;
  if (opts.build !== false) execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
  const { chromium } = await import('playwright-core');

  const { url, child } = await startServer(root, opts.workers);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const results: UiLongTaskResult[] = [];
    for (const c of cases) {
      // a fresh page per map: nothing left over from the previous one
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        await page.addInitScript({ content: INIT_SCRIPT });
        await page.goto(url);
        const tid = (id: string): string => `[data-testid="${id}"]`;
        // the app opens on the start screen; the free-form workbench is the Scratch view
        await page.click(tid('view-scratch'));
        await page.waitForSelector(tid('param-kappa_a'));
        await page.click(tid('study-map'));
        await page.selectOption(tid('param-solver'), c.solver);
        await page.selectOption(tid('map-axis'), 'kappa_b');
        await page.fill(tid('sweep-start'), '-2');
        await page.fill(tid('sweep-stop'), '2');
        await page.fill(tid('sweep-points'), String(c.shape[0]));
        await page.fill(tid('map-start'), '0');
        await page.fill(tid('map-stop'), '3');
        await page.fill(tid('map-points'), String(c.shape[1]));
        const total = c.shape[0] * c.shape[1];
        // let the page settle (fonts, first chart layout) before measuring
        await page.waitForTimeout(500);
        log(`  ${c.label}: running (${total} points)…`);
        const tracing = opts.trace !== false;
        if (tracing) await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
        await page.evaluate(() => (globalThis as unknown as { __nrlabPerf: { reset(): void } }).__nrlabPerf.reset());
        const t0 = Date.now();
        await page.click(tid('run'));
        await page.waitForFunction(
          ([statusSel, mapSel, n]) => {
            const doc = (globalThis as unknown as { document: PageDocument }).document;
            const s = doc.querySelector(statusSel)?.dataset.status;
            return s !== undefined && ['succeeded', 'failed', 'cancelled'].includes(s) && doc.querySelector(mapSel)?.dataset.points === String(n);
          },
          [tid('status'), tid('map'), total] as const,
          { timeout, polling: 250 },
        );
        const wallMs = Date.now() - t0;
        const status = await page.getAttribute(tid('status'), 'data-status');
        if (status !== 'succeeded') throw new Error(`the ${c.label} map ended ${status}: ${await page.textContent(tid('status'))}`);
        // the last frames after the final redraw belong to the measurement too
        await page.waitForTimeout(500);
        let cpu: UiLongTaskResult['cpu'];
        if (tracing) {
          const tasks = mainThreadTasks(await browser.stopTracing());
          cpu = {
            longestTaskCpuMs: tasks.reduce((m, t) => Math.max(m, t.cpuMs), 0),
            longTasks: tasks.filter((t) => t.wallMs > 50).sort((a, b) => b.wallMs - a.wallMs),
          };
        }
        const perf = await page.evaluate(() => {
          const p = (globalThis as unknown as { __nrlabPerf: PagePerf }).__nrlabPerf;
          return { t0: p.t0, tasks: p.tasks, frames: p.frames, maxGap: p.maxGap, noLongTasks: p.noLongTasks };
        });
        if (perf.noLongTasks) throw new Error(`this Chromium does not report long tasks: ${perf.noLongTasks}`);
        const tasks = perf.tasks.filter((t) => t.start >= perf.t0);
        const frames = perf.frames.filter((f) => f.start >= perf.t0 && f.duration > 50).sort((a, b) => b.duration - a.duration);
        results.push({
          label: c.label,
          points: total,
          longTasks: tasks.length,
          longestMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
          tasks: tasks.map((t) => ({ atMs: Math.round(t.start - perf.t0), durationMs: t.duration })),
          wallMs,
          redraws: Number(await page.getAttribute(tid('map'), 'data-updates')),
          maxDrawMs: Number(await page.getAttribute(tid('map'), 'data-max-draw-ms')),
          maxFrameGapMs: perf.maxGap,
          blockers: frames.slice(0, 5).map((f) => ({ atMs: Math.round(f.start - perf.t0), durationMs: f.duration, scripts: f.scripts })),
          ...(cpu ? { cpu } : {}),
        });
      } finally {
        await page.close();
      }
    }
    return { chromium: chromiumPath, results };
  } finally {
    await browser.close().catch(() => undefined);
    await stopServer(child);
  }
}

/**
 * The bench's section: runs {@link measureUiLongTasks} with the default maps on 2 workers and
 * prints one line per map ("UI long tasks while a 1001×1001 classical map streams: N over 50 ms,
 * longest X ms") with the details under it; says why when it cannot run (no Chromium).
 */
export async function reportUiLongTasks(out: (line: string) => void, root?: string): Promise<void> {
  const chromium = findChromium();
  if (!chromium) {
    out(`skipped: no Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (install Debian's chromium package or set CHROMIUM_PATH)`);
    return;
  }
  let report: UiLongTasksReport;
  try {
    report = await measureUiLongTasks({ chromiumPath: chromium, workers: 2, ...(root ? { root } : {}) });
  } catch (e) {
    out(`skipped: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  for (const r of report.results) {
    const longest = r.longTasks > 0 ? `longest ${r.longestMs.toFixed(0)} ms` : 'none';
    out(`UI long tasks while a ${r.label} map streams: ${r.longTasks} over 50 ms, ${longest}`);
    out(
      `  ${r.points.toLocaleString('en-US')} points in ${(r.wallMs / 1000).toFixed(1)} s on 2 workers; ${r.redraws} map redraws, longest ${r.maxDrawMs.toFixed(1)} ms; longest gap between frames ${r.maxFrameGapMs.toFixed(0)} ms`,
    );
    if (r.cpu) {
      const waits = r.cpu.longTasks.map((t) => `${t.wallMs.toFixed(0)} ms wall / ${t.cpuMs.toFixed(1)} ms CPU`).join(', ');
      out(`  main-thread CPU time per task (Chromium trace): at most ${r.cpu.longestTaskCpuMs.toFixed(1)} ms${waits ? `; tasks over 50 ms: ${waits} (the rest of their time they waited for a core)` : ''}`);
    }
    for (const b of r.blockers) out(`  long frame ${b.durationMs.toFixed(0)} ms at ${(b.atMs / 1000).toFixed(1)} s: ${b.scripts.join('; ') || 'no script ran long (rendering, or waiting for a core)'}`);
  }
}
