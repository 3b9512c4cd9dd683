/**
 * Pieces shared by the generated Python scripts: Python literals of the study's data, the header
 * comment, and the Python helpers every script carries (grid, number formatting as NR Lab's CSV,
 * CSV writing, progress on stderr).
 */
import { PY_SAFE_NAMES } from '../names.js';

/** A Python literal of plain data (numbers keep their exact double value: shortest round-trip form). */
export function pyLiteral(v: unknown, indent = '', width = 100): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return "float('nan')";
    if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
    return Object.is(v, -0) ? '-0.0' : String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return pyLiteral(Array.from(v as unknown as ArrayLike<number>), indent, width);
  if (Array.isArray(v)) {
    const items = v.map((x) => pyLiteral(x, `${indent}    `, width));
    const flat = `[${items.join(', ')}]`;
    if (flat.length + indent.length <= width) return flat;
    // wrap: as many items per line as fit
    const lines: string[] = [];
    let cur = '';
    for (const it of items) {
      const next = cur ? `${cur} ${it},` : `${it},`;
      if (cur && next.length + indent.length + 4 > width) {
        lines.push(cur);
        cur = `${it},`;
      } else cur = next;
    }
    if (cur) lines.push(cur);
    return `[\n${lines.map((l) => `${indent}    ${l}`).join('\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    const items = entries.map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x, `${indent}    `, width)}`);
    const flat = `{${items.join(', ')}}`;
    if (flat.length + indent.length <= width && !flat.includes('\n')) return flat;
    return `{\n${items.map((l) => `${indent}    ${l},`).join('\n')}\n${indent}}`;
  }
  throw new Error(`internal: no Python literal for ${typeof v}`);
}

/** `NAME = literal` with a comment above. */
export function pyAssign(name: string, value: unknown, comment?: string): string {
  return `${comment ? `${comment.split('\n').map((l) => `# ${l}`).join('\n')}\n` : ''}${name} = ${pyLiteral(value)}\n`;
}

/** Text as `#` comment lines (safe for any content: no line of it can leave the comment). */
export function pyComment(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => (l ? `# ${l}` : '#'))
    .join('\n');
}

/**
 * Helpers every script carries: the grid, NR Lab's number format, the CSV writer, progress.
 * Expects AXES (list of (key, values)), COLUMNS, QUANTITIES, HEADER (comment lines) to be defined,
 * and math, sys, time and datetime imported.
 */
export const PY_COMMON = `${PY_SAFE_NAMES}${String.raw`
# ---------------------------------------------------------------------------- grid and output


def grid_shape():
    return [len(values) for _, values in AXES]


def grid_size():
    n = 1
    for m in grid_shape():
        n *= m
    return n


def grid_point(index):
    """Axis values of grid point index (row-major, the first axis varies slowest, as NR Lab's CSV)."""
    shape = grid_shape()
    at = []
    for m in reversed(shape):
        at.append(index % m)
        index //= m
    at.reverse()
    return [values[i] for (_, values), i in zip(AXES, at)]


def fmt(x):
    """A number as NR Lab's CSV writes it: JavaScript's shortest round-trip form; inf, -inf, nan."""
    if x is None:
        return ""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    s = repr(x)  # the shortest digits that round-trip, as JavaScript chooses them
    sign = "-" if s.startswith("-") else ""
    mantissa, _, exponent = s.lstrip("-").partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    n = len(whole) + (int(exponent) if exponent else 0)  # value = 0.<digits> x 10^n
    stripped = digits.lstrip("0")
    n -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        exp = ("+" if e > 0 else "-") + str(abs(e))
        out = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + exp
    return sign + out


def progress(done, total, started, text=""):
    elapsed = time.perf_counter() - started
    sys.stderr.write("[%d/%d] %.2f s%s\n" % (done, total, elapsed, ("  " + text) if text else ""))
    sys.stderr.flush()


