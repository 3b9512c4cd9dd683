import type { OptimizeProgress, OptimizeRequest, OptimizeResponse } from '../../src-core/contract/api.js';
import { ParameterError, shown } from '../../src-core/errors.js';
import { getModel, schemaOf } from '../../src-core/models/registry.js';
import { expandKey, isNumericKey, resolveParams } from '../../src-core/models/params.js';
import { DEFAULT_MAX_EVALUATIONS, nelderMead } from '../../src-core/studies/optimize.js';
import type { TaskRunner } from './solver-pool.js';

/**
 * Maximise or minimise one scalar of a model over 1–4 parameters (Nelder–Mead with restarts);
 * every evaluation is a solve on the worker pool. Inputs are validated before any work starts.
 * `onProgress` is called after every evaluation (callers debounce). `signal` stops the search:
 * the response is then the best point evaluated so far, with `cancelled: true`.
 */
export async function optimize(pool: TaskRunner, req: OptimizeRequest, onProgress?: (p: OptimizeProgress) => void, signal?: AbortSignal): Promise<OptimizeResponse> {
  const model = getModel(req.model);
  const schema = schemaOf(model, req.params ?? {});
  const base = resolveParams(schema, req.params ?? {});
  const quantity = req.objective?.quantity;
  if (!model.quantities(base).some((q) => q.key === quantity)) {
    throw new ParameterError('objective', `unknown quantity ${shown(quantity)}; this model yields ${model.quantities(base).map((q) => q.key).join(', ')}`);
  }
  if (!Array.isArray(req.vary)) throw new ParameterError('vary', `must be a list of {key, lo, hi}, got ${shown(req.vary)}`);
  for (const v of req.vary) {
    if (typeof v !== 'object' || v === null || typeof v.key !== 'string') throw new ParameterError('vary', `each entry must be {key, lo, hi} with a parameter name, got ${shown(v)}`);
    expandKey(schema, v.key);
    if (!isNumericKey(schema, v.key)) throw new ParameterError(`--vary ${v.key}`, 'is not a numeric parameter of this model');
    resolveParams(schema, { ...req.params, [v.key]: v.lo });
    resolveParams(schema, { ...req.params, [v.key]: v.hi });
  }
  const sign = req.objective.goal === 'minimize' ? 1 : -1;
  let best = Infinity;
  let bestX: number[] = [];
  let evaluations = 0;
  const maxEvaluations = req.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  const t0 = performance.now();
  const r = await nelderMead(
    async (x) => {
      const params = { ...req.params };
      req.vary.forEach((v, i) => (params[v.key] = x[i]!));
      const out = await pool.run({ kind: 'solve', request: { model: model.id, params } }, signal ? { signal } : {});
      if (out.kind !== 'solve') throw new Error('internal: unexpected task result');
      const value = sign * (out.response.scalars[quantity] ?? NaN);
      if (value < best) {
        best = value;
        bestX = x.slice();
      }
      onProgress?.({
        runId: req.runId ?? '',
        evaluations: ++evaluations,
        maxEvaluations,
        best: sign * best,
        bestAt: Object.fromEntries(req.vary.map((v, i) => [v.key, bestX[i]!])),
        elapsedMs: performance.now() - t0,
      });
      return value;
    },
    { variables: req.vary, ...(req.start ? { start: req.start } : {}), maxEvaluations, ...(signal ? { signal } : {}) },
  );
  return {
    model: model.id,
    objective: req.objective,
    optimum: Object.fromEntries(req.vary.map((v, i) => [v.key, r.x[i]!])),
    value: sign * r.value,
    evaluations: r.evaluations,
    restarts: r.restarts,
    converged: r.converged,
    history: r.history.map((h) => ({ x: h.x, value: sign * h.value })),
    wallMs: performance.now() - t0,
    ...(r.cancelled ? { cancelled: true } : {}),
  };
}
