"""Every dtype: float16 and bfloat16 in and out, correctly rounded (against mpmath); integers and
booleans as float64; masked arrays keep their mask; what is refused is refused with actcli's errors."""

from __future__ import annotations

from typing import Any

import ml_dtypes
import numpy as np
import pytest

import actcli
from actcli.api import records
from tests.kernel_paths import kernel_path
from tests.reference import ref_value
from tests.test_accuracy import VARIANTS, _kinks

NARROW = [np.dtype(np.float16), np.dtype(ml_dtypes.bfloat16)]


def _grid(dtype: np.dtype[Any]) -> np.ndarray:
    """Values exactly representable in the dtype, over the interesting range and both tails."""
    xs = np.concatenate([np.linspace(-20, 20, 161), np.geomspace(1e-4, 60, 30), -np.geomspace(1e-4, 60, 30)])
    return np.unique(xs.astype(dtype))


@pytest.mark.parametrize("dtype", NARROW, ids=lambda d: d.name)
@pytest.mark.parametrize("spec", VARIANTS)
@pytest.mark.parametrize("order", [0, 1])
def test_narrow_floats_are_correctly_rounded(spec: str, order: int, dtype: np.dtype[Any]) -> None:
    act = actcli.get(spec)
    xs = _grid(dtype)
    if order:
        kinks = np.array(sorted(_kinks(act, order)), dtype=np.float64)
        xs = xs[~np.isin(xs.astype(np.float64), kinks)]
    got = act(xs) if order == 0 else act.derivative(xs)
    assert got.dtype == dtype
    for x, y in zip(xs.astype(np.float64), got):
        exact = ref_value(act.name, order, float(x), act.params)
        # the exact value rounded to the dtype (through float64: a double rounding only within
        # 2^-53 of a midpoint of the narrow dtype, far below what the test could see)
        with np.errstate(over="ignore"):
            expected = np.array(float(exact)).astype(dtype)
        assert (y == expected) or (np.isnan(y) and np.isnan(expected)), (spec, order, x, y, expected)


def test_narrow_scalars_and_second_derivative_keep_their_dtype() -> None:
    act = actcli.get("gelu")
    assert act(np.float16(0.5)).dtype == np.float16
    assert act.derivative(np.array([0.5], dtype=ml_dtypes.bfloat16), order=2).dtype == ml_dtypes.bfloat16


def test_integers_and_booleans_become_float64() -> None:
    act = actcli.get("sigmoid")
    assert act(np.array([True, False])).dtype == np.float64
    assert act(np.arange(3, dtype=np.uint8)).dtype == np.float64
    assert act.derivative(np.arange(3, dtype=np.int16)).dtype == np.float64


def test_non_contiguous_and_big_endian_input() -> None:
    act = actcli.get("silu")
    x = np.linspace(-5, 5, 40).reshape(4, 10)
    assert np.array_equal(act(x.T), act(x).T)
    assert np.array_equal(act(x[:, ::3]), act(x)[:, ::3])
    assert np.array_equal(act(x.astype(">f8")), act(x))


@pytest.mark.parametrize("spec", ["relu", "gelu", "sigmoid"])
def test_masked_arrays_keep_their_mask(spec: str) -> None:
    act = actcli.get(spec)
    x = np.ma.MaskedArray([-1.0, 0.5, 2.0], mask=[False, True, False])
    for y in (act(x), act.derivative(x), act.derivative(x, order=2)):
        assert isinstance(y, np.ma.MaskedArray)
        assert list(np.ma.getmaskarray(y)) == [False, True, False]
    assert act(x)[2] == act(2.0)


def test_vector_functions_refuse_masked_arrays() -> None:
    x = np.ma.MaskedArray([1.0, 2.0, 3.0], mask=[False, True, False])
    with pytest.raises(actcli.ParameterError, match="masked"):
        actcli.get("softmax")(x)
    with pytest.raises(actcli.ParameterError, match="masked"):
        actcli.get("softmax").jacobian(x)


@pytest.mark.parametrize("axis", [2, -3, 5])
def test_axis_out_of_range_is_a_parameter_error(axis: int) -> None:
    z = np.zeros((2, 3))
    with pytest.raises(actcli.ParameterError, match="axis") as info:
        actcli.get("softmax")(z, axis=axis)
    assert info.value.option == "axis"
    with pytest.raises(actcli.ParameterError, match="axis"):
        actcli.get("log_softmax").vjp(z, z, axis=axis)


