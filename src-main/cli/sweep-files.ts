/**
 * Sweep documents on disk: the CLI's JSON form of a study, sharded (one grid slice per file, for
 * batch job arrays) or whole; reading them back for `nrlab merge` and `--resume` with every field
 * checked, so a hand-edited or mismatched file is refused with the field and the reason.
 */
import { promises as fs } from 'node:fs';
import type { SweepResult } from '../../src-core/contract/api.js';
import { ParameterError } from '../../src-core/errors.js';
import type { FailedPoint } from '../../src-core/studies/sweep.js';

export interface SweepDoc {
  model: string;
  params: Record<string, number | string>;
  axes: { key: string; values: number[] }[];
  shape: number[];
  quantities: { key: string }[];
  /** The grid slice [start, end) the data arrays hold. */
  range: { start: number; end: number };
  /** One array per quantity, length end − start; null where a point failed or was not computed. */
  data: Record<string, (number | null)[]>;
  failed: FailedPoint[];
  status: string;
  diagnostics?: Record<string, unknown>;
}

/** The document for a result, holding only its range. */
export function sweepDocument(r: SweepResult): Record<string, unknown> {
  const { start, end } = r.header.range;
  const data: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(r.data)) data[k] = v.subarray(start, end);
  return {
    model: r.header.model,
    params: r.header.params,
    axes: r.header.axes.map((a) => ({ key: a.key, values: a.values })),
    shape: r.header.shape,
    quantities: r.header.quantities,
    range: r.header.range,
    data,
    failed: r.failed,
    status: r.job.status,
    diagnostics: r.diagnostics,
  };
}

/** Parse `i/N` (1-based shard i of N): the contiguous slice [⌊(i−1)·total/N⌋, ⌊i·total/N⌋). */
export function shardRange(text: string, total: number): { start: number; end: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ParameterError('--shard', `expected i/N (e.g. 3/16), got "${text}"`);
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) throw new ParameterError('--shard', `i must be from 1 to N, got ${i}/${n}`);
  return { start: Math.floor(((i - 1) * total) / n), end: Math.floor((i * total) / n) };
}

function fail(file: string, field: string, reason: string): never {
  throw new ParameterError(`${file}: ${field}`, reason);
}

/** Read and check a sweep document; every error names the file and the field. */
export async function readSweepDoc(file: string): Promise<SweepDoc> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ParameterError(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParameterError(file, `not valid JSON (${(e as Error).message}); the file may be truncated`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(file, '(root)', 'must be a JSON object written by "nrlab sweep"');
  const d = doc as Record<string, unknown>;
  if (typeof d.model !== 'string') fail(file, 'model', 'must be a string');
  if (typeof d.params !== 'object' || d.params === null) fail(file, 'params', 'must be an object');
  if (!Array.isArray(d.shape) || !d.shape.every((x) => Number.isInteger(x) && x > 0)) fail(file, 'shape', 'must be an array of positive integers');
  const total = (d.shape as number[]).reduce((a, b) => a * b, 1);
  if (!Array.isArray(d.axes) || d.axes.length !== (d.shape as number[]).length) fail(file, 'axes', 'must have one entry per dimension of shape');
  (d.axes as unknown[]).forEach((a, i) => {
    const ax = a as { key?: unknown; values?: unknown };
    if (typeof ax?.key !== 'string') fail(file, `axes[${i}].key`, 'must be a string');
    if (!Array.isArray(ax.values) || ax.values.length !== (d.shape as number[])[i] || !ax.values.every((v) => typeof v === 'number')) {
      fail(file, `axes[${i}].values`, `must be ${(d.shape as number[])[i]} numbers`);
    }
  });
  if (!Array.isArray(d.quantities) || !d.quantities.every((q) => typeof (q as { key?: unknown })?.key === 'string')) fail(file, 'quantities', 'must list the quantities');
  const range = (d.range ?? { start: 0, end: total }) as { start?: unknown; end?: unknown };
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || (range.start as number) < 0 || (range.end as number) > total || (range.start as number) > (range.end as number)) {
    fail(file, 'range', `must be {start, end} with 0 ≤ start ≤ end ≤ ${total}`);
  }
  const len = (range.end as number) - (range.start as number);
  if (typeof d.data !== 'object' || d.data === null) fail(file, 'data', 'must be an object of arrays');
  for (const q of d.quantities as { key: string }[]) {
    const arr = (d.data as Record<string, unknown>)[q.key];
    if (!Array.isArray(arr) || arr.length !== len || !arr.every((v) => v === null || typeof v === 'number')) {
      fail(file, `data["${q.key}"]`, `must be ${len} numbers or nulls`);
    }
  }
  if (!Array.isArray(d.failed) || !d.failed.every((f) => Number.isInteger((f as FailedPoint)?.index) && typeof (f as FailedPoint)?.reason === 'string')) {
    fail(file, 'failed', 'must be a list of {index, reason}');
  }
  return { ...(d as unknown as SweepDoc), range: range as { start: number; end: number } };
}

