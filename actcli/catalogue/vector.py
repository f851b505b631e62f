"""Vector activations along one axis: softmax, log_softmax, softmin (their derivative is a Jacobian)."""

from __future__ import annotations

import math
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


# --- sparse distributions: sparsemax and 1.5-entmax -----------------------------------------


def _last(x: Array, axis: int) -> Array:
    return np.moveaxis(x, axis, -1)


def _limits(x: Array, p: Array) -> Array:
    """Rows with a NaN are NaN, and so are rows of −inf only (K ≥ 2, as softmax here); rows with +inf logits share the mass equally among them (the
    limit as those logits grow together, as softmax here); a single logit gets probability 1."""
    nan = np.isnan(x).any(axis=-1, keepdims=True) | (np.isneginf(x).all(axis=-1, keepdims=True) & (x.shape[-1] > 1))
    pos = np.isposinf(x)
    n_pos = pos.sum(axis=-1, keepdims=True)
    out = np.where(n_pos > 0, pos / np.maximum(n_pos, 1), p)
    if x.shape[-1] == 1:
        out = np.ones_like(x)
    return np.where(nan, np.nan, out)


def _shifted(x: Array, scale: float) -> Array:
    """scale·(x − max x), clipped below at −2: an entry 1 or more below the top is outside the
    support of both sparsemax and 1.5-entmax (τ ≥ top − 1 since no probability exceeds 1), so
    the clip changes no output and keeps −inf and huge gaps out of the sums."""
    finite_max = np.max(np.where(np.isfinite(x), x, -np.inf), axis=-1, keepdims=True)
    finite_max = np.where(np.isfinite(finite_max), finite_max, 0.0)
    with np.errstate(invalid="ignore"):
        return np.maximum(scale * (x - finite_max), -2.0)


def sparsemax(x: Array, axis: int) -> Array:
    """The Euclidean projection of z onto the probability simplex (Martins & Astudillo 2016,
    Algorithm 1): sort z decreasingly, the support is the largest k with 1 + k·z₍ₖ₎ > Σ_{j≤k} z₍ⱼ₎,
    τ = (Σ_{j≤k} z₍ⱼ₎ − 1)/k and pᵢ = max(zᵢ − τ, 0). Ties need no care: tied logits are either
    all in the support or all out."""
    z = _last(x, axis)
    y = _shifted(z, 1.0)
    srt = -np.sort(-y, axis=-1)
    k = np.arange(1, y.shape[-1] + 1, dtype=np.float64)
    cum = np.cumsum(srt, axis=-1)
    support = (1.0 + k * srt > cum).sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cum, support - 1, axis=-1) - 1.0) / support
    p = np.maximum(y - tau, 0.0)
    return np.moveaxis(_limits(z, p), -1, axis)


def entmax15(x: Array, axis: int) -> Array:
    """1.5-entmax, pᵢ = [zᵢ/2 − τ]₊² with τ the one value making Σ p = 1 (Peters, Niculae &
    Martins 2019, Algorithm 2, exact by sorting): for each k, τₖ is the root of the quadratic
    Σ_{j≤k} (y₍ⱼ₎ − τ)² = 1 on the top k entries of y = z/2, and the support is the k with τₖ ≤ y₍ₖ₎."""
    z = _last(x, axis)
    y = _shifted(z, 0.5)
    srt = -np.sort(-y, axis=-1)
    k = np.arange(1, y.shape[-1] + 1, dtype=np.float64)
    mean = np.cumsum(srt, axis=-1) / k
    mean_sq = np.cumsum(srt * srt, axis=-1) / k
    delta = (1.0 - k * (mean_sq - mean * mean)) / k
    tau = mean - np.sqrt(np.maximum(delta, 0.0))
    support = (tau <= srt).sum(axis=-1, keepdims=True)
    tau_star = np.take_along_axis(tau, support - 1, axis=-1)
    r = np.maximum(y - tau_star, 0.0)
    return np.moveaxis(_limits(z, r * r), -1, axis)


def _sparse_weights(p: Array, power: float) -> Array:
    """The weights s of the Jacobian diag(s) − s·sᵀ/Σs: the support indicator for sparsemax
    (power 0), √p for 1.5-entmax (power ½); 0 off the support (at its edge too, where pᵢ = 0:
    the value the entmax package's backward takes)."""
    pos = p > 0
    return np.where(pos, np.sqrt(np.where(pos, p, 0.0)), 0.0) if power else pos.astype(np.float64)


def _sparse_jacobian(p: Array, power: float) -> Array:
    s = _sparse_weights(p, power)
    total = s.sum()
    jac: Array = np.diag(s) - np.outer(s, s) / total
    return jac


def _sparse_vjp(p: Array, v: Array, axis: int, power: float) -> Array:
    s = _sparse_weights(p, power)
    total = np.sum(s, axis=axis, keepdims=True)
    out: Array = s * (v - np.sum(s * v, axis=axis, keepdims=True) / total)
    return out


def sparsemax_jacobian(x: Array) -> Array:
    """diag(s) − s·sᵀ/|S|, s the indicator of the support S = {i : pᵢ > 0}."""
    return _sparse_jacobian(sparsemax(x, -1), 0.0)


def sparsemax_vjp(x: Array, v: Array, axis: int) -> Array:
    """vᵀJ: on the support vᵢ − mean of v over the support, 0 elsewhere."""
    return _sparse_vjp(sparsemax(x, axis), v, axis, 0.0)


