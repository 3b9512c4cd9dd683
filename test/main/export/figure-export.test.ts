/**
 * `nrlab export --figure`: the built CLI on projects whose studies it ran itself (both papers'
 * example projects and a small project with every panel kind). Checks what journals check (fonts,
 * page size, pixel size, text as text) and guards the look of each figure kind with a tolerant
 * comparison against golden images in test/golden (regenerate: UPDATE_GOLDEN=1).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectArchive } from '../../../src-core/project/container';
import { lossInducedNonreciprocityProject } from '../../../src-core/project/examples/loss-induced-nonreciprocity';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/nrlab.cjs');
const goldenDir = path.join(root, 'test/golden');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-figure-data-'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-figure-'));
const kinds = path.join(dir, 'kinds.nrlab');
const nonlocal = path.join(dir, 'nonlocal.nrlab');
const lossInduced = path.join(dir, 'loss-induced.nrlab');
const fig2Project = path.join(dir, 'fig2.nrlab');

function nrlab(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** A classical map and scan (milliseconds to compute) drawn as every kind of 2-D and line panel. */
const doc: ProjectDocument = {
  format: PROJECT_FORMAT,
  schemaVersion: PROJECT_SCHEMA_VERSION,
  title: 'Figure kinds',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  app: { name: 'NR Lab', version: 'test' },
  parameterSets: [{ id: 'fig2', name: 'Fig. 2', model: 'three-cavity', params: { theta: '-pi/4', solver: 'classical' } }],
  studies: [
    {
      id: 'map',
      name: 'Map',
      kind: 'sweep',
      model: 'three-cavity',
      parameterSet: 'fig2',
      params: {},
      axes: [
        { key: 'Delta', start: -2, stop: 2, count: 41 },
        { key: 'kappa_b', start: 0, stop: 2.5, count: 26 },
      ],
      quantities: ['isolation', 'a_to_c.T', 'c_to_a.T'],
    },
    { id: 'scan', name: 'Scan', kind: 'sweep', model: 'three-cavity', parameterSet: 'fig2', params: { kappa_b: 1 }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 81 }], quantities: ['a_to_c.T', 'c_to_a.T'] },
    { id: 'never', name: 'Never run', kind: 'sweep', model: 'three-cavity', parameterSet: 'fig2', params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 3 }] },
  ],
  figures: [
    {
      id: 'lines',
      name: 'lines',
      layout: { rows: 1, cols: 1 },
      style: { preset: 'aps-single' },
      panels: [
        {
          study: 'scan',
          kind: 'line',
          x: 'Delta',
          xLabel: 'Δ/κ',
          yLabel: 'T',
          yRange: [0, 1],
          series: [
            { quantity: 'a_to_c.T', label: 'T_{a→c}', color: '#d62728', dash: 'solid' },
            { quantity: 'c_to_a.T', label: 'T_{c→a}', color: '#1f77b4', dash: 'dash' },
          ],
        },
      ],
    },
    {
      id: 'maps',
      name: 'maps',
      layout: { rows: 1, cols: 2 },
      style: { preset: 'aps-double' },
      panels: [
        { study: 'map', kind: 'heatmap', quantity: 'isolation', colorbarLabel: '𝓘' },
        { study: 'map', kind: 'contour', quantity: 'isolation', levels: [0.25, 0.5, 0.75] },
      ],
    },
    { id: 'unrun', name: 'unrun', layout: { rows: 1, cols: 1 }, panels: [{ study: 'never', kind: 'line', x: 'Delta' }] },
    {
      // deliberately bad: six panels side by side in one column's width, 4 pt type
      id: 'bad',
      name: 'bad',
      layout: { rows: 1, cols: 6 },
      style: { preset: 'aps-single', fontPt: 4 },
      panels: Array.from({ length: 6 }, () => ({ study: 'scan', kind: 'line' as const, x: 'Delta', xLabel: 'Δ/κ', yLabel: 'T_{a→c}', series: [{ quantity: 'a_to_c.T', label: 'T_{a→c}' }, { quantity: 'c_to_a.T', label: 'T_{c→a}' }] })),
    },
  ],
};

