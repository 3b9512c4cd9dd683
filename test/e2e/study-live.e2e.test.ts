/**
 * End to end, live exploration in a project study's tab (issue 19): `nrlab serve` (2 workers) in
 * Chromium at 1440×900. A project with a quantum 1-D study (T and g² of the three-cavity model
 * against Δ/κ at the paper's Fig. 2 point) is opened and run; the κ_b slider of the study inspector
 * is dragged: the study's tab redraws with approximate curves, marked so, and nothing is committed
 * meanwhile. On release the value is committed as one undoable edit and the study runs: the curve
 * drawn then is its stored result, equal to the sweep solved here (src-core solvePoint) at the
 * released value; the saved project holds that value; Undo restores the old one (and the result
 * is then stale). Escape during a drag brings the stored result back and commits nothing.
 * Screenshot during the drag: test-results/screenshots/study-live-drag-1440x900.png.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectArchive } from '../../src-core/project/container';
import { studyParams } from '../../src-core/project/fingerprint';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../src-core/project/types';
import { solvePoint } from '../../src-core/tasks/solver-tasks';
import { E2eSession, shots, tid } from './helpers/session';

const s = new E2eSession();
let page: Page;
const work = mkdtempSync(path.join(os.tmpdir(), 'nrlab-e2e-study-live-'));
const file = path.join(work, 'live.nrlab');

/** The paper's Fig. 2 point without the detunings (the study sweeps Δ). */
const FIG2 = {
  solver: 'quantum',
  kappa_a: 1,
  kappa_c: 1,
  kappa_b: 1,
  U_a: 5,
  U_c: 5,
  J_ab: 'sqrt(2)/2',
  J_bc: 'sqrt(2)/2',
  J_ac: 'sqrt(2)/2',
  theta: '-pi/4',
  Omega: 0.1,
};
const POINTS = 41;

function project(): ProjectDocument {
  const now = '2026-02-01T00:00:00.000Z';
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Live study (e2e)',
    created: now,
    modified: now,
    app: { name: 'NR Lab', version: '0.1.0' },
    parameterSets: [{ id: 'opt', name: 'Fig. 2 optimum', model: 'three-cavity', params: { ...FIG2 } }],
    studies: [
      {
        id: 'scan',
        name: 'Detuning scan',
        title: 'T and g^{(2)}(0) in both directions against Δ/κ',
        kind: 'sweep',
        model: 'three-cavity',
        parameterSet: 'opt',
        params: {},
        axes: [{ key: 'Delta', start: -2, stop: 2, count: POINTS }],
        quantities: ['a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2'],
      },
    ],
    figures: [],
  };
}

interface Drawn {
  preview: boolean;
  approximate: string;
  key: string;
  series: { id: string; quantity: string; x: number[]; y: number[] }[];
}

const PANEL = `${tid('study-view-scan')} ${tid('panel-0')}`;

async function drawn(): Promise<Drawn> {
  return page.evaluate((sel) => (document.querySelector(sel) as HTMLElement & { nrlabPanel: () => Drawn }).nrlabPanel(), PANEL);
}

/** The study's sweep at κ_b, solved here point by point (the worker's code, in this process). */
function reference(kappaB: number, x: number[]): { ac: number[]; ca: number[] } {
  const ac: number[] = [];
  const ca: number[] = [];
  for (const d of x) {
    const r = solvePoint({ model: 'three-cavity', params: { ...FIG2, kappa_b: kappaB, Delta: d } }).scalars;
    ac.push(r['a_to_c.T']!);
    ca.push(r['c_to_a.T']!);
  }
  return { ac, ca };
}

function expectClose(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i]!)));
}

/** The curves of T in both directions as drawn. */
function transmissions(d: Drawn): { x: number[]; ac: number[]; ca: number[] } {
  const ac = d.series.find((c) => c.quantity === 'a_to_c.T');
  const ca = d.series.find((c) => c.quantity === 'c_to_a.T');
  if (!ac || !ca) throw new Error(`the panel draws ${d.series.map((c) => c.quantity).join(', ')}, not both transmissions`);
  return { x: ac.x, ac: ac.y, ca: ca.y };
}

const undoTitle = async (): Promise<string> => (await page.getAttribute(tid('action-undo'), 'title')) ?? '';

beforeAll(async () => {
  page = await s.start({ width: 1440, height: 900 });
  writeFileSync(file, zipSync({ 'project.json': strToU8(JSON.stringify(project())) }));
  page.on('dialog', (d) => void d.accept());
  await page.goto(s.url);
  await page.waitForSelector(tid('start-screen'));
  await page.click(tid('open-project'));
  await page.waitForSelector(tid('dialog-path'));
  await page.fill(tid('dialog-path'), file);
  await page.click(tid('dialog-ok'));
  await page.waitForSelector(tid('project-workbench'));
  await page.click(tid('tree-study-scan'));
  await page.waitForSelector(tid('study-view-scan'));
  await page.click(tid('study-run'));
  await page.waitForSelector(`${PANEL}[data-state="ready"][data-stale="false"]`, { timeout: 90_000 });
  await page.waitForFunction((sel) => !document.querySelector(sel), tid('study-cancel'), { timeout: 90_000 });
}, 180_000);

