/**
 * What the Python scripts of the quantum models (three-cavity, network) share: the truncation a
 * stored study used and how the script reproduces it, the QuTiP import, and the Python helpers
 * around `qutip.steadystate` (NR Lab's residual, expectation values, the relative change of the
 * automatic truncation test, and `main`, which loops over the grid with the stored truncations).
 * Each script then defines its own `solve_point(p, cutoff)`.
 */
import type { ScriptSource, ScriptTable } from './script.js';
import { storedTruncation } from './quantum-solver-params.js';

/** The truncation a script uses: basis, the study's setting, the stored one per point, and the header's explanation. */
export interface ScriptTruncation {
  basis: string;
  fock: number | 'auto';
  /** The truncation NR Lab used at each grid point (null: failed or not stored), or null when none is stored. */
  perPoint: (number | null)[] | null;
  text: string;
}

/**
 * The truncation of a stored study as its script reproduces it. `kinds` describes the two bases in
 * words (the QuTiP construction of each); `deciding` names what the automatic test compares.
 */
export function scriptTruncation(
  src: ScriptSource,
  table: ScriptTable,
  kinds: { perMode: string; total: string },
  deciding: string,
  tolerance: number,
): ScriptTruncation {
  const p = src.result.provenance.params;
  const basis = String(p.basis ?? 'total');
  const fock = p.fock === 'auto' || p.fock === undefined ? 'auto' : Number(p.fock);
  const kind = basis === 'per-mode' ? kinds.perMode : kinds.total;
  let perPoint: (number | null)[] | null = null;
  if (src.study.kind === 'point') {
    const t = storedTruncation((src.result.output as { output?: unknown } | undefined)?.output)?.fock;
    if (typeof t === 'number') perPoint = [t];
  } else if (src.data.fock) {
    perPoint = Array.from(src.data.fock, (v, i) => (Number.isFinite(v) && !table.failed.has(i) ? v : null));
  }
  let text: string;
  const letter = basis === 'per-mode' ? 'N' : 'K';
  if (fock !== 'auto') {
    text = `${kind}, ${letter} = ${fock}: the study's fixed truncation (fock = ${fock}), as the stored result reports.`;
  } else if (perPoint && perPoint.some((v) => v !== null)) {
    const vals = perPoint.filter((v): v is number => v !== null);
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    text =
      `${kind}, ${letter} as NR Lab's automatic convergence test chose it at each point (${lo === hi ? `${letter} = ${lo}` : `${letter} = ${lo}…${hi}`}), ` +
      `read from the stored result (FOCK_PER_POINT). Points without a stored truncation repeat the test here: ` +
      `the smallest ${letter} ≥ 3 whose ${deciding} change by < ${tolerance} (relative) at ${letter} + 1.`;
  } else {
    text =
      `${kind}, ${letter} chosen at each point by the same convergence test NR Lab applies (fock = auto): the smallest ${letter} ≥ 3 ` +
      `whose ${deciding} change by < ${tolerance} (relative) at ${letter} + 1 (the stored result does not list the truncations).`;
  }
  return { basis, fock, perPoint, text };
}

/** The header's requirements and usage lines of a quantum model's script. */
export function scriptUsage(classical: boolean): string[] {
  return [
    `Requirements: Python 3, numpy${classical ? '' : ', QuTiP (Debian: apt-get install python3-qutip)'}.`,
    'Usage: python3 THIS_SCRIPT.py [OUT.csv] [--compare NRLAB.csv]   writes the CSV to OUT.csv, or to stdout (progress on stderr);',
    "  --compare then reports, per column, the largest deviation from NR Lab's CSV export of the same study.",
    "The CSV has the columns and number format of NR Lab's CSV export: the data rows (the lines not starting",
    "with #) should agree with it to the solvers' precision.",
  ];
}

/**
 * The start of a quantum model's script: the shebang, the header comment, the imports and QuTiP
 * (with its auto tidy-up off), or a note that the classical solver needs none.
 */
export function pyQuantumPreamble(headerComment: string, classical: boolean, extraImports: string[] = []): string[] {
  const imports = ['datetime', 'math', 'os', 'sys', 'time', ...extraImports].sort().map((m) => `import ${m}`);
  return ['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', headerComment, '', ...imports, '', 'import numpy as np', '', pyQutip(classical), ''];
}

