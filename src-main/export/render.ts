/**
 * Figure export: panels drawn by ECharts' server-side SVG renderer (the option builders the
 * screen uses), composed into one SVG with physical size; PNG rasterised from that SVG by resvg;
 * PDF from the same SVG by PDFKit (fonts embedded as TrueType CID, never Type 3). Only the fonts
 * in assets/fonts are used, so output is identical on every machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { PanelDrawing } from '../../src-core/figures/figure-drawing.js';
import { withDpi } from '../../src-core/figures/png.js';
import type { TextBox } from '../../src-core/figures/preflight.js';

export const FONT_FAMILY = 'Liberation Sans';
export const SERIF_FAMILY = 'Liberation Serif';
export const FALLBACK_FAMILY = 'DejaVu Sans';
/** Mathematical script letters (𝓘, 𝓡, 𝒫), which neither Liberation font has. */
export const MATH_FAMILY = 'DejaVu Math TeX Gyre';

/** The families a figure can be set in (`font` of the export options). */
export const FIGURE_FAMILIES = { sans: FONT_FAMILY, serif: SERIF_FAMILY } as const;
export type FigureFont = keyof typeof FIGURE_FAMILIES;

const FONT_FILES = {
  regular: 'LiberationSans-Regular.ttf',
  italic: 'LiberationSans-Italic.ttf',
  bold: 'LiberationSans-Bold.ttf',
  boldItalic: 'LiberationSans-BoldItalic.ttf',
  serif: 'LiberationSerif-Regular.ttf',
  serifItalic: 'LiberationSerif-Italic.ttf',
  fallback: 'DejaVuSans.ttf',
  math: 'DejaVuMathTeXGyre.ttf',
} as const;

/** assets/fonts: beside the repository's dist/ in a checkout, under resources/ when packaged. */
export function fontsDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [
    process.env.NRLAB_FONTS_DIR,
    path.join(here, '..', '..', 'assets', 'fonts'),
    path.join(here, '..', '..', '..', 'assets', 'fonts'),
    typeof process.resourcesPath === 'string' ? path.join(process.resourcesPath, 'assets', 'fonts') : undefined,
  ].filter((p): p is string => typeof p === 'string');
  const dir = candidates.find((d) => existsSync(path.join(d, FONT_FILES.regular)));
  if (!dir) throw new Error(`the figure fonts are missing (looked in ${candidates.join(', ')})`);
  return dir;
}

const fontPath = (k: keyof typeof FONT_FILES): string => path.join(fontsDir(), FONT_FILES[k]);

/** The fonts a text in `family` falls back to, in order, with their family names. */
function chainOf(family: string): { key: keyof typeof FONT_FILES; family: string }[] {
  return [
    family === SERIF_FAMILY ? { key: 'serif', family: SERIF_FAMILY } : { key: 'regular', family: FONT_FAMILY },
    { key: 'fallback', family: FALLBACK_FAMILY },
    { key: 'math', family: MATH_FAMILY },
  ];
}

/** The first font of the chain that has every character of a text (else the one that has the most). */
function familyFor(text: string, own: string): string {
  let best: { family: string; n: number } | undefined;
  for (const { key, family } of chainOf(own)) {
    const f = font(key);
    let n = 0;
    for (const ch of text) if (f.hasGlyphForCodePoint(ch.codePointAt(0)!)) n++;
    if (n === [...text].length) return family;
    if (!best || n > best.n) best = { family, n };
  }
  return best!.family;
}

const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITY[m] ?? m);

/**
 * Text runs with characters the main font lacks switch to DejaVu Sans (e.g. ⁻) or DejaVu Math
 * TeX Gyre (𝓘, 𝓡, 𝒫), so no glyph is ever missing in the PNG or the PDF.
 */
export function applyFontFallback(svg: string): string {
  return svg.replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (whole, attrs: string, content: string) => {
    const own = attrs.includes(SERIF_FAMILY) ? SERIF_FAMILY : FONT_FAMILY;
    const family = familyFor(decode(content), own);
    return family === own ? whole : `<text${attrs.split(own).join(family)}>${content}</text>`;
  });
}

