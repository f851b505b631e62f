"""Custom activations typed as expressions in x: parsed safely, derived symbolically, evaluated fast.

``"x*tanh(softplus(x))"`` → an :class:`~actcli.core.activation.Activation` like any registered one, so
``derive``, ``plot``, ``compare`` and ``simulate`` take it unchanged.

Safety: the text is parsed by :func:`ast.parse` and walked node by node against an allow-list;
the SymPy expression is built here from that tree. User text never reaches ``eval``, ``exec``,
``sympify`` or ``parse_expr``. Input is bounded (length, node count, nesting depth, the size of
constant powers) and simplification has a time budget. SymPy is imported only on this path.

Grammar: numbers, ``x``, ``pi``, ``e``; ``+ - * / **`` and ``^`` (as power); unary ``-``/``+``;
parentheses; calls to exp, log, log1p, expm1, sqrt, abs, sin, cos, tanh, sinh, cosh, erf, max,
min, and to the registry's elementwise activations with keyword parameters
(``softplus(x, beta=2)``, ``gelu(x, approximate="tanh")``).
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.record import Claims, Formula, Init, Interval, Kink, Params, Record
from actcli.errors import UsageError

if TYPE_CHECKING:
    from actcli.core.activation import Activation

MAX_LENGTH = 500
MAX_NODES = 300
MAX_DEPTH = 40
MAX_CONSTANT_DIGITS = 300  # |a ** b| for constants a, b stays below 10^300
SIMPLIFY_SECONDS = 2.0

MATH_FUNCTIONS = ("exp", "log", "log1p", "expm1", "sqrt", "abs", "sin", "cos", "tanh", "sinh", "cosh", "erf", "max", "min")
CONSTANTS = ("x", "pi", "e")


class ExpressionError(UsageError):
    """A malformed or refused expression; the message says where."""


def _fail(text: str, col: int | None, message: str, hint: str | None = None) -> ExpressionError:
    where = f" at column {col + 1}" if col is not None else ""
    snippet = ""
    if col is not None and 0 <= col < len(text):
        snippet = f" (near {text[col:col + 12]!r})"
    return ExpressionError(f"invalid expression{where}{snippet}: {message}", hint=hint)


_PY_KEYWORDS = {"import", "lambda", "for", "in", "if", "else", "and", "or", "not", "is", "def", "class",
                "return", "yield", "while", "with", "from", "as", "del", "global", "pass", "raise", "try"}


def looks_like_expression(spec: str) -> bool:
    """A misspelt registry name ("leaky-rel", "hard sigmoid") gets the registry's did-you-mean;
    anything with an operator, a call, a standalone x or a Python keyword is parsed as an expression."""
    text = spec.strip()
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)
    if "x" in words or _PY_KEYWORDS & set(words):
        return True
    return not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\- ]*(:.*)?", text)


# --- parsing -------------------------------------------------------------------------------------------


def _caret_to_power(text: str) -> tuple[str, Callable[[int], int]]:
    """Replace ^ by ** (with Python's precedence for **) and map columns back to the user's text."""
    out: list[str] = []
    mapping: list[int] = []
    for i, ch in enumerate(text):
        if ch == "^":
            out.append("**")
            mapping += [i, i]
        else:
            out.append(ch)
            mapping.append(i)
    mapping.append(len(text))
    return "".join(out), lambda col: mapping[min(max(col, 0), len(mapping) - 1)]


def _check_shape(text: str) -> None:
    if not text.strip():
        raise _fail(text, None, "it is empty")
    if len(text) > MAX_LENGTH:
        raise _fail(text, MAX_LENGTH, f"it is longer than {MAX_LENGTH} characters")
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(text, i, f"parentheses nest deeper than {MAX_DEPTH}")
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise _fail(text, i, "unbalanced ')'")
    if depth > 0:
        raise _fail(text, text.rfind("("), "unbalanced '(': a ')' is missing")


def parse(text: str) -> ast.expr:
    """The allow-listed syntax tree of ``text`` (errors name the column)."""
    _check_shape(text)
    source, back = _caret_to_power(text)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        col = back((err.offset or 1) - 1 + (len(source) - len(source.lstrip())))
        raise _fail(text, col, "not valid arithmetic", hint="e.g. x*tanh(softplus(x))") from None
    except (RecursionError, MemoryError, ValueError):
        raise _fail(text, None, "too complex to parse") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise _fail(text, None, f"it has more than {MAX_NODES} parts")
    _validate(tree.body, text, back, depth=0)
    return tree.body


_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


def _validate(node: ast.AST, text: str, back: Callable[[int], int], depth: int) -> None:
    col = back(getattr(node, "col_offset", 0))
    if depth > MAX_DEPTH:
        raise _fail(text, col, f"it nests deeper than {MAX_DEPTH}")
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _BINOPS):
            raise _fail(text, col, f"the operator {type(node.op).__name__} is not allowed", hint="use + - * / ** ^")
        _validate(node.left, text, back, depth + 1)
        _validate(node.right, text, back, depth + 1)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise _fail(text, col, "only unary + and - are allowed")
        _validate(node.operand, text, back, depth + 1)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _fail(text, col, f"{node.value!r} is not a real number")
        if not math.isfinite(float(node.value)) or abs(float(node.value)) > 1e300:
            raise _fail(text, col, "number too large")
    elif isinstance(node, ast.Name):
        if node.id not in CONSTANTS:
            known = list(CONSTANTS) + list(MATH_FUNCTIONS) + _registry_names()
            close = difflib.get_close_matches(node.id, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else "the variable is x; constants are pi and e"
            raise _fail(text, col, f"unknown name {node.id!r}", hint=hint)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise _fail(text, col, "only calls of named functions are allowed (no attributes, no lambdas)")
        name = node.func.id
        if name not in MATH_FUNCTIONS and name not in _registry_names():
            close = difflib.get_close_matches(name, list(MATH_FUNCTIONS) + _registry_names(), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(MATH_FUNCTIONS) + ", and activations by name"
            raise _fail(text, col, f"{name!r} is not an allowed function", hint=hint)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise _fail(text, col, "* and ** arguments are not allowed")
        for a in node.args:
            _validate(a, text, back, depth + 1)
        for k in node.keywords:
            v = k.value
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                continue  # a choice parameter such as approximate="tanh", checked when bound
            _validate(v, text, back, depth + 1)
    else:
        what = {
            ast.Attribute: "attribute access", ast.Lambda: "lambda", ast.ListComp: "comprehensions",
            ast.GeneratorExp: "comprehensions", ast.Compare: "comparisons", ast.BoolOp: "and/or",
            ast.Subscript: "indexing", ast.IfExp: "if/else", ast.NamedExpr: ":=",
        }.get(type(node), type(node).__name__)
        raise _fail(text, col, f"{what} is not allowed")


def _registry_names() -> list[str]:
    from actcli.catalogue import registry

    return [r.name for r in registry().records() if r.kind == "elementwise" and r.expression is not None]


# --- building the SymPy expression ---------------------------------------------------------------------


def _sympy() -> Any:
    import sympy

    return sympy


def symbol() -> Any:
    return _sympy().Symbol("x", real=True)


def build(node: ast.expr, env: Mapping[str, Any], text: str) -> Any:
    """The SymPy expression for an allow-listed tree (names resolved from ``env``)."""
    sp = _sympy()
    from sympy.codegen.cfunctions import expm1, log1p

    col = getattr(node, "col_offset", 0)
    if isinstance(node, ast.Constant):
        v = node.value
        assert isinstance(v, (int, float)), "checked by _validate"
        if isinstance(v, int) and abs(v) < 10**15:
            return sp.Integer(v)
        # the literal as typed, to 40 digits: SymPy folds constants (1 − e^(−1e-9)) at that precision
        return sp.Float(repr(float(v)), 40)
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        if node.id in ("pi", "e"):
            return {"pi": sp.pi, "e": sp.E}[node.id]
        raise _fail(text, col, f"{node.id!r} cannot appear here (parameters must be numbers)")
    if isinstance(node, ast.UnaryOp):
        inner = build(node.operand, env, text)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = build(node.left, env, text), build(node.right, env, text)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        if isinstance(node.op, ast.Div):
            if b == 0:
                raise _fail(text, col, "division by zero")
            return a / b
        return _power(a, b, text, col)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name = node.func.id
    args = [build(a, env, text) for a in node.args]
    if name in MATH_FUNCTIONS:
        if node.keywords:
            raise _fail(text, col, f"{name}() takes no keyword arguments")
        if name in ("max", "min"):
            if len(args) < 2:
                raise _fail(text, col, f"{name}() needs at least two arguments")
            return (sp.Max if name == "max" else sp.Min)(*args)
        if len(args) != 1:
            raise _fail(text, col, f"{name}() takes exactly one argument")
        fn = {
            "exp": sp.exp, "log": sp.log, "log1p": log1p, "expm1": expm1, "sqrt": sp.sqrt, "abs": sp.Abs,
            "sin": sp.sin, "cos": sp.cos, "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "erf": sp.erf,
        }[name]
        return fn(args[0])
    return _registry_call(name, args, node, text, col)


def _power(a: Any, b: Any, text: str, col: int) -> Any:
    sp = _sympy()
    if b.is_Number and a.is_Number:
        if a == 0 and b.is_negative:
            raise _fail(text, col, "0 to a negative power")
        digits = float(abs(b)) * math.log10(max(abs(float(a)), 1e-300)) if a != 0 else 0.0
        if abs(digits) > MAX_CONSTANT_DIGITS:
            raise _fail(text, col, "this power is too large", hint=f"constants must stay below 10^{MAX_CONSTANT_DIGITS}")
    elif b.is_Number and abs(float(b)) > 1000:
        raise _fail(text, col, "the exponent is too large", hint="at most 1000")
    return sp.Pow(a, b)


def _registry_call(name: str, args: list[Any], node: ast.Call, text: str, col: int) -> Any:
    from actcli.catalogue import registry
    from actcli.core.registry import bind

    lookup = registry().lookup
    if len(args) != 1:
        raise _fail(text, col, f"{name}() takes one positional argument, then parameters as key=value")
    record = lookup(name)
    overrides: dict[str, Any] = {}
    for k in node.keywords:
        v = k.value
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            overrides[str(k.arg)] = v.value
        else:
            value = build(v, {}, text)
            if not value.is_Number:
                raise _fail(text, getattr(v, "col_offset", col), f"parameter {k.arg} must be a number")
            overrides[str(k.arg)] = float(value)
    act = bind(record, overrides)
    return record_expression(record, act.params, args[0])


def record_expression(record: Record, params: Params, argument: Any) -> Any:
    """The record's own closed form (in this grammar) with ``x`` replaced by ``argument``."""
    assert record.expression is not None
    text = record.expression(params)
    env: dict[str, Any] = {"x": argument}
    sp = _sympy()
    for k, v in params.items():
        if isinstance(v, float):  # 1.0 reads as 1 in the formula; others keep 40 digits
            env[k] = sp.Integer(int(v)) if v.is_integer() and abs(v) < 1e15 else sp.Float(repr(v), 40)
    return build(_parse_trusted(text), env, text)


def _parse_trusted(text: str) -> ast.expr:
    """A record's own closed form: written by us, so parsed without the user-input checks."""
    source, _ = _caret_to_power(text)
    return ast.parse(source, mode="eval").body


# --- simplification with a time budget ------------------------------------------------------------------


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError after ``seconds`` (main thread, POSIX); elsewhere no limit can be set."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def simplified(expr: Any) -> tuple[Any, bool]:
    """``sympy.simplify`` within the time budget; the unsimplified form if it runs out."""
    sp = _sympy()
    try:
        with _time_limit(SIMPLIFY_SECONDS):
            out = sp.simplify(expr)
        # keep the simpler of the two by SymPy's own measure
        return (out if sp.count_ops(out) <= sp.count_ops(expr) else expr), True
    except TimeoutError:
        return expr, False


# --- numbers --------------------------------------------------------------------------------------------


def _compile(expr: Any, x: Any) -> Callable[[Any], Any]:
    sp = _sympy()
    from sympy.codegen.rewriting import expm1_opt, log1p_opt, optimize

    # log(1 + u) → log1p(u) and exp(u) − 1 → expm1(u): no cancellation in the tails
    fast = sp.lambdify(x, optimize(expr, [log1p_opt, expm1_opt]), modules=["numpy", "scipy"])
    exact = sp.lambdify(x, expr, modules="mpmath")

    def evaluate(values: Any) -> Any:
        raw = np.asarray(values, dtype=np.float64)
        # limits at ±∞ are estimated at ±1e150 (a value beyond 1e100 there counts as infinite)
        arr = np.where(np.isinf(raw), np.sign(raw) * 1e150, raw)
        out = _evaluate(arr)
        at_inf = np.isinf(raw)
        if np.any(at_inf):
            out = np.where(at_inf & (np.abs(out) > 1e100), np.sign(out) * np.inf, out)
        return out

    def _evaluate(arr: Any) -> Any:
        with np.errstate(all="ignore"):
            out = np.asarray(fast(arr), dtype=np.float64)
            out = np.broadcast_to(out, arr.shape).copy() if out.shape != arr.shape else out
        # where the float64 formula breaks down (NaN from inf·0 or inf − inf) at a finite x, take
        # mpmath's value; an inf is a true overflow and stays (at most 256 points are repaired)
        bad = np.isnan(out) & np.isfinite(arr)
        if np.any(bad):
            out = out.copy()
            flat_idx = np.flatnonzero(bad)
            if flat_idx.size <= 256:
                import mpmath

                with mpmath.workdps(30):
                    for i in flat_idx:
                        try:
                            out.flat[i] = float(exact(mpmath.mpf(float(arr.flat[i]))))
                        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                            out.flat[i] = np.nan
        return out

    return evaluate


@dataclass(frozen=True)
class Custom:
    text: str
    expr: Any
    d1: Any
    d2: Any
    simplified: bool
    fragile: str | None  # where float64 evaluation loses accuracy on [−7, 7], if it does
    nonsmooth_points: tuple[float, ...]


def _pretty(expr: Any) -> str:
    s = str(expr)
    s = s.replace("**", "^").replace("*", "·").replace("sqrt", "√").replace("Heaviside", "H")
    return s


def _nonsmooth_points(expr: Any, x: Any) -> tuple[float, ...]:
    """Where Max/Min/Abs/sign/Heaviside switch: sign changes of their arguments on [−50, 50]."""
    sp = _sympy()
    candidates = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Max, sp.Min)):
            args = node.args
            for i in range(len(args)):
                for j in range(i + 1, len(args)):
                    candidates.append(args[i] - args[j])
        elif isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
            candidates.append(node.args[0])
    xs = np.linspace(-50.0, 50.0, 20001)
    points: set[float] = set()
    for c in candidates:
        if not c.has(x):
            continue
        g = _compile(c, x)
        v = g(xs)
        exact_zero = xs[v == 0]
        points.update(float(p) for p in exact_zero)
        s = np.sign(v)
        idx = np.nonzero((s[:-1] * s[1:]) < 0)[0]
        for j in idx.tolist():
            a, b = float(xs[j]), float(xs[j + 1])
            for _ in range(100):
                m = 0.5 * (a + b)
                if m in (a, b):
                    break
                if np.sign(g(np.array([m]))[0]) == np.sign(v[j]):
                    a = m
                else:
                    b = m
            points.add(round(0.5 * (a + b), 12))
    return tuple(sorted(points))


