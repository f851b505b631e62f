"""Precision in each floating dtype: where f overflows or underflows, where f′ is flushed to 0
though its exact value is representable, and the largest error in ULP of actcli's form, of the
textbook form and (when torch can be imported) of torch's CPU implementation.

Numbers only (no sentences): :func:`precision` returns a :class:`Precision`.

Reference values: for float64, mpmath at 40 digits of the record's own closed form (and its SymPy
derivative); for the narrower dtypes, actcli's float64 values (within 4 ULP of mpmath for the
seed's functions and 1e-12 relative for the rest, as the accuracy tests check: exact to far below
a float32 ULP). Errors are measured on every finite value of float16 and bfloat16, and on a
sample of float32 and float64 (log-spaced over the whole range on both sides, plus a dense grid on
[−60, 60]); the thresholds are then located exactly by bisection over the dtype's values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.activation import Activation
from actcli.errors import NotElementwiseError, ParameterError

if TYPE_CHECKING:
    from numpy.typing import NDArray

DTYPES = ("float16", "bfloat16", "float32", "float64")
SAMPLE_LOG = 600  # log-spaced points per side for float32 and float64
SAMPLE_LINEAR = 1201  # points on [−60, 60], and on ±1.1·log(max) (past where exp overflows)
PLOT_WINDOW = 100.0  # the figure shows |x| ≤ this


Fn = Callable[[Any], Any]


def _dtype(name: str) -> np.dtype[Any]:
    if name == "bfloat16":
        import ml_dtypes  # lazy: only this command needs it

        bf16: np.dtype[Any] = np.dtype(ml_dtypes.bfloat16)
        return bf16
    return np.dtype(name)


def parse_dtypes(text: str) -> tuple[str, ...]:
    names = tuple(t.strip() for t in text.split(",") if t.strip())
    if not names:
        raise ParameterError("no dtype given", f"choose from {', '.join(DTYPES)}", option="dtype")
    for n in names:
        if n not in DTYPES:
            raise ParameterError(f"dtype must be one of {', '.join(DTYPES)}, not {n!r}", option="dtype")
    return tuple(dict.fromkeys(names))


# ------------------------------------------------------------------------------ the other forms
def _in(dtype: np.dtype[Any], fn: Fn) -> Fn:
    """fn evaluated with the dtype's own arithmetic: each numpy ufunc rounds to the dtype (for
    float16 and bfloat16 numpy computes each operation in float32 and rounds it). A function with
    no loop for the dtype (scipy's erf for bfloat16) is computed in float32 and rounded."""

    def run(x: Any) -> Any:
        with np.errstate(all="ignore"):
            return np.asarray(fn(x)).astype(dtype)

    return run


def _erf(x: Any) -> Any:
    from scipy.special import erf

    try:
        return erf(x).astype(x.dtype)
    except TypeError:
        return erf(x.astype(np.float32)).astype(x.dtype)


def _sig(x: Any) -> Any:
    return 1 / (1 + np.exp(-x))


_K = math.sqrt(2 / math.pi)


def _c(x: Any, v: float) -> Any:
    """The constant v in x's dtype (so that float16 arithmetic stays float16)."""
    return np.asarray(v, dtype=x.dtype)


def _gelu_tanh(x: Any) -> Any:
    return _c(x, 0.5) * x * (1 + np.tanh(_c(x, _K) * (x + _c(x, 0.044715) * x * x * x)))


def _gelu_tanh_d1(x: Any) -> Any:
    t = np.tanh(_c(x, _K) * (x + _c(x, 0.044715) * x * x * x))
    return _c(x, 0.5) * (1 + t) + _c(x, 0.5) * x * (1 - t * t) * _c(x, _K) * (1 + _c(x, 3 * 0.044715) * x * x)


def _gelu_erf(x: Any) -> Any:
    return _c(x, 0.5) * x * (1 + _erf(x / _c(x, math.sqrt(2))))


def _gelu_erf_d1(x: Any) -> Any:
    return _c(x, 0.5) * (1 + _erf(x / _c(x, math.sqrt(2)))) + x * np.exp(-x * x / 2) * _c(x, 1 / math.sqrt(2 * math.pi))


def _mish(x: Any) -> Any:
    return x * np.tanh(np.log(1 + np.exp(x)))


def _mish_d1(x: Any) -> Any:
    t = np.tanh(np.log(1 + np.exp(x)))
    return t + x * _sig(x) * (1 - t * t)


# The textbook form of each function and derivative, as written in papers and framework docs:
# (formula shown, f, formula shown, f′), evaluated in the dtype. Piecewise-linear functions have
# no separate textbook form (every form is exact), and are absent.
def _textbook(act: Activation) -> tuple[str, Fn, str, Fn] | None:
    p = act.params
    table: dict[str, tuple[str, Fn, str, Fn]] = {
        "sigmoid": ("1/(1 + e^-x)", _sig, "s(1 - s)", lambda x: _sig(x) * (1 - _sig(x))),
        "tanh": ("tanh x", np.tanh, "1 - tanh^2 x", lambda x: 1 - np.tanh(x) ** 2),
        "logsigmoid": ("log(1/(1 + e^-x))", lambda x: np.log(_sig(x)), "1 - s", lambda x: 1 - _sig(x)),
        "softplus": (
            "log(1 + e^bx)/b",
            lambda x: np.log(1 + np.exp(_c(x, float(p.get("beta", 1.0))) * x)) / _c(x, float(p.get("beta", 1.0))),
            "1/(1 + e^-bx)",
            lambda x: _sig(_c(x, float(p.get("beta", 1.0))) * x),
        ),
        "silu": ("x s(x)", lambda x: x * _sig(x), "s(1 + x(1 - s))", lambda x: _sig(x) * (1 + x * (1 - _sig(x)))),
        "quick_gelu": (
            "x s(1.702x)",
            lambda x: x * _sig(_c(x, 1.702) * x),
            "s + 1.702x s(1 - s)",
            lambda x: _sig(_c(x, 1.702) * x) * (1 + _c(x, 1.702) * x * (1 - _sig(_c(x, 1.702) * x))),
        ),
        "mish": ("x tanh(log(1 + e^x))", _mish, "T + x s (1 - T^2)", _mish_d1),
        "elu": (
            "a(e^x - 1) for x <= 0",
            lambda x: np.where(x > 0, x, _c(x, float(p.get("alpha", 1.0))) * (np.exp(x) - 1)),
            "a e^x for x <= 0",
            lambda x: np.where(x > 0, _c(x, 1.0), _c(x, float(p.get("alpha", 1.0))) * np.exp(x)),
        ),
        "softsign": ("x/(1 + |x|)", lambda x: x / (1 + np.abs(x)), "1/(1 + |x|)^2", lambda x: 1 / (1 + np.abs(x)) ** 2),
        "tanhshrink": ("x - tanh x", lambda x: x - np.tanh(x), "tanh^2 x", lambda x: np.tanh(x) ** 2),
        "squareplus": (
            "(x + sqrt(x^2 + b))/2",
            lambda x: (x + np.sqrt(x * x + _c(x, float(p.get("b", 4.0))))) / 2,
            "(1 + x/sqrt(x^2 + b))/2",
            lambda x: (1 + x / np.sqrt(x * x + _c(x, float(p.get("b", 4.0))))) / 2,
        ),
    }
    if act.name == "gelu":  # the one record with two textbook forms, chosen by its parameter
        if p.get("approximate") == "tanh":
            return ("x/2 (1 + tanh u)", _gelu_tanh, "with 1 - tanh^2 u", _gelu_tanh_d1)
        return ("x/2 (1 + erf(x/sqrt 2))", _gelu_erf, "(1+erf(x/sqrt 2))/2 + x phi", _gelu_erf_d1)
    return table.get(act.name)


def _torch_forms(act: Activation) -> tuple[str, Fn, Fn] | None:
    """torch's CPU implementation of f and of f′ (forward plus autograd backward), if importable."""
    import importlib

    try:  # torch is no dependency of actcli: measured only where it happens to be installed
        torch = importlib.import_module("torch")
        tf = importlib.import_module("torch.nn.functional")
    except ImportError:
        return None
    p = act.params
    fns: dict[str, Callable[[Any], Any]] = {
        "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
        "leaky_relu": lambda t: tf.leaky_relu(t, float(p.get("negative_slope", 0.01))),
        "elu": lambda t: tf.elu(t, float(p.get("alpha", 1.0))), "selu": tf.selu,
        "celu": lambda t: tf.celu(t, float(p.get("alpha", 1.0))),
        "gelu": lambda t: tf.gelu(t, approximate=str(p.get("approximate", "none"))),
        "silu": tf.silu, "mish": tf.mish, "softplus": lambda t: tf.softplus(t, float(p.get("beta", 1.0))),
        "logsigmoid": tf.logsigmoid, "softsign": tf.softsign, "exponential": torch.exp,
        "tanhshrink": tf.tanhshrink, "hardsigmoid": tf.hardsigmoid, "relu6": tf.relu6,
        "hardswish": tf.hardswish,
    }
    fn = fns.get(act.name)
    if fn is None:
        return None
    tdt = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32, "float64": torch.float64}

    def f(x: Any) -> Any:
        t = torch.from_numpy(np.asarray(x, dtype=np.float64)).to(tdt[_name(x.dtype)])
        return fn(t).to(torch.float64).numpy().astype(x.dtype)

    def d1(x: Any) -> Any:
        t = torch.from_numpy(np.asarray(x, dtype=np.float64)).to(tdt[_name(x.dtype)]).requires_grad_(True)
        y = fn(t)
        y.backward(torch.ones_like(y))
        assert t.grad is not None
        return t.grad.to(torch.float64).numpy().astype(x.dtype)

    return f"torch {torch.__version__}", f, d1


