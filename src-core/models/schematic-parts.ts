/**
 * Parts the models' schematics share (src-core/models/structure.ts's drawing list): where nodes sit
 * on a ring, the node radius, numbers as short text, an edge between two nodes with its label's
 * place, and a short arrow out of (or into) a node.
 */
import type { SchematicElement, SchematicRole } from './structure.js';

/** The network model's drawing box (the tcmt-network model's is larger: it has more labels per node). */
export const SCHEMATIC_WIDTH = 420;
export const SCHEMATIC_HEIGHT = 340;
/** Node radius, and the length of a port arrow (units of the drawing box). */
export const NODE_R = 20;
export const PORT = 30;

/** A number as short text: 3 significant digits, a true minus sign. */
export function shortNumber(v: number): string {
  if (v === 0) return '0';
  const t = Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
  return t.replace('-', '−');
}

export interface NodePlace {
  x: number;
  y: number;
  /** The direction away from the drawing's centre (rad, y down). */
  angle: number;
}

/** Where the nodes sit: on an ellipse of radii `ring` (one node in the centre, two side by side `ring.pair` from it), first at the left, clockwise. */
export function modePositions(n: number, width = SCHEMATIC_WIDTH, height = SCHEMATIC_HEIGHT, ring: { rx: number; ry: number; pair?: number } = { rx: 120, ry: 80 }): NodePlace[] {
  const cx = width / 2;
  const cy = height / 2;
  if (n === 1) return [{ x: cx, y: cy, angle: -Math.PI / 2 }];
  const rx = n === 2 ? (ring.pair ?? 110) : ring.rx;
  const ry = n === 2 ? 0 : ring.ry;
  return Array.from({ length: n }, (_, k) => {
    // y grows downwards: angle π is the left, π + π/2 the top (clockwise on screen)
    const angle = Math.PI + (2 * Math.PI * k) / n;
    return { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle), angle: n === 2 ? (k === 0 ? Math.PI : 0) : angle };
  });
}

export interface Edge {
  /** The line from a's rim to b's rim. */
  line: { x1: number; y1: number; x2: number; y2: number };
  /** Where the edge's label goes (beside its middle, away from the centre) and the line point and normal it clears. */
  label: { x: number; y: number; beside: { x: number; y: number; nx: number; ny: number } };
}

/**
 * The edge between nodes a and b (the k-th edge) in a box of width × height: from rim to rim, its
 * label beside the middle on the side away from the centre; the edges through the centre of a ring
 * (a diagonal) get their labels apart along the edge (unless not `apart`: e.g. two nodes, one edge).
 */
export function edgeBetween(a: NodePlace, b: NodePlace, k: number, width = SCHEMATIC_WIDTH, height = SCHEMATIC_HEIGHT, off = 13, apart = true): Edge {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  let nx = -uy;
  let ny = ux;
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const out = (mx - width / 2) * nx + (my - height / 2) * ny;
  if (out < 0) {
    nx = -nx;
    ny = -ny;
  }
  const along = apart && Math.abs(out) < 1 ? (k % 2 ? 0.18 : -0.18) * len : 0;
  return {
    line: { x1: a.x + ux * NODE_R, y1: a.y + uy * NODE_R, x2: b.x - ux * NODE_R, y2: b.y - uy * NODE_R },
    label: { x: mx + nx * off + ux * along, y: my + ny * off + uy * along, beside: { x: mx + ux * along, y: my + uy * along, nx, ny } },
  };
}

/**
 * A port arrow of node p at `turn` from its outward direction (into the node when `inward`), `id`,
 * and its label `text` beyond the arrow's outer end (centred, or leaning away from the node when
 * `lean`, so a long label does not cross the arrow).
 */
