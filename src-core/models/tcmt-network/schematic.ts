/**
 * The schematic of a tcmt network (the drawing list of src-core/models/structure.ts; drawn by
 * src-core/figures/schematic.ts in the editor and in figure panels): resonators as nodes on a ring
 * (the network model's layout) — a Kerr shift χ ≠ 0 drawn as the quantum Kerr mode (double ring,
 * "χ") — couplings as edges labelled κ (an ideal nonreciprocal pair with an arrow in the direction
 * of its larger |κ| and both values, κ→ along the arrow on its outer side, κ← against it on the inner side), each port as an arrow in
 * ("port k") and one out, the intrinsic loss γ₀ (with any linear loss terms) as an arrow out with
 * the local nonlinear losses (Kerr-like γ|a|², saturable) noted under its label, and each nonlocal
 * loss γₖ|a_j|·a_i/|a_i| as a dashed arrow (curved when a coupling or another such arrow joins the
 * same two resonators) from the reference resonator j to the lossy one i (role 'loss').
 */
import { edgeBetween, fitToContent, modePositions, NODE_R, portArrow, sciNumber, textBox, type NodePlace } from '../schematic-parts.js';
import type { SchematicDrawing, SchematicElement } from '../structure.js';
import type { TcmtSpec } from './spec.js';

/** The box the layout is made in (wider than the quantum network's, for the port and loss labels of up to 8 resonators); the drawing is then cropped to its content. */
export const TCMT_SCHEMATIC_WIDTH = 540;
export const TCMT_SCHEMATIC_HEIGHT = 400;
const FONT = 14;
/** How far a curved arrow's control point sits off the straight line (drawing units). */
const BEND = 46;
/** The port's in and out arrows either side of the outward direction (rad); the loss arrow between them. */
const PORT_TURN = 0.8;

const SUB: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ' };

/** |a| of a resonator as plain Unicode: the name as a subscript when it can be one (|aᵣ₁|), else |a(name)|. */
export function amplitudeOf(name: string): string {
  const chars = [...name];
  return chars.every((c) => SUB[c]) ? `|a${chars.map((c) => SUB[c]).join('')}|` : `|a(${name})|`;
}

/** Where the resonators sit: the network model's ring, tighter up to four resonators (the drawing fills a narrow column), wider from five on (their labels need the room). */
export function tcmtPositions(n: number): NodePlace[] {
  return modePositions(n, TCMT_SCHEMATIC_WIDTH, TCMT_SCHEMATIC_HEIGHT, n >= 5 ? { rx: 150, ry: 100 } : { rx: 100, ry: 75, pair: 95 });
}