/** True when two documents describe the same study (model, parameters, axes, quantities). */
export function sameStudy(a: SweepDoc, b: SweepDoc): string | undefined {
  if (a.model !== b.model) return 'model';
  if (JSON.stringify(a.params) !== JSON.stringify(b.params)) return 'params';
  if (JSON.stringify(a.shape) !== JSON.stringify(b.shape)) return 'shape';
  if (JSON.stringify(a.axes) !== JSON.stringify(b.axes)) return 'axes';
  if (JSON.stringify(a.quantities.map((q) => q.key)) !== JSON.stringify(b.quantities.map((q) => q.key))) return 'quantities';
  return undefined;
}

/** Join shards into one whole-grid document; they must be the same study and tile the grid exactly. */
export function mergeDocs(docs: { file: string; doc: SweepDoc }[]): SweepDoc {
  if (docs.length === 0) throw new ParameterError('FILES', 'give at least one sweep file to merge');
  const first = docs[0]!.doc;
  for (const { file, doc } of docs.slice(1)) {
    const diff = sameStudy(first, doc);
    if (diff) fail(file, diff, `differs from ${docs[0]!.file}: the files are not shards of one study`);
  }
  const total = first.shape.reduce((a, b) => a * b, 1);
  const sorted = [...docs].sort((x, y) => x.doc.range.start - y.doc.range.start);
  let at = 0;
  for (const { file, doc } of sorted) {
    if (doc.range.start !== at) {
      fail(file, 'range', doc.range.start > at ? `points ${at}…${doc.range.start - 1} are in no file` : `overlaps another file at point ${doc.range.start}`);
    }
    at = doc.range.end;
  }
  if (at !== total) throw new ParameterError('FILES', `points ${at}…${total - 1} are in no file`);
  const data: Record<string, (number | null)[]> = {};
  for (const q of first.quantities) data[q.key] = sorted.flatMap(({ doc }) => doc.data[q.key]!);
  const statuses = new Set(sorted.map(({ doc }) => doc.status));
  return {
    model: first.model,
    params: first.params,
    axes: first.axes,
    shape: first.shape,
    quantities: first.quantities,
    range: { start: 0, end: total },
    data,
    failed: sorted.flatMap(({ doc }) => doc.failed).sort((x, y) => x.index - y.index),
    status: statuses.size === 1 ? [...statuses][0]! : 'partial',
    diagnostics: { mergedFrom: sorted.map(({ file, doc }) => ({ file, range: doc.range, status: doc.status, diagnostics: doc.diagnostics })) },
  };
}

/** Full-grid arrays (NaN where absent) from a document, to resume from. */
export function priorFromDoc(doc: SweepDoc): { data: Record<string, Float64Array>; failed: FailedPoint[] } {
  const total = doc.shape.reduce((a, b) => a * b, 1);
  const data: Record<string, Float64Array> = {};
  for (const q of doc.quantities) {
    const full = new Float64Array(total).fill(NaN);
    doc.data[q.key]!.forEach((v, i) => (full[doc.range.start + i] = v === null ? NaN : v));
    data[q.key] = full;
  }
  return { data, failed: doc.failed };
}
