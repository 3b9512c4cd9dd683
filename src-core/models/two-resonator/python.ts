/**
 * The Python script that recomputes a stored two-resonator study (seed 003) independently with
 * numpy/scipy: steady-state S-parameters of the coupled-mode equations (eq. 1) with the study's
 * loss law (eq. 2 and the local laws of Fig. 6), the effective model (eqs. 3–4), and time traces
 * with scipy.integrate.solve_ivp (simulate studies, and sweeps with method = time-domain).
 */
import type { ScriptContext } from '../script.js';

const EQUATIONS = `Paper: Y. Shen and S. Chen, "Nonreciprocal coupling induced by nonlocal loss engineering" (seed 003).
Equations (rates and angular frequencies in rad/s), in the frame rotating at the drive ω
(a_j(t) = ã_j e^{iωt}, Δ_j = ω − ω_j, G_j = γ_j + γ_j0 + iΔ_j):
  eq. 1   dã1/dt = −G1 ã1 + iκ_21 ã2 + √(2γ_1) s_1+
          dã2/dt = −G2 ã2 + iκ_12 ã1 + √(2γ_2) s_2+ − γ_extra ã2,      κ_12 = κ_21 = κ (reciprocal)
          ports: s_j− = −s_j+ + √(2γ_j) ã_j;  S21 = s_2−/s_1+ (drive port 1), S12 = s_1−/s_2+ (drive port 2)
  eq. 2   nonlocal loss on resonator 2: γ'_20 = γ_20 + γ_k |a1|/|a2|, i.e. the force −γ_k |a1| ã2/|ã2|
          (at ã2 = 0 it is Coulomb-like friction: ã2 stays at rest while |iκ_12 ã1 + √(2γ_2) s_2+| ≤ γ_k|a1|)
  Fig. 6  local Kerr-like loss γ_extra = γ_nl |a2|², local saturable loss γ_extra = γ_nl / (1 + |a2|²/I_sat)
  Fig. 5a ideal nonreciprocal coupling: linear, with κ_12 ≠ κ_21 given directly
  eq. 3   H_eff = [[iω_1 − γ_1 − γ_10, iκ], [iκ − γ_k e^{iδφ}, iω_2 − γ_2 − γ_20]],  δφ = φ2 − φ1 of the steady state
  eq. 4   η21 = 4γ1γ2 |iκ − γ_k e^{iδφ_f}|² / |D_f|²,  η12 = 4γ1γ2 κ² / |D_b|²,
          D = G1 G2 + κ² + iκγ_k e^{iδφ}  (det(H_eff − ωI); forward f: drive at port 1, backward b: port 2)
  isolation = 20 log10(|S12|/|S21|) dB, +inf where |S21| = 0 exactly (γ_k ≥ κ: ã2 never moves)
Defaults of 'auto' parameters: γ_i = √(γ_i0² + κ²), γ_k = κ, κ_21 = κ.`;

/**
 * The input envelopes of the coupled-mode time-domain runs in Python (two-resonator/dynamics/waveforms.ts):
 * smooth_step and envelope(w, amplitude). Shared with the tcmt-network script.
 */
export const PY_ENVELOPE = String.raw`
def smooth_step(x):
    """C∞ step: 0 for x ≤ 0, 1 for x ≥ 1 (NR Lab's smooth ramps and pulse edges)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    a = math.exp(-1 / x)
    b = math.exp(-1 / (1 - x))
    return a / (a + b)


def envelope(w, amplitude):
    """The input envelope σ(t) of a waveform (real, phase 0)."""
    A = w.get("amplitude", amplitude)
    if w["kind"] == "gaussian":
        t0, tau = w["t0"], w["tau"]
        return lambda t: A * math.exp(-((t - t0) ** 2) / (2 * tau * tau))
    if w["kind"] == "rect":
        start, end, rise = w["start"], w["start"] + w["duration"], w.get("rise", 0)
        if not rise:
            return lambda t: A if start <= t < end else 0.0
        return lambda t: A * smooth_step((t - start) / rise) * smooth_step((end - t) / rise)
    ramp = w.get("ramp", 0)
    if not ramp:
        return lambda t: A if t >= 0 else 0.0
    return lambda t: A * smooth_step(t / ramp)
`;