/** The drawing of a checked spec. */
export function tcmtSchematic(spec: TcmtSpec): SchematicDrawing {
  const W = TCMT_SCHEMATIC_WIDTH;
  const H = TCMT_SCHEMATIC_HEIGHT;
  const pos = tcmtPositions(spec.resonators.length);
  const at = new Map(spec.resonators.map((r, k) => [r.name, pos[k]!]));
  const els: SchematicElement[] = [];
  const pair = (a: string, b: string): string => [a, b].sort().join('|');
  const coupled = new Set(spec.couplings.map((c) => pair(c.i, c.j)));
  // couplings first, so the nodes are drawn over the edges' ends
  spec.couplings.forEach((c, k) => {
    const reciprocal = c.kappa_ij === c.kappa_ji;
    // a nonreciprocal pair points along its larger |κ|
    const forward = reciprocal || Math.abs(c.kappa_ij) >= Math.abs(c.kappa_ji);
    const [from, to] = forward ? [c.i, c.j] : [c.j, c.i];
    const [along, against] = forward ? [c.kappa_ij, c.kappa_ji] : [c.kappa_ji, c.kappa_ij];
    const e = edgeBetween(at.get(from)!, at.get(to)!, k, W, H, 13, spec.resonators.length > 2);
    els.push({ type: 'line', role: 'coupling', id: `coupling-${k}`, ...e.line, dashed: reciprocal && c.kappa_ij === 0, ...(reciprocal ? {} : { arrow: true }) });
    const text = reciprocal ? `κ ${sciNumber(c.kappa_ij)}` : `κ→ ${sciNumber(along)}`;
    const b = e.label.beside;
    // beside the edge's middle, its estimated box clear of the line
    const label = (t: string, side: number, id: string): SchematicElement => {
      const size = FONT - 1;
      const d = ((0.6 * size * [...t].length) / 2) * Math.abs(b.nx) + 0.6 * size * Math.abs(b.ny) + 3;
      return { type: 'text', role: 'label', id, x: b.x + side * b.nx * d, y: b.y + side * b.ny * d, text: t, size, beside: { x: b.x, y: b.y, nx: side * b.nx, ny: side * b.ny } };
    };
    els.push(label(text, 1, `coupling-${k}-label`));
    // a nonreciprocal pair's value against the arrow on the other side of the edge
    if (!reciprocal) els.push(label(`κ← ${sciNumber(against)}`, -1, `coupling-${k}-label-back`));
  });
  // nonlocal losses: from the reference to the lossy resonator; `row` is the term's row in the editor's loss table
  const nonlocal: { from: string; to: string; gamma: number; row: number }[] = [];
  let row = 0;
  for (const r of spec.resonators) {
    for (const l of r.losses) {
      if (l.kind === 'nonlocal') nonlocal.push({ from: l.reference, to: r.name, gamma: l.gamma, row });
      row++;
    }
  }
  const sameWay = new Map<string, number>();
  // the nonlocal arrows' labels: placed last, where they clear the nodes and the other texts
  const labels: NonlocalLabel[] = [];
  for (const n of nonlocal) {
    const a = at.get(n.from)!;
    const b = at.get(n.to)!;
    const reverse = nonlocal.some((o) => o.from === n.to && o.to === n.from);
    // a second term the same way between the same two resonators bends further out
    const key = `${n.from}>${n.to}`;
    const nth = sameWay.get(key) ?? 0;
    sameWay.set(key, nth + 1);
    const curved = coupled.has(pair(n.from, n.to)) || reverse || nth > 0;
    const [line, label] = nonlocalArrow(a, b, curved ? BEND * (1 + 0.6 * nth) : 0, `nonlocal-${n.row}`, `γₖ ${sciNumber(n.gamma)}·${amplitudeOf(n.from)}`, W, H);
    els.push(line);
    labels.push(label);
  }
  const portOf = new Map(spec.ports.map((p, k) => [p, k + 1]));
  spec.resonators.forEach((r, k) => {
    const p = pos[k]!;
    const port = portOf.get(r.name);
    if (port !== undefined) {
      els.push(...portArrow(p, 'drive', `port-${port}-in`, -PORT_TURN, true, `port ${port}`, FONT - 1, true));
      els.push(...portArrow(p, 'read', `port-${port}-out`, PORT_TURN, false, '', FONT - 1));
    }
    // intrinsic and linear loss straight out; the local nonlinear losses noted under its label
    const linear = r.gamma0 + r.losses.reduce((s, l) => s + (l.kind === 'linear' ? l.gamma : 0), 0);
    const local = r.losses.flatMap((l) => (l.kind === 'kerr' ? [`γ|a|² ${sciNumber(l.gamma)}`] : l.kind === 'saturable' ? [`sat ${sciNumber(l.gamma)}`] : []));
    if (linear > 0 || local.length) {
      const arrow = portArrow(p, 'loss', `loss-${r.name}`, 0, false, linear > 0 ? `γ₀ ${sciNumber(linear)}` : '', FONT - 1, true);
      els.push(...arrow);
      if (local.length) {
        // the note on the far side of the loss label from the node (beyond the arrow when it has no label)
        const label = arrow[1];
        const c = Math.cos(p.angle);
        const s = Math.sin(p.angle);
        const r0 = NODE_R + 30 + (label ? 7 : 14);
        const x = label?.type === 'text' ? label.x : p.x + c * r0;
        const y = label?.type === 'text' ? label.y + (s < -0.35 ? -1 : 1) * (FONT + 2) : p.y + s * r0;
        const align = label?.type === 'text' ? label.align : undefined;
        els.push({ type: 'text', role: 'loss', id: `loss-${r.name}-local`, x, y, text: local.join(', '), size: FONT - 2, ...(align ? { align } : {}) });
      }
    }
    const kerr = r.chi !== 0;
    els.push({ type: 'circle', role: kerr ? 'kerr' : 'mode', id: `mode-${r.name}`, cx: p.x, cy: p.y, r: NODE_R, filled: kerr });
    if (kerr) els.push({ type: 'circle', role: 'kerr', id: `mode-${r.name}-kerr`, cx: p.x, cy: p.y, r: NODE_R - 4 });
    els.push({ type: 'text', role: 'label', id: `mode-${r.name}-name`, x: p.x, y: kerr ? p.y - 5 : p.y, text: r.name, size: r.name.length > 4 ? FONT - 3 : FONT + 1, bold: true });
    if (kerr) els.push({ type: 'text', role: 'kerr', id: `mode-${r.name}-chi`, x: p.x, y: p.y + 8, text: `χ ${sciNumber(r.chi)}`, size: FONT - 4, detail: true });
  });
  for (const l of labels) els.push(placeLabel(l, els, pos, W, H));
  const n = spec.resonators.length;
  const nl = nonlocal.length;
  const title = `Coupled-mode network of ${n} resonator${n === 1 ? '' : 's'} (${spec.resonators.map((r) => r.name).join(', ')}), ${spec.couplings.length} coupling${spec.couplings.length === 1 ? '' : 's'}, ${spec.ports.length} port${spec.ports.length === 1 ? '' : 's'}${nl ? `, ${nl} nonlocal loss${nl === 1 ? '' : 'es'}` : ''}`;
  // cropped to what it draws: a small network fills the editor's narrow column
  return fitToContent({ width: W, height: H, elements: els, title });
}

