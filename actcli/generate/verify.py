"""Checking an export when it is generated: the numpy module's f and f′ against mpmath with
enough digits (the plain closed form and its SymPy derivative, not the rewritten one), and f′ at
each kink against the value actcli documents."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.generate.module import Verification, body_text
from actcli.generate.symbolic import Symbolic

if TYPE_CHECKING:
    from actcli.core.activation import Activation

WINDOW = (-50.0, 50.0)
FAR = (-1e4, -700.0, -100.0, -1e-6, 1e-6, 100.0, 700.0, 1e4)


def compiled(act: Activation, sym: Symbolic) -> dict[str, Any]:
    """The numpy body's functions. The text is generated here from an allow-listed syntax tree
    (names from a fixed table, constants printed with repr), never from the user's text itself."""
    namespace: dict[str, Any] = {}
    exec(compile(body_text("numpy", act, sym), "<actcli export>", "exec"), namespace)  # noqa: S102
    return namespace


def verify(act: Activation, sym: Symbolic) -> Verification:
    import sympy as sp

    ns = compiled(act, sym)
    values = dict(zip(sym.params, sym.defaults))
    f_ref = sp.lambdify(sym.x, sym.plain_f.subs(values), modules="mpmath")
    d_ref = sp.lambdify(sym.x, sym.plain_d1.subs(values), modules="mpmath")
    kinks = act.claims.kinks
    xs = np.unique(np.concatenate([np.linspace(*WINDOW, 401), np.array(FAR)]))
    kink_x = np.array([k.x for k in kinks], dtype=float)
    args = [np.float64(v) for v in sym.defaults]
    with np.errstate(all="ignore"):
        f = np.asarray(ns["_f"](xs, *args), dtype=float)
        d = np.asarray(ns["_df"](xs, *args), dtype=float)
        dk = np.asarray(ns["_df"](kink_x, *args), dtype=float) if kinks else np.array([])
    kinks_match = all(float(v) == float(k.derivative) for v, k in zip(dk, kinks))
    worst = {"f": (0.0, 0.0), "d": (0.0, 0.0)}
    for i, xv in enumerate(xs.tolist()):
        for key, ref, got in (("f", f_ref, f[i]), ("d", d_ref, d[i])):
            if key == "d" and np.any(np.abs(kink_x - xv) < 1e-9):
                continue  # the formula's value at a kink is not f′: the convention is checked above
            try:
                exact = _exact(ref, xv)
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                continue
            err = _error(exact, float(got))
            if err > worst[key][0]:
                worst[key] = (err, xv)
    return Verification(int(xs.size), (float(xs[0]), float(xs[-1])), worst["f"][0], worst["f"][1], worst["d"][0], worst["d"][1],
                        kinks_match)


def _exact(ref: Any, xv: float) -> Any:
    """ref(xv) to ~20 digits. A plain closed form cancels (1 + erf(u), 1 − tanh²(u)) by as many
    digits as the value lies below 1, and only values above float64's smallest normal number
    (1e-308) matter: 60 and 120 digits first, 400 and 800 where those disagree or give 0."""
    import mpmath

    for lo, hi in ((60, 120), (400, 800)):
        with mpmath.workdps(lo):
            a = ref(mpmath.mpf(xv))
        with mpmath.workdps(hi):
            b = ref(mpmath.mpf(xv))
            if b != 0 and abs(a - b) <= mpmath.mpf("1e-25") * abs(b):
                return +b
    return +b


def _error(exact: Any, got: float) -> float:
    """Relative error; inf for a wrong inf or a NaN."""
    import mpmath

    if not mpmath.isfinite(exact):
        return 0.0 if got == float(exact) else math.inf
    if not math.isfinite(got):
        return 0.0 if abs(exact) > mpmath.mpf(np.finfo(float).max) else math.inf
    # relative, measured against float64's smallest normal number where the value lies below it
    # (e^−10000 underflows to 0: no float64 code can do better)
    scale = max(abs(exact), mpmath.mpf(float(np.finfo(float).tiny)))
    return float(abs(mpmath.mpf(got) - exact) / scale)
