#!/usr/bin/python3
"""QuTiP timing of g2(tau), the emission spectrum and a pulse for `npm run bench` (run with /usr/bin/python3).

stdin: {"params": {...}, "basis": "per-mode"|"total", "fock": N, "drive": "a"|"c",
        "tau": [...] (optional), "g2_solvers": ["me", "es"] (default ["me"]), "accurate": bool,
        "tight": bool (also time coherence_function_g2 'me' at atol 1e-14, rtol 1e-10, auto-tidyup off),
        "omega": [...] (optional), "spectrum_solver": "es"|"pi",
        "pulse": {"t0", "width", "amplitude", "t_end", "samples"} (optional, Gaussian from the vacuum)}
        params as bench/qutip_steadystate.py (model: bench/nrlab_qutip_model.py).
The drive at a ("a_to_c") observes c; at c ("c_to_a") observes a.
stdout: one JSON line ("seconds": wall time, "cpu": this process's CPU time, of the call only)
  {"qutip_version", "dim",
   "g2": {solver: {"seconds", "g2": [...]}},          coherence_function_g2(H, None, tau, c_ops, o, solver)
                                                      at QuTiP's default Options (atol 1e-8, rtol 1e-6);
                                                      the time includes its steadystate call
   "steadystate": {"seconds", "cpu"},                 qutip.steadystate(H, c_ops) alone (coherence_function_g2 calls it)
   "g2_tight": {"seconds", "cpu", "g2": [...]},      the same call at atol 1e-14, rtol 1e-10 without auto-tidyup
                                                      (an accuracy comparable to NR Lab's; timed)
   "g2_accurate": [...],                              mesolve of a rho_ss a+ / <n> at atol 1e-12, rtol 1e-10,
                                                      divided by <n>, without auto-tidyup (untimed)
   "spectrum": {"solver", "seconds", "S": [...]},     spectrum(H, omega, c_ops, o.dag(), o, solver)
   "pulse": {"seconds", "flux": [...], "photons"}}    mesolve from the vacuum, Omega(t) = amplitude
                                                      exp(-(t - t0)^2 / (2 width^2)) on the driven mode,
                                                      atol 1e-10, rtol 1e-8; flux = kappa_o <o+o>
Exit 2 with a message on stderr for bad input, 3 if QuTiP cannot be imported.
BLAS runs on one thread (set before numpy loads), so the times are one core's.
"""
import json
import math
import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def fail(msg, code=2):
    sys.stderr.write("qutip_dynamics: %s\n" % msg)
    sys.exit(code)


def numbers(req, key):
    v = req.get(key)
    if v is None:
        return None
    if not isinstance(v, list) or not v or not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in v):
        fail("'%s' must be a non-empty list of finite numbers" % key)
    return v


