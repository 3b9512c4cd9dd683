/**
 * The Python script that recomputes a stored study of any network independently: QuTiP for the
 * quantum steady state of every driving direction (spec.ts: the Hamiltonian and the collapse
 * operators √(κ(n_th+1)) a, √(κ n_th) a†, √κ₂ a²), numpy for the linear S-matrix. The network is
 * read from the stored `network` parameter; each grid point applies the dotted parameters
 * ("a.Delta", "a-c.phase", "a.Omega") to it as the app does (schema.ts networkAt).
 */
import type { ScriptContext, ScriptSource, ScriptTable } from '../script.js';
import { dynamicsScript, isDynamicsKind } from '../dynamics-script.js';
import { PY_QUANTUM, pyQuantumPreamble, pyTruncationSettings, scriptTruncation, scriptUsage, type ScriptTruncation } from '../quantum-script.js';
import { AUTO_MAX, AUTO_START, AUTO_TOLERANCE } from './quantum.js';
import { networkSchema, specOf } from './schema.js';
import { outputPairs, reversePairs, type NetworkSpec } from './spec.js';

/** The truncation the script uses, and why (stated in the script's header). */
export function networkTruncation(src: ScriptSource, table: ScriptTable, spec: NetworkSpec): ScriptTruncation {
  const names = spec.modes.map((m) => m.name);
  return scriptTruncation(
    src,
    table,
    {
      perMode: `N levels per mode (qutip.destroy(N) for each mode, joined with qutip.tensor in the order ${names.join(', ')})`,
      total: `${names.map((n) => `n_${n}`).join(' + ')} ≤ K total excitations (qutip.enr_destroy, the basis NR Lab used)`,
    },
    'T and g2 (every output of every direction)',
    AUTO_TOLERANCE,
  );
}

const EQUATIONS = `Model: NR Lab's cavity network (docs/network-format.md), the seed-000 system generalised
(B. Li et al., "Loss-induced quantum nonreciprocity", eqs. 3-6 and 12). In the frame rotating at the drive (hbar = 1),
rates and frequencies in units of κ, for driving direction d (one drive at mode d):
  H = Σ_m [Δ_m a_m†a_m + U_m a_m†a_m†a_m a_m] + Σ_(i,j) (J e^{iφ} a_i a_j† + h.c.) + (Ω_d e^{iϕ} a_d† + h.c.)
      (a_i a_j† = a_j† a_i for i ≠ j: written normal-ordered, exact in the total-excitation basis too)
  dρ/dt = −i[H, ρ] + Σ_m (κ_m(n_th,m + 1) D[a_m] + κ_m n_th,m D[a_m†] + κ₂,m D[a_m²]) ρ,  D[C]ρ = CρC† − ½{C†C, ρ}
      ⇔ collapse operators √(κ(n_th+1)) a, √(κ n_th) a†, √κ₂ a² of every mode (those with a positive rate)
  output j of direction d (key "d->j"):
      T_{d→j} = κ_d κ_j ⟨a_j†a_j⟩/Ω_d²,  g^(n)(0) = ⟨a_j†ⁿa_jⁿ⟩/⟨a_j†a_j⟩ⁿ (n = 2, 3),  P_j(m) (P1, P2)
  two outputs j, k of one direction (key "d->j,k"): g2_{jk}(0) = ⟨n_j n_k⟩/(⟨n_j⟩⟨n_k⟩)
  a pair read both ways (key "i<->j"): isolation |T_{i→j} − T_{j→i}|, ratio |(g2_{i→j} − g2_{j→i})/(g2_{i→j} + g2_{j→i})|
  classical (weak drive): S = −i√Γ M⁻¹ √Γ − I at the drive frequency, M_mm = Δ_m − iκ_m/2,
      M[j][i] = J e^{iφ}, M[i][j] = J e^{−iφ} for the coupling (i, j);  T_{d→j} = |S_jd|²`;