function pdfFonts(file: string): string[] {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
}

function pageSize(file: string): [number, number] {
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  return [Number(m![1]), Number(m![2])];
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/**
 * A tolerant image comparison: same size; at most 0.5 % of the pixels differ by more than 48 in
 * any channel, and the mean difference is under 2 levels (anti-aliasing and float noise pass; a
 * moved axis, a lost curve or a changed colour map does not).
 */
function compareWithGolden(name: string, file: string): void {
  const golden = path.join(goldenDir, `${name}.png`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
    if (process.env.CI && !existsSync(golden)) throw new Error(`golden image ${golden} is missing; run UPDATE_GOLDEN=1 npx vitest run test/main/export/figure-export.test.ts`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(golden, readFileSync(file));
    return;
  }
  const a = PNG.sync.read(readFileSync(golden));
  const b = PNG.sync.read(readFileSync(file));
  expect([b.width, b.height], `${name}: size`).toEqual([a.width, a.height]);
  let bad = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let d = 0;
    for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(a.data[i + c]! - b.data[i + c]!));
    sum += d;
    if (d > 48) bad++;
  }
  const n = a.width * a.height;
  expect(bad / n, `${name}: share of pixels that differ from the golden image`).toBeLessThan(0.005);
  expect(sum / n, `${name}: mean difference from the golden image`).toBeLessThan(2);
}

