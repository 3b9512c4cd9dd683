/**
 * The Python script that recomputes a stored tcmt-network study independently with numpy/scipy
 * (issue 18): per driven port, the CW steady state reached from rest (scipy.integrate.solve_ivp from
 * a = 0 until the state settles, then scipy.optimize.fsolve on the free coordinates, a resonator held
 * at a_i = 0 by its nonlocal loss kept there exactly), every steady state fsolve finds from several
 * starts (their number), the S-parameters, absorbed fractions and isolations; and the time traces of
 * simulate studies with solve_ivp (Radau). The spec is embedded as the stored JSON; the waveform
 * helpers and the grid/CSV/--compare helpers are the ones the two-resonator script uses.
 */
import type { ScriptContext } from '../script.js';
import { PY_ENVELOPE } from '../two-resonator/python.js';
import { tcmtSpecOf } from './schema.js';
import { canonicalTcmtSpec } from './spec.js';

const EQUATIONS = `Model: NR Lab's tcmt-network (docs/tcmt-network-format.md), seed 003's coupled-mode equations
(Y. Shen and S. Chen, "Nonreciprocal coupling induced by nonlocal loss engineering", eqs. 1-2) for N resonators.
Equations (rates and angular frequencies in rad/s, amplitudes a_i in √J, waves in √W), in the frame rotating
at the drive ω, for each resonator i:
  da_i/dt = −(g_i + Σ_kerr γ|a_i|² + Σ_sat γ/(1 + |a_i|²/P_sat)) a_i − i(ω − ω_i − χ_i|a_i|²) a_i
            + Σ_j iκ_ji a_j + √(2γ_i) s_i+ − R_i a_i/|a_i|,
  g_i = γ_i + γ_i0 + Σ_linear γ,   R_i = Σ_nonlocal γ_k |a_ref|   (the nonlocal loss γ_k|a_ref|/|a_i| of eq. 2),
  a coupling {i, j, κ_ij, κ_ji}: da_j/dt ∋ iκ_ij a_i, da_i/dt ∋ iκ_ji a_j (κ_ij = κ_ji = kappa when reciprocal),
  ports: port k at resonator ports[k−1], s_k− = −s_k+ + √(2γ_i) a_i;  S_qp = s_q−/s_p+ (port p driven by a real s_p+).
The nonlocal force −R_i a_i/|a_i| is Coulomb friction, undefined at a_i = 0: there a_i stays at rest (Filippov's
sliding solution) while |f0_i| ≤ R_i (1 + 1e-12), f0_i = Σ_j iκ_ji a_j + √(2γ_i) s_i+ being what drives a_i besides
its own losses; else da_i/dt = f0_i (1 − R_i/|f0_i|). A steady state may hold such a resonator at a_i = 0 exactly
(|f0_i| ≤ R_i): then S at its port is exactly that of a_i = 0 (e.g. S21 = 0 of seed 003 at γ_k ≥ κ on resonance).
Quantities per driven port p (1-based): S{q}{p}.abs = |S_qp|, S{q}{p}.dB = 20 log10|S_qp|, absorbed_p = 1 − Σ_q|S_qp|²,
solutions_p = the number of distinct steady states found; per port pair p < q: isolation_pq = 20 log10(|S_pq|/|S_qp|)
(0 where both are 0, ±inf where one is).`;

