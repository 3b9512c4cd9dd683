import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { NrlabApi, SweepDataEvent } from '../../src-core/contract/api';
import { errorMessage } from '../lib/errors';
import { applyData, fromJob, fromStored, type StudyData } from '../../src-core/figures/study-data';
import type { ProjectSession } from './useProject';

export type StudyDataState = 'none' | 'loading' | 'ready' | 'running' | 'error';

export interface StudyDataEntry {
  studyId: string;
  /** What is loaded: 'stored:<result id>', 'live:<job id>', 'single:<run id>' or 'none'. */
  want: string;
  data: ShallowRef<StudyData | null>;
  state: Ref<StudyDataState>;
  error: Ref<string>;
  /** Bumped whenever `data` changes (replaced, or filled in place while a study runs). */
  revision: Ref<number>;
}

/**
 * The data figures draw, per study of the open project: the stored result (loaded once per
 * result id with studyResult; arrays arrive as Float64Array), or — while a sweep study runs —
 * the job's results so far (getJobResult, then every 'job.data' slice in place). The data on
 * screen stay until their replacement has loaded, so a finished study does not flash empty.
 */
export function useStudyData(api: NrlabApi, session: ProjectSession) {
  const entries = new Map<string, StudyDataEntry>();
  let projectId = session.snapshot.value?.id ?? '';
  /** Slices of jobs whose getJobResult has not answered yet (replayed after it: writes are idempotent). */
  const early = new Map<string, SweepDataEvent[]>();

  function desired(studyId: string): string {
    const s = session.snapshot.value;
    if (!s) return 'none';
    const jobId = s.running[studyId];
    if (jobId) return /^(point|simulate|optimize|correlation|spectrum|pulse):/.test(jobId) ? `single:${jobId}` : `live:${jobId}`;
    const study = s.doc.studies.find((x) => x.id === studyId);
    return study?.result ? `stored:${study.result.id}` : 'none';
  }

  async function load(e: StudyDataEntry): Promise<void> {
    const want = e.want;
    const s = session.snapshot.value;
    if (!s) return;
    const had = e.data.value !== null;
    if (want === 'none') {
      e.data.value = null;
      e.state.value = 'none';
      e.revision.value++;
      return;
    }
    if (want.startsWith('single:')) {
      e.state.value = 'running';
      return;
    }
    if (!had) e.state.value = 'loading';
    try {
      let d: StudyData;
      if (want.startsWith('live:')) {
        const jobId = want.slice(5);
        early.set(jobId, []);
        const r = await api.getJobResult({ jobId });
        d = fromJob(e.studyId, r);
        for (const ev of early.get(jobId) ?? []) applyData(d, ev);
        early.delete(jobId);
      } else {
        d = fromStored(await api.studyResult({ projectId: s.id, studyId: e.studyId }));
      }
      if (e.want !== want) return;
      e.data.value = d;
      e.state.value = want.startsWith('live:') ? 'running' : 'ready';
      e.error.value = '';
      e.revision.value++;
    } catch (err) {
      if (want.startsWith('live:')) early.delete(want.slice(5));
      if (e.want !== want) return;
      // a live job that already ended: the stored result follows with the next snapshot
      if (want.startsWith('live:') && had) return;
      e.state.value = 'error';
      e.error.value = errorMessage(err);
      e.revision.value++;
    }
  }

  function sync(e: StudyDataEntry): void {
    const want = desired(e.studyId);
    if (want === e.want) return;
    e.want = want;
    void load(e);
  }

  /** The data of one study (created and loaded on first use). */
  function get(studyId: string): StudyDataEntry {
    let e = entries.get(studyId);
    if (!e) {
      e = { studyId, want: '', data: shallowRef(null), state: ref('none'), error: ref(''), revision: ref(0) };
      entries.set(studyId, e);
      sync(e);
    }
    return e;
  }

  const stop = watch(session.snapshot, (s) => {
    if ((s?.id ?? '') !== projectId) {
      projectId = s?.id ?? '';
      entries.clear();
      early.clear();
      return;
    }
    for (const e of entries.values()) sync(e);
  });

  const off = api.on('job.data', (ev) => {
    const pending = early.get(ev.jobId);
    if (pending) {
      pending.push(ev);
      return;
    }
    for (const e of entries.values()) {
      const d = e.data.value;
      if (d && d.source === 'live' && d.key === ev.jobId && applyData(d, ev)) e.revision.value++;
    }
  });

  function dispose(): void {
    stop();
    off();
  }

  return { get, dispose };
}

export type StudyDataStore = ReturnType<typeof useStudyData>;
