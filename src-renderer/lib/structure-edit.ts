/**
 * The generic structure editor's logic (StructureEditor.vue): a model's structure (e.g. a network's
 * modes, couplings and directions; src-core/models/structure.ts) as tables of cell texts, checked
 * on every edit with the model's own check, whose error is placed at the cell it names; and the
 * parameter set's values after a commit (the canonical structure stored, the values it now holds
 * and parameters that no longer exist dropped). Nothing here knows a model.
 */
import { NrlabError } from '../../src-core/errors';
import { formatParamValue } from '../../src-core/figures/format';
import { parseNumber } from '../../src-core/models/expression';
import type { ModelDefinition } from '../../src-core/models/model';
import type { ParamInput } from '../../src-core/models/params';
import { schemaOf } from '../../src-core/models/registry';
import type { StructureColumn, StructureDefinition, StructureTable } from '../../src-core/models/structure';

type Obj = Record<string, unknown>;
/** Cell texts: table key → rows → column key → text. */
export type StructureDraft = Record<string, Record<string, string>[]>;

/** The id of a cell ("couplings.1.j"), a row ("couplings.1") or a table ("couplings"). */
export const cellId = (table: string, row?: number, col?: string): string => [table, row, col].filter((x) => x !== undefined).join('.');

/** Whether a column's cell applies to a row of texts (its `when` condition holds). */
export function applies(col: StructureColumn, row: Record<string, string> | undefined): boolean {
  return !col.when || col.when.values.includes((row?.[col.when.column] ?? '').trim());
}

/** Where a number cell keeps its exact value while it shows a shorter text (the key beside the column's). */
const exactKey = (key: string): string => `${key}~exact`;

/**
 * A number as a cell shows it: as typed by a physicist (0.5, -pi/4, 1e-3) when that is short, else
 * a multiple of π when it is one to four digits (2e6*pi), else four significant digits (3.181e6).
 */
export function numberText(v: number): string {
  let plain = formatParamValue(v);
  // 1e6 rather than 1000000
  const exp = v.toExponential().replace('e+', 'e');
  if (Math.abs(v) >= 1e5 && exp.length < plain.length) plain = exp;
  if (plain.length <= 10) return plain;
  const short = (x: number): string => {
    const t = Number(x.toPrecision(4));
    return Math.abs(t) >= 1e5 || Math.abs(t) < 1e-3 ? t.toExponential().replace('e+', 'e') : String(t);
  };
  const q = v / Math.PI;
  if (q !== 0 && Math.abs(Number(q.toPrecision(4)) - q) <= 1e-12 * Math.abs(q)) return `${short(q)}*pi`;
  return short(v);
}

function cellText(col: StructureColumn, v: unknown): string {
  if (col.kind === 'number') return typeof v === 'number' ? numberText(v) : '';
  if (col.kind === 'refs') return Array.isArray(v) ? v.join(', ') : '';
  return typeof v === 'string' ? v : '';
}

/** The texts of a structure's cells (a number shown shorter than it is keeps its exact value while its text is unchanged). */
export function draftOf(def: StructureDefinition, value: Obj): StructureDraft {
  const out: StructureDraft = {};
  for (const t of def.tables) {
    const rows = Array.isArray(value[t.key]) ? (value[t.key] as Obj[]) : [];
    out[t.key] = rows.map((r) => {
      const texts: Record<string, string> = {};
      for (const c of t.columns) {
        const v = r[c.key];
        texts[c.key] = cellText(c, v);
        if (c.kind === 'number' && typeof v === 'number' && numberOf(texts[c.key]!) !== v) texts[exactKey(c.key)] = String(v);
      }
      return texts;
    });
  }
  return out;
}

function numberOf(text: string): number | undefined {
  try {
    return parseNumber('value', text);
  } catch {
    return undefined;
  }
}

export interface DraftCheck {
  /** The structure the texts make (numbers evaluated; a text that is no number is passed on as text). */
  value: Obj;
  /** The canonical text when the structure is valid. */
  canonical?: string;
  /** Errors by cell, row or table id; `''` for the structure as a whole. */
  errors: Record<string, string>;
}

/** Place an error's field (`network.couplings[1].j`, `network.modes`) at a cell, row or table of the editor. */
export function errorPlace(def: StructureDefinition, field: string | undefined): string {
  if (!field) return '';
  const m = new RegExp(`^${def.param.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\w+)(?:\\[(\\d+)\\](?:\\.(\\w+))?)?`).exec(field);
  const table = m ? def.tables.find((t) => t.key === m[1]) : undefined;
  if (!m || !table) return '';
  if (m[2] === undefined) return cellId(table.key);
  const col = m[3] && table.columns.some((c) => c.key === m[3]) ? m[3] : undefined;
  return cellId(table.key, Number(m[2]), col);
}