export function portArrow(p: NodePlace, role: SchematicRole, id: string, turn: number, inward: boolean, text: string, size: number, lean = false): SchematicElement[] {
  const a = p.angle + turn;
  const x1 = p.x + Math.cos(a) * (NODE_R + 3);
  const y1 = p.y + Math.sin(a) * (NODE_R + 3);
  const x2 = p.x + Math.cos(a) * (NODE_R + 3 + PORT);
  const y2 = p.y + Math.sin(a) * (NODE_R + 3 + PORT);
  const line: SchematicElement = inward ? { type: 'line', role, id, x1: x2, y1: y2, x2: x1, y2: y1, arrow: true } : { type: 'line', role, id, x1, y1, x2, y2, arrow: true };
  if (!text) return [line];
  const c = Math.cos(a);
  const align = lean && c < -0.35 ? 'right' : lean && c > 0.35 ? 'left' : undefined;
  const r = align ? NODE_R + PORT + 7 : NODE_R + PORT + 14;
  return [line, { type: 'text', role, id: `${id}-label`, x: p.x + c * r, y: p.y + Math.sin(a) * r, text, size, ...(align ? { align } : {}) }];
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A number as short text for physical units: 3 significant digits, powers of ten as 3.14×10⁶ (10⁶ for 1e6), a true minus sign. */
export function sciNumber(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return shortNumber(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return shortNumber(v);
  let e = Math.floor(Math.log10(a) + 1e-12);
  let mant = Number((v / 10 ** e).toPrecision(3));
  if (Math.abs(mant) >= 10) {
    mant /= 10;
    e += 1;
  }
  const pow = `10${String(e).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
  const m = Math.abs(mant) === 1 ? (mant < 0 ? '−' : '') : `${String(mant).replace('-', '−')}×`;
  return `${m}${pow}`;
}

/**
 * The drawing cropped to what it draws (with `margin` around, and at least `min` wide and high,
 * centred), so a small network is not lost in a box made for eight nodes: every element moved by
 * the same offset. Texts count by their estimated box (~0.6 em per character).
 */
export function fitToContent<D extends { width: number; height: number; elements: SchematicElement[] }>(d: D, margin = 10, min: { width: number; height: number } = { width: 240, height: 150 }): D {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  const add = (xa: number, xb: number, ya: number, yb: number): void => {
    x0 = Math.min(x0, xa);
    x1 = Math.max(x1, xb);
    y0 = Math.min(y0, ya);
    y1 = Math.max(y1, yb);
  };
  for (const e of d.elements) {
    if (e.type === 'circle') add(e.cx - e.r, e.cx + e.r, e.cy - e.r, e.cy + e.r);
    else if (e.type === 'line') {
      add(Math.min(e.x1, e.x2), Math.max(e.x1, e.x2), Math.min(e.y1, e.y2), Math.max(e.y1, e.y2));
      // a quadratic curve reaches half-way from its chord's middle to its control point
      if (e.control) {
        const mx = ((e.x1 + e.x2) / 2 + e.control.x) / 2;
        const my = ((e.y1 + e.y2) / 2 + e.control.y) / 2;
        add(mx, mx, my, my);
      }
    } else add(...textBox(e));
  }
  if (!Number.isFinite(x0)) return d;
  const width = Math.max(min.width, x1 - x0 + 2 * margin);
  const height = Math.max(min.height, y1 - y0 + 2 * margin);
  const dx = (width - (x1 - x0)) / 2 - x0;
  const dy = (height - (y1 - y0)) / 2 - y0;
  const elements = d.elements.map((e): SchematicElement => {
    if (e.type === 'circle') return { ...e, cx: e.cx + dx, cy: e.cy + dy };
    if (e.type === 'line') return { ...e, x1: e.x1 + dx, y1: e.y1 + dy, x2: e.x2 + dx, y2: e.y2 + dy, ...(e.control ? { control: { x: e.control.x + dx, y: e.control.y + dy } } : {}) };
    return { ...e, x: e.x + dx, y: e.y + dy, ...(e.beside ? { beside: { ...e.beside, x: e.beside.x + dx, y: e.beside.y + dy } } : {}) };
  });
  return { ...d, width, height, elements };
}

/** The estimated box [x0, x1, y0, y1] of a text element (~0.6 em per character, 1.2 em high). */
export function textBox(t: Extract<SchematicElement, { type: 'text' }>): [number, number, number, number] {
  const w = 0.6 * t.size * [...t.text].length;
  const x0 = t.align === 'left' ? t.x : t.align === 'right' ? t.x - w : t.x - w / 2;
  return [x0, x0 + w, t.y - 0.6 * t.size, t.y + 0.6 * t.size];
}
