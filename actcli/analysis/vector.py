"""Vector activations as distributions: probabilities, cross-entropy and its gradient."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actcli.core.activation import Activation

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def probabilities(act: Activation, z: Array) -> Array:
    """The distribution a vector activation's output stands for (exp of log-probabilities)."""
    out = np.asarray(act(z), dtype=np.float64)
    return np.exp(out) if act.record.log_output else out


def tsallis_entropy(p: Array, alpha: float) -> float:
    """H_α(p) = Σ (pᵢ − pᵢ^α) / (α(α − 1)), the entropy sparsemax (α = 2) and 1.5-entmax maximise."""
    return float(np.sum(p - p**alpha) / (alpha * (alpha - 1)))


def cross_entropy(act: Activation, z: Array, y: Array) -> float:
    """The loss whose gradient is p − y: the cross-entropy −Σ y log p(z) for the softmax family;
    for sparsemax and 1.5-entmax (whose p has exact zeros, where log p = −∞) the Fenchel–Young
    loss of their Tsallis entropy, L = ⟨z, p − y⟩ + H_α(p) − H_α(y) (the sparsemax loss of
    Martins & Astudillo 2016 for α = 2; Peters et al. 2019, §3)."""
    p = probabilities(act, z)
    alpha = act.record.tsallis
    if alpha is not None:
        return float(np.dot(z, p - y)) + tsallis_entropy(p, alpha) - tsallis_entropy(y, alpha)
    return float(-np.sum(y * np.log(p)))


def cross_entropy_gradient(act: Activation, z: Array, y: Array) -> Array:
    """∂/∂z of :func:`cross_entropy`: s − y for softmax, log_softmax, sparsemax and entmax15,
    −(s − y) for softmin, whose logits enter with the opposite sign."""
    s = probabilities(act, z)
    grad = s * np.sum(y) - y
    return act.record.logit_sign * grad


def seed_softmax_example(n: int = 1000, every: int = 20) -> tuple[Array, Array]:
    """The seed tutorial's picture: n logits linearly from 1 to 10, every 20th the true class.

    The target puts equal mass on the true classes (so it sums to 1, as cross-entropy needs)."""
    z = np.linspace(1.0, 10.0, n)
    y = np.zeros(n)
    y[::every] = 1.0
    return z, y / y.sum()
