import { shallowRef, watch, type ShallowRef } from 'vue';
import type { NrlabApi, ProjectSnapshot } from '../../src-core/contract/api';
import type { StudyData } from '../../src-core/figures/study-data';
import { POINT_DONE, POINT_FAILED } from '../../src-core/figures/map-raster';
import type { Study } from '../../src-core/project/types';
import { LiveExplorer, type LiveOptions, type LiveResult } from './live';

/**
 * Live exploration in a project study's tab (issue 19): while a parameter slider of the study
 * inspector is dragged, LiveExplorer's coarse sweeps of the study are drawn in its tab as a
 * preview, marked approximate; the final value is committed to the project as one undoable edit
 * and the study runs as usual (Run), so what is stored is always the exact result of the stored
 * inputs. This module holds the preview (shared by the inspector, which drives it, and the study's
 * tab, which draws it) and the rule for when it gives way to the stored result.
 */

/** Only a 1-D sweep study (one axis: a curve) is explored live; maps and other kinds are not. */
export function isLiveStudy(study: Study): boolean {
  return study.kind === 'sweep' && study.axes?.length === 1;
}

export interface StudyPreview {
  studyId: string;
  /** The live result in the shape figures draw (source 'live', key: its job). */
  data: StudyData;
  /** What makes it approximate, in words ('truncation 3, 21 points'); '' for an exact preview (not stored). */
  approximate: string;
  /**
   * The value was committed and the study's own run computes the exact result: the preview stays
   * until that result is stored and loaded (no half-computed curve in between). Holds the id of the
   * stored result before the commit (null: none).
   */
  settling: { before: string | null } | null;
  /** Increases with every preview drawn. */
  revision: number;
}

/** A finished live sweep as the study data a figure panel draws (NaN points of a failed solve marked failed). */
export function previewData(studyId: string, r: LiveResult): StudyData {
  const total = r.header.shape.reduce((a, b) => a * b, 1);
  const first = r.data[r.header.quantities[0]?.key ?? ''];
  const state = new Uint8Array(total).fill(POINT_DONE);
  const failures = new Map<number, string>();
  if (r.failed > 0 && first) {
    for (let i = 0; i < total; i++) {
      if (!Number.isNaN(first[i]!)) continue;
      state[i] = POINT_FAILED;
      failures.set(i, 'this point failed in the live preview');
    }
  }
  return {
    studyId,
    source: 'live',
    key: r.jobId,
    status: 'succeeded',
    axes: r.header.axes.map((a) => ({ key: a.key, values: Float64Array.from(a.values) })),
    shape: [...r.header.shape],
    data: r.data,
    quantities: r.header.quantities.map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit })),
    state,
    finished: total,
    failures,
    revision: 0,
  };
}

/**
 * Whether a settling preview may give way: the study's run has ended (it is not running) and
 * stored a result other than the one before the commit, and that result is what the tab has
 * loaded (`loadedKey`: the key of the study data on screen). A study that is gone ends it too.
 */
export function settledShown(p: StudyPreview, snapshot: ProjectSnapshot, loadedKey: string | undefined): boolean {
  if (!p.settling) return false;
  const study = snapshot.doc.studies.find((s) => s.id === p.studyId);
  if (!study) return true;
  if (snapshot.running[p.studyId]) return false;
  const id = study.result?.id ?? null;
  return id !== null && id !== p.settling.before && loadedKey === id;
}

/**
 * The live preview of the workbench (at most one study at a time: the one whose inspector is
 * open). `loaded(studyId)` reads the key of the data the study's tab has loaded (the store's).
 */
export function useStudyLive(api: Pick<NrlabApi, 'startSweep' | 'cancelJob' | 'on'>, snapshot: () => ProjectSnapshot | null, loaded: (studyId: string) => string | undefined) {
  const preview: ShallowRef<StudyPreview | null> = shallowRef(null);
  let revision = 0;

  /** A LiveExplorer on this backend (its owner disposes it). */
  function explorer(opts: LiveOptions): LiveExplorer {
    return new LiveExplorer(api, opts);
  }

  /** Draw a live result of a study (replacing any preview, also a settling one). */
  function show(studyId: string, r: LiveResult, approximate: string): void {
    preview.value = { studyId, data: previewData(studyId, r), approximate, settling: null, revision: ++revision };
  }

  /** The study's stored result shows again. */
  function clear(studyId: string): void {
    if (preview.value?.studyId === studyId) preview.value = null;
  }

  /** The value was committed; the preview (if any) stays until the study's run has stored and loaded its result. */
  function settle(studyId: string, before: string | null): void {
    const p = preview.value;
    if (p?.studyId === studyId) preview.value = { ...p, settling: { before } };
  }

  /** The preview of a study (null when another study's or none). */
  function of(studyId: string): StudyPreview | null {
    return preview.value?.studyId === studyId ? preview.value : null;
  }

  function check(): void {
    const p = preview.value;
    const s = snapshot();
    if (!p || !s) return;
    if (settledShown(p, s, loaded(p.studyId))) preview.value = null;
  }

  const stop = watch(
    () => {
      const p = preview.value;
      const s = snapshot();
      return [p, s, p ? loaded(p.studyId) : undefined] as const;
    },
    check,
  );

  return { preview, explorer, show, clear, settle, of, check, dispose: stop };
}

export type StudyLive = ReturnType<typeof useStudyLive>;
