/**
 * End to end, the quantum dynamics in the app (issue 17): `nrlab serve` (fresh data folder) driven
 * in Chromium at 1440×900. From a NEW EMPTY project: make a study an intensity correlation g2(τ)
 * of the three-cavity model with the study editor (the settings form generated from the model's
 * run), run it, and see its figure with both directions; then a quantum detuning scan, a click on
 * its curve opens the point inspector, whose g2(τ) section (computed with runTrace at that point)
 * starts at τ = 0 at the g2(0) the inspector's steady state shows — for both directions. The
 * spectrum and pulse forms are shown too. Screenshots of the forms, the figure and the inspector
 * section in test-results/screenshots/ (and $NRLAB_SCREENS when set).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvePoint } from '../../src-core/tasks/solver-tasks';
import { chartClient, E2eSession, shots, textHas, tid, undoNames, valueIs } from './helpers/session';

const s = new E2eSession();
let page: Page;
const VIEW = { width: 1440, height: 900 };

async function shot(name: string): Promise<void> {
  const file = path.join(shots, `${name}-${VIEW.width}x${VIEW.height}.png`);
  await page.screenshot({ path: file });
  const extra = process.env.NRLAB_SCREENS;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(file, path.join(extra, path.basename(file)));
  }
}

/** Where data point (x, y) of the chart under `sel` is on the page. */
const clientOf = (sel: string, x: number, y: number): Promise<[number, number]> => chartClient(page, sel, x, y);

beforeAll(async () => {
  page = await s.start(VIEW);
}, 300_000);

afterAll(async () => {
  await s.close();
});

describe('quantum dynamics from a new empty project', () => {
  it('makes a study a g2(τ) of the three-cavity model with a settings form generated from the model', async () => {
    await page.goto(s.url);
    await page.click(tid('new-project'));
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-empty-add-study'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"][data-id="study-1"]`);
    expect(await page.inputValue(tid('study-model'))).toBe('three-cavity');
    await page.click(tid('study-kind-correlation'));
    await page.waitForSelector(tid('trace-settings-correlation'));
    expect(await page.textContent(tid('inspector-kind'))).toBe('Intensity correlation');
    // the samples field: empty means the default, named in the placeholder
    const samples = tid('trace-setting-samples');
    expect(await page.inputValue(samples)).toBe('');
    expect(await page.getAttribute(samples, 'placeholder')).toBe('201');
    expect(await page.getAttribute(samples, 'title')).toContain('Empty: the default, 201.');
    // a bad value is named and not kept; a good one is
    await page.fill(samples, '1.5');
    await page.press(samples, 'Enter');
    await textHas(page, tid('trace-settings-error'), 'must be a whole number');
    await page.fill(samples, '101');
    await page.press(samples, 'Enter');
    await undoNames(page, 'Set Samples of Sweep');
    expect(await page.isVisible(tid('trace-settings-error'))).toBe(false);
    // both directions, all computed by default
    for (const t of ['a_to_c', 'c_to_a']) expect(await page.isChecked(`${tid(`trace-pick-${t}`)} input`)).toBe(true);
    // no raw markup anywhere in the inspector
    expect(await page.textContent(tid('inspector'))).not.toMatch(/[_^]\{/);
    await shot('dynamics-correlation-form');
  });

  it('runs it and draws g2(τ) of both directions against τ', async () => {
    await page.click(tid('study-run'));
    const panel = `${tid('study-view-study-1')} ${tid('panel-0')}`;
    await page.waitForSelector(`${panel}[data-state="ready"]`, { timeout: 120_000 });
    // two curves of 101 delays
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-points') === '202', panel);
    // what the run resolved and stored, per direction
    await textHas(page, tid('dynamics-as-run-samples'), '101');
    await page.waitForSelector(tid('dynamics-values'));
    expect(await page.textContent(tid('inspector'))).not.toMatch(/[_^]\{/);
    await page.waitForTimeout(400);
    await shot('dynamics-correlation-figure');
  });

  it('shows the spectrum and pulse forms', async () => {
    await page.click(tid('tree-add-study'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"][data-id="study-2"]`);
    await page.click(tid('study-kind-spectrum'));
    await page.waitForSelector(tid('trace-settings-spectrum'));
    expect(await page.textContent(tid('inspector-kind'))).toBe('Emission spectrum');
    await shot('dynamics-spectrum-form');
    await page.click(tid('study-kind-pulse'));
    await page.waitForSelector(tid('trace-settings-pulse'));
    expect(await page.textContent(tid('inspector-kind'))).toBe('Pulse response');
    await shot('dynamics-pulse-form');
  });

  it('a point of a quantum scan shows g2(τ) of both directions, starting at the inspector’s g2(0)', async () => {
    await page.click(tid('study-kind-sweep1'));
    await page.waitForSelector(tid('axis-0-key'));
    await page.selectOption(tid('axis-0-key'), 'Delta');
    await page.click(tid('axis-0-form-list'));
    await page.waitForSelector(tid('axis-0-values'));
    await page.fill(tid('axis-0-values'), '0, 0.5, 1');
    await page.press(tid('axis-0-values'), 'Enter');
    await valueIs(page, tid('axis-0-values'), '0, 0.5, 1');
    await textHas(page, tid('study-cost'), '3 points');
    await page.click(tid('study-run'));
    const view = tid('study-view-study-2');
    await page.waitForSelector(`${view} ${tid('panel-0')}[data-state="ready"]`, { timeout: 120_000 });
    await page.waitForTimeout(400);
    // the forward transmission at Δ = 0.5 (the study's own parameters: the model's defaults), solved here
    const T = solvePoint({ model: 'three-cavity', params: { Delta: 0.5 } }).scalars['a_to_c.T']!;
    const [x, y] = await clientOf(`${view} .chart`, 0.5, T);
    await page.mouse.click(x, y);
    await page.waitForSelector(`${tid('point-inspector')}[data-study="study-2"][data-state="ready"]`, { timeout: 60_000 });
    await page.waitForSelector(`${tid('point-g2tau')}[data-state="ready"]`, { timeout: 60_000 });
    expect(await page.getAttribute(tid('point-g2tau-chart'), 'data-traces')).toBe('2');
    for (const [k, dir] of [
      [0, 'a_to_c'],
      [1, 'c_to_a'],
    ] as const) {
      const first = Number(await page.getAttribute(tid(`point-g2tau-${dir}`), 'data-first'));
      // the steady state's g2(0) of the same direction, as the inspector's values table shows it (a→c | c→a)
      const shown = Number(await page.locator(`${tid('point-row-a_to_c.g2')} td`).nth(k).getAttribute('data-value'));
      expect(Number.isFinite(first) && Number.isFinite(shown), `${dir}: ${first} vs ${shown}`).toBe(true);
      expect(Math.abs(first - shown), `${dir}: g2(τ=0) ${first} vs g2(0) ${shown}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(shown)));
    }
    expect(await page.textContent(tid('point-g2tau'))).not.toMatch(/[_^]\{/);
    await page.locator(tid('point-g2tau')).scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot('dynamics-point-g2tau');
    expect(s.pageErrors).toEqual([]);
  });
});