def _name(dtype: np.dtype[Any]) -> str:
    return "bfloat16" if dtype.name == "bfloat16" else str(dtype)


# ------------------------------------------------------------------------------------- the data
@dataclass(frozen=True)
class Side:
    """A threshold on each side of 0: the |x| from which something happens (None: it never does
    on the dtype's finite range)."""

    neg: float | None
    pos: float | None


@dataclass(frozen=True)
class FormError:
    form: str  # "actcli", "textbook", "torch"
    label: str  # how the form is written (or torch's version)
    order: int  # 0 for f, 1 for f′
    max_ulp: float  # the largest error in ULP where the result is finite and not flushed
    at: float  # where it is attained
    flushed: Side  # from where the result is 0 though the exact value rounds to a non-zero
    overflowed: Side  # from where the result is ±inf though the exact value is finite in the dtype
    errors: tuple[tuple[float, float], ...] = field(repr=False, default=())  # (x, ulp) for |x| ≤ PLOT_WINDOW


@dataclass(frozen=True)
class DtypePrecision:
    dtype: str
    points: int  # how many values of the dtype were measured
    f_overflows: Side  # where the exact f exceeds the dtype's largest finite value
    f_underflows: Side  # where the exact f rounds to 0 in the dtype (and is not 0)
    d1_underflows: Side  # where the exact f′ rounds to 0 in the dtype (and is not 0)
    forms: tuple[FormError, ...]


