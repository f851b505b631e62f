"""The bound activation: a record with its parameters, callable like a function.

One dispatch by kind lives here (elementwise: f, f′, f″; vector: f along an axis, Jacobian, vjp);
nothing else in actcli asks which activation it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.record import Claims, Init, ParamValue, Record
from actcli.errors import NotElementwiseError, ParameterError

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import ArrayLike, NDArray


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
