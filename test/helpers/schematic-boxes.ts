import type { SchematicElement } from '../../src-core/models/structure';

export type TextElement = Extract<SchematicElement, { type: 'text' }>;
export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The box of a schematic text (an estimate from its length: Liberation Sans averages ~0.6 em per character). */
export function textBox(e: TextElement): Box {
  const w = 0.6 * e.size * [...e.text].length;
  const x0 = e.align === 'left' ? e.x : e.align === 'right' ? e.x - w : e.x - w / 2;
  return { x0, x1: x0 + w, y0: e.y - 0.6 * e.size, y1: e.y + 0.6 * e.size };
}

export const overlap = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
