/**
 * End to end, export: `nrlab serve` (fresh NRLAB_DATA_DIR) driven in Chromium. The example
 * "nonlocal-loss-coupling": a figure whose study has not run says so in the Export dialog instead
 * of a preview; run fig4's study, open Export… from the figure's header, the preview (the SVG the
 * file is made from) appears with its physical size; switch to APS double column and grayscale;
 * export a PDF through the browser's download and check its header and page size (pdfinfo and
 * /MediaBox); export a study's data as CSV and as NumPy npz (bytes checked) from its tab. Screenshots of the dialog at 1280×800.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eSession, shots, tid } from './helpers/session';

const s = new E2eSession();
let page: Page;


const work = mkdtempSync(path.join(os.tmpdir(), 'nrlab-e2e-export-files-'));


async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `${name}-1280x800.png`) });
}

/** The preview image is shown and decoded (not a broken image). */
async function previewLoaded(): Promise<void> {
  await page.waitForFunction((sel) => {
    const img = document.querySelector(sel) as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  }, tid('export-preview'));
}

/** The size line under the preview, once it reads `re`. */
async function sizeLine(re: RegExp): Promise<string> {
  await page.waitForFunction(
    ([sel, src]) => new RegExp(src!).test(document.querySelector(sel!)?.textContent ?? ''),
    [tid('export-size'), re.source] as const,
  );
  return (await page.textContent(tid('export-size'))) ?? '';
}

/**
 * How colourful the preview image is: the largest max − min of a pixel's channels (0–255), read
 * from the PNG the dialog shows (drawn into a canvas in the page).
 */
async function previewChroma(): Promise<number> {
  return page.evaluate(async (sel) => {
    const img = document.querySelector(sel) as HTMLImageElement;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let most = 0;
    for (let i = 0; i < d.length; i += 4) most = Math.max(most, Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!));
    return most;
  }, tid('export-preview'));
}

/** Page size in pt of a PDF: pdfinfo's "Page size", and the /MediaBox of the file. */
function pdfPageSize(file: string): { pdfinfo: [number, number]; mediaBox: number[] } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  if (!m) throw new Error(`pdfinfo gave no page size:\n${info}`);
  const box = /\/MediaBox\s*\[\s*([-\d.\s]+)\]/.exec(readFileSync(file, 'latin1'));
  return { pdfinfo: [Number(m[1]), Number(m[2])], mediaBox: box ? box[1]!.trim().split(/\s+/).map(Number) : [] };
}

beforeAll(async () => {
  page = await s.start();
  page.on('dialog', (d) => void d.accept());
}, 180_000);