@dataclass(frozen=True)
class Precision:
    act: Activation
    reference: str
    dtypes: tuple[DtypePrecision, ...]
    torch: str | None  # torch's version if it was measured


# --------------------------------------------------------------------------------------- helpers
def _all_values(dtype: np.dtype[Any]) -> NDArray[Any]:
    """Every finite non-zero value of a 16-bit dtype, as that dtype."""
    bits = np.arange(1, 1 << 16, dtype=np.uint32).astype(np.uint16)
    xs = bits.view(dtype)
    with np.errstate(all="ignore"):
        wide = xs.astype(np.float64)
    return np.unique(xs[np.isfinite(wide) & (wide != 0)])


def _sample(dtype: np.dtype[Any]) -> NDArray[Any]:
    if dtype.itemsize == 2:
        return _all_values(dtype)
    fi = np.finfo(dtype)
    tiny = float(fi.smallest_subnormal)
    logs = np.exp(np.linspace(math.log(tiny), math.log(float(fi.max)), SAMPLE_LOG))
    logs[-1] = float(fi.max)
    edge = 1.1 * math.log(float(fi.max))  # beyond where exp overflows
    lin = np.concatenate([np.linspace(-60, 60, SAMPLE_LINEAR), np.linspace(-edge, edge, SAMPLE_LINEAR)])
    xs = np.concatenate([logs, -logs, lin]).astype(dtype)
    xs = xs[np.isfinite(xs) & (xs != 0)]
    return np.unique(xs)


def _ulp(v: NDArray[np.float64], nmant: int, minexp: int) -> NDArray[np.float64]:
    """The spacing of the dtype at |v| (subnormal spacing below its smallest normal)."""
    _, e = np.frexp(np.abs(v))
    return np.asarray(np.ldexp(1.0, np.maximum(e - 1, minexp) - nmant), dtype=np.float64)


