"""The compiled Φ/erf loops (csrc/erf.c: the exact GELU, gelu_10, laplace, serf) where they differ
in form from the numpy kernels, against mpmath (tests/reference.py) and against the numpy kernels:

- Φ's far left tail: the loops compute Φ with glibc's vector erfc and flush it to 0 where
  z² > 709.78 (z = −t/√2), as scipy's ndtr does, so that both ways give 0 at the same points;
- gelu_10's cap at 10 and its zero slope beyond, at 10's neighbours in both dtypes;
- serf's far tails (softplus through log1p(e^{−|x|}), erf of a subnormal);
- float32 in → float32 out through the float64 loops, at random points and near each formula's
  switch points, within the float32 bar (3 ulp of the exact value rounded to float32).
"""

from __future__ import annotations

from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
from tests.kernel_paths import has_compiled, kernel_path
from tests.reference import ref_value

SPECS = ["gelu", "gelu_10", "laplace", "laplace:mu=0.5,sigma=2", "serf"]

pytestmark = pytest.mark.skipif(
    not all(has_compiled(s, o) for s in SPECS for o in (0, 1)), reason="the compiled loops were not built here"
)


def _run(spec: str, order: int, xs: np.ndarray, path: str) -> Any:
    act = actcli.get(spec)
    with kernel_path(path):
        return act(xs) if order == 0 else act.derivative(xs)


def _float64_bar(y: float, e: Any) -> str | None:
    """test_accuracy's float64 bar for one point: 1e-12 relative down to 1e-290, not flushed to
    0 while normal, 1e-302 absolute below; None where it holds."""
    ef = float(e)
    if abs(e) >= mp.mpf("1e-290"):
        rel = float(abs((mp.mpf(y) - e) / e))
        return None if rel <= 1e-12 else f"rel {rel:.2e}"
    if abs(ef) >= np.finfo(np.float64).tiny:
        return None if y != 0 and float(abs((mp.mpf(y) - e) / e)) <= 1e-3 else "flushed"
    return None if abs(y - ef) <= 1e-302 else "subnormal"


@pytest.mark.parametrize("spec", ["gelu", "laplace:mu=0,sigma=1", "laplace:mu=0.5,sigma=2"])
@pytest.mark.parametrize("order", [0, 1])
def test_left_tail_flushes_where_the_numpy_kernel_does(spec: str, order: int) -> None:
    """Where Φ's exact value is subnormal, the loop gives 0 exactly where scipy's ndtr does, and
    is held to the float64 bar everywhere on the way down (mpmath)."""
    act = actcli.get(spec)
    mu, sigma = float(act.params.get("mu", 0.0)), float(act.params.get("sigma", 1.0))
    xs = mu + sigma * np.linspace(-40.0, -35.0, 2001)
    got = _run(spec, order, xs, "compiled")
    want = _run(spec, order, xs, "numpy")
    assert np.array_equal(got == 0, want == 0), xs[(got == 0) != (want == 0)]
    assert (got == 0).any() and (got != 0).any()  # the sweep crosses the flush point
    failures = []
    for x, y in zip(xs[::20], got[::20]):
        bad = _float64_bar(float(y), ref_value(act.name, order, float(x), act.params))
        if bad:
            failures.append((float(x), float(y), bad))
    assert not failures, failures[:5]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_10_caps_at_10_and_passes_no_slope_beyond(dtype: type) -> None:
    ten = dtype(10.0)
    xs: np.ndarray = np.array([np.nextafter(ten, dtype(0)), ten, np.nextafter(ten, dtype(20)), 11.0, 1e30, np.inf], dtype=dtype)
    for path in ("compiled", "numpy"):
        f = _run("gelu_10", 0, xs, path)
        d = _run("gelu_10", 1, xs, path)
        assert f.dtype == d.dtype == xs.dtype
        assert f[0] == xs[0] and (f[1:] == 10.0).all(), (path, f)
        assert d[0] == 1.0 and d[1] == 1.0 and (d[2:] == 0.0).all(), (path, d)