/** A panel to draw: its place and size in points, and its ECharts option (from the shared builders). */
export type { PanelDrawing };

let measuring = false;
const fontCache = new Map<string, fontkit.Font>();
function font(k: keyof typeof FONT_FILES): fontkit.Font {
  let f = fontCache.get(k);
  if (!f) {
    f = fontkit.create(readFileSync(fontPath(k))) as fontkit.Font;
    fontCache.set(k, f);
  }
  return f;
}

/**
 * Text widths from the shipped fonts' own metrics (ECharts lays out labels, legends and rich
 * text with them; without a canvas it would guess from Latin averages and set every Greek
 * letter or arrow one em wide).
 */
export function measureText(text: string, css: string): { width: number } {
  const size = Number(/(\d*\.?\d+)px/.exec(css)?.[1] ?? 12);
  const italic = /\bitalic\b|\boblique\b/.test(css);
  const bold = /\bbold\b|\b[6-9]00\b/.test(css);
  const main = css.includes(SERIF_FAMILY) ? font(italic ? 'serifItalic' : 'serif') : font(bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular');
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const f = main.hasGlyphForCodePoint(cp) ? main : font('fallback').hasGlyphForCodePoint(cp) ? font('fallback') : font('math');
    width += (f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm) * size;
  }
  return { width };
}

function useFontMetrics(): void {
  if (measuring) return;
  echarts.setPlatformAPI({ measureText: measureText as never });
  measuring = true;
}

/** One panel's SVG from ECharts' server-side renderer (1 SVG px = 1 pt). */
export function panelSvg(p: PanelDrawing): string {
  return panelRender(p).svg;
}

interface ZrDisplayable {
  type: string;
  id: number;
  invisible?: boolean;
  parent?: { id: number } | null;
  style: { text?: string; font?: string; fontSize?: number | string; opacity?: number };
  getBoundingRect(): { clone(): { x: number; y: number; width: number; height: number; applyTransform(m: number[]): void } };
  getComputedTransform(): number[] | null;
}

/**
 * One panel's SVG and the boxes of its text as ECharts placed them (points, panel coordinates):
 * each run of text with its size and the label it belongs to, for the preflight.
 */
export function panelRender(p: PanelDrawing, panelIndex = 0): { svg: string; texts: TextBox[] } {
  useFontMetrics();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: p.width, height: p.height });
  try {
    chart.setOption({ ...p.option, animation: false });
    const svg = chart.renderToSVGString();
    const zr = chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): ZrDisplayable[] } };
    const texts: TextBox[] = [];
    for (const el of zr.storage.getDisplayList(true)) {
      if (el.type !== 'tspan' || el.invisible || el.style.opacity === 0) continue;
      const text = (el.style.text ?? '').replace(/\u200b/g, '');
      if (!text.trim()) continue;
      const r = el.getBoundingRect().clone();
      const size = Number(/(\d*\.?\d+)px/.exec(el.style.font ?? '')?.[1] ?? el.style.fontSize ?? 12);
      // The SVG sets every run with dominant-baseline "central" at the middle of zrender's box
      // (whose line height comes from a CJK glyph the shipped fonts lack): the ink is measured
      // from there, Liberation Sans' metrics: baseline 0.3465 em below the centre, caps and
      // ascenders 0.73 em above the baseline, descenders 0.21 em below it.
      const centre = r.y + r.height / 2;
      const baseline = centre + 0.3465 * size;
      const descends = /[gjpqy(),;[\]{}|βγζημξρφχψ_]/.test(text);
      r.y = baseline - 0.73 * size;
      r.height = 0.73 * size + (descends ? 0.21 * size : 0);
      const m = el.getComputedTransform();
      if (m) r.applyTransform(m);
      texts.push({ panel: panelIndex, text, sizePt: size, box: { x: p.x + r.x, y: p.y + r.y, width: r.width, height: r.height }, group: `${panelIndex}:${el.parent?.id ?? `t${el.id}`}` });
    }
    return { svg, texts };
  } finally {
    chart.dispose();
  }
}

