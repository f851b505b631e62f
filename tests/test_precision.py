"""actcli precision: the thresholds it reports, checked against mpmath and the IEEE formats."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import ml_dtypes
import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.analysis.precision import FormError, Precision, parse_dtypes, precision
from actcli.api import exact_values
from tests.conftest import invoke


@cache
def _measured(spec: str, dtypes: tuple[str, ...]) -> Precision:
    return precision(actcli.get(spec), dtypes, exact_values)


def _form(p: Precision, dtype: str, form: str, order: int) -> FormError:
    d = next(d for d in p.dtypes if d.dtype == dtype)
    return next(f for f in d.forms if f.form == form and f.order == order)


def _next_up(x: float, dtype: object) -> float:
    arr = np.array([x], dtype=dtype)  # type: ignore[call-overload]
    return float(np.nextafter(arr, np.array([np.inf], dtype=arr.dtype))[0])


@pytest.mark.parametrize(("dtype", "bits"), [("float64", 53), ("float32", 24)])
def test_textbook_sigmoid_derivative_flushes_where_one_plus_e_rounds_to_one(dtype: str, bits: int) -> None:
    """σ(1 − σ) is 0 once 1 + e^{−x} rounds to 1: e^{−x} ≤ 2^{−bits} (half an ulp of 1 above it,
    ties to even), i.e. from x = bits·ln 2 — 36.7368 in float64, 16.6355 in float32."""
    p = _measured("sigmoid", (dtype,))
    got = _form(p, dtype, "textbook", 1).flushed
    exact = bits * mp.log(2)
    assert got.pos is not None
    # the smallest value of the dtype at or past the exact boundary (numpy's exp may move it by one)
    first = float(np.array(float(exact), dtype=dtype))
    if first < exact:
        first = _next_up(first, dtype)
    assert got.pos in (first, _next_up(first, dtype)), (got.pos, float(exact))
    # and actcli's σ′ is never 0 where the exact value is representable
    ours = _form(p, dtype, "actcli", 1)
    assert ours.flushed.pos is None and ours.flushed.neg is None
    assert ours.max_ulp <= 3


def test_exact_sigmoid_derivative_rounds_to_zero_in_float64_where_mpmath_says() -> None:
    """σ′(x) rounds to 0 in float64 once it is at most half the smallest subnormal, 2^{−1075}."""
    p = _measured("sigmoid", ("float64",))
    got = p.dtypes[0].d1_underflows
    with mp.workdps(50):
        root = mp.findroot(lambda t: mp.exp(-t) / (1 + mp.exp(-t)) ** 2 - mp.mpf(2) ** -1075, 745)
    assert got.pos is not None and got.neg == got.pos
    assert abs(got.pos - float(root)) <= 2 * np.spacing(float(root)), (got.pos, float(root))


def test_textbook_softplus_overflows_in_float16_where_e_to_the_x_exceeds_float16() -> None:
    """log(1 + eˣ) in float16 is inf once eˣ rounds to inf: eˣ ≥ 65520 (max 65504 plus half an
    ulp) — from the first float16 value at or above ln 65520 = 11.090…; actcli's stays finite."""
    p = _measured("softplus", ("float16",))
    got = _form(p, "float16", "textbook", 0).overflowed
    first = float(np.float16(float(mp.log(65520))))
    if first < mp.log(65520):
        first = _next_up(first, np.float16)
    assert got.pos == first
    ours = _form(p, "float16", "actcli", 0)
    assert ours.overflowed.pos is None and ours.max_ulp <= 0.5


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("spec", ["sigmoid", "tanh", "gelu", "silu", "softplus", "mish", "elu"])
def test_narrow_dtypes_are_correctly_rounded_everywhere(spec: str, dtype: str) -> None:
    """Every finite float16 / bfloat16 value: actcli's f and f′ within half an ulp, never flushed."""
    p = _measured(spec, (dtype,))
    assert p.dtypes[0].points > 60000
    for order in (0, 1):
        ours = _form(p, dtype, "actcli", order)
        assert ours.max_ulp <= 0.5 + 1e-9, (spec, dtype, order, ours.max_ulp, ours.at)
        assert ours.flushed == type(ours.flushed)(None, None)
        assert ours.overflowed == type(ours.overflowed)(None, None)


