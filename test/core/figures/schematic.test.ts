import { describe, expect, it } from 'vitest';
import { schematicOption } from '../../../src-core/figures/schematic';
import type { ChartStyle } from '../../../src-core/figures/chart-options';
import type { SchematicDrawing } from '../../../src-core/models/structure';

const style = (fontSize: number): ChartStyle =>
  ({ print: true, colors: { ink: '#000' }, fonts: { sans: 'Arial', math: 'Arial' }, fontSize, titleSize: fontSize, legendSize: fontSize, lineWidth: 1, axisWidth: 1 }) as unknown as ChartStyle;

/** A steep edge with its label 13 units to the right of its middle, and a node's secondary label. */
const drawing: SchematicDrawing = {
  width: 400,
  height: 300,
  title: 't',
  elements: [
    { type: 'line', role: 'coupling', x1: 200, y1: 40, x2: 230, y2: 260 },
    { type: 'text', role: 'label', x: 215 + 13 * 0.991, y: 150 - 13 * 0.135, text: 'J 0.707  φ −π/4', size: 11, beside: { x: 215, y: 150, nx: 0.991, ny: -0.135 } },
    { type: 'text', role: 'kerr', x: 100, y: 158, text: 'U 5', size: 8, detail: true },
  ],
};

type Graphic = { type: string; x?: number; y?: number; style?: { text?: string; fontSize?: number }; shape?: { x1: number; y1: number; x2: number; y2: number } };

describe('schematicOption: text set at the figure scale', () => {
  for (const [what, width, font] of [
    ['a small panel (text enlarged ~3×)', 150, 8],
    ['a large panel (text at the drawing scale)', 800, 9],
  ] as const) {
    it(`${what}: the label's box stays clear of its edge`, () => {
      const g = (schematicOption(drawing, style(font), width, (width * 3) / 4) as { graphic: Graphic[] }).graphic;
      const line = g.find((e) => e.type === 'line')!.shape!;
      const label = g.find((e) => e.style?.text?.startsWith('J'))!;
      const size = label.style!.fontSize!;
      const w = 0.5 * size * [...label.style!.text!].length; // no wider than this in a sans font
      // the box's corner nearest the line is on the label's side of it
      const nx = line.y2 - line.y1;
      const ny = -(line.x2 - line.x1);
      const len = Math.hypot(nx, ny);
      const side = (x: number, y: number): number => (nx * (x - line.x1) + ny * (y - line.y1)) / len;
      const c = side(label.x!, label.y!);
      for (const [dx, dy] of [[-w / 2, -size / 2], [-w / 2, size / 2], [w / 2, -size / 2], [w / 2, size / 2]] as const) expect(Math.sign(side(label.x! + dx, label.y! + dy))).toBe(Math.sign(c));
    });
  }

  it("a node's secondary label is left out only when the text no longer fits the drawing's scale", () => {
    const small = (schematicOption(drawing, style(8), 150, 112) as { graphic: Graphic[] }).graphic;
    const large = (schematicOption(drawing, style(9), 800, 600) as { graphic: Graphic[] }).graphic;
    expect(small.some((e) => e.style?.text === 'U 5')).toBe(false);
    expect(large.some((e) => e.style?.text === 'U 5')).toBe(true);
  });
});
