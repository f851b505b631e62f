"""Shared pieces of the catalogue: kernel helpers, reference strings and init notes."""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from actcli.core.record import INF, Claims, Init, Interval, Params

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


#: Bytes of input per block. A formula runs over the input one block at a time, so that its
#: intermediate arrays (a few blocks in all) stay in a core's L2 cache instead of each taking a
#: full-size pass through memory, and no call holds more than one full-size array (its result).
BLOCK_BYTES = 1 << 18


Kernel = Callable[..., None]


try:  # the compiled loops (csrc/), where they were built; the numpy kernels otherwise
    from actcli import _fast as _compiled

    COMPILED: frozenset[str] = frozenset(_compiled.names())
except ImportError:  # pragma: no cover - a build without a C compiler
    COMPILED = frozenset()

_use_compiled = [True]

def compiled_in_use() -> bool:
    """Whether a kernel with a compiled loop runs it now (built, and not inside numpy_kernels())."""
    return bool(COMPILED) and _use_compiled[-1]


#: How many calls ran a compiled loop (the tests find which activations have one by it, and run
#: those both ways).
COMPILED_CALLS = [0]


@contextlib.contextmanager
def numpy_kernels() -> Iterator[None]:
    """Run the numpy kernels even where a compiled one exists (the tests hold both to the same
    bars; the benchmarks time both). Process-wide, for tests and benchmarks: not per thread."""
    _use_compiled.append(False)
    try:
        yield
    finally:
        _use_compiled.pop()


def inexact32(v: float) -> bool:
    """v is not a float32 (rounded there): for a kernel whose float32 result depends on v exactly —
    the band of the shrink functions, where float32(0.1) > 0.1 would move a value across the edge —
    float32 blocks compute in float64 (the compiled loops always do)."""
    with np.errstate(over="ignore"):
        return float(np.float32(v)) != v


_F32 = np.finfo(np.float32)


def _beyond32(params: dict[str, Any]) -> bool:
    """A parameter that float32 cannot hold as a normal number (it would become inf, 0 or a
    subnormal that has lost its digits; ±inf, softplus's "no cut-off", is a float32): a float32
    block then computes in float64, whatever the kernel, so that a slope of 1e-300 or a threshold
    of 1e300 stays itself."""
    return any(
        isinstance(v, float) and v != 0.0 and abs(v) != math.inf and not (float(_F32.tiny) <= abs(v) <= float(_F32.max))
        for v in params.values()
    )


def _power_of_two(v: float) -> bool:
    """Multiplying or dividing by v is exact (no rounding) in any binary float format."""
    return v > 0 and math.frexp(v)[0] == 0.5


@overload
def blockwise(kernel: Kernel) -> Callable[..., Array]: ...


@overload
def blockwise(
    *, wide: bool | Callable[..., bool] = False, narrow: bool = False, compiled: bool = False
) -> Callable[[Kernel], Callable[..., Array]]: ...


