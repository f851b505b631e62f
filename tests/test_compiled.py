"""The compiled loops (csrc/) against actcli's numpy kernels, where values are not a matter of
rounding: NaN, ±inf, signed zeros, the largest and smallest floats, and the points where the
formulas switch. (Both ways are held to the mpmath bars by test_accuracy, test_float32_sweep and
test_kernels_fast_paths, which run every activation that has a compiled loop both ways.)"""

from __future__ import annotations

import platform
import sys

import numpy as np
import pytest

import actcli
from actcli.api import records
from actcli.catalogue import _common
from tests.kernel_paths import has_compiled, kernel_path

SPECS = [r.name for r in records() if r.kind == "elementwise"] + [
    "gelu:approximate=tanh", "hardshrink:lambd=1.5", "softshrink:lambd=1.5", "sine:w0=0.1", "snake:alpha=0.3",
    "laplace:mu=0.5,sigma=2", "squareplus:b=1",
]
CASES = [(s, o) for s in SPECS if s.split(":")[0] in actcli.names() for o in (0, 1) if has_compiled(s, o)]


def _specials(dtype: type) -> np.ndarray:
    info = np.finfo(dtype)
    base = [0.0, 1.0, 0.5, 1.5, 2.0, 3.0, 2.5, 10.0, 20.0, 30.0, 50.0, 100.0, 700.0, 1e5, 1e30]
    vals = [float(info.tiny), float(info.smallest_subnormal), float(info.max), float(info.eps)]
    xs = base + vals
    xs = xs + [-v for v in xs]
    with np.errstate(over="ignore"):
        arr: np.ndarray = np.array(xs + [np.inf, -np.inf, np.nan], dtype=dtype)
    with np.errstate(over="ignore"):  # the neighbour of max is inf
        near = [np.nextafter(arr[np.isfinite(arr)], dtype(d)) for d in (-np.inf, np.inf)]
    return np.concatenate([arr, *near])


def test_the_compiled_loops_are_built_here() -> None:
    """Where the project is tested (x86-64 Linux with glibc and a C compiler), the compiled loops
    must exist, or every 'both ways' test would quietly run the numpy kernels twice."""
    if sys.platform != "linux" or platform.machine() != "x86_64":  # pragma: no cover
        pytest.skip("the compiled loops are required only where the project is tested")
    assert _common.COMPILED, "actcli._fast did not build: see the make output"
    assert CASES


