/**
 * End to end, projects: `nrlab serve` (with a fresh NRLAB_DATA_DIR) driven in Chromium (the
 * system's /usr/bin/chromium or $CHROMIUM_PATH, never downloaded). New from example → open a
 * figure → run its study and watch the panel fill → Save As → close → reopen from Recent → the
 * figure shows the stored results; a bad parameter value is shown inline; damaged files are
 * refused with a dialog naming the field. Screenshots of the start screen, the project with tree
 * and figure, and the inspector at 1280×800 and 1920×1080, light and dark.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectArchive } from '../../src-core/project/container';
import { exampleByName } from '../../src-core/project/examples/index';
import { E2eSession, shots, tid } from './helpers/session';

const s = new E2eSession();
let page: Page;

const work = mkdtempSync(path.join(os.tmpdir(), 'nrlab-e2e-projects-'));
/** Native browser dialogs the page opened (beforeunload). */
const dialogsSeen: string[] = [];

async function attr(sel: string, name: string): Promise<string | null> {
  return page.getAttribute(sel, name);
}

/** Screenshots at both window sizes, with `show` scrolled into view. */
const screenshots = (name: string, show?: string): Promise<void> => s.screenshots(name, show ? () => page.locator(show).scrollIntoViewIfNeeded() : undefined);

/** Nothing spills out of the window or out of the three panes. */
async function expectNoOverflow(): Promise<void> {
  const o = await page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));
  expect(o).toEqual({ x: 0, y: 0 });
}

/** Type a path into the browser-mode file dialog and confirm. */
async function answerPathDialog(file: string): Promise<void> {
  await page.waitForSelector(tid('dialog-path'));
  await page.fill(tid('dialog-path'), file);
  await page.click(tid('dialog-ok'));
}

const PANEL = tid('panel-0');
/** fig2a of seed 000: T_{a→c} and T_{c→a} of the two-cavity system at 161 detunings. */
const FIG2A_POINTS = 2 * 161;

/** Unsaved work a crashed session left behind: a recovery file and its description. */
function leaveRecoveryFile(): void {
  const dir = path.join(s.dataDir, 'recovery');
  mkdirSync(dir, { recursive: true });
  const doc = exampleByName('nonlocal-loss-coupling').build('2026-01-01T00:00:00.000Z');
  doc.title = 'Pulse study (unsaved)';
  writeFileSync(path.join(dir, 'crashed-session.nrlab'), zipSync({ 'project.json': strToU8(JSON.stringify(doc)) }));
  writeFileSync(path.join(dir, 'crashed-session.json'), JSON.stringify({ id: 'crashed-session', title: doc.title, savedAt: '2026-02-03T10:15:00.000Z' }));
}

beforeAll(async () => {
  leaveRecoveryFile();
  page = await s.start();
  // the browser's own "Leave site?" prompt must not block the test when it reloads
  page.on('dialog', (d) => {
    dialogsSeen.push(d.type());
    void d.accept();
  });
}, 180_000);

