/**
 * End to end, authoring (the done criterion of issue 14 §2): `nrlab serve` (fresh NRLAB_DATA_DIR)
 * driven in Chromium at 1440×900. From a NEW EMPTY project: add a 1-D sweep and a 2-D map on the
 * three-cavity model (classical solver, small grids) with the study editor, rename one from the
 * keyboard (F2), build a figure whose line panel overlays curves from both studies beside a
 * heatmap of the map, run both studies from the figure, and export it at APS single column as a
 * PDF; undo and redo an add and a delete. Screenshots of the empty project, the study editor and
 * the figure editor in test-results/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eSession, shots, textHas, tid, undoNames, valueIs } from './helpers/session';

const s = new E2eSession();
let page: Page;
const work = mkdtempSync(path.join(os.tmpdir(), 'nrlab-e2e-authoring-'));
const VIEW = { width: 1440, height: 900 };

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}-${VIEW.width}x${VIEW.height}.png`) });
}

/** Commit a typed value (Enter) and wait for the study's cost line to show the new grid. */
async function setPoints(axis: number, n: string, cost: string): Promise<void> {
  await page.fill(tid(`axis-${axis}-points`), n);
  await page.press(tid(`axis-${axis}-points`), 'Enter');
  await textHas(page, tid('study-cost'), cost);
}

/** The classical solver (no truncation: each point in microseconds). */
async function classical(): Promise<void> {
  await page.selectOption(tid('study-param-solver'), 'classical');
  await textHas(page, tid('study-cost'), 'classical');
}

beforeAll(async () => {
  page = await s.start(VIEW);
});

