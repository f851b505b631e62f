"""Shared pieces of the catalogue: kernel helpers, reference strings and init notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.record import INF, Claims, Init, Interval, Params

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def _at_inf(x: Array, y: Array, at_neg_inf: float, at_pos_inf: float) -> Array:
    """Replace results at ±inf by the function's limits (where a product gives inf·0)."""
    return np.where(x == -np.inf, at_neg_inf, np.where(x == np.inf, at_pos_inf, y))


def _nan_where_nan(x: Array, y: Array) -> Array:
    return np.where(np.isnan(x), np.nan, y)


def _zeros(x: Array) -> Array:
    return _nan_where_nan(x, np.zeros_like(x))


def _ones(x: Array) -> Array:
    return _nan_where_nan(x, np.ones_like(x))


def zero_d2(x: Array, **_: Any) -> Array:
    """Second derivative of a piecewise-linear function: 0 everywhere it exists (and at kinks)."""
    return _zeros(x)


TORCH = "PyTorch nn docs, https://pytorch.org/docs/stable/nn.html#non-linear-activations-weighted-sum-nonlinearity"


JAX = "jax.nn docs, https://jax.readthedocs.io/en/latest/jax.nn.html"


SEED = "the seed tutorial (a Chinese-language tutorial on neural-network basics and common activation functions), §2"


GAIN = "torch.nn.init.calculate_gain"


REAL = Interval(-INF, INF)


def _f(params: Params, name: str) -> float:
    value = params[name]
    assert isinstance(value, float)
    return value


def _he(note: str = "unbounded above (ReLU-like): the He (Kaiming) family") -> Init:
    return Init("he", None, note + "; torch's calculate_gain has no entry for it")


def _xavier(note: str = "bounded: the Xavier (Glorot) family") -> Init:
    return Init("xavier", None, note + "; torch's calculate_gain has no entry for it")


def _static(claims: Claims) -> Callable[[Params], Claims]:
    """Claims that do not depend on parameters."""
    return lambda params: claims
