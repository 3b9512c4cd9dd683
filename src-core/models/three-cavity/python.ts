/**
 * The Python script that recomputes a stored three-cavity study (seed 000) independently: QuTiP
 * for the quantum steady state (eqs. 3–6), numpy for the classical S-matrix (eqs. 10, 12).
 */
import type { ScriptContext, ScriptSource, ScriptTable } from '../script.js';
import { threeCavitySchema } from './schema.js';
import { AUTO_TOLERANCE } from './quantum.js';
import { dynamicsScript, isDynamicsKind } from '../dynamics-script.js';
import { PY_QUANTUM, pyQuantumPreamble, pyTruncationSettings, scriptUsage, scriptTruncation, type ScriptTruncation } from '../quantum-script.js';

/** The truncation the script uses, and why (stated in the script's header). */
export function threeCavityTruncation(src: ScriptSource, table: ScriptTable): ScriptTruncation {
  return scriptTruncation(
    src,
    table,
    {
      perMode: 'N levels per mode (qutip.destroy(N) for each cavity, joined with qutip.tensor in the order a, b, c)',
      total: 'n_a + n_b + n_c ≤ K total excitations (qutip.enr_destroy, the basis NR Lab used)',
    },
    'T and g2 (both directions)',
    AUTO_TOLERANCE,
  );
}

const EQUATIONS = `Paper: B. Li, Y. Zuo, L.-M. Kuang, H. Jing and C. Lee, "Loss-induced quantum nonreciprocity" (seed 000).
Equations, in the frame rotating at the drive frequency (hbar = 1):
  eq. 3   H = Δ_a a†a + Δ_b b†b + Δ_c c†c + U_a a†a†aa + U_c c†c†cc
              + (J_ac e^{iθ} a c† + J_ab a b† + J_bc c b† + h.c.) + Ω (d† + d),  d = a (a→c) or c (c→a)
  eq. 4   dρ/dt = −i[H, ρ] + Σ_j (κ_j/2) L[j]ρ,  L[o]ρ = 2oρo† − o†oρ − ρo†o
          ⇔ collapse operators √κ_j j for j = a, b, c (qutip.steadystate)
  eq. 5   T_{a→c} = κ_a κ_c ⟨c†c⟩/Ω²,  T_{c→a} = κ_a κ_c ⟨a†a⟩/Ω²
  eq. 6   g^(n)_{a→c}(0) = ⟨c†ⁿcⁿ⟩/⟨c†c⟩ⁿ,  g^(n)_{c→a}(0) = ⟨a†ⁿaⁿ⟩/⟨a†a⟩ⁿ  (n = 2, 3)
  isolation I = |T_{a→c} − T_{c→a}|,  nonreciprocal ratio R = |(g2_{a→c} − g2_{c→a}) / (g2_{a→c} + g2_{c→a})|
  P(n): photon-number distribution of the output cavity (c for a→c, a for c→a), Fig. 3(c)
  eqs. 10, 12  classical (weak-drive) S(ω) = −i√Γ (M − ωI)⁻¹ √Γ − I, M_jj = Δ_j − iκ_j/2, M_ac = J_ac e^{−iθ},
          M_ab = J_ab, M_bc = J_bc (symmetric otherwise), probe at the drive frequency (ω = 0 in this frame);
          T_{a→c} = |S_ca|², T_{c→a} = |S_ac|²
  cavities = 2: cavity b is absent (κ_b, Δ_b, J_ab, J_bc unused), as in Fig. 2(a, d).`;

/** The model's operators, Hamiltonian (eq. 3) and collapse operators (eq. 4): shared by the steady-state and dynamics scripts. */
const PY_OPERATORS = String.raw`
# ---------------------------------------------------------------------------- the model


def mode_names(p):
    return ["a", "b", "c"] if int(p["cavities"]) == 3 else ["a", "c"]


def mode_operators(p, basis, cutoff):
    """Annihilation operators of the cavities in the truncated Fock space (mode order a, b, c)."""
    names = mode_names(p)
    m = len(names)
    if basis == "per-mode":
        ops = [qutip.tensor([qutip.destroy(cutoff) if k == j else qutip.qeye(cutoff) for k in range(m)]) for j in range(m)]
    else:
        ops = qutip.enr_destroy([cutoff + 1] * m, excitations=cutoff)
    return dict(zip(names, ops))


def hamiltonian(p, ops, direction):
    """Eq. 3. Hopping terms are written normal-ordered (c† a for a c†): the same operator, and exact in the
    total-excitation basis, where a c† would lose the couplings out of the top shell."""
    a, c = ops["a"], ops["c"]
    H = p["Delta_a"] * a.dag() * a + p["Delta_c"] * c.dag() * c
    H += p["U_a"] * a.dag() * a.dag() * a * a + p["U_c"] * c.dag() * c.dag() * c * c
    hop = p["J_ac"] * complex(math.cos(p["theta"]), math.sin(p["theta"])) * c.dag() * a
    if "b" in ops:
        b = ops["b"]
        H += p["Delta_b"] * b.dag() * b
        hop += p["J_ab"] * b.dag() * a + p["J_bc"] * b.dag() * c
    H += hop + hop.dag()
    d = a if direction == "a_to_c" else c
    H += p["Omega"] * (d + d.dag())
    return H


def collapse_operators(p, ops):
    """Eq. 4: (κ_j/2) L[j] is the collapse operator √κ_j j (a cavity without loss has none)."""
    rates = {"a": p["kappa_a"], "b": p["kappa_b"], "c": p["kappa_c"]}
    return [math.sqrt(rates[name]) * op for name, op in ops.items() if rates[name] > 0]
`;

