"""SymPy to numpy: a small program evaluated in float64 with a running error bound, and repaired
in high precision (mpmath, precision doubled until two results agree) wherever the bound says
float64 cannot be trusted to 1e-13 relative.

The bound is first-order forward error analysis: each operation adds its rounding (a few ulps of
its result) and carries its inputs' errors through its derivative. A value that overflowed is
trusted only where the operation keeps it out of range (exp, +, × by |c| ≥ 1, tanh, σ, ...); log,
sqrt, sin and the like of an overflowed value are recomputed. NaN from finite inputs is a point
outside the domain and stays NaN. All work is charged to the expression's budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from actcli.custom.budget import BoundError, Budget
from actcli.custom.symbolic import Registered, X, logcosh, sigmoid, softplus, tanh

U = 2.0**-53
TINY = 2.5e-324
TRUST = 5e-13  # relative error bound below which float64 is kept (the promise is 1e-12)
MAX_DPS = 320
SCAN_REPAIRS = 1000  # garbage points (inf − inf, 0·inf) a scan repairs; the rest it skips
EXP_CAP = 1e5  # |argument| of exp beyond which mpmath reports overflow/underflow instead of computing

UNARY = {
    sp.exp: "exp", sp.log: "log", log1p: "log1p", expm1: "expm1", sp.sin: "sin", sp.cos: "cos",
    sp.tanh: "tanh", tanh: "tanh", sp.sinh: "sinh", sp.cosh: "cosh", sp.erf: "erf", sp.erfc: "erfc",
    sp.sech: "sech", sp.Abs: "abs", sp.sign: "sign", sigmoid: "sigmoid", softplus: "softplus",
    logcosh: "logcosh",
}
#: operations that keep an overflowed input out of range (or saturate exactly)
INF_SAFE = {"add", "exp", "expm1", "sinh", "cosh", "tanh", "erf", "erfc", "sech", "abs", "sign", "heaviside",
            "sigmoid", "softplus", "logcosh", "max", "min", "reg", "powi", "pow1p"}


@dataclass(frozen=True)
class Node:
    op: str
    args: tuple[int, ...] = ()
    value: float = 0.0  # constants, integer or real exponents
    exact: Any = None  # constants: the SymPy number (for mpmath); reg: the class
    h0: float = 0.5


class Program:
    """The expression as a list of operations in evaluation order (shared subtrees computed once)."""

    def __init__(self, expr: Any, budget: Budget) -> None:
        self.nodes: list[Node] = []
        self.exprs: list[Any] = []  # the SymPy sub-expression each node computes
        self.index: dict[Any, int] = {}
        self.budget = budget
        self.built = False  # once built, only high-precision repairs are charged (to a runtime budget)
        self._known: dict[tuple[float, float], tuple[float, int]] = {}  # precise(x): (value, units charged)
        self.out = self._add(expr)

    def _add(self, e: Any) -> int:
        if e in self.index:
            return self.index[e]
        node = self._node(e)
        self.nodes.append(node)
        self.exprs.append(e)
        self.index[e] = len(self.nodes) - 1
        return len(self.nodes) - 1

    def _node(self, e: Any) -> Node:
        if e == X:
            return Node("x")
        if not e.has(X):
            return Node("const", value=constant(e), exact=e)
        if e.is_Add:
            return Node("add", tuple(self._add(a) for a in e.args))
        if e.is_Mul:
            return Node("mul", tuple(self._add(a) for a in e.args))
        if e.is_Pow:
            b, p = e.args
            if p.is_Integer:
                rest = _one_plus(b)
                if rest is not None and abs(p) >= 2:
                    return Node("pow1p", (self._add(rest),), float(p))
                return Node("powi", (self._add(b),), float(p))
            if not p.has(X):
                return Node("powc", (self._add(b),), constant(p), p)
            return Node("pow", (self._add(b), self._add(p)))
        if isinstance(e, (sp.Max, sp.Min)):
            return Node("max" if isinstance(e, sp.Max) else "min", tuple(self._add(a) for a in e.args))
        if isinstance(e, sp.Heaviside):
            h0 = float(e.args[1]) if len(e.args) > 1 else 0.5
            return Node("heaviside", (self._add(e.args[0]),), h0=h0)
        if isinstance(e, Registered):
            return Node("reg", (self._add(e.args[0]),), float(e.order), type(e))
        for cls, name in UNARY.items():
            if type(e) is cls:
                return Node(name, (self._add(e.args[0]),))
        raise BoundError(f"{type(e).__name__} cannot be evaluated", code="unsupported")

    # --- float64 with an error bound ------------------------------------------------------------

    def floats(self, xs: Any) -> tuple[Any, Any]:
        """Values and absolute error bounds at the points ``xs`` (a 1-D float64 array)."""
        if not self.built:  # while building; later, the size of the caller's array sets the cost
            self.budget.charge(len(self.nodes) * (xs.size // 20 + 50), "evaluating in float64")
        vals: list[Any] = []
        errs: list[Any] = []
        with np.errstate(all="ignore"):
            for node in self.nodes:
                v, e = _step(node, [vals[i] for i in node.args], [errs[i] for i in node.args], xs)
                vals.append(v)
                errs.append(e)
        return vals[self.out], errs[self.out]

    def values(self, xs: Any) -> Any:
        """The values :meth:`floats` gives, without their error bounds (charged the same)."""
        if not self.built:
            self.budget.charge(len(self.nodes) * (xs.size // 20 + 50), "evaluating in float64")
        vals: list[Any] = []
        with np.errstate(all="ignore"):
            for node in self.nodes:
                vals.append(_value(node, [vals[i] for i in node.args], xs))
        return vals[self.out]

    def rough(self, xs: Any) -> Any:
        """float64 values without repair (enough to locate a sign change)."""
        return np.asarray(np.broadcast_to(self.values(xs), xs.shape), dtype=np.float64)

    def __call__(self, values: Any) -> Any:
        """Values at ``values`` (any shape), each within 1e-12 relative where it is at least 1e-290."""
        raw = np.asarray(values, dtype=np.float64)
        xs = raw.reshape(-1)
        v, e = self.floats(xs)
        if xs.size == 1:  # a bisection's point: the same test on the one value, without array plumbing
            val, err = float(np.asarray(v).reshape(-1)[0]), float(np.asarray(e).reshape(-1)[0])
            if not (err <= TRUST * abs(val)) and err > 1e-305:
                val = self.precise(float(xs[0]))
            one = np.array([val], dtype=np.float64)
            return one.reshape(raw.shape) if raw.shape else one.reshape(())[()]
        v = np.array(np.broadcast_to(v, xs.shape), dtype=np.float64)
        e = np.broadcast_to(e, xs.shape)
        for i in np.flatnonzero(~(e <= TRUST * np.abs(v)) & (e > 1e-305)):
            v[i] = self.precise(float(xs[i]))
        return v.reshape(raw.shape) if raw.shape else v.reshape(())[()]

    def scan(self, xs: Any) -> Any:
        """Values for a property scan over a large grid: float64 where it is finite (possibly less
        accurate than 1e-12), high precision where float64 produced garbage (inf − inf, 0·inf), at
        most SCAN_REPAIRS such points, evenly spread; the others are skipped (NaN)."""
        v, e = self.floats(xs)
        v = np.array(np.broadcast_to(v, xs.shape), dtype=np.float64)
        e = np.broadcast_to(e, xs.shape)
        garbage = np.flatnonzero(np.isinf(e) | (np.isinf(v) & (e > 0)))
        if garbage.size > SCAN_REPAIRS:
            keep = garbage[np.linspace(0, garbage.size - 1, SCAN_REPAIRS).astype(int)]
            v[garbage] = np.nan
            garbage = keep
        for i in garbage:
            v[i] = self.precise(float(xs[i]))
        return v

    # --- high precision ------------------------------------------------------------------------

    def precise(self, x: float) -> float:
        """The value at x to float64 accuracy: evaluated at 50 digits, and again with the precision
        doubled (up to MAX_DPS) while some sum inside loses nearly all its digits.

        A point asked for again (the analysis revisits some) is answered from memory and charged
        what it cost the first time, so the budget runs out exactly where it would without memory."""
        key = (x, math.copysign(1.0, x))
        if key in self._known:
            value, units = self._known[key]
            self.budget.charge(units, "evaluating in high precision")
            return value
        dps, units = 50, 0
        while True:
            try:
                units += self._units(dps)
                value = _to_float(self.mp(x, dps))
                break
            except _Cancelled as lost:
                if lost.bound < 1e-300:  # what is left is below every value the promise covers
                    value = 0.0
                    break
                if dps >= MAX_DPS:
                    units += self._units(dps)
                    value = _to_float(self.mp(x, dps, strict=False))
                    break
            dps *= 2
        self._known[key] = (value, units)
        return value

    def _units(self, dps: int) -> int:
        """What one evaluation at dps digits is charged."""
        return len(self.nodes) * (50 + dps // 4)

    def mp(self, x: float, dps: int, strict: bool = True) -> Any:
        self.budget.charge(self._units(dps), "evaluating in high precision")
        vals: list[Any] = []
        sign = math.copysign(1.0, x)
        if len(_NODE_VALUES) > MAX_NODE_VALUES:
            _NODE_VALUES.clear()
        with mpmath.workdps(dps):
            for node, expr in zip(self.nodes, self.exprs):
                args = [vals[i] for i in node.args]
                key = (expr, x, sign, dps) if node.args else None
                v = _NODE_VALUES.get(key, _MISSING) if key is not None else _MISSING
                if v is _MISSING:
                    try:
                        v = _mp_step(node, args, x)
                    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                        v = mpmath.nan
                    if isinstance(v, mpmath.mpc):
                        v = v.real if v.imag == 0 else mpmath.nan
                    if key is not None:
                        _NODE_VALUES[key] = v
                if strict and node.op == "add":  # (a NaN sum is never a cancellation)
                    _check_cancellation(v, args, dps)
                vals.append(v)
            return vals[self.out]


#: the value of each sub-expression at a point and a precision, shared by every program (f, f′ and
#: f″, and the unrewritten reference, evaluated at the same point, have many sub-expressions in
#: common); a node's value depends on nothing else, so a value remembered is the value computed
_NODE_VALUES: dict[Any, Any] = {}
MAX_NODE_VALUES = 50_000
_MISSING = object()


def _one_plus(b: Any) -> Any:
    """u for a base 1 + u (an Add with the term 1), else None."""
    if b.is_Add and sp.S.One in b.args:
        return sp.Add(*[t for t in b.args if t != sp.S.One])
    return None


class _Cancelled(Exception):
    """A sum lost (nearly) all its digits at this precision; ``bound`` is what |sum| may be."""

    def __init__(self, bound: float) -> None:
        super().__init__(bound)
        self.bound = bound


_LOST: dict[int, Any] = {}  # 10^(8 − dps), by dps (computed at that precision, so always the same number)


def _check_cancellation(s: Any, terms: list[Any], dps: int) -> None:
    if not mpmath.isfinite(s):
        return
    m = max((abs(t) for t in terms if mpmath.isfinite(t)), default=mpmath.mpf(0))
    if dps not in _LOST:
        _LOST[dps] = mpmath.mpf(10) ** (8 - dps)
    limit = m * _LOST[dps]
    if m > 0 and abs(s) < limit:
        raise _Cancelled(float(limit))


def roots(prog: Program, xs: Any, limit: int, what: str) -> list[float]:
    """Zeros of prog between consecutive points of the sorted grid xs: exact zeros on the grid and
    every sign change, bisected in float64 (all brackets at once) to adjacent doubles, in at most
    about 64 steps (see :func:`_middle`)."""
    v = prog.rough(xs)
    zero = v == 0
    # an exact zero counts where it is isolated; a run of zeros (relu's left half, an underflow)
    # is not a root, and its ends are found as sign changes
    lone = zero & ~np.concatenate([[False], zero[:-1]]) & ~np.concatenate([zero[1:], [False]])
    out = [float(t) for t in xs[lone]]
    s = np.sign(v)
    idx = np.flatnonzero((s[:-1] * s[1:]) < 0)
    if idx.size + len(out) > limit:
        raise BoundError(f"the expression has more than {limit} {what} in the scanned window",
                         hint=f"the bound on {what}", code="count_bound")
    a, b = xs[idx].astype(np.float64), xs[idx + 1].astype(np.float64)
    sa = s[idx]
    for _ in range(1100):
        m = _middle(a, b)
        live = (m != a) & (m != b)
        if not np.any(live):
            break
        sm = np.sign(prog.rough(m))
        same = (sm == sa) & live
        a = np.where(same, m, a)
        b = np.where(~same & live, m, b)
        zero = sm == 0
        a, b = np.where(zero, m, a), np.where(zero, m, b)
    for lo, hi in zip(a.tolist(), b.tolist()):
        r = 0.5 * (lo + hi)
        rounded = round(r, 12) + 0.0
        if lo <= rounded <= hi or abs(float(prog.rough(np.array([rounded]))[0])) <= abs(float(prog.rough(np.array([r]))[0])):
            r = rounded
        out.append(r)
    return sorted(set(out))


def distinct(xs: Any) -> Any:
    """The sorted distinct values of a grid without NaN: what ``np.unique`` returns for it (sorted,
    the first of equal values kept), without importing numpy.ma as ``np.unique`` does."""
    xs = np.sort(np.asarray(xs, dtype=np.float64).reshape(-1))
    return xs[np.concatenate(([True], xs[1:] != xs[:-1]))] if xs.size else xs


def _middle(a: Any, b: Any) -> Any:
    """The point bisection tries next in each bracket [a, b]: the midpoint, except where the bracket
    holds 0 (then 0) or spans more than a factor of 4 (then the middle double, counted in the order
    of the doubles). Halving by value walks down through every binade to a root at 0 or below
    1e-300 (a thousand steps); halving the count of doubles between a and b takes at most 64."""
    m = 0.5 * (a + b)
    straddles = (a < 0) & (b > 0)
    lo, hi = np.minimum(np.abs(a), np.abs(b)), np.maximum(np.abs(a), np.abs(b))
    wide = ~straddles & (hi > 4 * lo)
    if not np.any(straddles | wide):
        return m
    ia, ib = _ordinal(a), _ordinal(b)
    counted = _from_ordinal(ia + (ib - ia) // 2)
    return np.where(straddles, 0.0, np.where(wide, counted, m))


def _ordinal(v: Any) -> Any:
    """Doubles as integers in the same order (−0.0 and 0.0 both 0), consecutive doubles consecutive."""
    bits = np.abs(np.asarray(v, dtype=np.float64)).view(np.int64)
    return np.where(np.signbit(v), -bits, bits)


def _from_ordinal(i: Any) -> Any:
    return np.where(i < 0, -np.abs(i).view(np.float64), np.abs(i).view(np.float64))


def _to_float(v: Any) -> float:
    if mpmath.isnan(v):
        return math.nan
    if mpmath.isinf(v):
        return math.inf if v > 0 else -math.inf
    try:
        return float(v)
    except OverflowError:
        return math.inf if v > 0 else -math.inf


def constant(e: Any) -> float:
    """A real constant sub-expression as a float (refused if complex or beyond 10^300)."""
    from actcli.custom.parse import ExpressionError

    try:
        with mpmath.workdps(40):
            v = _mp_const(e)
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        v = mpmath.nan
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise ExpressionError("invalid expression: it is complex-valued", hint="actcli analyses real functions")
        v = v.real
    if not mpmath.isfinite(v) or abs(v) > mpmath.mpf(10) ** 300:
        raise ExpressionError("invalid expression: a constant in it is not finite or exceeds 10^300",
                              hint="constants must stay below 10^300")
    return float(v)


_CONSTANTS: dict[tuple[Any, int], Any] = {}


def _const_at(e: Any) -> Any:
    """:func:`_mp_const` at the working precision, computed once per constant and precision."""
    key = (e, mpmath.mp.prec)
    if key not in _CONSTANTS:
        if len(_CONSTANTS) > MAX_NODE_VALUES:
            _CONSTANTS.clear()
        try:
            _CONSTANTS[key] = _mp_const(e)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError) as err:
            _CONSTANTS[key] = err
    v = _CONSTANTS[key]
    if isinstance(v, Exception):
        raise v
    return v


def _mp_const(e: Any) -> Any:
    if e.is_Integer or e.is_Rational:
        return mpmath.mpf(int(e.p)) / int(e.q)
    if e.is_Float:
        return mpmath.mpf(e)
    if e == sp.pi:
        return +mpmath.pi
    if e == sp.E:
        return +mpmath.e
    if e.is_Add:
        return mpmath.fsum(_mp_const(a) for a in e.args)
    if e.is_Mul:
        out = mpmath.mpf(1)
        for a in e.args:
            out *= _mp_const(a)
        return out
    if e.is_Pow:
        b, p = _mp_const(e.args[0]), _mp_const(e.args[1])
        if b != 0 and abs(p * mpmath.log(abs(b))) > EXP_CAP:
            return mpmath.inf
        return mpmath.power(b, p)
    for cls, name in UNARY.items():
        if type(e) is cls:
            return _mp_unary(name, _mp_const(e.args[0]), 0.5)
    raise ValueError(type(e).__name__)


# --- one operation, float64 ----------------------------------------------------------------------


def _sig(a: Any) -> Any:
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def _logcosh(a: Any) -> Any:
    """log1p(2 sinh²(u/2)) near 0, |u| + log1p(e^(−2|u|)) − log 2 beyond."""
    m = np.abs(a)
    small = np.log1p(2 * np.sinh(np.minimum(m, 1) / 2) ** 2)
    return np.where(m < 1, small, m + np.log1p(np.exp(-2 * m)) - math.log(2))


#: the value of each unary operation
_UNARY_VALUE: dict[str, Any] = {
    "exp": np.exp, "log": np.log, "log1p": np.log1p, "expm1": np.expm1, "sin": np.sin, "cos": np.cos,
    "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh,
    "erf": lambda a: _elementwise(math.erf, a), "erfc": lambda a: _elementwise(math.erfc, a),
    "sech": lambda a: 1 / np.cosh(a), "abs": np.abs, "sigmoid": _sig,
    "softplus": lambda a: np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a))), "logcosh": _logcosh,
}


def _unary_slope(op: str, a: Any, v: Any) -> Any:
    """|derivative| of a unary operation at a, given its value v there."""
    if op in ("exp", "sinh"):
        return v if op == "exp" else np.cosh(a)
    if op == "log":
        return 1 / np.abs(a)
    if op == "log1p":
        return 1 / np.abs(1 + a)
    if op == "expm1":
        return np.abs(v + 1)
    if op == "sin":
        return np.abs(np.cos(a))
    if op == "cos":
        return np.abs(np.sin(a))
    if op == "tanh":
        return 1 / np.cosh(a) ** 2
    if op == "cosh":
        return np.abs(np.sinh(a))
    if op in ("erf", "erfc"):
        return 2 / math.sqrt(math.pi) * np.exp(-a * a)
    if op == "sech":
        return np.abs(np.tanh(a) * v)
    if op == "abs":
        return np.ones_like(a)
    if op == "sigmoid":
        return v * _sig(-a)
    if op == "softplus":
        return _sig(a)
    if op == "logcosh":
        return np.abs(np.tanh(a))
    raise AssertionError(op)


def _unary_f(op: str, a: Any) -> tuple[Any, Any]:
    """(value, |derivative|) of a unary operation."""
    if op not in _UNARY_VALUE:
        raise AssertionError(op)
    v = _UNARY_VALUE[op](a)
    return v, _unary_slope(op, a, v)


def _elementwise(fn: Any, a: Any) -> Any:
    """The C library's erf or erfc (through Python's math) at every point: within 4 ulps as the
    bound assumes (scipy.special.erfc is 500 ulps off near x = 20, and importing scipy costs more
    than the whole evaluation)."""
    arr = np.asarray(a, dtype=np.float64)
    return np.array([fn(t) for t in arr.reshape(-1).tolist()], dtype=np.float64).reshape(arr.shape)


def _value(node: Node, vs: list[Any], xs: Any) -> Any:
    """The float64 value of one operation (what :func:`_step` computes, without its error bound)."""
    op = node.op
    if op == "x":
        return xs
    if op == "const":
        return np.float64(node.value)
    if op == "add":
        v = vs[0]
        for a in vs[1:]:
            v = v + a
    elif op == "mul":
        v = vs[0]
        for a in vs[1:]:
            v = v * a
    elif op == "powi":
        v = vs[0] ** node.value
    elif op == "pow1p":  # (1 + u)^n: e^(n·log1p u) for small u, so that 1 + u is never rounded
        n, u = node.value, vs[0]
        small = np.abs(u) < 0.5
        y = n * np.log1p(np.where(small, u, 0.0))
        v = np.where(small, np.exp(y), (1 + u) ** n)
    elif op == "powc":
        p = node.value
        a = vs[0]
        v = np.sqrt(a) if p == 0.5 else np.where(a >= 0, np.abs(a) ** p, np.nan)
    elif op == "pow":
        a, b = vs
        v = np.where(a > 0, np.abs(a) ** b, np.where(a == 0, np.where(b > 0, 0.0, np.inf), np.nan))
    elif op in ("max", "min"):
        pick = np.maximum if op == "max" else np.minimum
        v = vs[0]
        for a in vs[1:]:
            v = pick(v, a)
    elif op == "sign":
        v = np.sign(vs[0])
    elif op == "heaviside":
        a = vs[0]
        v = np.where(a > 0, 1.0, np.where(a < 0, 0.0, node.h0))
    elif op == "reg":
        act = _bound(node.exact)
        order = int(node.value)
        arr = np.asarray(vs[0], dtype=np.float64)
        v = act(arr) if order == 0 else act.derivative(arr, order=order)
    else:
        v = _UNARY_VALUE[op](vs[0])
    return np.asarray(v, dtype=np.float64)


def _error(node: Node, vs: list[Any], es: list[Any], v: Any) -> Any:
    """The absolute error bound of one operation whose value is v, its inputs' bounds being es."""
    op = node.op
    if op == "add":
        return sum(es) + len(vs) * U * sum(np.abs(a) for a in vs)
    if op == "mul":
        e = np.zeros_like(v) if np.ndim(v) else np.float64(0.0)
        sizes = [np.abs(b) for b in vs]
        for i, ea in enumerate(es):
            others = np.float64(1.0)
            for j, b in enumerate(sizes):
                if j != i:
                    others = others * b
            e = e + others * ea
        return e + len(vs) * U * np.abs(v)
    if op == "powi":
        n = node.value
        a = vs[0]
        e = np.abs(n * a ** (n - 1)) * es[0] if n != 1 else es[0]
        return e + 2 * U * np.abs(v)
    if op == "pow1p":
        n, u = node.value, vs[0]
        small = np.abs(u) < 0.5
        a = 1 + u
        y = n * np.log1p(np.where(small, u, 0.0))
        e_small = np.abs(v) * (np.abs(n) * es[0] / np.abs(np.where(small, a, 1.0)) + 2 * U * np.abs(y) + 2 * U)
        e_big = np.abs(n * a ** (n - 1)) * (es[0] + U * np.abs(a)) + 2 * U * np.abs(v)
        return np.where(small, e_small, e_big)
    if op == "powc":
        p = node.value
        a = vs[0]
        return np.abs(p * np.abs(a) ** (p - 1)) * es[0] + 4 * U * np.abs(v)
    if op == "pow":
        a, b = vs
        return np.abs(b * np.abs(a) ** (b - 1)) * es[0] + np.abs(v * np.log(np.abs(a))) * es[1] + 8 * U * np.abs(v)
    if op in ("max", "min"):
        # the exact value lies between the max (min) of the arguments' lower ends and that of their
        # upper ends: where one argument wins beyond the others' errors, only its error counts (a
        # constant 0 beats x − 1 < −e exactly, so max(x − 1, 0) needs no high precision there)
        pick = np.maximum if op == "max" else np.minimum
        lower, upper = vs[0] - es[0], vs[0] + es[0]
        for a, ea in zip(vs[1:], es[1:]):
            lower, upper = pick(lower, a - ea), pick(upper, a + ea)
        return np.maximum(upper - v, v - lower)
    if op in ("sign", "heaviside"):
        return np.where((np.abs(vs[0]) <= es[0]) & (es[0] > 0), np.inf, 0.0)
    if op == "reg":
        return _reg_error(node, vs[0], es[0], v)
    return _unary_slope(op, vs[0], v) * es[0] + 4 * U * np.abs(v)


