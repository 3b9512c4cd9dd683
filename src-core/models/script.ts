/**
 * What a model's Python-script generator receives: the stored study and its export table (as the
 * CSV export writes it), the header lines, and the generic Python helpers of the script export.
 * Declared here, in the models layer, so a package never imports the export layer above it; the
 * export layer (src-core/export/python-script.ts) fills it in.
 */

/** The stored study a script recomputes (the fields a generator may read). */
export interface ScriptSource {
  project: { title: string; file?: string };
  study: { id: string; name: string; kind: string; simulate?: { port?: number } };
  result: { provenance: { params: Record<string, number | string> }; output?: unknown };
  /** Quantity (sweep) or trace (simulate) → stored values. */
  data: Record<string, Float64Array>;
}

/** The table every export format shares: axis columns, then one column per kept quantity. */
export interface ScriptTable {
  axes: { key: string; values: Float64Array }[];
  quantities: { key: string }[];
  /** Row index → reason, for points that failed. */
  failed: Map<number, string>;
}

/** Python source helpers of the script export (src-core/export/python/common.ts). */
export interface PythonHelpers {
  /** `NAME = <literal>` with an optional comment above it. */
  assign(name: string, value: unknown, comment?: string): string;
  /** Text as Python comment lines. */
  comment(text: string): string;
  /** The shared functions (CSV writing, number format, --compare). */
  common: string;
  /** The shared main(). */
  main: string;
}

export interface ScriptContext {
  /** Lines for the script's header comment (project, study, stored result, grid). */
  header: string[];
  source: ScriptSource;
  table: ScriptTable;
  py: PythonHelpers;
}