const PY_MODEL = String.raw`

def solve_direction(p, ops, direction, levels):
    """Steady state of eq. 4 driven at a (a_to_c) or c (c_to_a); T, g2, g3, ⟨o†o⟩, P(n) of the output cavity o."""
    H = hamiltonian(p, ops, direction)
    c_ops = collapse_operators(p, ops)
    rho = qutip.steadystate(H, c_ops, use_rcm=True)  # direct sparse LU; the reverse Cuthill-McKee ordering only speeds it up
    o = ops["c"] if direction == "a_to_c" else ops["a"]
    od = o.dag()
    n1 = expect(od * o, rho)
    n2 = expect(od * od * o * o, rho)
    n3 = expect(od * od * od * o * o * o, rho)
    occupation = np.rint(np.real((od * o).diag())).astype(int)
    P = np.bincount(occupation, weights=np.real(rho.diag()), minlength=levels)
    return {
        "T": divide(p["kappa_a"] * p["kappa_c"] * n1, p["Omega"] ** 2),
        "g2": divide(n2, n1 * n1),
        "g3": divide(n3, n1 * n1 * n1),
        "mean_n": n1,
        "P": [float(x) for x in P],
        "residual": relative_residual(H, c_ops, rho),
    }


def solve_at(p, basis, cutoff):
    ops = mode_operators(p, basis, cutoff)
    levels = cutoff if basis == "per-mode" else cutoff + 1
    return {d: solve_direction(p, ops, d, levels) for d in ("a_to_c", "c_to_a")}


def solve_quantum(p, cutoff):
    """Both directions at the given truncation, or (cutoff None) at the one the convergence test picks."""
    basis = BASIS
    if cutoff is not None:
        return solve_at(p, basis, int(cutoff)), int(cutoff)
    cutoff = AUTO_START[basis]
    prev = solve_at(p, basis, cutoff)
    while cutoff + 1 <= AUTO_MAX[basis]:
        nxt = solve_at(p, basis, cutoff + 1)
        if all(relative_change(prev[d][k], nxt[d][k]) < AUTO_TOLERANCE for d in ("a_to_c", "c_to_a") for k in ("T", "g2")):
            return prev, cutoff
        cutoff += 1
        prev = nxt
    sys.stderr.write("warning: no truncation up to %d met the tolerance at %r\n" % (AUTO_MAX[basis], p))
    return prev, cutoff


def classical_transmission(p):
    """Eqs. 10, 12: the linear S-matrix at the drive frequency; mode order (a, c, b)."""
    three = int(p["cavities"]) == 3
    n = 3 if three else 2
    M = np.zeros((n, n), dtype=complex)
    kappas = [p["kappa_a"], p["kappa_c"]] + ([p["kappa_b"]] if three else [])
    M[0, 0] = p["Delta_a"] - 0.5j * p["kappa_a"]
    M[1, 1] = p["Delta_c"] - 0.5j * p["kappa_c"]
    M[0, 1] = p["J_ac"] * complex(math.cos(p["theta"]), -math.sin(p["theta"]))
    M[1, 0] = np.conj(M[0, 1])
    if three:
        M[2, 2] = p["Delta_b"] - 0.5j * p["kappa_b"]
        M[0, 2] = M[2, 0] = p["J_ab"]
        M[1, 2] = M[2, 1] = p["J_bc"]
    omega = 0.0  # the probe is the drive: ω = 0 in the rotating frame
    A = M - omega * np.eye(n)
    if np.linalg.cond(A) > 1e13:
        raise ArithmeticError("M - ωI is singular at ω = 0: a lossless mode is resonant and decoupled from every port, so S is undefined")
    sq = np.diag(np.sqrt(kappas))
    S = -1j * sq @ np.linalg.solve(A, sq) - np.eye(n)
    T_ac = abs(S[1, 0]) ** 2
    T_ca = abs(S[0, 1]) ** 2
    return {"a_to_c.T": T_ac, "c_to_a.T": T_ca, "isolation": abs(T_ac - T_ca)}


def solve_point(p, cutoff):
    """Every quantity NR Lab reports for one parameter point (keys as NR Lab's columns)."""
    cl = classical_transmission(p)
    if p["solver"] == "classical":
        return cl
    r, used = solve_quantum(p, cutoff)
    out = {}
    for d in ("a_to_c", "c_to_a"):
        x = r[d]
        out[d + ".T"] = x["T"]
        out[d + ".g2"] = x["g2"]
        out[d + ".g3"] = x["g3"]
        out[d + ".mean_n"] = x["mean_n"]
        for k in (1, 2, 3):
            out["%s.P%d" % (d, k)] = x["P"][k] if k < len(x["P"]) else float("nan")
    out["isolation"] = abs(r["a_to_c"]["T"] - r["c_to_a"]["T"])
    out["ratio"] = abs(divide(r["a_to_c"]["g2"] - r["c_to_a"]["g2"], r["a_to_c"]["g2"] + r["c_to_a"]["g2"]))
    out["classical.a_to_c.T"] = cl["a_to_c.T"]
    out["classical.c_to_a.T"] = cl["c_to_a.T"]
    out["residual"] = max(r["a_to_c"]["residual"], r["c_to_a"]["residual"])
    out["fock"] = used
    return out
`;