def blockwise(
    kernel: Kernel | None = None,
    *,
    wide: bool | Callable[..., bool] = False,
    narrow: bool = False,
    compiled: bool = False,
) -> Any:
    """Turn ``kernel(x, y, **params)``, which writes f(x) into ``y`` for a 1-D block ``x``, into
    ``f(x, **params)`` over a whole array, computed in the array's own dtype, block by block.

    ``wide`` (True, or a predicate of the parameters) marks a formula whose accuracy needs float64
    arithmetic: a float32 block is then widened, computed and rounded once, still one block at a
    time. The kernel may read ``x`` after writing ``y`` (the two never share memory) and may
    allocate block-sized temporaries. Callers pass an array of a floating dtype. With ``narrow``,
    the kernel is also told ``narrow=True`` when its float64 block will be rounded to a narrower
    dtype (it may then stop where float64's accuracy exceeds what the rounding keeps).

    With ``compiled``, a compiled loop of the kernel's name (csrc/), where one was built, runs
    over the whole array instead, given the kernel's parameters in the order the kernel names them.
    """

    def wrap(kernel: Kernel) -> Callable[..., Array]:
        name = kernel.__name__
        code = kernel.__code__
        order = tuple(p for p in code.co_varnames[2 : code.co_argcount + code.co_kwonlyargcount] if p != "narrow")
        fast = compiled and name in COMPILED

        @functools.wraps(kernel)
        def apply(x: Array, **params: Any) -> Array:
            # contiguous and aligned (the compiled loops read whole machine words; numpy describes
            # an unaligned buffer as "=d", which they refuse)
            x = x if x.flags.c_contiguous and x.flags.aligned else np.array(x, order="C")
            out = np.empty(x.shape, x.dtype)
            flat_x, flat_y = x.reshape(-1), out.reshape(-1)
            if fast and _use_compiled[-1]:
                _compiled.apply(name, flat_x, flat_y, *(float(params[p]) for p in order))
                COMPILED_CALLS[0] += 1
                return out
            widen = x.dtype != np.float64 and ((wide(**params) if callable(wide) else wide) or _beyond32(params))
            if narrow:
                params = {**params, "narrow": x.dtype != np.float64}
            if not widen:
                step = max(1, BLOCK_BYTES // x.itemsize)
                for i in range(0, flat_x.size, step):
                    kernel(flat_x[i : i + step], flat_y[i : i + step], **params)
                return out
            # Two float64 blocks reused for the whole call: copyto widens and rounds in one plain
            # pass each (a ufunc asked to cast, by dtype= or a narrower out=, goes through
            # numpy's buffered iterator, and a fresh block per step is a fresh allocation).
            step = max(1, BLOCK_BYTES // 8)
            wx, wy = np.empty(min(step, flat_x.size)), np.empty(min(step, flat_x.size))
            for i in range(0, flat_x.size, step):
                xb = flat_x[i : i + step]
                n = xb.size
                np.copyto(wx[:n], xb)
                kernel(wx[:n], wy[:n], **params)
                np.copyto(flat_y[i : i + n], wy[:n], casting="same_kind")
            return out

        return apply

    return wrap(kernel) if kernel is not None else wrap


def per_block(fn: Callable[..., Array]) -> Callable[..., Array]:
    """``fn(x, **params)``, a formula over whole arrays that returns x's dtype, run block by block
    (:func:`blockwise`): its temporaries are then block-sized, not full-sized."""

    def kernel(x: Array, y: Array, **params: Any) -> None:
        np.copyto(y, fn(x, **params))

    functools.update_wrapper(kernel, fn)
    return blockwise(kernel)


def fast_path(compute: Callable[[], None]) -> bool:
    """Run ``compute`` (a formula over one block) with overflow and invalid operations raised, and
    say whether it finished without either: a rare branch (a far tail where an exp overflows, an
    inf·0 at ±inf) is then fixed up only for the blocks that have it, at the cost of the flags
    numpy checks after every ufunc anyway, where a scan of the block for such x costs a read of
    it. A block that raised may hold partial results: the caller computes it again its slow way.
    A NaN input may raise too (and then takes the slow way, which gives NaN)."""
    try:
        with np.errstate(over="raise", invalid="raise"):
            compute()
    except FloatingPointError:
        return False
    return True


def _step(t: Array, y: Array) -> None:
    """y = 1 where t > 0, 0 where t ≤ 0, NaN at NaN: ceil(clip(t, 0, 1)), two branch-free passes
    (numpy's masked selections, np.where and copyto(where=), are an order of magnitude slower)."""
    np.clip(t, 0.0, 1.0, out=y)
    np.ceil(y, out=y)


def _inside(x: Array, lo: float, hi: float, y: Array) -> None:
    """y = 1 where lo < x < hi, 0 elsewhere, NaN at NaN: the step of min(x − lo, hi − x), exact in
    IEEE arithmetic (a − b is 0 only when a = b, and rounding keeps its sign)."""
    np.subtract(hi, x, out=y)
    np.minimum(y, x if lo == 0.0 else x - lo, out=y)
    _step(y, y)


def _outside(x: Array, lam: float, y: Array) -> None:
    """y = 1 where |x| > lam, 0 elsewhere, NaN at NaN."""
    np.abs(x, out=y)
    np.subtract(y, lam, out=y)
    _step(y, y)


def _blend(y: Array, m: Array, value: float) -> None:
    """y = value where m is 1, y where m is 0 (m from :func:`_step`; y finite where m is 1):
    y·(1 − m) + value·m, exact since each product is the value itself or a zero."""
    keep = np.subtract(1.0, m)
    np.multiply(y, keep, out=y)
    np.multiply(m, value, out=keep)
    np.add(y, keep, out=y)


def _at_inf(x: Array, y: Array, at_neg_inf: float, at_pos_inf: float) -> Array:
    """Replace results at ±inf by the function's limits (where a product gives inf·0)."""
    return np.where(x == -np.inf, at_neg_inf, np.where(x == np.inf, at_pos_inf, y))


def _nan_where_nan(x: Array, y: Array) -> Array:
    return np.where(np.isnan(x), np.nan, y)


def _zeros(x: Array) -> Array:
    return _nan_where_nan(x, np.zeros_like(x))


def _ones(x: Array) -> Array:
    return _nan_where_nan(x, np.ones_like(x))


def zero_d2(x: Array, **_: Any) -> Array:
    """Second derivative of a piecewise-linear function: 0 everywhere it exists (and at kinks)."""
    return _zeros(x)


TORCH = "PyTorch nn docs, https://pytorch.org/docs/stable/nn.html#non-linear-activations-weighted-sum-nonlinearity"


JAX = "jax.nn docs, https://jax.readthedocs.io/en/latest/jax.nn.html"


SEED = "the seed tutorial (a Chinese-language tutorial on neural-network basics and common activation functions), §2"


GAIN = "torch.nn.init.calculate_gain"


REAL = Interval(-INF, INF)


def _f(params: Params, name: str) -> float:
    value = params[name]
    assert isinstance(value, float)
    return value


def _he(note: str = "unbounded above (ReLU-like): the He (Kaiming) family") -> Init:
    return Init("he", None, note + "; torch's calculate_gain has no entry for it")


def _xavier(note: str = "bounded: the Xavier (Glorot) family") -> Init:
    return Init("xavier", None, note + "; torch's calculate_gain has no entry for it")


def _static(claims: Claims) -> Callable[[Params], Claims]:
    """Claims that do not depend on parameters."""
    return lambda params: claims
