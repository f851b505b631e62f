"""The shared numerics: one bisection, one sampler, runs of a mask."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np

import actcli
from actcli.core.numerics import bisect, pieces, runs


def test_bisect_finds_roots_to_the_last_bit() -> None:
    root = bisect(lambda t: t * t - 2.0, 0.0, 3.0)
    assert root is not None and abs(root - float(mp.sqrt(2))) <= math.ulp(1.4142135623730951)
    assert bisect(lambda t: t * t + 1.0, -1.0, 1.0) is None  # no sign change
    assert bisect(lambda t: t - 1.0, 1.0, 2.0) == 1.0  # an exact zero at an end


def test_bisect_polish_prefers_the_round_root_over_an_underflowed_one() -> None:
    """sigmoid″ = −σ′·tanh(x/2) underflows to 0 at subnormal x: the root reported is 0."""
    d2 = actcli.get("sigmoid")

    def g(t: float) -> float:
        return float(d2.derivative(t, order=2))

    raw = bisect(g, -0.003, 0.001)
    assert raw is not None and abs(raw) < 1e-300
    assert bisect(g, -0.003, 0.001, polish=True) == 0.0


def test_pieces_stop_one_ulp_short_of_each_cut() -> None:
    parts = pieces(-1.0, 1.0, 101, [0.0])
    assert len(parts) == 2
    assert parts[0][-1] == np.nextafter(0.0, -1.0) and parts[1][0] == np.nextafter(0.0, 1.0)
    assert parts[0][0] == -1.0 and parts[1][-1] == 1.0


def test_runs_of_a_mask() -> None:
    mask = np.array([True, True, False, True, False, False, True])
    assert runs(mask) == [(0, 1), (3, 3), (6, 6)]
    assert runs(np.zeros(4, dtype=bool)) == []
