import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { tcmtSchematic, tcmtPositions, amplitudeOf, TCMT_SCHEMATIC_HEIGHT as H, TCMT_SCHEMATIC_WIDTH as W } from '../../../../src-core/models/tcmt-network/schematic';
import { tcmtStructure } from '../../../../src-core/models/tcmt-network/editor';
import { TCMT_PRESETS } from '../../../../src-core/models/tcmt-network/presets';
import { parseTcmtSpec, type TcmtSpec } from '../../../../src-core/models/tcmt-network/spec';
import { NODE_R, sciNumber } from '../../../../src-core/models/schematic-parts';
import { modelSchematic, schematicOption, schematicSvg, type SchematicElement } from '../../../../src-core/figures/schematic';
import { printStyle } from '../../../../src-core/figures/chart-options';
import { ParameterError } from '../../../../src-core/errors';
import { overlap, textBox } from '../../../helpers/schematic-boxes';

type Line = Extract<SchematicElement, { type: 'line' }>;
type Text = Extract<SchematicElement, { type: 'text' }>;
const preset = (id: string): TcmtSpec => TCMT_PRESETS.find((p) => p.id === id)!.spec;
/** The resonators' centres, in spec order (the drawing is cropped to its content, so not the layout box's). */
const centres = (els: SchematicElement[]): { x: number; y: number }[] =>
  els.filter((e): e is Extract<SchematicElement, { type: 'circle' }> => e.type === 'circle' && /^mode-\w+$/.test(e.id ?? '') && !e.id!.endsWith('-kerr')).map((c) => ({ x: c.cx, y: c.cy }));
const byId = (els: SchematicElement[], id: string): SchematicElement => {
  const e = els.find((x) => x.id === id);
  if (!e) throw new Error(`no element ${id}`);
  return e;
};

/**
 * A ring of n resonators (each coupled to the next, the first pair an ideal nonreciprocal one), a
 * port at each, every third with a Kerr shift, a Kerr-like loss on the third, and one nonlocal loss
 * on the second referencing the last.
 */
function ring(n: number): TcmtSpec {
  const names = Array.from({ length: n }, (_, k) => `r${k + 1}`);
  return parseTcmtSpec({
    resonators: names.map((name, k) => ({
      name,
      omega: 0,
      gamma: 1,
      gamma0: 0.2,
      chi: k % 3 === 0 ? 1 : 0,
      losses: k === 1 && n > 2 ? [{ kind: 'nonlocal', gamma: 0.5, reference: names[n - 1] }] : k === 2 ? [{ kind: 'kerr', gamma: 1 }] : [],
    })),
    couplings: n > 1 ? names.slice(0, n === 2 ? 1 : n).map((i, k) => ({ i, j: names[(k + 1) % n], ...(k === 0 ? { kappa_ij: 0, kappa_ji: 1 } : { kappa: 1 }) })) : [],
    ports: names,
    input: { omega: 0, amplitude: 1, port: 1 },
  });
}


