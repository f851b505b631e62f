"""Look activations up by name or spec, and bind parameters into an :class:`Activation`.

A spec is ``NAME[:key=value[,key=value...]]``, e.g. ``leaky_relu:negative_slope=0.2``. Names are
matched after normalisation (case, ``-``, ``_`` and spaces ignored), so ``LeakyReLU``,
``leaky-relu`` and ``leaky relu`` are one name. An unknown name lists close matches.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.activations import RECORDS
from actcli.errors import NotElementwiseError, ParameterError, UnknownActivationError
from actcli.record import Claims, Init, Param, ParamValue, Record, fmt_num

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import ArrayLike, NDArray


def normalise(name: str) -> str:
    """``"Leaky-ReLU"`` → ``"leakyrelu"``: what two spellings must share to be one name."""
    return "".join(ch for ch in name.lower() if ch not in "-_ \t")


def _build_index(records: tuple[Record, ...]) -> dict[str, Record]:
    index: dict[str, Record] = {}
    for record in records:
        for spelling in (record.name, *record.aliases):
            key = normalise(spelling)
            other = index.get(key)
            if other is not None and other is not record:
                raise RuntimeError(
                    f"alias collision: {spelling!r} names both {other.name!r} and {record.name!r}"
                )
            index[key] = record
    return index


_INDEX = _build_index(RECORDS)


def names() -> list[str]:
    """Canonical names of every registered activation, in display order."""
    return [r.name for r in RECORDS]


def records() -> tuple[Record, ...]:
    return RECORDS


def lookup(name: str) -> Record:
    """The record registered under ``name`` (or an alias); raises with close matches."""
    record = _INDEX.get(normalise(name))
    if record is None:
        raise UnknownActivationError(
            f"unknown activation {name.strip()!r}", hint=_suggest(name)
        )
    return record


def _suggest(name: str) -> str:
    import difflib

    key = normalise(name)
    close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.6)
    seen: list[str] = []
    for k in close:
        canonical = _INDEX[k].name
        if canonical not in seen:
            seen.append(canonical)
    where = "run 'actcli list' for all names"
    if seen:
        return "did you mean " + " or ".join(repr(s) for s in seen) + "? " + where
    return where


def _parse_value(param: Param, raw: str, record: Record) -> ParamValue:
    text = raw.strip()
    if param.choices:
        if text not in param.choices:
            raise ParameterError(
                f"{record.name}: {param.name} must be one of {param.valid}, not {text!r}"
            )
        return text
    try:
        value = float(text)
    except ValueError:
        raise ParameterError(
            f"{record.name}: {param.name} must be a number, not {text!r}",
            hint=f"valid: {param.valid}",
        ) from None
    return value


def _check_value(param: Param, value: ParamValue, record: Record) -> ParamValue:
    if param.choices:
        if value not in param.choices:
            raise ParameterError(
                f"{record.name}: {param.name} must be one of {param.valid}, not {value!r}"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"{record.name}: {param.name} must be a number, not {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ParameterError(
            f"{record.name}: {param.name} must be finite, not {fmt_num(v)}",
            hint=f"valid: {param.valid}",
        )
    above = v > param.lo or (param.lo_closed and v == param.lo)
    below = v < param.hi or (param.hi_closed and v == param.hi)
    if not (above and below):
        raise ParameterError(
            f"{record.name}: {param.name} = {fmt_num(v)} is outside its valid range {param.valid}"
        )
    return v


def _check_together(record: Record, params: dict[str, ParamValue]) -> None:
    if record.name == "hardtanh":
        lo, hi = params["min_val"], params["max_val"]
        assert isinstance(lo, float) and isinstance(hi, float)
        if not lo < hi:
            raise ParameterError(
                f"hardtanh: min_val ({fmt_num(lo)}) must be less than max_val ({fmt_num(hi)})"
            )


def _valid_keys(record: Record) -> str:
    if not record.params:
        return f"{record.name} takes no parameters"
    return "valid: " + ", ".join(f"{p.name} in {p.valid} (default {p.default})" for p in record.params)


def bind(record: Record, overrides: Mapping[str, Any]) -> Activation:
    """Check ``overrides`` against the record's parameters and return the bound activation."""
    known = {p.name: p for p in record.params}
    params: dict[str, ParamValue] = dict(record.defaults())
    for key, value in overrides.items():
        param = known.get(key)
        if param is None:
            raise ParameterError(
                f"{record.name} has no parameter {key!r}", hint=_valid_keys(record)
            )
        params[key] = _check_value(param, value, record)
    _check_together(record, params)
    return Activation(record, params)


def parse_spec(spec: str) -> tuple[Record, dict[str, ParamValue]]:
    """``"leaky_relu:negative_slope=0.2"`` → (record, {"negative_slope": 0.2}), validated."""
    text = spec.strip()
    if not text:
        raise UnknownActivationError("empty activation name", hint="run 'actcli list' for all names")
    name, sep, rest = text.partition(":")
    record = lookup(name)
    overrides: dict[str, ParamValue] = {}
    if sep:
        if not rest.strip():
            raise ParameterError(
                f"{spec!r}: nothing after ':'", hint="write NAME:key=value; " + _valid_keys(record)
            )
        known = {p.name: p for p in record.params}
        for item in rest.split(","):
            key, eq, raw = item.partition("=")
            key = key.strip()
            if not eq or not key or not raw.strip():
                raise ParameterError(
                    f"{spec!r}: {item.strip()!r} is not key=value", hint=_valid_keys(record)
                )
            if key in overrides:
                raise ParameterError(f"{spec!r}: {key!r} is given twice")
            param = known.get(key)
            if param is None:
                raise ParameterError(
                    f"{record.name} has no parameter {key!r}", hint=_valid_keys(record)
                )
            overrides[key] = _parse_value(param, raw, record)
    return record, overrides