@pytest.mark.parametrize(("spec", "order"), CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_special_values_as_the_numpy_kernels(spec: str, order: int, dtype: type) -> None:
    act = actcli.get(spec)
    xs = _specials(dtype)
    f = act if order == 0 else act.derivative
    with kernel_path("compiled"):
        got = f(xs)
    with kernel_path("numpy"):
        want = f(xs)
    assert got.dtype == want.dtype == xs.dtype
    assert np.array_equal(np.isnan(got), np.isnan(want)), (spec, order, xs[np.isnan(got) != np.isnan(want)])
    inf = np.isinf(want) | np.isinf(got)
    assert np.array_equal(got[inf], want[inf]), (spec, order, xs[inf], got[inf], want[inf])
    zero = (want == 0) & (got == 0)
    assert np.array_equal(np.signbit(got[zero]), np.signbit(want[zero])), (spec, order, xs[zero])
    # away from NaN, inf and zeros both ways are held to the mpmath bars elsewhere; here they must
    # at least agree to a few roundings of float32 or 1e-12 of float64
    rest = ~(np.isnan(want) | inf | (want == 0))
    tol = 4 * np.finfo(np.float32).eps if dtype is np.float32 else 1e-12
    rel = np.abs(got[rest].astype(np.float64) - want[rest]) / np.abs(want[rest].astype(np.float64))
    assert (rel <= tol).all(), (spec, order, xs[rest][rel > tol], got[rest][rel > tol], want[rest][rel > tol])
    assert not ((want == 0) & (got != 0) & (np.abs(got) > 4 * np.finfo(dtype).smallest_subnormal)).any()


@pytest.mark.parametrize("shape", [(), (0,), (3, 4), (2, 3, 5)])
def test_any_shape_and_layout(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(3)
    x = 4.0 * rng.standard_normal(shape)
    act = actcli.get("hardswish")
    with kernel_path("numpy"):
        want = act(x)
    assert np.array_equal(act(x), want)
    if x.ndim == 2:
        assert np.array_equal(act(x.T), want.T)  # not C-contiguous
        assert np.array_equal(act(x[:, ::2]), want[:, ::2])


def test_apply_refuses_what_it_cannot_run() -> None:
    if not _common.COMPILED:  # pragma: no cover
        pytest.skip("no compiled loops in this build")
    from actcli import _fast

    x32, x64 = np.zeros(4, np.float32), np.zeros(4)
    with pytest.raises(KeyError):
        _fast.apply("no_such_kernel", x64, x64)
    with pytest.raises(TypeError):
        _fast.apply("hardswish", x32, x64)  # formats differ
    with pytest.raises(TypeError):
        _fast.apply("hardswish", x64, np.zeros(3))  # lengths differ
    with pytest.raises(TypeError):
        _fast.apply("hardshrink", x64, x64)  # its λ is missing
    with pytest.raises(TypeError):
        _fast.apply("hardswish", np.zeros(4, np.int64), np.zeros(4, np.int64))
    read_only = np.zeros(4)
    read_only.setflags(write=False)
    with pytest.raises((ValueError, BufferError)):
        _fast.apply("hardswish", x64, read_only)
    with pytest.raises((ValueError, BufferError)):
        _fast.apply("hardswish", np.zeros(8)[::2], x64)  # not contiguous


def test_unaligned_input() -> None:
    """A buffer at an odd address (numpy's format "=d") is copied, not refused."""
    raw = b"\0" + np.array([-1.0, 0.5, 2.0]).tobytes()
    x = np.frombuffer(raw, np.float64, offset=1)
    assert not x.flags.aligned
    act = actcli.get("gelu")
    assert np.array_equal(act(x), act(x.copy()))


@pytest.mark.parametrize("alpha", [5e-324, 1e-310])
def test_snake_with_a_subnormal_alpha(alpha: float) -> None:
    """1/α overflows: those loops take the slow way (training clamps α to the smallest subnormal)."""
    import mpmath as mp

    from tests.reference import ref_value

    act = actcli.get(f"snake:alpha={alpha}")
    x = np.array([0.0, 1.0, -2.0, 1e300])
    for path in ("compiled", "numpy"):
        with kernel_path(path):
            f, d = act(x), act.derivative(x)
        for order, got in ((0, f), (1, d)):
            for xv, y in zip(x, got):
                e = ref_value("snake", order, float(xv), act.params)
                assert abs(mp.mpf(float(y)) - e) <= 1e-12 * max(abs(e), 1e-290), (path, order, xv, y, e)


@pytest.mark.parametrize(("spec", "order"), [("hardshrink:lambd=0.1", 0), ("hardshrink:lambd=0.1", 1),
                                             ("softshrink:lambd=0.1", 0), ("softshrink:lambd=0.1", 1)])
def test_a_parameter_that_float32_rounds(spec: str, order: int) -> None:
    """λ = 0.1 is not a float32: both ways compare float32 x with λ itself, as the mpmath reference
    does (at x = float32(0.1) > 0.1 hardshrink keeps x)."""
    import mpmath as mp

    from tests.reference import ref_value

    act = actcli.get(spec)
    t = np.float32(0.1)
    xs = np.array([t, -t, np.nextafter(t, np.float32(1)), np.nextafter(t, np.float32(0))], dtype=np.float32)
    for path in ("compiled", "numpy"):
        with kernel_path(path):
            got = act(xs) if order == 0 else act.derivative(xs)
        for x, y in zip(xs, got):
            e = ref_value(act.name, order, float(x), act.params)
            assert abs(mp.mpf(float(y)) - e) <= 3 * float(np.spacing(np.float32(abs(float(e))))), (path, x, y, e)


@pytest.mark.parametrize(("spec", "x", "want"), [
    ("leaky_relu:negative_slope=1e-300", [-np.inf, np.inf], [-np.inf, np.inf]),
    ("softshrink:lambd=1e308", [-np.inf, np.inf, 1.0], [-np.inf, np.inf, 0.0]),
    ("hardshrink:lambd=1e308", [-np.inf, np.inf, 1.0], [-np.inf, np.inf, 0.0]),
    ("squareplus:b=1e308", [0.0, -np.inf], [np.inf, 0.0]),
])
def test_float32_input_with_a_parameter_beyond_float32(spec: str, x: list[float], want: list[float]) -> None:
    """A parameter that overflows or underflows float32 is used as it is, never as inf or 0."""
    act = actcli.get(spec)
    xs = np.array(x, dtype=np.float32)
    for path in ("compiled", "numpy"):
        with kernel_path(path):
            assert np.array_equal(act(xs), np.array(want, dtype=np.float32)), path


def test_apply_refuses_overlapping_buffers() -> None:
    if not _common.COMPILED:  # pragma: no cover
        pytest.skip("no compiled loops in this build")
    from actcli import _fast

    a = np.zeros(40)
    with pytest.raises(TypeError):
        _fast.apply("hardsigmoid", a[:-1], a[1:])
    with pytest.raises(KeyError):
        _fast.apply("gelu_erf\0junk", a[:4], np.zeros(4))
