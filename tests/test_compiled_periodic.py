"""The compiled loops of sine and Snake (csrc/periodic.c) where they do something of their own.

They reduce the angle w·x + c·π (c = 0, ½ for cos, ¼ for Snake′ = 2·sin²(αx + π/4)) by a
three-part π from the exact product w·x = p + e, and take sin of the reduced angle |t| ≤ 1.6 from
its Taylor series: to t²¹ in float64, to t¹⁵ where the result is rounded to float32. Below
|w·x| = 2⁴⁵ every value goes that way; a block holding a larger product takes the numpy kernel's
way for those elements. The tests:

- float64, within 16 units of 2⁻⁵³ relative to the exact value (a few roundings: two in the
  reduction, two in the series, the square and product after it; Snake's x + sin²(αx)/α can
  cancel by a factor of about 3 for x < 0), on random points, on the float64 neighbours of the
  zeros of f and f′ and the points found closest to them (where the reduction must be exact: the
  relative bar is what bites), and on both sides of the points where k changes;
- float32, within 0.501 ulp (correctly rounded but for results within 1e-11 of a halfway point:
  the float32 series stops where its error is below 8.4e-12 of sin t), on the same kinds of points;
- either side of |w·x| = 2⁴⁵ and far beyond (1e5 … 1.7e308), within the shared 1e-12 bar;
- a block holding an element beyond 2⁴⁵, ±inf or NaN: every other element is the same to the
  last bit as in a block without it.

The reference is mpmath with as many extra digits as w·x has before the point (so that w·x + π/4
is formed exactly enough) and Snake′ in its cancellation-free form 2·sin²(αx + π/4).
"""

from __future__ import annotations

import math
from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.catalogue._common import COMPILED, numpy_kernels
from tests.reference import ref_value

SPECS = ["sine", "sine:w0=0.1", "sine:w0=3.7", "snake", "snake:alpha=0.3", "snake:alpha=3"]
LIMIT = 2.0**45
F64_BAR = 16 * 2.0**-53
F32_BAR = 0.501

#: float64 x where w·x comes closest to a zero of f or f′ for its spacing (|w·x − (m − c)·π| at
#: 4e-6 to 8e-5 of w·ulp(x), found among m in (−30000, 30000) and 30,000 random m below 10¹²):
#: there the reduction's smallest terms decide the result (−22.78: Snake′ = 1.9e-37)
CLOSEST = {
    ("sine", 0): [40993979842.54152, 41209526604.29175, 51084761588.93506, -2429.4983187761068],
    ("sine", 1): [2449603904.332142, -2954.6155308236407, 2954.6155308236407, -2468.7158670684194],
    ("sine:w0=0.1", 0): [3671535638874.898, 24723135013488.453, 11188265172837.582],
    ("sine:w0=3.7", 1): [667225877661.0295, 625342673665.7285, 528046750952.9078],
    ("snake", 1): [-69100.1158138709, -45776.931953620275, 23033.371937956967, -22.776546738526],
    ("snake:alpha=0.3", 1): [235993.82214378729, -69829.75070766713, 4286332533787.6733],
    ("snake:alpha=3", 1): [-19146.174627915196, -23033.371937956967, 290565441323.36536],
}

pytestmark = pytest.mark.skipif(not {"sine", "sine_d1", "snake", "snake_d1"} <= COMPILED,
                                reason="the compiled periodic loops were not built")


def _w(spec: str) -> tuple[str, float]:
    act = actcli.get(spec)
    return act.name, float(act.params["w0" if act.name == "sine" else "alpha"])


def _exact(name: str, order: int, x: float, w: float) -> Any:
    xm, wm = mp.mpf(x), mp.mpf(w)
    digits = 60 + int(mp.log10(abs(wm * xm) + 1))
    with mp.workdps(digits):
        if name == "sine":
            value = mp.sin(wm * xm) if order == 0 else wm * mp.cos(wm * xm)
        else:
            value = xm + mp.sin(wm * xm) ** 2 / wm if order == 0 else 2 * mp.sin(wm * xm + mp.pi / 4) ** 2
    return +value


def _special(name: str, order: int, w: float, m: Any) -> Any:
    """The m-th zero of f (sine) or f′, and the m-th point where the reduction's k changes."""
    c = {("sine", 0): 0, ("sine", 1): mp.mpf(1) / 2, ("snake", 0): 0, ("snake", 1): mp.mpf(1) / 4}[(name, order)]
    return (m - c) * mp.pi / w, (m + mp.mpf(1) / 2 - c) * mp.pi / w


def _points(spec: str, order: int, dtype: type) -> np.ndarray:
    name, w = _w(spec)
    rng = np.random.default_rng(20261128)
    ms = [*range(-40, 41), *rng.integers(1, 10**12, 40).tolist(), *(-rng.integers(1, 10**6, 20)).tolist()]
    near = []
    for m in ms:
        for target in _special(name, order, w, mp.mpf(int(m))):
            with mp.workdps(60):
                v = dtype(float(target))
            near += [v, np.nextafter(v, dtype(np.inf)), np.nextafter(v, dtype(-np.inf))]
    xs: np.ndarray = np.concatenate([
        3.0 * rng.standard_normal(150),
        rng.uniform(-1e4, 1e4, 60),
        np.geomspace(1e-300 if dtype is np.float64 else 1e-40, LIMIT / w / 2, 60) * rng.choice([-1.0, 1.0], 60),
        np.array(near, dtype=np.float64),
        np.array(CLOSEST.get((spec, order), []), dtype=np.float64),
    ]).astype(dtype)
    return np.unique(xs[np.abs(xs.astype(np.float64) * w) < LIMIT])


