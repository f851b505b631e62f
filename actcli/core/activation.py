"""The bound activation: a record with its parameters, callable like a function.

One dispatch by kind lives here (elementwise: f, f′, f″; vector: f along an axis, Jacobian, vjp;
gated: f(a, b) = u(a)·g(c(b)) on the two halves along an axis, both partials, Jacobian, vjp);
nothing else in actcli asks which activation it holds.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.record import Claims, Init, ParamValue, Record
from actcli.errors import NotElementwiseError, ParameterError

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import ArrayLike, NDArray


_NATIVE = (np.dtype(np.float32), np.dtype(np.float64))


def _masked(x: object) -> bool:
    """``x`` is a numpy masked array, found without importing numpy.ma (which costs every command
    start-up time): no masked array can exist before numpy.ma is imported."""
    ma = sys.modules.get("numpy.ma")
    return ma is not None and isinstance(x, ma.MaskedArray)


def _as_float_array(x: ArrayLike, *, native: bool = False) -> tuple[NDArray[Any], np.dtype[Any]]:
    """The input as an array to compute in, and the dtype to return.

    float64 is computed as is; float32 too when ``native`` (the elementwise f and f′, whose
    kernels keep their accuracy in float32), else in float64 and rounded once. float16 and other
    narrow floats (ml_dtypes' bfloat16, ...) are computed in float64 and rounded once to their
    dtype (correctly rounded, as the float64 value is within a few ulp of exact); long double is
    computed and returned in float64; integers and booleans become float64.
    """
    if _masked(x):
        raise ParameterError("masked arrays are only accepted by elementwise functions", "fill the masked values first (x.filled(...))")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"input is not an array of numbers: {exc}") from None
    dt = arr.dtype
    if dt.kind == "c":
        raise ParameterError("complex input is not supported", "pass x.real, or x.real and x.imag separately")
    if dt.kind == "f":
        if dt in _NATIVE and (native or dt == np.float64):
            return arr, dt
        return arr.astype(np.float64), (dt if dt.itemsize <= 8 else np.dtype(np.float64))
    if dt.kind in "biu":
        return arr.astype(np.float64), np.dtype(np.float64)
    if dt.kind == "V" and dt.itemsize <= 2 and np.can_cast(dt, np.float64):
        # extension floats (ml_dtypes' bfloat16 and friends) register themselves as kind "V"
        return arr.astype(np.float64), dt
    raise ParameterError(f"input must be numeric (real floats, integers or booleans), not {dt}")


def _round_to_odd_float32(y: NDArray[np.float64]) -> NDArray[np.float32]:
    """float64 → float32 rounded to odd: an inexact result gets an odd last bit. Rounding that
    once more to a format at least two bits narrower (bfloat16) is then correctly rounded, where
    float64 → float32 → bfloat16 to nearest twice could land on the wrong side of a midpoint."""
    with np.errstate(all="ignore"):
        y32 = y.astype(np.float32)
        inexact = (y32.astype(np.float64) != y) & np.isfinite(y32) & ~np.isnan(y)
        fix = inexact & ((y32.view(np.uint32) & 1) == 0)
        if fix.any():
            toward = np.where(y[fix] > y32[fix], np.inf, -np.inf).astype(np.float32)
            y32[fix] = np.nextafter(y32[fix], toward)
    return y32


def _finish(y: NDArray[Any], out_dtype: np.dtype[Any]) -> Any:
    if out_dtype.kind == "V" and y.dtype == np.float64:  # ml_dtypes' casts go through float32
        y = _round_to_odd_float32(y)
    out = y.astype(out_dtype, copy=False)
    return out[()] if out.ndim == 0 else out


def _check_axis(axis: int, ndim: int) -> None:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or not -ndim <= axis < ndim:
        raise ParameterError(
            f"axis {axis!r} is out of range for an array with {ndim} dimension{'s' if ndim != 1 else ''}",
            f"use an integer from {-ndim} to {ndim - 1}",
            option="axis",
        )


def _keep_mask(x: Any, fn: Any) -> Any:
    """Apply an elementwise ``fn`` to a masked array's data and give the result the same mask
    (the masked entries' values are computed but stay masked, as numpy's ufuncs do)."""
    mask = np.ma.getmaskarray(x).copy()
    return np.ma.MaskedArray(fn(np.ma.getdata(x)), mask=mask)


@dataclass(frozen=True)
class Activation:
    """A registered activation with its parameters bound; call it like a function.

    ``act(x)`` evaluates f, ``act.derivative(x, order=1|2)`` f′ or f″ (elementwise kinds),
    ``act.jacobian(z)`` and ``act.vjp(z, v)`` the derivative of a vector or gated kind.
    A gated kind splits its input into halves a (first) and b (second) along ``axis``, as
    torch.nn.functional.glu does; ``act.product(a, b)`` and ``act.partials(a, b)`` take the halves
    directly, ``act.gate(b)`` and ``act.gate_derivative(b)`` the gate alone.
    Inputs may be scalars or arrays of any shape. float64 and float32 are computed in their own
    dtype (f″ of float32 in float64, rounded once); float16 and bfloat16 (ml_dtypes) in float64,
    rounded once to their dtype; integers and booleans become float64. A masked array keeps its
    mask through the elementwise functions (masked entries are computed but stay masked); vector
    functions refuse it, since masked entries would still enter the normalisation.
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

    def changed_params(self) -> dict[str, ParamValue]:
        """The parameters that differ from the record's defaults (what a label shows)."""
        defaults = self.record.defaults()
        return {k: v for k, v in self.params.items() if defaults.get(k) != v}

    @property
    def spec(self) -> str:
        """A spec string that :func:`get` turns back into this activation."""
        if not self.params:
            return self.name
        return self.name + ":" + ",".join(f"{k}={v!r}" if isinstance(v, float) else f"{k}={v}" for k, v in self.params.items())

    def _repr_latex_(self) -> str:
        """The formula as LaTeX, for notebooks (Jupyter renders it)."""
        return "$\\displaystyle " + self.record.formula.latex + "$"

    def __repr__(self) -> str:
        inner = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.name!r}{inner})"

    def _require(self, kind: str, what: str) -> None:
        if self.kind != kind and not (kind == "vector" and self.kind == "gated"):
            hint = (
                "partials(a, b) gives both partial derivatives of a gated activation"
                if self.kind == "gated"
                else "use jacobian(z) or vjp(z, v) for a vector activation"
                if kind == "elementwise"
                else "derivative(x) gives the elementwise derivative"
            )
            raise NotElementwiseError(f"{self.name} is a {self.kind} activation: {what} is not defined", hint)

    # -- gated kinds -------------------------------------------------------------------------

    @property
    def gate_activation(self) -> Activation:
        """The elementwise activation g of a gated kind, with its parameters."""
        self._require("gated", "a gate")
        gate = self.record.gate
        assert gate is not None
        mapped = self.record.gate_params(self.params) if self.record.gate_params is not None else {}
        return Activation(gate, {**gate.defaults(), **mapped})

    def _gate_parts(self, b: NDArray[Any], order: int) -> tuple[NDArray[Any], NDArray[Any]]:
        """g(c(b)) and its derivative in b of the given order (0: none), in b's dtype."""
        gate = self.gate_activation
        c, dc = self.record.clamp(b, **self.params) if self.record.clamp is not None else (b, None)
        fn = gate.record.fn if order == 0 else gate.record.d1 if order == 1 else gate.record.d2
        assert fn is not None
        y = fn(c, **gate.params)
        if dc is not None and order >= 1:
            y = y * (dc**order if order == 2 else dc)  # c is piecewise linear: c″ = 0
        return y, c

    def _linear(self, a: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
        if self.record.linear is not None:
            return self.record.linear(a, **self.params)
        return a, np.ones_like(a)

    def gate(self, b: ArrayLike) -> Any:
        """g(b), the gate of a gated activation (after gpt-oss's clamp, for that one)."""
        self._require("gated", "a gate")
        arr, dtype = _as_float_array(b, native=True)
        with np.errstate(all="ignore"):
            return _finish(self._gate_parts(arr, 0)[0], dtype)

    def gate_derivative(self, b: ArrayLike, order: int = 1) -> Any:
        """g′(b) (order 1) or g″(b) (order 2) of a gated activation's gate, in b; at a kink,
        PyTorch autograd's value."""
        self._require("gated", "a gate derivative")
        if order not in (1, 2) or isinstance(order, bool):
            raise ParameterError(f"order must be 1 or 2, not {order!r}")
        arr, dtype = _as_float_array(b, native=order == 1)
        with np.errstate(all="ignore"):
            return _finish(self._gate_parts(arr, order)[0], dtype)

    def _pair(self, a: ArrayLike, b: ArrayLike) -> tuple[NDArray[Any], NDArray[Any], np.dtype[Any]]:
        self._require("gated", "a product of two halves")
        aa, adt = _as_float_array(a, native=True)
        bb, bdt = _as_float_array(b, native=True)
        if aa.dtype != bb.dtype:
            aa, bb = aa.astype(np.float64), bb.astype(np.float64)
        try:
            aa, bb = np.broadcast_arrays(aa, bb)
        except ValueError:
            raise ParameterError(f"the halves a and b must have the same shape, got {aa.shape} and {bb.shape}") from None
        return aa, bb, np.result_type(adt, bdt) if adt.kind == bdt.kind == "f" else adt

    def product(self, a: ArrayLike, b: ArrayLike) -> Any:
        """f(a, b) = u(a)·g(b) for the two halves given separately (u(a) = a except gpt-oss)."""
        aa, bb, dtype = self._pair(a, b)
        with np.errstate(all="ignore"):
            return _finish(self._linear(aa)[0] * self._gate_parts(bb, 0)[0], dtype)

    def partials(self, a: ArrayLike, b: ArrayLike) -> tuple[Any, Any]:
        """(∂f/∂a, ∂f/∂b) = (u′(a)·g(b), u(a)·g′(b)) elementwise; at a kink, PyTorch's value."""
        aa, bb, dtype = self._pair(a, b)
        with np.errstate(all="ignore"):
            u, du = self._linear(aa)
            g = self._gate_parts(bb, 0)[0]
            dg = self._gate_parts(bb, 1)[0]
            return _finish(du * g, dtype), _finish(u * dg, dtype)

    def split(self, x: ArrayLike, axis: int = -1) -> tuple[Any, Any]:
        """The halves (a, b) of a gated activation's input along ``axis`` (a first, as torch's glu)."""
        self._require("gated", "a split into halves")
        arr = np.asarray(x) if not isinstance(x, np.ma.MaskedArray) else x
        if arr.ndim == 0:
            raise ParameterError(f"{self.name} needs an array whose axis splits into two halves, not a scalar")
        _check_axis(axis, arr.ndim)
        n = arr.shape[axis]
        if n % 2:
            raise ParameterError(
                f"{self.name} splits its input in two halves along axis {axis}, whose length {n} is odd",
                "give an even number of values along that axis (a first, then b)", option="axis",
            )
        a, b = np.split(arr, 2, axis=axis)
        return a, b

    def __call__(self, x: ArrayLike, axis: int = -1) -> Any:
        if self.kind == "gated":
            if isinstance(x, np.ma.MaskedArray):
                raise ParameterError("masked arrays are only accepted by elementwise functions",
                                     "fill the masked values first (x.filled(...))")
            a, b = self.split(x, axis)
            return self.product(a, b)
        fn = self.record.fn
        assert fn is not None
        if self.kind == "vector":
            arr, dtype = _as_float_array(x)
            if arr.ndim == 0:
                raise ParameterError(f"{self.name} needs a vector (an array with at least one axis)")
            _check_axis(axis, arr.ndim)
            if arr.size == 0:
                return _finish(arr.copy(), dtype)
            with np.errstate(all="ignore"):
                return _finish(fn(arr, axis=int(axis)), dtype)
        if _masked(x):
            return _keep_mask(x, self)
        arr, dtype = _as_float_array(x, native=True)
        with np.errstate(all="ignore"):
            return _finish(fn(arr, **self.params), dtype)

    def derivative(self, x: ArrayLike, order: int = 1) -> Any:
        """f′ (order 1) or f″ (order 2), elementwise; at a kink, PyTorch autograd's value.

        f′ of float32 input is computed in float32; f″ in float64 and rounded once."""
        self._require("elementwise", "an elementwise derivative")
        if order not in (1, 2) or isinstance(order, bool):
            raise ParameterError(f"order must be 1 or 2, not {order!r}")
        fn = self.record.d1 if order == 1 else self.record.d2
        assert fn is not None
        if _masked(x):
            return _keep_mask(x, lambda data: self.derivative(data, order))
        arr, dtype = _as_float_array(x, native=order == 1)
        with np.errstate(all="ignore"):
            return _finish(fn(arr, **self.params), dtype)

    def param_gradient(self, x: ArrayLike, name: str) -> Any:
        """∂f/∂p elementwise for the learnable parameter ``name`` (PReLU's slope), in float64."""
        grads = dict(self.record.param_grads)
        if name not in grads:
            raise ParameterError(f"{self.name} has no parameter gradient for {name!r}",
                                 "learnable: " + (", ".join(grads) or "none"))
        arr, dtype = _as_float_array(x)
        with np.errstate(all="ignore"):
            return _finish(grads[name](arr, **self.params), dtype)

    def jacobian(self, z: ArrayLike) -> Any:
        """The K×K Jacobian ∂f(z)ᵢ/∂zⱼ of a vector activation at a 1-D z; for a gated one the
        n×2n Jacobian of f(z) = u(a)·g(b), z = [a, b]: [diag(∂f/∂a) | diag(∂f/∂b)]."""
        self._require("vector", "a Jacobian")
        arr, dtype = _as_float_array(z)
        if arr.ndim != 1 or arr.size == 0:
            raise ParameterError(f"jacobian needs a non-empty 1-D vector, got shape {arr.shape}")
        if self.kind == "gated":
            a, b = self.split(arr)
            da, db = self.partials(a, b)
            return _finish(np.concatenate([np.diag(np.asarray(da, np.float64)), np.diag(np.asarray(db, np.float64))], axis=1), dtype)
        assert self.record.jacobian is not None
        with np.errstate(all="ignore"):
            return _finish(self.record.jacobian(arr), dtype)

    def vjp(self, z: ArrayLike, v: ArrayLike, axis: int = -1) -> Any:
        """The vector-Jacobian product vᵀ·J along ``axis``, without forming J. For a gated kind v
        has half z's length along ``axis`` and the result is [v·∂f/∂a, v·∂f/∂b] (z's shape)."""
        self._require("vector", "a vector-Jacobian product")
        arr, dtype = _as_float_array(z)
        varr, _ = _as_float_array(v)
        if self.kind == "gated":
            a, b = self.split(arr, axis)
            if a.shape != varr.shape:
                raise ParameterError(f"v must have the shape of one half of z, {a.shape}, not {varr.shape}")
            da, db = self.partials(a, b)
            with np.errstate(all="ignore"):
                out = np.concatenate([varr * np.asarray(da, np.float64), varr * np.asarray(db, np.float64)], axis=axis)
            return _finish(out, dtype)
        if arr.shape != varr.shape:
            raise ParameterError(f"z and v must have the same shape, got {arr.shape} and {varr.shape}")
        assert self.record.vjp is not None
        _check_axis(axis, arr.ndim)
        with np.errstate(all="ignore"):
            return _finish(self.record.vjp(arr, varr, axis=int(axis)), dtype)
