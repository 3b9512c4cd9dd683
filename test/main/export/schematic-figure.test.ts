/**
 * A figure's schematic panel (a network's structure) drawn and exported like the other panels:
 * in the SVG as searchable text and shapes, in the PDF and PNG; it needs no study result; a model
 * without a structure is refused naming the panel.
 */
import { XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { listModels } from '../../../src-core/models/registry';
import { TCMT_PRESETS } from '../../../src-core/models/tcmt-network/presets';
import { canonicalTcmtSpec } from '../../../src-core/models/tcmt-network/spec';
import { ProjectFileError, validateProject } from '../../../src-core/project/validate';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { figureBytes, renderFigure } from '../../../src-main/export/figure-export';

const withStructure = listModels().find((m) => m.structure)!;
const without = listModels().find((m) => !m.structure)!;

function project(network: string, extra: Record<string, number> = {}): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Schematic',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [
      { id: 'net', name: 'Net', model: withStructure.id, params: { network, solver: 'classical', ...extra } },
      { id: 'other', name: 'Other', model: without.id, params: {} },
    ],
    studies: [
      { id: 'pt', name: 'Point', kind: 'point', model: withStructure.id, parameterSet: 'net', params: { 'x-y.phase': 0.5 } },
      { id: 'o', name: 'Other point', kind: 'point', model: without.id, parameterSet: 'other', params: {} },
    ],
    figures: [
      { id: 'f', name: 'fig', layout: { rows: 1, cols: 1 }, panels: [{ study: 'pt', kind: 'schematic', label: '(a)' }] },
      { id: 'g', name: 'bad', layout: { rows: 1, cols: 1 }, panels: [{ study: 'o', kind: 'schematic' }] },
    ],
  };
}

/** The problems validation finds (each "path: reason"). */
function problems(doc: ProjectDocument): string[] {
  try {
    validateProject(doc);
    return [];
  } catch (e) {
    if (e instanceof ProjectFileError) return e.problems;
    throw e;
  }
}

const NET = JSON.stringify({
  modes: [
    { name: 'x', kappa: 1, U: 3 },
    { name: 'y', kappa: 2 },
  ],
  couplings: [{ i: 'x', j: 'y', J: 0.25, phase: 0 }],
  directions: [{ drive: 'x', Omega: 0.1, outputs: ['y'] }],
});

describe('schematic panel export', () => {
  it('draws the study’s network (its own values applied) without a result, in SVG, PDF and PNG', async () => {
    const doc = project(NET);
    expect(problems({ ...doc, figures: [doc.figures[0]!] })).toEqual([]);
    const r = renderFigure(doc, 'fig', () => undefined, { preset: 'aps-single' });
    expect(XMLValidator.validate(r.svg)).toBe(true);
    // the modes' names, the coupling with the study's phase, the loss of y and the drive at x, as text
    for (const t of ['x', 'y', 'J 0.25  φ 0.5', 'κ 1', 'κ 2', 'Ω 0.1', 'out', '(a)']) expect(r.svg).toContain(`>${t}<`);
    // at 3.4 in the text is larger than the drawing's scale: the Kerr value inside the node is left
    // out (the double ring still marks the Kerr mode); at 7 in it fits and is drawn
    expect(r.svg).not.toContain('>U 3<');
    expect((r.svg.match(/<circle/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(renderFigure(doc, 'fig', () => undefined, { preset: 'aps-double' }).svg).toContain('>U 3<');
    expect(r.findings).toEqual([]);
    const pdf = Buffer.from(await figureBytes(r, 'pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const png = PNG.sync.read(Buffer.from(await figureBytes(r, 'png', 150)));
    expect(png.width).toBe(Math.round((r.widthPt / 72) * 150));
    // the drawing is not blank: some pixels are dark (ink of nodes and text)
    let dark = 0;
    for (let k = 0; k < png.data.length; k += 4) if (png.data[k]! < 100) dark++;
    expect(dark).toBeGreaterThan(100);
  });

  it('a schematic of a model without a structure, or of a bad structure, is refused naming the panel', () => {
    const doc = project(NET);
    expect(problems(doc)).toEqual([expect.stringMatching(/^figures\[1\] "bad"\.panels\[0\]\.kind: a schematic draws a model's structure/)]);
    expect(() => renderFigure(doc, 'bad', () => undefined)).toThrow(/has no structure to draw/);
    const broken = project(NET.replace('"j":"y"', '"j":"x"'));
    expect(() => renderFigure(broken, 'fig', () => undefined)).toThrow(/cannot be drawn.*couplings\[0\]\.j/);
  });
});

describe('schematic panel of a tcmt-network study', () => {
  it('draws the classical network (nodes, κ, ports, the nonlocal loss as a curve) in SVG and PDF', async () => {
    const seed = TCMT_PRESETS.find((p) => p.id === 'seed003-nonlocal')!;
    const base = project(NET);
    const doc: ProjectDocument = {
      ...base,
      parameterSets: [{ id: 'tc', name: 'TCMT', model: 'tcmt-network', params: { spec: canonicalTcmtSpec(seed.spec) } }],
      studies: [{ id: 'pt', name: 'Point', kind: 'point', model: 'tcmt-network', parameterSet: 'tc', params: { omega: 2 * Math.PI * 1e6 } }],
      figures: [base.figures[0]!],
    };
    expect(problems(doc)).toEqual([]);
    const r = renderFigure(doc, 'fig', () => undefined, { preset: 'aps-double' });
    expect(XMLValidator.validate(r.svg)).toBe(true);
    for (const t of ['r1', 'r2', 'port 1', 'port 2', 'κ 3.14×10⁶']) expect(r.svg).toContain(`>${t}<`);
    expect(r.svg).toMatch(/γₖ 3\.14×10⁶·\|aᵣ₁\|/);
    // the nonlocal loss's curve: a path with a quadratic or cubic segment (ECharts draws the Bézier as C)
    expect(r.svg).toMatch(/<path[^>]* d="M[^"]*[QC][^"]*"[^>]*stroke-dasharray/);
    expect(r.findings).toEqual([]);
    const pdf = Buffer.from(await figureBytes(r, 'pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('keys of a network’s quantities in a project', () => {
  it('output-pair keys are valid quantity and axis keys; odd characters and a leading arrow are not', async () => {
    const { safeKeyProblem } = await import('../../../src-core/project/result-checks');
    for (const k of ['a->c.T', 'a<->c.isolation', 'a->c,d.g2', 'a-c.J', 'b1.kappa2']) expect(safeKeyProblem(k), k).toBeUndefined();
    for (const k of ['a b/c', '->a.T', '-a', 'a;c', '__proto__']) expect(safeKeyProblem(k), k).toBeDefined();
  });
});
