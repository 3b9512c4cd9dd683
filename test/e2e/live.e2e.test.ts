/**
 * End to end, live exploration: `nrlab serve` (2 workers) driven in Chromium at 1440×900. In the
 * Scratch view at the paper's Fig. 2 point with an 81-point Δ/κ sweep, the κ_b slider is dragged:
 * while dragging, curves drawn are marked "Approximate" (coarse: fewer points, truncation 3); after
 * the release, the exact curve replaces it, and it equals the sweep solved here (src-core) at the
 * value the field shows. The mouse wheel over the focused field steps it and redraws live too.
 * Screenshots during the drag and after the release (test-results/screenshots/live-drag-1440x900.png,
 * live-exact-1440x900.png).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../src-core/models/registry';
import { resolveParams } from '../../src-core/models/params';
import { E2eSession, shots, tid } from './helpers/session';

const s = new E2eSession();
let page: Page;

beforeAll(async () => {
  page = await s.start({ width: 1440, height: 900 });
  await page.goto(s.url);
  await page.click(tid('view-scratch'));
  await page.waitForSelector(tid('slider-kappa_b'));
  await page.fill(tid('sweep-start'), '-2');
  await page.fill(tid('sweep-stop'), '2');
  await page.fill(tid('sweep-points'), '81');
}, 120_000);

afterAll(async () => {
  await s.close();
});

interface Drawn {
  jobId: string;
  approximate: string;
  x: number[];
  ac: number[];
  ca: number[];
}

async function drawn(): Promise<Drawn> {
  return page.evaluate(() => {
    const p = window.__nrlabPlot!;
    return {
      jobId: p.jobId,
      approximate: p.approximate ?? '',
      x: Array.from(p.x),
      ac: Array.from(p.series['a_to_c.T'] ?? []),
      ca: Array.from(p.series['c_to_a.T'] ?? []),
    };
  });
}

/** The exact sweep at these parameters, solved here point by point (the worker's code, in this process). */
function reference(kappaB: number, x: number[]): { ac: number[]; ca: number[] } {
  const m = getModel('three-cavity');
  const solve = m.createSolver();
  const ac: number[] = [];
  const ca: number[] = [];
  for (const d of x) {
    const r = solve(resolveParams(m.schema, { kappa_b: kappaB, Delta: d }));
    ac.push(r.scalars['a_to_c.T']!);
    ca.push(r.scalars['c_to_a.T']!);
  }
  return { ac, ca };
}

function expectClose(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i]!)));
}

