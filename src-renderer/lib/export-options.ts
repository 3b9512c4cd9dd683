/**
 * The export dialog's pure parts: the choices it offers (formats, journal presets), the defaults
 * a figure starts from (its own style, else its preset's), lengths typed in inches or millimetres,
 * the options sent to previewFigure / exportFile, and the texts it shows (physical size, file size).
 */
import type { ExportFileFormat, FigureExportOptions } from '../../src-core/contract/api';
import { PRESETS, type PresetName } from '../../src-core/figures/presets';
import { findModel } from '../../src-core/models/registry';
import type { Figure, Study } from '../../src-core/project/types';

export type FigureFormat = 'pdf' | 'svg' | 'png';
export type DataFormat = 'csv' | 'json' | 'npz' | 'h5' | 'ipynb' | 'py';
export type LengthUnit = 'in' | 'mm';

export const MM_PER_IN = 25.4;

export const FIGURE_FORMATS: { value: FigureFormat; label: string; title: string }[] = [
  { value: 'pdf', label: 'PDF', title: 'Vector PDF with the fonts embedded (for the journal)' },
  { value: 'svg', label: 'SVG', title: 'Vector SVG, text kept as text (for editing in Inkscape or Illustrator)' },
  { value: 'png', label: 'PNG', title: 'Raster image at the chosen resolution (for slides and the web)' },
];

export const DATA_FORMATS: { value: DataFormat; label: string; detail: string }[] = [
  { value: 'csv', label: 'CSV', detail: 'One row per grid point, with a # header of the parameters, solver settings and provenance. Column names safe for numpy and pandas.' },
  { value: 'json', label: 'JSON', detail: 'Axes, quantities with symbols and units, data arrays, failed points and provenance.' },
  { value: 'npz', label: 'NumPy (npz)', detail: 'Every quantity as an array in the grid\'s shape (NaN where a point failed), the axes, and parameters and provenance as JSON: np.load(file).' },
  { value: 'h5', label: 'HDF5', detail: 'One dataset per quantity in the grid\'s shape with its label and unit, the axes as dimension scales, provenance as attributes: h5py.File(file).' },
  { value: 'ipynb', label: 'Jupyter notebook', detail: 'The recompute script as notebook cells, then cells that load the numbers and plot the study with matplotlib.' },
  { value: 'py', label: 'Python script (recomputes the study: QuTiP / numpy-scipy)', detail: 'A standalone script that recomputes this study without NR Lab and writes a CSV with the same columns.' },
];

export const PRESET_CHOICES: { value: PresetName; label: string }[] = [
  ...Object.values(PRESETS).map((p) => ({ value: p.name, label: p.label })),
  { value: 'custom', label: 'Custom size' },
];

/** What a native save dialog filters on, per format. */
export const FILE_KINDS: Record<ExportFileFormat, { name: string; extension: string }> = {
  pdf: { name: 'PDF figure', extension: 'pdf' },
  svg: { name: 'SVG figure', extension: 'svg' },
  png: { name: 'PNG image', extension: 'png' },
  csv: { name: 'CSV data', extension: 'csv' },
  json: { name: 'JSON data', extension: 'json' },
  npz: { name: 'NumPy arrays', extension: 'npz' },
  h5: { name: 'HDF5 data', extension: 'h5' },
  ipynb: { name: 'Jupyter notebook', extension: 'ipynb' },
  py: { name: 'Python script', extension: 'py' },
};

/** The file name the backend suggests for an item's name (letters, digits, dots and dashes). */
export function suggestedFileName(name: string, ext: string): string {
  const base = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'export';
  return `${base}.${ext}`;
}

/** The library a study's Python script recomputes it with (as its model package states it). */
export function scriptLibrary(study: Pick<Study, 'model'> | undefined): string {
  if (!study) return '';
  return findModel(study.model)?.scriptRequirements ?? '';
}

export interface FigureDefaults {
  preset: PresetName;
  /** Width in inches the preset gives (custom: the figure's own, else 3.4 in). */
  widthIn: number;
  /** The figure's own height (undefined: from the panel grid). */
  heightIn?: number;
  fontPt: number;
  lineWidthPt: number;
}

/** What a figure exports at with a preset when nothing else is chosen: its own style, else the preset's. */
export function figureDefaults(figure: Figure | undefined, preset?: PresetName): FigureDefaults {
  const style = figure?.style ?? {};
  const p = preset ?? style.preset ?? 'aps-single';
  const base = p === 'custom' ? undefined : PRESETS[p];
  return {
    preset: p,
    widthIn: base?.widthIn ?? style.widthIn ?? 3.4,
    ...(style.heightIn !== undefined ? { heightIn: style.heightIn } : {}),
    fontPt: style.fontPt ?? base?.fontPt ?? 8,
    lineWidthPt: style.lineWidthPt ?? base?.lineWidthPt ?? 1,
  };
}