def main():
    try:
        import warnings
        import numpy as np
        # QuTiP 4.7 prints "Calibrating OpenMP threshold..." to stdout on its first import on a new
        # machine; stdout carries only this script's JSON answer.
        import contextlib
        with contextlib.redirect_stdout(sys.stderr):
            import qutip
        import nrlab_qutip_model as model
    except ImportError as e:
        fail("cannot import QuTiP (%s); run with /usr/bin/python3" % e, code=3)
    warnings.filterwarnings("ignore")
    try:
        req = json.loads(sys.stdin.read())
    except ValueError as e:
        fail("stdin is not valid JSON: %s" % e)
    if not isinstance(req, dict):
        fail("input must be a JSON object")
    unknown = set(req) - {"params", "basis", "fock", "drive", "tau", "g2_solvers", "accurate", "tight", "omega", "spectrum_solver", "pulse"}
    if unknown:
        fail("unknown keys: %s" % sorted(unknown))
    params = req.get("params")
    if not isinstance(params, dict) or any(k not in params for k in model.PARAM_KEYS_3):
        fail("'params' must hold %s" % (model.PARAM_KEYS_3,))
    basis, fock, drive = req.get("basis"), req.get("fock"), req.get("drive")
    if basis not in model.BASES:
        fail("'basis' must be 'per-mode' or 'total'")
    if isinstance(fock, bool) or not isinstance(fock, int) or not 2 <= fock <= 12:
        fail("'fock' must be an integer in [2, 12]")
    if drive not in ("a", "c"):
        fail("'drive' must be 'a' or 'c'")
    tau, omega = numbers(req, "tau"), numbers(req, "omega")
    solvers = req.get("g2_solvers", ["me"])
    if not isinstance(solvers, list) or any(s not in ("me", "es") for s in solvers):
        fail("'g2_solvers' must be a list of 'me', 'es'")
    sp_solver = req.get("spectrum_solver", "es")
    if sp_solver not in ("es", "pi"):
        fail("'spectrum_solver' must be 'es' or 'pi'")

    H, c_ops, ops = model.build(params, basis, fock, drive)
    o = ops["c"] if drive == "a" else ops["a"]
    out = {"qutip_version": qutip.__version__, "dim": H.shape[0]}
    if tau is not None:
        taus = np.array(tau, dtype=float)
        out["g2"] = {}
        for s in solvers:
            t0, c0 = time.perf_counter(), time.process_time()
            g2, _ = qutip.coherence_function_g2(H, None, taus, c_ops, o, solver=s)
            out["g2"][s] = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "g2": [float(np.real(x)) for x in g2]}
        t0, c0 = time.perf_counter(), time.process_time()
        qutip.steadystate(H, c_ops)
        out["steadystate"] = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0}
        if req.get("tight"):
            tidy = qutip.settings.auto_tidyup
            qutip.settings.auto_tidyup = False
            t0, c0 = time.perf_counter(), time.process_time()
            opts = qutip.Options(atol=1e-14, rtol=1e-10, nsteps=1000000)
            g2, _ = qutip.coherence_function_g2(H, None, taus, c_ops, o, solver="me", options=opts)
            out["g2_tight"] = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "g2": [float(np.real(x)) for x in g2]}
            qutip.settings.auto_tidyup = tidy
        if req.get("accurate"):
            # the same propagation as correlation_3op_1t, on the normalised state a rho a+ / <n>, so that
            # the absolute tolerance is small against the values even where <n> is tiny (isolating direction)
            # and without QuTiP's auto-tidyup, which drops matrix elements below 1e-12 from every product
            # (a rho a+ of the isolating direction is ~1e-5 and its small elements matter at 1e-5 relative)
            tidy = qutip.settings.auto_tidyup
            qutip.settings.auto_tidyup = False
            rho = qutip.steadystate(H, c_ops, use_rcm=True)
            n = float(np.real(qutip.expect(o.dag() * o, rho)))
            rho1 = o * rho * o.dag() / n
            opts = qutip.Options(atol=1e-12, rtol=1e-10, nsteps=100000)
            r = qutip.mesolve(H, rho1, taus, c_ops, [o.dag() * o], options=opts)
            out["g2_accurate"] = [float(np.real(x)) / n for x in r.expect[0]]
            qutip.settings.auto_tidyup = tidy
    if omega is not None:
        w = np.array(omega, dtype=float)
        t0, c0 = time.perf_counter(), time.process_time()
        S = qutip.spectrum(H, w, c_ops, o.dag(), o, solver=sp_solver)
        out["spectrum"] = {"solver": sp_solver, "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "S": [float(x) for x in np.real(S)]}
    pulse = req.get("pulse")
    if pulse is not None:
        if not isinstance(pulse, dict) or any(not isinstance(pulse.get(k), (int, float)) for k in ("t0", "width", "amplitude", "t_end", "samples")):
            fail("'pulse' must hold t0, width, amplitude, t_end, samples")
        H0, _, _ = model.build(dict(params, Omega=0.0), basis, fock, drive)
        d = ops[drive]
        t0p, wid, amp = float(pulse["t0"]), float(pulse["width"]), float(pulse["amplitude"])
        H_t = [H0, [d + d.dag(), lambda t, args: amp * math.exp(-((t - t0p) ** 2) / (2 * wid * wid))]]
        tlist = np.linspace(0.0, float(pulse["t_end"]), int(pulse["samples"]))
        if basis != "per-mode":
            fail("'pulse' needs the per-mode basis")
        rho0 = qutip.ket2dm(qutip.basis(H.dims[0], [0] * len(H.dims[0])))
        kappa = params["kappa_c"] if drive == "a" else params["kappa_a"]
        opts = qutip.Options(atol=1e-10, rtol=1e-8, nsteps=100000)
        t1, c1 = time.perf_counter(), time.process_time()
        r = qutip.mesolve(H_t, rho0, tlist, c_ops, [o.dag() * o], options=opts)
        secs, cpu = time.perf_counter() - t1, time.process_time() - c1
        flux = [float(kappa * x) for x in r.expect[0]]
        photons = float(np.trapz(flux, tlist))
        out["pulse"] = {"seconds": secs, "cpu": cpu, "flux": flux, "photons_trapezoid": photons}
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