function pyQutip(classical: boolean): string {
  if (classical) return 'qutip = None  # not needed by the classical solver';
  return [
    'try:',
    '    import qutip',
    'except ImportError as e:',
    '    sys.exit("this script needs QuTiP (%s): apt-get install python3-qutip, or pip install qutip" % e)',
    '',
    '# QuTiP sets matrix elements below 1e-12 to zero after every operation ("auto tidy-up"); at weak drive the',
    '# two- and three-photon populations are of that size, so it is switched off (QuTiP 4 and 5 spellings).',
    'try:',
    '    qutip.settings.auto_tidyup = False',
    'except Exception:',
    '    pass',
    'try:',
    '    qutip.settings.core["auto_tidyup"] = False',
    'except Exception:',
    '    pass',
  ].join('\n');
}

/**
 * The truncation settings as Python assignments (BASIS, TRUNCATION, FOCK_PER_POINT and the
 * automatic test's AUTO_START, AUTO_MAX, AUTO_TOLERANCE), as `main` and `solve_quantum` read them.
 */
export function pyTruncationSettings(
  assign: (name: string, value: unknown, comment?: string) => string,
  tr: ScriptTruncation,
  basisNote: string,
  auto: { start: Record<string, number>; max: Record<string, number>; tolerance: number },
): string[] {
  return [
    assign('BASIS', tr.basis, `Fock basis: 'per-mode' (N levels per mode) or 'total' (${basisNote}).`),
    assign('TRUNCATION', tr.fock, "The study's truncation setting: N (per-mode) or K (total), or 'auto'."),
    assign('FOCK_PER_POINT', tr.perPoint, 'The truncation NR Lab used at each grid point (from its stored result), or None.'),
    assign('AUTO_START', auto.start, 'The automatic truncation test, as NR Lab applies it (fock = auto): first and last truncation per basis.'),
    assign('AUTO_MAX', auto.max),
    assign('AUTO_TOLERANCE', auto.tolerance),
  ];
}

/**
 * Python helpers of a quantum script. Expects, besides the common helpers, `solve_point(p, cutoff)`,
 * PARAMS, ALIASES, QUANTITIES, COLUMNS, HEADER, TRUNCATION and FOCK_PER_POINT.
 */
export const PY_QUANTUM = String.raw`
# ---------------------------------------------------------------------------- steady states and the grid


def point_params(index):
    """PARAMS with the axis values of grid point index (a convenience key sets several parameters)."""
    p = dict(PARAMS)
    for (key, _), value in zip(AXES, grid_point(index)):
        for target in ALIASES.get(key, [key]):
            p[target] = value
    return p


def relative_residual(H, c_ops, rho):
    """max|𝓛ρ| over the largest term of 𝓛ρ (NR Lab's residual definition; a diagnostic of each solver)."""
    r = (qutip.liouvillian(H, c_ops) * qutip.operator_to_vector(rho)).full().ravel()
    Hr = (H * rho).full()
    R = rho.full()
    D = sum(op.dag() * op for op in c_ops).full().diagonal().real
    big = np.max(np.abs(Hr.real) + np.abs(Hr.imag))
    big = max(big, np.max(0.5 * (D[:, None] + D[None, :]) * (np.abs(R.real) + np.abs(R.imag))))
    for op in c_ops:
        J = (op * rho * op.dag()).full()
        big = max(big, np.max(np.abs(J.real) + np.abs(J.imag)))
    res = np.max(np.abs(r.real) + np.abs(r.imag))
    return float(res / big) if big > 0 else float(res)


def expect(op, rho):
    return float(np.real(qutip.expect(op, rho)))


def relative_change(x, y):
    return 0.0 if x == y else abs(x - y) / max(abs(y), sys.float_info.min)


def main(out):
    started = time.perf_counter()

    def solve(index):
        cutoff = FOCK_PER_POINT[index] if FOCK_PER_POINT is not None else None
        if cutoff is None and TRUNCATION != "auto":
            cutoff = TRUNCATION  # the study's fixed truncation; None: the automatic test
        return solve_point(point_params(index), cutoff)

    rows, failed = grid_rows(solve, started, progress_steps=grid_size())
    header = HEADER + [computed_by("QuTiP %s, numpy %s" % (getattr(qutip, "__version__", "-") if qutip else "-", np.__version__), started)]
    write_csv(out, header, COLUMNS, rows, failed)
    return rows
`;