describe('nrlab export --figure', () => {
  beforeAll(() => {
    writeFileSync(kinds, ProjectArchive.empty().toBytes(doc));
    let r = nrlab(['run', kinds, '--study', 'Map', '--study', 'Scan', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    r = nrlab(['new', '--example', 'nonlocal-loss-coupling', '--out', nonlocal]);
    expect(r.code, r.stderr).toBe(0);
    r = nrlab(['run', nonlocal, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    r = nrlab(['new', '--example', 'loss-induced-nonreciprocity', '--out', lossInduced]);
    expect(r.code, r.stderr).toBe(0);
    r = nrlab(['run', lossInduced, '--study', 'Photon statistics at κ_b = κ', '--study', 'Photon statistics at κ_b = 1.25κ', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    // seed 000's Fig. 2 exactly as the example draws it, on a coarse map (the example's 81 × 41 takes minutes)
    const ex = lossInducedNonreciprocityProject('2026-01-01T00:00:00.000Z');
    const map = ex.studies.find((st) => st.id === 'map-detuning-loss')!;
    map.axes = [
      { key: 'Delta', start: -2, stop: 2, count: 9 },
      { key: 'kappa_b', start: 0, stop: 2.5, count: 6 },
    ];
    writeFileSync(fig2Project, ProjectArchive.empty().toBytes(ex));
    r = nrlab(['run', fig2Project, '--study', 'two-cavity-detuning', '--study', 'three-cavity-detuning', '--study', 'map-detuning-loss', '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
  }, 300_000);

  it('PDF: the preset page size, fonts embedded as CID TrueType (never Type 3), text extractable', () => {
    const cases: [string, string[], number][] = [
      ['aps-single', ['--preset', 'aps-single'], 3.4 * 72],
      ['aps-double', ['--preset', 'aps-double'], 7.0 * 72],
      ['nature-single', ['--preset', 'nature-single'], (89 / 25.4) * 72],
      ['nature-double', ['--preset', 'nature-double'], (183 / 25.4) * 72],
      ['custom', ['--width', '120mm', '--height', '2in'], (120 / 25.4) * 72],
    ];
    for (const [name, flags, width] of cases) {
      const out = path.join(dir, `maps-${name}.pdf`);
      const r = nrlab(['export', kinds, '--figure', 'maps', ...flags, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const [w, h] = pageSize(out);
      expect(w, name).toBeCloseTo(width, 1);
      if (name === 'custom') expect(h).toBeCloseTo(144, 1);
      const fonts = pdfFonts(out);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) {
        expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes/);
        expect(line).not.toMatch(/Type 3/);
      }
    }
    // a serif figure: Liberation Serif (Times metrics) and its italic for math letters
    const serif = path.join(dir, 'maps-serif.pdf');
    expect(nrlab(['export', kinds, '--figure', 'maps', '--font', 'serif', '--out', serif]).code).toBe(0);
    const serifFonts = pdfFonts(serif).join('\n');
    expect(serifFonts).toMatch(/LiberationSerif\b/);
    expect(serifFonts).toMatch(/LiberationSerif-Italic/);
    expect(serifFonts).not.toMatch(/LiberationSans/);
    const text = execFileSync('pdftotext', [path.join(dir, 'maps-aps-double.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('(a)');
    expect(text).toContain('(b)');
    expect(text).toMatch(/Δ\/ ?κ/);
  }, 240_000);

  it('math in labels: script letters, Greek, sub- and superscripts reach the PDF in real fonts', () => {
    const out = path.join(dir, 'fig3c.pdf');
    const r = nrlab(['export', lossInduced, '--figure', 'fig3c', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const fonts = pdfFonts(out).join('\n');
    // 𝒫 (U+1D4AB) is in neither sans font: DejaVu Math TeX Gyre carries it
    expect(fonts).toMatch(/DejaVuMathTeXGyre/);
    expect(fonts).toMatch(/LiberationSans-Italic/);
    const svg = nrlab(['export', lossInduced, '--figure', 'fig3c', '--format', 'svg']).stdout.toString('utf8');
    // P_c(m): the subscript is its own smaller run, not "P_c" spelt out
    expect(svg).not.toContain('P_{c}');
    expect(svg).toMatch(/font-size:[\d.]+px;font-family:DejaVu Math TeX Gyre;[^>]*>𝒫<\/text>/);
  });

  it('PNG: the requested pixel size (3.4 in at 600 dpi = 2040 px; --dpi 300 = 1020 px)', () => {
    const a = path.join(dir, 'lines-600.png');
    expect(nrlab(['export', kinds, '--figure', 'lines', '--out', a]).code).toBe(0);
    expect(pngSize(a)[0]).toBe(2040);
    const b = path.join(dir, 'lines-300.png');
    expect(nrlab(['export', kinds, '--figure', 'lines', '--format', 'png', '--dpi', '300', '--out', b]).code).toBe(0);
    const [w, h] = pngSize(b);
    expect(w).toBe(1020);
    expect(h).toBe(Math.round(2.55 * 300));
  });

  it('SVG: valid XML with a physical size; axis titles, legend and tick labels are searchable text', () => {
    const r = nrlab(['export', kinds, '--figure', 'lines', '--format', 'svg']);
    expect(r.code, r.stderr).toBe(0);
    const svg = r.stdout.toString('utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/<svg [^>]*width="244.8pt" height="183.6pt" viewBox="0 0 244.8 183.6"/);
    // rich text is one <text> per run (italic letters, upright signs, subscripts): read in order
    const text = [...svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
    for (const t of ['Δ/κ', 'Ta→c', 'Tc→a', '0.2', '−1']) expect(text).toContain(t);
  });

  it('grayscale: every pixel of the PNG is gray (the colour map and the curves too)', () => {
    const out = path.join(dir, 'maps-gray.png');
    expect(nrlab(['export', kinds, '--figure', 'maps', '--grayscale', '--dpi', '100', '--out', out]).code).toBe(0);
    const png = PNG.sync.read(readFileSync(out));
    let colored = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 2) colored++;
    }
    expect(colored).toBe(0);
    // the same figure in colour is not gray (the check above can fail)
    const colorFile = path.join(dir, 'maps-color.png');
    expect(nrlab(['export', kinds, '--figure', 'maps', '--dpi', '100', '--out', colorFile]).code).toBe(0);
    const color = PNG.sync.read(readFileSync(colorFile));
    let n = 0;
    for (let i = 0; i < color.data.length; i += 4) if (Math.max(color.data[i]!, color.data[i + 1]!, color.data[i + 2]!) - Math.min(color.data[i]!, color.data[i + 1]!, color.data[i + 2]!) > 2) n++;
    expect(n).toBeGreaterThan(1000);
  });

  it('looks as it did (golden images, tolerant): lines, heatmap + contour, traces, bars, map + cuts', () => {
    const cases: [string, string, string][] = [
      ['lines', kinds, 'lines'],
      ['heatmap-contour', kinds, 'maps'],
      ['traces', nonlocal, 'fig5'],
      ['bars', lossInduced, 'fig3c'],
      ['map-cuts', nonlocal, 'fig3'],
    ];
    for (const [name, project, figure] of cases) {
      const out = path.join(dir, `golden-${name}.png`);
      const r = nrlab(['export', project, '--figure', figure, '--dpi', '100', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      compareWithGolden(name, out);
    }
  }, 240_000);

  it('seed 000 Fig. 2 (2×3) at APS single column: reflowed to one column in reading order, the preflight passes', () => {
    const out = path.join(dir, 'fig2-aps-single.pdf');
    const r = nrlab(['export', fig2Project, '--figure', 'fig2', '--preset', 'aps-single', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2×3 panels reflowed to (3×2|6×1) for the width/);
    expect(r.stderr).not.toMatch(/preflight/);
    const [w, h] = pageSize(out);
    expect(w).toBeCloseTo(244.8, 1);
    expect(h).toBeGreaterThan(2 * 183.6); // taller than one panel row…
    expect(h).toBeLessThanOrEqual(9 * 72); // …within the APS page
    // reading order: the labels (a)…(f) run down the page (pdftotext keeps the page order)
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    const at = ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)'].map((l) => text.indexOf(l));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // the paper's grid kept at that width: slivers, refused
    const kept = nrlab(['export', fig2Project, '--figure', 'fig2', '--preset', 'aps-single', '--keep-layout', '--out', out.replace('.pdf', '-kept.pdf')]);
    expect(kept.code).toBe(2);
    expect(kept.stderr).toMatch(/preflight: \(c\): the plot area is [\d.]+ × [\d.]+ mm, under the 20 × 15 mm needed to read it/);
    // (d)'s legend runs into the label of (e) beside it
    expect(kept.stderr).toMatch(/preflight: \(d\) and \(e\): text "[^"]+" overlaps "\(e\)"/);
  }, 240_000);

  it('preflight: a bad figure (6 panels in 3.4 in, 4 pt type) is refused naming each problem; --force writes it anyway', () => {
    const out = path.join(dir, 'bad.pdf');
    // reflowed: the panels get room, the type stays too small
    let r = nrlab(['export', kinds, '--figure', 'bad', '--out', out]);
    expect(r.code).toBe(2);
    // the smallest text of each panel is named (4 pt tick labels, 3.6 pt upright runs of rich labels)
    expect(r.stderr).toMatch(/preflight: \(a\): text "[^"]+" is (4|3\.\d) pt at print size, under the 6 pt minimum: raise the font size \(now 4 pt\)/);
    expect(r.stderr).toMatch(/preflight: \(f\): sub- or superscript "[^"]+" is 2.9 pt at print size, under the 5 pt minimum for sub- and superscripts/);
    expect(r.stderr).toMatch(/--force: not given: the preflight found \d+ problems \(listed above\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    // in its own 1×6 grid: the plots are slivers and labels collide as well
    r = nrlab(['export', kinds, '--figure', 'bad', '--keep-layout', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/preflight: \(c\): the plot area is [\d.]+ × [\d.]+ mm, under the 20 × 15 mm/);
    expect(r.stderr).toMatch(/preflight: \(f\): text "[^"]+" runs off the page/);
    expect(existsSync(out)).toBe(false);
    r = nrlab(['export', kinds, '--figure', 'bad', '--keep-layout', '--force', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/preflight: written anyway \(--force\)/);
    expect(pageSize(out)[0]).toBeCloseTo(244.8, 1);
    // the fonts of what was written are embedded (the PDF check of the preflight)
    expect(pdfFonts(out).every((l) => / yes /.test(l))).toBe(true);
  }, 240_000);

  it('∞ dB survives the project file and the exports: seed 003\'s nonlocal isolation is inf in CSV, listed as Infinity (not NaN) in JSON', () => {
    const csv = nrlab(['export', nonlocal, '--study', 'power-nonlocal', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.toString('utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const head = lines[0]!.split(',');
    const col = head.indexOf('isolation_dB');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(61);
    expect(new Set(rows.map((r) => r[col]))).toEqual(new Set(['inf']));
    expect(new Set(rows.map((r) => r[head.indexOf('S21_abs')]))).toEqual(new Set(['0']));
    const json = nrlab(['export', nonlocal, '--study', 'power-nonlocal', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout.toString('utf8')) as { data: Record<string, (number | null)[]>; nonFinite: Record<string, Record<string, number[]>> };
    expect(doc.data.isolation_dB!.every((v) => v === null)).toBe(true);
    expect(doc.nonFinite.isolation_dB).toEqual({ Infinity: Array.from({ length: 61 }, (_, i) => i) });
    // the matched nonlocal law is finite: plain numbers, nothing listed
    const matched = JSON.parse(nrlab(['export', nonlocal, '--study', 'power-nonlocal-matched', '--format', 'json']).stdout.toString('utf8')) as typeof doc;
    expect(matched.nonFinite?.isolation_dB).toBeUndefined();
    expect(matched.data.isolation_dB![0]).toBeCloseTo(0.3, 2);
  }, 120_000);

  it('bad input: a clear error naming the flag, exit 2, no file written', () => {
    const out = path.join(dir, 'never.pdf');
    const cases: [string[], RegExp][] = [
      [['--figure', 'nope'], /--figure: no figure "nope" in this project; it has: "lines", "maps", "unrun", "bad"/],
      [['--figure', 'unrun'], /--figure: figure "unrun": panel 1 draws study "Never run", which has no stored result yet: run it first/],
      [['--figure', 'lines', '--dpi', '10'], /--dpi: must be between 72 and 2400 dpi, got 10/],
      [['--figure', 'lines', '--dpi', 'high'], /--dpi: must be a number, got "high"/],
      [['--figure', 'lines', '--font-size', '30'], /--font-size: must be between 5 and 14 pt, got 30/],
      [['--figure', 'lines', '--preset', 'a4'], /--preset: must be one of aps-single, aps-double, nature-single, nature-double, custom, got "a4"/],
      [['--figure', 'lines', '--preset', 'aps-single', '--width', '5in'], /--width: the aps-single preset fixes the width; use --preset custom --width/],
      [['--figure', 'lines', '--preset', 'custom'], /--width: a custom size needs a width/],
      [['--figure', 'lines', '--width', '3 furlongs'], /--width: must be a length such as 3.4in, 89mm or 8.9cm, got "3 furlongs"/],
      [['--figure', 'lines', '--format', 'eps'], /--format: EPS is not offered; use pdf/],
      [['--figure', 'lines', '--format', 'tiff'], /--format: a figure exports as svg, pdf, png, got "tiff"/],
      [['--figure', 'lines', '--colour', 'red'], /--colour: is not an option of figure export/],
      [['--figure', 'lines', '--font', 'comic'], /--font: must be sans or serif, got "comic"/],
    ];
    for (const [flags, message] of cases) {
      const r = nrlab(['export', kinds, ...flags, '--out', out]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
