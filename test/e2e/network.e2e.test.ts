/**
 * End to end, the network editor (the done criterion of issue 16): `nrlab serve` (fresh
 * NRLAB_DATA_DIR) driven in Chromium at 1440×900. From a NEW EMPTY project: a parameter set of the
 * cavity-network model, built in its editor — a preset, a coupling phase edited, a bad cell named
 * and fixed, a mode added and coupled — then a 2-D map over two of its dotted parameters (the new
 * coupling's J and a mode's detuning; classical solver, small grid), run, and a figure with the map
 * and the network's schematic, exported as SVG (the schematic is in it, as text and shapes).
 * Screenshots of the editor and the figure in test-results/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModels } from '../../src-core/models/registry';
import { E2eSession, shots, textHas, tid, undoNames, valueIs } from './helpers/session';

const s = new E2eSession();
let page: Page;
const work = mkdtempSync(path.join(os.tmpdir(), 'nrlab-e2e-network-'));
const VIEW = { width: 1440, height: 900 };
/** The model with a structure editor (the cavity network), as the registry describes it. */
const network = listModels().find((m) => m.structure)!;
const threeCavity = network.structure!.presets.find((p) => (p.value.modes as unknown[]).length === 3)!;

async function shot(name: string): Promise<string> {
  const file = path.join(shots, `${name}-${VIEW.width}x${VIEW.height}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Type into a cell (each keystroke checked), then Enter (applied). */
async function typeCell(id: string, text: string, enter = true): Promise<void> {
  await page.fill(tid(id), text);
  if (enter) await page.press(tid(id), 'Enter');
}

beforeAll(async () => {
  page = await s.start(VIEW);
});

afterAll(async () => {
  await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a network built in the editor, mapped and drawn in a figure', () => {
  it('a new empty project gets a parameter set of the network model: its editor and schematic', async () => {
    await page.goto(s.url);
    await page.click(tid('new-project'));
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-empty-add-set'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="set"]`);
    await page.selectOption(tid('set-model'), { label: network.title });
    await page.waitForSelector(tid('structure-editor'));
    await page.waitForSelector(`${tid('structure-schematic')} svg`);
  });

  it('builds the network: a preset, a phase, a bad cell named then fixed, a new mode coupled to a', async () => {
    await page.selectOption(tid('structure-preset'), threeCavity.id);
    await undoNames(page, `Use the preset ${threeCavity.name} in Parameters`);
    await valueIs(page, tid('cell-couplings-0-phase'), '-pi/4');
    // the a–c phase to +π/4: the schematic follows as it is typed, Enter applies it
    await typeCell('cell-couplings-0-phase', 'pi/4', false);
    await textHas(page, tid('structure-schematic'), 'φ π/4');
    await page.press(tid('cell-couplings-0-phase'), 'Enter');
    await undoNames(page, 'Edit phase of coupling 1 in Parameters');
    // a negative loss is named at its cell and not applied
    await typeCell('cell-modes-1-kappa', '-2', false);
    await page.waitForSelector(tid('cell-error-modes-1-kappa'));
    expect(await page.textContent(tid('cell-error-modes-1-kappa'))).toMatch(/Loss: .*within 0 … 10000/);
    expect(await page.getAttribute(tid('cell-modes-1-kappa'), 'aria-invalid')).toBe('true');
    await typeCell('cell-modes-1-kappa', '2');
    await undoNames(page, 'Edit loss of mode 2 in Parameters');
    await page.waitForSelector(tid('cell-error-modes-1-kappa'), { state: 'detached' });
    // a fourth mode (d), coupled to a; its parameters join the form below
    await page.click(tid('add-modes'));
    await valueIs(page, tid('cell-modes-3-name'), 'd');
    await page.click(tid('add-couplings'));
    await valueIs(page, tid('cell-couplings-3-j'), 'd');
    await typeCell('cell-couplings-3-J', '0.3');
    await undoNames(page, 'Edit strength of coupling 4 in Parameters');
    await page.waitForSelector(tid('set-param-a-d.J'));
    await page.waitForSelector(`${tid('structure-schematic')} [data-id="mode-d"]`);
    await page.waitForSelector(`${tid('structure-schematic')} [data-id="coupling-3"]`);
    expect(await page.textContent(tid('structure-schematic'))).toContain('J 0.3');
    // undo and redo the last edit from the keyboard
    await page.focus(tid('tree-set-set-1'));
    await page.keyboard.press('Control+z');
    await valueIs(page, tid('cell-couplings-3-J'), '0.5');
    await page.keyboard.press('Control+y');
    await valueIs(page, tid('cell-couplings-3-J'), '0.3');
    // no raw markup in what the editor shows
    expect(await page.textContent(tid('structure-editor'))).not.toMatch(/_\{|\^\{|κ_|n_th/);
    await page.locator(tid('structure-editor')).scrollIntoViewIfNeeded();
    const file = await shot('network-editor');
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
  });

  it('maps the network over two of its own parameters (a-d.J × a.Delta, classical) and runs it', async () => {
    await page.click(tid('tree-add-study'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"]`);
    await page.selectOption(tid('study-model'), network.id);
    await valueIs(page, tid('inspector-set'), 'set-1');
    await page.click(tid('study-kind-sweep2'));
    await page.waitForSelector(tid('axis-1-key'));
    await page.selectOption(tid('study-param-solver'), 'classical');
    await textHas(page, tid('study-cost'), 'classical');
    // the axes offer the network's own dotted keys
    const keys = await page.locator(`${tid('axis-0-key')} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(keys).toEqual(expect.arrayContaining(['a-d.J', 'd.Delta', 'a-c.phase']));
    // each edit is a whole document: wait for one to land before the next
    await page.selectOption(tid('axis-0-key'), 'a.Delta');
    await valueIs(page, tid('axis-0-start'), '-1.5');
    await page.selectOption(tid('axis-1-key'), 'a-d.J');
    await valueIs(page, tid('axis-1-start'), '-1.7');
    await page.fill(tid('axis-0-points'), '11');
    await page.press(tid('axis-0-points'), 'Enter');
    await textHas(page, tid('study-cost'), '451 points');
    await page.fill(tid('axis-1-points'), '6');
    await page.press(tid('axis-1-points'), 'Enter');
    await textHas(page, tid('study-cost'), '66 points');
    await page.waitForSelector(`${tid('study-run')}:not([disabled])`);
    await page.click(tid('study-run'));
    await page.waitForSelector(`${tid('study-badge-study-1')}[data-status="succeeded"]`, { timeout: 60_000 });
  });

  it('a figure with the map and the schematic, exported as SVG with the schematic in it', async () => {
    await page.click(tid('tree-add-figure'));
    await page.waitForTimeout(2000);
    await shot('debug-fig');
    await page.waitForSelector(`${tid('inspector')}[data-kind="figure"]`);
    await page.waitForSelector(tid('panel-editor-0'));
    expect(await page.inputValue(tid('panel-0-kind'))).toBe('heatmap');
    await page.click(tid('figure-add-panel'));
    await page.waitForSelector(tid('panel-editor-1'));
    // a schematic is offered for a study whose model has a structure
    expect(await page.locator(`${tid('panel-1-kind')} option`).allTextContents()).toContain('Schematic');
    await page.selectOption(tid('panel-1-kind'), 'schematic');
    await page.waitForSelector(`${tid('panel-1')}[data-kind="schematic"] svg`);
    await page.waitForSelector(`${tid('panel-0')}[data-state="ready"]`, { timeout: 60_000 });
    expect(await page.textContent(tid('panel-1'))).toContain('φ π/4');
    const file = await shot('network-figure');
    expect(readFileSync(file).length).toBeGreaterThan(10_000);

    await page.click(tid('figure-export'));
    await page.waitForSelector(tid('export-dialog'));
    await page.click(tid('export-format-svg'));
    await page.waitForFunction((sel) => {
      const img = document.querySelector(sel) as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    }, tid('export-preview'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-go'))]);
    const out = path.join(work, download.suggestedFilename());
    await download.saveAs(out);
    expect(download.suggestedFilename()).toMatch(/\.svg$/);
    const svg = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    // the schematic: the four modes by name, the edited phase, the new coupling, the ports
    for (const t of ['>a<', '>b<', '>c<', '>d<', 'φ π/4', 'J 0.3', 'κ 2', 'Ω 0.1', '>out<']) expect(svg, t).toContain(t);
    // and the map beside it (its raster)
    expect(svg).toContain('<image');
    await page.keyboard.press('Escape');
    expect(s.pageErrors).toEqual([]);
  });
});