def _finite(a: Any) -> bool:
    """Every element of a finite (one element, the bisections' case, read without a numpy reduction)."""
    return math.isfinite(a.item()) if a.size == 1 else bool(np.isfinite(a).all())


def _step(node: Node, vs: list[Any], es: list[Any], xs: Any) -> tuple[Any, Any]:
    op = node.op
    if op == "x":
        return xs, np.zeros_like(xs)
    if op == "const":
        c = node.value
        exact = bool(node.exact.is_Integer) and abs(c) < 2**53
        return np.float64(c), np.float64(0.0 if exact else U * abs(c))
    v = _value(node, vs, xs)
    e = np.asarray(_error(node, vs, es, v), dtype=np.float64) + TINY
    if _finite(v) and _finite(e) and all(_finite(a) for a in vs):
        return v, e  # the common case: nothing overflowed, nothing is outside the domain
    # where an input overflowed: trusted only if the operation keeps it out of range
    inf_in = np.zeros(np.shape(v), dtype=bool)
    nan_in = np.zeros(np.shape(v), dtype=bool)
    untrusted = np.zeros(np.shape(v), dtype=bool)
    for a, ea in zip(vs, es):
        inf_in = inf_in | np.isinf(a)
        nan_in = nan_in | (np.isnan(a) & ~np.isinf(ea))
        untrusted = untrusted | np.isinf(ea)
    if op == "mul":
        small = np.zeros(np.shape(v), dtype=bool)
        for a in vs:
            small = small | (np.isfinite(a) & (np.abs(a) < 1))
        safe = np.isinf(v) & ~small
    elif op == "powc":
        safe = ~np.isnan(v) & (abs(node.value) >= 1)
    else:
        safe = ~np.isnan(v) & (op in INF_SAFE)
    e = np.where(inf_in, np.where(safe, 0.0, np.inf), e)
    e = np.where(np.isnan(e) & ~inf_in, np.inf, e)
    e = np.where(nan_in | (np.isnan(v) & ~inf_in), 0.0, e)  # outside the domain: stays NaN
    e = np.where(np.isinf(v) & ~inf_in & ~nan_in, 0.0, e)  # overflow (or a pole) from finite inputs
    e = np.where(untrusted, np.inf, e)  # garbage in, garbage out: repaired in high precision
    return v, e