describe('tcmt-network schematic', () => {
  it('a nonlocal chain (chain3-nonlocal): nodes, κ edges, ports at r1 and r3, loss arrows, and the nonlocal loss as a dashed arrow from r1 to r3', () => {
    const d = tcmtSchematic(preset('chain3-nonlocal'));
    const els = d.elements;
    const ids = (role: string, type = 'line'): string[] => els.filter((e) => e.role === role && e.type === type).map((e) => e.id!);
    expect(ids('mode', 'circle')).toEqual(['mode-r1', 'mode-r2', 'mode-r3']);
    expect(ids('coupling')).toEqual(['coupling-0', 'coupling-1']);
    expect(ids('drive')).toEqual(['port-1-in', 'port-2-in']);
    expect(ids('read')).toEqual(['port-1-out', 'port-2-out']);
    // the loss role: each resonator's intrinsic loss, and the nonlocal term (row 0 of the loss table)
    expect(ids('loss').sort()).toEqual(['loss-r1', 'loss-r2', 'loss-r3', 'nonlocal-0']);
    const pos = centres(els);
    const dist = (x: number, y: number, k: number): number => Math.hypot(x - pos[k]!.x, y - pos[k]!.y);
    const nl = byId(els, 'nonlocal-0') as Line;
    expect(nl).toMatchObject({ dashed: true, arrow: true });
    // r1 and r3 are not coupled: a straight arrow, from r1's rim to (just off) r3's
    expect(nl.control).toBeUndefined();
    expect(dist(nl.x1, nl.y1, 0)).toBeCloseTo(NODE_R, 9);
    expect(dist(nl.x2, nl.y2, 2)).toBeCloseTo(NODE_R + 3, 9);
    expect((byId(els, 'nonlocal-0-label') as Text).text).toBe('γₖ 0.5·|aᵣ₁|');
    // the ports: port 1 points into r1, port 2 into r3; the outputs point out
    const p1 = byId(els, 'port-1-in') as Line;
    expect(dist(p1.x2, p1.y2, 0)).toBeLessThan(dist(p1.x1, p1.y1, 0));
    const p2 = byId(els, 'port-2-in') as Line;
    expect(dist(p2.x2, p2.y2, 2)).toBeLessThan(dist(p2.x1, p2.y1, 2));
    const o2 = byId(els, 'port-2-out') as Line;
    expect(dist(o2.x2, o2.y2, 2)).toBeGreaterThan(dist(o2.x1, o2.y1, 2));
    expect((byId(els, 'port-2-in-label') as Text).text).toBe('port 2');
    // reciprocal couplings: plain edges labelled κ
    expect(byId(els, 'coupling-0')).not.toHaveProperty('arrow');
    expect((byId(els, 'coupling-1-label') as Text).text).toBe('κ 1');
    expect((byId(els, 'loss-r2-label') as Text).text).toBe('γ₀ 0.2');
    expect(d.title).toBe('Coupled-mode network of 3 resonators (r1, r2, r3), 2 couplings, 2 ports, 1 nonlocal loss');
  });

  it('an ideal nonreciprocal pair: an arrow in its direction with both values (one 0)', () => {
    // seed003-ideal: κ₁₂ = 0, κ₂₁ = π·1e6 — r2 drives r1 only
    const els = tcmtSchematic(preset('seed003-ideal')).elements;
    const pos = centres(els);
    const c = byId(els, 'coupling-0') as Line;
    expect(c.arrow).toBe(true);
    expect(c.dashed).toBe(false);
    expect(Math.hypot(c.x2 - pos[0]!.x, c.y2 - pos[0]!.y)).toBeCloseTo(NODE_R, 9);
    expect((byId(els, 'coupling-0-label') as Text).text).toBe('κ→ 3.14×10⁶');
    expect((byId(els, 'coupling-0-label-back') as Text).text).toBe('κ← 0');
    // given the other way round (i = r2): the same drawing
    const spec = preset('seed003-ideal');
    const flipped = tcmtSchematic({ ...spec, couplings: [{ i: 'r2', j: 'r1', kappa_ij: Math.PI * 1e6, kappa_ji: 0 }] }).elements;
    expect(byId(flipped, 'coupling-0')).toEqual(c);
    // a reciprocal zero coupling is dashed, without a head
    const zero = tcmtSchematic({ ...spec, couplings: [{ i: 'r1', j: 'r2', kappa_ij: 0, kappa_ji: 0 }] }).elements;
    expect(byId(zero, 'coupling-0')).toMatchObject({ dashed: true });
    expect(byId(zero, 'coupling-0')).not.toHaveProperty('arrow');
  });

  it('a nonlocal loss between coupled resonators curves off the coupling; local nonlinear losses and Kerr shifts are marked', () => {
    const nl = byId(tcmtSchematic(preset('seed003-nonlocal')).elements, 'nonlocal-0') as Line;
    expect(nl.control).toBeDefined();
    // the curve's middle is off the straight edge (both nodes at the same height)
    expect(Math.abs(nl.control!.y - nl.y1)).toBeGreaterThan(2 * NODE_R);
    expect((byId(tcmtSchematic(preset('seed003-kerr')).elements, 'loss-r2-local') as Text).text).toBe('γ|a|² 10⁶');
    expect((byId(tcmtSchematic(preset('seed003-saturable')).elements, 'loss-r2-local') as Text).text).toBe('sat 10⁶');
    expect(() => byId(tcmtSchematic(preset('seed003-linear')).elements, 'loss-r2-local')).toThrow();
    const kerr = tcmtSchematic(preset('kerr-bistable')).elements;
    expect(byId(kerr, 'mode-r1')).toMatchObject({ role: 'kerr', filled: true });
    expect((byId(kerr, 'mode-r1-chi') as Text).text).toBe('χ 1');
    expect(byId(tcmtSchematic(preset('chain3-nonlocal')).elements, 'mode-r1')).toMatchObject({ role: 'mode', filled: false });
  });

  it('the drawing is the ring layout cropped to its content: one common offset, no larger than the layout box', () => {
    for (const spec of [...[1, 2, 3, 5, 8].map(ring), ...TCMT_PRESETS.map((p) => p.spec)]) {
      const d = tcmtSchematic(spec);
      const c = centres(d.elements);
      const p = tcmtPositions(spec.resonators.length);
      const dx = c[0]!.x - p[0]!.x;
      const dy = c[0]!.y - p[0]!.y;
      c.forEach((q, k) => {
        expect(q.x - p[k]!.x).toBeCloseTo(dx, 2);
        expect(q.y - p[k]!.y).toBeCloseTo(dy, 2);
      });
      expect(d.width).toBeLessThanOrEqual(W);
      expect(d.height).toBeLessThanOrEqual(H);
    }
    // two resonators side by side: a wide, low drawing
    const two = tcmtSchematic(preset('seed003-linear'));
    expect(two.width / two.height).toBeGreaterThan(2);
  });

  it('|a| of a resonator in Unicode, numbers with powers of ten', () => {
    expect(amplitudeOf('r12')).toBe('|aᵣ₁₂|');
    expect(amplitudeOf('B_1')).toBe('|a(B_1)|');
    expect(sciNumber(Math.PI * 1e6)).toBe('3.14×10⁶');
    expect(sciNumber(1e6)).toBe('10⁶');
    expect(sciNumber(-2.5e-4)).toBe('−2.5×10⁻⁴');
    expect(sciNumber(0.2)).toBe('0.2');
  });

  it('every text of rings of 1 to 8 resonators and of the presets lies in the box; no two texts overlap', () => {
    for (const spec of [...[1, 2, 3, 4, 5, 6, 7, 8].map(ring), ...TCMT_PRESETS.map((p) => p.spec)]) {
      const d = tcmtSchematic(spec);
      const texts = d.elements.filter((e): e is Text => e.type === 'text');
      for (const t of texts) {
        const b = textBox(t);
        expect(b.x0, `${t.text} in ${d.title}`).toBeGreaterThanOrEqual(0);
        expect(b.x1, `${t.text} in ${d.title}`).toBeLessThanOrEqual(d.width);
        expect(b.y0, `${t.text} in ${d.title}`).toBeGreaterThanOrEqual(0);
        expect(b.y1, `${t.text} in ${d.title}`).toBeLessThanOrEqual(d.height);
      }
      // a node's name and χ are stacked inside it; the other texts must not touch
      const free = texts.filter((t) => !/^mode-/.test(t.id ?? ''));
      for (let a = 0; a < free.length; a++) for (let b = a + 1; b < free.length; b++) expect(overlap(textBox(free[a]!), textBox(free[b]!)), `${free[a]!.text} / ${free[b]!.text} in ${d.title}`).toBe(false);
      // no text over another node
      const nodes = d.elements.filter((e): e is Extract<SchematicElement, { type: 'circle' }> => e.type === 'circle');
      for (const t of free) {
        const b = textBox(t);
        for (const n of nodes) expect(b.x0 < n.cx + n.r && n.cx - n.r < b.x1 && b.y0 < n.cy + n.r && n.cy - n.r < b.y1, `${t.text} over ${n.id} in ${d.title}`).toBe(false);
      }
      expect(tcmtSchematic(spec)).toEqual(d);
    }
  });

  it('the SVG is well-formed and draws the curve as a path; the figure panel draws it as a Bézier curve inside the panel', () => {
    const d = tcmtSchematic(preset('seed003-nonlocal'));
    const svg = schematicSvg(d);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as { svg: { circle: unknown[]; g: { '@_data-role': string; '@_data-id': string; path?: unknown }[] } };
    expect(parsed.svg.circle).toHaveLength(2);
    const g = parsed.svg.g.find((x) => x['@_data-id'] === 'nonlocal-0')!;
    expect(g['@_data-role']).toBe('loss');
    expect(g.path).toBeDefined();
    const opt = schematicOption(d, printStyle(8, 1, 'Liberation Sans'), 400, 300) as { graphic: { type: string; shape: Record<string, number> }[] };
    const curve = opt.graphic.filter((x) => x.type === 'bezierCurve');
    expect(curve).toHaveLength(1);
    for (const k of ['x1', 'x2', 'cpx1']) {
      expect(curve[0]!.shape[k]).toBeGreaterThanOrEqual(0);
      expect(curve[0]!.shape[k]).toBeLessThanOrEqual(400);
    }
    for (const k of ['y1', 'y2', 'cpy1']) {
      expect(curve[0]!.shape[k]).toBeGreaterThanOrEqual(0);
      expect(curve[0]!.shape[k]).toBeLessThanOrEqual(300);
    }
  });

  it('a study’s schematic is the tcmt-network spec it is set to; a bad spec is a ParameterError naming the field', () => {
    const d = modelSchematic('tcmt-network', { spec: JSON.stringify(preset('chain3-nonlocal')), omega: 3 });
    expect(d?.title).toMatch(/^Coupled-mode network of 3 resonators/);
    expect(tcmtStructure.schematic(tcmtStructure.read(JSON.stringify(preset('kerr-bistable')))).title).toMatch(/1 resonator \(r1\)/);
    const bad = { ...preset('chain3-nonlocal'), ports: ['r2'] };
    try {
      modelSchematic('tcmt-network', { spec: JSON.stringify(bad) });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParameterError);
      expect((e as ParameterError).param).toBe('spec.resonators[1].gamma');
    }
  });
});
