"""The float32 fast paths of issue 13's kernels, each held to the 3-ulp bar against mpmath where
they are weakest: TeLU's float32 tanh (its worst float32 point, found by an exhaustive search of
[−80, 100]) and its x·eˣ tail below −20; tanhshrink's series bound for results rounded to float32
(2⁻¹², both sides of it); sine's and Snake's one-sin path when w·x is exact in float64 (large |x|
included), and the general path when it is not; the piecewise kernels at their kinks' neighbours
and at ±inf; and the results of a block that takes a slow way equal to a block that does not."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import actcli
from tests.kernel_paths import kernel_path, paths
from tests.reference import ref_value


def _ulps(spec: str, order: int, xs: np.ndarray) -> list[tuple[float, float]]:
    act = actcli.get(spec)
    got = act(xs) if order == 0 else act.derivative(xs)
    assert got.dtype == xs.dtype
    out = []
    for x, y in zip(xs, got):
        exact = ref_value(act.name, order, float(x), act.params)
        e = xs.dtype.type(float(exact))
        if e == 0:
            out.append((float(x), 0.0 if abs(float(y)) <= 3e-45 else np.inf))
            continue
        out.append((float(x), float(abs(mp.mpf(float(y)) - exact)) / float(np.spacing(np.abs(e)))))
    return out


def _near(v: float, n: int = 6) -> list[float]:
    """v and its n float32 neighbours on each side."""
    f = np.float32(v)
    ups, downs = [f], [f]
    for _ in range(n):
        ups.append(np.nextafter(ups[-1], np.float32(np.inf)))
        downs.append(np.nextafter(downs[-1], np.float32(-np.inf)))
    return [float(t) for t in downs[1:] + ups]


CASES = {
    # the worst float32 point of TeLU's f on [−80, 100] (2.57 ulp), the x·eˣ tail and its edge
    "telu": [-3.4082973, -0.18186238, -19.999998, -20.0, -20.000002, -50.0, -87.5, -95.0, -103.0, 7.0, 7.5],
    # tanhshrink: both sides of the float32 series bound 2⁻¹², and tiny values
    "tanhshrink": [*_near(2.0**-12), *_near(-(2.0**-12)), 1e-20, -3e-30, 0.15, 0.5, 1.7],
    # sine (ω₀ = 30) and Snake (α = 1): w·x exact in float64, one sin; large |x| keeps full accuracy
    "sine": [0.1, -1.0471975, 3.1415927, 1e5, -123456.79, 1e20, 3e38, 1e-30],
    "snake": [0.7853982, -0.7853982, 2.3561945, 1e5, -1e7, 1e30],
    "sine:w0=0.1": [0.1, 31.415926, -1e5, 1e20],  # 0.1 has 53 significant bits: the general way
}


@pytest.mark.parametrize(("spec", "order", "path"), [(s, o, p) for s in CASES for o in (0, 1) for p in paths(s, o)])
def test_float32_fast_paths_within_3_ulp(spec: str, order: int, path: str) -> None:
    xs = np.array(CASES[spec], dtype=np.float32)
    with kernel_path(path):
        bad = [(x, u) for x, u in _ulps(spec, order, xs) if u > 3.0]
    assert not bad, (spec, order, bad)


PIECEWISE = ["prelu", "prelu:weight=2.5", "prelu:weight=-0.5", "rrelu", "sparse_sigmoid", "hard_mish",
             "hard_elish", "srelu", "srelu:t_left=-1,a_left=0.2,t_right=1,a_right=0.3",
             "srelu:t_left=-2,a_left=0,t_right=1,a_right=0", "isrlu", "isrlu:alpha=0.3", "isru", "isru:alpha=4",
             "bent_identity", "gaussian", "smish", "logish"]


@pytest.mark.parametrize("spec", PIECEWISE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_kinks_neighbours_and_infinities(spec: str, dtype: type) -> None:
    """Each side of every threshold the formulas switch at, within 3 ulp (float32) or 1e-12
    (float64) of mpmath; ±inf give values that are not NaN, NaN gives NaN."""
    act = actcli.get(spec)
    points = {0.0, -1.0, 1.0, -2.0, 2.5}
    points |= {float(v) for v in act.params.values() if isinstance(v, float)}
    xs = []
    for p in sorted(points):
        f = dtype(p)
        for direction in (-np.inf, np.inf):
            g = f
            for _ in range(3):
                g = np.nextafter(g, dtype(direction))
                xs.append(g)
    xs_arr: np.ndarray = np.array(xs, dtype=dtype)
    for order in (0, 1):
        got = act(xs_arr) if order == 0 else act.derivative(xs_arr)
        for x, y in zip(xs_arr, got):
            exact = ref_value(act.name, order, float(x), act.params)
            if dtype is np.float32:
                e = np.float32(float(exact))
                if e == 0:
                    assert abs(float(y)) <= 3e-45, (spec, order, x, y)
                    continue
                ulps = float(abs(mp.mpf(float(y)) - exact)) / float(np.spacing(np.abs(e)))
                assert ulps <= 3.0, (spec, order, x, y, ulps)
            elif abs(exact) >= 1e-290:
                assert abs((mp.mpf(float(y)) - exact) / exact) <= 1e-12, (spec, order, x, y)
            else:  # subnormal or 0: the 1e-12 bar at 1e-290 as an absolute error, as test_accuracy
                assert abs(mp.mpf(float(y)) - exact) <= 1e-302, (spec, order, x, y)
        ends = act(np.array([-np.inf, np.inf, np.nan], dtype=dtype))
        assert np.isnan(ends[2]) and not np.isnan(ends[:2]).any(), (spec, ends)


@pytest.mark.parametrize("spec", ["isru", "isrlu", "bent_identity", "telu", "tanhshrink", "logish", "smish"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_block_with_a_slow_element_agrees_with_one_without(spec: str, dtype: type) -> None:
    """A block holding ±inf, NaN or a value whose square overflows takes a slow way for those
    elements only: every other element is the same to the last bit as in a block without them."""
    act = actcli.get(spec)
    rng = np.random.default_rng(7)
    xs: np.ndarray = (3.0 * rng.standard_normal(5000)).astype(dtype)
    xs[::997] = rng.uniform(-1e-3, 1e-3, xs[::997].size)
    odd = xs.copy()
    odd[[10, 20, 30, 40]] = [np.inf, -np.inf, np.nan, np.finfo(dtype).max]
    keep = np.ones(xs.size, bool)
    keep[[10, 20, 30, 40]] = False
    for order in (0, 1):
        f = act if order == 0 else act.derivative
        a, b = f(xs), f(odd)
        assert np.array_equal(a[keep], b[keep]), (spec, order)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_10_clips_where_x_exceeds_10(dtype: type) -> None:
    """gelu_10′ tests x > 10 where it once computed GELU a second time: near 10 GELU rounds to x
    itself (1 − Φ(10) ≈ 7.6e-24), so gelu(x) > 10 and x > 10 agree on the 2,000 floats on each
    side of 10 and a grid over [5, 15]; f′ is 0 above 10 and GELU′ at and below it."""
    ten = dtype(10.0)
    below, above = [ten], [ten]
    for _ in range(2000):
        below.append(np.nextafter(below[-1], dtype(0.0)))
        above.append(np.nextafter(above[-1], dtype(20.0)))
    xs = np.concatenate([np.array(below + above, dtype=dtype), np.linspace(5, 15, 10001, dtype=dtype)])
    gelu = actcli.get("gelu")
    assert np.array_equal(gelu(xs) > 10.0, xs > 10.0)
    d = actcli.get("gelu_10").derivative(xs)
    assert np.array_equal(d[xs > 10.0], np.zeros(int(np.sum(xs > 10.0)), dtype=dtype))
    assert np.array_equal(d[xs <= 10.0], gelu.derivative(xs[xs <= 10.0]))
