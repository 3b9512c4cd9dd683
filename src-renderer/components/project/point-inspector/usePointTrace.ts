import { onBeforeUnmount, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { NrlabApi } from '../../../../src-core/contract/api';
import type { TraceKind } from '../../../../src-core/models/model';
import type { ParamInput } from '../../../../src-core/models/params';
import { describeError } from '../../../lib/errors';
import { runTrace, type TraceRunResponse } from '../../../lib/trace-run';

export interface PointTrace {
  /** The run at the point shown (never another point's: a late answer for an old point is dropped). */
  result: ShallowRef<TraceRunResponse | null>;
  /** Why it could not be computed ('' when it was, or when nothing was asked). */
  error: Ref<string>;
  running: Ref<boolean>;
  /** Stop the running computation (it then reads "cancelled"; `retry` starts it again). */
  cancel(): void;
  retry(): void;
}

/**
 * One trace run (kind, default settings: every direction) at a point, computed with `runTrace`
 * whenever the model or the point's parameters change; undefined parameters (or `enabled` false):
 * nothing. A new point cancels the run still going (`cancelSolve` with its solveId) and its
 * answer, should it still arrive, is discarded; so does unmounting.
 */
export function usePointTrace(api: NrlabApi, kind: TraceKind, model: () => string, params: () => ParamInput | undefined, enabled: () => boolean): PointTrace {
  const result = shallowRef<TraceRunResponse | null>(null);
  const error = ref('');
  const running = ref(false);
  let seq = 0;
  let solveId = '';

  function stop(): void {
    if (running.value && solveId) void api.cancelSolve?.({ solveId }).catch(() => undefined);
  }
  onBeforeUnmount(() => {
    seq++;
    stop();
  });

  async function start(): Promise<void> {
    const m = model();
    const p = enabled() ? params() : undefined;
    // the run still going is for another point: stop it and forget its answer
    stop();
    const mine = ++seq;
    error.value = '';
    result.value = null;
    if (!p) {
      running.value = false;
      return;
    }
    running.value = true;
    solveId = `${kind}-${Date.now().toString(36)}-${mine}`;
    try {
      const r = await runTrace(api, { model: m, kind, params: p, solveId });
      if (mine !== seq) return;
      result.value = r;
    } catch (err) {
      if (mine !== seq) return;
      const d = describeError(err);
      error.value = d.code === 'cancelled' || /cancel/i.test(d.reason) ? 'cancelled' : d.param ? `${d.param}: ${d.reason}` : d.reason;
    } finally {
      if (mine === seq) running.value = false;
    }
  }

  watch(() => [model(), JSON.stringify(params() ?? null), enabled()], () => void start(), { immediate: true });

  return {
    result,
    error,
    running,
    cancel: () => stop(),
    retry: () => void start(),
  };
}
