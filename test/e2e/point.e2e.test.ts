/**
 * End to end, the point inspector and the figure details: `nrlab serve` driven in Chromium (the
 * system's /usr/bin/chromium or $CHROMIUM_PATH, never downloaded). A small project with a quantum
 * Δ/κ × κ_b/κ map (heatmap and contour panels), a detuning scan and a two-resonator spectrum is
 * opened and run; a click on the map opens the point inspector, whose values must agree with the
 * hover readout and with the same point solved here (src-core); its diagnostics are shown; a
 * parameter set is made from the point; the cursor is linked between panels; the unit switch
 * shows the two-resonator frequencies in Hz and stores what is typed in rad/s. Screenshots of
 * the inspector, the contour panel and the unit switch at 1280×800 and 1920×1080.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, encodeFloat64 } from '../../src-core/project/container';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ArrayRef, type ProjectDocument } from '../../src-core/project/types';
import { solvePoint } from '../../src-core/tasks/solver-tasks';
import { chartClient, E2eSession, shots, tid } from './helpers/session';

const s = new E2eSession();
let page: Page;

const work = mkdtempSync(path.join(os.tmpdir(), 'nrlab-e2e-projects-'));

const FIG2 = {
  solver: 'quantum',
  kappa_a: 1,
  kappa_c: 1,
  kappa_b: 1,
  Delta_a: 0.5,
  Delta_b: 0.5,
  Delta_c: 0.5,
  U_a: 5,
  U_c: 5,
  J_ab: 'sqrt(2)/2',
  J_bc: 'sqrt(2)/2',
  J_ac: 'sqrt(2)/2',
  theta: '-pi/4',
  Omega: 0.1,
};

/** The Fig. 2 parameters without the detunings (set by the alias Delta: concrete keys would override it). */
const { Delta_a: _da, Delta_b: _db, Delta_c: _dc, ...FIG2_NO_DELTA } = FIG2;

/** Δ/κ ∈ [−1.5, 1.5] (13 points, hits 0.5) × κ_b/κ ∈ [0, 2.5] (11 points, hits 1). */
const MAP_AXES = [
  { key: 'Delta', start: -1.5, stop: 1.5, count: 13 },
  { key: 'kappa_b', start: 0, stop: 2.5, count: 11 },
];

/**
 * A stored detuning scan (computed here) in which some points failed: their values are NaN and
 * the result names the reason, as a sweep stores them.
 */
const FLAKY = (() => {
  const x = Array.from({ length: 31 }, (_, i) => -1.5 + i * 0.1);
  const failedAt = new Map([
    [10, 'steady state: GMRES did not converge in 400 iterations (residual 3e-5)'],
    [11, 'steady state: GMRES did not converge in 400 iterations (residual 3e-5)'],
    [22, 'truncation: K = 12 would need 2.1 GB (limit 1.5 GB)'],
  ]);
  const ac = new Float64Array(x.length);
  const ca = new Float64Array(x.length);
  x.forEach((d, i) => {
    const r = failedAt.has(i) ? undefined : solvePoint({ model: 'three-cavity', params: { ...FIG2_NO_DELTA, solver: 'classical', Delta: d } }).scalars;
    ac[i] = r ? r['a_to_c.T']! : NaN;
    ca[i] = r ? r['c_to_a.T']! : NaN;
  });
  const entries: Record<string, Uint8Array> = {};
  const put = (name: string, v: Float64Array): ArrayRef => {
    const bytes = encodeFloat64(v, 'f64le');
    entries[`results/r-flaky/${name}.f64`] = bytes;
    return { entry: `results/r-flaky/${name}.f64`, length: v.length, encoding: 'f64le', crc32: crc32(bytes) };
  };
  const refs = { x: put('axis0', Float64Array.from(x)), ac: put('q0', ac), ca: put('q1', ca) };
  return { x, refs, entries, failed: [...failedAt].map(([index, reason]) => ({ index, reason })) };
})();