const PY_MODEL = String.raw`
# ---------------------------------------------------------------------------- the network

STICK_RTOL = 1e-12  # relative slack of the stick test |f0_i| ≤ R_i during a run
STICK_SLACK = 1e-10  # relative slack of the stick test of a polished steady state (rounding in f0 and R)


class Network:
    """The spec compiled to arrays: g_i (γ_i + γ_i0 + linear losses), √(2γ_i), χ_i, Σ Kerr-like γ,
    the saturable and nonlocal terms, K[to, from] = κ of da_to/dt ∋ iκ a_from, the port resonators."""

    def __init__(self, spec):
        res = spec["resonators"]
        self.names = [r["name"] for r in res]
        idx = self.names.index
        n = self.n = len(res)
        losses = [r.get("losses", []) for r in res]
        self.w = np.array([float(r["omega"]) for r in res])
        self.g = np.array([r["gamma"] + r.get("gamma0", 0.0) + sum(l["gamma"] for l in ls if l["kind"] == "linear") for r, ls in zip(res, losses)], float)
        self.root = np.sqrt(2 * np.array([float(r["gamma"]) for r in res]))
        self.chi = np.array([float(r.get("chi", 0.0)) for r in res])
        self.kerr = np.array([sum(l["gamma"] for l in ls if l["kind"] == "kerr") for ls in losses], float)
        self.sat = [(i, l["gamma"], l["P_sat"]) for i, ls in enumerate(losses) for l in ls if l["kind"] == "saturable"]
        self.nl_terms = [(i, idx(l["reference"]), l["gamma"]) for i, ls in enumerate(losses) for l in ls if l["kind"] == "nonlocal"]
        self.nl_res = [i for i, ls in enumerate(losses) if any(l["kind"] == "nonlocal" and l["gamma"] > 0 for l in ls)]
        self.K = np.zeros((n, n))
        for c in spec.get("couplings", []):
            kij = c["kappa_ij"] if "kappa_ij" in c else c["kappa"]
            kji = c["kappa_ji"] if "kappa_ji" in c else c["kappa"]
            self.K[idx(c["j"]), idx(c["i"])] += kij
            self.K[idx(c["i"]), idx(c["j"])] += kji
        self.ports = [idx(p) for p in spec["ports"]]
        self.linear = (not self.chi.any() and not self.kerr.any() and all(gam == 0 for _, gam, _ in self.sat)
                       and all(gam == 0 for _, _, gam in self.nl_terms))

    def parts(self, a, omega, s):
        """(everything but the nonlocal force, f0, R) at the complex amplitudes a with input waves s."""
        u = a.real ** 2 + a.imag ** 2
        gl = self.g + self.kerr * u
        for i, gam, P in self.sat:
            gl[i] += gam / (1 + u[i] / P)
        own = -(gl + 1j * (omega - self.w - self.chi * u)) * a
        f0 = self.root * s + 1j * (self.K @ a)
        R = np.zeros(self.n)
        for i, ref, gam in self.nl_terms:
            R[i] += gam * abs(a[ref])
        return own, f0, R

    def force(self, a, omega, s, delta=0.0):
        """da/dt. The nonlocal phasor a_i/|a_i| is a_i/max(|a_i|, delta) (delta = 0: exact); at a_i = 0 exactly Filippov's value."""
        own, f0, R = self.parts(a, omega, s)
        F = own + f0
        for i in self.nl_res:
            if a[i] != 0:
                F[i] -= R[i] * a[i] / max(abs(a[i]), delta)
            else:
                m = abs(f0[i])
                F[i] = 0j if m <= R[i] * (1 + STICK_RTOL) + 1e-290 else f0[i] * (1 - R[i] / m)
        return F

    def drive(self, port, value):
        s = np.zeros(self.n, complex)
        s[self.ports[port - 1]] = value
        return s

    def linear_matrix(self, omega):
        """M of da/dt = M a + √(2γ) s for the linear part (rotating frame at omega)."""
        return np.diag(-self.g - 1j * (omega - self.w)) + 1j * self.K


def scales(net, omega, A, port):
    """(amplitude scale √(2γ_p)|s_+|/min g_i, rate scale max(|ω|, g_i, |ω_i|, |κ|)), as NR Lab's solver."""
    gmin = float(np.min(net.g))
    rate = max([abs(omega)] + [float(x) for x in net.g] + [abs(float(x)) for x in net.w] + [abs(float(x)) for x in net.K.ravel()])
    a = net.root[net.ports[port - 1]] * A / gmin if gmin > 0 else A
    return a, rate


def to_real(z):
    out = np.empty(2 * len(z))
    out[0::2] = z.real
    out[1::2] = z.imag
    return out


def to_complex(y):
    return y[0::2] + 1j * y[1::2]


# ---------------------------------------------------------------------------- steady states


def from_rest(net, omega, A, port):
    """The CW input switched on at t = 0 on empty resonators, integrated with solve_ivp (Radau) in windows of
    10 slowest linear decay times until the state changes by < SETTLE relative over a window (at most 400).
    The nonlocal phasor is regularised below |a_i| < 1e-12 of the amplitude scale: a resonator the friction
    holds ends within ~1e-12 of 0, and polish() then sets it to 0 exactly. Returns (a, settled)."""
    rates = -np.linalg.eigvals(net.linear_matrix(omega)).real
    slow = float(np.min(rates)) if len(rates) else 0.0
    window = 10 / (slow if slow > 0 and math.isfinite(slow) else float(np.min(net.g)))
    sc_a, _ = scales(net, omega, A, port)
    s = net.drive(port, A)
    delta = 1e-12 * sc_a
    f = lambda t, y: to_real(net.force(to_complex(y), omega, s, delta))  # noqa: E731
    y = np.zeros(2 * net.n)
    t = 0.0
    for _ in range(400):
        sol = solve_ivp(f, (t, t + window), y, method="Radau", rtol=RUN_RTOL, atol=RUN_RTOL * 1e-3 * sc_a)
        if not sol.success:  # as NR Lab: a run that does not settle, the other states still searched
            sys.stderr.write("warning: the run from rest failed (%s)\n" % sol.message)
            return to_complex(y), False
        prev, y, t = y, sol.y[:, -1], t + window
        change = np.max(np.abs(y - prev)) / max(np.max(np.abs(y)), 1e-12 * sc_a)
        if not math.isfinite(change):
            break
        if change < SETTLE:
            return to_complex(y), True
    return to_complex(y), False


def polish(net, omega, A, port, a0, stuck):
    """scipy.optimize.fsolve on the free coordinates with the resonators in stuck held at a_i = 0 exactly.
    Accepted when max|F| ≤ NEWTON_TOL·(rate·max(|a|, 1e-6 scale) + √(2γ_p)|s_+|) (NR Lab's acceptance) and the
    nonlocal regimes hold: a stuck resonator's |f0_i| ≤ R_i (1 + STICK_SLACK), a free one clear of 0. None otherwise."""
    sc_a, rate = scales(net, omega, A, port)
    s = net.drive(port, A)
    free = [i for i in range(net.n) if i not in stuck]
    unit = max(float(np.max(np.abs(a0))), 1e-12 * sc_a) if len(a0) else sc_a

    def full(v):
        a = np.zeros(net.n, complex)
        a[free] = to_complex(v) * unit
        return a

    def F(v):
        return to_real(net.force(full(v), omega, s)[free]) / (rate * unit)

    a = full(np.zeros(2 * len(free)))
    if free:
        v0 = to_real(np.asarray(a0, complex)[free]) / unit
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # fsolve's "not making good progress" at the last digits
            v = fsolve(F, v0, xtol=1e-15, maxfev=200 * (2 * len(free) + 1))
        a = full(v)
    resid = float(np.max(np.abs(net.force(a, omega, s)[free]))) if free else 0.0
    big = float(np.max(np.abs(a)))
    tol = NEWTON_TOL * (rate * max(big, sc_a * 1e-6) + net.root[net.ports[port - 1]] * A)
    if not (resid <= tol) or not math.isfinite(big):
        return None
    _, f0, R = net.parts(a, omega, s)
    for i in net.nl_res:
        if i in stuck:
            if not abs(f0[i]) <= R[i] * (1 + STICK_SLACK) + 1e-290:
                return None
        elif not abs(a[i]) > 1e-9 * max(big, sc_a * 1e-12):
            return None
    return {"a": a, "stuck": sorted(stuck)}


def same(x, y, sc_a):
    if x["stuck"] != y["stuck"]:
        return False
    d = float(np.max(np.abs(to_real(x["a"]) - to_real(y["a"]))))
    return d <= 1e-7 * max(float(np.max(np.abs(to_real(x["a"])))), float(np.max(np.abs(to_real(y["a"])))), 1e-12 * sc_a)


def steady_states(net, omega, A, port):
    """(the state reached from rest, every distinct steady state found). A linear network has one, from a
    linear solve. Otherwise: the run from rest, polished (its nonlocal resonators within 1e-6 of the largest
    |a| held at 0, else all free); then fsolve from scaled copies of that state and from START_COUNT
    pseudo-random starts (a quarter as many, at least 4, for each non-empty set of stuck nonlocal resonators),
    for every free/stuck combination of the nonlocal resonators."""
    if net.linear:
        try:
            a = np.linalg.solve(net.linear_matrix(omega), -net.root * net.drive(port, A))
        except np.linalg.LinAlgError:  # a lossless resonance: no steady state (NR Lab: nan, 0 states)
            return None, []
        st = {"a": a, "stuck": []}
        return st, [st]
    sc_a, _ = scales(net, omega, A, port)
    found = []

    def add(st):
        if st is None:
            return None
        for o in found:
            if same(o, st, sc_a):
                return o
        found.append(st)
        return st

    rest, settled = from_rest(net, omega, A, port)
    primary = None
    if settled:
        big = float(np.max(np.abs(rest)))
        held = [i for i in net.nl_res if abs(rest[i]) <= 1e-6 * big]
        st = polish(net, omega, A, port, rest, held)
        if st is None and held:
            st = polish(net, omega, A, port, rest, [])
        primary = add(st)
    rng = np.random.default_rng(START_SEED)
    base = rest if np.all(np.isfinite(rest)) and np.max(np.abs(rest)) > 0 else None
    for k in range(1 << len(net.nl_res)):
        mask = [i for b, i in enumerate(net.nl_res) if k & (1 << b)]
        starts = [base * f for f in (1, 0.1, 0.3, 3, 10)] if base is not None else []
        for _ in range(START_COUNT if not mask else max(4, START_COUNT // 4)):
            r = sc_a * 10 ** (3 * rng.random(net.n) - 2)
            starts.append(r * np.exp(2j * math.pi * rng.random(net.n)))
        for a0 in starts:
            add(polish(net, omega, A, port, a0, mask))
    if primary is None and found:  # the run did not settle: the lowest-energy state, as NR Lab
        primary = min(found, key=lambda st: float(np.sum(np.abs(st["a"]) ** 2)))
    return primary, found


def s_parameters(net, A, port, a):
    """S_qp at every port q of a state driven at port p: (−δ_qp s_+ + √(2γ_q) a_q)/s_+."""
    return [((-A if q == port - 1 else 0.0) + net.root[i] * a[i]) / A for q, i in enumerate(net.ports)]


def solve_point(net, omega, A):
    """Every quantity NR Lab reports for one parameter point (keys as NR Lab's columns)."""
    P = len(net.ports)
    out = {}
    for p in range(1, P + 1):
        primary, found = steady_states(net, omega, A, p)
        S = s_parameters(net, A, p, primary["a"]) if primary is not None else [complex("nan")] * P
        for q in range(1, P + 1):
            m = abs(S[q - 1])
            out["S%d%d.abs" % (q, p)] = m
            out["S%d%d.dB" % (q, p)] = 20 * log10(m)
        out["absorbed_%d" % p] = 1 - sum(abs(z) ** 2 for z in S)
        out["solutions_%d" % p] = len(found)
    for p in range(1, P + 1):
        for q in range(p + 1, P + 1):
            a, b = out["S%d%d.abs" % (p, q)], out["S%d%d.abs" % (q, p)]
            out["isolation_%d%d" % (p, q)] = 0.0 if a == 0 and b == 0 else 20 * log10(divide(a, b))
    return out


# ---------------------------------------------------------------------------- time domain


def simulate(net, omega, A, port, w, times):
    """Time traces from empty resonators: solve_ivp (Radau, rtol = RTOL) with the input envelope w at port,
    the nonlocal phasor regularised below 1e-12 of the amplitude scale (see from_rest), sampled at times."""
    env = envelope(w, A)
    phase = cmath.exp(1j * w.get("phase", 0.0))
    peak = abs(w.get("amplitude", A))
    gmin = float(np.min(net.g))
    scale = float(np.max(net.root[net.ports])) * peak / gmin if gmin > 0 else peak
    scale = scale if scale > 0 else 1.0
    res = net.ports[port - 1]
    s = np.zeros(net.n, complex)

    def f(t, y):
        s[res] = env(t) * phase
        return to_real(net.force(to_complex(y), omega, s, 1e-12 * scale))

    widths = [w.get("tau", 0), w.get("rise", 0), w.get("ramp", 0)]
    shortest = min([x for x in widths if x > 0] or [times[-1] - times[0]])
    # a rectangular pulse without a rise jumps: integrate piecewise between its edges
    edges = [w["start"], w["start"] + w["duration"]] if w["kind"] == "rect" and not w.get("rise", 0) else []
    cuts = [times[0]] + [e for e in edges if times[0] < e < times[-1]] + [times[-1]]
    y = np.zeros(2 * net.n)
    ys = np.zeros((2 * net.n, len(times)))
    for t0, t1 in zip(cuts[:-1], cuts[1:]):
        last = t1 == times[-1]
        idx = [k for k, t in enumerate(times) if t0 <= t and (t < t1 or (last and t <= t1))]
        sol = solve_ivp(f, (t0, t1), y, method="Radau", t_eval=[times[k] for k in idx], rtol=RTOL, atol=RTOL * 1e-3 * scale,
                        max_step=shortest / 4, dense_output=True)
        if not sol.success:
            raise ArithmeticError(sol.message)
        ys[:, idx] = sol.y
        y = sol.sol(t1)
    traces = {"input": []}
    for q in range(len(net.ports)):
        traces["s%d_out" % (q + 1)] = []
    for i in range(net.n):
        traces["a%d" % (i + 1)] = []
    for k, t in enumerate(times):
        a = to_complex(ys[:, k])
        sig = env(t) * phase
        traces["input"].append(abs(sig))
        for q, i in enumerate(net.ports):
            traces["s%d_out" % (q + 1)].append(abs((-sig if q == port - 1 else 0.0) + net.root[i] * a[i]))
        for i in range(net.n):
            traces["a%d" % (i + 1)].append(abs(a[i]))
    return traces


def point_params(index):
    """PARAMS with the axis values of grid point index."""
    p = dict(PARAMS)
    for (key, _), value in zip(AXES, grid_point(index)):
        p[key] = value
    return p


def main(out):
    started = time.perf_counter()
    net = Network(SPEC)
    rows = []
    failed = []
    if KIND == "simulate":
        times = AXES[0][1]
        columns = {}
        for key, values in simulate(net, float(PARAMS["omega"]), float(PARAMS["amplitude"]), PORT, WAVEFORM, times).items():
            columns["%s.%s" % (TRACE, key)] = values
        progress(1, 1, started, "port %d driven" % PORT)
        for i, t in enumerate(times):
            rows.append([t] + [columns[q][i] if q in columns else None for q in QUANTITIES])
    else:
        def solve(index):
            p = point_params(index)
            return solve_point(net, float(p["omega"]), float(p["amplitude"]))

        rows, failed = grid_rows(solve, started)
    header = HEADER + [computed_by("numpy %s, scipy %s" % (np.__version__, scipy.__version__), started)]
    write_csv(out, header, COLUMNS, rows, failed)
    return rows
`;

