/**
 * Journal figure sizes and typography. Widths are the journals' column widths; heights follow
 * the figure's panel grid (a panel's aspect ratio defaults to 3:4 of its width).
 */
export type PresetName = 'aps-single' | 'aps-double' | 'nature-single' | 'nature-double' | 'custom';

export interface FigurePreset {
  name: PresetName;
  label: string;
  /** Width in inches. */
  widthIn: number;
  /** Default font size (pt) and line width (pt). */
  fontPt: number;
  lineWidthPt: number;
}

const MM = 1 / 25.4;

export const PRESETS: Record<Exclude<PresetName, 'custom'>, FigurePreset> = {
  'aps-single': { name: 'aps-single', label: 'APS / PRL single column (3.4 in)', widthIn: 3.4, fontPt: 8, lineWidthPt: 1 },
  'aps-double': { name: 'aps-double', label: 'APS / PRL double column (7.0 in)', widthIn: 7.0, fontPt: 9, lineWidthPt: 1 },
  'nature-single': { name: 'nature-single', label: 'Nature single column (89 mm)', widthIn: 89 * MM, fontPt: 8, lineWidthPt: 0.75 },
  'nature-double': { name: 'nature-double', label: 'Nature double column (183 mm)', widthIn: 183 * MM, fontPt: 8, lineWidthPt: 0.75 },
};

export interface FigureSize {
  widthPt: number;
  heightPt: number;
  fontPt: number;
  lineWidthPt: number;
  preset: PresetName;
}

/**
 * The page size of a figure: the preset's width (or the custom width), and a height from the
 * panel grid unless given. Font size and line width come from the figure style, else the preset.
 */
export function figureSize(
  layout: { rows: number; cols: number },
  style: { preset?: PresetName; widthIn?: number; heightIn?: number; fontPt?: number; lineWidthPt?: number } = {},
): FigureSize {
  const preset = style.preset ?? 'aps-single';
  const base = preset === 'custom' ? undefined : PRESETS[preset];
  const widthIn = preset === 'custom' ? (style.widthIn ?? 3.4) : base!.widthIn;
  const panelW = widthIn / layout.cols;
  const heightIn = style.heightIn ?? Math.min(9, layout.rows * panelW * 0.75);
  return {
    // to 1/100 pt: 3.4 in is 244.8 pt, not 244.79999999999998
    widthPt: Math.round(widthIn * 7200) / 100,
    heightPt: Math.round(heightIn * 7200) / 100,
    fontPt: style.fontPt ?? base?.fontPt ?? 8,
    lineWidthPt: style.lineWidthPt ?? base?.lineWidthPt ?? 1,
    preset,
  };
}