const PY_MODEL = String.raw`
# ---------------------------------------------------------------------------- the model


def resolve(p):
    """The 'auto' values, as NR Lab resolves them: γ_i = √(γ_i0² + κ²), γ_k = κ, κ_21 = κ."""
    q = dict(p)
    kappa = q["kappa"]
    if q["gamma_1"] == "auto":
        q["gamma_1"] = math.hypot(q["gamma_10"], kappa)
    if q["gamma_2"] == "auto":
        q["gamma_2"] = math.hypot(q["gamma_20"], kappa)
    if q["gamma_k"] == "auto":
        q["gamma_k"] = kappa
    if q["kappa_21"] == "auto":
        q["kappa_21"] = kappa
    return q


def point_params(index):
    """PARAMS with the axis values of grid point index, 'auto' values resolved at that point."""
    p = dict(PARAMS)
    for (key, _), value in zip(AXES, grid_point(index)):
        p[key] = value
    return resolve(p)


def couplings(p):
    """(κ_12, κ_21): asymmetric only for the ideal model."""
    return (p["kappa_12"], p["kappa_21"]) if p["loss"] == "ideal" else (p["kappa"], p["kappa"])


def G(p, j):
    return complex(p["gamma_1"] + p["gamma_10"], p["omega"] - p["omega_1"]) if j == 1 else complex(p["gamma_2"] + p["gamma_20"], p["omega"] - p["omega_2"])


def drives(p, port):
    """√(2γ_j) s_j+ for the driven port (the other is 0)."""
    s = p["amplitude"]
    return (math.sqrt(2 * p["gamma_1"]) * s, 0.0) if port == 1 else (0.0, math.sqrt(2 * p["gamma_2"]) * s)


def outputs(p, port, a1, a2):
    """(reflection, transmission) per unit input from s_j− = −s_j+ + √(2γ_j) a_j."""
    s = p["amplitude"]
    out1 = math.sqrt(2 * p["gamma_1"]) * a1 / s
    out2 = math.sqrt(2 * p["gamma_2"]) * a2 / s
    return (out1 - 1, out2) if port == 1 else (out2 - 1, out1)


def linear_state(p, port, load=0.0):
    """Eq. 1 at steady state with an extra linear loss load on resonator 2: a 2×2 linear system."""
    k12, k21 = couplings(p)
    M = np.array([[G(p, 1), -1j * k21], [-1j * k12, G(p, 2) + load]])
    a1, a2 = np.linalg.solve(M, np.array(drives(p, port), dtype=complex))
    return complex(a1), complex(a2)


def nonlocal_forward(p):
    """Drive at port 1 with the nonlocal loss. With a2 = r a1 the second line of eq. 1 reads
    (G2 x + γ_k) e^{iψ} = iκ for r = x e^{iψ}, x ≥ 0: |G2 x + γ_k|² = κ², a quadratic in x with exactly
    one positive root when γ_k < κ. When γ_k ≥ κ there is none: the friction holds ã2 at exactly 0."""
    kappa, gk = p["kappa"], p["gamma_k"]
    s1, _ = drives(p, 1)
    G1, G2 = G(p, 1), G(p, 2)
    if gk >= kappa:
        return s1 / G1, 0j
    g, d = G2.real, G2.imag
    coeffs = [g * g + d * d, 2 * g * gk, gk * gk - kappa * kappa]
    roots = [r.real for r in np.roots(coeffs) if abs(r.imag) <= 1e-12 * abs(r) and r.real > 0]
    if len(roots) != 1:
        raise ArithmeticError("expected one positive root of |G2 x + γ_k| = κ, got %r" % (roots,))
    x = roots[0]
    for _ in range(3):  # Newton polish of the root
        f = np.polyval(coeffs, x)
        df = np.polyval(np.polyder(coeffs), x)
        if df == 0:
            break
        x -= f / df
    phase = 1j * kappa / (G2 * x + gk)  # e^{iψ}, |e^{iψ}| = 1
    r = x * phase
    a1 = s1 / (G1 - 1j * kappa * r)
    return a1, r * a1


def local_states(p, port):
    """Kerr-like or saturable loss: eliminating a1 = (iκ a2 + √(2γ1)s1)/G1 gives a2 (A + γ_extra(|a2|²)) = B,
    A = G2 + κ²/G1, so u = |a2|² solves u |A + γ_extra(u)|² = |B|², a cubic in u (the saturable law after
    multiplying by (1 + u/I_sat)²). Every non-negative real root is a steady state; smallest |a2| first."""
    kappa, gnl = p["kappa"], p["gamma_nl"]
    G1, G2 = G(p, 1), G(p, 2)
    d1, d2 = drives(p, port)
    A = G2 + kappa * kappa / G1
    B = 1j * kappa * d1 / G1 + d2
    C = abs(B) ** 2
    poly = np.polynomial.polynomial
    if p["loss"] == "kerr":
        re, im = [A.real, gnl], [A.imag]  # A + γ_nl u
        cubic = poly.polysub(poly.polymul([0, 1], poly.polyadd(poly.polymul(re, re), poly.polymul(im, im))), [C])
        extra = lambda u: gnl * u  # noqa: E731
    else:
        Is = p["I_sat"]
        re, im = [A.real + gnl, A.real / Is], [A.imag, A.imag / Is]  # A (1 + u/I) + γ_nl
        grow = [1, 1 / Is]
        cubic = poly.polysub(poly.polymul([0, 1], poly.polyadd(poly.polymul(re, re), poly.polymul(im, im))), poly.polymul([C], poly.polymul(grow, grow)))
        extra = lambda u: gnl / (1 + u / Is)  # noqa: E731
    us = []
    for r in poly.polyroots(cubic):
        if abs(r.imag) > 1e-7 * max(abs(r), 1e-300) or r.real < 0:
            continue
        u = r.real
        dcubic = poly.polyder(cubic)
        for _ in range(4):  # Newton polish
            du = poly.polyval(u, dcubic)
            if du == 0:
                break
            u -= poly.polyval(u, cubic) / du
        u = max(u, 0.0)
        if not any(abs(u - v) <= 1e-12 * max(u, v) for v in us):
            us.append(u)
    if not us:
        raise ArithmeticError("no steady state found for the local nonlinear loss")
    states = []
    for u in sorted(us):
        a2 = B / (A + extra(u))
        a1 = (1j * kappa * a2 + d1) / G1
        states.append((a1, a2))
    return states


def steady_states(p, port):
    """All CW steady states driven at port (the one reached from low power first)."""
    loss = p["loss"]
    if loss in ("linear", "ideal"):
        return [linear_state(p, port)]
    if loss == "nonlocal":
        if port == 1:
            return [nonlocal_forward(p)]
        # driven at port 2: |a1| = κ|a2|/|G1|, so the nonlocal force is the linear loss γ_k κ/|G1|
        return [linear_state(p, 2, p["gamma_k"] * p["kappa"] / abs(G(p, 1)))]
    return local_states(p, port)


def effective_model(p):
    """Eqs. 3-4 for the nonlocal law at these parameters (NR Lab reports them for every loss law)."""
    q = dict(p, loss="nonlocal")
    f1, f2 = steady_states(q, 1)[0]
    b1, b2 = steady_states(q, 2)[0]
    kappa, gk = p["kappa"], p["gamma_k"]
    G1, G2 = G(p, 1), G(p, 2)
    stuck = f2 == 0
    four = 4 * p["gamma_1"] * p["gamma_2"]
    dphi_f = float("nan") if stuck else cmath.phase(f2) - cmath.phase(f1)
    dphi_b = cmath.phase(b2) - cmath.phase(b1)
    det = lambda dphi: abs(G1 * G2 + kappa * kappa + 1j * kappa * gk * cmath.exp(1j * dphi))  # noqa: E731
    k12 = 0.0 if stuck else abs(1j * kappa - gk * cmath.exp(1j * dphi_f))
    return {
        "kappa12_eff": k12,
        "kappa21_eff": kappa,
        "delta_phi": dphi_f,
        "eta12": four * kappa * kappa / det(dphi_b) ** 2,
        "eta21": 0.0 if stuck else four * k12 * k12 / det(dphi_f) ** 2,
    }


def isolation_db(S12, S21):
    a, b = abs(S12), abs(S21)
    if a == 0 and b == 0:
        return 0.0
    if b == 0:
        return math.inf
    if a == 0:
        return -math.inf
    return 20 * math.log10(a / b)


# ---------------------------------------------------------------------------- time domain


def amplitude_scale(p, amplitude):
    """The scale of the resonator amplitudes for an input of this amplitude (√J)."""
    return math.sqrt(2 * max(p["gamma_1"], p["gamma_2"])) * abs(amplitude) / min(p["gamma_1"] + p["gamma_10"], p["gamma_2"] + p["gamma_20"])


def rhs(p, port, sigma, delta):
    """Eq. 1 with the loss law as a real system y = [Re ã1, Im ã1, Re ã2, Im ã2].

    The nonlocal force −γ_k|a1| ã2/|ã2| is friction: once it outweighs what drives ã2, ã2 comes to rest
    at exactly 0 in finite time and stays there. At ã2 = 0 exactly the force balances the drive
    (Filippov's solution); below |ã2| = delta the unit phasor ã2/|ã2| is replaced by ã2/delta (a linear
    loss of rate γ_k|a1|/delta), so ã2 settles within ~delta of 0 instead of chattering around it.
    The stiff integrator (Radau) takes that in its stride; delta is 1e-12 of the amplitude scale."""
    k12, k21 = couplings(p)
    G1, G2 = G(p, 1), G(p, 2)
    r1, r2 = math.sqrt(2 * p["gamma_1"]), math.sqrt(2 * p["gamma_2"])
    loss, gk = p["loss"], p["gamma_k"]

    def f(t, y):
        a1 = complex(y[0], y[1])
        a2 = complex(y[2], y[3])
        s = sigma(t)
        s1, s2 = (s, 0.0) if port == 1 else (0.0, s)
        da1 = -G1 * a1 + 1j * k21 * a2 + r1 * s1
        f0 = 1j * k12 * a1 + r2 * s2  # what drives ã2, apart from its own loss
        g2 = G2
        if loss == "kerr":
            g2 = G2 + p["gamma_nl"] * abs(a2) ** 2
        elif loss == "saturable":
            g2 = G2 + p["gamma_nl"] / (1 + abs(a2) ** 2 / p["I_sat"])
        da2 = -g2 * a2 + f0
        if loss == "nonlocal":
            R = gk * abs(a1)
            if a2 != 0:
                da2 -= R * a2 / max(abs(a2), delta)
            elif abs(f0) <= R * (1 + 1e-12):
                da2 = 0j  # friction holds ã2 at rest
            else:
                da2 = f0 * (1 - R / abs(f0))
        return [da1.real, da1.imag, da2.real, da2.imag]

    return f


def decay_rates(p):
    k12, k21 = couplings(p)
    M = np.array([[-G(p, 1), 1j * k21], [1j * k12, -G(p, 2)]])
    return -np.linalg.eigvals(M).real


def cw_time_domain(p, port, rtol=1e-10):
    """S-parameters of one port from a CW input switched on at t = 0 (resonators empty), integrated with
    solve_ivp until, over a window of 10 slowest decay times, outputs and state change by < rtol."""
    A = p["amplitude"]
    window = 10 / min(decay_rates(p))
    scale = amplitude_scale(p, A)
    f = rhs(p, port, lambda t: A if t >= 0 else 0.0, 1e-12 * scale)
    r1, r2 = math.sqrt(2 * p["gamma_1"]), math.sqrt(2 * p["gamma_2"])
    y = np.zeros(4)
    t = 0.0
    for _ in range(1000):
        ts = np.linspace(t, t + window, 17)
        sol = solve_ivp(f, (t, t + window), y, method="Radau", t_eval=ts, rtol=1e-12, atol=1e-15 * scale)
        if not sol.success:
            raise ArithmeticError(sol.message)
        t += window
        y = sol.y[:, -1]
        dev = sol.y - y[:, None]
        d_out = max(np.max(r1 * np.hypot(dev[0], dev[1])), np.max(r2 * np.hypot(dev[2], dev[3])))
        norm = np.linalg.norm(y)
        change = max(d_out / A, np.max(np.linalg.norm(dev, axis=0)) / norm if norm > 0 else 0.0)
        if change <= rtol:
            break
    else:
        sys.stderr.write("warning: the CW run did not settle to %g\n" % rtol)
    return outputs(p, port, complex(y[0], y[1]), complex(y[2], y[3]))


def solve_point(p):
    """Every quantity NR Lab reports for one parameter point (keys as NR Lab's columns)."""
    fwd = steady_states(p, 1)
    bwd = steady_states(p, 2)
    S11, S21 = outputs(p, 1, *fwd[0])
    S22, S12 = outputs(p, 2, *bwd[0])
    if p["method"] == "time-domain":
        S11, S21 = cw_time_domain(p, 1)
        S22, S12 = cw_time_domain(p, 2)
    out = {
        "S21.abs": abs(S21), "S12.abs": abs(S12), "S11.abs": abs(S11), "S22.abs": abs(S22),
        "S21.dB": 20 * log10(abs(S21)), "S12.dB": 20 * log10(abs(S12)),
        "S11.dB": 20 * log10(abs(S11)), "S22.dB": 20 * log10(abs(S22)),
        "isolation_dB": isolation_db(S12, S21),
        "solutions": len(fwd) + len(bwd),
    }
    out.update(effective_model(p))
    return out


def simulate(p, w, port, times):
    """Time traces (Fig. 5): solve_ivp of eq. 1 from empty resonators, sampled at times."""
    A = p["amplitude"]
    sigma = envelope(w, A)
    scales = [w.get("tau", 0), w.get("rise", 0), w.get("ramp", 0)]
    shortest = min([s for s in scales if s > 0] or [times[-1]])
    scale = amplitude_scale(p, w.get("amplitude", A))
    sol = solve_ivp(rhs(p, port, sigma, 1e-12 * scale), (times[0], times[-1]), np.zeros(4), method="Radau", t_eval=times,
                    rtol=RTOL, atol=RTOL * 1e-3 * scale, max_step=shortest / 4)
    if not sol.success:
        raise ArithmeticError(sol.message)
    r1, r2 = math.sqrt(2 * p["gamma_1"]), math.sqrt(2 * p["gamma_2"])
    traces = {"input": [], "s1_out": [], "s2_out": [], "a1": [], "a2": []}
    for k, t in enumerate(times):
        a1 = complex(sol.y[0, k], sol.y[1, k])
        a2 = complex(sol.y[2, k], sol.y[3, k])
        s = sigma(t)
        s1, s2 = (s, 0.0) if port == 1 else (0.0, s)
        traces["input"].append(abs(s))
        traces["s1_out"].append(abs(-s1 + r1 * a1))
        traces["s2_out"].append(abs(-s2 + r2 * a2))
        traces["a1"].append(abs(a1))
        traces["a2"].append(abs(a2))
    return traces


def main(out):
    started = time.perf_counter()
    rows = []
    failed = []
    if KIND == "simulate":
        times = AXES[0][1]
        base = resolve(PARAMS)
        columns = {}
        for k, loss in enumerate(TRACES):
            p = dict(base, loss="ideal", kappa_12=0.0, kappa_21=base["kappa"]) if loss == "ideal" and base["loss"] != "ideal" else base
            for key, values in simulate(p, WAVEFORM, PORT, times).items():
                columns["%s.%s" % (loss, key)] = values
            progress(k + 1, len(TRACES), started, "%s loss" % loss)
        for i, t in enumerate(times):
            rows.append([t] + [columns[q][i] if q in columns else None for q in QUANTITIES])
    else:
        rows, failed = grid_rows(lambda index: solve_point(point_params(index)), started)
    header = HEADER + [computed_by("numpy %s, scipy %s" % (np.__version__, scipy.__version__), started)]
    write_csv(out, header, COLUMNS, rows, failed)
    return rows
`;

