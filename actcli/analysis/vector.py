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


def cross_entropy(act: Activation, z: Array, y: Array) -> float:
    p = probabilities(act, z)
    return float(-np.sum(y * np.log(p)))


def cross_entropy_gradient(act: Activation, z: Array, y: Array) -> Array:
    """∂/∂z of −Σ y log p(z): s − y for softmax and log_softmax, −(s − y) for softmin, whose
    logits enter with the opposite sign."""
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
