/**
 * End to end, 2-D maps: `nrlab serve` driven in Chromium (the system's /usr/bin/chromium or
 * $CHROMIUM_PATH, never downloaded). Runs a classical and a small quantum Δ/κ × κ_b/κ map through
 * the UI, watches the map fill while the data stream in, and checks values read off the hover
 * readout against the same model solved in this process (src-core) and against the paper's
 * Fig. 2 optimum.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sig4 } from '../../src-core/figures/format';
import { resolveParams } from '../../src-core/models/params';
import { getModel } from '../../src-core/models/registry';
import { E2eSession, shots, tid } from './helpers/session';

const s = new E2eSession();
let page: Page;

/** Set up a Δ/κ ∈ [-2, 2] × κ_b/κ ∈ [0, 2] map with this solver and grid. */
async function setUpMap(solver: 'classical' | 'quantum', n1: number, n2: number): Promise<void> {
  if ((await page.getAttribute(tid('study-map'), 'aria-checked')) !== 'true') await page.click(tid('study-map'));
  await page.selectOption(tid('param-solver'), solver);
  await page.selectOption(tid('map-axis'), 'kappa_b');
  await page.fill(tid('sweep-start'), '-2');
  await page.fill(tid('sweep-stop'), '2');
  await page.fill(tid('sweep-points'), String(n1));
  await page.fill(tid('map-start'), '0');
  await page.fill(tid('map-stop'), '2');
  await page.fill(tid('map-points'), String(n2));
}

/**
 * Press Run and follow the map until every point is drawn; returns the point counts the map
 * showed along the way (sampled at every change of its data-points attribute, in the page).
 */
async function runAndWatch(total: number): Promise<number[]> {
  const before = (await page.getAttribute(tid('map'), 'data-job')) ?? '';
  await page.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const w = window as unknown as { __counts: number[] };
    w.__counts = [];
    new MutationObserver(() => w.__counts.push(Number(el.getAttribute('data-points')))).observe(el, { attributes: true, attributeFilter: ['data-points'] });
  }, tid('map'));
  await page.click(tid('run'));
  await page.waitForFunction(
    ([statusSel, mapSel, prev, n]) => {
      const s = document.querySelector(statusSel) as HTMLElement | null;
      const m = document.querySelector(mapSel) as HTMLElement | null;
      return s?.dataset.status === 'succeeded' && m?.dataset.job !== prev && m?.dataset.points === String(n);
    },
    [tid('status'), tid('map'), before, total] as const,
    { timeout: 90_000 },
  );
  return page.evaluate(() => (window as unknown as { __counts: number[] }).__counts);
}

interface Readout {
  index: number;
  x: number;
  y: number;
  value: number;
  state: string;
  text: string;
}

/** Point at (x, y) of the map's axes and read the hover readout. */
async function hover(x: number, y: number): Promise<Readout> {
  const at = await page.evaluate(([px, py]) => window.__nrlabPlot?.map?.toClient(px!, py!) ?? null, [x, y]);
  expect(at, `(${x}, ${y}) is not inside the plot`).not.toBeNull();
  await page.mouse.move(at![0], at![1]);
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-index') !== '', tid('map-readout'));
  return page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLElement;
    return {
      index: Number(el.dataset.index),
      x: Number(el.dataset.x),
      y: Number(el.dataset.y),
      value: el.dataset.value === '' ? NaN : Number(el.dataset.value),
      state: el.dataset.state ?? '',
      text: el.querySelector('[data-testid="map-readout-value"]')?.textContent ?? '',
    };
  }, tid('map-readout'));
}

/** The same point solved in this process by the src-core model. */
function solveHere(params: Record<string, number | string>): Record<string, number> {
  const model = getModel('three-cavity');
  return model.createSolver()(resolveParams(model.schema, params)).scalars;
}

/** Screenshots at both window sizes, with the pointer over the map at `hoverAt`. */
const screenshots = (name: string, hoverAt?: [number, number]): Promise<void> => s.screenshots(name, hoverAt ? () => hover(...hoverAt) : undefined);

beforeAll(async () => {
  page = await s.start();
  await page.goto(s.url);
  // the app opens on the start screen; the free-form workbench is the Scratch view
  await page.waitForSelector(tid('start-screen'));
  await page.click(tid('view-scratch'));
  await page.waitForSelector(tid('param-kappa_a'));
}, 180_000);

afterAll(async () => {
  await s.close();
});