def _fragility(f: Callable[[Any], Any], expr: Any, x: Any) -> str | None:
    sp = _sympy()
    import mpmath

    exact = sp.lambdify(x, expr, modules="mpmath")
    xs = np.linspace(-7.0, 7.0, 57)
    got = f(xs)
    worst, where = 0.0, 0.0
    with mpmath.workdps(40):
        for xv, yv in zip(xs, got):
            try:
                e = exact(mpmath.mpf(float(xv)))
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                continue
            if not mpmath.isfinite(e) or e == 0:
                continue
            rel = float(abs((mpmath.mpf(float(yv)) - e) / e)) if np.isfinite(yv) else math.inf
            if rel > worst:
                worst, where = rel, float(xv)
    if worst > 1e-8:
        return f"float64 evaluation loses accuracy on [−7, 7] (relative error {worst:.1e} near x = {where:g})"
    return None


def compile_custom(text: str) -> Custom:
    sp = _sympy()
    tree = parse(text)
    x = symbol()
    expr = build(tree, {"x": x}, text)
    if not expr.has(x):
        raise _fail(text, None, "it does not depend on x", hint="e.g. x*tanh(softplus(x))")
    with _time_limit(SIMPLIFY_SECONDS * 2):
        try:
            d1 = sp.diff(expr, x)
            d2 = sp.diff(d1, x)
        except TimeoutError:
            raise _fail(text, None, "its derivative takes too long to compute") from None
    # DiracDelta (from differentiating Heaviside or sign) is 0 away from the kink, where f″
    # does not exist anyway: drop it so that the derivatives compile to numpy
    d1 = d1.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
    d2 = d2.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
    d1s, ok1 = simplified(d1)
    d2s, ok2 = simplified(d2)
    f = _compile(expr, x)
    return Custom(text, expr, d1s, d2s, ok1 and ok2, _fragility(f, expr, x), _nonsmooth_points(expr, x))