/** `dynamics_directions` of the dynamics script: both driving directions, each with its output. */
const PY_DYNAMICS_MODEL = String.raw`

def dynamics_directions(p, basis, cutoff):
    """Per driving direction (a_to_c: drive a, read c; c_to_a: drive c, read a): the undriven H0 (eq. 3 with Ω = 0),
    the drive operator Hd = d + d† (H = H0 + Ω(t) Hd), Ω, the collapse operators and the output (trace, operator, κ)."""
    ops = mode_operators(p, basis, cutoff)
    c_ops = [plain(c) for c in collapse_operators(p, ops)]
    out = []
    for key, drive, read in (("a_to_c", "a", "c"), ("c_to_a", "c", "a")):
        H0 = hamiltonian(dict(p, Omega=0.0), ops, key)
        d = ops[drive]
        out.append({"drive": drive, "H0": plain(H0), "Hd": plain(d + d.dag()), "Omega": float(p["Omega"]), "c_ops": c_ops,
                    "outputs": [(key, plain(ops[read]), float(p["kappa_" + read]))]})
    return out
`;

/** The standalone Python 3 script for a stored three-cavity study. */
export function threeCavityScript(ctx: ScriptContext): string {
  if (isDynamicsKind(ctx.source.study.kind)) {
    return dynamicsScript(ctx, { model: 'three-cavity', equations: EQUATIONS, python: PY_OPERATORS + PY_DYNAMICS_MODEL });
  }
  const src = ctx.source;
  const table = ctx.table;
  const { assign: pyAssign, comment: pyComment, common: PY_COMMON, main: PY_MAIN } = ctx.py;
  const params = src.result.provenance.params;
  const classical = params.solver === 'classical';
  const tr = threeCavityTruncation(src, table);
  const header = [
    ...ctx.header,
    '',
    EQUATIONS,
    '',
    classical
      ? 'Solver: classical (linear S-matrix, numpy); no Fock truncation.'
      : `Solver: quantum, qutip.steadystate(H, c_ops, use_rcm=True) in both driving directions, with the classical S-matrix (numpy) alongside.\nTruncation: ${tr.text}`,
    'The columns "residual" (max|𝓛ρ| relative) and "fock" (truncation used) are diagnostics of each solver: residuals differ between solvers.',
    '',
    ...scriptUsage(classical),
  ];
  const aliases = Object.fromEntries(threeCavitySchema.aliases.map((a) => [a.key, a.sets]));
  const csvHeader = [
    `NR Lab study recomputed by its exported script (three-cavity, ${classical ? 'classical' : 'QuTiP'})`,
    `project: ${src.project.title}`,
    `study: ${src.study.name} (id ${src.study.id}, ${src.study.kind})`,
    ...(classical ? [] : [`truncation: ${tr.text}`]),
  ];
  const axes = table.axes.map((a) => [a.key, Array.from(a.values)]);
  return [
    ...pyQuantumPreamble(pyComment(header.join('\n')), classical),
    '# ---------------------------------------------------------------------------- the study',
    '',
    pyAssign('PROJECT', src.project.title),
    pyAssign('STUDY', src.study.name),
    pyAssign('PARAMS', params, "Every parameter as NR Lab used it (the stored result's provenance): rates in units of κ, θ in rad.\nA swept parameter's value here is the base value; each grid point sets it from its axis."),
    pyAssign('ALIASES', aliases, 'Convenience keys an axis may use, and the parameters each one sets.'),
    pyAssign('AXES', axes, 'The grid: (key, values) per axis, the first varying slowest. No axes: one point.'),
    pyAssign('QUANTITIES', table.quantities.map((q) => q.key), 'Columns after the axis values: the quantities NR Lab kept.'),
    pyAssign('COLUMNS', [...table.axes.map((a) => a.key), ...table.quantities.map((q) => q.key)]),
    ...pyTruncationSettings(pyAssign, tr, 'n_a + n_b + n_c <= K', { start: { total: 3, 'per-mode': 3 }, max: { total: 14, 'per-mode': 8 }, tolerance: AUTO_TOLERANCE }),
    pyAssign('HEADER', csvHeader, 'Comment lines at the top of the CSV.'),
    PY_COMMON,
    PY_QUANTUM,
    PY_OPERATORS,
    PY_MODEL,
    PY_MAIN,
  ].join('\n');
}