def _reg_error(node: Node, a: Any, ea: Any, v: Any) -> Any:
    act = _bound(node.exact)
    order = int(node.value)
    arr = np.asarray(a, dtype=np.float64)
    if order < 2:
        d = act.derivative(arr, order=order + 1)
    else:
        h = 1e-6 * np.maximum(1.0, np.abs(arr))
        d = (act.derivative(arr + h, order=2) - act.derivative(arr - h, order=2)) / (2 * h)
    return np.abs(d) * ea + 8 * U * np.abs(v)


_ACTS: dict[Any, Any] = {}


def _bound(cls: Any) -> Any:
    if cls not in _ACTS:
        from actcli.core.registry import bind

        _ACTS[cls] = bind(cls.record, dict(cls.params))
    return _ACTS[cls]


# --- one operation, mpmath -----------------------------------------------------------------------


# the caps as mpf (exact: 1e5 and 1e300 are doubles), so that comparing with one converts nothing
_CAP = mpmath.mpf(EXP_CAP)
_NEG_CAP = mpmath.mpf(-EXP_CAP)
_NEG_HUGE = mpmath.mpf(-1e300)
_CAPPED = frozenset(("exp", "expm1", "sinh", "cosh", "sech"))


def _mp_unary(op: str, a: Any, h0: float) -> Any:
    mp = mpmath
    if op in _CAPPED and abs(a) > _CAP:
        big = mp.inf if (a > 0 or op in ("cosh",)) else (-mp.inf if op == "sinh" else 0)
        if op == "sech":
            return mp.mpf(0)
        if op == "expm1" and a < 0:
            return mp.mpf(-1)
        return big if op != "exp" or a > 0 else mp.mpf(0)
    if op == "exp":
        return mp.exp(a)
    if op == "log":
        return mp.log(a) if a > 0 else (mp.ninf if a == 0 else mp.nan)
    if op == "log1p":
        return mp.log1p(a) if a > -1 else (mp.ninf if a == -1 else mp.nan)
    if op == "expm1":
        return mp.expm1(a)
    if op == "sin":
        return mp.sin(a)
    if op == "cos":
        return mp.cos(a)
    if op == "tanh":
        return mp.tanh(a)
    if op == "sinh":
        return mp.sinh(a)
    if op == "cosh":
        return mp.cosh(a)
    if op == "erf":
        return mp.erf(a)
    if op == "erfc":
        return mp.erfc(a)
    if op == "sech":
        return mp.sech(a)
    if op == "abs":
        return abs(a)
    if op == "sign":
        return mp.sign(a)
    if op == "heaviside":
        return mp.mpf(1) if a > 0 else (mp.mpf(0) if a < 0 else mp.mpf(h0))
    if op == "sigmoid":
        return 1 / (1 + mp.exp(-a)) if a > _NEG_CAP else mp.exp(a) if a > _NEG_HUGE else mp.mpf(0)
    if op == "softplus":
        if a > _CAP:
            return a
        return mp.log1p(mp.exp(a)) if a > _NEG_CAP else mp.mpf(0)
    if op == "logcosh":  # as in float64: |u| + log1p(e^(−2|u|)) − log 2 cancels every digit near 0
        m = abs(a)
        if m < 1:
            return mp.log1p(2 * mp.sinh(m / 2) ** 2)
        return m + mp.log1p(mp.exp(-2 * m)) - mp.log(2)
    raise AssertionError(op)