function project(): ProjectDocument {
  const now = '2026-02-01T00:00:00.000Z';
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Point inspector (e2e)',
    created: now,
    modified: now,
    app: { name: 'NR Lab', version: '0.1.0' },
    parameterSets: [
      { id: 'opt', name: 'Fig. 2 optimum', model: 'three-cavity', params: { ...FIG2 } },
      { id: 'tr', name: 'Two resonators (Fig. 3)', model: 'two-resonator', params: {} },
    ],
    studies: [
      { id: 'map', name: 'Small map over Δ and κ_b', kind: 'sweep', model: 'three-cavity', parameterSet: 'opt', params: {}, axes: MAP_AXES, quantities: ['isolation', 'ratio', 'a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2'] },
      { id: 'scan', name: 'Detuning scan', kind: 'sweep', model: 'three-cavity', parameterSet: 'opt', params: {}, axes: [{ key: 'Delta', start: -1.5, stop: 1.5, count: 61 }], quantities: ['a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2'] },
      { id: 'spectrum', name: 'Spectrum', kind: 'sweep', model: 'two-resonator', parameterSet: 'tr', params: {}, axes: [{ key: 'omega', start: 2e6, stop: 10.5e6, count: 101 }] },
      {
        id: 'flaky',
        name: 'A scan with failed points',
        kind: 'sweep',
        model: 'three-cavity',
        parameterSet: 'opt',
        params: {},
        axes: [{ key: 'Delta', start: -1.5, stop: 1.5, count: FLAKY.x.length }],
        quantities: ['a_to_c.T', 'c_to_a.T'],
        result: {
          id: 'r-flaky',
          status: 'succeeded',
          shape: [FLAKY.x.length],
          axes: [{ key: 'Delta', values: FLAKY.refs.x }],
          arrays: { 'a_to_c.T': FLAKY.refs.ac, 'c_to_a.T': FLAKY.refs.ca },
          quantities: [
            { key: 'a_to_c.T', symbol: 'T_{a→c}', label: 'Transmission a→c', unit: '' },
            { key: 'c_to_a.T', symbol: 'T_{c→a}', label: 'Transmission c→a', unit: '' },
          ],
          failed: FLAKY.failed,
          done: FLAKY.x.length,
          total: FLAKY.x.length,
          provenance: { model: 'three-cavity', params: {}, solver: 'quantum', app: { name: 'NR Lab', version: '0.1.0' }, date: '2026-02-01T00:00:00.000Z', wallMs: 1000 },
        },
      },
    ],
    figures: [
      {
        id: 'overview',
        name: 'overview',
        title: 'Isolation and ratio maps, transmission and g² against Δ',
        layout: { rows: 2, cols: 2 },
        panels: [
          { label: '(a)', study: 'map', kind: 'heatmap', quantity: 'isolation', x: 'Delta', xLabel: 'Δ/κ', yLabel: 'κ_{b}/κ', colorbarLabel: '𝓘' },
          { label: '(b)', study: 'map', kind: 'contour', quantity: 'ratio', x: 'Delta', levels: [0.5, 0.9, 0.99], xLabel: 'Δ/κ', yLabel: 'κ_{b}/κ', colorbarLabel: '𝓡' },
          {
            label: '(c)',
            study: 'scan',
            kind: 'line',
            x: 'Delta',
            series: [
              { quantity: 'a_to_c.T', label: 'T_{a→c}', color: '#d62728', dash: 'solid' },
              { quantity: 'c_to_a.T', label: 'T_{c→a}', color: '#1f77b4', dash: 'dash' },
            ],
            xLabel: 'Δ/κ',
            yLabel: 'T',
            yRange: [0, 1],
          },
          {
            label: '(d)',
            study: 'scan',
            kind: 'line',
            x: 'Delta',
            series: [
              { quantity: 'a_to_c.g2', label: 'g^{(2)}_{a→c}(0)', color: '#d62728', dash: 'solid' },
              { quantity: 'c_to_a.g2', label: 'g^{(2)}_{c→a}(0)', color: '#1f77b4', dash: 'dash' },
            ],
            xLabel: 'Δ/κ',
            yLabel: 'g^{(2)}(0)',
            logY: true,
          },
        ],
      },
      {
        id: 'failures',
        name: 'failures',
        title: 'Transmission with failed points',
        layout: { rows: 1, cols: 1 },
        panels: [
          {
            study: 'flaky',
            kind: 'line',
            x: 'Delta',
            series: [
              { quantity: 'a_to_c.T', label: 'T_{a→c}', color: '#d62728', dash: 'solid' },
              { quantity: 'c_to_a.T', label: 'T_{c→a}', color: '#1f77b4', dash: 'dash' },
            ],
            xLabel: 'Δ/κ',
            yLabel: 'T',
            yRange: [0, 1],
          },
        ],
      },
    ],
  };
}

/** Where data point (x, y) of a panel's chart is on the page. */
const clientOf = (panel: number, x: number, y: number): Promise<[number, number]> => chartClient(page, `${tid(`panel-${panel}`)} .chart`, x, y);

