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
import { edgeBetween, modePositions, NODE_R, portArrow, SCHEMATIC_HEIGHT, SCHEMATIC_WIDTH, shortNumber } from '../schematic-parts.js';

export { NODE_R, SCHEMATIC_HEIGHT, SCHEMATIC_WIDTH, modePositions, shortNumber } from '../schematic-parts.js';
const FONT = 12;

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

/** The drawing of a network (a checked spec: names unique, couplings between known modes). */
export function networkSchematic(spec: NetworkSpec): SchematicDrawing {
  const pos = modePositions(spec.modes.length);
  const at = new Map(spec.modes.map((m, k) => [m.name, pos[k]!]));
  const els: SchematicElement[] = [];
  // couplings first, so the nodes are drawn over the edges' ends
  spec.couplings.forEach((c, k) => {
    const e = edgeBetween(at.get(c.i)!, at.get(c.j)!, k);
    els.push({ type: 'line', role: 'coupling', id: `coupling-${k}`, ...e.line, dashed: c.J === 0 });
    els.push({ type: 'text', role: 'label', id: `coupling-${k}-label`, x: e.label.x, y: e.label.y, text: `J ${shortNumber(c.J)}  φ ${phaseText(c.phase)}`, size: FONT - 1, beside: e.label.beside });
  });
  const drives = new Set(spec.directions.map((d) => d.drive));
  const reads = new Set(spec.directions.flatMap((d) => d.outputs));
  spec.modes.forEach((m, k) => {
    const p = pos[k]!;
    // ports point away from the centre (one mode: up); loss straight out, drive and read either side
    const port = (role: 'loss' | 'drive' | 'read', turn: number, inward: boolean, text: string): void => {
      els.push(...portArrow(p, role, `${role}-${m.name}`, turn, inward, text, FONT - 1));
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
