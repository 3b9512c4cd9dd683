/**
 * Jupyter notebook of a stored study (`nrlab export … --format ipynb`; nbformat 4.5): the
 * study's recompute script (the `--format py` export, python-script.ts) split into code cells,
 * a cell that runs it (writing `<name>-recomputed.csv`), a cell that loads that CSV with numpy
 * into the study grid's shape — and NR Lab's own numbers from `<name>.npz` when that file
 * (`--format npz`) sits beside the notebook, with the largest deviation per quantity — and a
 * matplotlib cell that plots the study as the app does: a 1-D study as curves of the kept
 * quantities against its axis, a 2-D map as colour maps with colour bars; axis titles with units.
 */
import { findParam } from '../models/params.js';
import { storedSchema } from '../models/registry.js';
import { isTraceKind } from '../project/trace-study.js';
import { traceDisplayName } from '../figures/panel-data.js';
import { unicodeText as richToUnicode } from '../figures/rich-text.js';
import { pyLiteral } from './python/common.js';
import { studyToPythonScript } from './python-script.js';
import { columnInfo, exportTable, formatNumber, sweptParams, type ExportOptions, type ExportSource, type ExportTable } from './source.js';

export interface NotebookOptions extends ExportOptions {
  /** The notebook's file name (its base names the CSV it writes and the npz it looks for). */
  fileName?: string;
}

interface Cell {
  cell_type: 'markdown' | 'code';
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  outputs?: unknown[];
  execution_count?: null;
}

/** Most quantities a notebook plots (the rest are loaded, not drawn). */
export const NOTEBOOK_MAX_PLOTS = 6;

/** Notebook source: lines, each but the last ending in a line break (as nbformat stores it). */
function lines(text: string): string[] {
  const parts = text.replace(/\n+$/, '').split('\n');
  return parts.map((l, k) => (k < parts.length - 1 ? `${l}\n` : l));
}