def _ulp32(v: float) -> float:
    """The spacing of float32 numbers at v, rounded to float32 (also at its largest finite value)."""
    e = float(np.float32(v)) if abs(v) < float(np.finfo(np.float32).max) else float(np.finfo(np.float32).max)
    return max(2.0 ** (math.frexp(abs(e))[1] - 24), 2.0**-149)


def _errors(spec: str, order: int, xs: np.ndarray) -> list[tuple[float, float]]:
    """(x, error): relative (float64) or in ulps of the exact value rounded (float32)."""
    name, w = _w(spec)
    act = actcli.get(spec)
    got = act(xs) if order == 0 else act.derivative(xs)
    assert got.dtype == xs.dtype
    out = []
    for x, y in zip(xs, got):
        exact = _exact(name, order, float(x), w)
        if xs.dtype == np.float32:
            err = float(abs(mp.mpf(float(y)) - exact) / _ulp32(float(exact)))
        elif abs(exact) >= 1e-290:
            err = float(abs((mp.mpf(float(y)) - exact) / exact))
        else:  # the subnormal range: the shared bar's absolute form
            err = 0.0 if abs(mp.mpf(float(y)) - exact) <= 1e-302 else np.inf
        out.append((float(x), err))
    return out


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("spec", SPECS)
def test_float64_within_a_few_roundings_near_zeros_included(spec: str, order: int) -> None:
    xs = _points(spec, order, np.float64)
    bad = [(x, e / 2.0**-53) for x, e in _errors(spec, order, xs) if e > F64_BAR]
    assert not bad, (spec, order, f"{len(bad)} of {xs.size} over 16 units of 2^-53", bad[:5])


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("spec", SPECS)
def test_float32_correctly_rounded_but_near_halfway_points(spec: str, order: int) -> None:
    xs = _points(spec, order, np.float32)
    bad = [(x, e) for x, e in _errors(spec, order, xs) if e > F32_BAR]
    assert not bad, (spec, order, f"{len(bad)} of {xs.size} over 0.501 ulp", bad[:5])


def _neighbours(v: float, dtype: type, n: int = 3) -> list[float]:
    f = dtype(v)
    out = [f]
    for direction in (np.inf, -np.inf):
        g = f
        for _ in range(n):
            g = np.nextafter(g, dtype(direction))
            out.append(g)
    return [float(t) for t in out]


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_either_side_of_the_vector_range_and_far_beyond(spec: str, order: int, dtype: type) -> None:
    """|w·x| = 2⁴⁵ is where the loop hands over to the numpy kernel's way; beyond it, values up to
    the largest float (where w·x overflows and the angle is doubled back) hold the shared bar:
    1e-12 relative in float64 (the numpy kernel's way is accurate to an absolute rounding, so
    these points are away from zeros), 3 ulp in float32."""
    _, w = _w(spec)
    info = np.finfo(dtype)
    xs = [*_neighbours(LIMIT / w, dtype), *_neighbours(-LIMIT / w, dtype)]
    xs += [1e5 + 0.1, -123456.79, 1e20, -3e38, float(info.max), -float(info.max)]
    if dtype is np.float64:
        xs += [1e150, -1e300, 1.5 * 2.0**1021, float(np.nextafter(info.max, 0))]
    arr: np.ndarray = np.array(xs, dtype=dtype)
    bar = 1e-12 if dtype is np.float64 else 3.0
    bad = [(x, e) for x, e in _errors(spec, order, arr) if e > bar]
    assert not bad, (spec, order, bad)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_block_with_a_slow_element_agrees_with_one_without(spec: str, dtype: type) -> None:
    act = actcli.get(spec)
    rng = np.random.default_rng(11)
    xs: np.ndarray = (3.0 * rng.standard_normal(5000)).astype(dtype)
    odd = xs.copy()
    slots = [5, 1030, 1031, 2047, 4999]
    odd[slots] = [np.inf, -np.inf, np.nan, 1e20, np.finfo(dtype).max]
    keep = np.ones(xs.size, bool)
    keep[slots] = False
    for order in (0, 1):
        f = act if order == 0 else act.derivative
        assert np.array_equal(f(odd)[keep], f(xs)[keep]), (spec, order)
        with numpy_kernels():
            want = f(odd)
        got = f(odd)
        assert np.array_equal(np.isnan(got), np.isnan(want)), (spec, order, odd[np.isnan(got) != np.isnan(want)])


@pytest.mark.parametrize("order", [0, 1])
def test_the_numpy_kernel_at_the_top_binade(order: int) -> None:
    """The numpy kernel's split of x (Veltkamp's, of its mantissa) rounds up to 2¹⁰²⁴ = inf in the
    top binade: there x is scaled down first, as where w·x itself is near the limit (sin(0.1·x)
    at x = ±max was −0.548 where it is 0.868)."""
    act = actcli.get("sine:w0=0.1")
    xs = np.array([np.finfo(np.float64).max, -np.nextafter(np.finfo(np.float64).max, 0), 1.5 * 2.0**1021, 2.0**1023])
    with numpy_kernels():
        got = act(xs) if order == 0 else act.derivative(xs)
    for x, y in zip(xs, got):
        exact = ref_value("sine", order, float(x), act.params)
        assert abs((mp.mpf(float(y)) - exact) / exact) <= 1e-12, (x, y, exact)
