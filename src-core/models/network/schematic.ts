/**
 * The network's schematic (issue 16, "live schematic"): modes as nodes on a circle, in the spec's
 * order starting at the left and going clockwise — deterministic, and legible at 1 to 6 modes —
 * each marked Kerr (U ≠ 0: a double ring and "U"), lossy (κ > 0: an arrow out, "κ"), driven (Ω:
 * an arrow in) and read (an arrow out to "out"); couplings as edges labelled with J and φ (dashed
 * when J = 0). Pure: a drawing list (src-core/figures/schematic.ts) the editor shows as SVG and a
 * figure panel draws and exports.
 */
import type { SchematicDrawing, SchematicElement } from '../structure.js';
import type { NetworkSpec } from './spec.js';

export const SCHEMATIC_WIDTH = 420;
export const SCHEMATIC_HEIGHT = 340;
/** Node radius, and the length of a port arrow (units of the drawing box). */
export const NODE_R = 20;
const PORT = 30;
const FONT = 12;

/** A number as short text: 3 significant digits, a true minus sign. */
export function shortNumber(v: number): string {
  if (v === 0) return '0';
  const t = Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
  return t.replace('-', '−');
}

/** A phase as a fraction of π when it is one (−π/4, π/2, 3π/4), else its value in rad. */
export function phaseText(phi: number): string {
  if (phi === 0) return '0';
  for (const den of [1, 2, 3, 4, 6, 8]) {
    const num = (phi * den) / Math.PI;
    if (Math.abs(num - Math.round(num)) < 1e-9 && Math.round(num) !== 0) {
      const n = Math.round(num);
      const sign = n < 0 ? '−' : '';
      const a = Math.abs(n);
      return `${sign}${a === 1 ? '' : a}π${den === 1 ? '' : `/${den}`}`;
    }
  }
  return shortNumber(phi);
}

/** Where the modes sit: on a circle (one mode in the centre, two side by side), first at the left, clockwise. */
export function modePositions(n: number): { x: number; y: number; angle: number }[] {
  const cx = SCHEMATIC_WIDTH / 2;
  const cy = SCHEMATIC_HEIGHT / 2;
  if (n === 1) return [{ x: cx, y: cy, angle: -Math.PI / 2 }];
  const rx = n === 2 ? 110 : 120;
  const ry = n === 2 ? 0 : 80;
  return Array.from({ length: n }, (_, k) => {
    // y grows downwards: angle π is the left, π + π/2 the top (clockwise on screen)
    const angle = Math.PI + (2 * Math.PI * k) / n;
    return { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle), angle: n === 2 ? (k === 0 ? Math.PI : 0) : angle };
  });
}

/** The drawing of a network (a checked spec: names unique, couplings between known modes). */
export function networkSchematic(spec: NetworkSpec): SchematicDrawing {
  const pos = modePositions(spec.modes.length);
  const at = new Map(spec.modes.map((m, k) => [m.name, pos[k]!]));
  const els: SchematicElement[] = [];
  // couplings first, so the nodes are drawn over the edges' ends
  spec.couplings.forEach((c, k) => {
    const a = at.get(c.i)!;
    const b = at.get(c.j)!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    els.push({ type: 'line', role: 'coupling', id: `coupling-${k}`, x1: a.x + ux * NODE_R, y1: a.y + uy * NODE_R, x2: b.x - ux * NODE_R, y2: b.y - uy * NODE_R, dashed: c.J === 0 });
    // the label beside the edge's middle, on the side away from the centre (inside for edges through it)
    let nx = -uy;
    let ny = ux;
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    const out = (mx - SCHEMATIC_WIDTH / 2) * nx + (my - SCHEMATIC_HEIGHT / 2) * ny;
    if (out < 0) {
      nx = -nx;
      ny = -ny;
    }
    // the two edges through the centre of a ring (a diagonal) get their labels apart along the edge
    const along = Math.abs(out) < 1 ? (k % 2 ? 0.18 : -0.18) * len : 0;
    const off = 13;
    els.push({
      type: 'text',
      role: 'label',
      id: `coupling-${k}-label`,
      x: mx + nx * off + ux * along,
      y: my + ny * off + uy * along,
      text: `J ${shortNumber(c.J)}  φ ${phaseText(c.phase)}`,
      size: FONT - 1,
      beside: { x: mx + ux * along, y: my + uy * along, nx, ny },
    });
  });
  const drives = new Set(spec.directions.map((d) => d.drive));
  const reads = new Set(spec.directions.flatMap((d) => d.outputs));
  spec.modes.forEach((m, k) => {
    const p = pos[k]!;
    // ports point away from the centre (one mode: up); loss straight out, drive and read either side
    const port = (role: 'loss' | 'drive' | 'read', turn: number, inward: boolean, text: string): void => {
      const a = p.angle + turn;
      const x1 = p.x + Math.cos(a) * (NODE_R + 3);
      const y1 = p.y + Math.sin(a) * (NODE_R + 3);
      const x2 = p.x + Math.cos(a) * (NODE_R + 3 + PORT);
      const y2 = p.y + Math.sin(a) * (NODE_R + 3 + PORT);
      els.push(inward ? { type: 'line', role, id: `${role}-${m.name}`, x1: x2, y1: y2, x2: x1, y2: y1, arrow: true } : { type: 'line', role, id: `${role}-${m.name}`, x1, y1, x2, y2, arrow: true });
      const tx = p.x + Math.cos(a) * (NODE_R + PORT + 14);
      const ty = p.y + Math.sin(a) * (NODE_R + PORT + 14);
      els.push({ type: 'text', role, id: `${role}-${m.name}-label`, x: tx, y: ty, text, size: FONT - 1 });
    };
    if (m.kappa > 0) port('loss', 0, false, `κ ${shortNumber(m.kappa)}`);
    if (drives.has(m.name)) {
      const omega = spec.directions.find((d) => d.drive === m.name)!.Omega;
      port('drive', -0.75, true, `Ω ${shortNumber(omega)}`);
    }
    if (reads.has(m.name)) port('read', 0.75, false, 'out');
    const kerr = m.U !== 0;
    els.push({ type: 'circle', role: kerr ? 'kerr' : 'mode', id: `mode-${m.name}`, cx: p.x, cy: p.y, r: NODE_R, filled: kerr });
    if (kerr) els.push({ type: 'circle', role: 'kerr', id: `mode-${m.name}-kerr`, cx: p.x, cy: p.y, r: NODE_R - 4 });
    els.push({ type: 'text', role: 'label', id: `mode-${m.name}-name`, x: p.x, y: kerr ? p.y - 5 : p.y, text: m.name, size: FONT + 1, bold: true });
    if (kerr) els.push({ type: 'text', role: 'kerr', id: `mode-${m.name}-U`, x: p.x, y: p.y + 8, text: `U ${shortNumber(m.U)}`, size: FONT - 4, detail: true });
  });
  const title = `Network of ${spec.modes.length} mode${spec.modes.length === 1 ? '' : 's'} (${spec.modes.map((m) => m.name).join(', ')}), ${spec.couplings.length} coupling${spec.couplings.length === 1 ? '' : 's'}`;
  return { width: SCHEMATIC_WIDTH, height: SCHEMATIC_HEIGHT, elements: els, title };
}