def test_gelu_tanh_textbook_flushes_to_zero_in_float32_and_ours_does_not() -> None:
    """0.5x(1 + tanh u) is 0 once tanh u returns −1 in float32. With a correctly rounded tanh
    that is where 1 + tanh u ≈ 2e^{2u} falls below 2^{−25}: x ≈ −5.158 (mpmath, below); numpy's
    float32 tanh keeps −0.99999994 a little longer. The reported x is where the textbook form
    really turns 0 (checked on both sides of it), past the correctly rounded boundary, and the
    exact value there is a normal float32 number: a loss of every digit."""
    p = _measured("gelu:approximate=tanh", ("float32",))
    got = _form(p, "float32", "textbook", 0).flushed
    k, c = mp.sqrt(2 / mp.pi), mp.mpf("0.044715")
    x_star = mp.findroot(lambda x: 2 * mp.exp(2 * k * (x + c * x**3)) - mp.mpf(2) ** -25, -5.4)
    assert got.neg is not None and 5.1 < abs(float(x_star)) <= got.neg < 6.0, (got.neg, float(x_star))
    x = np.float32(-got.neg)
    inner = np.nextafter(x, np.float32(0))

    def textbook(v: np.float32) -> np.float32:
        t: np.float32 = np.tanh(np.float32(k) * (v + np.float32(c) * v * v * v))  # a ufunc's result is typed Any
        return np.float32(0.5) * v * (np.float32(1) + t)

    assert textbook(x) == 0 and textbook(inner) != 0
    exact = float(x) * (1 + mp.tanh(k * (mp.mpf(float(x)) + c * mp.mpf(float(x)) ** 3))) / 2
    assert abs(exact) > np.finfo(np.float32).tiny
    ours = _form(p, "float32", "actcli", 0)
    assert ours.flushed.neg is None and ours.max_ulp <= 3


def test_exact_overflow_of_exponential_in_float16() -> None:
    p = _measured("exponential", ("float16",))
    got = p.dtypes[0].f_overflows
    first = float(np.float16(float(mp.log(65520))))
    if first < mp.log(65520):
        first = _next_up(first, np.float16)
    assert got.pos == first and got.neg is None


def test_piecewise_linear_functions_are_exact() -> None:
    p = _measured("relu", ("bfloat16", "float32"))
    for d in p.dtypes:
        assert [f.form for f in d.forms] == ["actcli", "actcli"]
        assert all(f.max_ulp == 0 for f in d.forms)


def test_bfloat16_is_ml_dtypes() -> None:
    assert _measured("tanh", ("bfloat16",)).dtypes[0].points == 2 * (2**15 - 2**7) - 2 + 0 * ml_dtypes.bfloat16(0)


def test_parse_dtypes() -> None:
    assert parse_dtypes("float32, float16,float32") == ("float32", "float16")
    with pytest.raises(actcli.ParameterError, match="dtype") as info:
        parse_dtypes("float8")
    assert info.value.option == "dtype"


def test_cli_text_json_and_figure(tmp_path: Path) -> None:
    out = tmp_path / "p.png"
    result = invoke("precision", "sigmoid", "--dtype", "float16", "-o", str(out), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "float16" in result.output and "s(1 - s)" in result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert out.stat().st_size > 10_000
    result = invoke("precision", "softplus", "--dtype", "float16", "--json")
    data = json.loads(result.stdout)
    textbook = next(f for f in data["dtypes"][0]["forms"] if f["form"] == "textbook" and f["order"] == 0)
    assert textbook["inf_though_finite"][-1]["min"] == pytest.approx(11.09375)
    assert textbook["inf_though_finite"][-1]["max"] == "inf"
    assert math.isfinite(textbook["max_ulp"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["precision", "softmax"], "elementwise"),
        (["precision", "relu", "--dtype", "float8"], "--dtype"),
        (["precision", "nosuch"], "nosuch"),
    ],
)
def test_cli_errors(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Error:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output
