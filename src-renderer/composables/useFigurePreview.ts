/**
 * The live preview of a figure export (Export… dialog): the very SVG the file is made from,
 * drawn by the backend, redrawn when the options or the figure's stored results change (the
 * first at once, later ones once typing pauses), with the backend's error naming the field.
 */
import { computed, onBeforeUnmount, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import type { FigureExportOptions, FigurePreview, NrlabApi } from '../../src-core/contract/api';
import type { Figure, ProjectDocument } from '../../src-core/project/types';
import { describeError } from '../lib/errors';
import { FIELD_LABELS, fieldOfParam, type FigureField } from '../lib/export-options';

export interface FigurePreviewState {
  preview: ShallowRef<FigurePreview | null>;
  /** The preview as a PNG data URL. */
  previewUrl: Ref<string>;
  /** Why the preview could not be drawn, starting with the field's label when one is named. */
  previewError: Ref<string>;
  /** The field the backend's error names (marked in the form). */
  errorField: Ref<FigureField | undefined>;
  previewing: Ref<boolean>;
}

/** Names an error message may start with (over Electron's bridge only the message arrives). */
const KNOWN_PARAMS = ['figureId', 'preset', 'widthIn', 'heightIn', 'fontPt', 'lineWidthPt', 'dpi'].flatMap((k) => [k, `options.${k}`]);

export function useFigurePreview(input: {
  api: () => NrlabApi;
  projectId: () => string;
  figureId: () => string;
  doc: ComputedRef<ProjectDocument>;
  figure: ComputedRef<Figure | undefined>;
  options: ComputedRef<FigureExportOptions | undefined>;
  /** The figure tab is shown: only then is the preview drawn. */
  active: () => boolean;
  /** Delay before the preview follows an option change (ms). */
  debounceMs: () => number;
}): FigurePreviewState {
  const preview = shallowRef<FigurePreview | null>(null);
  const previewUrl = ref('');
  const previewError = ref('');
  const errorField = ref<FigureField | undefined>(undefined);
  const previewing = ref(false);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The stored results the figure draws: a new result redraws the preview. */
  const figureResults = computed(() => {
    const f = input.figure.value;
    if (!f) return '';
    const ids = new Set<string>();
    for (const p of f.panels) {
      ids.add(p.study);
      for (const s of p.series ?? []) if (s.study) ids.add(s.study);
    }
    return input.doc.value.studies
      .filter((s) => ids.has(s.id))
      .map((s) => `${s.id}:${s.result?.id ?? ''}`)
      .join(',');
  });

  async function loadPreview(): Promise<void> {
    const id = ++seq;
    const f = input.figure.value;
    const options = input.options.value;
    if (!f || !options) {
      previewing.value = false;
      return;
    }
    previewing.value = true;
    try {
      const p = await input.api().previewFigure({ projectId: input.projectId(), figureId: f.id, options });
      if (id !== seq) return;
      preview.value = p;
      // the export SVG as resvg draws it with the app's own fonts (an <img> of the SVG would use the system's)
      previewUrl.value = `data:image/png;base64,${p.png}`;
      previewError.value = '';
      errorField.value = undefined;
    } catch (err) {
      if (id !== seq) return;
      const info = describeError(err, KNOWN_PARAMS);
      const field = fieldOfParam(info.param);
      errorField.value = field;
      previewError.value = field ? `${FIELD_LABELS[field]} ${info.reason}` : info.reason;
      preview.value = null;
      previewUrl.value = '';
    } finally {
      if (id === seq) previewing.value = false;
    }
  }

  watch(
    () => (input.active() ? `${input.figureId()}|${JSON.stringify(input.options.value ?? null)}|${figureResults.value}` : ''),
    (key, old) => {
      if (!key) return;
      clearTimeout(timer);
      // the first preview at once, later ones once the typing pauses
      if (old === undefined || old === '' || input.debounceMs() <= 0) void loadPreview();
      else {
        previewing.value = true;
        timer = setTimeout(() => void loadPreview(), input.debounceMs());
      }
    },
    { immediate: true },
  );
  onBeforeUnmount(() => clearTimeout(timer));

  return { preview, previewUrl, previewError, errorField, previewing };
}