/** The network at a point, its operators, Hamiltonian and collapse operators: shared by the steady-state and dynamics scripts. */
const PY_OPERATORS = String.raw`
# ---------------------------------------------------------------------------- the model


def network_at(p):
    """The network of point p: the structure of p["network"], every number from the dotted parameters
    ("a.Delta", "a-c.J", "a.Omega"), which default to the structure's own values (NR Lab's networkAt)."""
    spec = json.loads(p["network"])

    def val(key, default):
        v = p.get(key)
        return float(v) if isinstance(v, (int, float)) else float(default)

    modes = [dict(m, **{k: val("%s.%s" % (m["name"], k), m[k]) for k in ("Delta", "kappa", "U", "n_th", "kappa2")}) for m in spec["modes"]]
    couplings = [dict(c, **{k: val("%s-%s.%s" % (c["i"], c["j"], k), c[k]) for k in ("J", "phase")}) for c in spec["couplings"]]
    directions = [dict(d, Omega=val("%s.Omega" % d["drive"], d["Omega"])) for d in spec["directions"]]
    return {"modes": modes, "couplings": couplings, "directions": directions}


def output_pairs(net):
    """(key, drive, output) of every output of every direction, in the spec's order."""
    return [("%s->%s" % (d["drive"], o), d["drive"], o) for d in net["directions"] for o in d["outputs"]]


def reverse_pairs(net):
    """(key "i<->j", forward "i->j", backward "j->i") of every pair read both ways."""
    keys = set(k for k, _, _ in output_pairs(net))
    out = []
    for key, d, o in output_pairs(net):
        back = "%s->%s" % (o, d)
        if back in keys and not any(b == key for _, _, b in out):
            out.append(("%s<->%s" % (d, o), key, back))
    return out


def mode_operators(net, basis, cutoff):
    """Annihilation operators of the modes in the truncated Fock space, by name (the spec's order)."""
    names = [m["name"] for m in net["modes"]]
    n = len(names)
    if basis == "per-mode":
        ops = [qutip.tensor([qutip.destroy(cutoff) if k == j else qutip.qeye(cutoff) for k in range(n)]) for j in range(n)]
    else:
        ops = qutip.enr_destroy([cutoff + 1] * n, excitations=cutoff)
    return dict(zip(names, ops))


def hamiltonian(net, ops, direction):
    """H of the network driven as direction (an entry of net["directions"])."""
    H = 0
    for m in net["modes"]:
        a = ops[m["name"]]
        H += m["Delta"] * a.dag() * a + m["U"] * a.dag() * a.dag() * a * a
    for c in net["couplings"]:
        hop = c["J"] * complex(math.cos(c["phase"]), math.sin(c["phase"])) * ops[c["j"]].dag() * ops[c["i"]]
        H += hop + hop.dag()
    d = ops[direction["drive"]]
    drive = direction["Omega"] * complex(math.cos(direction["phase"]), math.sin(direction["phase"])) * d.dag()
    return H + drive + drive.dag()


def collapse_operators(net, ops):
    """√(κ(n_th+1)) a, √(κ n_th) a†, √κ₂ a² of every mode, those with a positive rate."""
    out = []
    for m in net["modes"]:
        a = ops[m["name"]]
        for rate, op in ((m["kappa"] * (m["n_th"] + 1), a), (m["kappa"] * m["n_th"], a.dag()), (m["kappa2"], a * a)):
            if rate > 0:
                out.append(math.sqrt(rate) * op)
    return out
`;

