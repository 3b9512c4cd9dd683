/**
 * End to end, a Branches (continuation) study in the app: `nrlab serve` driven in Chromium at
 * 1440×900. A new project gets a parameter set of the tcmt-network model with the bistable Kerr
 * preset and a study of it made a Branches study; its range and sweep are typed, a bad range is
 * named and not applied, and the run draws the S-curve with as many points as the same
 * continuation and sweep give when computed here (stable and unstable stretches, folds, sweeps).
 * Screenshot in test-results/screenshots/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchSpec } from '../../src-core/figures/branch-panel';
import { countLinePoints } from '../../src-core/figures/panel-data';
import { getModel } from '../../src-core/models/registry';
import { canonicalTcmtSpec, TCMT_PRESETS } from '../../src-core/models/tcmt-network';
import { runContinuationStudy } from '../../src-core/studies/continuation';
import { E2eSession, shots, textHas, tid, undoNames, valueIs } from './helpers/session';

const s = new E2eSession();
let page: Page;
const model = getModel('tcmt-network');
const kerr = model.structure!.presets.find((p) => p.id === 'kerr-bistable')!;

beforeAll(async () => {
  page = await s.start({ width: 1440, height: 900 });
});

afterAll(async () => {
  await s.close();
});

describe('a Branches study', () => {
  it('is set up from an empty project: the Kerr preset, the Branches kind, its range and sweep', async () => {
    await page.goto(s.url);
    await page.click(tid('new-project'));
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-empty-add-set'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="set"]`);
    await page.selectOption(tid('set-model'), { label: model.title });
    await page.waitForSelector(tid('structure-editor'));
    await page.selectOption(tid('structure-preset'), kerr.id);
    await undoNames(page, `Use the preset ${kerr.name} in Parameters`);
    await page.click(tid('tree-add-study'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"]`);
    await page.selectOption(tid('study-model'), model.id);
    await valueIs(page, tid('inspector-set'), 'set-1');
    await page.click(tid('study-kind-continuation'));
    await page.waitForSelector(tid('continuation-editor'));
    await textHas(page, tid('inspector-kind'), 'Steady-state branches');
    // a range the wrong way round is refused, named, and not applied
    await page.fill(tid('continuation-from'), '6');
    await page.fill(tid('continuation-to'), '-2');
    await page.press(tid('continuation-to'), 'Enter');
    await textHas(page, tid('study-setup-error'), 'must be above');
    await page.fill(tid('continuation-from'), '-2');
    await page.fill(tid('continuation-to'), '6');
    await page.fill(tid('continuation-steps'), '21');
    await page.press(tid('continuation-steps'), 'Enter');
    await valueIs(page, tid('continuation-from'), '-2');
    await valueIs(page, tid('continuation-steps'), '21');
    await textHas(page, tid('study-cost'), '21-value up/down sweep');
  });

  it('runs and draws every branch with its stability, the folds and both sweeps', async () => {
    await page.click(tid('study-run'));
    const panel = `${tid('study-view-study-1')} ${tid('panel-0')}`;
    await page.waitForSelector(`${panel}[data-state="ready"]`, { timeout: 120_000 });
    // the same study computed here: the points the panel must draw
    const r = runContinuationStudy('tcmt-network', { spec: canonicalTcmtSpec(TCMT_PRESETS.find((p) => p.id === kerr.id)!.spec) }, { vary: 'omega', from: -2, to: 6, sweepSteps: 21 });
    const data = { studyId: 's', source: 'stored' as const, key: 'r', status: 'succeeded' as const, axes: [], shape: [], data: r.arrays, quantities: r.quantities, state: new Uint8Array(0), finished: 1, failures: new Map(), output: r.output, revision: 0 };
    const spec = branchSpec({ study: 's', kind: 'branches', series: [{ quantity: 'a.r1.abs' }] }, () => data);
    expect(spec.series.map((x) => x.id)).toEqual(['0.stable', '0.unstable', '0.folds', '0.up', '0.down']);
    await page.selectOption(tid('study-view-branch-quantity'), 'a.r1.abs');
    await page.waitForFunction(([sel, n]) => document.querySelector(sel as string)?.getAttribute('data-points') === String(n), [panel, countLinePoints(spec)] as const);
    expect(await page.textContent(tid('inspector'))).not.toMatch(/[_^]\{/);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, 'branches-kerr-1440x900.png') });
  });
});
