import { nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../../../src-core/contract/api';
import type { Study } from '../../../src-core/project/types';
import { POINT_DONE, POINT_FAILED } from '../../../src-core/figures/map-raster';
import type { LiveResult } from '../../../src-renderer/lib/live';
import { isLiveStudy, previewData, settledShown, useStudyLive, type StudyPreview } from '../../../src-renderer/lib/study-live';

const sweep = (axes: number): Study =>
  ({ id: 's', name: 'S', kind: 'sweep', model: 'm', params: {}, axes: Array.from({ length: axes }, (_, i) => ({ key: `k${i}`, start: 0, stop: 1, count: 3 })) }) as Study;

function result(jobId: string, y: number[], failed = 0): LiveResult {
  return {
    gen: 1,
    phase: 'coarse',
    jobId,
    header: { model: 'm', params: {}, axes: [{ key: 'Delta', values: Float64Array.from(y.map((_, i) => i)) }], shape: [y.length], quantities: [{ key: 'T', symbol: 'T', label: 'T', unit: '' }], range: { start: 0, end: y.length }, coarse: { fock: 3 } },
    data: { T: Float64Array.from(y) },
    params: {},
    failed,
  };
}

/** A snapshot in which study 's' has the stored result `resultId` and is running `running`. */
function snap(resultId: string | null, running = false, exists = true): ProjectSnapshot {
  const study = { ...sweep(1), ...(resultId ? { result: { id: resultId } } : {}) };
  return { doc: { studies: exists ? [study] : [] }, running: running ? { s: 'job-9' } : {} } as unknown as ProjectSnapshot;
}

describe('live exploration of a project study', () => {
  it('is offered for a 1-D sweep study only (no maps, no other kinds)', () => {
    expect(isLiveStudy(sweep(1))).toBe(true);
    expect(isLiveStudy(sweep(2))).toBe(false);
    expect(isLiveStudy({ ...sweep(1), kind: 'point' } as Study)).toBe(false);
    expect(isLiveStudy({ ...sweep(0), axes: undefined } as Study)).toBe(false);
  });

  it('turns a live result into study data: the live job as its key, every point done, NaN points of a failed solve marked failed', () => {
    const d = previewData('s', result('job-3', [0.1, NaN, 0.3], 1));
    expect(d.key).toBe('job-3');
    expect(d.studyId).toBe('s');
    expect(Array.from(d.axes[0]!.values)).toEqual([0, 1, 2]);
    expect(Array.from(d.state)).toEqual([POINT_DONE, POINT_FAILED, POINT_DONE]);
    expect([...d.failures.keys()]).toEqual([1]);
    expect(d.finished).toBe(3);
  });

  it('a settling preview gives way only once the run has ended, stored a new result, and that result is loaded', () => {
    const p: StudyPreview = { studyId: 's', data: previewData('s', result('job-1', [1])), approximate: 'truncation 3, 21 points', settling: { before: 'r-old' }, revision: 1 };
    // still running, whatever is loaded
    expect(settledShown(p, snap('r-old', true), 'r-old')).toBe(false);
    // ended, but the run stored nothing new (e.g. it never started): the owner clears it, not this rule
    expect(settledShown(p, snap('r-old'), 'r-old')).toBe(false);
    // a new result, not loaded yet (the tab still has the running job's data)
    expect(settledShown(p, snap('r-new'), 'job-9')).toBe(false);
    expect(settledShown(p, snap('r-new'), 'r-new')).toBe(true);
    // the first result of a study that had none
    expect(settledShown({ ...p, settling: { before: null } }, snap('r-1'), 'r-1')).toBe(true);
    // a preview not committed (still dragging) never gives way by itself; a deleted study ends it
    expect(settledShown({ ...p, settling: null }, snap('r-new'), 'r-new')).toBe(false);
    expect(settledShown(p, snap(null, false, false), undefined)).toBe(true);
  });

  it('holds one preview; settling keeps it until the stored result of the run is loaded', async () => {
    let s: ProjectSnapshot | null = snap('r-old');
    let loaded = 'r-old';
    const api = { startSweep: () => Promise.reject(new Error('unused')), cancelJob: () => Promise.reject(new Error('unused')), on: () => () => undefined };
    const live = useStudyLive(api, () => s, () => loaded);
    live.show('s', result('job-1', [0.5]), 'truncation 3, 21 points');
    expect(live.of('s')?.approximate).toBe('truncation 3, 21 points');
    expect(live.of('other')).toBeNull();
    live.clear('other');
    expect(live.of('s')).not.toBeNull();
    live.settle('s', 'r-old');
    expect(live.of('s')?.settling).toEqual({ before: 'r-old' });
    s = snap('r-old', true);
    live.check();
    expect(live.of('s')).not.toBeNull();
    s = snap('r-new');
    live.check();
    expect(live.of('s')).not.toBeNull();
    loaded = 'r-new';
    live.check();
    expect(live.of('s')).toBeNull();
    // a new preview after a clear; clear of its study ends it
    live.show('s', result('job-2', [0.7]), '');
    await nextTick();
    expect(live.of('s')?.approximate).toBe('');
    live.clear('s');
    expect(live.preview.value).toBeNull();
    live.dispose();
  });
});