/** The inside of an <svg> element, with its ids made unique by a prefix (panels share one document). */
function innerWithPrefix(svg: string, prefix: string): string {
  const inner = svg.replace(/^[\s\S]*?<svg\b[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return inner
    .replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
}

/**
 * Panels composed into one SVG with a physical size (width and height in pt, a viewBox in the
 * same units), white background, text kept as text.
 */
export function composeSvg(widthPt: number, heightPt: number, panels: PanelDrawing[]): string {
  return composeFigure(widthPt, heightPt, panels).svg;
}

/** {@link composeSvg} and the boxes of every run of text (figure coordinates), for the preflight. */
export function composeFigure(widthPt: number, heightPt: number, panels: PanelDrawing[]): { svg: string; texts: TextBox[] } {
  const texts: TextBox[] = [];
  // raster layers (heatmaps) fill the box they are given, cell for cell
  const parts = panels.map((p, k) => {
    const r = panelRender(p, k);
    texts.push(...r.texts);
    return `<g transform="translate(${p.x} ${p.y})">${innerWithPrefix(r.svg, `p${k}-`).replace(/<image /g, '<image preserveAspectRatio="none" image-rendering="optimizeSpeed" ')}</g>`;
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" ` +
    `width="${widthPt}pt" height="${heightPt}pt" viewBox="0 0 ${widthPt} ${heightPt}">` +
    `<rect x="0" y="0" width="${widthPt}" height="${heightPt}" fill="#ffffff"/>` +
    parts.join('') +
    `</svg>`;
  return { svg: applyFontFallback(svg), texts };
}

/** PNG of an SVG at `dpi` (its physical width × dpi pixels wide). */
export function svgToPng(svg: string, widthPt: number, dpi: number): Uint8Array {
  const widthPx = Math.round((widthPt / 72) * dpi);
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: widthPx },
    background: '#ffffff',
    font: {
      fontFiles: [fontPath('regular'), fontPath('italic'), fontPath('bold'), fontPath('boldItalic'), fontPath('serif'), fontPath('serifItalic'), fontPath('fallback'), fontPath('math')],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  const png = r.render().asPng();
  // the resolution travels with the image (pHYs), so LaTeX and Word place it at its physical size
  return withDpi(new Uint8Array(png.buffer, png.byteOffset, png.byteLength), dpi);
}

/** PDF of an SVG (vector; fonts embedded and subset as TrueType CID fonts). */
export function svgToPdf(svg: string, widthPt: number, heightPt: number, info: { title: string; subject?: string }): Promise<Uint8Array> {
  // the PDF is drawn from the same SVG, with its size in px read as pt (1:1)
  const pxSvg = svg.replace(/width="([\d.]+)pt" height="([\d.]+)pt"/, 'width="$1" height="$2"');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: [widthPt, heightPt], margin: 0, info: { Title: info.title, Creator: 'NR Lab', Producer: 'NR Lab (PDFKit)', ...(info.subject ? { Subject: info.subject } : {}) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.registerFont(FONT_FAMILY, fontPath('regular'));
    doc.registerFont(`${FONT_FAMILY} Italic`, fontPath('italic'));
    doc.registerFont(`${FONT_FAMILY} Bold`, fontPath('bold'));
    doc.registerFont(`${FONT_FAMILY} Bold Italic`, fontPath('boldItalic'));
    doc.registerFont(SERIF_FAMILY, fontPath('serif'));
    doc.registerFont(`${SERIF_FAMILY} Italic`, fontPath('serifItalic'));
    doc.registerFont(FALLBACK_FAMILY, fontPath('fallback'));
    doc.registerFont(MATH_FAMILY, fontPath('math'));
    try {
      SVGtoPDF(doc, pxSvg, 0, 0, {
        assumePt: true,
        fontCallback: (family, bold, italic) => {
          if (family.includes(FALLBACK_FAMILY)) return FALLBACK_FAMILY;
          if (family.includes(MATH_FAMILY)) return MATH_FAMILY;
          if (family.includes(SERIF_FAMILY)) return italic ? `${SERIF_FAMILY} Italic` : SERIF_FAMILY;
          return bold && italic ? `${FONT_FAMILY} Bold Italic` : bold ? `${FONT_FAMILY} Bold` : italic ? `${FONT_FAMILY} Italic` : FONT_FAMILY;
        },
      });
      doc.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
