"""Independent high-precision references for the gated activations, sparsemax and 1.5-entmax.

Written from the definitions, not from actcli's code: each gate g is its textbook formula in
mpmath at 40 digits, and g′ is mpmath's own numerical differentiation of that g (never an analytic
derivative that could share a mistake with actcli's); f(a, b) = u(a)·g(c(b)) and its partials
follow from them. gpt-oss's clamped SwiGLU is transcribed from gpt_oss/torch/model.py (commit
7b58334): the gate half clamped above at ``limit``, the linear half to [−limit, limit] plus 1.

sparsemax is solved as the Euclidean projection onto the simplex: τ by bisection on
Σ max(zᵢ − τ, 0) = 1 (a decreasing function of τ, bracketed by [max z − 1, max z]); 1.5-entmax
by bisection on Σ max(zᵢ/2 − τ, 0)² = 1 (bracket [max z/2 − 1, max z/2]). Neither sorts. Their
Jacobians are central differences of these solutions at 60 digits with a step of 1e-20.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath as mp

mp.mp.dps = 40

Mpf = Any

OSS_ALPHA = mp.mpf("1.702")
OSS_LIMIT = mp.mpf(7)
K = mp.sqrt(2 / mp.pi)
C = mp.mpf("0.044715")


def _sig(x: Mpf) -> Mpf:
    return 1 / (1 + mp.exp(-x))


GATES: dict[str, Callable[[Mpf], Mpf]] = {
    "glu": _sig,
    "reglu": lambda b: b if b > 0 else mp.mpf(0),
    "geglu": lambda b: b * mp.ncdf(b),
    "geglu_tanh": lambda b: b / (1 + mp.exp(-2 * K * (b + C * b**3))),  # b/2·(1 + tanh u), no cancellation
    "swiglu": lambda b: b * _sig(b),
    "swiglu_oss": lambda b: min(b, OSS_LIMIT) * _sig(OSS_ALPHA * min(b, OSS_LIMIT)),
}


def linear(name: str, a: Mpf) -> Mpf:
    """u(a): a, except gpt-oss's clamp(a, −limit, limit) + 1."""
    if name == "swiglu_oss":
        return min(max(a, -OSS_LIMIT), OSS_LIMIT) + 1
    return a


def linear_d(name: str, a: Mpf) -> Mpf:
    if name == "swiglu_oss":
        return mp.mpf(1) if -OSS_LIMIT <= a <= OSS_LIMIT else mp.mpf(0)  # torch.clamp: bounds included
    return mp.mpf(1)


def gate(name: str, b: float) -> Mpf:
    return GATES[name](mp.mpf(b))


def gate_d(name: str, b: float) -> Mpf:
    """g′(b) by mpmath's numerical differentiation of g (away from kinks; tests skip those), at
    400 digits: σ′(100) ≈ e^{−100} is a difference of values near 1, and e^{−700} of ones near 1."""
    with mp.workdps(400):
        return +mp.diff(GATES[name], mp.mpf(b))


def product(name: str, a: float, b: float) -> Mpf:
    return linear(name, mp.mpf(a)) * gate(name, b)


def partials(name: str, a: float, b: float) -> tuple[Mpf, Mpf]:
    return linear_d(name, mp.mpf(a)) * gate(name, b), linear(name, mp.mpf(a)) * gate_d(name, b)


def _bisect(h: Callable[[Mpf], Mpf], lo: Mpf, hi: Mpf) -> Mpf:
    """The root of a decreasing h on [lo, hi] (h(lo) ≥ 0 ≥ h(hi)), to the working precision."""
    for _ in range(mp.mp.prec + 10):
        mid = (lo + hi) / 2
        if h(mid) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def sparsemax(z: Sequence[Any]) -> list[Mpf]:
    zs = [mp.mpf(v) for v in z]
    top = max(zs)
    tau = _bisect(lambda t: mp.fsum(max(v - t, 0) for v in zs) - 1, top - 1, top)
    return [max(v - tau, mp.mpf(0)) for v in zs]


def entmax15(z: Sequence[Any]) -> list[Mpf]:
    ys = [mp.mpf(v) / 2 for v in z]
    top = max(ys)
    tau = _bisect(lambda t: mp.fsum(max(v - t, 0) ** 2 for v in ys) - 1, top - 1, top)
    return [max(v - tau, mp.mpf(0)) ** 2 for v in ys]


VECTOR: dict[str, Callable[[Sequence[Any]], list[Mpf]]] = {"sparsemax": sparsemax, "entmax15": entmax15}


def jacobian(name: str, z: Sequence[float]) -> list[list[Mpf]]:
    """∂pᵢ/∂zⱼ by central differences of the bisection solution at 60 digits, h = 1e-20."""
    f = VECTOR[name]
    with mp.workdps(60):
        h = mp.mpf("1e-20")
        cols = []
        for j in range(len(z)):
            up = [mp.mpf(v) + (h if i == j else 0) for i, v in enumerate(z)]
            down = [mp.mpf(v) - (h if i == j else 0) for i, v in enumerate(z)]
            cols.append([(p - q) / (2 * h) for p, q in zip(f(up), f(down))])
        return [[+cols[j][i] for j in range(len(z))] for i in range(len(z))]
