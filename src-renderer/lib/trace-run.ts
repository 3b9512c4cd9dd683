/**
 * The backend call that runs one trace run of a model at one parameter point (`runTrace`: the
 * point inspector's g2(τ)), as the contract declares it (src-core/contract/api.ts). It runs on
 * the solver pool; `cancelSolve({ solveId })` cancels it.
 */
import type { NrlabApi, TraceRunRequest, TraceRunResponse } from '../../src-core/contract/api';

export type { TraceRunRequest, TraceRunResponse } from '../../src-core/contract/api';

/** Run it through the api (a backend without the call answers with a clear error, never a crash). */
export function runTrace(api: NrlabApi, req: TraceRunRequest): Promise<TraceRunResponse> {
  if (typeof api.runTrace !== 'function') return Promise.reject(new Error('this backend cannot run trace runs (it has no runTrace call)'));
  return api.runTrace(req);
}
