/**
 * Preflight of an exported figure: what a journal's production desk or a referee would send back.
 * Works on the laid-out drawing (plot areas, colour bars) and the bounding boxes of the text as
 * the renderer placed it (measured with the shipped fonts), all in points at print size:
 * - text below the preset's minimum size (PAGE_LIMITS: 6 pt APS, 5 pt Nature; scripts 5 pt),
 * - plot areas under the minimum size (20 × 15 mm),
 * - text over text (tick labels, axis titles, legend, panel labels), text across a plot's frame
 *   (a legend over the plot, a title over the axis), a colour bar over tick labels or the plot,
 *   text cut off by the page,
 * - fonts not embedded in a PDF.
 * Pure: the export (src-main/export) measures the boxes; the CLI refuses on findings unless
 * --force, the export dialog lists them.
 */
import type { Box, FigureDrawing } from './figure-drawing';

/** A problem the export preflight found (src-core/figures/preflight.ts): which panel, what to change. */
export interface PreflightFinding {
  code: 'text-small' | 'plot-small' | 'overlap' | 'frame' | 'colorbar' | 'page' | 'fonts';
  panel?: string;
  message: string;
}

/** A run of text as drawn: its characters, size and box in figure coordinates (points). */
export interface TextBox {
  /** Index of the panel it belongs to. */
  panel: number;
  text: string;
  sizePt: number;
  box: Box;
  /** Runs of one label (a rich label's pieces) share a group: they adjoin and never count as overlapping. */
  group: string;
}

/** A finding: its code, the panel's printed name ("(a)", "panel 2"; absent: the whole figure), what to change. */
export type FindingCode = PreflightFinding['code'];

const MM_PER_PT = 25.4 / 72;
/** Boxes closer than this do not count as touching (anti-aliasing, glyph side bearings). */
const SLACK = 0.4;

const fmt = (v: number, digits = 1): string => (Math.round(v * 10 ** digits) / 10 ** digits).toString();

function intersects(a: Box, b: Box, slack = SLACK): boolean {
  return a.x + a.width - slack > b.x && b.x + b.width - slack > a.x && a.y + a.height - slack > b.y && b.y + b.height - slack > a.y;
}

function inside(a: Box, b: Box, slack = SLACK): boolean {
  return a.x >= b.x - slack && a.y >= b.y - slack && a.x + a.width <= b.x + b.width + slack && a.y + a.height <= b.y + b.height + slack;
}

const shift = (b: Box, x: number, y: number): Box => ({ x: b.x + x, y: b.y + y, width: b.width, height: b.height });

const quote = (t: string): string => `"${t.length > 24 ? `${t.slice(0, 23)}…` : t}"`;

/**
 * The findings of a laid-out figure and its measured text (an empty list: it passes). At most
 * one finding of a kind per panel and pair, the first ones in reading order.
 */