def _finfo(dtype: np.dtype[Any]) -> tuple[int, int, float]:
    if dtype.name == "bfloat16":
        return 7, -126, 3.3895313892515355e38
    fi = np.finfo(dtype)
    return int(fi.nmant), int(fi.minexp), float(fi.max)


Reference = tuple["NDArray[np.float64]", "NDArray[np.float64]", "NDArray[np.bool_]"]


#: exact values of f (order 0) or f′ (order 1) at float64 points, as (hi, lo, nonzero) with
#: hi + lo the exact value; the caller supplies it (actcli.api.exact_values builds it from the
#: record's closed form with SymPy and mpmath), so that this module stays numpy-only
Exact = Callable[[Activation, int, "NDArray[np.float64]"], Reference]


def _reference(act: Activation, order: int, xs: NDArray[Any], exact: Exact | None) -> Reference:
    x64 = xs.astype(np.float64)
    if xs.dtype == np.float64 and exact is not None and act.record.expression is not None:
        return exact(act, order, x64)
    y = act(x64) if order == 0 else act.derivative(x64)
    hi = np.asarray(y, dtype=np.float64)
    return hi, np.zeros(x64.size), hi != 0


def _tail(xs: NDArray[np.float64], bad: NDArray[np.bool_], relevant: NDArray[np.bool_]) -> list[tuple[float, float] | None]:
    """On each side of 0 (negative first): where the outer run of ``bad`` starts, among the
    ``relevant`` samples — (the last relevant |x| before it that is not bad, or 0; its first |x|),
    or None when the outermost relevant sample is not bad."""
    out: list[tuple[float, float] | None] = []
    for sign in (-1.0, 1.0):
        pick = (np.sign(xs) == sign) & relevant
        mags, flags = np.abs(xs[pick]), bad[pick]
        order = np.argsort(mags)
        mags, flags = mags[order], flags[order]
        if mags.size == 0 or not flags[-1]:
            out.append(None)
            continue
        good = np.flatnonzero(~flags)
        start = int(good[-1]) + 1 if good.size else 0
        out.append((float(mags[start - 1]) if start > 0 else 0.0, float(mags[start])))
    return out


def _first(xs: NDArray[np.float64], bad: NDArray[np.bool_], relevant: NDArray[np.bool_],
           pred: Callable[[Any], bool], dtype: np.dtype[Any]) -> Side:
    """Where the outer run of ``bad`` starts on each side, located exactly between the samples
    around its start by bisection over the dtype's values (``pred`` of a one-value array)."""
    found = []
    for sign, run in zip((-1.0, 1.0), _tail(xs, bad, relevant)):
        found.append(None if run is None else abs(_bisect(sign * run[0], sign * run[1], pred, dtype)))
    return Side(found[0], found[1])


def _bisect(a: float, b: float, pred: Callable[[Any], bool], dtype: np.dtype[Any]) -> float:
    """The dtype value closest to a in (a, b] where pred holds, if it holds at b and
    switches once in between; bisection on the integer codes of the dtype's values."""
    itype = {1: np.int8, 2: np.int16, 4: np.int32, 8: np.int64}[dtype.itemsize]
    ia = int(np.array(a, dtype=np.float64).astype(dtype).view(itype))
    ib = int(np.array(b, dtype=np.float64).astype(dtype).view(itype))
    while abs(ib - ia) > 1:
        mid = (ia + ib) // 2
        xm = np.array([mid], dtype=itype).view(dtype)
        if pred(xm):
            ib = mid
        else:
            ia = mid
    return float(np.array([ib], dtype=itype).view(dtype).astype(np.float64)[0])


def _value(fn: Fn, xm: Any) -> float:
    with np.errstate(all="ignore"):
        return float(np.asarray(fn(xm)).astype(np.float64).reshape(-1)[0])


def _exact_rounds(act: Activation, order: int, dtype: np.dtype[Any], to_inf: bool,
                  exact: Exact | None) -> Callable[[Any], bool]:
    """Whether the exact value at a one-value array rounds to inf (or to 0, being non-zero)."""

    def pred(xm: Any) -> bool:
        hi, _, nonzero = _reference(act, order, xm, exact)
        with np.errstate(all="ignore"):
            r = float(hi.astype(dtype).astype(np.float64)[0])
        return bool(np.isinf(r)) if to_inf else bool(nonzero[0] and r == 0)

    return pred