/** Screenshots at both window sizes, with `show` scrolled into view. */
const screenshots = (name: string, show?: string): Promise<void> => s.screenshots(name, show ? () => page.locator(show).scrollIntoViewIfNeeded() : undefined);

const readout = async (): Promise<string> => (await page.textContent(tid('statusbar-readout'))) ?? '';

/**
 * Move the pointer to (px, py) until `condition(arg)` holds in the page. A chart only sees a
 * pointer that moves over it after it is laid out: on a loaded machine a single move can land
 * before a redraw or a resize and be lost, so the move is repeated (alternating by one pixel)
 * until the condition holds — waiting on the condition, not on time.
 */
async function moveUntil(px: number, py: number, condition: (sel: string) => boolean, arg: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.mouse.move(px + (i % 2), py);
    try {
      await page.waitForFunction(condition, arg, { timeout: 1500 });
      return;
    } catch {
      // not yet: move again
    }
  }
  await page.waitForFunction(condition, arg, { timeout: 1500 });
}

beforeAll(async () => {
  page = await s.start();
  writeFileSync(path.join(work, 'point.nrlab'), zipSync({ 'project.json': strToU8(JSON.stringify(project())), ...FLAKY.entries }));
  page.on('dialog', (d) => void d.accept());
}, 180_000);