/** Check the texts: numbers first (each cell its own error), then the model's check (its first error, at its cell). */
export function checkDraft(def: StructureDefinition, draft: StructureDraft): DraftCheck {
  const errors: Record<string, string> = {};
  const value: Obj = {};
  for (const t of def.tables) {
    value[t.key] = (draft[t.key] ?? []).map((row, k) => {
      const out: Obj = {};
      for (const c of t.columns) {
        const text = (row[c.key] ?? '').trim();
        // a cell that does not apply to the row, or an optional one left blank: no field
        if (!applies(c, row) || (c.optional && text === '')) continue;
        const exact = row[exactKey(c.key)];
        if (c.kind === 'number' && exact !== undefined && text === numberText(Number(exact))) out[c.key] = Number(exact);
        else if (c.kind === 'number') {
          try {
            out[c.key] = parseNumber(c.label, text);
          } catch (e) {
            errors[cellId(t.key, k, c.key)] = (e instanceof NrlabError && e.reason) || 'must be a number';
            out[c.key] = text;
          }
        } else if (c.kind === 'refs') out[c.key] = text.split(/[\s,]+/).filter(Boolean);
        else out[c.key] = text;
      }
      return out;
    });
  }
  if (Object.keys(errors).length) return { value, errors };
  try {
    return { value, canonical: def.canonical(value), errors };
  } catch (e) {
    const field = e instanceof NrlabError ? e.param : undefined;
    const reason = e instanceof NrlabError ? (e.reason ?? e.message) : String(e);
    return { value, errors: { [errorPlace(def, field)]: reason } };
  }
}

/** The column holding a table's row names (the rows other tables refer to), if any. */
const nameColumn = (t: StructureTable): StructureColumn | undefined => t.columns.find((c) => c.kind === 'name');

/** A row renamed from `from` to `to`: references to it in the other tables follow. */
export function renameRefs(def: StructureDefinition, draft: StructureDraft, table: string, from: string, to: string): void {
  if (!from || from === to) return;
  for (const t of def.tables) {
    for (const c of t.columns) {
      if (c.ref !== table) continue;
      for (const row of draft[t.key] ?? []) {
        if (c.kind === 'ref' && row[c.key] === from) row[c.key] = to;
        if (c.kind === 'refs') row[c.key] = (row[c.key] ?? '').split(/\s*,\s*/).map((x) => (x === from ? to : x)).join(', ');
      }
    }
  }
}

/**
 * Remove a row; rows of other tables that refer to it go too, and it leaves lists of references
 * (a row whose list is left empty goes).
 */
export function removeRow(def: StructureDefinition, draft: StructureDraft, table: string, row: number): void {
  const t = def.tables.find((x) => x.key === table);
  const rows = draft[table];
  if (!t || !rows?.[row]) return;
  const nc = nameColumn(t);
  const name = nc ? rows[row]![nc.key] : undefined;
  rows.splice(row, 1);
  if (!name) return;
  for (const o of def.tables) {
    const refs = o.columns.filter((c) => c.ref === table);
    if (!refs.length) continue;
    draft[o.key] = (draft[o.key] ?? []).filter((r) => {
      for (const c of refs) {
        if (c.kind === 'ref' && r[c.key] === name && applies(c, r)) return false;
        if (c.kind === 'refs') {
          const left = (r[c.key] ?? '').split(/[\s,]+/).filter((x) => x && x !== name);
          if (!left.length) return false;
          r[c.key] = left.join(', ');
        }
      }
      return true;
    });
  }
}

/**
 * A set's parameters after its structure is committed: the canonical structure stored; the values
 * the tables showed folded in (`held`: parameters the structure now holds) dropped; and parameters
 * that the new structure no longer has dropped (other parameters kept).
 */
export function paramsAfter(model: ModelDefinition, def: StructureDefinition, params: ParamInput, canonical: string, held: string[]): ParamInput {
  const input: ParamInput = { ...params, [def.param]: canonical };
  for (const k of held) delete input[k];
  let schema;
  try {
    schema = schemaOf(model, input);
  } catch {
    return input;
  }
  const known = new Set([...schema.params.map((p) => p.key), ...schema.aliases.map((a) => a.key)]);
  for (const k of Object.keys(input)) if (!known.has(k)) delete input[k];
  return input;
}

/**
 * A row's cell `col` was just set (e.g. a choice): the cells this makes applicable that are blank
 * get a start — a number column its default, a reference the first row of its table that the row
 * does not already refer to.
 */
export function fillApplicable(def: StructureDefinition, draft: StructureDraft, table: string, row: number, col: string): void {
  const t = def.tables.find((x) => x.key === table);
  const r = draft[table]?.[row];
  if (!t || !r) return;
  for (const c of t.columns) {
    if (c.when?.column !== col || !applies(c, r) || (r[c.key] ?? '').trim() !== '') continue;
    if (c.kind === 'number' && c.default !== undefined) r[c.key] = numberText(c.default);
    if (c.kind === 'ref' && c.ref) {
      const rt = def.tables.find((x) => x.key === c.ref);
      const nc = rt && nameColumn(rt);
      const used = new Set(t.columns.filter((o) => o.kind === 'ref' && o !== c).map((o) => r[o.key]));
      const names = nc ? (draft[c.ref] ?? []).map((x) => x[nc.key] ?? '').filter(Boolean) : [];
      r[c.key] = names.find((n) => !used.has(n)) ?? names[0] ?? '';
    }
  }
}