describe('2-D maps in browser mode', () => {
  it('offers the map study with κ_b as second axis, and checks the axes before running', async () => {
    await page.click(tid('study-map'));
    expect(await page.inputValue(tid('map-axis'))).toBe('kappa_b');
    expect(await page.isDisabled(tid('param-kappa_b'))).toBe(true);
    await page.fill(tid('map-start'), '-1');
    expect(await page.textContent(tid('error-map-start'))).toContain('must be ≥ 0');
    expect(await page.isDisabled(tid('run'))).toBe(true);
    await page.fill(tid('map-start'), '0');
    expect(await page.isEnabled(tid('run'))).toBe(true);
    // nothing overflows the window in map mode
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
  });

  it('fills a 201 × 201 classical map and shows the S-matrix values at the hovered point', async () => {
    await setUpMap('classical', 201, 201);
    const counts = await runAndWatch(201 * 201);
    // the count shown only grows, and ends at the whole grid
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts.at(-1)).toBe(201 * 201);
    expect(await page.textContent(tid('map-count'))).toBe('40\u2009401 / 40\u2009401 points');
    expect(await page.getAttribute(tid('map'), 'data-failed')).toBe('0');
    expect(await page.inputValue(tid('map-quantity'))).toBe('isolation');

    // the paper's Fig. 2 optimum (Δ = κ/2, κ_b = κ): classically perfect isolation, T_{a→c} = 1
    const opt = await hover(0.5, 1);
    expect([opt.x, opt.y, opt.state]).toEqual([0.5, 1, 'done']);
    expect(opt.index).toBe(125 * 201 + 100);
    expect(Math.abs(opt.value - 1)).toBeLessThan(1e-9);
    expect(opt.text).toBe('1');

    // elsewhere: exactly what src-core computes for that point
    for (const [x, y] of [
      [-0.7, 0.3],
      [1.3, 1.7],
    ] as const) {
      const r = await hover(x, y);
      expect(r.x).toBeCloseTo(x, 12);
      expect(r.y).toBeCloseTo(y, 12);
      const here = solveHere({ solver: 'classical', Delta: r.x, kappa_b: r.y });
      expect(Math.abs(r.value - here.isolation!)).toBeLessThan(1e-12);
      expect(r.text).toBe(sig4(here.isolation!));
    }

    // another quantity: T_{c→a} vanishes at the optimum
    await page.selectOption(tid('map-quantity'), 'c_to_a.T');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-quantity') === 'c_to_a.T', tid('map'));
    const back = await hover(0.5, 1);
    expect(Math.abs(back.value)).toBeLessThan(1e-9);
    const range = await page.evaluate(() => window.__nrlabPlot!.map!.colorRange);
    expect(range[0]).toBe(0);
    expect(range[1]).toBeGreaterThan(0.5);
    await page.selectOption(tid('map-quantity'), 'isolation');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-quantity') === 'isolation', tid('map'));
    await screenshots('map-classical', [0.5, 1]);
  });

  it('fills an 11 × 11 quantum map point by point; its values match the Lindblad steady state', async () => {
    await setUpMap('quantum', 11, 11);
    const total = 121;
    // a screenshot while it fills: computed points coloured, the rest still blank
    const shot = page
      .waitForFunction(
        ([sel, n]) => {
          const p = Number(document.querySelector(sel)?.getAttribute('data-points'));
          return p >= n / 3 && p < n;
        },
        [tid('map'), total] as const,
        { timeout: 90_000, polling: 50 },
      )
      .then(() => page.screenshot({ path: path.join(shots, 'map-quantum-filling-1280x800.png') }))
      .catch(() => undefined);
    const counts = await runAndWatch(total);
    await shot;
    // the map grew while the study ran: several partial states before the whole grid
    const partial = [...new Set(counts.filter((c) => c > 0 && c < total))];
    expect(partial.length, `counts seen: ${counts.join(', ')}`).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts.at(-1)).toBe(total);

    // the quantity list is the quantum study's
    const options = await page.$$eval(`${tid('map-quantity')} option`, (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toContain('ratio');
    expect(options).toContain('a_to_c.g2');

    // Δ = 0.4κ, κ_b = κ: read the isolation and compare with the steady state solved here
    const r = await hover(0.4, 1);
    expect(r.state).toBe('done');
    expect(r.x).toBeCloseTo(0.4, 12);
    expect(r.y).toBeCloseTo(1, 12);
    const here = solveHere({ Delta: r.x, kappa_b: r.y });
    expect(Math.abs(r.value / here.isolation! - 1)).toBeLessThan(1e-6);
    expect(r.text).toBe(sig4(here.isolation!));
    // and the photon statistics in the isolating direction
    await page.selectOption(tid('map-quantity'), 'c_to_a.g2');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-quantity') === 'c_to_a.g2', tid('map'));
    const g2 = await hover(0.4, 1);
    expect(Math.abs(g2.value / here['c_to_a.g2']! - 1)).toBeLessThan(1e-6);
    await page.selectOption(tid('map-quantity'), 'isolation');
    await screenshots('map-quantum', [0.4, 1]);
  });

  it('a click on the map opens the point inspector: the point solved again at the map\'s parameters, the ring on the map', async () => {
    const at = await page.evaluate(() => window.__nrlabPlot?.map?.toClient(0.4, 1) ?? null);
    expect(at).not.toBeNull();
    await page.mouse.click(at![0], at![1]);
    await page.waitForSelector(`${tid('point-inspector')}[data-state="ready"]`, { timeout: 30_000 });
    expect(await page.getAttribute(tid('point-inspector'), 'data-study')).toBe('scratch');
    expect(await page.textContent(tid('point-study'))).toContain('scratch map');
    const coords = await page.$$eval(`${tid('point-coords')} td`, (tds) => tds.map((t) => Number(t.getAttribute('data-value'))));
    expect(coords[0]).toBeCloseTo(0.4, 12);
    expect(coords[1]).toBeCloseTo(1, 12);
    // the inspector's isolation is the Lindblad steady state at that point (solved here independently)
    const iso = Number(await page.getAttribute(`${tid('point-row-isolation')} td`, 'data-value'));
    const here = solveHere({ Delta: 0.4, kappa_b: 1 });
    expect(Math.abs(iso / here.isolation! - 1)).toBeLessThan(1e-6);
    // the clicked point is ringed on the map; no parameter set can be made without a project study
    const marker = await page.waitForFunction((sel) => document.querySelector(sel)?.querySelector('[data-marker]')?.getAttribute('data-marker') || null, tid('map'));
    const [mx, my] = String(await marker.jsonValue()).split(',').map(Number);
    expect(mx).toBeCloseTo(0.4, 12);
    expect(my).toBeCloseTo(1, 12);
    expect(await page.locator(tid('point-new-set')).count()).toBe(0);
    await s.screenshots('map-point-inspector');
    await page.click(tid('point-close'));
    await page.waitForSelector(tid('point-inspector'), { state: 'detached' });
  });

  it('raised no page errors and no console errors', () => {
    expect(s.pageErrors).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
