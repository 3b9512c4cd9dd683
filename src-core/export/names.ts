/**
 * Column and array names safe for Python: NR Lab's quantity keys (`a_to_c.T`, `a->c,d.g2`,
 * `param.theta`) as names numpy, pandas and h5py take without quoting — only `[A-Za-z0-9_]`, not
 * starting with a digit, not a Python keyword (nor `file`/`print`, which np.genfromtxt renames),
 * not one of the names the binary exports reserve, unique within one export.
 *
 * The rule (docs/python.md; the exported scripts carry the same function, `csv_names`):
 *   `<->` → `_`, `->` → `_to_`, every other run of characters outside [A-Za-z0-9_] → `_`;
 *   leading and trailing `_` removed; empty → `column`; a leading digit gets `x` before it;
 *   a reserved word gets `_` after it; a name already taken gets `_2`, `_3`, … after it.
 * So `a_to_c.T` → `a_to_c_T`, `a->c,d.g2` → `a_to_c_d_g2`, `param.theta` → `param_theta`.
 */

/** Python's keywords, the names np.genfromtxt renames, and the binary exports' own entries. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield', 'file', 'print', 'metadata', 'provenance', 'params',
]);

/** One key as a safe name (before making it unique). */
export function safeName(key: string): string {
  let s = key
    .replace(/<->/g, '_')
    .replace(/->/g, '_to_')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') s = 'column';
  if (/^[0-9]/.test(s)) s = `x${s}`;
  if (RESERVED_NAMES.has(s)) s = `${s}_`;
  return s;
}

/** Safe, unique names for keys, in order (the first key keeps the plain name). */
export function safeNames(keys: readonly string[]): string[] {
  const used = new Set<string>();
  return keys.map((k) => {
    const base = safeName(k);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** The same rule as Python source (the exported scripts write their CSV header with it). */
export const PY_SAFE_NAMES = String.raw`
RESERVED_NAMES = set("""False None True and as assert async await break class continue def del elif else except
finally for from global if import in is lambda nonlocal not or pass raise return try while with yield file print
metadata provenance params""".split())


def csv_names(keys):
    """NR Lab's column names for keys: [A-Za-z0-9_] only, not starting with a digit, unique (docs/python.md)."""
    import re
    used, out = set(), []
    for key in keys:
        s = re.sub(r"^_+|_+$", "", re.sub(r"[^A-Za-z0-9_]+", "_", key.replace("<->", "_").replace("->", "_to_")))
        s = s or "column"
        if s[0].isdigit():
            s = "x" + s
        if s in RESERVED_NAMES:
            s += "_"
        name, n = s, 2
        while name in used:
            name, n = "%s_%d" % (s, n), n + 1
        used.add(name)
        out.append(name)
    return out
`;
