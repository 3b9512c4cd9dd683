/**
 * The figure export form's state (Export… dialog): which figure, the format, the journal preset
 * or a custom size, type and line sizes, PNG resolution, grayscale, typeface; the options they
 * make (with a problem per field), and those the preview is drawn with.
 */
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { FigureExportOptions, FigurePreview } from '../../src-core/contract/api';
import type { Figure, ProjectDocument } from '../../src-core/project/types';
import type { PresetName } from '../../src-core/figures/presets';
import { figureDefaults, figureOptions, lengthText, numberText, parseNumber, toInches, type FigureFormat, type LengthUnit, type Typeface } from '../lib/export-options';

export interface FigureExportForm {
  figureId: Ref<string>;
  figure: ComputedRef<Figure | undefined>;
  format: Ref<FigureFormat>;
  preset: Ref<PresetName>;
  unit: Ref<LengthUnit>;
  width: Ref<string>;
  height: Ref<string>;
  font: Ref<string>;
  line: Ref<string>;
  dpi: Ref<string>;
  grayscale: Ref<boolean>;
  typeface: Ref<Typeface>;
  /** Font size and line width typed by the user stay when the preset changes; else they follow it. */
  fontTouched: Ref<boolean>;
  lineTouched: Ref<boolean>;
  /** Change the length unit, converting the width and height typed. */
  setUnit: (u: LengthUnit) => void;
  /** The export's options (undefined while a field has a problem) and the problems by field. */
  form: ComputedRef<ReturnType<typeof figureOptions>>;
  /** What the preview is drawn with: the export's options without the PNG resolution (the drawing is the same). */
  previewOptions: ComputedRef<FigureExportOptions | undefined>;
}

/**
 * @param shown the preview shown now (a switch to a custom size starts from its size); read only
 *   when the preset changes, so it may refer to a preview made after this form.
 */
export function useFigureExportForm(doc: ComputedRef<ProjectDocument>, askedFigureId: string | undefined, shown: () => FigurePreview | null): FigureExportForm {
  const figureId = ref(askedFigureId && doc.value.figures.some((f) => f.id === askedFigureId) ? askedFigureId : (doc.value.figures[0]?.id ?? ''));
  const figure = computed(() => doc.value.figures.find((f) => f.id === figureId.value));
  const format = ref<FigureFormat>('pdf');
  const preset = ref<PresetName>('aps-single');
  const unit = ref<LengthUnit>('in');
  const width = ref('');
  const height = ref('');
  const font = ref('');
  const line = ref('');
  const dpi = ref('600');
  const grayscale = ref(false);
  const typeface = ref<Typeface>('sans');
  const fontTouched = ref(false);
  const lineTouched = ref(false);

  function resetFigureForm(): void {
    const d = figureDefaults(figure.value);
    preset.value = d.preset;
    width.value = lengthText(d.widthIn, unit.value);
    height.value = d.heightIn !== undefined ? lengthText(d.heightIn, unit.value) : '';
    font.value = numberText(d.fontPt, 2);
    line.value = numberText(d.lineWidthPt, 2);
    fontTouched.value = false;
    lineTouched.value = false;
  }
  watch(figureId, resetFigureForm, { immediate: true });

  watch(preset, (next, prev) => {
    const d = figureDefaults(figure.value, next);
    if (!fontTouched.value) font.value = numberText(d.fontPt, 2);
    if (!lineTouched.value) line.value = numberText(d.lineWidthPt, 2);
    // custom starts from the size shown last
    if (next === 'custom' && prev !== 'custom') {
      const p = shown();
      width.value = lengthText(p ? p.widthPt / 72 : figureDefaults(figure.value, prev).widthIn, unit.value);
      if (p && !height.value.trim()) height.value = lengthText(p.heightPt / 72, unit.value);
    }
  });

  function setUnit(u: LengthUnit): void {
    if (u === unit.value) return;
    const conv = (text: string): string => {
      const v = parseNumber(text);
      return v === undefined || Number.isNaN(v) ? text : lengthText(toInches(v, unit.value), u);
    };
    width.value = conv(width.value);
    height.value = conv(height.value);
    unit.value = u;
  }

  const form = computed(() =>
    figureOptions({ preset: preset.value, unit: unit.value, width: width.value, height: height.value, font: font.value, line: line.value, dpi: dpi.value, grayscale: grayscale.value, format: format.value, typeface: typeface.value }),
  );

  const previewOptions = computed<FigureExportOptions | undefined>(() => {
    const o = form.value.options;
    if (!o) return undefined;
    const { dpi: _dpi, ...rest } = o;
    void _dpi;
    return rest;
  });

  return { figureId, figure, format, preset, unit, width, height, font, line, dpi, grayscale, typeface, fontTouched, lineTouched, setUnit, form, previewOptions };
}
