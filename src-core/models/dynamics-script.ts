/**
 * The Python (QuTiP) script of a stored quantum-dynamics study — correlation g2(τ), emission
 * spectrum S(ω) or pulse response ρ(t) (docs/dynamics.md) — shared by the quantum models: each
 * model supplies the Python that builds its directions (`dynamics_directions(p, basis, cutoff)`:
 * per driving direction the undriven Hamiltonian H0, the drive operator Hd, the drive Ω, the
 * collapse operators and the outputs), this module the rest. The script recomputes the stored
 * arrays `<axis>` and `<trace>.<field>` with the resolved settings and truncation the run stored
 * (`output.settings`, `output.truncation`), and writes them as NR Lab's CSV export does.
 */
import { ParameterError } from '../errors.js';
import type { ScriptContext } from './script.js';
import { pyQuantumPreamble } from './quantum-script.js';

export const DYNAMICS_KINDS = ['correlation', 'spectrum', 'pulse'] as const;
export type DynamicsKind = (typeof DYNAMICS_KINDS)[number];

export function isDynamicsKind(kind: string): kind is DynamicsKind {
  return (DYNAMICS_KINDS as readonly string[]).includes(kind);
}

/** The stored axis array of each kind (docs/dynamics.md). */
export const DYNAMICS_AXIS: Record<DynamicsKind, string> = { correlation: 'tau', spectrum: 'omega', pulse: 't' };

/** What a model gives the dynamics script. */
export interface DynamicsModelPython {
  /** Model id, for the header and the CSV's comment lines. */
  model: string;
  /** The model's equations (header comment). */
  equations: string;
  /** Lines about the model at these parameters (e.g. a network's modes and outputs). */
  about?: string[];
  /** Python defining `dynamics_directions(p, basis, cutoff)` and what it needs. */
  python: string;
  extraImports?: string[];
}

const KIND_TEXT: Record<DynamicsKind, string> = {
  correlation:
    'g2_jk(τ) = ⟨a_j† a_k†(τ) a_k(τ) a_j⟩/(⟨n_j⟩⟨n_k⟩) from the steady state of each direction: qutip.coherence_function_g2(H, None, taulist, c_ops, a_j)\n' +
    '(trace "<pair>", j = k) and qutip.correlation_3op_1t(H, None, taulist, c_ops, a_j†, n_k, a_j)/(⟨n_j⟩⟨n_k⟩) (trace "<d->j,k>", output j at 0, k at τ).',
  spectrum:
    'S_j(ω) = 2 Re tr[a_j† (iω − 𝓛)⁻¹ (a_j ρ_ss − ⟨a_j⟩ρ_ss)], the incoherent part of the emission spectrum (ω relative to the drive; ∫S dω/2π = ⟨n_j⟩ − |⟨a_j⟩|²),\n' +
    "which is qutip.spectrum(H, wlist, c_ops, a_j.dag(), a_j); computed here by a sparse LU of QuTiP's Liouvillian per ω (QuTiP's dense\n" +
    '"pi" solver is slow beyond small truncations, its "es" solver less accurate). The coherent part is a δ-peak 2π|⟨a_j⟩|² at ω = 0 (printed on stderr).',
  pulse:
    'ρ(t) by qutip.mesolve(H0 + Ω(t) Hd, ρ0, tlist, c_ops), Ω(t) = amplitude·f(t) at the driven mode, ρ0 the vacuum or the steady state under the constant drive amplitude;\n' +
    '  f: on = [t ≥ t0], off = [t < t0], rect = [t0 ≤ t < t0 + width], gaussian = exp(−(t − t0)²/(2 width²)); a piecewise-constant f is integrated segment by segment.\n' +
    'Fields per output j: drive Ω(t), flux κ_j⟨n_j⟩, n ⟨n_j⟩, g2 ⟨a_j†²a_j²⟩/⟨n_j⟩² (nan where ⟨n_j⟩ = 0), photons ∫₀ᵗ flux dt (composite Simpson, 8 sub-intervals per sample step).',
};