afterAll(async () => {
  await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('live exploration in a study’s tab', () => {
  it('dragging κ_b redraws the study approximately (marked, nothing committed); the release commits one edit and runs the study exactly', async () => {
    expect(await undoTitle()).toBe('Nothing to undo');
    const stored = await drawn();
    expect(stored.preview).toBe(false);
    const slider = page.locator(tid('study-slider-kappa_b'));
    await slider.scrollIntoViewIfNeeded();
    // a swept parameter (Δ sets Δ_a, Δ_b, Δ_c) and an integer one have no slider
    expect(await page.$(tid('study-slider-Delta_a'))).toBeNull();
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    const at = (kb: number): number => box.x + 8 + ((box.width - 16) * kb) / 3;
    await page.mouse.move(at(1), y);
    await page.mouse.down();
    let previews = 0;
    let lastKey = '';
    let shot = false;
    for (let i = 0; i < 400 && !(previews >= 2 && shot); i++) {
      await page.mouse.move(at(1 + 0.8 * Math.sin(i / 6) ** 2), y);
      if ((await page.getAttribute(PANEL, 'data-preview')) !== 'approximate') continue;
      const d = await drawn();
      if (d.key === lastKey) continue;
      lastKey = d.key;
      previews++;
      expect(d.preview).toBe(true);
      expect(d.approximate).toMatch(/^truncation 3, \d+ points$/);
      const t = transmissions(d);
      // a coarse curve: fewer points than the study's
      expect(t.x.length).toBeLessThan(POINTS);
      expect(await page.textContent(tid('panel-approximate'))).toMatch(/^Approximate · truncation 3, \d+ points/);
      expect(await page.isVisible(tid('study-view-live'))).toBe(true);
      // nothing is committed while dragging
      expect(await undoTitle()).toBe('Nothing to undo');
      if (!shot && previews >= 1) {
        await page.screenshot({ path: path.join(shots, 'study-live-drag-1440x900.png') });
        shot = true;
      }
    }
    expect(previews).toBeGreaterThanOrEqual(2);
    await page.mouse.move(at(1.8), y);
    await page.mouse.up();
    // the preview stays until the study's own run has stored its result, then the stored result is drawn
    await page.waitForSelector(`${PANEL}[data-preview="none"][data-state="ready"][data-stale="false"]`, { timeout: 90_000 });
    await page.waitForFunction((sel) => !document.querySelector(sel), tid('study-cancel'), { timeout: 90_000 });
    expect(await page.isVisible(tid('panel-approximate'))).toBe(false);
    await page.screenshot({ path: path.join(shots, 'study-live-exact-1440x900.png') });
    const text = await page.inputValue(tid('study-param-kappa_b'));
    const kb = Number(text);
    expect(kb).toBeGreaterThan(1.5);
    expect(kb).toBeLessThanOrEqual(1.9);
    // one undoable edit for the whole drag
    expect(await undoTitle()).toMatch(/^Undo Edit .+ of Detuning scan \(Ctrl\+Z\)$/);
    const d = await drawn();
    expect(d.preview).toBe(false);
    expect(d.key).not.toBe(stored.key);
    const t = transmissions(d);
    expect(t.x).toHaveLength(POINTS);
    const ref = reference(kb, t.x);
    expectClose(t.ac, ref.ac);
    expectClose(t.ca, ref.ca);
    // nonreciprocal: the two directions differ, so the comparison is not of a flat line
    expect(Math.max(...t.ac.map((v, i) => Math.abs(v - t.ca[i]!)))).toBeGreaterThan(0.05);

    // saved: the study holds the released value, and its stored result is of those inputs
    await page.click(tid('action-save'));
    await page.waitForFunction((sel) => !document.querySelector(sel)?.classList.contains('hot'), tid('action-save'));
    const saved = ProjectArchive.open(new Uint8Array(readFileSync(file))).doc;
    const study = saved.studies.find((x) => x.id === 'scan')!;
    expect(Number(studyParams(saved, study).kappa_b)).toBe(kb);
    expect(study.result?.id).toBe(d.key);

    // Undo: exactly one entry (after it, nothing is left to undo); the old value is back, the result is stale
    await page.click(tid('action-undo'));
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement).value === '1', tid('study-param-kappa_b'));
    expect(await undoTitle()).toBe('Nothing to undo');
    await page.waitForSelector(`${PANEL}[data-stale="true"]`);
    expect(s.pageErrors).toEqual([]);
  }, 180_000);

  it('Escape during a drag gives it up: the stored result shows again and nothing is committed', async () => {
    const before = await drawn();
    const undoBefore = await undoTitle();
    const slider = page.locator(tid('study-slider-kappa_b'));
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    const at = (kb: number): number => box.x + 8 + ((box.width - 16) * kb) / 3;
    await page.mouse.move(at(1), y);
    await page.mouse.down();
    let saw = false;
    for (let i = 0; i < 400 && !saw; i++) {
      await page.mouse.move(at(1 + 0.5 * Math.sin(i / 6) ** 2), y);
      saw = (await page.getAttribute(PANEL, 'data-preview')) === 'approximate';
    }
    expect(saw).toBe(true);
    // held still: the exact curve at the value shown, as a preview (not stored, nothing committed)
    await page.waitForSelector(`${PANEL}[data-preview="exact"]`, { timeout: 60_000 });
    expect(await page.textContent(tid('panel-approximate'))).toBe('Preview · exact, not stored until the slider is released');
    expect((await drawn()).series[0]!.x).toHaveLength(POINTS);
    expect(await undoTitle()).toBe(undoBefore);
    await page.keyboard.press('Escape');
    await page.waitForSelector(`${PANEL}[data-preview="none"]`);
    await page.mouse.move(at(2.5), y);
    await page.mouse.up();
    expect(await page.inputValue(tid('study-param-kappa_b'))).toBe('1');
    const after = await drawn();
    expect(after.key).toBe(before.key);
    expect(await undoTitle()).toBe(undoBefore);
    // a late coarse answer is never drawn after the drag was given up
    await page.waitForTimeout(300);
    expect(await page.getAttribute(PANEL, 'data-preview')).toBe('none');
    expect(await page.isVisible(tid('study-cancel'))).toBe(false);
    expect(s.pageErrors).toEqual([]);
  }, 120_000);
});
