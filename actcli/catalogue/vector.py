"""Vector activations along one axis: softmax, log_softmax, softmin (their derivative is a Jacobian)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import SEED, TORCH, _static
from actcli.core.record import INF, Claims, Formula, Init, Interval, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def log_softmax(x: Array, axis: int) -> Array:
    """x − max − log1p(Σ_{j≠argmax} e^{x_j − max}): exact even when one logit dominates.

    A +inf logit takes all the mass (log-probability 0 there, −inf elsewhere); all −inf is NaN for
    K ≥ 2 (the limit depends on how the logits go there). With K = 1 the output is 0 for every
    logit, ±inf included (the limit of a constant), and NaN only for NaN.
    """
    if x.shape[axis] == 1:
        return np.where(np.isnan(x), np.nan, 0.0)
    m = np.max(x, axis=axis, keepdims=True)
    shifted = x - m
    e = np.exp(shifted)
    idx = np.argmax(x, axis=axis)
    np.put_along_axis(e, np.expand_dims(idx, axis), 0.0, axis=axis)
    rest = np.sum(e, axis=axis, keepdims=True)
    out = shifted - np.log1p(rest)
    # a +inf logit: inf − inf is NaN above; the limit is uniform over the +inf entries
    pos_inf = np.isposinf(x)
    n_inf = np.sum(pos_inf, axis=axis, keepdims=True)
    limit = np.where(pos_inf, -np.log(np.maximum(n_inf, 1)), -np.inf)
    return np.where(n_inf > 0, limit, out)


def softmax(x: Array, axis: int) -> Array:
    return np.exp(log_softmax(x, axis))


def softmin(x: Array, axis: int) -> Array:
    return softmax(-x, axis)


def _complement(s: Array, axis: int) -> Array:
    """1 − sᵢ for every i, computed as Σ_{j≠i} sⱼ where sᵢ is the largest (no cancellation).

    Elsewhere sᵢ ≤ 1/2, so 1 − sᵢ is exact to rounding. z = [0, 40, 0] gives 1 − s₁ = 2e^{−40}/(…)
    ≈ 8.5e-18 rather than 1 − 1 = 0."""
    idx = np.expand_dims(np.argmax(s, axis=axis), axis)
    others = s.copy()
    np.put_along_axis(others, idx, 0.0, axis=axis)
    out = 1.0 - s
    np.put_along_axis(out, idx, np.sum(others, axis=axis, keepdims=True), axis=axis)
    return out


def _centred(s: Array, v: Array, axis: int) -> Array:
    """vᵢ − ⟨v, s⟩ for every i without cancellation: v is shifted by its value at the largest sⱼ,
    so the dominant term drops out exactly."""
    idx = np.expand_dims(np.argmax(s, axis=axis), axis)
    w = v - np.take_along_axis(v, idx, axis=axis)
    out: Array = w - np.sum(w * s, axis=axis, keepdims=True)
    return out


def softmax_jacobian(x: Array) -> Array:
    """diag(s) − s sᵀ for a 1-D x; the diagonal as sᵢ·(1 − sᵢ) with 1 − sᵢ from the others."""
    s = softmax(x, -1)
    jac = -np.outer(s, s)
    np.fill_diagonal(jac, s * _complement(s, -1))
    return jac


def log_softmax_jacobian(x: Array) -> Array:
    """I − 1 sᵀ: ∂ log s_i/∂x_j = δ_ij − s_j (the diagonal 1 − sᵢ from the others)."""
    s = softmax(x, -1)
    jac = -np.broadcast_to(s, (x.shape[0], x.shape[0])).copy()
    np.fill_diagonal(jac, _complement(s, -1))
    return jac


def softmin_jacobian(x: Array) -> Array:
    return -softmax_jacobian(-x)


def softmax_vjp(x: Array, v: Array, axis: int) -> Array:
    """vᵀJ = s ⊙ (v − ⟨v, s⟩), the bracket computed without cancellation."""
    s = softmax(x, axis)
    out: Array = s * _centred(s, v, axis)
    return out


def log_softmax_vjp(x: Array, v: Array, axis: int) -> Array:
    """vᵀJ = v − s·Σv = v ⊙ (1 − s) − s ⊙ (Σv − v), with 1 − s from the others."""
    s = softmax(x, axis)
    total = np.sum(v, axis=axis, keepdims=True)
    idx = np.expand_dims(np.argmax(s, axis=axis), axis)
    others = v.copy()
    np.put_along_axis(others, idx, 0.0, axis=axis)
    rest = np.sum(others, axis=axis, keepdims=True)  # Σv without the dominant entry
    out: Array = v - s * total
    dominant = (np.take_along_axis(v, idx, axis=axis) * np.take_along_axis(_complement(s, axis), idx, axis=axis)
                - np.take_along_axis(s, idx, axis=axis) * rest)
    np.put_along_axis(out, idx, dominant, axis=axis)
    return out


def softmin_vjp(x: Array, v: Array, axis: int) -> Array:
    return -softmax_vjp(-x, v, axis)


SOFTMAX = Record(
    name="softmax",
    summary="Vector: turns K logits into a probability distribution. Output layer for multiclass.",
    kind="vector",
    aliases=("soft_max",),
    formula=Formula("softmax(z)ᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}", r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}"),
    derivative=Formula(
        "∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)  (Jacobian diag(s) − s·sᵀ)",
        r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j)",
    ),
    second=Formula(
        "∂²sᵢ/∂zⱼ∂zₖ = sᵢ[(δᵢⱼ − sⱼ)(δᵢₖ − sₖ) − sⱼ(δⱼₖ − sₖ)]",
        r"\frac{\partial^2 s_i}{\partial z_j \partial z_k} = s_i\left[(\delta_{ij} - s_j)(\delta_{ik} - s_k) - s_j(\delta_{jk} - s_k)\right]",
    ),
    # for a vector kind: range of each sᵢ, monotonic in its own logit, range of ∂sᵢ/∂zᵢ
    claims=_static(Claims(Interval(0, 1), True, None, Interval(0, 0.25, False, True))),
    cost="K exp, K add, K divide, 1 max (for stability)",
    init=lambda p: Init("xavier", 1.0, "output layer: Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(SEED, TORCH, "Goodfellow, Bengio & Courville (2016), Deep Learning, §6.2.2.3"),
    in_seed=True,
    fn=softmax,
    jacobian=softmax_jacobian,
    vjp=softmax_vjp,
)


LOG_SOFTMAX = Record(
    name="log_softmax",
    summary="Vector: log of softmax, computed stably; pair with negative log-likelihood.",
    kind="vector",
    aliases=("logsoftmax",),
    formula=Formula("log_softmax(z)ᵢ = zᵢ − ln Σⱼ e^{zⱼ}", r"\log\mathrm{softmax}(z)_i = z_i - \ln\sum_{j} e^{z_j}"),
    derivative=Formula("∂ℓᵢ/∂zⱼ = δᵢⱼ − sⱼ  (Jacobian I − 1·sᵀ, s = softmax(z))", r"\frac{\partial \ell_i}{\partial z_j} = \delta_{ij} - s_j"),
    second=Formula("∂²ℓᵢ/∂zⱼ∂zₖ = −sⱼ(δⱼₖ − sₖ)", r"\frac{\partial^2 \ell_i}{\partial z_j \partial z_k} = -s_j(\delta_{jk} - s_k)"),
    claims=_static(Claims(Interval(-INF, 0), True, None, Interval(0, 1))),
    cost="K exp, K add, 1 log1p, 1 max",
    init=lambda p: Init("xavier", 1.0, "output layer: Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(TORCH,),
    log_output=True,
    fn=log_softmax,
    jacobian=log_softmax_jacobian,
    vjp=log_softmax_vjp,
)


SOFTMIN = Record(
    name="softmin",
    summary="Vector: softmax(−z); puts the mass on the smallest inputs.",
    kind="vector",
    aliases=("soft_min",),
    formula=Formula("softmin(z)ᵢ = e^{−zᵢ} / Σⱼ e^{−zⱼ}", r"\mathrm{softmin}(z)_i = \frac{e^{-z_i}}{\sum_j e^{-z_j}}"),
    derivative=Formula("∂sᵢ/∂zⱼ = −sᵢ(δᵢⱼ − sⱼ)  (Jacobian −(diag(s) − s·sᵀ))", r"\frac{\partial s_i}{\partial z_j} = -s_i(\delta_{ij} - s_j)"),
    second=Formula("∂²sᵢ/∂zⱼ∂zₖ = sᵢ[(δᵢⱼ − sⱼ)(δᵢₖ − sₖ) − sⱼ(δⱼₖ − sₖ)]", r"\frac{\partial^2 s_i}{\partial z_j \partial z_k} = s_i\left[(\delta_{ij} - s_j)(\delta_{ik} - s_k) - s_j(\delta_{jk} - s_k)\right]"),
    claims=_static(Claims(Interval(0, 1), False, None, Interval(-0.25, 0, True, False))),
    cost="K exp, K add, K divide, 1 max",
    init=lambda p: Init("xavier", 1.0, "Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(TORCH,),
    logit_sign=-1,
    fn=softmin,
    jacobian=softmin_jacobian,
    vjp=softmin_vjp,
)