/** The standalone Python 3 script for a stored tcmt-network study (sweep, point or simulate). */
export function tcmtNetworkScript(ctx: ScriptContext): string {
  const src = ctx.source;
  const table = ctx.table;
  const { assign: pyAssign, comment: pyComment, common: PY_COMMON, main: PY_MAIN } = ctx.py;
  const params = src.result.provenance.params;
  const simulate = src.study.kind === 'simulate';
  // the spec as the model read it (defaults written out; a bad one is a ParameterError naming spec.…)
  const spec = JSON.parse(canonicalTcmtSpec(tcmtSpecOf(params))) as unknown;
  const out = src.result.output as { port?: number; waveform?: Record<string, unknown>; traces?: { loss: string }[] } | undefined;
  const method = simulate
    ? "Time traces: scipy.integrate.solve_ivp (Radau, rtol = RTOL, steps ≤ a quarter of the input's shortest time scale) from empty resonators, sampled at the stored times; NR Lab integrates with a fixed-step low-storage Runge–Kutta scheme (and snaps a resonator its friction holds to a = 0), so the traces agree to the integrators' accuracy (~1e-6 of the peak), not bit for bit."
    : [
        'Steady states, per driven port: the state reached from rest (what NR Lab reports) — the CW input switched on at t = 0',
        'on empty resonators, scipy.integrate.solve_ivp (Radau, rtol = RUN_RTOL) in windows of 10 slowest linear decay times until',
        'the state changes by < SETTLE relative over a window, then scipy.optimize.fsolve on the free coordinates, a nonlocal',
        'resonator the friction held (|a_i| ≤ 1e-6 of the largest) kept at a_i = 0 exactly, to a residual ≤ NEWTON_TOL of the',
        "rates (NR Lab's acceptance) — and the other steady states fsolve finds from scaled copies of it and START_COUNT",
        'pseudo-random starts, for every free/stuck combination of the nonlocal resonators (solutions_p counts them; like',
        "NR Lab's, this search is not a proof that no branch is missed; with more starts it may find a state NR Lab's misses,",
        'e.g. near a fold). A linear network: one linear solve. Both polish to rounding, so the S-parameters agree with',
        "NR Lab's to ~1e-12 relative or better (the tests ask for 1e-8).",
      ].join('\n');
  const header = [
    ...ctx.header,
    '',
    EQUATIONS,
    '',
    method,
    '',
    'Requirements: Python 3, numpy, scipy (Debian: apt-get install python3-scipy).',
    'Usage: python3 THIS_SCRIPT.py [OUT.csv] [--compare NRLAB.csv]   writes the CSV to OUT.csv, or to stdout (progress on stderr);',
    "  --compare then reports, per column, the largest deviation from NR Lab's CSV export of the same study.",
    "The CSV has the columns and number format of NR Lab's CSV export: the data rows (the lines not starting",
    "with #) should agree with it to the solvers' precision.",
  ];
  const csvHeader = [
    'NR Lab study recomputed by its exported script (tcmt-network, numpy/scipy)',
    `project: ${src.project.title}`,
    `study: ${src.study.name} (id ${src.study.id}, ${src.study.kind})`,
  ];
  const axes = table.axes.map((a) => [a.key, Array.from(a.values)]);
  const parts = [
    '#!/usr/bin/env python3',
    '# -*- coding: utf-8 -*-',
    pyComment(header.join('\n')),
    '',
    'import cmath',
    'import datetime',
    'import math',
    'import os',
    'import sys',
    'import time',
    'import warnings',
    '',
    'import numpy as np',
    '',
    'try:',
    '    import scipy',
    '    from scipy.integrate import solve_ivp',
    '    from scipy.optimize import fsolve',
    'except ImportError as e:',
    '    sys.exit("this script needs scipy (%s): apt-get install python3-scipy, or pip install scipy" % e)',
    '',
    '# ---------------------------------------------------------------------------- the study',
    '',
    pyAssign('PROJECT', src.project.title),
    pyAssign('STUDY', src.study.name),
    pyAssign('KIND', src.study.kind),
    pyAssign('SPEC', spec, 'The network (docs/tcmt-network-format.md) as the stored result used it: resonators, loss terms, couplings, ports.'),
    pyAssign(
      'PARAMS',
      Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'spec')),
      "Every parameter as NR Lab used it (the stored result's provenance): omega (rad/s), amplitude |s_+| (√W); spec is SPEC.\nA swept parameter's value here is the base value; each grid point sets it from its axis.",
    ),
    pyAssign('AXES', axes, simulate ? 'The sample times (s) of the stored traces.' : 'The grid: (key, values) per axis, the first varying slowest. No axes: one point.'),
    pyAssign(
      'QUANTITIES',
      table.quantities.map((q) => q.key),
      simulate ? 'Traces: network.<input|s{k}_out|a{i}>, moduli (s{k}_out: port k, a{i}: the i-th resonator of SPEC).' : 'Columns after the axis values: the quantities NR Lab kept.',
    ),
    pyAssign('COLUMNS', [...table.axes.map((a) => a.key), ...table.quantities.map((q) => q.key)]),
  ];
  if (simulate) {
    parts.push(
      pyAssign('PORT', out?.port ?? src.study.simulate?.port ?? 1, 'The driven port.'),
      pyAssign('WAVEFORM', out?.waveform ?? {}, 'The input envelope NR Lab used (times in s).'),
      pyAssign('TRACE', out?.traces?.[0]?.loss ?? 'network', 'The name of the trace (the columns <TRACE>.<field>).'),
      pyAssign('RTOL', 1e-10, 'Relative tolerance of solve_ivp (absolute: RTOL·1e-3 of the amplitude scale).'),
    );
  } else {
    parts.push(
      pyAssign('RUN_RTOL', 1e-10, 'Relative tolerance of solve_ivp in the run from rest (absolute: RUN_RTOL·1e-3 of the amplitude scale).'),
      pyAssign('SETTLE', 1e-8, 'The run from rest has settled when the state changes by less than this (relative) over a window, as in NR Lab.'),
      pyAssign('NEWTON_TOL', 1e-11, "A steady state is accepted when max|da/dt| ≤ NEWTON_TOL·(rate·|a| + √(2γ)|s_+|), NR Lab's acceptance."),
      pyAssign('START_COUNT', 24, 'Pseudo-random starts of the search for the other steady states (all free); START_SEED seeds them.'),
      pyAssign('START_SEED', 12345),
    );
  }
  parts.push(pyAssign('HEADER', csvHeader, 'Comment lines at the top of the CSV.'), PY_COMMON, PY_ENVELOPE, PY_MODEL, PY_MAIN);
  return parts.join('\n');
}
