/**
 * The solver settings every quantum (Lindblad) model shares: quantum or classical solver, the Fock
 * basis, the truncation (fixed or automatic with its convergence test) and the optional re-solve at
 * the next truncation. One definition, so the app's forms, the CLI and the stored files describe
 * them alike for the seed model and user networks.
 */
import type { ParamSpec } from './params.js';

export function quantumSolverParams(o: {
  /** The total-excitation condition in words, e.g. 'n_a + n_b + n_c ≤ K'. */
  totalCondition: string;
  /** What the quantum solver computes, e.g. 'exact Lindblad steady state of eqs. 3-4 in both driving directions'. */
  quantum: string;
  /** What the classical solver computes. */
  classical: string;
  /** Where it is described (e.g. 'seed 000, eqs. 3-6 and 12'). */
  ref: string;
  /** Where the truncation enters (e.g. 'seed 000, eq. 4'). */
  truncationRef: string;
}): ParamSpec[] {
  const quantumOnly = { appliesWhen: { solver: ['quantum'] } };
  return [
    {
      kind: 'choice',
      key: 'solver',
      symbol: 'solver',
      label: 'Solver',
      group: 'Solver',
      default: 'quantum',
      description: `quantum: ${o.quantum}; classical: ${o.classical}`,
      ref: o.ref,
      choices: [
        { value: 'quantum', label: 'Quantum (Lindblad steady state)' },
        { value: 'classical', label: 'Classical S-matrix (linear)' },
      ],
    },
    {
      kind: 'choice',
      key: 'basis',
      symbol: 'basis',
      label: 'Fock basis',
      group: 'Solver',
      default: 'total',
      description: `truncation of the Fock space: total (${o.totalCondition}) or per-mode (N levels per mode, as in QuTiP tensor products)`,
      ref: o.truncationRef,
      ...quantumOnly,
      choices: [
        { value: 'total', label: 'Total excitations ≤ K' },
        { value: 'per-mode', label: 'N levels per mode' },
      ],
    },
    {
      kind: 'number',
      key: 'fock',
      symbol: 'K',
      label: 'Truncation',
      unit: '',
      group: 'Solver',
      default: 'auto',
      description: 'K (total basis) or N (per-mode basis); auto: the smallest meeting the convergence tolerance',
      ref: o.truncationRef,
      auto: 'the smallest truncation whose T and g2 change by < 1e-6 at the next one',
      min: 1,
      max: 40,
      integer: true,
      ...quantumOnly,
    },
    {
      kind: 'choice',
      key: 'convergence',
      symbol: 'check',
      label: 'Truncation check',
      group: 'Solver',
      default: 'none',
      description: 'check: also solve at the next truncation and report the relative change of every observable (automatic with fock=auto)',
      ref: o.truncationRef,
      ...quantumOnly,
      choices: [
        { value: 'none', label: 'No' },
        { value: 'check', label: 'Re-solve at the next truncation' },
      ],
    },
  ];
}

/** The solver and its truncation as one line, from (possibly partial) parameter values. */
export function describeQuantumSolver(params: Record<string, unknown>): string {
  const solver = String(params.solver ?? 'quantum');
  if (solver === 'classical') return 'classical S-matrix (no truncation)';
  const basis = String(params.basis ?? 'total') === 'per-mode' ? 'per mode' : 'total excitations';
  const fock = params.fock === undefined || params.fock === 'auto' ? 'auto' : String(params.fock);
  return `quantum, ${basis} ≤ ${fock}${fock === 'auto' ? ' (convergence test)' : ''}`;
}

/**
 * The truncation a stored point output reports (stored outputs are read back from files, so
 * nothing is assumed about their shape), or undefined.
 */
export function storedTruncation(stored: unknown): Record<string, unknown> | undefined {
  const t = stored && typeof stored === 'object' ? (stored as { truncation?: unknown }).truncation : undefined;
  return t && typeof t === 'object' ? (t as Record<string, unknown>) : undefined;
}

/** The exports' notes on the solver's tolerances and the truncation a stored result used. */
export function quantumSolverNotes(params: Record<string, unknown>, output: unknown, columns: Record<string, Float64Array>, autoTolerance: number): string[] {
  if (params.solver === 'classical') return ['tolerances: exact linear solve of S(ω) = −i√Γ(M − ωI)⁻¹√Γ − I (LU); a point where M − ωI is singular (pivot ratio > 1e13) fails'];
  const lines = [
    `tolerances: steady state accepted at relative residual max|𝓛ρ| ≤ 1e-10; fock = auto takes the smallest truncation whose T and g2 (every direction) change by < ${String(autoTolerance)} (relative) at the next one`,
  ];
  const trunc = storedTruncation(output);
  if (trunc) lines.push(`truncation used: ${Object.entries(trunc).map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')}`);
  else if (columns.fock) lines.push('truncation used: per point, in the column "fock" (N levels per mode, or K total excitations)');
  return lines;
}

/** The truncation of a coarse (live preview) quantum solve: K = 3 total excitations or N = 3 levels per mode. */
export const COARSE_TRUNCATION = 3;

/**
 * The coarse solve of a quantum model (ModelDefinition.coarse): a fixed truncation of at most
 * {@link COARSE_TRUNCATION} (a smaller fixed one is kept) without the convergence test. The
 * classical solver is already cheap: no overrides.
 */
export function quantumCoarse(values: Record<string, unknown>): Record<string, number | string> {
  if (values.solver === 'classical') return {};
  const fixed = typeof values.fock === 'number' ? values.fock : Infinity;
  return { fock: Math.min(fixed, COARSE_TRUNCATION), convergence: 'none' };
}