# --- properties, estimated numerically -----------------------------------------------------------------


def _estimated_claims(fn: Callable[[Any], Any], d1: Callable[[Any], Any], d2: Callable[[Any], Any],
                      kinks_x: tuple[float, ...]) -> Claims:
    xs = np.unique(np.concatenate([np.linspace(-50, 50, 20001), np.array(kinks_x, dtype=float)]))
    far = np.array([-1e6, -1e4, 1e4, 1e6])
    f, fp = fn(xs), d1(xs)
    ff = fn(far)
    finite = np.isfinite(f)
    lo_v, hi_v = float(np.min(f[finite])), float(np.max(f[finite]))
    # unbounded if the far values keep running away; a closed end is one reached inside the scan
    lo = -math.inf if (ff[0] < lo_v - 1 or ff[3] < lo_v - 1) and min(ff[0], ff[3]) < -1e3 else min(lo_v, float(np.nanmin(ff)))
    hi = math.inf if max(ff[0], ff[3]) > 1e3 else max(hi_v, float(np.nanmax(ff)))
    lo_closed = math.isfinite(lo) and 0 < int(np.argmin(f)) < xs.size - 1 and lo == lo_v
    hi_closed = math.isfinite(hi) and 0 < int(np.argmax(f)) < xs.size - 1 and hi == hi_v
    eps = 1e-7
    kinks = []
    for k in kinks_x:
        left = float(d1(np.array([k - eps]))[0])
        right = float(d1(np.array([k + eps]))[0])
        if abs(left - right) > 1e-6 * max(1.0, abs(left), abs(right)):
            cont = abs(float(fn(np.array([k + eps]))[0] - fn(np.array([k - eps]))[0])) < 1e-5
            kinks.append(Kink(float(k), float(d1(np.array([k]))[0]), round(left, 12), round(right, 12), cont,
                              convention="sympy"))
    lo, hi = _polish(fn, d1, xs, f, lo, hi)
    fpf = fp[np.isfinite(fp)]
    dmin, dmax = float(np.min(fpf)), float(np.max(fpf))
    dmin, dmax = _polish(d1, d2, xs, fp, dmin, dmax)
    zero = fp == 0
    dead = []
    run_start = None
    for i, z in enumerate(zero):
        if z and run_start is None:
            run_start = i
        if (not z or i == zero.size - 1) and run_start is not None:
            end = i if z else i - 1
            if end - run_start > 10:
                dead.append(Interval(-math.inf if run_start == 0 else float(xs[run_start]),
                                     math.inf if end == zero.size - 1 else float(xs[end])))
            run_start = None
    monotonic = bool(np.all(fpf >= -1e-12))
    curved = bool(np.any(np.abs(d2(xs[::50])) > 1e-12))
    smooth = None if not kinks else (0 if all(k.continuous for k in kinks) else -1)
    return Claims(
        output_range=Interval(lo, hi, lo_closed, hi_closed),
        monotonic=monotonic,
        smoothness=smooth,
        derivative_range=Interval(dmin, dmax, True, True),
        kinks=tuple(kinks),
        dead_zones=tuple(dead),
        nonlinear=curved or bool(kinks),
    )


