import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { NODE_R, modePositions, networkSchematic, phaseText, SCHEMATIC_HEIGHT, SCHEMATIC_WIDTH } from '../../../../src-core/models/network/schematic';
import { networkStructure } from '../../../../src-core/models/network/editor';
import { PRESETS } from '../../../../src-core/models/network/presets';
import { parseNetworkSpec, type NetworkSpec } from '../../../../src-core/models/network/spec';
import { schematicOption, schematicSvg, type SchematicElement } from '../../../../src-core/figures/schematic';
import { printStyle } from '../../../../src-core/figures/chart-options';
import { ParameterError } from '../../../../src-core/errors';
import { overlap, textBox } from '../../../helpers/schematic-boxes';

/** A ring of n modes (each coupled to the next), every mode lossy, driven at the first, read at the last. */
function ring(n: number): NetworkSpec {
  const names = Array.from({ length: n }, (_, k) => `m${k}`);
  return parseNetworkSpec({
    modes: names.map((name, k) => ({ name, kappa: 1, U: k % 2 ? 0 : 2 })),
    couplings: n > 1 ? names.slice(0, n === 2 ? 1 : n).map((i, k) => ({ i, j: names[(k + 1) % n], J: 0.5, phase: k === 0 ? Math.PI / 2 : 0 })) : [],
    directions: [{ drive: names[0], Omega: 0.1, outputs: [names[n - 1]] }],
  });
}


describe('network schematic: layout', () => {
  it('places 1 to 6 modes apart, inside the box, deterministically', () => {
    for (let n = 1; n <= 6; n++) {
      const p = modePositions(n);
      expect(p).toHaveLength(n);
      for (let a = 0; a < n; a++) {
        // a node, its port arrows and their labels (NODE_R + 30 + 14 + text) stay in the box
        expect(p[a]!.x - NODE_R).toBeGreaterThan(0);
        expect(p[a]!.x + NODE_R).toBeLessThan(SCHEMATIC_WIDTH);
        for (let b = a + 1; b < n; b++) expect(Math.hypot(p[a]!.x - p[b]!.x, p[a]!.y - p[b]!.y)).toBeGreaterThan(4 * NODE_R);
      }
      expect(modePositions(n)).toEqual(p);
    }
    // the first mode at the left; two modes side by side
    expect(modePositions(3)[0]!.x).toBeLessThan(modePositions(3)[1]!.x);
    expect(modePositions(2)[0]!.y).toBe(modePositions(2)[1]!.y);
  });

  it('every element and text of rings of 1 to 6 modes and of the presets lies in the box; no two texts overlap', () => {
    for (const spec of [...[1, 2, 3, 4, 5, 6].map(ring), ...PRESETS.map((p) => p.spec)]) {
      const d = networkSchematic(spec);
      const texts = d.elements.filter((e): e is Extract<SchematicElement, { type: 'text' }> => e.type === 'text');
      for (const t of texts) {
        const b = textBox(t);
        expect(b.x0, t.text).toBeGreaterThanOrEqual(0);
        expect(b.x1, t.text).toBeLessThanOrEqual(SCHEMATIC_WIDTH);
        expect(b.y0, t.text).toBeGreaterThanOrEqual(0);
        expect(b.y1, t.text).toBeLessThanOrEqual(SCHEMATIC_HEIGHT);
      }
      // the name and U of a Kerr mode are stacked inside its node; other texts must not touch
      const free = texts.filter((t) => !/^mode-/.test(t.id ?? ''));
      for (let a = 0; a < free.length; a++) for (let b = a + 1; b < free.length; b++) expect(overlap(textBox(free[a]!), textBox(free[b]!)), `${free[a]!.text} / ${free[b]!.text} in ${d.title}`).toBe(false);
      expect(networkSchematic(spec)).toEqual(d);
    }
  });

  it('marks modes Kerr / lossy / driven / read exactly as the spec says', () => {
    const spec = parseNetworkSpec({
      modes: [
        { name: 'a', kappa: 1, U: 5 },
        { name: 'b', kappa: 0, U: 0 },
        { name: 'c', kappa: 2, U: 0 },
      ],
      couplings: [
        { i: 'a', j: 'b', J: 0.7, phase: -Math.PI / 4 },
        { i: 'b', j: 'c', J: 0, phase: 0 },
        { i: 'a', j: 'c', J: 0.3, phase: 0 },
      ],
      directions: [{ drive: 'c', Omega: 0.2, outputs: ['a'] }],
    });
    const d = networkSchematic(spec);
    const ids = (role: string): string[] => d.elements.filter((e) => e.role === role && e.type !== 'text').map((e) => e.id!);
    expect(ids('kerr').filter((i) => !i.endsWith('-kerr'))).toEqual(['mode-a']);
    expect(ids('mode')).toEqual(['mode-b', 'mode-c']);
    expect(ids('loss').sort()).toEqual(['loss-a', 'loss-c']);
    expect(ids('drive')).toEqual(['drive-c']);
    expect(ids('read')).toEqual(['read-a']);
    const pos = modePositions(3);
    const line = (id: string) => d.elements.find((e) => e.id === id) as Extract<SchematicElement, { type: 'line' }>;
    const dist = (x: number, y: number, k: number): number => Math.hypot(x - pos[k]!.x, y - pos[k]!.y);
    // the drive points into c (its head, x2, is the end nearer c); loss and read point out of a
    expect(dist(line('drive-c').x2, line('drive-c').y2, 2)).toBeLessThan(dist(line('drive-c').x1, line('drive-c').y1, 2));
    for (const id of ['loss-a', 'read-a']) expect(dist(line(id).x2, line(id).y2, 0)).toBeGreaterThan(dist(line(id).x1, line(id).y1, 0));
    // edges end on the node circles; a zero coupling is dashed; labels carry J and φ (π fractions)
    const ab = line('coupling-0');
    expect(dist(ab.x1, ab.y1, 0)).toBeCloseTo(NODE_R, 9);
    expect(dist(ab.x2, ab.y2, 1)).toBeCloseTo(NODE_R, 9);
    expect(line('coupling-1').dashed).toBe(true);
    expect(line('coupling-0').dashed).toBe(false);
    const label = (id: string) => (d.elements.find((e) => e.id === id) as Extract<SchematicElement, { type: 'text' }>).text;
    expect(label('coupling-0-label')).toBe('J 0.7  φ −π/4');
    expect(label('drive-c-label')).toBe('Ω 0.2');
    expect(label('mode-a-U')).toBe('U 5');
  });

  it('writes phases as fractions of π when they are, else as numbers', () => {
    expect(phaseText(Math.PI / 2)).toBe('π/2');
    expect(phaseText((-3 * Math.PI) / 4)).toBe('−3π/4');
    expect(phaseText(Math.PI)).toBe('π');
    expect(phaseText(0.3)).toBe('0.3');
    expect(phaseText(0)).toBe('0');
  });
});

