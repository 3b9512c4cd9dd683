/**
 * Live exploration in Chromium (browser mode, 2 workers): the Scratch view at the paper's Fig. 2
 * point with an 81-point sweep over Δ/κ; the κ_b slider is dragged back and forth for ~3 s, then
 * released. Reports the curve's redraws per second during the drag (coarse previews, each marked
 * approximate) and the time from the release until the exact curve is drawn.
 *
 * The page records every redraw of the plot (its data-updates attribute) with the time and whether
 * the curve drawn was approximate, through a MutationObserver; times are the page's clock.
 *
 * A benchmark, not a test: `npm run bench` (or `node dist/main/bench.cjs --live`) prints it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findChromium, startServer, stopServer } from './ui-longtasks.js';

export interface LiveBenchResult {
  /** Drag duration (ms, page clock) and pointer moves sent. */
  dragMs: number;
  moves: number;
  /** Redraws of the plot during the drag, and how many of them were approximate. */
  redraws: number;
  approximate: number;
  /** Redraws per second during the drag. */
  perSecond: number;
  /** Longest time between two redraws during the drag (ms). */
  maxGapMs: number;
  /** From the release of the slider until the exact curve was drawn (ms). */
  releaseToExactMs: number;
  /** The value the slider was released at (the field's text) and the points of the exact curve. */
  finalText: string;
  exactPoints: number;
  /** The same 81-point sweep at the Fig. 2 point run with Run (click to done), for comparison. */
  runMs: number;
}

interface PageDocument {
  querySelector(sel: string): { getAttribute(name: string): string | null } | null;
}

const INSTALL = `(() => {
  const rec = { events: [], up: 0, down: 0 };
  window.__liveBench = rec;
  const el = document.querySelector('[data-testid="plot"]');
  new MutationObserver(() => {
    rec.events.push({ t: performance.now(), updates: Number(el.getAttribute('data-updates')), approximate: el.getAttribute('data-approximate') === 'true', points: Number(el.getAttribute('data-points')) });
  }).observe(el, { attributes: true, attributeFilter: ['data-updates'] });
  document.addEventListener('pointerdown', () => { rec.down = performance.now(); }, true);
  document.addEventListener('pointerup', () => { rec.up = performance.now(); }, true);
})()`;

interface Recorded {
  events: { t: number; updates: number; approximate: boolean; points: number }[];
  up: number;
  down: number;
}

export async function measureLive(opts: { root?: string; chromiumPath?: string; build?: boolean; dragMs?: number; log?: (line: string) => void } = {}): Promise<LiveBenchResult> {
  const chromiumPath = findChromium(opts.chromiumPath);
  if (!chromiumPath) throw new Error(`Chromium not found at ${opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}`);
  const root = opts.root ?? path.resolve(__dirname, '..', '..');
  if (opts.build !== false) execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
  const { chromium } = await import('playwright-core');
  const { url, child } = await startServer(root, 2);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const tid = (id: string): string => `[data-testid="${id}"]`;
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.click(tid('view-scratch'));
    await page.waitForSelector(tid('slider-kappa_b'));
    await page.fill(tid('sweep-start'), '-2');
    await page.fill(tid('sweep-stop'), '2');
    await page.fill(tid('sweep-points'), '81');
    // warm the workers up (first solves compile) with one run at the Fig. 2 point, then time a second (the exact sweep's cost)
    const runOnce = async (): Promise<number> => {
      const t = Date.now();
      await page.click(tid('run'));
      await page.waitForFunction((sel) => (globalThis as unknown as { document: PageDocument }).document.querySelector(sel)?.getAttribute('data-status') === 'succeeded', tid('status'), { timeout: 120_000 });
      return Date.now() - t;
    };
    await runOnce();
    await page.waitForTimeout(200);
    const runMs = await runOnce();
    await page.waitForTimeout(300);
    await page.evaluate(INSTALL);
    const slider = page.locator(tid('slider-kappa_b'));
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    if (!box) throw new Error('the κ_b slider is not visible');
    const y = box.y + box.height / 2;
    // κ_b from 0 to 3 on the slider: start at 1 (the Fig. 2 point), sweep between 0.5 and 2
    const at = (kb: number): number => box.x + 8 + ((box.width - 16) * kb) / 3;
    await page.mouse.move(at(1), y);
    await page.mouse.down();
    const dragMs = opts.dragMs ?? 3000;
    const t0 = Date.now();
    let moves = 0;
    while (Date.now() - t0 < dragMs) {
      const phase = ((Date.now() - t0) / 1500) * 2 * Math.PI;
      // as fast as the browser takes pointer events (a real drag sends one per frame)
      await page.mouse.move(at(1.25 - 0.75 * Math.cos(phase)), y);
      moves++;
    }
    await page.mouse.move(at(1.5), y);
    await page.mouse.up();
    await page.waitForFunction(
      () => {
        const r = (globalThis as unknown as { __liveBench: Recorded }).__liveBench;
        return r.up > 0 && r.events.some((e) => e.t > r.up && !e.approximate);
      },
      undefined,
      { timeout: 60_000, polling: 20 },
    );
    const rec = await page.evaluate(() => (globalThis as unknown as { __liveBench: Recorded }).__liveBench);
    const during = rec.events.filter((e) => e.t >= rec.down && e.t <= rec.up);
    const exact = rec.events.find((e) => e.t > rec.up && !e.approximate)!;
    let maxGap = 0;
    for (let i = 1; i < during.length; i++) maxGap = Math.max(maxGap, during[i]!.t - during[i - 1]!.t);
    const span = rec.up - rec.down;
    return {
      dragMs: span,
      moves,
      redraws: during.length,
      approximate: during.filter((e) => e.approximate).length,
      perSecond: during.length / (span / 1000),
      maxGapMs: maxGap,
      releaseToExactMs: exact.t - rec.up,
      finalText: await page.inputValue(tid('param-kappa_b')),
      exactPoints: exact.points,
      runMs,
    };
  } finally {
    await browser.close().catch(() => undefined);
    await stopServer(child);
  }
}

/** The bench's section: one line with the figures against the targets (≥ 10 redraws/s, exact ≤ 0.5 s). */
export async function reportLive(out: (line: string) => void, root?: string): Promise<void> {
  if (!findChromium()) {
    out(`skipped: no Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (install Debian's chromium package or set CHROMIUM_PATH)`);
    return;
  }
  let r: LiveBenchResult;
  try {
    r = await measureLive(root ? { root } : {});
  } catch (e) {
    out(`skipped: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  out(
    `Dragging κ_b at the Fig. 2 point (81-point Δ/κ sweep, 2 workers, Chromium): ${r.perSecond.toFixed(1)} redraws/s (target ≥ 10); exact curve ${r.releaseToExactMs.toFixed(0)} ms after release (target ≤ 500)`,
  );
  out(
    `  ${r.redraws} redraws in ${(r.dragMs / 1000).toFixed(1)} s of dragging (${r.moves} pointer moves), ${r.approximate} of them marked approximate; longest gap ${r.maxGapMs.toFixed(0)} ms; released at κ_b = ${r.finalText}, exact curve of ${r.exactPoints} points; the same sweep with Run at κ_b = 1: ${r.runMs} ms`,
  );
}