interface NonlocalLabel {
  id: string;
  text: string;
  /** Points on the arrow (the first preferred) with the normal to put the label along. */
  at: { x: number; y: number; nx: number; ny: number }[];
}

/**
 * A dashed arrow from node a's rim to node b's rim, bent `bend` units to the left of a → b (0:
 * straight), and where its label may go: beside points along it, the middle first, on the outer
 * side of the bend (of a straight arrow: away from the centre), then the other side.
 */
function nonlocalArrow(a: NodePlace, b: NodePlace, bend: number, id: string, text: string, W: number, H: number): [SchematicElement, NonlocalLabel] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  // the left of a → b on screen (y down)
  let nx = uy;
  let ny = -ux;
  if (bend === 0) {
    const out = ((a.x + b.x) / 2 - W / 2) * nx + ((a.y + b.y) / 2 - H / 2) * ny;
    if (out < 0) {
      nx = -nx;
      ny = -ny;
    }
  }
  const cx = (a.x + b.x) / 2 + nx * 2 * bend;
  const cy = (a.y + b.y) / 2 + ny * 2 * bend;
  // ends on the rims, towards the control point (the head 3 units off, so it does not touch the ring)
  const rim = (p: NodePlace, q: { x: number; y: number }, r: number): { x: number; y: number } => {
    const l = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    return { x: p.x + ((q.x - p.x) / l) * r, y: p.y + ((q.y - p.y) / l) * r };
  };
  const s = rim(a, bend ? { x: cx, y: cy } : b, NODE_R);
  const e = rim(b, bend ? { x: cx, y: cy } : a, NODE_R + 3);
  // a point of the curve: the quadratic Bézier (a straight line when not bent)
  const point = (t: number): { x: number; y: number } => {
    const qx = bend ? cx : (s.x + e.x) / 2;
    const qy = bend ? cy : (s.y + e.y) / 2;
    return { x: (1 - t) ** 2 * s.x + 2 * t * (1 - t) * qx + t * t * e.x, y: (1 - t) ** 2 * s.y + 2 * t * (1 - t) * qy + t * t * e.y };
  };
  const at: NonlocalLabel['at'] = [];
  for (const side of [1, -1]) for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75]) at.push({ ...point(t), nx: side * nx, ny: side * ny });
  return [{ type: 'line', role: 'loss', id, x1: s.x, y1: s.y, x2: e.x, y2: e.y, arrow: true, dashed: true, ...(bend ? { control: { x: cx, y: cy } } : {}) }, { id: `${id}-label`, text, at }];
}

/** A nonlocal arrow's label at the first of its places where it clears the box edges, the nodes and the texts drawn so far. */
function placeLabel(l: NonlocalLabel, els: SchematicElement[], nodes: NodePlace[], W: number, H: number): SchematicElement {
  const size = FONT - 1;
  const half = (0.6 * size * [...l.text].length) / 2;
  const off = 0.6 * size + 4;
  const texts = els.filter((e): e is Extract<SchematicElement, { type: 'text' }> => e.type === 'text').map(textBox);
  const make = (p: NonlocalLabel['at'][number]): Extract<SchematicElement, { type: 'text' }> => {
    // far enough along the normal that the box clears the line
    const d = half * Math.abs(p.nx) + off;
    return { type: 'text', role: 'loss', id: l.id, x: p.x + p.nx * d, y: p.y + p.ny * d, text: l.text, size, beside: { x: p.x, y: p.y, nx: p.nx, ny: p.ny } };
  };
  const clear = (t: Extract<SchematicElement, { type: 'text' }>): boolean => {
    const [x0, x1, y0, y1] = textBox(t);
    if (x0 < 0 || y0 < 0 || x1 > W || y1 > H) return false;
    if (nodes.some((n) => x0 < n.x + NODE_R && n.x - NODE_R < x1 && y0 < n.y + NODE_R && n.y - NODE_R < y1)) return false;
    return !texts.some(([a0, a1, b0, b1]) => x0 < a1 && a0 < x1 && y0 < b1 && b0 < y1);
  };
  for (const p of l.at) {
    const t = make(p);
    if (clear(t)) return t;
  }
  return make(l.at[0]!);
}