def _polish(g: Callable[[Any], Any], dg: Callable[[Any], Any], xs: Any, values: Any,
            lo: float, hi: float) -> tuple[float, float]:
    """Move an interior grid extremum of g onto the root of dg beside it (bisection)."""
    finite = np.isfinite(values)
    for pick, is_min in ((np.nanargmin, True), (np.nanargmax, False)):
        if not np.any(finite):
            break
        i = int(pick(np.where(finite, values, np.nan)))
        if not 0 < i < xs.size - 1:
            continue
        a, b = float(xs[i - 1]), float(xs[i + 1])
        da, db = float(dg(np.array([a]))[0]), float(dg(np.array([b]))[0])
        if not (np.isfinite(da) and np.isfinite(db)) or da * db > 0:
            continue
        for _ in range(100):
            m = 0.5 * (a + b)
            if m in (a, b):
                break
            dm = float(dg(np.array([m]))[0])
            if (dm > 0) == (da > 0):
                a, da = m, dm
            else:
                b = m
        v = float(g(np.array([0.5 * (a + b)]))[0])
        if is_min and math.isfinite(lo) and v < lo:
            lo = v
        if not is_min and math.isfinite(hi) and v > hi:
            hi = v
    return lo, hi


def custom_activation(text: str) -> Activation:
    """An :class:`~actcli.core.activation.Activation` for an expression (properties marked estimated)."""
    from actcli.core.activation import Activation

    c = compile_custom(text)
    sp = _sympy()
    x = symbol()
    fn, d1, d2 = _compile(c.expr, x), _compile(c.d1, x), _compile(c.d2, x)
    claims = _estimated_claims(fn, d1, d2, c.nonsmooth_points)
    label = text.strip()
    note = "" if c.simplified else " (derivative not simplified: it took too long)"
    record = Record(
        name=label,
        summary="custom expression; properties estimated numerically" + note,
        kind="elementwise",
        formula=Formula(f"f(x) = {_pretty(c.expr)}", "f(x) = " + sp.latex(c.expr)),
        derivative=Formula(f"f′(x) = {_pretty(c.d1)}", "f'(x) = " + sp.latex(c.d1)),
        second=Formula(f"f″(x) = {_pretty(c.d2)}", "f''(x) = " + sp.latex(c.d2)),
        claims=lambda p: claims,
        cost="compiled from the expression (numpy)",
        init=lambda p: Init("he" if math.isinf(claims.output_range.hi) else "xavier", None,
                            "estimated from the output range"),
        references=("custom expression: " + label,),
        fn=lambda arr, **_: fn(arr),
        d1=lambda arr, **_: d1(arr),
        d2=lambda arr, **_: d2(arr),
        estimated=True,
        fragile=c.fragile,
    )
    return Activation(record, {})