def _mp_step(node: Node, vs: list[Any], x: float) -> Any:
    mp = mpmath
    op = node.op
    if op == "x":
        return mp.mpf(x)
    if op == "const":
        return _const_at(node.exact)
    if any(mp.isnan(v) for v in vs):
        return mp.nan
    if op == "add":
        return mp.fsum(vs)
    if op == "mul":
        out = mp.mpf(1)
        for v in vs:
            out = out * v
        return out
    if op == "pow1p":
        op, vs = "powi", [1 + vs[0]]
    if op in ("powi", "powc", "pow"):
        a = vs[0]
        p = mp.mpf(int(node.value)) if op == "powi" else (_const_at(node.exact) if op == "powc" else vs[1])
        if op != "powi" and a < 0:
            return mp.nan
        if a == 0:
            return mp.inf if p < 0 else (mp.mpf(0) if p > 0 else mp.mpf(1))
        # |p·log|a|| ≤ |p|·(|mag a| + 1)·log 2: the logarithm is taken only where that may pass the cap
        if mp.isfinite(a) and float(abs(p)) * (abs(mp.mag(a)) + 1) > 0.5 * EXP_CAP and abs(p * mp.log(abs(a))) > _CAP:
            big = p * mp.log(abs(a)) > 0
            sign = -1 if (op == "powi" and a < 0 and int(node.value) % 2) else 1
            return sign * mp.inf if big else mp.mpf(0)
        return mp.power(a, int(node.value)) if op == "powi" else mp.power(a, p)
    if op == "max":
        return max(vs)
    if op == "min":
        return min(vs)
    if op == "reg":
        return _mp_reg(node, vs[0])
    return _mp_unary(op, vs[0], node.h0)