/** The recompute script as cells: its sections (split at the `# ----…` markers), without the command-line entry. */
export function scriptCells(script: string): string[] {
  const cut = script.indexOf('\nif __name__ == "__main__":');
  const body = (cut >= 0 ? script.slice(0, cut) : script).replace(/^#!.*\n/, '');
  const out: string[] = [];
  let cur: string[] = [];
  for (const line of body.split('\n')) {
    if (/^# -{20,}/.test(line) && cur.some((l) => l.trim() && !l.startsWith('#'))) {
      out.push(cur.join('\n').trim());
      cur = [];
    }
    cur.push(line);
  }
  if (cur.join('').trim()) out.push(cur.join('\n').trim());
  return out;
}

/** Plain Unicode of a label or symbol: trace names with their arrows (a_to_c → a→c), no markup. */
const unicodeText = (s: string): string => richToUnicode(traceDisplayName(s));

/** Symbol, label and unit (plain Unicode) of an axis or quantity key. */
function describeKey(src: ExportSource, table: ExportTable, key: string): { symbol: string; label: string; unit: string } {
  const i = columnInfo(src, table, key);
  return { symbol: unicodeText(i.symbol), label: unicodeText(i.label), unit: unicodeText(i.unit) };
}

/** Each parameter as used: `key = value [unit]  symbol: label` (symbols in plain Unicode; keys as they are). */
function paramLines(model: string, params: Record<string, number | string>, swept: Map<string, string>): string[] {
  const schema = storedSchema(model, params);
  const w = Math.max(0, ...Object.keys(params).map((k) => k.length));
  return Object.entries(params).map(([k, v]) => {
    const spec = schema ? findParam(schema, k) : undefined;
    const unit = spec && spec.kind === 'number' && spec.unit ? ` [${unicodeText(spec.unit)}]` : '';
    const by = swept.get(k);
    return `${k.padEnd(w)} = ${typeof v === 'number' ? formatNumber(v) : v}${unit}${spec ? `  ${unicodeText(spec.symbol)}: ${unicodeText(spec.label)}` : ''}${by ? ` (swept by axis ${by}; this base value is not used)` : ''}`;
  });
}

const title = (d: { symbol: string; unit: string }): string => (d.unit ? `${d.symbol} (${d.unit})` : d.symbol);

/** The plotting cell: curves (one axis), colour maps (two or more: the first two axes, the others at their first value). */
function plotCell(src: ExportSource, table: ExportTable): string {
  const axes = table.axes.map((a) => a.key);
  const plotted = table.quantities.slice(0, NOTEBOOK_MAX_PLOTS).map((q) => {
    const d = describeKey(src, table, q.key);
    return [q.key, d.label, title(d)];
  });
  const more = table.quantities.length > NOTEBOOK_MAX_PLOTS ? `\n# ${table.quantities.length - NOTEBOOK_MAX_PLOTS} more quantities are loaded (column(key)); add their keys to PLOT to draw them` : '';
  const head = [
    'import matplotlib.pyplot as plt',
    '',
    `# (key, title, axis title) of the quantities drawn${more}`,
    `PLOT = ${pyLiteral(plotted)}`,
  ];
  if (axes.length === 0) {
    return [...head, 'for key, label, unit_title in PLOT:', '    print("%-40s %s" % (label + " " + unit_title, column(key)))'].join('\n');
  }
  if (axes.length === 1) {
    const x = describeKey(src, table, axes[0]!);
    return [
      ...head,
      `x = column(${pyLiteral(axes[0])})`,
      'fig, axs = plt.subplots(len(PLOT), 1, sharex=True, figsize=(6.4, 1.2 + 1.9 * len(PLOT)), squeeze=False)',
      'for ax, (key, label, ytitle) in zip(axs[:, 0], PLOT):',
      '    ax.plot(x, column(key), label="recomputed")',
      '    if app is not None:',
      '        ax.plot(x, app_column(key), "--", label="NR Lab")',
      '    ax.set_title(label, fontsize="medium")',
      '    ax.set_ylabel(ytitle)',
      'if app is not None:',
      '    axs[0, 0].legend()',
      `axs[-1, 0].set_xlabel(${pyLiteral(title(x))})`,
      `fig.suptitle(${pyLiteral(src.study.name)})`,
      'fig.tight_layout()',
      'plt.show()',
    ].join('\n');
  }
  const y = describeKey(src, table, axes[0]!);
  const x = describeKey(src, table, axes[1]!);
  const rest = axes.slice(2).map((k) => `${k} = ${formatNumber(table.axes.find((a) => a.key === k)!.values[0]!)}`);
  return [
    ...head,
    `# a map over the first two axes (${axes[0]} down, ${axes[1]} across)${rest.length ? `, at ${rest.join(', ')}` : ''}`,
    `at = (slice(None), slice(None)) + (0,) * ${axes.length - 2}`,
    `y = column(${pyLiteral(axes[0])})[at][:, 0]`,
    `x = column(${pyLiteral(axes[1])})[at][0, :]`,
    'cols = min(2, len(PLOT))',
    'rows = (len(PLOT) + cols - 1) // cols',
    'fig, axs = plt.subplots(rows, cols, figsize=(5.2 * cols, 4.0 * rows), squeeze=False)',
    'for ax in axs.flat[len(PLOT):]:',
    '    ax.set_visible(False)',
    'for ax, (key, label, ztitle) in zip(axs.flat, PLOT):',
    '    z = np.ma.masked_invalid(column(key)[at])  # failed points (nan) and ±inf left blank',
    '    mesh = ax.pcolormesh(x, y, z, shading="auto")',
    '    fig.colorbar(mesh, ax=ax, label=ztitle)',
    '    ax.set_title(label, fontsize="medium")',
    `    ax.set_xlabel(${pyLiteral(title(x))})`,
    `    ax.set_ylabel(${pyLiteral(title(y))})`,
    `fig.suptitle(${pyLiteral(src.study.name)})`,
    'fig.tight_layout()',
    'plt.show()',
  ].join('\n');
}

/** The notebook (nbformat 4.5 JSON text) of a stored study. */
export function studyToNotebook(src: ExportSource, opts: NotebookOptions = {}): string {
  const script = studyToPythonScript(src, opts); // refuses what it cannot recompute, naming why
  const table = exportTable(src);
  const { study, result, project } = src;
  const p = result.provenance;
  const model = p.model || study.model;
  const base = (opts.fileName ?? `${study.name}.ipynb`).replace(/\.ipynb$/i, '').replace(/^.*[\\/]/, '') || 'study';
  const keys = [...table.axes.map((a) => a.key), ...table.quantities.map((q) => q.key)];
  const shape = table.kind === 'sweep' ? table.shape : table.kind === 'point' ? [] : [table.total];
  const params = paramLines(model, p.params, sweptParams(model, isTraceKind(study.kind) ? [] : table.axes.map((a) => a.key), undefined, p.params));
  const grid = table.axes.length ? `${table.axes.map((a) => `${a.key} (${a.values.length})`).join(' × ')}, the first axis slowest` : 'one parameter point';
  const md = (s: string): string => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
  const intro = [
    `# ${md(study.name)}${study.title ? ` — ${md(study.title)}` : ''}`,
    '',
    `A ${study.kind} study of the **${md(model)}** model from the NR Lab project *${md(project.title)}*${project.file ? ` (\`${project.file}\`)` : ''}, recomputed here by its standalone script, independently of NR Lab.`,
    '',
    `- Stored result: ${result.status}, computed by ${md(p.app.name)} ${md(p.app.version)} on ${p.date} in ${formatNumber(p.wallMs / 1000)} s (solver ${md(p.solver)})`,
    `- Grid: ${md(grid)}; ${table.quantities.length} quantities${table.failed.size ? `; ${table.failed.size} failed points (nan)` : ''}`,
    `- Exported by ${opts.exporter ? `${md(opts.exporter.name)} ${md(opts.exporter.version)}` : 'NR Lab'}${opts.exportedAt ? ` on ${opts.exportedAt}` : ''}`,
    '',
    'Parameters as used (the result\'s provenance):',
    '',
    '```',
    ...params,
    '```',
    '',
    `Run all cells: the script's cells define the model, the next cell recomputes the study and writes \`${md(base)}-recomputed.csv\`; with NR Lab's own numbers saved beside this notebook as \`${md(base)}.npz\` (\`nrlab export … --format npz\`), the last cells compare and plot both.`,
  ].join('\n');
  const loadCell = [
    'import os',
    '',
    `OUT = ${pyLiteral(`${base}-recomputed.csv`)}`,
    `APP = ${pyLiteral(`${base}.npz`)}  # NR Lab's own numbers (nrlab export … --format npz), if saved beside this notebook`,
    `KEYS = ${pyLiteral(keys)}`,
    'NAMES = dict(zip(KEYS, csv_names(KEYS)))  # NR Lab key -> CSV column / npz array name (docs/python.md)',
    `SHAPE = ${pyLiteral(shape)}  # the study grid: axis 0 is the first axis`,
    '',
    'data = np.genfromtxt(OUT, delimiter=",", names=True)  # the header row is the first line; nan where a point failed',
    '',
    '',
    'def column(key):',
    '    """A column of the recomputed CSV in the grid\'s shape."""',
    '    return np.asarray(data[NAMES[key]], dtype=float).reshape(SHAPE)',
    '',
    '',
    'app = np.load(APP) if os.path.exists(APP) else None',
    '',
    '',
    'def app_column(key):',
    '    """NR Lab\'s array of a key (the npz export), in the grid\'s shape."""',
    '    return np.asarray(app[NAMES[key]], dtype=float).reshape(SHAPE)',
    '',
    '',
    'if app is not None:',
    '    print("largest deviation from NR Lab, relative to the column\'s largest magnitude (points where either is nan or inf skipped):")',
    '    for key in KEYS[' + String(table.axes.length) + ':]:',
    '        a, b = column(key), app_column(key)',
    '        both = np.isfinite(a) & np.isfinite(b)',
    '        d = np.abs(a - b)[both]',
    '        scale = max(np.abs(a[both]).max(), np.abs(b[both]).max()) if d.size else 0.0',
    '        rel = d.max() / scale if scale > 0 else (d.max() if d.size else 0.0)',
    '        print("  %-24s %.2e" % (key, rel))',
    'else:',
    '    print("no %s beside this notebook: plotting the recomputed values only" % APP)',
  ].join('\n');
  const cells: Cell[] = [];
  const add = (cell_type: Cell['cell_type'], text: string): void => {
    const id = `cell-${cells.length + 1}`;
    cells.push(cell_type === 'code' ? { cell_type, id, metadata: {}, source: lines(text), outputs: [], execution_count: null } : { cell_type, id, metadata: {}, source: lines(text) });
  };
  add('markdown', intro);
  add('markdown', '## The recompute script\n\nThe script NR Lab exports (`--format py`), section by section.');
  for (const c of scriptCells(script)) add('code', c);
  add('markdown', '## Recompute the study');
  add('code', `recomputed_rows = main(${pyLiteral(`${base}-recomputed.csv`)})`);
  add('markdown', '## Load the numbers\n\nThe recomputed CSV in the grid\'s shape, and NR Lab\'s own numbers if the npz export is beside this notebook.');
  add('code', loadCell);
  add('markdown', table.axes.length ? '## Plot' : '## Values');
  add('code', plotCell(src, table));
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
      nrlab: { study: study.name, studyId: study.id, model, kind: study.kind },
    },
    cells,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}