def test_axis_must_be_an_integer() -> None:
    with pytest.raises(actcli.ParameterError, match="axis"):
        actcli.get("softmax")(np.zeros(3), axis=0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (np.array([1 + 2j]), "complex"),
        ([1.0, 2j], "complex"),
        (np.array([1, None], dtype=object), "numeric"),
        (np.array(["a"]), "numeric"),
        ([[1.0, 2.0], [3.0]], "not an array of numbers"),
        (np.array([1], dtype="datetime64[D]"), "numeric"),
    ],
)
def test_bad_inputs_are_actcli_errors(value: Any, match: str) -> None:
    for call in (actcli.get("relu"), actcli.get("relu").derivative, actcli.get("softmax")):
        with pytest.raises(actcli.ParameterError, match=match):
            call(value)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("spec", VARIANTS)
def test_blocks_do_not_change_results(spec: str, dtype: type) -> None:
    """Kernels run over cache-sized blocks: an array spanning several blocks (with NaN, ±inf, the
    tails and subnormals in it) gives, bit for bit, what each of its pieces gives alone."""
    from actcli.catalogue._common import BLOCK_BYTES

    act = actcli.get(spec)
    n = 3 * BLOCK_BYTES // np.dtype(dtype).itemsize + 7
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(n) * rng.choice([1.0, 30.0, 300.0], n)).astype(dtype)
    x[::1001] = np.nan
    x[5::1003] = np.inf
    x[7::1005] = -np.inf
    x[9::1007] = np.finfo(dtype).smallest_subnormal
    x_before = x.copy()
    for order in (0, 1):
        whole = act(x) if order == 0 else act.derivative(x)
        pieces = np.concatenate([act(p) if order == 0 else act.derivative(p) for p in np.array_split(x, 37)])
        assert np.array_equal(whole, pieces, equal_nan=True), (spec, order)
    assert np.array_equal(x, x_before, equal_nan=True)  # the input is never written to


def _values(act: actcli.Activation, order: int, x: Any) -> np.ndarray:
    return np.asarray(act(x) if order == 0 else act.derivative(x, order=order))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_shape_gives_the_flat_values(dtype: type) -> None:
    """f, f′ and f″ of every elementwise activation on 0-d, 2-D and 3-D arrays are the values of
    the same points in a flat array, in the same shape (sine″ once failed on 2-D input)."""
    from actcli.api import records

    flat: np.ndarray = np.array([-40.0, -3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 2.0, 7.0, 30.0, 0.1, -7.5], dtype=dtype)
    for r in records():
        if r.kind != "elementwise":
            continue
        act = actcli.get(r.name)
        for order in (0, 1, 2):
            want = _values(act, order, flat)
            for shape in ((3, 4), (2, 3, 2)):
                got = _values(act, order, flat.reshape(shape))
                assert got.shape == shape, (r.name, order, shape)
                np.testing.assert_array_equal(got.reshape(-1), want, err_msg=f"{r.name} order {order} {shape}")
            one = _values(act, order, flat[7])
            assert np.shape(one) == () and (one == want[7] or (np.isnan(one) and np.isnan(want[7]))), (r.name, order)


def _extreme_parameter_specs() -> list[str]:
    specs = []
    for r in records():
        if r.kind != "elementwise":
            continue
        for p in r.params:
            for v in (1e300, -1e300, 1e-300, -1e-300, 1e-40):
                spec = f"{r.name}:{p.name}={v}"
                try:
                    actcli.get(spec)
                except actcli.ActcliError:
                    continue
                specs.append(spec)
    return specs


@pytest.mark.parametrize("spec", _extreme_parameter_specs())
def test_float32_keeps_a_parameter_float32_cannot_hold(spec: str) -> None:
    """A parameter beyond float32's normal range (a slope of 1e-300, a threshold of 1e300) is used as
    it is for float32 input, never as inf or 0: float32 results are float64's rounded, where those
    are NaN, infinite or zero (the values in between are held to their bars elsewhere)."""
    x = np.array([-np.inf, -1e38, -3.0, -1.0, -1e-30, 0.0, 1e-30, 1.0, 3.0, 1e38, np.inf], dtype=np.float32)
    act = actcli.get(spec)
    for path in ("compiled", "numpy"):
        for order in (0, 1):
            f = act if order == 0 else act.derivative
            with kernel_path(path):
                y32, y64 = f(x), f(x.astype(np.float64))
            with np.errstate(over="ignore"):
                e = y64.astype(np.float32)
            special = np.isnan(e) | np.isinf(e) | (e == 0)
            assert np.array_equal(np.isnan(y32), np.isnan(e)), (path, order, x, y32, e)
            assert np.array_equal(y32[special & ~np.isnan(e)], e[special & ~np.isnan(e)]), (path, order, x, y32, e)
