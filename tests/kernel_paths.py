"""Both ways of computing f and f′ where an activation has a compiled loop (csrc/).

Where the compiled loops were built, an activation that has one runs it, and the tests that hold
f and f′ to their mpmath bars run it both ways: compiled, and with actcli's numpy kernels (the
fallback where no C compiler was at hand). Every other activation runs once, its only way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np

import actcli
from actcli.catalogue._common import COMPILED_CALLS, numpy_kernels

_PROBE = np.linspace(-5, 5, 11)


def has_compiled(spec: str, order: int) -> bool:
    """Whether f (order 0) or f′ (order 1) of ``spec`` runs a compiled loop, in either dtype."""
    if order not in (0, 1):
        return False
    act = actcli.get(spec)
    before = COMPILED_CALLS[0]
    for dtype in (np.float32, np.float64):
        x = _PROBE.astype(dtype)
        act(x) if order == 0 else act.derivative(x)
    return COMPILED_CALLS[0] != before


def paths(spec: str, order: int) -> list[str]:
    return ["compiled", "numpy"] if has_compiled(spec, order) else ["only"]


@contextlib.contextmanager
def kernel_path(path: str) -> Iterator[None]:
    """Run the body the way ``path`` names."""
    with numpy_kernels() if path == "numpy" else contextlib.nullcontext():
        yield