@pytest.mark.parametrize("order", [0, 1])
def test_serf_far_tails_against_mpmath(order: int) -> None:
    xs: np.ndarray = np.concatenate([-np.geomspace(30.0, 760.0, 60), np.geomspace(30.0, 760.0, 20), [-745.5, -744.0, -708.0]])
    got = _run("serf", order, xs, "compiled")
    assert np.array_equal(np.signbit(got), np.signbit(_run("serf", order, xs, "numpy")))
    failures = []
    for x, y in zip(xs, got):
        bad = _float64_bar(float(y), ref_value("serf", order, float(x), {}))
        if bad:
            failures.append((float(x), float(y), bad))
    assert not failures, failures[:5]


def _float32_points() -> np.ndarray:
    rng = np.random.default_rng(20261128)
    switch = [-38.0, -14.9, -10.0, -2.5, -0.7518, -0.5, 0.0, 0.5, 2.5, 5.3, 10.0, 15.0]
    near = [np.float32(s) + np.float32(d) for s in switch for d in (-1e-3, 0.0, 1e-3)]
    return np.concatenate([rng.uniform(-16.0, 16.0, 300), 3.0 * rng.standard_normal(100), near]).astype(np.float32)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("order", [0, 1])
def test_float32_within_3_ulp_of_mpmath(spec: str, order: int) -> None:
    """float32 through the compiled loop (computed in float64, rounded once): within 3 ulp of
    the exact value rounded to float32; results that round to 0 must be 0 (or a subnormal unit)."""
    act = actcli.get(spec)
    xs = _float32_points()
    got = _run(spec, order, xs, "compiled")
    assert got.dtype == np.float32
    failures = []
    for x, y in zip(xs, got):
        e = np.float32(float(ref_value(act.name, order, float(x), act.params)))
        if e == 0 or not np.isfinite(e):
            if not (y == e or abs(float(y)) <= 2 * float(np.finfo(np.float32).smallest_subnormal)):
                failures.append((float(x), float(y), float(e)))
            continue
        ulp = float(np.spacing(np.abs(e)))
        if abs(float(y) - float(e)) > 3 * ulp:
            failures.append((float(x), float(y), float(e)))
    assert not failures, failures[:5]


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("order", [0, 1])
def test_both_ways_agree_on_a_normal_sample(spec: str, order: int) -> None:
    """float64: the loop and the numpy kernel within 1e-12 of each other away from zeros of f′
    (both are held to mpmath elsewhere; this catches a parameter passed in the wrong order)."""
    xs = 3.0 * np.random.default_rng(7).standard_normal(4000)
    got = _run(spec, order, xs, "compiled")
    want = _run(spec, order, xs, "numpy")
    big = np.abs(want) > 1e-3
    assert np.allclose(got[big], want[big], rtol=1e-12, atol=0.0)
    assert np.allclose(got[~big], want[~big], rtol=0.0, atol=1e-14)


def _every_nth_float32(lo: float, hi: float, step: int) -> np.ndarray:
    bits = np.array([lo, hi], np.float32).view(np.int32)
    return np.arange(bits[0], bits[1], step, dtype=np.int32).view(np.float32)


def test_float32_gelu_dense_sweep() -> None:
    """The float32 GELU (computed in float32 arithmetic where AVX-512 is at hand: csrc/erf.c)
    over every 7th float32 in [2^−3, 16) and every 61st in [1e−30, 2^−3), both signs, against
    x·Φ(x) from scipy's float64 ndtr (relative error ~1e-13, a millionth of the bar): within
    3 ulp of the exact value rounded to float32; the 20 worst points again against mpmath."""
    from scipy.special import ndtr

    xs = np.concatenate([_every_nth_float32(0.125, 16.0, 7), _every_nth_float32(1e-30, 0.125, 61)])
    xs = np.concatenate([xs, -xs])
    got = _run("gelu", 0, xs, "compiled").astype(np.float64)
    exact = xs.astype(np.float64) * ndtr(xs.astype(np.float64))
    e32 = exact.astype(np.float32)
    ulp = np.maximum(np.spacing(np.abs(e32)).astype(np.float64), float(np.finfo(np.float32).smallest_subnormal))
    err = np.abs(got - exact) / ulp
    assert err.max() <= 3.0, (xs[np.argmax(err)], err.max())
    for i in np.argsort(err)[-20:]:
        e = np.float32(float(ref_value("gelu", 0, float(xs[i]), {"approximate": "none"})))
        assert abs(got[i] - float(e)) <= 3 * float(np.spacing(np.abs(e))), (xs[i], got[i], e)