const PY_MODEL = String.raw`

def solve_direction(net, ops, direction, levels):
    """Steady state of one driving direction: every output's T, g2, g3, ⟨n⟩, P(m); cross-correlations."""
    H = hamiltonian(net, ops, direction)
    c_ops = collapse_operators(net, ops)
    rho = qutip.steadystate(H, c_ops, use_rcm=True)  # direct sparse LU; the reverse Cuthill-McKee ordering only speeds it up
    kappa = {m["name"]: m["kappa"] for m in net["modes"]}
    drive, omega = direction["drive"], direction["Omega"]
    pops = np.real(rho.diag())
    pairs = {}
    for name in direction["outputs"]:
        o = ops[name]
        od = o.dag()
        n1 = expect(od * o, rho)
        n2 = expect(od * od * o * o, rho)
        n3 = expect(od * od * od * o * o * o, rho)
        occupation = np.rint(np.real((od * o).diag())).astype(int)
        P = np.bincount(occupation, weights=pops, minlength=levels)
        pairs["%s->%s" % (drive, name)] = {
            "T": divide(kappa[drive] * kappa[name] * n1, omega ** 2),
            "g2": divide(n2, n1 * n1),
            "g3": divide(n3, n1 * n1 * n1),
            "mean_n": n1,
            "P": [float(x) for x in P],
        }
    cross = {}
    outs = direction["outputs"]
    for x in range(len(outs)):
        for y in range(x + 1, len(outs)):
            j, k = ops[outs[x]], ops[outs[y]]
            nj = pairs["%s->%s" % (drive, outs[x])]["mean_n"]
            nk = pairs["%s->%s" % (drive, outs[y])]["mean_n"]
            cross["%s->%s,%s" % (drive, outs[x], outs[y])] = divide(expect(j.dag() * j * k.dag() * k, rho), nj * nk)
    return {"pairs": pairs, "cross": cross, "residual": relative_residual(H, c_ops, rho)}


def solve_at(net, basis, cutoff):
    """Every direction at one truncation: pairs and cross-correlations by key, the worst residual."""
    ops = mode_operators(net, basis, cutoff)
    levels = cutoff if basis == "per-mode" else cutoff + 1
    out = {"pairs": {}, "cross": {}, "residual": 0.0}
    for direction in net["directions"]:
        r = solve_direction(net, ops, direction, levels)
        out["pairs"].update(r["pairs"])
        out["cross"].update(r["cross"])
        out["residual"] = max(out["residual"], r["residual"])
    return out


def solve_quantum(net, cutoff):
    """Every direction at the given truncation, or (cutoff None) at the one the convergence test picks:
    the smallest from AUTO_START up whose T and g2 of every output change by < AUTO_TOLERANCE at the next."""
    basis = BASIS
    if cutoff is not None:
        return solve_at(net, basis, int(cutoff)), int(cutoff)
    cutoff = AUTO_START[basis]
    prev = solve_at(net, basis, cutoff)
    keys = [k for k, _, _ in output_pairs(net)]
    while cutoff + 1 <= AUTO_MAX[basis]:
        nxt = solve_at(net, basis, cutoff + 1)
        if all(relative_change(prev["pairs"][k][q], nxt["pairs"][k][q]) < AUTO_TOLERANCE for k in keys for q in ("T", "g2")):
            return prev, cutoff
        cutoff += 1
        prev = nxt
    sys.stderr.write("warning: no truncation up to %d met the tolerance\n" % AUTO_MAX[basis])
    return prev, cutoff


def classical_transmission(net):
    """The linear S-matrix at the drive frequency (ω = 0 in this frame): T of every output pair."""
    index = {m["name"]: q for q, m in enumerate(net["modes"])}
    n = len(index)
    M = np.diag([complex(m["Delta"], -0.5 * m["kappa"]) for m in net["modes"]])
    for c in net["couplings"]:
        i, j = index[c["i"]], index[c["j"]]
        M[j, i] += c["J"] * complex(math.cos(c["phase"]), math.sin(c["phase"]))
        M[i, j] += c["J"] * complex(math.cos(c["phase"]), -math.sin(c["phase"]))
    if np.linalg.cond(M) > 1e13:
        raise ArithmeticError("M - ωI is singular at ω = 0: a lossless mode is resonant and decoupled from every port, so S is undefined")
    sq = np.diag(np.sqrt([m["kappa"] for m in net["modes"]]))
    S = -1j * sq @ np.linalg.solve(M, sq) - np.eye(n)
    return {key: abs(S[index[o], index[d]]) ** 2 for key, d, o in output_pairs(net)}


def solve_point(p, cutoff):
    """Every quantity NR Lab reports for one parameter point (keys as NR Lab's columns)."""
    net = network_at(p)
    T = classical_transmission(net)
    out = {}
    if p["solver"] == "classical":
        out.update(("%s.T" % k, t) for k, t in T.items())
        out.update(("%s.isolation" % key, abs(T[f] - T[b])) for key, f, b in reverse_pairs(net))
        return out
    r, used = solve_quantum(net, cutoff)
    for key, x in r["pairs"].items():
        for q in ("T", "g2", "g3", "mean_n"):
            out["%s.%s" % (key, q)] = x[q]
        for k in (1, 2):
            out["%s.P%d" % (key, k)] = x["P"][k] if k < len(x["P"]) else float("nan")
        out["classical.%s.T" % key] = T[key]
    for key, g in r["cross"].items():
        out[key + ".g2"] = g
    for key, f, b in reverse_pairs(net):
        F, B = r["pairs"][f], r["pairs"][b]
        out[key + ".isolation"] = abs(F["T"] - B["T"])
        out[key + ".ratio"] = abs(divide(F["g2"] - B["g2"], F["g2"] + B["g2"]))
    out["residual"] = r["residual"]
    out["fock"] = used
    return out
`;

/** `dynamics_directions` of the dynamics script: every driving direction with its outputs "d->j". */
const PY_DYNAMICS_MODEL = String.raw`

def dynamics_directions(p, basis, cutoff):
    """Per driving direction of the network: the undriven H0, the drive operator Hd = e^{iϕ} a_d† + h.c.
    (H = H0 + Ω(t) Hd), Ω, the collapse operators and the outputs (trace "d->j", a_j, κ_j)."""
    net = network_at(p)
    ops = mode_operators(net, basis, cutoff)
    c_ops = [plain(c) for c in collapse_operators(net, ops)]
    kappa = {m["name"]: m["kappa"] for m in net["modes"]}
    out = []
    for d in net["directions"]:
        H0 = hamiltonian(net, ops, dict(d, Omega=0.0))
        hd = complex(math.cos(d["phase"]), math.sin(d["phase"])) * ops[d["drive"]].dag()
        out.append({"drive": d["drive"], "H0": plain(H0), "Hd": plain(hd + hd.dag()), "Omega": float(d["Omega"]), "c_ops": c_ops,
                    "outputs": [("%s->%s" % (d["drive"], j), plain(ops[j]), float(kappa[j])) for j in d["outputs"]]})
    return out
`;