afterAll(async () => {
  await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('export in browser mode', () => {
  it('a figure whose study has not run: the dialog says so in place of the preview, Export disabled', async () => {
    await page.goto(s.url);
    await page.click(tid('example-nonlocal-loss-coupling'));
    await page.waitForSelector(tid('project-workbench'));
    await page.click(tid('tree-figure-fig4'));
    await page.waitForSelector(`${tid('tab-figure-fig4')}[aria-selected="true"]`);
    await page.click(tid('figure-export'));
    await page.waitForSelector(tid('export-dialog'));
    await page.waitForSelector(tid('export-preview-error'));
    expect(await page.textContent(tid('export-preview-error'))).toContain('which has no stored result yet: run it first');
    expect(await page.textContent(tid('export-preview-error'))).not.toMatch(/figureId:|Error:|\n\s+at /);
    expect(await page.isDisabled(tid('export-go'))).toBe(true);
    await shot('export-not-run');
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('export-dialog'), { state: 'detached' });
  });

  it('run fig4, Export…: the preview appears with its physical size; APS double column and grayscale redraw it', async () => {
    await page.click(tid('panel-run'));
    await page.waitForSelector(`${tid('panel-0')}[data-state="ready"]`, { timeout: 60_000 });
    // Ctrl+E opens the dialog on the figure shown
    await page.keyboard.press('Control+e');
    await page.waitForSelector(tid('export-dialog'));
    expect(await page.inputValue(tid('export-figure'))).toBe('fig4');
    await previewLoaded();
    // the figure's own preset: APS single column
    expect(await page.inputValue(tid('export-preset'))).toBe('aps-single');
    expect(await sizeLine(/^3\.40 × [\d.]+ in · 8 pt$/)).toMatch(/^3\.40 × /);
    const box = await page.locator(tid('export-preview')).boundingBox();
    // drawn at a readable size, with the figure's aspect ratio
    expect(box!.width).toBeGreaterThan(400);
    // in colour, the curves are red and blue; the preview is a PNG drawn with the app's fonts (3.4 in at 300 dpi)
    expect(await page.getAttribute(tid('export-preview'), 'src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.evaluate((sel) => (document.querySelector(sel) as HTMLImageElement).naturalWidth, tid('export-preview'))).toBe(1020);
    expect(await previewChroma()).toBeGreaterThan(100);
    // the preflight of this export: it passes (type, plot size, overlaps), and says so
    expect(await page.textContent(tid('export-preflight'))).toContain('Preflight passed: type at least 6 pt');
    await shot('export-figure');

    await page.selectOption(tid('export-preset'), 'aps-double');
    await page.check(tid('export-grayscale'));
    const size = await sizeLine(/^7\.00 × [\d.]+ in · 9 pt$/);
    await previewLoaded();
    // grayscale: every pixel is gray now (anti-aliasing included)
    expect(await previewChroma()).toBeLessThanOrEqual(2);
    await shot('export-figure-double-gray');

    // the PDF, downloaded
    const heightIn = Number(/× ([\d.]+) in/.exec(size)![1]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-go'))]);
    expect(download.suggestedFilename()).toBe('fig4.pdf');
    const file = path.join(work, 'fig4.pdf');
    await download.saveAs(file);
    await page.waitForSelector(tid('export-done'));
    expect(await page.textContent(tid('export-done'))).toMatch(/^Downloaded fig4\.pdf \([\d.]+ kB\)$/);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pdfinfo, mediaBox } = pdfPageSize(file);
    expect(pdfinfo[0]).toBeCloseTo(504, 1);
    expect(pdfinfo[1] / 72).toBeCloseTo(heightIn, 2);
    expect(mediaBox).toHaveLength(4);
    expect(mediaBox[2]! - mediaBox[0]!).toBeCloseTo(504, 1);
    expect(mediaBox[3]! - mediaBox[1]!).toBeCloseTo(pdfinfo[1], 1);
    await shot('export-figure-done');
  });

  it('custom size in mm and PNG at 300 dpi: the size line follows; a font size out of range is explained', async () => {
    await page.selectOption(tid('export-preset'), 'custom');
    await page.click(tid('export-unit-mm'));
    await page.fill(tid('export-width'), '120');
    await page.fill(tid('export-height'), '60');
    await page.click(tid('export-format-png'));
    await page.fill(tid('export-dpi'), '300');
    expect(await sizeLine(/^120\.0 × 60\.0 mm · 8 pt · 1417 × 709 px$/)).toBeTruthy();
    await previewLoaded();
    await shot('export-custom-png');
    await page.fill(tid('export-font'), '30');
    await page.waitForSelector(tid('export-preview-error'));
    expect(await page.textContent(tid('export-preview-error'))).toBe('Font size must be between 5 and 14 pt, got 30');
    expect(await page.isDisabled(tid('export-go'))).toBe(true);
    await shot('export-bad-option');
    await page.fill(tid('export-font'), '9');
    await previewLoaded();
    expect(await page.isDisabled(tid('export-go'))).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-go'))]);
    expect(download.suggestedFilename()).toBe('fig4.png');
    const file = path.join(work, 'fig4.png');
    await download.saveAs(file);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height in pixels at 300 dpi
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1417, 709]);
    await page.click(tid('export-close'));
    await page.waitForSelector(tid('export-dialog'), { state: 'detached' });
  });

  it("a study's tab: Export… in Data mode lists the studies with results and downloads its CSV", async () => {
    await page.click(tid('tree-study-spectrum'));
    await page.waitForSelector(`${tid('tab-study-spectrum')}[aria-selected="true"]`);
    await page.click(tid('study-export'));
    await page.waitForSelector(`${tid('export-dialog')}[data-mode="data"]`);
    const options = await page.locator(`${tid('export-study')} option`).allTextContents();
    // fig4's study is the only one with a result
    expect(options).toHaveLength(1);
    expect(options[0]).toMatch(/^S-parameters versus frequency at γ/);
    expect(await page.textContent(tid('export-data-format'))).toContain('Python script (recomputes the study: QuTiP / numpy-scipy)');
    await shot('export-data');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-go'))]);
    const file = path.join(work, 'spectrum.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    // the header row first (np.genfromtxt names=True), then the # provenance
    expect(csv).toMatch(/^omega,[A-Za-z0-9_,]+\n# NR Lab data export \(nrlab-csv 2\)/);
    const rows = csv.split('\n').filter((l) => l && !l.startsWith('#')).slice(1);
    // NumPy: the same study as an .npz, downloaded as bytes (no text encoding on the way)
    await page.click(tid('export-data-npz'));
    expect(await page.textContent(tid('export-go'))).toContain('Export NPZ');
    const [npzDownload] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-go'))]);
    expect(npzDownload.suggestedFilename()).toMatch(/\.npz$/);
    const npzFile = path.join(work, 'spectrum.npz');
    await npzDownload.saveAs(npzFile);
    const entries = unzipSync(new Uint8Array(readFileSync(npzFile)));
    const header = (b: Uint8Array): string => new TextDecoder('latin1').decode(b.subarray(10, 10 + b[8]! + 256 * b[9]!));
    const omega = entries['omega.npy']!;
    expect(Array.from(omega.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect(header(omega)).toMatch(new RegExp(`^\\{'descr': '<f8', 'fortran_order': False, 'shape': \\(${rows.length},\\), \\} *\\n$`));
    // the axis values are the CSV's first column, bit for bit
    const values = new Float64Array(omega.slice(omega.length - 8 * rows.length).buffer);
    expect(Array.from(values)).toEqual(rows.map((r) => Number(r.split(',')[0])));
    expect(header(entries['metadata.npy']!)).toMatch(/^\{'descr': '<U\d+', 'fortran_order': False, 'shape': \(\), \}/);
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('export-dialog'), { state: 'detached' });
  });

  it('raised no page errors and no console errors', () => {
    expect(s.pageErrors).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