/** The standalone Python 3 script for a stored two-resonator study. */
export function twoResonatorScript(ctx: ScriptContext): string {
  const src = ctx.source;
  const table = ctx.table;
  const { assign: pyAssign, comment: pyComment, common: PY_COMMON, main: PY_MAIN } = ctx.py;
  const params = src.result.provenance.params;
  const simulate = src.study.kind === 'simulate';
  const out = src.result.output as { port?: number; waveform?: Record<string, unknown>; traces?: { loss: string }[] } | undefined;
  const method = simulate
    ? 'Time traces: scipy.integrate.solve_ivp (Radau, rtol = RTOL) of eq. 1 from empty resonators, sampled at the stored times; NR Lab integrates with a fixed-step low-storage Runge–Kutta scheme, so the traces agree to the integrators\' accuracy, not bit for bit.'
    : params.method === 'time-domain'
      ? "S-parameters: method = time-domain, as in NR Lab — a CW input from rest integrated with scipy.integrate.solve_ivp (Radau) until the outputs settle to 1e-10; the effective model (eqs. 3-4) and the number of steady states from the exact steady state."
      : 'S-parameters: exact CW steady states (numpy): linear solves, the quadratic of the nonlocal law (eq. 2), the cubic of a local law (numpy roots, Newton-polished).';
  const header = [
    ...ctx.header,
    '',
    EQUATIONS,
    '',
    method,
    `Loss law of this study: ${String(params.loss)}.`,
    '',
    `Requirements: Python 3, numpy, scipy (Debian: apt-get install python3-scipy).`,
    'Usage: python3 THIS_SCRIPT.py [OUT.csv] [--compare NRLAB.csv]   writes the CSV to OUT.csv, or to stdout (progress on stderr);',
    '  --compare then reports, per column, the largest deviation from NR Lab\'s CSV export of the same study.',
    "The CSV has the columns and number format of NR Lab's CSV export: the data rows (the lines not starting",
    "with #) should agree with it to the solvers' precision.",
  ];
  const csvHeader = [
    `NR Lab study recomputed by its exported script (two-resonator, numpy/scipy)`,
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
    '',
    'import numpy as np',
    '',
    'try:',
    '    import scipy',
    '    from scipy.integrate import solve_ivp',
    'except ImportError as e:',
    '    sys.exit("this script needs scipy (%s): apt-get install python3-scipy, or pip install scipy" % e)',
    '',
    '# ---------------------------------------------------------------------------- the study',
    '',
    pyAssign('PROJECT', src.project.title),
    pyAssign('STUDY', src.study.name),
    pyAssign('KIND', src.study.kind),
    pyAssign(
      'PARAMS',
      params,
      "Every parameter as NR Lab used it (the stored result's provenance): rad/s and 1/s; 'auto' as resolved in resolve().\nA swept parameter's value here is the base value; each grid point sets it from its axis.",
    ),
    pyAssign('AXES', axes, simulate ? 'The sample times (s) of the stored traces.' : 'The grid: (key, values) per axis, the first varying slowest. No axes: one point.'),
    pyAssign('QUANTITIES', table.quantities.map((q) => q.key), simulate ? 'Traces: <loss>.<input|s1_out|s2_out|a1|a2>, moduli.' : 'Columns after the axis values: the quantities NR Lab kept.'),
    pyAssign('COLUMNS', [...table.axes.map((a) => a.key), ...table.quantities.map((q) => q.key)]),
  ];
  if (simulate) {
    const losses = (out?.traces ?? []).map((t) => t.loss);
    parts.push(
      pyAssign('PORT', out?.port ?? src.study.simulate?.port ?? 1, 'The driven port.'),
      pyAssign('WAVEFORM', out?.waveform ?? {}, 'The input envelope NR Lab used (times in s).'),
      pyAssign('TRACES', losses.length ? losses : [String(params.loss)], "Systems simulated: the study's loss law, and 'ideal' (κ_12 = 0, κ_21 = κ) when compared."),
      pyAssign('RTOL', 1e-10, 'Relative tolerance of solve_ivp.'),
    );
  }
  parts.push(pyAssign('HEADER', csvHeader, 'Comment lines at the top of the CSV.'), PY_COMMON, PY_ENVELOPE, PY_MODEL, PY_MAIN);
  return parts.join('\n');
}