def get(spec: str, **params: Any) -> Activation:
    """The activation named by ``spec`` with its parameters bound, or — when ``spec`` is no
    registered name but an expression in x — a custom activation derived symbolically.

    >>> get("leaky_relu:negative_slope=0.2").params
    {'negative_slope': 0.2}
    """
    try:
        record, overrides = parse_spec(spec)
    except UnknownActivationError:
        from actcli.expression import looks_like_expression

        if not looks_like_expression(spec):
            raise
        if params:
            raise ParameterError("a custom expression takes no parameters; write them into it") from None
        from actcli.expression import custom_activation  # sympy is imported only here

        return custom_activation(spec)
    overrides.update(params)
    return bind(record, overrides)


def _as_float_array(x: ArrayLike) -> tuple[NDArray[np.float64], np.dtype[Any]]:
    arr = np.asarray(x)
    if arr.dtype.kind in "fc":
        if arr.dtype.kind == "c":
            raise ParameterError("complex input is not supported")
        out_dtype = arr.dtype if arr.dtype.itemsize <= 8 else np.dtype(np.float64)
    elif arr.dtype.kind in "biu":
        out_dtype = np.dtype(np.float64)
    else:
        raise ParameterError(f"input must be numeric, not {arr.dtype}")
    return arr.astype(np.float64, copy=False), out_dtype


def _finish(y: NDArray[np.float64], out_dtype: np.dtype[Any]) -> Any:
    out = y.astype(out_dtype, copy=False)
    return out[()] if out.ndim == 0 else out


@dataclass(frozen=True)
class Activation:
    """A registered activation with its parameters bound; call it like a function.

    ``act(x)`` evaluates f, ``act.derivative(x, order=1|2)`` f′ or f″ (elementwise kinds),
    ``act.jacobian(z)`` and ``act.vjp(z, v)`` the derivative of a vector kind.
    Inputs may be scalars or arrays of any shape; float32 stays float32 (computed in float64 and
    rounded once), integers become float64.
    """

    record: Record
    params: dict[str, ParamValue] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.record.aliases

    @property
    def kind(self) -> str:
        return self.record.kind

    @property
    def claims(self) -> Claims:
        return self.record.claims(self.params)

    @property
    def init(self) -> Init:
        return self.record.init(self.params)

    @property
    def label(self) -> str:
        """``leaky_relu (negative_slope=0.2)``: the name, with parameters that differ from default."""
        changed = {
            k: v for k, v in self.params.items() if self.record.defaults().get(k) != v
        }
        if not changed:
            return self.name
        inner = ", ".join(f"{k}={fmt_num(v) if isinstance(v, float) else v}" for k, v in changed.items())
        return f"{self.name} ({inner})"

    @property
    def spec(self) -> str:
        """A spec string that :func:`get` turns back into this activation."""
        if not self.params:
            return self.name
        return self.name + ":" + ",".join(f"{k}={v!r}" if isinstance(v, float) else f"{k}={v}" for k, v in self.params.items())

    def __repr__(self) -> str:
        inner = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.name!r}{inner})"

    def _require(self, kind: str, what: str) -> None:
        if self.kind != kind:
            hint = (
                "use jacobian(z) or vjp(z, v) for a vector activation"
                if kind == "elementwise"
                else "derivative(x) gives the elementwise derivative"
            )
            raise NotElementwiseError(f"{self.name} is a {self.kind} activation: {what} is not defined", hint)

    def __call__(self, x: ArrayLike, axis: int = -1) -> Any:
        arr, dtype = _as_float_array(x)
        fn = self.record.fn
        assert fn is not None
        with np.errstate(all="ignore"):
            if self.kind == "vector":
                if arr.ndim == 0:
                    raise ParameterError(f"{self.name} needs a vector (an array with at least one axis)")
                if arr.size == 0:
                    return _finish(arr.copy(), dtype)
                return _finish(fn(arr, axis=axis), dtype)
            return _finish(fn(arr, **self.params), dtype)

    def derivative(self, x: ArrayLike, order: int = 1) -> Any:
        """f′ (order 1) or f″ (order 2), elementwise; at a kink, PyTorch autograd's value."""
        self._require("elementwise", "an elementwise derivative")
        if order not in (1, 2):
            raise ParameterError(f"order must be 1 or 2, not {order!r}")
        fn = self.record.d1 if order == 1 else self.record.d2
        assert fn is not None
        arr, dtype = _as_float_array(x)
        with np.errstate(all="ignore"):
            return _finish(fn(arr, **self.params), dtype)

    def jacobian(self, z: ArrayLike) -> Any:
        """The K×K Jacobian ∂f(z)ᵢ/∂zⱼ of a vector activation at a 1-D z."""
        self._require("vector", "a Jacobian")
        arr, dtype = _as_float_array(z)
        if arr.ndim != 1 or arr.size == 0:
            raise ParameterError(f"jacobian needs a non-empty 1-D vector, got shape {arr.shape}")
        assert self.record.jacobian is not None
        with np.errstate(all="ignore"):
            return _finish(self.record.jacobian(arr), dtype)

    def vjp(self, z: ArrayLike, v: ArrayLike, axis: int = -1) -> Any:
        """The vector-Jacobian product vᵀ·J along ``axis``, without forming J."""
        self._require("vector", "a vector-Jacobian product")
        arr, dtype = _as_float_array(z)
        varr, _ = _as_float_array(v)
        if arr.shape != varr.shape:
            raise ParameterError(f"z and v must have the same shape, got {arr.shape} and {varr.shape}")
        assert self.record.vjp is not None
        with np.errstate(all="ignore"):
            return _finish(self.record.vjp(arr, varr, axis=axis), dtype)