/** The resolved settings and truncation a dynamics run stored with its result. */
function storedOf(output: unknown): { settings: Record<string, unknown>; truncation: Record<string, unknown> | undefined; amplitudes: Record<string, number> } {
  const o = output && typeof output === 'object' ? (output as Record<string, unknown>) : {};
  const settings = o.settings && typeof o.settings === 'object' ? (o.settings as Record<string, unknown>) : {};
  const truncation = o.truncation && typeof o.truncation === 'object' ? (o.truncation as Record<string, unknown>) : undefined;
  // a pulse run stores the peak drive it used per trace (output.traces[name].amplitude)
  const amplitudes: Record<string, number> = {};
  const traces = o.traces && typeof o.traces === 'object' && !Array.isArray(o.traces) ? (o.traces as Record<string, unknown>) : {};
  for (const [name, t] of Object.entries(traces)) {
    const a = t && typeof t === 'object' ? (t as Record<string, unknown>).amplitude : undefined;
    if (typeof a === 'number' && Number.isFinite(a)) amplitudes[name] = a;
  }
  return { settings, truncation, amplitudes };
}

/** The standalone Python 3 script of a stored correlation, spectrum or pulse study. */
export function dynamicsScript(ctx: ScriptContext, m: DynamicsModelPython): string {
  const { source: src, table, py } = ctx;
  const kind = src.study.kind;
  if (!isDynamicsKind(kind)) throw new Error(`internal: ${kind} is not a dynamics study kind`);
  const params = src.result.provenance.params;
  if (params.solver === 'classical') throw new ParameterError('study', `"${src.study.name}" uses the classical solver, which has no ${kind} runs`);
  const axisKey = DYNAMICS_AXIS[kind];
  const axis = src.data[axisKey];
  if (!axis) throw new ParameterError('study', `"${src.study.name}" has no stored ${axisKey} array to recompute`);
  const { settings, truncation, amplitudes } = storedOf(src.result.output);
  const basis = String(truncation?.basis ?? params.basis ?? 'total');
  const fock = Number(truncation?.fock ?? params.fock);
  if (!Number.isInteger(fock) || fock < 1) {
    throw new ParameterError('study', `"${src.study.name}": the stored result names no truncation (fock = ${String(params.fock)}); run the study again to store it`);
  }
  // columns: the export table's (as NR Lab's CSV writes them), else every stored array but the axis
  const quantities = table.axes[0]?.key === axisKey && table.quantities.length ? table.quantities.map((q) => q.key) : Object.keys(src.data).filter((k) => k !== axisKey);
  const letter = basis === 'per-mode' ? 'N' : 'K';
  const header = [
    ...ctx.header,
    '',
    m.equations,
    ...(m.about ?? []),
    '',
    `This study (${kind}, docs/dynamics.md; rates in units of κ, times in 1/κ, frame rotating at the drive):`,
    KIND_TEXT[kind],
    `Truncation: ${basis === 'per-mode' ? `${letter} = ${fock} levels per mode (qutip.destroy tensors)` : `${letter} = ${fock} total excitations (qutip.enr_destroy)`}, as NR Lab's run used it.`,
    'Solver tolerances: qutip.Options(atol=1e-20, rtol=1e-10) (atol far below the smallest populations, so rtol controls the error).',
    '',
    'Requirements: Python 3, numpy, SciPy, QuTiP (Debian: apt-get install python3-qutip).',
    'Usage: python3 THIS_SCRIPT.py [OUT.csv] [--compare NRLAB.csv]   writes the CSV to OUT.csv, or to stdout (progress on stderr);',
    "  --compare then reports, per column, the largest deviation from NR Lab's CSV export of the same study.",
  ];
  const csvHeader = [
    `NR Lab study recomputed by its exported script (${m.model}, ${kind}, QuTiP)`,
    `project: ${src.project.title}`,
    `study: ${src.study.name} (id ${src.study.id}, ${kind})`,
    `truncation: ${basis}, ${letter} = ${fock}`,
  ];
  return [
    ...pyQuantumPreamble(py.comment(header.join('\n')), false, ['json', ...(m.extraImports ?? [])].filter((x, i, a) => a.indexOf(x) === i)),
    'import scipy.sparse as sp',
    'import scipy.sparse.linalg as spla',
    '',
    '# ---------------------------------------------------------------------------- the study',
    '',
    py.assign('PROJECT', src.project.title),
    py.assign('STUDY', src.study.name),
    py.assign('KIND', kind),
    py.assign('PARAMS', params, "Every parameter as NR Lab used it (the stored result's provenance): rates in units of κ, phases in rad."),
    py.assign('SETTINGS', settings, `The ${kind} settings as NR Lab resolved them (the stored result's output.settings).`),
    ...(kind === 'pulse' ? [py.assign('AMPLITUDES', amplitudes, "The pulse's peak drive per trace as NR Lab used it (output.traces[name].amplitude); absent: SETTINGS, else the model's Ω.")] : []),
    py.assign('AXIS_KEY', axisKey),
    py.assign('AXIS', Array.from(axis), `The ${axisKey} values NR Lab computed at (the stored array).`),
    py.assign('QUANTITIES', quantities, 'Columns after the axis: "<trace>.<field>" as NR Lab stored them.'),
    py.assign('COLUMNS', [axisKey, ...quantities]),
    py.assign('BASIS', basis, "Fock basis: 'per-mode' (N levels per mode) or 'total' (total excitations <= K)."),
    py.assign('FOCK', fock, 'The truncation NR Lab used: N (per-mode) or K (total).'),
    py.assign('HEADER', csvHeader, 'Comment lines at the top of the CSV.'),
    // the generic grid helpers are not used; the number format, CSV writer and progress are
    py.common,
    PY_DYNAMICS_COMMON,
    m.python,
    PY_DYNAMICS,
    py.main,
  ].join('\n');
}