describe('network schematic: drawing', () => {
  it('the SVG is well-formed, with one node per mode and one edge per coupling, and escapes names', () => {
    const d = networkSchematic(PRESETS[2]!.spec);
    const svg = schematicSvg(d);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as { svg: { circle: unknown[]; g: { '@_data-role': string }[] } };
    expect(parsed.svg).toBeDefined();
    expect((svg.match(/<circle data-role="(mode|kerr)" data-id="mode-[a-z]+"/g) ?? []).length).toBe(4);
    expect(parsed.svg.g.filter((g) => g['@_data-role'] === 'coupling')).toHaveLength(4);
    expect(schematicSvg({ ...d, title: 'a<b & "c"' })).toContain('<title>a&lt;b &amp; &quot;c&quot;</title>');
  });

  it('the figure panel option fits the panel, aspect kept', () => {
    const style = printStyle(8, 1, 'Liberation Sans');
    for (const [w, h] of [
      [250, 180],
      [500, 150],
    ]) {
      const opt = schematicOption(networkSchematic(PRESETS[0]!.spec), style, w!, h!) as { graphic: { type: string; shape?: { cx?: number; cy?: number; r?: number; x1?: number; x2?: number }; x?: number; y?: number }[] };
      const circles = opt.graphic.filter((g) => g.type === 'circle');
      expect(circles.length).toBeGreaterThanOrEqual(3);
      for (const c of circles) {
        const { cx = NaN, cy = NaN, r = NaN } = c.shape ?? {};
        expect(cx - r).toBeGreaterThanOrEqual(0);
        expect(cx + r).toBeLessThanOrEqual(w!);
        expect(cy + r).toBeLessThanOrEqual(h!);
      }
      for (const t of opt.graphic.filter((g) => g.type === 'text')) {
        expect(t.x).toBeGreaterThan(0);
        expect(t.x).toBeLessThan(w!);
      }
    }
  });
});

describe('network editor description', () => {
  const S = networkStructure;
  it('reads the default network, and a bad cell is named by the check', () => {
    const v = S.read(undefined);
    expect((v.modes as unknown[]).length).toBe(3);
    const bad = structuredClone(v) as { couplings: { j: string }[] };
    bad.couplings[1]!.j = 'a';
    expect(() => S.canonical(bad)).toThrowError(ParameterError);
    try {
      S.canonical(bad);
    } catch (e) {
      expect((e as ParameterError).param).toBe('network.couplings[1].j');
    }
  });

  it('new rows get unused names and uncoupled pairs', () => {
    const v = S.read(undefined) as { modes: { name: string }[]; couplings: unknown[] };
    const m = S.newRow(v, 'modes');
    expect(m.name).toBe('d');
    const withD = { ...v, modes: [...v.modes, m] };
    expect(S.newRow(withD, 'couplings')).toMatchObject({ i: 'a', j: 'd' });
    // the new mode (lossy, uncoupled, undriven) keeps the spec valid
    expect(() => S.canonical(withD)).not.toThrow();
  });

  it('applies a set’s dotted values and aliases to the spec and says which keys it holds', () => {
    const v = S.read(undefined);
    const r = S.withValues(v, { 'a-c.phase': 0.3, Delta: 1.5, 'b.kappa': 2, solver: 'classical', 'zz.Delta': 4 });
    expect(r.keys.sort()).toEqual(['Delta', 'a-c.phase', 'b.kappa']);
    const spec = parseNetworkSpec(r.value);
    expect(spec.couplings.find((c) => c.i === 'a' && c.j === 'c')!.phase).toBe(0.3);
    expect(spec.modes.map((x) => x.Delta)).toEqual([1.5, 1.5, 1.5]);
    expect(spec.modes[1]!.kappa).toBe(2);
    // an out-of-range value leaves the spec's own numbers (the form reports it)
    expect(S.withValues(v, { 'a.kappa': -1 })).toEqual({ value: v, keys: [] });
  });
});