afterAll(async () => {
  await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('projects in browser mode', () => {
  it('offers to recover the unsaved work of a crashed session; Discard removes it', async () => {
    await page.goto(s.url);
    await page.waitForSelector(tid('start-screen'));
    await page.waitForSelector(tid('recovery-banner'));
    expect(await page.textContent(tid('recovery-banner'))).toMatch(/Recover unsaved work from .*2026.*\?/);
    expect(await page.textContent(tid('recovery-banner'))).toContain('Pulse study (unsaved)');
    await screenshots('start-recovery');
    await page.click(tid('discard-recovery'));
    await page.waitForSelector(tid('recovery-banner'), { state: 'detached' });
    expect(existsSync(path.join(s.dataDir, 'recovery', 'crashed-session.nrlab'))).toBe(false);
  });

  it('starts on the start screen with both examples', async () => {
    expect(await page.textContent(tid('example-loss-induced-nonreciprocity'))).toContain('Loss-induced quantum nonreciprocity');
    expect(await page.textContent(tid('example-nonlocal-loss-coupling'))).toContain('Nonreciprocal coupling by nonlocal loss');
    expect(await page.isVisible(tid('recovery-banner'))).toBe(false);
    await expectNoOverflow();
    await screenshots('start');
  });

  it('new from example → open a figure → run its study: the panel fills while it runs', async () => {
    await page.click(tid('example-loss-induced-nonreciprocity'));
    await page.waitForSelector(tid('project-workbench'));
    expect(await page.textContent(tid('project-title'))).toContain('Loss-induced quantum nonreciprocity');
    expect(await page.isVisible(tid('dirty-marker'))).toBe(true);
    await page.click(tid('tree-figure-fig2a'));
    await page.waitForSelector(`${tid('tab-figure-fig2a')}[aria-selected="true"]`);
    expect(await attr(PANEL, 'data-state')).toBe('none');
    expect(await page.textContent(tid('panel-empty'))).toContain('Not run yet');
    // record every state and point count the panel shows while the study runs
    await page.evaluate((sel) => {
      const el = document.querySelector(sel)!;
      const w = window as unknown as { __seen: string[] };
      w.__seen = [];
      new MutationObserver(() => w.__seen.push(`${el.getAttribute('data-state')}:${el.getAttribute('data-points')}`)).observe(el, {
        attributes: true,
        attributeFilter: ['data-state', 'data-points'],
      });
    }, PANEL);
    await page.click(tid('panel-run'));
    await page.waitForSelector(`${tid('study-badge-two-cavity-detuning')}[data-status="running"]`, { timeout: 10_000 });
    await page.waitForSelector(`${PANEL}[data-state="ready"][data-points="${FIG2A_POINTS}"]`, { timeout: 90_000 });
    expect(await attr(tid('study-badge-two-cavity-detuning'), 'data-status')).toBe('succeeded');
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    expect(seen.some((s) => s.startsWith('running:'))).toBe(true);
    // the counts only grow
    const counts = seen.map((s) => Number(s.split(':')[1]));
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    await expectNoOverflow();
    await screenshots('project-figure');
  });

  it("Fig. 2 keeps the paper's 2×3 order on a 1440-px screen; a narrow window reflows it in reading order", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click(tid('tree-figure-fig2'));
    await page.waitForSelector(`${tid('tab-figure-fig2')}[aria-selected="true"]`);
    const boxes = async (): Promise<{ x: number; y: number }[]> => {
      const out: { x: number; y: number }[] = [];
      for (let k = 0; k < 6; k++) {
        const b = await page.locator(`${tid('figure-fig2')} ${tid(`panel-${k}`)}`).boundingBox();
        out.push({ x: Math.round(b!.x), y: Math.round(b!.y) });
      }
      return out;
    };
    expect(await page.getAttribute(`${tid('figure-fig2')} .grid`, 'data-cols')).toBe('3');
    let b = await boxes();
    // (a) (b) (c) on the first row left to right, (d) (e) (f) below them
    expect(b[0]!.y).toBe(b[1]!.y);
    expect(b[1]!.y).toBe(b[2]!.y);
    expect(b[0]!.x).toBeLessThan(b[1]!.x);
    expect(b[1]!.x).toBeLessThan(b[2]!.x);
    expect(b[3]!.y).toBeGreaterThan(b[0]!.y);
    expect(b[3]!.x).toBe(b[0]!.x);
    expect(b[5]!.x).toBe(b[2]!.x);
    await page.setViewportSize({ width: 900, height: 900 });
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-cols') !== '3', `${tid('figure-fig2')} .grid`);
    b = await boxes();
    // fewer columns, reading order kept: each panel after the previous one (right of it, or on a later row)
    for (let k = 1; k < 6; k++) expect(b[k]!.y > b[k - 1]!.y || (b[k]!.y === b[k - 1]!.y && b[k]!.x > b[k - 1]!.x)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('Save As to a path, close, reopen from Recent: the figure shows the stored result', async () => {
    const file = path.join(work, 'seed000.nrlab');
    await page.click(tid('action-save-as'));
    await answerPathDialog(file);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'seed000.nrlab', tid('project-file'));
    expect(await page.isVisible(tid('dirty-marker'))).toBe(false);
    expect(existsSync(file)).toBe(true);
    await page.click(tid('action-close'));
    await page.waitForSelector(tid('start-screen'));
    expect(await page.isVisible(tid('dialog'))).toBe(false);
    expect(await page.textContent(tid('recent-0'))).toContain('seed000.nrlab');
    await page.click(tid('recent-0'));
    await page.waitForSelector(tid('project-workbench'));
    expect(await page.isVisible(tid('dirty-marker'))).toBe(false);
    await page.click(tid('tree-figure-fig2a'));
    await page.waitForSelector(`${PANEL}[data-state="ready"][data-points="${FIG2A_POINTS}"]`, { timeout: 20_000 });
    expect(await attr(tid('study-badge-two-cavity-detuning'), 'data-status')).toBe('succeeded');
  });

  it('shows a bad parameter value inline in the inspector and does not edit the project', async () => {
    await page.click(tid('tree-study-two-cavity-detuning'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"]`);
    expect(await page.textContent(tid('provenance-solver'))).toBe('quantum');
    expect(await page.textContent(tid('provenance-app'))).toMatch(/^NR Lab \d+\.\d+\.\d+/);
    await page.fill(tid('study-param-kappa_a'), '-1');
    await page.press(tid('study-param-kappa_a'), 'Enter');
    expect(await page.textContent(tid('study-error-kappa_a'))).toContain('must be ≥ 0.0001');
    expect(await page.isDisabled(tid('study-run'))).toBe(true);
    expect(await page.isVisible(tid('dirty-marker'))).toBe(false);
    expect(await page.isDisabled(tid('action-undo'))).toBe(true);
    await screenshots('inspector-invalid', tid('study-error-kappa_a'));
    // a good value is one undoable edit
    await page.fill(tid('study-param-kappa_a'), '1.5');
    await page.press(tid('study-param-kappa_a'), 'Enter');
    await page.waitForSelector(tid('dirty-marker'));
    expect(await attr(tid('action-undo'), 'title')).toBe('Undo Edit κₐ of Two cavities: T and g2 vs Δ (Ctrl+Z)');
    await page.click(tid('action-undo'));
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '1', tid('study-param-kappa_a'));
    expect(await attr(tid('action-redo'), 'title')).toBe('Redo Edit κₐ of Two cavities: T and g2 vs Δ (Ctrl+Y)');
    // undone back to the saved file: no unsaved mark
    await page.waitForSelector(tid('dirty-marker'), { state: 'detached' });
    await screenshots('inspector', tid('inspector-name'));
    // an unsaved change for what follows: rename a parameter set in the tree (F2)
    await page.focus(tid('tree-set-fig2-optimum'));
    await page.keyboard.press('F2');
    await page.fill(tid('tree-rename-input'), 'Fig. 2 optimum (renamed)');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('dirty-marker'));
  });

  it('asks before the tab unloads with unsaved changes; after a reload the project is back, still unsaved', async () => {
    expect(await page.isVisible(tid('dirty-marker'))).toBe(true);
    await page.reload();
    await page.waitForSelector(tid('project-workbench'));
    expect(dialogsSeen).toContain('beforeunload');
    expect(await page.isVisible(tid('dirty-marker'))).toBe(true);
    expect(await page.textContent(tid('project-file'))).toContain('seed000.nrlab');
  });

  it('an edited study shows its stored result as stale in the tree and the figure; undo makes it fresh', async () => {
    await page.click(tid('tree-study-two-cavity-detuning'));
    await page.waitForSelector(`${tid('inspector')}[data-kind="study"]`);
    await page.fill(tid('study-param-kappa_a'), '1.5');
    await page.press(tid('study-param-kappa_a'), 'Enter');
    await page.waitForSelector(`${tid('study-badge-two-cavity-detuning')}[data-status="stale"]`);
    expect(await page.textContent(tid('inspector-stale'))).toContain('changed since it was run');
    await page.click(tid('tree-figure-fig2a'));
    await page.waitForSelector(`${PANEL}[data-stale="true"] ${tid('panel-stale')}`, { timeout: 20_000 });
    await page.waitForSelector(`${PANEL}[data-state="ready"][data-points="${FIG2A_POINTS}"]`, { timeout: 20_000 });
    await expectNoOverflow();
    await screenshots('project-stale', tid('panel-stale'));
    await page.click(tid('action-undo'));
    await page.waitForSelector(`${tid('study-badge-two-cavity-detuning')}[data-status="succeeded"]`);
    expect(await attr(PANEL, 'data-stale')).toBe('false');
  });

  it('notices the file changed on disk (another program saved it) and offers Reload / Save As / Overwrite', async () => {
    const file = path.join(work, 'seed000.nrlab');
    const o = ProjectArchive.open(new Uint8Array(readFileSync(file)));
    writeFileSync(file, o.archive.toBytes({ ...o.doc, notes: 'Saved meanwhile by nrlab run.' }));
    await page.waitForSelector(tid('disk-changed-banner'), { timeout: 15_000 });
    expect(await page.textContent(tid('disk-changed-banner'))).toContain('seed000.nrlab changed on disk');
    await expectNoOverflow();
    await screenshots('project-disk-changed', tid('disk-changed-banner'));
    // Reload: the project has unsaved changes, so it asks first
    await page.click(tid('disk-reload'));
    await page.waitForSelector(tid('dialog-choice-reload'));
    await page.click(tid('dialog-choice-reload'));
    await page.waitForSelector(tid('disk-changed-banner'), { state: 'detached' });
    expect(await page.isVisible(tid('dirty-marker'))).toBe(false);
    // an unsaved edit again, for the next test's Close
    await page.click(tid('tree-study-two-cavity-detuning'));
    await page.fill(tid('study-param-kappa_a'), '1.25');
    await page.press(tid('study-param-kappa_a'), 'Enter');
    await page.waitForSelector(tid('dirty-marker'));
  });

  it('refuses a damaged .nrlab file with a dialog that names the problem', async () => {
    // close (the project has unsaved changes: don't save)
    await page.click(tid('action-close'));
    await page.waitForSelector(`${tid('dialog')}[data-kind="confirm-save"]`);
    await page.click(tid('dialog-dont-save'));
    await page.waitForSelector(tid('start-screen'));

    const garbage = path.join(work, 'garbage.nrlab');
    writeFileSync(garbage, 'this is not a zip archive');
    await page.click(tid('open-project'));
    await answerPathDialog(garbage);
    await page.waitForSelector(`${tid('dialog')}[data-kind="error"]`);
    expect(await page.textContent(tid('dialog-message'))).toContain('file: is not a readable NR Lab project');
    await page.click(tid('dialog-ok'));

    // a hand-edited file: a negative κ_b on an axis of the third study
    const doc = exampleByName('loss-induced-nonreciprocity').build('2026-01-01T00:00:00.000Z');
    const axis = doc.studies[2]!.axes![1] as { start: number };
    axis.start = -1;
    const edited = path.join(work, 'edited.nrlab');
    writeFileSync(edited, zipSync({ 'project.json': strToU8(JSON.stringify(doc)) }));
    await page.click(tid('open-project'));
    await answerPathDialog(edited);
    await page.waitForSelector(`${tid('dialog')}[data-kind="error"]`);
    const msg = (await page.textContent(tid('dialog-message'))) ?? '';
    expect(msg).toContain('studies[2]');
    expect(msg).toContain('axes');
    expect(msg).not.toContain('[object');
    await page.screenshot({ path: path.join(shots, 'open-error-1280x800.png') });
    await page.click(tid('dialog-ok'));
    expect(await page.isVisible(tid('start-screen'))).toBe(true);
    // opening never writes to the file
    expect(readFileSync(garbage, 'utf8')).toBe('this is not a zip archive');
  });

  it('dark theme: the toggle switches and is remembered', async () => {
    await page.click(tid('recent-0'));
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-figure-fig2a'));
    await page.waitForSelector(`${PANEL}[data-state="ready"]`);
    await page.click(tid('theme-toggle'));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(243, 244, 246)');
    await page.click(tid('tree-study-two-cavity-detuning'));
    await screenshots('project-dark');
    await page.click(tid('theme-toggle'));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });

  it('raised no page errors and no console errors', () => {
    expect(s.pageErrors).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