describe('live exploration in the Scratch view', () => {
  it('dragging κ_b draws approximate curves, marked so; the release draws the exact curve at the value shown', async () => {
    const slider = page.locator(tid('slider-kappa_b'));
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    const at = (kb: number): number => box.x + 8 + ((box.width - 16) * kb) / 3;
    await page.mouse.move(at(1), y);
    await page.mouse.down();
    // drag until an approximate curve is drawn (the coarse sweeps answer while the pointer moves)
    let sawApprox = false;
    let shot = false;
    for (let i = 0; i < 400 && !(sawApprox && shot); i++) {
      await page.mouse.move(at(1 + 0.8 * Math.sin(i / 6) ** 2), y);
      if (!sawApprox && (await page.getAttribute(tid('plot'), 'data-approximate')) === 'true') {
        sawApprox = true;
        const d = await drawn();
        expect(d.approximate).toMatch(/truncation 3, \d+ points/);
        // a coarse curve has fewer points than the sweep asks for
        expect(d.x.length).toBeLessThan(81);
        expect(await page.isVisible(tid('plot-approximate'))).toBe(true);
        expect(await page.textContent(tid('plot-approximate'))).toContain('Approximate');
      } else if (sawApprox && !shot && i % 10 === 0) {
        await page.waitForTimeout(30);
        if ((await page.getAttribute(tid('plot'), 'data-approximate')) === 'true') {
          await page.screenshot({ path: path.join(shots, 'live-drag-1440x900.png') });
          shot = true;
        }
      }
    }
    expect(sawApprox).toBe(true);
    expect(shot).toBe(true);
    await page.mouse.move(at(1.8), y);
    await page.mouse.up();
    // the exact curve replaces the coarse one: all 81 points, no mark
    await page.waitForFunction(
      (sel) => {
        const el = document.querySelector(sel);
        return el?.getAttribute('data-approximate') === 'false' && el.getAttribute('data-points') === '81';
      },
      tid('plot'),
      { timeout: 60_000 },
    );
    expect(await page.isVisible(tid('plot-approximate'))).toBe(false);
    await page.screenshot({ path: path.join(shots, 'live-exact-1440x900.png') });
    const text = await page.inputValue(tid('param-kappa_b'));
    const kb = Number(text);
    expect(kb).toBeGreaterThan(1.5);
    expect(kb).toBeLessThanOrEqual(1.9);
    const d = await drawn();
    expect(d.approximate).toBe('');
    expect(d.x).toHaveLength(81);
    const ref = reference(kb, d.x);
    expectClose(d.ac, ref.ac);
    expectClose(d.ca, ref.ca);
    // the two directions differ (nonreciprocity): the comparison is not of a flat line
    expect(Math.max(...d.ac.map((v, i) => Math.abs(v - d.ca[i]!)))).toBeGreaterThan(0.05);
    expect(await page.textContent(tid('status'))).toContain('exact curve');
    expect(s.pageErrors).toEqual([]);
  }, 120_000);

  it('the wheel over the focused field steps it by 1/100 of the slider range, and the exact curve follows', async () => {
    const before = Number(await page.inputValue(tid('param-kappa_b')));
    const jobBefore = (await drawn()).jobId;
    await page.focus(tid('param-kappa_b'));
    const box = (await page.locator(tid('param-kappa_b')).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -100);
    await page.mouse.wheel(0, -100);
    // two notches up on 0 … 3: +0.06
    await page.waitForFunction(([sel, want]) => Math.abs(Number((document.querySelector(sel!) as HTMLInputElement).value) - Number(want)) < 1e-9, [tid('param-kappa_b'), String(before + 0.06)] as const);
    const after = Number(await page.inputValue(tid('param-kappa_b')));
    // a new exact curve (the sweep when the value rested 150 ms), at the field's value
    await page.waitForFunction(
      ([sel, job]) => document.querySelector(sel!)?.getAttribute('data-approximate') === 'false' && document.querySelector(sel!)?.getAttribute('data-job') !== job,
      [tid('plot'), jobBefore] as const,
      { timeout: 60_000 },
    );
    const d = await drawn();
    expect(d.x).toHaveLength(81);
    expect(d.approximate).toBe('');
    const ref = reference(after, d.x);
    expectClose(d.ac, ref.ac);
  }, 120_000);

  it('the slider is keyboard accessible: arrows step it and the exact curve follows at once', async () => {
    await page.focus(tid('slider-kappa_b'));
    const label = await page.getAttribute(tid('slider-kappa_b'), 'aria-label');
    expect(label).toContain('κ');
    expect(label).not.toMatch(/[_^{}]/);
    const before = Number(await page.inputValue(tid('param-kappa_b')));
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(([sel, b]) => Number((document.querySelector(sel!) as HTMLInputElement).value) < Number(b), [tid('param-kappa_b'), String(before)] as const);
    const v = Number(await page.inputValue(tid('param-kappa_b')));
    await page.waitForFunction(
      ([sel, job]) => document.querySelector(sel!)?.getAttribute('data-approximate') === 'false' && document.querySelector(sel!)?.getAttribute('data-job') !== job,
      [tid('plot'), (await drawn()).jobId] as const,
      { timeout: 60_000 },
    );
    const d = await drawn();
    expectClose(d.ac, reference(v, d.x).ac);
  }, 120_000);
});