_REG_PROGRAMS: dict[Any, list[Program]] = {}


def _mp_reg(node: Node, a: Any) -> Any:
    cls = node.exact
    order = int(node.value)
    act = _bound(cls)
    kinks = {k.x for k in act.claims.kinks} | set(act.claims.d2_kinks)
    fa = float(a) if mpmath.isfinite(a) else None
    if fa is not None and fa in kinks and mpmath.mpf(fa) == a:  # the registry's own value at a kink
        arr = np.array([fa])
        return mpmath.mpf(float((act(arr) if order == 0 else act.derivative(arr, order=order))[0]))
    if cls not in _REG_PROGRAMS:
        from actcli.custom.symbolic import record_expression

        e0 = record_expression(cls.record, cls.params, X)
        e1 = sp.diff(e0, X).replace(sp.DiracDelta, lambda *args: sp.S.Zero)
        e2 = sp.diff(e1, X).replace(sp.DiracDelta, lambda *args: sp.S.Zero)
        _REG_PROGRAMS[cls] = [Program(e, Budget()) for e in (e0, e1, e2)]
    prog = _REG_PROGRAMS[cls][order]
    vals: list[Any] = []
    for n in prog.nodes:
        vals.append(_mp_step(n, [vals[i] for i in n.args], 0.0) if n.op != "x" else a)
    return vals[prog.out]