def _measure(form: str, label: str, order: int, fn: Fn, xs: NDArray[Any], hi: NDArray[np.float64],
             lo: NDArray[np.float64], dtype: np.dtype[Any]) -> FormError:
    nmant, minexp, big = _finfo(dtype)
    with np.errstate(all="ignore"):
        y = np.asarray(fn(xs)).astype(np.float64)
        exact_rounded = hi.astype(dtype).astype(np.float64)
        x64 = xs.astype(np.float64)
        ok = np.isfinite(hi) & np.isfinite(exact_rounded)
        flushed = ok & (y == 0) & (exact_rounded != 0)
        overflowed = ok & np.isinf(y)
        measured = ok & ~flushed & ~overflowed & np.isfinite(y) & ~((y == 0) & (exact_rounded == 0))
        err = np.abs((y - hi) - lo) / _ulp(exact_rounded, nmant, minexp)
    err = np.where(measured, err, np.nan)
    if np.any(measured):
        i = int(np.nanargmax(err))
        worst, at = float(err[i]), float(x64[i])
    else:
        worst, at = 0.0, math.nan
    window = measured & (np.abs(x64) <= PLOT_WINDOW)
    shown = window | ((flushed | overflowed) & (np.abs(x64) <= PLOT_WINDOW))
    plotted = np.where(flushed | overflowed, np.inf, err)
    return FormError(
        form, label, order, worst, at,
        _first(x64, flushed, ok & (exact_rounded != 0), lambda xm: bool(_value(fn, xm) == 0), dtype),
        _first(x64, overflowed, ok, lambda xm: bool(np.isinf(_value(fn, xm))), dtype),
        tuple(zip(x64[shown].tolist(), plotted[shown].tolist())),
    )


def precision(act: Activation, dtypes: tuple[str, ...] = DTYPES, exact: Exact | None = None) -> Precision:
    """Measure f and f′ of an elementwise activation in each dtype (see the module's docstring).

    ``exact`` gives the true values in float64 (without it, float64 is measured against actcli's
    own float64, which says nothing: pass :func:`actcli.api.exact_values`)."""
    if act.kind != "elementwise":
        raise NotElementwiseError(f"{act.name} is a {act.kind} activation: precision is measured for elementwise ones")
    textbook = _textbook(act)
    torch = _torch_forms(act)
    out = []
    for name in dtypes:
        dtype = _dtype(name)
        xs = _sample(dtype)
        x64 = xs.astype(np.float64)
        _, _, big = _finfo(dtype)
        forms: list[FormError] = []
        sides: list[Side] = []
        for order in (0, 1):
            hi, lo, nonzero = _reference(act, order, xs, exact)
            ours: Fn = (lambda x: act(x)) if order == 0 else (lambda x: act.derivative(x))
            forms.append(_measure("actcli", "actcli", order, ours, xs, hi, lo, dtype))
            if textbook is not None:
                label, fn = (textbook[0], textbook[1]) if order == 0 else (textbook[2], textbook[3])
                forms.append(_measure("textbook", label, order, _in(dtype, fn), xs, hi, lo, dtype))
            if torch is not None:
                label_t, f_t, d1_t = torch
                forms.append(_measure("torch", label_t, order, f_t if order == 0 else d1_t, xs, hi, lo, dtype))
            with np.errstate(all="ignore"):
                rounded = hi.astype(dtype).astype(np.float64)
            if order == 0:
                sides.append(_first(x64, np.isfinite(hi) & np.isinf(rounded), np.isfinite(hi),
                                    _exact_rounds(act, 0, dtype, True, exact), dtype))
            sides.append(_first(x64, nonzero & (rounded == 0), np.isfinite(hi) & nonzero,
                                _exact_rounds(act, order, dtype, False, exact), dtype))
        forms.sort(key=lambda f: (f.order, ("actcli", "textbook", "torch").index(f.form)))
        out.append(DtypePrecision(name, int(xs.size), sides[0], sides[1], sides[2], tuple(forms)))
    reference = "mpmath for float64 (40+ digits), actcli's float64 for the rest"
    if act.record.expression is None:
        reference = "actcli's float64 values (exact for this piecewise-linear function)"
    return Precision(act, reference, tuple(out), torch[0] if torch else None)