def test_float32_gelu_at_its_interval_ends() -> None:
    """The float32 loop switches polynomial at every multiple of 1/2 up to 16 and flushes to a
    signed zero beyond 14.75: each such point and its float32 neighbours, against mpmath."""
    ends = np.array([k / 2 for k in range(33)] + [14.75], np.float32)
    xs = np.concatenate([ends, np.nextafter(ends, np.float32(-1)), np.nextafter(ends, np.float32(100))])
    xs = np.concatenate([xs, -xs])
    got = _run("gelu", 0, xs, "compiled")
    for x, y in zip(xs, got):
        e = np.float32(float(ref_value("gelu", 0, float(x), {"approximate": "none"})))
        if e == 0:  # (at x = 2^−149 the exact value is a hair above half the smallest subnormal:
            # it rounds up, where the reference, rounded to float64 first, ties to 0)
            assert abs(float(y)) <= float(np.finfo(np.float32).smallest_subnormal), (x, y)
            assert np.signbit(y) == np.signbit(x), (x, y)
        else:
            assert abs(float(y) - float(e)) <= 3 * float(np.spacing(np.abs(e))), (x, y, e)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_value_does_not_depend_on_its_place_in_the_array(spec: str, dtype: type) -> None:
    """A vectorised loop's last few elements would go to narrower vector or scalar functions of
    other roundings: every suffix of an array gives, bit for bit, the whole array's values."""
    act = actcli.get(spec)
    x: np.ndarray = (30.0 * np.random.default_rng(5).standard_normal(300)).astype(dtype)
    for order in (0, 1):
        whole = act(x) if order == 0 else act.derivative(x)
        for start in range(1, 70):
            part = act(x[start:]) if order == 0 else act.derivative(x[start:])
            assert np.array_equal(part, whole[start:], equal_nan=True), (spec, order, start)


@pytest.mark.parametrize(("name", "wide"), [("gelu_erf", "gelu_erf_wide"), ("gelu_10", "gelu_10_wide")])
def test_float32_fallback_loop(name: str, wide: str) -> None:
    """Without AVX-512 the float32 GELU runs the float64 loop and rounds once: bit for bit the
    float64 result rounded, and within 3 ulp of the float32-arithmetic loop used here."""
    from actcli import _fast

    x32: np.ndarray = np.concatenate(
        [(4.0 * np.random.default_rng(9).standard_normal(5000)), [0.0, -0.0, np.inf, -np.inf, np.nan, -14.0, 11.0]]
    ).astype(np.float32)
    y_wide, y_fast, y64 = np.empty_like(x32), np.empty_like(x32), np.empty(x32.size)
    _fast.apply(wide, x32, y_wide)
    _fast.apply(name, x32, y_fast)
    _fast.apply(wide, x32.astype(np.float64), y64)
    assert np.array_equal(y_wide, y64.astype(np.float32), equal_nan=True)
    assert np.array_equal(np.signbit(y_wide), np.signbit(y64.astype(np.float32)))
    ok = np.isfinite(y_wide) & (y_wide != 0)
    ulp = np.spacing(np.abs(y_wide[ok])).astype(np.float64)
    assert (np.abs(y_fast[ok].astype(np.float64) - y_wide[ok]) <= 3 * ulp).all()
    assert np.array_equal(np.isnan(y_fast), np.isnan(y_wide))
