/**
 * End to end, the network editor's classical form (issue 18): `nrlab serve` driven in Chromium at
 * 1440×900. A new project gets a parameter set of the tcmt-network model and a study of it; in the
 * set's structure editor the chain3-nonlocal preset, then a new loss term made nonlocal on r2
 * referencing another resonator (its reference picked, its P_sat not applicable), the schematic
 * drawing the new dashed arrow, a bad rate named at its cell and not applied; the study's
 * quantities still resolve. Screenshot of the editor in test-results/screenshots/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../src-core/models/registry';
import { E2eSession, shots, textHas, tid, undoNames, valueIs } from './helpers/session';

const s = new E2eSession();
let page: Page;
const VIEW = { width: 1440, height: 900 };
const model = getModel('tcmt-network');
const chain = model.structure!.presets.find((p) => p.id === 'chain3-nonlocal')!;

beforeAll(async () => {
  page = await s.start(VIEW);
});

afterAll(async () => {
  await s.close();
});

describe('the tcmt-network structure editor', () => {
  it('a new project: a parameter set of the tcmt-network model with its editor, and a study of it', async () => {
    await page.goto(s.url);
    await page.click(tid('new-project'));
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-empty-add-set'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="set"]`);
    await page.selectOption(tid('set-model'), { label: model.title });
    await page.waitForSelector(tid('structure-editor'));
    await page.waitForSelector(`${tid('structure-schematic')} svg`);
    await page.selectOption(tid('structure-preset'), chain.id);
    await undoNames(page, `Use the preset ${chain.name} in Parameters`);
    await valueIs(page, tid('cell-resonators-2-name'), 'r3');
    // the preset's nonlocal term: a choice, its reference a resonator, its P_sat not applicable
    await valueIs(page, tid('cell-losses-0-kind'), 'nonlocal');
    await valueIs(page, tid('cell-losses-0-reference'), 'r1');
    expect(await page.getAttribute(tid('cell-losses-0-P_sat'), 'data-na')).toBe('true');
    expect(await page.isDisabled(tid('cell-losses-0-P_sat'))).toBe(true);
    expect(await page.textContent(tid('row-label-ports-1'))).toBe('port 2');
    await page.waitForSelector(`${tid('structure-schematic')} [data-id="nonlocal-0"][data-role="loss"]`);

    await page.click(tid('tree-add-study'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"]`);
    await page.selectOption(tid('study-model'), model.id);
    await valueIs(page, tid('inspector-set'), 'set-1');
    await page.waitForSelector(tid('quantity-S21.abs'));
    await page.waitForSelector(tid('quantity-isolation_12'));
  });

  it('adds a loss term, makes it nonlocal on r2 referencing another resonator: the schematic draws it', async () => {
    await page.click(tid('tree-set-set-1'));
    await page.waitForSelector(tid('structure-editor'));
    await page.click(tid('add-losses'));
    await undoNames(page, 'Add a loss term in Parameters');
    await valueIs(page, tid('cell-losses-1-kind'), 'linear');
    await page.selectOption(tid('cell-losses-1-resonator'), 'r2');
    await undoNames(page, 'Edit lossy resonator of loss term 2 in Parameters');
    // the terms are listed resonator by resonator (the spec's order): r2's new term comes first now
    await valueIs(page, tid('cell-losses-0-resonator'), 'r2');
    await valueIs(page, tid('cell-losses-1-resonator'), 'r3');
    expect(await page.getAttribute(tid('cell-losses-0-reference'), 'data-na')).toBe('true');
    await page.selectOption(tid('cell-losses-0-kind'), 'nonlocal');
    await undoNames(page, 'Edit kind of loss term 1 in Parameters');
    // the reference starts at the first other resonator; the model's check takes it
    await valueIs(page, tid('cell-losses-0-reference'), 'r1');
    await page.selectOption(tid('cell-losses-0-reference'), 'r3');
    await undoNames(page, 'Edit reference resonator of loss term 1 in Parameters');
    // two nonlocal arrows now: r3 → r2 (the new one) and r1 → r3
    await page.waitForSelector(`${tid('structure-schematic')} [data-id="nonlocal-0"][data-role="loss"]`);
    await page.waitForSelector(`${tid('structure-schematic')} [data-id="nonlocal-1"][data-role="loss"]`);
    await textHas(page, tid('structure-schematic'), '|aᵣ₃|');
    await textHas(page, tid('structure-schematic'), '|aᵣ₁|');
  });

  it('a bad rate is named at its cell and not applied; fixed, it is', async () => {
    await page.fill(tid('cell-losses-0-gamma'), '-0.5');
    await page.waitForSelector(tid('cell-error-losses-0-gamma'));
    expect(await page.textContent(tid('cell-error-losses-0-gamma'))).toMatch(/Rate: must be ≥ 0, got -0.5/);
    expect(await page.getAttribute(tid('cell-losses-0-gamma'), 'aria-invalid')).toBe('true');
    await page.fill(tid('cell-losses-0-gamma'), '0.3');
    await page.press(tid('cell-losses-0-gamma'), 'Enter');
    await undoNames(page, 'Edit rate of loss term 1 in Parameters');
    await page.waitForSelector(tid('cell-error-losses-0-gamma'), { state: 'detached' });
    await textHas(page, tid('structure-schematic'), 'γₖ 0.3');
    // no raw markup in the editor
    expect(await page.textContent(tid('structure-editor'))).not.toMatch(/_\{|\^\{|κ_|γ_|P_sat|P_\{/);
  });

  it('the study’s quantities still resolve; a screenshot of the editor', async () => {
    await page.click(tid('tree-study-study-1'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"]`);
    await page.waitForSelector(tid('quantity-S21.abs'));
    expect(await page.locator(tid('quantities-error')).count()).toBe(0);
    await page.click(tid('tree-set-set-1'));
    await page.waitForSelector(tid('structure-editor'));
    // the preset again for the picture
    await page.selectOption(tid('structure-preset'), chain.id);
    await undoNames(page, `Use the preset ${chain.name} in Parameters`);
    await page.locator(tid('structure-editor')).scrollIntoViewIfNeeded();
    const file = path.join(shots, `tcmt-editor-${VIEW.width}x${VIEW.height}.png`);
    await page.screenshot({ path: file });
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
    expect(s.pageErrors).toEqual([]);
  });
});
