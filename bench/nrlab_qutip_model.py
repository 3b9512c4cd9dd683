"""Shared QuTiP model for NR Lab reference data (seed 000, eqs. 3-6).

Imported by bench/qutip_steadystate.py and test/fixtures/qutip/generate_steady_states.py.
Run with the system Python (/usr/bin/python3), which has QuTiP 4.7.1.

Conventions
- Modes in order (a, b, c) for 3 cavities, (a, c) for 2 cavities (no b; J_ab, J_bc, kappa_b unused).
- H = D_a a+a + D_b b+b + D_c c+c + U_a a+a+aa + U_c c+c+cc
      + (J_ac e^{i theta} a c+ + J_ab a b+ + J_bc c b+ + h.c.) + Omega (d + d+),  d = a or c.
- Collapse operators sqrt(kappa_j) j  (== eq. 4's kappa_j/2 L[j]).
- Drive at a ("a_to_c") observes c; drive at c ("c_to_a") observes a:
  T = kappa_a kappa_c <o+o>/Omega^2, g2 = <o+^2 o^2>/<o+o>^2, g3 = <o+^3 o^3>/<o+o>^3.
- Truncation "per-mode": N levels per mode (destroy(N) tensors);
  "total": n_a + n_b + n_c <= K (enr_destroy(dims=[K+1]*modes, excitations=K)).
- Operator products are normal-ordered (c+ a for a c+), which keeps the "total" basis exact up to shell K.
- Solver: qutip.steadystate(H, c_ops, use_rcm=True).
"""
import math
import time

import numpy as np
import qutip

PARAM_KEYS_3 = ("kappa_a", "kappa_b", "kappa_c", "Delta_a", "Delta_b", "Delta_c",
                "U_a", "U_c", "J_ab", "J_bc", "J_ac", "theta", "Omega")
PARAM_KEYS_2 = ("kappa_a", "kappa_c", "Delta_a", "Delta_c", "U_a", "U_c", "J_ac", "theta", "Omega")
BASES = ("per-mode", "total")


def mode_operators(cavities, basis, fock):
    """Annihilation operators {'a','b','c'} (no 'b' for 2 cavities) in the requested truncation."""
    names = ("a", "b", "c") if cavities == 3 else ("a", "c")
    m = len(names)
    if basis == "per-mode":
        ops = []
        for k in range(m):
            factors = [qutip.qeye(fock)] * m
            factors[k] = qutip.destroy(fock)
            ops.append(qutip.tensor(factors))
    elif basis == "total":
        ops = qutip.enr_destroy([fock + 1] * m, excitations=fock)
    else:
        raise ValueError("basis must be 'per-mode' or 'total'")
    return dict(zip(names, ops))


def build(params, basis, fock, drive):
    """Return (H, c_ops, ops) for the given parameters; drive is 'a' or 'c'."""
    p = params
    cav = int(p.get("cavities", 3))
    ops = mode_operators(cav, basis, fock)
    a, c = ops["a"], ops["c"]
    ad, cd = a.dag(), c.dag()
    H = (p["Delta_a"] * ad * a + p["Delta_c"] * cd * c
         + p["U_a"] * ad * ad * a * a + p["U_c"] * cd * cd * c * c)
    # Hopping terms are written normal-ordered (c+ a rather than a c+). Identical for the per-mode
    # tensor basis, but in the excitation-restricted ("total") basis the product a * c+ would apply c+
    # first and drop the couplings out of the top shell n_a + n_b + n_c = K.
    hop = p["J_ac"] * complex(math.cos(p["theta"]), math.sin(p["theta"])) * cd * a
    c_ops = [math.sqrt(p["kappa_a"]) * a, math.sqrt(p["kappa_c"]) * c]
    if cav == 3:
        b = ops["b"]
        bd = b.dag()
        H += p["Delta_b"] * bd * b
        hop += p["J_ab"] * bd * a + p["J_bc"] * bd * c
        c_ops.insert(1, math.sqrt(p["kappa_b"]) * b)
    H += hop + hop.dag()
    d = {"a": a, "c": c}[drive]
    H += p["Omega"] * (d + d.dag())
    return H, c_ops, ops


METHODS = ("direct", "iterative-lgmres", "iterative-gmres")


def solve(H, c_ops, method="direct"):
    """Steady state and wall time (seconds) of the steadystate call only.

    method: "direct" (sparse LU, reverse Cuthill-McKee ordering: QuTiP 4.7's default path), or
    "iterative-lgmres" / "iterative-gmres" with QuTiP's ILU preconditioner (use_precond=True),
    QuTiP 4.7's fastest solvers at these sizes (QuTiP 5.3's GMRES+ILU cannot be installed here)."""
    t0 = time.perf_counter()
    if method == "direct":
        rho = qutip.steadystate(H, c_ops, use_rcm=True)
    else:
        rho = qutip.steadystate(H, c_ops, method=method, use_precond=True)
    return rho, time.perf_counter() - t0


def _ev(op, rho):
    return float(np.real(qutip.expect(op, rho)))


def observables(params, ops, rho, drive, distributions=True):
    """T, g2, g3, mean_n for the observed mode (c if drive='a', a if drive='c'), plus
    <a+a>, <c+c> and photon-number distributions P_a, P_c (diagonal of the reduced state)."""
    o = ops["c"] if drive == "a" else ops["a"]
    od = o.dag()
    n1 = _ev(od * o, rho)
    n2 = _ev(od * od * o * o, rho)
    n3 = _ev(od * od * od * o * o * o, rho)
    out = {
        "T": params["kappa_a"] * params["kappa_c"] * n1 / params["Omega"] ** 2,
        "g2": n2 / n1 ** 2,
        "g3": n3 / n1 ** 3,
        "mean_n": n1,
    }
    if distributions:
        diag = np.real(rho.full().diagonal())
        for name in ("a", "c"):
            x = ops[name]
            occ = np.rint(np.real((x.dag() * x).full().diagonal())).astype(int)
            P = np.bincount(occ, weights=diag, minlength=occ.max() + 1)
            out["n_" + name] = _ev(x.dag() * x, rho)
            out["P_" + name] = [float(v) for v in P]
    return out