export function preflight(drawing: FigureDrawing, texts: TextBox[]): PreflightFinding[] {
  const out: PreflightFinding[] = [];
  const { limits } = drawing;
  const name = (k: number): string => drawing.panels[k]?.name ?? `panel ${k + 1}`;
  const fontPt = drawing.size.fontPt;
  const reflowHint = drawing.grid.cols > 1 ? `; use fewer columns (the figure is ${drawing.grid.rows}×${drawing.grid.cols}) or a wider preset` : '; use a wider preset or a larger height';

  // text size: letters on the line against the minimum, sub- and superscripts against theirs
  const small = new Map<string, { panel: number; size: number; script: boolean; text: string }>();
  for (const t of texts) {
    if (!t.text.trim()) continue;
    const script = t.sizePt < 0.8 * fontPt;
    const min = script ? limits.minScriptPt : limits.minTextPt;
    if (t.sizePt + 1e-6 >= min) continue;
    const key = `${t.panel}|${script}`;
    const seen = small.get(key);
    if (!seen || t.sizePt < seen.size) small.set(key, { panel: t.panel, size: t.sizePt, script, text: t.text });
  }
  for (const s of [...small.values()].sort((a, b) => a.panel - b.panel || Number(a.script) - Number(b.script))) {
    out.push({
      code: 'text-small',
      panel: name(s.panel),
      message: `${s.script ? 'sub- or superscript' : 'text'} ${quote(s.text)} is ${fmt(s.size)} pt at print size, under the ${s.script ? `${limits.minScriptPt} pt minimum for sub- and superscripts` : `${limits.minTextPt} pt minimum`}: raise the font size (now ${fmt(fontPt)} pt)`,
    });
  }

  // plot areas
  drawing.panels.forEach((p, k) => {
    if (!p.plot) return;
    const w = p.plot.width * MM_PER_PT;
    const h = p.plot.height * MM_PER_PT;
    if (w + 1e-6 < limits.minPlotMm.width || h + 1e-6 < limits.minPlotMm.height) {
      out.push({
        code: 'plot-small',
        panel: name(k),
        message: `the plot area is ${fmt(Math.max(0, w))} × ${fmt(Math.max(0, h))} mm, under the ${limits.minPlotMm.width} × ${limits.minPlotMm.height} mm needed to read it${reflowHint}`,
      });
    }
  });

  // text over text: pairs of different labels whose boxes intersect
  const reported = new Set<string>();
  for (let i = 0; i < texts.length; i++) {
    const a = texts[i]!;
    if (!a.text.trim()) continue;
    for (let j = i + 1; j < texts.length; j++) {
      const b = texts[j]!;
      if (a.group === b.group || !b.text.trim() || !intersects(a.box, b.box)) continue;
      const key = `overlap|${a.panel}|${b.panel}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const where = a.panel === b.panel ? name(a.panel) : `${name(a.panel)} and ${name(b.panel)}`;
      out.push({ code: 'overlap', panel: where, message: `text ${quote(a.text)} overlaps ${quote(b.text)}: raise the figure's height or width, shorten the labels, or use fewer columns` });
    }
  }

  // text across a plot's frame, a colour bar over text, text off the page
  const page: Box = { x: 0, y: 0, width: drawing.size.widthPt, height: drawing.size.heightPt };
  drawing.panels.forEach((p, k) => {
    const plot = p.plot ? shift(p.plot, p.x, p.y) : undefined;
    const bar = p.colorBar ? shift(p.colorBar, p.x, p.y) : undefined;
    for (const t of texts) {
      if (!t.text.trim()) continue;
      if (plot && intersects(t.box, plot, 0.6) && !inside(t.box, plot, 0.6)) {
        const key = `frame|${k}`;
        if (!reported.has(key)) {
          reported.add(key);
          const who = t.panel === k ? '' : ` (of ${name(t.panel)})`;
          out.push({ code: 'frame', panel: name(k), message: `text ${quote(t.text)}${who} lies across the plot's frame (a legend or label over the axes): give the panel more room or shorten the legend` });
        }
      }
      if (bar && intersects(t.box, bar)) {
        const key = `bar|${k}`;
        if (!reported.has(key)) {
          reported.add(key);
          out.push({ code: 'colorbar', panel: name(k), message: `the colour bar covers text ${quote(t.text)}: give the panel more width (fewer columns or a wider preset)` });
        }
      }
    }
    if (bar && plot && intersects(bar, plot)) out.push({ code: 'colorbar', panel: name(k), message: 'the colour bar overlaps the map: give the panel more width' });
  });
  const cut = texts.find((t) => t.text.trim() && !inside(t.box, page, 0.5));
  if (cut) out.push({ code: 'page', panel: name(cut.panel), message: `text ${quote(cut.text)} runs off the page: give the figure more room or shorten the label` });
  return out;
}

/**
 * Fonts of a PDF (PDFKit's uncompressed object dictionaries): every font descriptor must carry
 * its font program (FontFile, FontFile2 or FontFile3) and no font may be Type 3 (bitmaps).
 */
export function pdfFontFindings(pdf: Uint8Array): PreflightFinding[] {
  let text = '';
  for (let i = 0; i < pdf.length; i += 8192) text += String.fromCharCode(...pdf.subarray(i, i + 8192));
  const out: PreflightFinding[] = [];
  const descriptors = [...text.matchAll(/<<[^<>]*\/Type\s*\/FontDescriptor[^<>]*>>/g)].map((m) => m[0]);
  const missing = descriptors.filter((d) => !/\/FontFile[23]?\s/.test(d)).map((d) => /\/FontName\s*\/([^\s/>]+)/.exec(d)?.[1] ?? 'a font');
  if (missing.length) out.push({ code: 'fonts', message: `fonts not embedded in the PDF: ${[...new Set(missing)].join(', ')}; journals reject such files` });
  if (/\/Subtype\s*\/Type3\b/.test(text)) out.push({ code: 'fonts', message: 'the PDF has Type 3 (bitmap) fonts; journals ask for TrueType or Type 1' });
  // a font with no descriptor at all (other than the 14 standard fonts, which are never embedded)
  const standard = [...text.matchAll(/\/Type\s*\/Font\b[^<>]*\/BaseFont\s*\/([^\s/>]+)/g)].map((m) => m[1]!).filter((f) => !/\+/.test(f) && /^(Helvetica|Times|Courier|Symbol|ZapfDingbats)/.test(f));
  if (standard.length) out.push({ code: 'fonts', message: `the PDF uses ${[...new Set(standard)].join(', ')} without embedding it` });
  return out;
}

/** Findings as lines for a terminal or a list: "(b): text … overlaps …". */
export function findingLines(findings: PreflightFinding[]): string[] {
  return findings.map((f) => (f.panel ? `${f.panel}: ${f.message}` : f.message));
}
