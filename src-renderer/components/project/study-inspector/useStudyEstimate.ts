import { ref, watch, type Ref } from 'vue';
import type { QuantitySpec } from '../../../../src-core/models/model';
import type { ProjectDocument, Study } from '../../../../src-core/project/types';
import { studyParams } from '../../../../src-core/project/fingerprint';
import { formatSeconds } from '../../../../src-core/figures/format';
import type { ProjectSession } from '../../../composables/useProject';

/**
 * The backend's estimate for a sweep study, redone whenever what it runs changes: the time a run
 * takes before a first run (from the model's measured cost per point) and every scalar quantity
 * the model yields at the study's parameters (`available`, null until known).
 */
export function useStudyEstimate(session: ProjectSession, doc: () => ProjectDocument, study: () => Study): { text: Ref<string>; available: Ref<QuantitySpec[] | null> } {
  const available = ref<QuantitySpec[] | null>(null);
  const text = ref('');
  let seq = 0;
  watch(
    () => [study().kind, study().model, JSON.stringify(studyParams(doc(), study())), JSON.stringify(study().axes ?? []), JSON.stringify(study().quantities ?? null)],
    async () => {
      const mine = ++seq;
      text.value = '';
      const s = study();
      if (s.kind !== 'sweep' || !s.axes?.length) return;
      const e = await session.estimate({ model: s.model, params: studyParams(doc(), s), axes: s.axes, ...(s.quantities ? { quantities: s.quantities } : {}) });
      if (mine !== seq || !e) return;
      if (e.available) available.value = e.available;
      text.value = `≈ ${formatSeconds(e.totalMs)} on ${e.workers} ${e.workers === 1 ? 'worker' : 'workers'} (estimate, ${e.pointMs < 1 ? e.pointMs.toPrecision(2) : e.pointMs.toFixed(0)} ms per point)`;
    },
    { immediate: true },
  );
  return { text, available };
}
