#!/usr/bin/python3
"""QuTiP steady-state timing helper for `npm run bench` (run with /usr/bin/python3).

stdin:  {"params": {...}, "basis": "per-mode"|"total", "fock": N, "drive": "a"|"c", "repeat": R,
         "method": "direct" (default) | "iterative-lgmres" | "iterative-gmres" (ILU-preconditioned)}
        params: cavities (2 or 3, default 3), kappa_a, kappa_c, Delta_a, Delta_c, U_a, U_c, J_ac, theta,
        Omega, and for 3 cavities also kappa_b, Delta_b, J_ab, J_bc (ignored when cavities = 2).
stdout: one JSON line {"qutip_version", "dim", "seconds": [...], "T", "g2", "g3", "mean_n"};
        seconds = wall time of each qutip.steadystate call only (operators are built once, untimed).
Exit 2 with a message on stderr for bad input, 3 if QuTiP cannot be imported. Model: bench/nrlab_qutip_model.py.
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def fail(msg, code=2):
    sys.stderr.write("qutip_steadystate: %s\n" % msg)
    sys.exit(code)


def parse(req, PARAM_KEYS_2, PARAM_KEYS_3):
    if not isinstance(req, dict):
        fail("input must be a JSON object")
    unknown = set(req) - {"params", "basis", "fock", "drive", "repeat", "method"}
    if unknown:
        fail("unknown keys: %s" % sorted(unknown))
    params = req.get("params")
    if not isinstance(params, dict):
        fail("'params' must be an object")
    cav = params.get("cavities", 3)
    if cav not in (2, 3) or isinstance(cav, bool):
        fail("params.cavities must be 2 or 3")
    required = PARAM_KEYS_3 if cav == 3 else PARAM_KEYS_2
    missing = [k for k in required if k not in params]
    if missing:
        fail("params missing: %s" % missing)
    unknown = set(params) - set(PARAM_KEYS_3) - {"cavities"}
    if unknown:
        fail("unknown params: %s" % sorted(unknown))
    for k in required:
        v = params[k]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            fail("params.%s must be a finite number" % k)
    for k in ("kappa_a", "kappa_b", "kappa_c"):
        if k in required and params[k] < 0:
            fail("params.%s must be >= 0" % k)
    if params["Omega"] == 0:
        fail("params.Omega must be nonzero (T and g2 divide by it)")
    basis = req.get("basis")
    if basis not in ("per-mode", "total"):
        fail("'basis' must be 'per-mode' or 'total'")
    fock = req.get("fock")
    if isinstance(fock, bool) or not isinstance(fock, int) or not (2 <= fock <= 40):
        fail("'fock' must be an integer in [2, 40]")
    drive = req.get("drive")
    if drive not in ("a", "c"):
        fail("'drive' must be 'a' or 'c'")
    repeat = req.get("repeat", 1)
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not (1 <= repeat <= 1000):
        fail("'repeat' must be an integer in [1, 1000]")
    method = req.get("method", "direct")
    return params, basis, fock, drive, repeat, method


def main():
    try:
        # QuTiP 4.7 prints "Calibrating OpenMP threshold..." to stdout on its first import on a new
        # machine; stdout carries only this script's JSON answer.
        import contextlib
        with contextlib.redirect_stdout(sys.stderr):
            import qutip
        import nrlab_qutip_model as model
    except ImportError as e:
        fail("cannot import QuTiP (%s); run with /usr/bin/python3" % e, code=3)
    try:
        req = json.loads(sys.stdin.read())
    except ValueError as e:
        fail("stdin is not valid JSON: %s" % e)
    params, basis, fock, drive, repeat, method = parse(req, model.PARAM_KEYS_2, model.PARAM_KEYS_3)
    if method not in model.METHODS:
        fail("'method' must be one of %s" % (model.METHODS,))
    H, c_ops, ops = model.build(params, basis, fock, drive)
    seconds = []
    rho = None
    for _ in range(repeat):
        rho, dt = model.solve(H, c_ops, method)
        seconds.append(dt)
    obs = model.observables(params, ops, rho, drive, distributions=False)
    out = {"qutip_version": qutip.__version__, "dim": H.shape[0], "seconds": seconds}
    out.update({k: (v if math.isfinite(v) else None) for k, v in obs.items()})
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