def grid_rows(solve, started, progress_steps=20):
    """Every grid point's row: its axis values, then solve(index)[q] for each of QUANTITIES. A point
    whose solve raises gets empty cells and its reason in the header, as NR Lab's failed points."""
    total = grid_size()
    rows = []
    failed = []
    for index in range(total):
        at = grid_point(index)
        try:
            values = solve(index)
            rows.append(at + [values[q] for q in QUANTITIES])
        except Exception as e:  # a failed point: empty cells, its reason in the header
            failed.append((index, "%s: %s" % (type(e).__name__, e)))
            rows.append(at + [None] * len(QUANTITIES))
        if (index + 1) % max(1, total // progress_steps) == 0 or index + 1 == total:
            progress(index + 1, total, started, " ".join("%s=%s" % (k, fmt(v)) for (k, _), v in zip(AXES, at)))
    return rows, failed


def computed_by(libraries, started):
    """The header line naming what computed the rows, when, and how long it took."""
    return "computed by this script with %s, Python %s on %s, wall time %.3f s" % (
        libraries, sys.version.split()[0], datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), time.perf_counter() - started)


def write_csv(out, header, columns, rows, failed):
    """NR Lab's CSV layout (nrlab-csv 2): the header row (names safe for numpy and pandas), '#'
    comment lines (ending with each column's NR Lab key), one row per grid point; nan where a point failed."""
    import json
    lines = [",".join(csv_names(columns))]
    lines += ["# " + line if line else "#" for line in header]
    if failed:
        lines.append("# failed points: %d" % len(failed))
        for index, reason in failed:
            lines.append("#   row %d: %s" % (index + 1, " ".join(str(reason).split())))
    else:
        lines.append("# failed points: none")
    lines.append("# keys: " + json.dumps(list(columns), ensure_ascii=False, separators=(",", ":")))
    for row in rows:
        lines.append(",".join(fmt(v) if v is not None else "nan" for v in row))
    text = "\n".join(lines) + "\n"
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        tmp = out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)
        sys.stderr.write("wrote %s\n" % out)


def divide(a, b):
    """a / b with IEEE semantics (0/0 = nan, x/0 = ±inf), as NR Lab computes."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(a) / np.float64(b))


def log10(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.log10(np.float64(x)))
`}`;

/** The command-line entry every script shares: `python3 SCRIPT [OUT.csv] [--compare NRLAB.csv]`. */
export const PY_MAIN = String.raw`

def read_csv(path):
    """Columns and rows of a CSV in NR Lab's layout (comment lines skipped; an empty cell, as older
    exports wrote a failed point: None)."""
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith("#") and line.strip()]
    import csv
    columns = next(csv.reader([lines[0]]))  # RFC 4180 (older exports quoted a name holding a comma)
    rows = [[float(c) if c != "" else None for c in line.split(",")] for line in lines[1:]]
    return columns, rows


def compare(path, rows):
    """Per column, the largest deviation of this script's values from those in NR Lab's CSV at path."""
    columns, theirs = read_csv(path)
    if columns != csv_names(COLUMNS) or len(theirs) != len(rows):
        sys.exit("compare: %s has columns %s and %d rows; this study has %s and %d rows" % (path, columns, len(theirs), csv_names(COLUMNS), len(rows)))
    sys.stderr.write("deviation from %s (relative: |a - b| / max(|a|, |b|)):\n" % path)
    for j, name in enumerate(COLUMNS):
        rel, absolute, at, special = 0.0, 0.0, None, 0
        for i, (a, b) in enumerate(zip((r[j] for r in theirs), (r[j] for r in rows))):
            if a is None or b is None or not (math.isfinite(a) and math.isfinite(b)):
                special += fmt(a) != fmt(b)
                continue
            d = abs(a - b)
            r = d / max(abs(a), abs(b)) if d else 0.0
            if r > rel:
                rel, at = r, i
            absolute = max(absolute, d)
        sys.stderr.write("  %-22s max relative %.2e  max absolute %.2e%s%s\n" % (
            name, rel, absolute, "  (row %d)" % (at + 1) if at is not None else "",
            "  %d rows differ in empty/inf/nan" % special if special else ""))


if __name__ == "__main__":
    args = sys.argv[1:]
    against = None
    if "--compare" in args:
        k = args.index("--compare")
        if k + 1 >= len(args):
            sys.exit("--compare needs NR Lab's CSV export of this study")
        against = args[k + 1]
        del args[k:k + 2]
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        sys.stderr.write("usage: python3 %s [OUT.csv] [--compare NRLAB.csv]\n"
                         "  writes the CSV to OUT.csv (or stdout); progress on stderr; --compare reports, per column,\n"
                         "  the largest deviation from NR Lab's CSV export of the same study\n" % sys.argv[0])
        sys.exit(2)
    result = main(args[0] if args else "-")
    if against:
        compare(against, result)
`;