/** The standalone Python 3 script for a stored network study. */
export function networkScript(ctx: ScriptContext): string {
  if (isDynamicsKind(ctx.source.study.kind)) {
    const spec = specOf(ctx.source.result.provenance.params);
    return dynamicsScript(ctx, {
      model: 'network',
      equations: EQUATIONS,
      about: [`This network: modes ${spec.modes.map((m) => m.name).join(', ')}; outputs ${outputPairs(spec).map((p) => p.key).join(', ')} (PARAMS["network"], with the parameter values in place).`],
      python: PY_OPERATORS + PY_DYNAMICS_MODEL,
    });
  }
  const src = ctx.source;
  const table = ctx.table;
  const { assign: pyAssign, comment: pyComment, common: PY_COMMON, main: PY_MAIN } = ctx.py;
  const params = src.result.provenance.params;
  const spec = specOf(params);
  const classical = params.solver === 'classical';
  const tr = networkTruncation(src, table, spec);
  const names = spec.modes.map((m) => m.name);
  const pairs = outputPairs(spec).map((p) => p.key);
  const header = [
    ...ctx.header,
    '',
    EQUATIONS,
    '',
    `This network: modes ${names.join(', ')}; ${spec.couplings.length} coupling${spec.couplings.length === 1 ? '' : 's'}; outputs ${pairs.join(', ')}` +
      `${reversePairs(spec).length ? `; read both ways ${reversePairs(spec).map((r) => r.key).join(', ')}` : ''} (PARAMS["network"], with the parameter values in place).`,
    classical
      ? 'Solver: classical (linear S-matrix, numpy); no Fock truncation.'
      : `Solver: quantum, qutip.steadystate(H, c_ops, use_rcm=True) in every driving direction, with the classical S-matrix (numpy) alongside.\nTruncation: ${tr.text}`,
    'The columns "residual" (max|𝓛ρ| relative, worst direction) and "fock" (truncation used) are diagnostics of each solver: residuals differ between solvers.',
    ...(classical
      ? []
      : ['Cost: qutip.steadystate factorises the dim² × dim² Liouvillian (sparse LU); its time grows steeply with the dimension (seconds at 70 states,', 'minutes beyond 120). For larger truncations pass method="iterative-gmres" to qutip.steadystate in solve_direction.']),
    '',
    ...scriptUsage(classical),
  ];
  const aliases = Object.fromEntries(networkSchema(spec).aliases.map((a) => [a.key, a.sets]));
  const csvHeader = [
    `NR Lab study recomputed by its exported script (network, ${classical ? 'classical' : 'QuTiP'})`,
    `project: ${src.project.title}`,
    `study: ${src.study.name} (id ${src.study.id}, ${src.study.kind})`,
    ...(classical ? [] : [`truncation: ${tr.text}`]),
  ];
  const axes = table.axes.map((a) => [a.key, Array.from(a.values)]);
  return [
    ...pyQuantumPreamble(pyComment(header.join('\n')), classical, ['json']),
    '# ---------------------------------------------------------------------------- the study',
    '',
    pyAssign('PROJECT', src.project.title),
    pyAssign('STUDY', src.study.name),
    pyAssign(
      'PARAMS',
      params,
      "Every parameter as NR Lab used it (the stored result's provenance): the network's structure (\"network\", JSON) and its\n" +
        'numbers ("a.Delta", "a-c.J", "a.Omega", …; rates in units of κ, phases in rad). A swept parameter\'s value here is the\nbase value; each grid point sets it from its axis.',
    ),
    pyAssign('ALIASES', aliases, 'Convenience keys an axis may use, and the parameters each one sets.'),
    pyAssign('AXES', axes, 'The grid: (key, values) per axis, the first varying slowest. No axes: one point.'),
    pyAssign('QUANTITIES', table.quantities.map((q) => q.key), 'Columns after the axis values: the quantities NR Lab kept.'),
    pyAssign('COLUMNS', [...table.axes.map((a) => a.key), ...table.quantities.map((q) => q.key)]),
    ...pyTruncationSettings(pyAssign, tr, names.map((n) => `n_${n}`).join(' + ') + ' <= K', { start: AUTO_START, max: AUTO_MAX, tolerance: AUTO_TOLERANCE }),
    pyAssign('HEADER', csvHeader, 'Comment lines at the top of the CSV.'),
    PY_COMMON,
    PY_QUANTUM,
    PY_OPERATORS,
    PY_MODEL,
    PY_MAIN,
  ].join('\n');
}

