/**
 * The backend call that runs one trace run of a model at one parameter point (`runTrace`: the
 * point inspector's g2(τ)), as the contract declares it (src-core/contract/api.ts). It runs on
 * the solver pool; `cancelSolve({ solveId })` cancels it.
 */
import type { NrlabApi } from '../../src-core/contract/api';
import type { QuantitySpec, TraceKind } from '../../src-core/models/model';
import type { ParamInput } from '../../src-core/models/params';

export interface TraceRunRequest {
  model: string;
  kind: TraceKind;
  params: ParamInput;
  settings?: object;
  solveId?: string;
}

export interface TraceRunResponse {
  model: string;
  kind: TraceKind;
  axis: QuantitySpec;
  values: Float64Array;
  traces: { name: string; fields: Record<string, Float64Array>; diagnostics: object }[];
  stored: Record<string, unknown>;
  timeMs: number;
  warnings?: string[];
}

/** Run it through the api (a backend without the call answers with a clear error, never a crash). */
export function runTrace(api: NrlabApi, req: TraceRunRequest): Promise<TraceRunResponse> {
  const call = (api as unknown as { runTrace?: (r: TraceRunRequest) => Promise<TraceRunResponse> }).runTrace;
  if (typeof call !== 'function') return Promise.reject(new Error('this backend cannot run trace runs (it has no runTrace call)'));
  return call.call(api, req);
}