/** A number typed by the user: undefined when empty, NaN when not a number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/,/g, '.');
  if (t === '') return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

/** A length in `unit` as inches. */
export function toInches(v: number, unit: LengthUnit): number {
  return unit === 'mm' ? v / MM_PER_IN : v;
}

/** Inches as the text of a field in `unit` (3 significant decimals at most, no trailing zeros). */
export function lengthText(inches: number, unit: LengthUnit): string {
  const v = unit === 'mm' ? inches * MM_PER_IN : inches;
  return numberText(v, unit === 'mm' ? 1 : 3);
}

/** A number with at most `decimals` decimals and no trailing zeros. */
export function numberText(v: number, decimals = 3): string {
  return String(Number(v.toFixed(decimals)));
}

export interface FigureForm {
  preset: PresetName;
  unit: LengthUnit;
  width: string;
  height: string;
  font: string;
  line: string;
  dpi: string;
  grayscale: boolean;
  format: FigureFormat;
  /** The family the figure is set in (default sans). */
  typeface?: Typeface;
}

export type Typeface = 'sans' | 'serif';

export const TYPEFACES: { value: Typeface; label: string; title: string }[] = [
  { value: 'sans', label: 'Liberation Sans', title: 'Sans serif with the metrics of Arial / Helvetica (shipped with NR Lab)' },
  { value: 'serif', label: 'Liberation Serif', title: 'Serif with the metrics of Times New Roman (shipped with NR Lab)' },
];

export type FigureField = 'width' | 'height' | 'font' | 'line' | 'dpi';

/**
 * The options of a filled-in form, or the fields that are not numbers. Ranges are the backend's
 * to check (its message is shown in place of the preview); `dpi` only for PNG.
 */
export function figureOptions(form: FigureForm): { options?: FigureExportOptions; errors: Partial<Record<FigureField, string>> } {
  const errors: Partial<Record<FigureField, string>> = {};
  const num = (field: FigureField, text: string, required: boolean): number | undefined => {
    const v = parseNumber(text);
    if (v === undefined) {
      if (required) errors[field] = 'required';
      return undefined;
    }
    if (Number.isNaN(v)) {
      errors[field] = 'not a number';
      return undefined;
    }
    return v;
  };
  const options: FigureExportOptions = { preset: form.preset };
  if (form.preset === 'custom') {
    const w = num('width', form.width, true);
    const h = num('height', form.height, false);
    if (w !== undefined) options.widthIn = toInches(w, form.unit);
    if (h !== undefined) options.heightIn = toInches(h, form.unit);
  }
  const font = num('font', form.font, true);
  const line = num('line', form.line, true);
  if (font !== undefined) options.fontPt = font;
  if (line !== undefined) options.lineWidthPt = line;
  if (form.format === 'png') {
    const dpi = num('dpi', form.dpi, true);
    if (dpi !== undefined) options.dpi = dpi;
  }
  if (form.grayscale) options.grayscale = true;
  if (form.typeface === 'serif') options.font = 'serif';
  return Object.keys(errors).length ? { errors } : { options, errors };
}

/** The option an error of the backend names ('fontPt', 'options.fontPt') as the form's field. */
export function fieldOfParam(param: string | undefined): FigureField | undefined {
  const key = param?.replace(/^options\./, '');
  return ({ widthIn: 'width', heightIn: 'height', fontPt: 'font', lineWidthPt: 'line', dpi: 'dpi' } as const)[key ?? ''] as FigureField | undefined;
}

export const FIELD_LABELS: Record<FigureField, string> = { width: 'Width', height: 'Height', font: 'Font size', line: 'Line width', dpi: 'Resolution' };

/** "7.00 × 3.50 in · 9 pt" (or in mm), with the pixel size of a PNG. */
export function physicalSizeText(p: { widthPt: number; heightPt: number; fontPt: number }, unit: LengthUnit, dpi?: number): string {
  const w = p.widthPt / 72;
  const h = p.heightPt / 72;
  const size = unit === 'mm' ? `${(w * MM_PER_IN).toFixed(1)} × ${(h * MM_PER_IN).toFixed(1)} mm` : `${w.toFixed(2)} × ${h.toFixed(2)} in`;
  const px = dpi ? ` · ${Math.round(w * dpi)} × ${Math.round(h * dpi)} px` : '';
  return `${size} · ${numberText(p.fontPt, 2)} pt${px}`;
}

/** 1234 → "1.2 kB". */
export function byteText(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}
