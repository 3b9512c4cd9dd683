import { onBeforeUnmount, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { NrlabApi, SolveResponse } from '../../../../src-core/contract/api';
import type { ParamInput } from '../../../../src-core/models/params';
import { describeError } from '../../../lib/errors';

export interface PointSolve {
  result: ShallowRef<SolveResponse | null>;
  /** Why the point could not be solved ('' when it was). */
  error: Ref<string>;
  solving: Ref<boolean>;
  /** What the running solve is trying now (its 'solve.stage' events). */
  stage: Ref<string>;
  cancel(): void;
}

/**
 * The point solved again with `solvePoint` whenever the model or its parameters change (undefined
 * parameters: nothing to solve). A new point cancels the solve still running; so does unmounting.
 */
export function usePointSolve(api: NrlabApi, model: () => string, params: () => ParamInput | undefined): PointSolve {
  const result = shallowRef<SolveResponse | null>(null);
  const error = ref('');
  const solving = ref(false);
  const stage = ref('');
  let seq = 0;
  /** The running solve's id (for its 'solve.stage' events and Cancel). */
  let solveId = '';
  const offStage = typeof api.on === 'function' ? api.on('solve.stage', (e) => {
    if (e.solveId === solveId) stage.value = e.text;
  }) : undefined;
  onBeforeUnmount(() => {
    offStage?.();
    if (solving.value && solveId) void api.cancelSolve?.({ solveId }).catch(() => undefined);
  });

  watch(
    () => [model(), JSON.stringify(params() ?? null)],
    async () => {
      const m = model();
      const p = params();
      const mine = ++seq;
      error.value = '';
      if (!p) {
        result.value = null;
        solving.value = false;
        return;
      }
      solving.value = true;
      stage.value = '';
      // a new point replaces the one still solving
      if (solveId) void api.cancelSolve?.({ solveId }).catch(() => undefined);
      solveId = `point-${Date.now().toString(36)}-${mine}`;
      try {
        const r = await api.solvePoint({ model: m, params: p, solveId });
        if (mine !== seq) return;
        result.value = r;
      } catch (err) {
        if (mine !== seq) return;
        result.value = null;
        error.value = describeError(err).reason;
      } finally {
        if (mine === seq) solving.value = false;
      }
    },
    { immediate: true },
  );

  return {
    result,
    error,
    solving,
    stage,
    cancel: () => {
      if (solving.value && solveId) void api.cancelSolve({ solveId }).catch(() => undefined);
    },
  };
}
