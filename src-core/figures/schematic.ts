/**
 * A schematic: a small drawing list (circles, lines with or without arrow heads, text) in its own
 * coordinate box, produced by a model package from its structure (e.g. the network model's modes
 * and couplings) and drawn here two ways — as an SVG string for the screen, and as ECharts
 * `graphic` elements for a figure panel (so a schematic exports in SVG, PDF and PNG with the other
 * panels). Text is plain Unicode: no markup.
 */
import type { ParamInput } from '../models/params';
import { findModel } from '../models/registry';
import type { SchematicDrawing, SchematicRole } from '../models/structure';
import type { ChartOption, ChartStyle } from './chart-options';

export type { SchematicDrawing, SchematicElement, SchematicRole } from '../models/structure';

/** Colours of the roles (ink for structure; the ports in the app's accent colours, legible in gray). */
const COLORS: Record<SchematicRole, string> = {
  mode: '#1f2933',
  kerr: '#1f2933',
  coupling: '#3b4a5a',
  loss: '#b4442c',
  drive: '#1f6fb2',
  read: '#2e7d32',
  label: '#1f2933',
};

const ARROW = 7;

/** The two points of an arrow head at the end (x2, y2) of a line, `size` long. */
function arrowHead(x1: number, y1: number, x2: number, y2: number, size: number): [number, number][] {
  const a = Math.atan2(y2 - y1, x2 - x1);
  const w = 0.45;
  return [
    [x2, y2],
    [x2 - size * Math.cos(a - w), y2 - size * Math.sin(a - w)],
    [x2 - size * Math.cos(a + w), y2 - size * Math.sin(a + w)],
  ];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n2 = (v: number): string => String(Math.round(v * 100) / 100);

/** The drawing as a standalone SVG (scales to its container; `data-role` on every element). */
export function schematicSvg(d: SchematicDrawing, opts: { font?: string; colors?: Partial<Record<SchematicRole, string>> } = {}): string {
  const color = (r: SchematicRole): string => opts.colors?.[r] ?? COLORS[r];
  const font = opts.font ?? 'Liberation Sans, Arial, Helvetica, sans-serif';
  const parts = d.elements.map((e) => {
    const id = e.id ? ` data-id="${esc(e.id)}"` : '';
    if (e.type === 'circle') {
      return `<circle data-role="${e.role}"${id} cx="${n2(e.cx)}" cy="${n2(e.cy)}" r="${n2(e.r)}" fill="${e.filled ? color(e.role) : '#ffffff'}" fill-opacity="${e.filled ? 0.12 : 1}" stroke="${color(e.role)}" stroke-width="1.6"/>`;
    }
    if (e.type === 'line') {
      const dash = e.dashed ? ' stroke-dasharray="4 3"' : '';
      const line = e.control
        ? `<path d="M ${n2(e.x1)} ${n2(e.y1)} Q ${n2(e.control.x)} ${n2(e.control.y)} ${n2(e.x2)} ${n2(e.y2)}" fill="none" stroke="${color(e.role)}" stroke-width="1.6"${dash}/>`
        : `<line x1="${n2(e.x1)}" y1="${n2(e.y1)}" x2="${n2(e.x2)}" y2="${n2(e.y2)}" stroke="${color(e.role)}" stroke-width="1.6"${dash}/>`;
      // a curve's head points along its last tangent (from the control point)
      const from = e.control ?? { x: e.x1, y: e.y1 };
      const head = e.arrow ? `<polygon points="${arrowHead(from.x, from.y, e.x2, e.y2, ARROW).map((p) => p.map(n2).join(',')).join(' ')}" fill="${color(e.role)}"/>` : '';
      return `<g data-role="${e.role}"${id}>${line}${head}</g>`;
    }
    const anchor = e.align === 'left' ? 'start' : e.align === 'right' ? 'end' : 'middle';
    return `<text data-role="${e.role}"${id} x="${n2(e.x)}" y="${n2(e.y)}" font-size="${e.size}" text-anchor="${anchor}" dominant-baseline="central" fill="${color(e.role)}"${e.bold ? ' font-weight="bold"' : ''}>${esc(e.text)}</text>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n2(d.width)} ${n2(d.height)}" font-family="${esc(font)}" role="img" aria-label="${esc(d.title)}" data-schematic="">` +
    `<title>${esc(d.title)}</title>${parts.join('')}</svg>`
  );
}

/**
 * A figure panel of the drawing: ECharts graphic elements scaled to fit a panel of `width` ×
 * `height` points (aspect kept, centred), text at the figure's font size or smaller.
 */
export function schematicOption(d: SchematicDrawing, style: ChartStyle, width: number, height: number): ChartOption {
  const pad = style.titleSize * 1.4;
  const s = Math.min((width - 2 * pad) / d.width, (height - 2 * pad) / d.height);
  const ox = (width - s * d.width) / 2;
  const oy = (height - s * d.height) / 2;
  const X = (x: number): number => ox + s * x;
  const Y = (y: number): number => oy + s * y;
  const ink = (r: SchematicRole): string => (r === 'mode' || r === 'kerr' || r === 'label' ? style.colors.ink : COLORS[r]);
  const lw = Math.max(0.5, style.lineWidth ?? 1);
  const graphic: Record<string, unknown>[] = [];
  for (const e of d.elements) {
    if (e.type === 'circle') {
      graphic.push({ type: 'circle', silent: true, shape: { cx: X(e.cx), cy: Y(e.cy), r: s * e.r }, style: { fill: e.filled ? '#e8eaed' : '#ffffff', stroke: ink(e.role), lineWidth: lw } });
    } else if (e.type === 'line') {
      const x1 = X(e.x1);
      const y1 = Y(e.y1);
      const x2 = X(e.x2);
      const y2 = Y(e.y2);
      const stroke = { stroke: ink(e.role), lineWidth: lw, ...(e.dashed ? { lineDash: [3 * lw, 2 * lw] } : {}) };
      if (e.control) graphic.push({ type: 'bezierCurve', silent: true, shape: { x1, y1, x2, y2, cpx1: X(e.control.x), cpy1: Y(e.control.y) }, style: { ...stroke, fill: 'none' } });
      else graphic.push({ type: 'line', silent: true, shape: { x1, y1, x2, y2 }, style: stroke });
      const fx = e.control ? X(e.control.x) : x1;
      const fy = e.control ? Y(e.control.y) : y1;
      if (e.arrow) graphic.push({ type: 'polygon', silent: true, shape: { points: arrowHead(fx, fy, x2, y2, Math.max(4, ARROW * s)) }, style: { fill: ink(e.role) } });
    } else {
      // text no larger than the figure's font, never smaller than its minimum legible size
      const size = Math.max(style.fontSize * 0.85, Math.min(style.fontSize, e.size * s));
      // text enlarged beyond the drawing's scale: a secondary label inside a node no longer fits
      const grown = size / (e.size * s);
      if (e.detail && grown > 1.15) continue;
      let x = X(e.x);
      let y = Y(e.y);
      if (e.beside) {
        // keep the label's box clear of its line: at least its half-extent along the normal, plus a gap
        const w = 0.56 * size * [...e.text].length;
        const need = (w / 2) * Math.abs(e.beside.nx) + (size / 2) * Math.abs(e.beside.ny) + 0.35 * size;
        const bx = X(e.beside.x);
        const by = Y(e.beside.y);
        const d = Math.max(Math.hypot(x - bx, y - by), need);
        x = bx + e.beside.nx * d;
        y = by + e.beside.ny * d;
      }
      graphic.push({
        type: 'text',
        silent: true,
        x,
        y,
        style: { text: e.text, fill: ink(e.role), fontSize: size, fontFamily: style.fonts.sans, fontWeight: e.bold ? 'bold' : 'normal', align: e.align ?? 'center', verticalAlign: 'middle' },
      });
    }
  }
  return { animation: false, graphic } as ChartOption;
}

/**
 * The schematic of a model's structure at parameter values (a parameter set's or a study's: the
 * structural parameter with the values of its numbers applied); undefined when the model has no
 * structure editor. Throws the model's ParameterError when the structure is bad.
 */
export function modelSchematic(modelId: string, params: ParamInput): SchematicDrawing | undefined {
  const s = findModel(modelId)?.structure;
  if (!s) return undefined;
  const raw = params[s.param];
  return s.schematic(s.withValues(s.read(typeof raw === 'string' ? raw : undefined), params).value);
}