afterAll(async () => {
  await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('authoring from a new empty project', () => {
  it('a new project offers Add in every section', async () => {
    await page.goto(s.url);
    await page.click(tid('new-project'));
    await page.waitForSelector(tid('project-workbench'));
    for (const k of ['set', 'study', 'figure']) await page.waitForSelector(tid(`tree-empty-add-${k}`));
    expect(await page.textContent(tid('tree'))).not.toContain('None');
    await shot('authoring-empty-project');
  });

  it('builds a 1-D sweep with the study editor and renames it with F2', async () => {
    await page.click(tid('tree-empty-add-study'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"][data-id="study-1"]`);
    await classical();
    await page.selectOption(tid('axis-0-key'), 'Delta');
    await valueIs(page, tid('axis-0-start'), '-1.5');
    await setPoints(0, '41', '41 points');
    // F2 on the tree row: inline rename, Enter commits
    await page.focus(tid('tree-study-study-1'));
    await page.keyboard.press('F2');
    await page.waitForSelector(tid('tree-rename-input'));
    await page.fill(tid('tree-rename-input'), 'Detuning sweep');
    await page.keyboard.press('Enter');
    await textHas(page, tid('tree-study-study-1'), 'Detuning sweep');
    expect(await page.getAttribute(tid('tree-study-study-1'), 'title')).toBe('Detuning sweep');
  });

  it('builds a 2-D map: kind, axes over Δ and a list of κ_b values', async () => {
    await page.click(tid('tree-add-study'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"][data-id="study-2"]`);
    await page.click(tid('study-kind-sweep2'));
    await page.waitForSelector(tid('axis-1-key'));
    await classical();
    await page.selectOption(tid('axis-0-key'), 'Delta');
    await valueIs(page, tid('axis-0-start'), '-1.5');
    await page.selectOption(tid('axis-1-key'), 'kappa_b');
    await valueIs(page, tid('axis-1-start'), '0');
    await page.click(tid('axis-1-form-list'));
    await valueIs(page, tid('axis-1-values'), '0, 0.75, 1.5, 2.25, 3');
    await setPoints(0, '21', '105 points');
    await page.fill(tid('inspector-name'), 'Detuning map');
    await page.press(tid('inspector-name'), 'Enter');
    await textHas(page, tid('tree-study-study-2'), 'Detuning map');
    expect(await page.getAttribute(`${tid('study-kind-sweep2')}`, 'aria-checked')).toBe('true');
    await shot('authoring-study-editor');
  });

  it('builds a figure: a heatmap of the map and a panel overlaying curves from both studies', async () => {
    await page.click(tid('tree-add-figure'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="figure"]`);
    await page.waitForSelector(tid('panel-editor-0'));
    expect(await page.inputValue(tid('panel-0-kind'))).toBe('heatmap');
    expect(await page.inputValue(tid('panel-0-study'))).toBe('study-2');
    await page.selectOption(tid('figure-add-study'), 'study-1');
    await page.click(tid('figure-add-panel'));
    await page.waitForSelector(tid('panel-editor-1'));
    expect(await page.inputValue(tid('figure-cols'))).toBe('2');
    expect(await page.inputValue(tid('panel-1-kind'))).toBe('line');
    await page.fill(tid('panel-1-series-0-label'), 'sweep');
    await page.press(tid('panel-1-series-0-label'), 'Enter');
    await undoNames(page, 'Legend of a curve of panel 2 in Figure');
    // + Curve overlays the same quantity from the other study with a Δ axis: the map (one curve per κ_b value)
    await page.click(tid('panel-1-add-series'));
    await undoNames(page, 'Overlay Detuning map in panel 2 in Figure');
    await valueIs(page, tid('panel-1-series-1-study'), 'study-2');
    expect(await page.inputValue(tid('panel-1-series-1-quantity'))).toBe(await page.inputValue(tid('panel-1-series-0-quantity')));
    await page.fill(tid('panel-1-series-1-label'), 'map');
    await page.press(tid('panel-1-series-1-label'), 'Enter');
    await undoNames(page, 'Legend of a curve of panel 2 in Figure');
    await page.fill(tid('panel-1-ylabel'), 'T_{a→c}');
    await page.press(tid('panel-1-ylabel'), 'Enter');
    await undoNames(page, 'Y title of panel 2 in Figure');
    // native option lists show no raw markup
    const options = await page.locator(`${tid('figure-editor')} option`).allTextContents();
    for (const o of options) expect(o).not.toMatch(/_\{|\^\{/);
  });

  it('runs both studies from the figure; the figure draws them', async () => {
    await page.click(tid('figure-run-all'));
    await page.waitForSelector(`${tid('study-badge-study-1')}[data-status="succeeded"]`, { timeout: 60_000 });
    await page.waitForSelector(`${tid('study-badge-study-2')}[data-status="succeeded"]`, { timeout: 60_000 });
    await page.waitForSelector(`${tid('panel-0')}[data-state="ready"]`, { timeout: 60_000 });
    await page.waitForSelector(`${tid('panel-1')}[data-state="ready"]`, { timeout: 60_000 });
    await shot('authoring-figure-editor');
  });

  it('exports the figure at APS single column as a PDF', async () => {
    await page.click(tid('figure-export'));
    await page.waitForSelector(tid('export-dialog'));
    await page.selectOption(tid('export-preset'), 'aps-single');
    await textHas(page, tid('export-size'), '3.40 ×');
    await page.waitForFunction((sel) => {
      const img = document.querySelector(sel) as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    }, tid('export-preview'));
    // the preflight of this figure at one APS column passes (type size, plot size, no overlaps)
    await page.waitForSelector(tid('export-preflight-ok'), { timeout: 30_000 });
    expect(await page.locator(tid('export-findings')).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-go'))]);
    const file = path.join(work, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // one APS column wide (3.4 in = 244.8 pt), every font embedded
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(Number(/Page size:\s+([\d.]+) x/.exec(info)![1])).toBeCloseTo(244.8, 1);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f, f).toMatch(/\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('export-dialog'), { state: 'detached' });
  });

  it('undo and redo an add and a delete', async () => {
    await page.click(tid('tree-add-set'));
    await page.waitForSelector(tid('tree-set-set-1'));
    await page.focus(tid('tree-set-set-1'));
    await page.keyboard.press('Control+z');
    await page.waitForSelector(tid('tree-set-set-1'), { state: 'detached' });
    await page.waitForSelector(tid('tree-empty-set'));
    await page.keyboard.press('Control+y');
    await page.waitForSelector(tid('tree-set-set-1'));
    // delete: a confirmation, then gone; Ctrl+Z brings it back
    await page.click(tid('tree-set-set-1'));
    await page.keyboard.press('Delete');
    await page.waitForSelector(tid('dialog-message'));
    expect(await page.textContent(tid('dialog-message'))).toContain('Delete the parameter set "Parameters"?');
    await page.click(tid('dialog-choice-delete'));
    await page.waitForSelector(tid('tree-set-set-1'), { state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.waitForSelector(tid('tree-set-set-1'));
    expect(s.pageErrors).toEqual([]);
  });
});