afterAll(async () => {
  await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('point inspector, linked cursors, contours and units in browser mode', () => {
  it('opens the project and runs the figure: the map, its contours and the curves fill in', async () => {
    await page.goto(s.url);
    await page.waitForSelector(tid('start-screen'));
    await page.click(tid('open-project'));
    await page.waitForSelector(tid('dialog-path'));
    await page.fill(tid('dialog-path'), path.join(work, 'point.nrlab'));
    await page.click(tid('dialog-ok'));
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-figure-overview'));
    await page.waitForSelector(tid('figure-run-all'));
    await page.click(tid('figure-run-all'));
    for (const i of [0, 1, 2, 3]) await page.waitForSelector(`${tid(`panel-${i}`)}[data-state="ready"]`, { timeout: 90_000 });
    await page.waitForSelector(`${tid('panel-0')}[data-points="${13 * 11}"]`);
    // contour lines of 𝓡 at the panel's levels
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-contours') ?? 0) > 0, `${tid('panel-1')} .heat`);
    await screenshots('contour');
  });

  it('hovering the map links a cursor into the curves over Δ; the readout follows', async () => {
    const [px, py] = await clientOf(0, 0.5, 1);
    await moveUntil(px, py, (sel) => (document.querySelector(sel)?.getAttribute('data-cursor') ?? '') !== '', `${tid('panel-2')} .chart`);
    expect(Number(await page.getAttribute(`${tid('panel-2')} .chart`, 'data-cursor'))).toBeCloseTo(0.5, 1);
    expect(Number(await page.getAttribute(`${tid('panel-3')} .chart`, 'data-cursor'))).toBeCloseTo(0.5, 1);
    expect(await readout()).toMatch(/𝓘 = /);
    // and a curve links back into the maps (vertical line at its Δ)
    const [cx, cy] = await clientOf(2, -1, 0.5);
    // the pointer sits on a whole pixel: the map's cursor ("x,y"; no y from a curve) is at Δ = −1 to within
    // one pixel of the curve's axis (4/κ over its width)
    await moveUntil(cx, cy, (sel) => Math.abs(Number((document.querySelector(sel)?.getAttribute('data-cursor') ?? '').split(',')[0] || NaN) + 1) < 0.02, `${tid('panel-0')} .chart`);
    expect(await readout()).toMatch(/Δ\/κ = −?-?1/);
    await page.screenshot({ path: path.join(shots, 'linked-cursor-1280x800.png') });
  });

  it('a click on the map opens the point inspector: its values agree with the readout and with src-core', async () => {
    const [px, py] = await clientOf(0, 0.5, 1);
    await moveUntil(px, py, (sel) => ((t) => t.includes('𝓘 = ') && t.includes('Δ/κ = 0.5'))(document.querySelector(sel)?.textContent ?? ''), tid('statusbar-readout'));
    const text = await readout();
    const shown = Number(/𝓘 = ([-\d.e]+)/.exec(text)![1]);
    await page.mouse.click(px, py);
    await page.waitForSelector(`${tid('point-inspector')}[data-state="ready"]`, { timeout: 30_000 });
    expect(await page.getAttribute(tid('panel-0'), 'data-selected')).toBe('true');
    // the same point is marked on the contour panel of the same study
    expect(await page.getAttribute(tid('panel-1'), 'data-selected')).toBe('true');
    const coords = await page.$$eval(`${tid('point-coords')} td`, (tds) => tds.map((t) => Number(t.getAttribute('data-value'))));
    expect(coords[0]).toBeCloseTo(0.5, 12);
    expect(coords[1]).toBeCloseTo(1, 12);
    const iso = Number(await page.getAttribute(`${tid('point-row-isolation')} td`, 'data-value'));
    expect(iso.toPrecision(4)).toBe(shown.toPrecision(4));
    const ref = solvePoint({ model: 'three-cavity', params: { ...FIG2_NO_DELTA, Delta: 0.5, kappa_b: 1 } });
    expect(iso).toBeCloseTo(ref.scalars.isolation!, 9);
    const t = await page.$$eval(`${tid('point-row-a_to_c.T')} td`, (tds) => tds.map((x) => Number(x.getAttribute('data-value'))));
    expect(t[0]).toBeCloseTo(ref.scalars['a_to_c.T']!, 9);
    expect(t[1]).toBeCloseTo(ref.scalars['c_to_a.T']!, 9);
    // distributions of both directions, and the diagnostics
    expect(await page.isVisible(tid('dist-a_to_c'))).toBe(true);
    expect(await page.isVisible(tid('dist-c_to_a'))).toBe(true);
    const residual = await page.$$eval(`${tid('diag-residual')} td`, (tds) => tds.map((x) => Number(x.getAttribute('data-value'))));
    expect(residual.every((r) => r >= 0 && r < 1e-6)).toBe(true);
    expect(await page.textContent(tid('diag-converged'))).toContain('automatic, converged');
    expect(await page.getAttribute(`${tid('diag-residual')} th`, 'title')).toContain('𝓛ρ = 0');
    expect(await page.isVisible(tid('diag-changes'))).toBe(true);
    await screenshots('point-inspector');
    await page.click(tid('dist-difference'));
    await page.waitForSelector(`${tid('dist-a_to_c')}[data-view="difference"]`);
    await screenshots('point-diagnostics', tid('point-diagnostics'));
    // the dark theme
    await page.click(tid('theme-toggle'));
    await page.waitForTimeout(400);
    await page.locator(tid('point-values')).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'point-inspector-dark-1280x800.png') });
    await page.click(tid('theme-toggle'));
  });

  it('makes a parameter set from the point: an undoable edit, shown in the tree', async () => {
    const before = await page.$$eval('[data-testid^="tree-set-"]', (els) => els.length);
    await page.click(tid('point-new-set'));
    await page.waitForSelector(tid('point-created'));
    await page.waitForSelector(tid('tree-set-point-1'));
    expect(await page.$$eval('[data-testid^="tree-set-"]', (els) => els.length)).toBe(before + 1);
    expect(await page.textContent(tid('tree-set-point-1'))).toContain('Δ = 0.5κ, κb = κ');
    expect(await page.getAttribute(tid('action-undo'), 'title')).toContain('New parameter set Δ = 0.5κ, κ_b = κ');
    await page.click(tid('tree-set-point-1'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="set"]`);
    expect(await page.inputValue(tid('set-param-Delta_a'))).toBe('0.5');
    expect(await page.inputValue(tid('set-param-kappa_b'))).toBe('1');
    expect(await page.inputValue(tid('set-param-theta'))).toBe('-pi/4');
  });

  it('two-resonator parameters switch between rad/s and Hz; a value typed in Hz is stored in rad/s; the choice is remembered', async () => {
    await page.click(tid('tree-study-spectrum'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"][data-id="spectrum"]`);
    expect(await page.textContent(tid('study-unit-kappa'))).toBe('rad/s');
    await page.click(tid('unit-hz'));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Hz', tid('study-unit-kappa'));
    // κ = π·1e6 rad/s is 500 kHz; the drive's axis 2e6 … 10.5e6 rad/s is shown over 2π
    expect(await page.inputValue(tid('study-param-kappa'))).toBe('500000');
    expect(Number(await page.inputValue(tid('axis-0-start')))).toBeCloseTo(2e6 / (2 * Math.PI), 3);
    await page.fill(tid('study-param-kappa'), '400e3');
    await page.press(tid('study-param-kappa'), 'Enter');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('title')?.includes('Edit κ of Spectrum') === true, tid('action-undo'));
    await screenshots('units', tid('study-param-kappa'));
    await page.click(tid('unit-rad'));
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '2*pi*400e3', tid('study-param-kappa'));
    // the three-cavity editors show κ as the unit of rates
    await page.click(tid('unit-hz'));
    await page.reload();
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-study-spectrum'));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Hz', tid('study-unit-kappa'));
    expect(await page.inputValue(tid('study-param-kappa'))).toBe('400e3');
    await page.click(tid('unit-rad'));
    await page.click(tid('tree-study-map'));
    expect(await page.textContent(tid('study-unit-kappa_b'))).toBe('κ');
    expect(await page.isVisible(tid('unit-switch'))).toBe(false);
  });

  it('a point of the two-resonator model shows what its output holds: S-parameters both ways, loss law, band', async () => {
    await page.click(tid('tree-study-spectrum'));
    await page.click(tid('study-run'));
    await page.waitForSelector(`${tid('study-view-spectrum')} ${tid('panel-0')}[data-state="ready"]`, { timeout: 30_000 });
    const at = await chartClient(page, `${tid('study-view-spectrum')} .chart`, 6.3e6, 0.5);
    await page.mouse.click(at[0], at[1]);
    await page.waitForSelector(`${tid('point-inspector')}[data-study="spectrum"][data-state="ready"]`, { timeout: 30_000 });
    expect(await page.textContent(tid('diag-loss'))).toContain('nonlocal');
    expect(await page.textContent(tid('diag-method'))).toContain('steady');
    expect(await page.isVisible(tid('point-row-S21.abs|S12.abs'))).toBe(true);
    await page.screenshot({ path: path.join(shots, 'point-two-resonator-1280x800.png') });
    await page.click(tid('point-close'));
  });

  it('the study inspector chooses the quantities kept', async () => {
    await page.click(tid('tree-study-scan'));
    await page.waitForSelector(`${tid('inspector')}[data-id="scan"]`);
    expect(await page.getAttribute(tid('quantity-a_to_c.g3'), 'aria-pressed')).toBe('false');
    await page.click(tid('quantity-a_to_c.g3'));
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', tid('quantity-a_to_c.g3'));
    expect(await page.getAttribute(tid('action-undo'), 'title')).toContain('Keep g⁽³⁾(a→c)(0) in Detuning scan');
    await page.click(tid('quantity-c_to_a.T'));
    await page.waitForSelector(tid('quantities-missing'));
    expect(await page.textContent(tid('quantities-missing'))).toContain('overview');
    await page.locator(tid('inspector-quantities-section')).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'quantities-1280x800.png') });
  });

  it('failed points of a curve are shaded, with the reason in the tooltip and the readout', async () => {
    await page.click(tid('tree-figure-failures'));
    await page.waitForSelector(`${tid('panel-0')}[data-state="ready"][data-study="flaky"]`);
    expect(await page.textContent(tid('panel-failed'))).toContain('3 points failed');
    expect(await page.getAttribute(tid('panel-failed'), 'title')).toContain('GMRES did not converge');
    // the pointer over the gap at Δ = 0.7 (point 22)
    const [px, py] = await clientOf(0, 0.7, 0.5);
    await moveUntil(px, py, (sel) => (document.querySelector(sel)?.textContent ?? '').includes('failed at'), tid('statusbar-readout'));
    expect(await readout()).toContain('truncation: K = 12 would need 2.1 GB');
    await screenshots('failed-points');
    await page.mouse.move(px, py + 2);
    await page.screenshot({ path: path.join(shots, 'failed-points-tooltip-1280x800.png') });
  });

  it("a click on a curve in a study's tab inspects that point", async () => {
    await page.click(`${tid('tab-study-scan')}`);
    await page.waitForSelector(`${tid('study-view-scan')} ${tid('panel-0')}[data-state="ready"]`);
    const at = await chartClient(page, `${tid('study-view-scan')} .chart`, 0.5, 0.5);
    await page.mouse.click(at[0], at[1]);
    await page.waitForSelector(`${tid('point-inspector')}[data-study="scan"][data-state="ready"]`, { timeout: 30_000 });
    // Δ/κ ∈ [−1.5, 1.5] in steps of 0.05: Δ = 0.5 is point 40
    expect(await page.getAttribute(tid('point-inspector'), 'data-index')).toBe('40');
    expect(Number(await page.getAttribute(`${tid('point-coords')} td`, 'data-value'))).toBeCloseTo(0.5, 12);
    expect(await page.getAttribute(`${tid('study-view-scan')} ${tid('panel-0')}`, 'data-selected')).toBe('true');
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('point-inspector'), { state: 'detached' });
  });

  it('raised no page errors and no console errors', () => {
    expect(s.pageErrors).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
