/**
 * A model's structure editor, described by the model package (ModelDefinition.structure) so the
 * app's one generic editor can show it without knowing the model: tables of rows (the network
 * model's modes, couplings and directions) over the structural parameter's JSON, the package's own
 * check (its errors name a cell, e.g. `network.couplings[1].j`), presets, and a schematic drawing.
 */
import type { ParamInput } from './params.js';

/* A schematic: a small drawing list in its own coordinate box (drawn by src-core/figures/schematic.ts). */
/** What an element depicts: the renderers colour by it; tests and the screen find elements by it. */
export type SchematicRole = 'mode' | 'kerr' | 'coupling' | 'loss' | 'drive' | 'read' | 'label';

export type SchematicElement =
  | { type: 'circle'; role: SchematicRole; cx: number; cy: number; r: number; filled?: boolean; id?: string }
  | {
      type: 'line';
      role: SchematicRole;
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      arrow?: boolean;
      dashed?: boolean;
      id?: string;
      /** A curve instead: the quadratic Bézier through (x1, y1) and (x2, y2) with this control point. */
      control?: { x: number; y: number };
    }
  | {
      type: 'text';
      role: SchematicRole;
      x: number;
      y: number;
      text: string;
      size: number;
      align?: 'left' | 'center' | 'right';
      bold?: boolean;
      id?: string;
      /**
       * The label of a line through (x, y) ⟂ (nx, ny) (e.g. an edge's middle), set on the side
       * (nx, ny): a renderer whose text is larger than the drawing's scale moves it out along the
       * normal until its box clears the line.
       */
      beside?: { x: number; y: number; nx: number; ny: number };
      /** A secondary label a renderer may leave out when its text would not fit the drawing's scale. */
      detail?: boolean;
    };

export interface SchematicDrawing {
  /** The coordinate box the elements are in (0 … width, 0 … height, y down). */
  width: number;
  height: number;
  elements: SchematicElement[];
  /** A one-line plain-text description (the SVG's title, an accessible name). */
  title: string;
}


/** One column of a table: a field of each row. */
export interface StructureColumn {
  /** The row object's field (e.g. "kappa"): errors name `<param>.<table>[row].<key>`. */
  key: string;
  /** Header in paper notation (rich text, e.g. "κ_2"), and a plain-text name for screen readers. */
  symbol: string;
  label: string;
  /**
   * number: a numeric cell; name: a name (text); ref: one name of the rows of table `ref`;
   * refs: a list of such names (comma-separated when typed); choice: one of `options`.
   */
  kind: 'number' | 'name' | 'ref' | 'refs' | 'choice';
  ref?: string;
  unit?: string;
  /** A value a new row starts with when the table has no row to copy (numbers), or when the cell becomes applicable. */
  default?: number;
  /** The values of a choice column, each with the text shown for it (plain Unicode). */
  options?: { value: string; label: string }[];
  /**
   * The cell applies only to rows whose column `column` holds one of `values` (e.g. P_sat only for
   * a saturable loss): elsewhere it is shown empty and disabled, and the row's value has no such field.
   */
  when?: { column: string; values: string[] };
  /** A blank cell is no error: the row's value then has no such field (the model's default applies). */
  optional?: boolean;
}

export interface StructureTable {
  /** The structure object's field holding the rows (e.g. "modes"). */
  key: string;
  title: string;
  /** Singular, for buttons: "Add mode". */
  noun: string;
  columns: StructureColumn[];
  minRows: number;
  maxRows: number;
  /** Rows are numbered, shown in a first column as `<numbered> 1`, `<numbered> 2`, … (e.g. "port"). */
  numbered?: string;
}

export interface StructurePreset {
  id: string;
  name: string;
  description: string;
  /** The structure (an object, as the tables edit it). */
  value: Record<string, unknown>;
}

export interface StructureDefinition {
  /** The text (JSON) parameter the structure is stored in. */
  param: string;
  tables: StructureTable[];
  presets: StructurePreset[];
  /** The structure as the tables edit it, from the parameter's text (its default when absent). */
  read(text: string | undefined): Record<string, unknown>;
  /**
   * Check a structure: the canonical text to store, or a ParameterError naming the field
   * (`<param>.<table>[row].<column>`, `<param>.<table>[row]`, `<param>.<table>`).
   */
  canonical(value: unknown): string;
  /** A new row for a table given the current structure (unique names, sensible references). */
  newRow(value: Record<string, unknown>, table: string): Record<string, unknown>;
  /**
   * The structure with the numeric parameter values of a parameter set applied (they override
   * the structure's own numbers), and which of those parameter keys the structure holds.
   */
  withValues(value: Record<string, unknown>, params: ParamInput): { value: Record<string, unknown>; keys: string[] };
  /** The schematic of a checked structure (throws as {@link StructureDefinition.canonical}). */
  schematic(value: unknown): SchematicDrawing;
}

/** A number column (e.g. `numberColumn('kappa', 'κ', 'Loss', 'κ')`), with any further settings. */
export function numberColumn(key: string, symbol: string, label: string, unit?: string, extra: Partial<StructureColumn> = {}): StructureColumn {
  return { key, symbol, label, kind: 'number', ...(unit ? { unit } : {}), ...extra };
}

/** The pair key of two names, whichever order they come in. */
export const pairKey = (a: string, b: string): string => [a, b].sort().join('|');

/**
 * The first pair of `names` not in `done` (pair keys), the newest name first (adding a row, then
 * coupling it): [older, newer]; undefined when every pair is taken.
 */
export function firstFreePair(names: string[], done: Set<string>): [string, string] | undefined {
  for (let b = names.length - 1; b >= 1; b--) {
    for (let a = 0; a < b; a++) if (!done.has(pairKey(names[a]!, names[b]!))) return [names[a]!, names[b]!];
  }
  return undefined;
}