/** Helpers the models' `dynamics_directions` use. */
const PY_DYNAMICS_COMMON = String.raw`
# ---------------------------------------------------------------------------- helpers


def plain(q):
    """The operator as a plain D x D matrix (the excitation-restricted basis has dims QuTiP's solvers do not all accept)."""
    return qutip.Qobj(q.data, dims=[[q.shape[0]], [q.shape[0]]])


def expect(op, rho):
    return float(np.real(qutip.expect(op, rho)))
`;

const PY_DYNAMICS = String.raw`
# ---------------------------------------------------------------------------- quantum dynamics

OPTIONS = qutip.Options(atol=1e-20, rtol=1e-10, nsteps=10 ** 7)
REFINE = 8


def steady_state(H, c_ops):
    rho = qutip.steadystate(H, c_ops, use_rcm=True)  # direct sparse LU
    return 0.5 * (rho + rho.dag())


def trace_weights(A):
    """w with w . vec(X) = tr(A X) for QuTiP's column-stacked vec."""
    return qutip.operator_to_vector(A.trans()).full().ravel()


def trace_names(d):
    """The traces of one direction: each output, then (two or more outputs) the cross-correlations "d->j,k"."""
    names = [key for key, _, _ in d["outputs"]]
    if KIND == "correlation":
        names += ["%s,%s" % (j, k.split("->")[1]) for j, _, _ in d["outputs"] for k, _, _ in d["outputs"] if j != k]
    return names


def correlation(d, taus):
    """g2(tau) of every output and the cross-correlations of one direction. QuTiP's tlist starts at the initial
    state, so it runs on 0 and the sorted distinct taus, and the values are taken back in AXIS order."""
    grid = sorted(set([0.0] + [float(t) for t in taus]))
    at = [grid.index(float(t)) for t in taus]
    H = d["H0"] + d["Omega"] * d["Hd"]
    c_ops = d["c_ops"]
    rho = steady_state(H, c_ops)
    n = {key: expect(a.dag() * a, rho) for key, a, _ in d["outputs"]}
    out = {}
    for key, a, _ in d["outputs"]:
        g2 = np.real(qutip.coherence_function_g2(H, None, grid, c_ops, a, options=OPTIONS)[0])
        out[key] = {"g2": [g2[i] for i in at]}
    for kj, aj, _ in d["outputs"]:
        for kk, ak, _ in d["outputs"]:
            if kj == kk:
                continue
            G = np.real(qutip.correlation_3op_1t(H, None, grid, c_ops, aj.dag(), ak.dag() * ak, aj, options=OPTIONS))
            out["%s,%s" % (kj, kk.split("->")[1])] = {"g2": [divide(G[i], n[kj] * n[kk]) for i in at]}
    return out


def spectrum(d, omegas):
    """S_j(w) = 2 Re tr[a_j+ (i w - L)^-1 (a_j rho - <a_j> rho)] of every output, by sparse LU of QuTiP's Liouvillian.
    The rank-one term vec(rho) tr(.) added to i w - L keeps it invertible at w = 0 and leaves the trace-zero solution
    unchanged (the resolvent restricted to trace-zero operators, where the incoherent part lives)."""
    H = d["H0"] + d["Omega"] * d["Hd"]
    rho = steady_state(H, d["c_ops"])
    L = qutip.liouvillian(H, d["c_ops"]).data.tocsc()
    D2 = L.shape[0]
    P = sp.csc_matrix(np.outer(qutip.operator_to_vector(rho).full().ravel(), trace_weights(qutip.qeye(rho.shape[0]))))
    I = sp.identity(D2, dtype=complex, format="csc")
    out = {}
    for key, a, _ in d["outputs"]:
        mean_a = complex(qutip.expect(a, rho))
        x = qutip.operator_to_vector(a * rho - mean_a * rho).full().ravel()
        w = trace_weights(a.dag())
        S = [2 * float(np.real(w @ spla.spsolve(1j * om * I - L + P, x))) for om in omegas]
        n = expect(a.dag() * a, rho)
        sys.stderr.write("%s: <n> = %s, |<a>|^2 = %s, coherent fraction %s\n" % (key, fmt(n), fmt(abs(mean_a) ** 2), fmt(divide(abs(mean_a) ** 2, n))))
        out[key] = {"S": S}
    return out


def envelope(t):
    t0, width, shape = SETTINGS["t0"], SETTINGS.get("width", 0.0), SETTINGS["shape"]
    if shape == "on":
        return 1.0 if t >= t0 else 0.0
    if shape == "off":
        return 1.0 if t < t0 else 0.0
    if shape == "rect":
        return 1.0 if t0 <= t < t0 + width else 0.0
    return math.exp(-((t - t0) ** 2) / (2 * width ** 2))


def amplitude_of(d):
    """The pulse's peak drive: as stored per trace (AMPLITUDES), else SETTINGS["amplitude"] (one number, or per trace or
    driven mode), else the direction's own Ω."""
    for key in trace_names(d):
        if key in AMPLITUDES:
            return float(AMPLITUDES[key])
    A = SETTINGS.get("amplitude")
    if isinstance(A, dict):
        for key in trace_names(d) + [d["drive"]]:
            if isinstance(A.get(key), (int, float)):
                return float(A[key])
        return d["Omega"]
    return float(A) if isinstance(A, (int, float)) else d["Omega"]


def pulse(d, times):
    """rho(t) of one direction under the pulse, at the sample times (from 0); per output drive, flux, n, g2."""
    A = amplitude_of(d)
    c_ops = d["c_ops"]
    initial = SETTINGS.get("initial") or ("steady" if SETTINGS["shape"] == "off" else "vacuum")
    if initial == "steady":
        rho = steady_state(d["H0"] + A * d["Hd"], c_ops)
    else:
        D = d["H0"].shape[0]
        rho = qutip.Qobj(np.diag([1.0] + [0.0] * (D - 1)), dims=d["H0"].dims)  # index 0 is the vacuum in both bases
    e_ops = []
    for _, a, _ in d["outputs"]:
        e_ops += [a.dag() * a, a.dag() * a.dag() * a * a]
    t_end = float(times[-1])
    if SETTINGS["shape"] == "gaussian":
        cuts = [0.0, t_end]
    else:
        t0, width = SETTINGS["t0"], SETTINGS.get("width", 0.0)
        inner = [t0] + ([t0 + width] if SETTINGS["shape"] == "rect" else [])
        cuts = [0.0] + sorted(c for c in inner if 0 < c < t_end) + [t_end]
    # each piece between consecutive breakpoints and samples gets REFINE equal sub-intervals: the photons
    # int_0^t flux dt at every sample by composite Simpson on them (error ~ (dt/REFINE)^4)
    times = [float(x) for x in times]
    values = [dict() for _ in e_ops]  # sample index -> value
    photons = [[0.0] * len(times) for _ in d["outputs"]]
    total = [0.0] * len(d["outputs"])
    for k in range(len(cuts) - 1):
        lo, hi = cuts[k], cuts[k + 1]
        inside = [i for i, t in enumerate(times) if lo <= t <= hi]
        bounds = sorted(set([lo, hi] + [times[i] for i in inside]))
        tl = sorted(set(float(x) for b0, b1 in zip(bounds[:-1], bounds[1:]) for x in np.linspace(b0, b1, REFINE + 1)) | set(bounds))
        pos = {x: j for j, x in enumerate(tl)}
        if SETTINGS["shape"] == "gaussian":
            t0, width = SETTINGS["t0"], SETTINGS["width"]
            H = [d["H0"], [A * d["Hd"], lambda t, args: math.exp(-((t - t0) ** 2) / (2 * width ** 2))]]
        else:
            H = d["H0"] + (A * envelope(0.5 * (lo + hi))) * d["Hd"]
        r = qutip.mesolve(H, rho, tl, c_ops, e_ops, options=qutip.Options(atol=OPTIONS.atol, rtol=OPTIONS.rtol, nsteps=OPTIONS.nsteps, store_final_state=True))
        ex = [np.real(np.asarray(e)) for e in r.expect]
        for m in range(len(e_ops)):
            for i in inside:
                values[m][i] = float(ex[m][pos[times[i]]])
        for m, (_, _, kappa) in enumerate(d["outputs"]):
            acc = total[m]
            cum = {lo: acc}
            for b0, b1 in zip(bounds[:-1], bounds[1:]):
                y = [kappa * ex[2 * m][pos[float(x)]] for x in np.linspace(b0, b1, REFINE + 1)]
                h = (b1 - b0) / REFINE
                acc += h / 3 * (y[0] + y[-1] + 4 * sum(y[1:-1:2]) + 2 * sum(y[2:-1:2]))
                cum[b1] = acc
            total[m] = acc
            for i in inside:
                photons[m][i] = cum[times[i]]
        rho = r.final_state
    out = {}
    for m, (key, a, kappa) in enumerate(d["outputs"]):
        n = [values[2 * m][i] for i in range(len(times))]
        n2 = [values[2 * m + 1][i] for i in range(len(times))]
        out[key] = {"drive": [A * envelope(t) for t in times], "flux": [kappa * x for x in n], "n": n,
                    "g2": [divide(y, x * x) for x, y in zip(n, n2)], "photons": photons[m]}
        sys.stderr.write("%s: photons out of the port %s\n" % (key, fmt(total[m])))
    lam = float(np.min(np.linalg.eigvalsh(rho.full())))
    sys.stderr.write("direction %s: smallest eigenvalue of rho(t_end) %s, tr rho - 1 = %s\n" % (d["drive"], fmt(lam), fmt(float(np.real(rho.tr())) - 1)))
    return out


def main(out):
    started = time.perf_counter()
    wanted = set(q.rsplit(".", 1)[0] for q in QUANTITIES)
    dirs = dynamics_directions(dict(PARAMS), BASIS, int(FOCK))
    values = {}
    for k, d in enumerate(dirs):
        if wanted.intersection(trace_names(d)):
            values.update({"correlation": correlation, "spectrum": spectrum, "pulse": pulse}[KIND](d, AXIS))
        progress(k + 1, len(dirs), started, "direction driven at %s" % d["drive"])
    missing = [q for q in QUANTITIES if q.rsplit(".", 1)[0] not in values or q.rsplit(".", 1)[1] not in values[q.rsplit(".", 1)[0]]]
    if missing:
        sys.exit("the model yields no %s (it has %s)" % (", ".join(missing), ", ".join(sorted(values))))
    rows = []
    for i, x in enumerate(AXIS):
        rows.append([x] + [values[q.rsplit(".", 1)[0]][q.rsplit(".", 1)[1]][i] for q in QUANTITIES])
    header = HEADER + ["computed by this script with QuTiP %s, numpy %s, Python %s on %s, wall time %.3f s" % (
        qutip.__version__, np.__version__, sys.version.split()[0],
        datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), time.perf_counter() - started)]
    write_csv(out, header, COLUMNS, rows, [])
    return rows
`;
