/**
 * JSON export of a stored study (`nrlab export … --format json`):
 *
 *   {format, project, study, provenance, axes: {key: values[]}, shape,
 *    quantities: [{key, symbol, label, unit}], data: {q: values[]}, failed: [{index, reason}],
 *    nonFinite?, notComputed?, solver, output?, settings?, exported?}
 *
 * Data are row-major with the first axis slowest, as the CSV rows. JSON has no Infinity or NaN:
 * a value is null where its point failed (listed in `failed`) or was never computed (listed in
 * `notComputed`), and also where the solver returned a non-finite number — those are listed in
 * `nonFinite` ({q: {"-Infinity": [indices], "Infinity": […], "NaN": […]}}), so nothing is lost.
 * Point studies add the solver's full `output` (photon-number distributions, diagnostics …);
 * simulate studies have the axis `t` and one array per trace, their settings and `output`;
 * correlation, spectrum and pulse studies likewise with the axis `tau`, `omega` or `t` and one
 * array per `<trace>.<field>` (e.g. `a_to_c.g2`), their settings and `output` (the run's stored
 * per-trace numbers: coherent fraction, photons per pulse, smallest eigenvalue …; `traces` with
 * each trace's run statistics);
 * optimize studies have the axis `evaluation` and the history (`value`, `best`, `param.<key>`),
 * their settings and `output` (the best value and parameters, evaluations, converged).
 */
import { isTraceKind } from '../project/trace-study.js';
import { exportTable, solverNotes, type ExportOptions, type ExportSource } from './source.js';

export const JSON_FORMAT = 'nrlab-export-json 1';

type NonFinite = Record<string, Partial<Record<'Infinity' | '-Infinity' | 'NaN', number[]>>>;

/** The export document (plain data, ready for JSON.stringify). */
export function studyToJsonDocument(src: ExportSource, opts: ExportOptions = {}): Record<string, unknown> {
  const table = exportTable(src);
  const { study, result, project } = src;
  const empty = (i: number): boolean => table.failed.has(i) || table.notComputed.has(i);
  const nonFinite: NonFinite = {};
  const data: Record<string, (number | null)[]> = {};
  for (const q of table.quantities) {
    const col = table.columns[q.key]!;
    const n = table.error && table.kind !== 'point' ? 0 : table.total;
    const out = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (empty(i)) out[i] = null;
      else if (Number.isFinite(v)) out[i] = v;
      else {
        out[i] = null;
        const kind = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
        ((nonFinite[q.key] ??= {})[kind] ??= []).push(i);
      }
    }
    data[q.key] = out;
  }
  const axes: Record<string, number[]> = {};
  for (const a of table.axes) axes[a.key] = Array.from(a.values);
  const { result: _r, ...studyDef } = study;
  return {
    format: JSON_FORMAT,
    project: { title: project.title, ...(project.file ? { file: project.file } : {}) },
    study: { ...studyDef, status: result.status, ...(result.done !== undefined ? { done: result.done } : {}), ...(result.total !== undefined ? { total: result.total } : {}) },
    provenance: result.provenance,
    solver: solverNotes(src),
    axes,
    shape: table.shape,
    quantities: table.quantities,
    data,
    failed: [...table.failed.entries()].sort((a, b) => a[0] - b[0]).map(([index, reason]) => ({ index, reason })),
    ...(Object.keys(nonFinite).length ? { nonFinite } : {}),
    ...(table.notComputed.size ? { notComputed: [...table.notComputed] } : {}),
    ...(study.kind !== 'sweep' && result.output !== undefined ? { output: result.output } : {}),
    ...(isTraceKind(study.kind) && study[study.kind] ? { settings: study[study.kind] } : {}),
    ...(study.kind === 'optimize' && study.optimize ? { settings: study.optimize } : {}),
    ...(study.kind === 'continuation' && study.continuation ? { settings: study.continuation } : {}),
    ...(opts.exporter || opts.exportedAt ? { exported: { ...(opts.exporter ? { by: opts.exporter } : {}), at: opts.exportedAt ?? new Date().toISOString() } } : {}),
  };
}

/** JSON text with every non-finite number as null (the document lists them in nonFinite). */
export function studyToJson(src: ExportSource, opts: ExportOptions = {}): string {
  const doc = studyToJsonDocument(src, opts);
  const replacer = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
  // one top-level field per line, each value compact (maps stay small and diffable)
  const body = Object.entries(doc).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v, replacer)}`);
  return `{\n${body.join(',\n')}\n}\n`;
}