def entmax15_jacobian(x: Array) -> Array:
    """diag(s) − s·sᵀ/Σs with sᵢ = √pᵢ (Peters et al. 2019, Proposition 2 with α = 1.5)."""
    return _sparse_jacobian(entmax15(x, -1), 0.5)


def entmax15_vjp(x: Array, v: Array, axis: int) -> Array:
    """vᵀJ = s ⊙ (v − ⟨s, v⟩/Σs), sᵢ = √pᵢ."""
    return _sparse_vjp(entmax15(x, axis), v, axis, 0.5)


_ENTMAX_PEAK = 1 / (2 * math.sqrt(2))  # s₁s₂/(s₁ + s₂) at p = (½, ½)

SPARSEMAX = Record(
    name="sparsemax",
    summary="Vector: the Euclidean projection onto the simplex; exact zeros for low logits.",
    kind="vector",
    formula=Formula("sparsemax(z)ᵢ = max(zᵢ − τ(z), 0),  τ: Σⱼ max(zⱼ − τ, 0) = 1",
                    r"\mathrm{sparsemax}(z)_i = [z_i - \tau(z)]_+,\quad \textstyle\sum_j [z_j - \tau]_+ = 1"),
    derivative=Formula("∂pᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ/|S|),  sᵢ = 1 if pᵢ > 0 else 0, |S| = Σ sⱼ",
                       r"\frac{\partial p_i}{\partial z_j} = s_i\Bigl(\delta_{ij} - \frac{s_j}{|S|}\Bigr),\ s_i = \mathbb{1}[p_i > 0],\ "
                       r"|S| = \textstyle\sum_j s_j"),
    second=Formula("∂²pᵢ/∂zⱼ∂zₖ = 0 where the support is constant (piecewise linear)",
                   r"\frac{\partial^2 p_i}{\partial z_j \partial z_k} = 0 \text{ (constant support)}"),
    # in a unit's own logit (the others fixed): pᵢ is non-decreasing, piecewise linear; ∂pᵢ/∂zᵢ
    # takes the values 0 and 1 − 1/|S| (2 ≤ |S| ≤ K), so over every K ≥ 2 its range is [0, 1)
    claims=_static(Claims(Interval(0, 1, True, True), True, 0, Interval(0, 1, True, False))),
    cost="1 sort (K log K compare), K add, K compare, 1 divide",
    init=lambda p: Init("xavier", 1.0, "output layer: Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(
        "Martins & Astudillo (2016), From Softmax to Sparsemax, ICML, Algorithm 1 and Proposition 2",
        "entmax package (deep-spin/entmax): entmax.sparsemax; its backward uses the support p > 0",
    ),
    tsallis=2.0,
    fn=sparsemax,
    jacobian=sparsemax_jacobian,
    vjp=sparsemax_vjp,
    jacobian_entries=(
        ("1", Interval(0, 0, True, True), None),
        ("2", Interval(0, 0.5, True, True), Interval(-0.5, 0, True, True)),
        (">=3", Interval(0, 1, True, False), Interval(-0.5, 0, True, True)),
    ),
)


ENTMAX15 = Record(
    name="entmax15",
    summary="Vector: 1.5-entmax, between softmax and sparsemax; sparse and C¹.",
    kind="vector",
    aliases=("entmax_15", "entmax"),
    formula=Formula("entmax15(z)ᵢ = [zᵢ/2 − τ(z)]₊²,  τ: Σⱼ [zⱼ/2 − τ]₊² = 1",
                    r"\mathrm{entmax}_{1.5}(z)_i = \bigl[\tfrac{z_i}{2} - \tau(z)\bigr]_+^2,\quad \textstyle\sum_j [\tfrac{z_j}{2} - \tau]_+^2 = 1"),
    derivative=Formula("∂pᵢ/∂zⱼ = sᵢδᵢⱼ − sᵢsⱼ/Σₖ sₖ,  sᵢ = √pᵢ",
                       r"\frac{\partial p_i}{\partial z_j} = s_i\delta_{ij} - \frac{s_i s_j}{\sum_k s_k},\ s_i = \sqrt{p_i}"),
    second=Formula("piecewise smooth: ∂²p jumps where an entry enters or leaves the support",
                   r"\partial^2 p \text{ jumps where the support changes}"),
    # in a unit's own logit: pᵢ non-decreasing and C¹; ∂pᵢ/∂zᵢ = sᵢ(1 − sᵢ/Σs) ∈ [0, 1) over every
    # K ≥ 2 (→ 1 only as K → ∞ with pᵢ → 1)
    claims=_static(Claims(Interval(0, 1, True, True), True, 1, Interval(0, 1, True, False))),
    cost="1 sort (K log K compare), 3K add, 2K multiply, K sqrt",
    init=lambda p: Init("xavier", 1.0, "output layer: Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(
        "Peters, Niculae & Martins (2019), Sparse Sequence-to-Sequence Models, ACL, Algorithm 2 and Proposition 2",
        "entmax package (deep-spin/entmax): entmax.entmax15",
    ),
    tsallis=1.5,
    fn=entmax15,
    jacobian=entmax15_jacobian,
    vjp=entmax15_vjp,
    jacobian_entries=(
        ("1", Interval(0, 0, True, True), None),
        ("2", Interval(0, _ENTMAX_PEAK, True, True), Interval(-_ENTMAX_PEAK, 0, True, True)),
        (">=3", Interval(0, 1, True, False), Interval(-_ENTMAX_PEAK, 0, True, True)),
    ),
)
