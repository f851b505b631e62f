"""Allow-listed syntax tree to SymPy, with stable rewrites, bounded derivatives and checked constants.

The tree SymPy builds is checked as it is built (merged powers, folded constants), so a bound is
enforced on what is really computed, not on what was typed. Functions whose textbook derivative
cancels in float64 are replaced by classes whose derivatives are stable: tanh′ = sech², and
log(1 + eᵘ), 1/(1 + e⁻ᵘ), log cosh u, 1 ± tanh u, 1 ± erf u become softplus, σ, logcosh, 2σ(±2u),
erfc(∓u). No simplification runs: every step is a fixed rewrite, so the result never depends on time.
Registry functions with kinks stay opaque (their own code, their own conventions at the kinks).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from actcli.core.record import Params, Record
from actcli.custom.budget import MAX_CONSTANT_DIGITS, MAX_EXPONENT, MAX_TREE, MAX_TREE_DEPTH, BoundError, Budget
from actcli.custom.parse import MATH_FUNCTIONS, ExpressionError, _fail, parse_trusted

X = sp.Symbol("x", real=True)


def _latex_call(name: str, e: Any, printer: Any, exp: Any) -> str:
    power = "" if exp is None else "^{" + str(exp) + "}"
    return name + power + r"\left(" + str(printer._print(e.args[0])) + r"\right)"


class tanh(sp.tanh):  # type: ignore[misc]  # noqa: N801  (prints as tanh)
    """tanh whose derivative is sech²(u): 1 − tanh²(u) cancels to 0 for |u| > 19."""

    def fdiff(self, argindex: int = 1) -> Any:
        return sp.sech(self.args[0]) ** 2


class sigmoid(sp.Function):  # type: ignore[misc]  # noqa: N801
    """σ(u) = 1/(1 + e^(−u)); σ′ = σ(u)·σ(−u) has no cancellation in either tail."""

    @classmethod
    def eval(cls, u: Any) -> Any:
        if u.is_zero:
            return sp.S.Half
        return None

    def fdiff(self, argindex: int = 1) -> Any:
        u = self.args[0]
        return sigmoid(u) * sigmoid(-u)

    def _eval_is_real(self) -> Any:
        return self.args[0].is_real

    def _eval_is_positive(self) -> Any:
        return self.args[0].is_real

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return _latex_call(r"\sigma", self, printer, exp)


class softplus(sp.Function):  # type: ignore[misc]  # noqa: N801
    """log(1 + e^u), evaluated as max(u, 0) + log1p(e^(−|u|))."""

    def fdiff(self, argindex: int = 1) -> Any:
        return sigmoid(self.args[0])

    def _eval_is_real(self) -> Any:
        return self.args[0].is_real

    def _eval_is_positive(self) -> Any:
        return self.args[0].is_real

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return _latex_call(r"\operatorname{softplus}", self, printer, exp)


class logcosh(sp.Function):  # type: ignore[misc]  # noqa: N801
    """log(cosh u), evaluated as |u| + log1p(e^(−2|u|)) − log 2."""

    def fdiff(self, argindex: int = 1) -> Any:
        return tanh(self.args[0])

    def _eval_is_real(self) -> Any:
        return self.args[0].is_real

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return _latex_call(r"\log\cosh", self, printer, exp)


class Registered(sp.Function):  # type: ignore[misc]
    """A registry function with kinks, kept opaque: its value and derivatives come from its record's
    own code (PyTorch autograd's convention at each kink). Subclasses carry ``record``, ``params``
    and ``order`` (0: f, 1: f′, 2: f″)."""

    record: Record
    params: Params
    order: int
    next: Any = None

    def fdiff(self, argindex: int = 1) -> Any:
        if self.next is None:
            raise BoundError(f"the third derivative of {self.record.name} is not available")
        return self.next(self.args[0])

    def _eval_is_real(self) -> Any:
        return self.args[0].is_real


_REGISTERED: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def registered_class(record: Record, params: Params) -> Any:
    key = (record.name, tuple(sorted(params.items())))
    if key not in _REGISTERED:
        label = ", ".join(f"{k}={v}" for k, v in sorted(params.items()) if v != dict(record.defaults()).get(k))
        names = [record.name, record.name + "′", record.name + "″"]
        classes: list[Any] = []
        for order, name in enumerate(names):
            shown = name if not label else f"{name}[{label}]"
            cls = type(shown, (Registered,), {"record": record, "params": dict(params), "order": order})
            classes.append(cls)
        classes[0].next, classes[1].next = classes[1], classes[2]
        _REGISTERED[key] = classes[0]
    return _REGISTERED[key]


# --- building -----------------------------------------------------------------------------------------


def build(node: ast.expr, env: Mapping[str, Any], text: str, *, opaque: bool = True) -> Any:
    """The SymPy expression for an allow-listed tree; every new node is checked (size, constants).

    With ``opaque``, registry functions with kinks stay opaque; without, they are expanded into their
    closed forms (max, min, abs) for the independent high-precision check."""
    col = getattr(node, "col_offset", 0)
    out = _build(node, env, text, col, opaque)
    return _checked(out, text, col)


def _build(node: ast.expr, env: Mapping[str, Any], text: str, col: int, opaque: bool) -> Any:
    if isinstance(node, ast.Constant):
        v = node.value
        assert isinstance(v, (int, float)), "checked by the parser"
        if isinstance(v, int):
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
        inner = build(node.operand, env, text, opaque=opaque)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = build(node.left, env, text, opaque=opaque), build(node.right, env, text, opaque=opaque)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        if isinstance(node.op, ast.Div):
            if b.is_zero:
                raise _fail(text, col, "division by zero")
            return a / b
        return _power(a, b, text, col)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name = node.func.id
    args = [build(a, env, text, opaque=opaque) for a in node.args]
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
    return _registry_call(name, args, node, text, col, opaque)


def _power(a: Any, b: Any, text: str, col: int) -> Any:
    if a.is_Number and b.is_Number:
        if a == 0 and b.is_negative:
            raise _fail(text, col, "0 to a negative power")
        size = abs(float(b)) * sp.log(abs(a), 10).evalf(15) if a != 0 else 0
        if abs(float(size)) > MAX_CONSTANT_DIGITS:
            raise _fail(text, col, "this power is too large", hint=f"constants must stay below 10^{MAX_CONSTANT_DIGITS}")
    elif a.is_number and a.is_negative and not b.is_Integer:
        raise _fail(text, col, "it is complex-valued (a negative number to a power that is not an integer)",
                    hint="actcli analyses real functions of a real x")
    elif b.is_Number and abs(float(b)) > MAX_EXPONENT:
        raise _fail(text, col, "the exponent is too large", hint=f"at most {MAX_EXPONENT}")
    return sp.Pow(a, b)


def _registry_call(name: str, args: list[Any], node: ast.Call, text: str, col: int, opaque: bool) -> Any:
    from actcli.catalogue import registry
    from actcli.core.registry import bind

    if len(args) != 1:
        raise _fail(text, col, f"{name}() takes one positional argument, then parameters as key=value")
    record = registry().lookup(name)
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
    claims = act.claims
    if opaque and (claims.kinks or claims.d2_kinks) and args[0].has(X):  # constants fold in the closed form
        return registered_class(record, act.params)(args[0])
    return record_expression(record, act.params, args[0])


def record_expression(record: Record, params: Params, argument: Any) -> Any:
    """The record's own closed form (in this grammar) with ``x`` replaced by ``argument``."""
    assert record.expression is not None
    text = record.expression(params)
    env: dict[str, Any] = {"x": argument}
    for k, v in params.items():
        if isinstance(v, float):  # 1.0 reads as 1 in the formula; others keep 40 digits
            env[k] = sp.Integer(int(v)) if v.is_integer() and abs(v) < 1e15 else sp.Float(repr(v), 40)
    return build(parse_trusted(text), env, text, opaque=False)


def _checked(expr: Any, text: str, col: int | None) -> Any:
    """Refuse what SymPy built if it is not a finite real function of bounded size."""
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise _fail(text, col, "it contains a value that is not a finite number (such as log(0) or 1/0)")
    if expr.has(sp.I):
        raise _fail(text, col, "it is complex-valued", hint="actcli analyses real functions of a real x")
    for node in sp.preorder_traversal(expr):
        if node.is_Number and abs(node) > sp.Integer(10) ** MAX_CONSTANT_DIGITS:
            raise _fail(text, col, "a constant in it exceeds 10^300", hint=f"constants must stay below 10^{MAX_CONSTANT_DIGITS}")
        if node.is_Pow and node.exp.is_Number and node.base.has(X) and abs(node.exp) > MAX_EXPONENT:
            raise _fail(text, col, "the exponent is too large (after merging powers)", hint=f"at most {MAX_EXPONENT}")
    return expr


# --- stable rewrites ----------------------------------------------------------------------------------


def _one_plus(expr: Any) -> tuple[Any, int, Any] | None:
    """For an Add containing 1 and ±g(w) (g in exp, tanh, erf): (rest, sign, g(w))."""
    if not expr.is_Add or sp.S.One not in expr.args:
        return None
    for term in expr.args:
        sign, core = (-1, -term) if term.could_extract_minus_sign() else (1, term)
        if isinstance(core, (sp.exp, sp.tanh, sp.erf)):
            rest = sp.Add(*[t for t in expr.args if t is not term and t != sp.S.One])
            return rest, sign, core
    return None


def stable(expr: Any) -> Any:
    """The expression with cancellation-prone patterns replaced by stable functions (bottom-up)."""
    memo: dict[Any, Any] = {}

    def walk(e: Any) -> Any:
        if e in memo:
            return memo[e]
        if not e.args or not e.has(X):
            memo[e] = e
            return e
        out = e.func(*[walk(a) for a in e.args]) if not isinstance(e, Registered) else e
        out = _rewrite(out)
        memo[e] = out
        return out

    return walk(expr)


def _rewrite(e: Any) -> Any:
    if type(e) is sp.tanh:
        return tanh(e.args[0])
    if isinstance(e, (sp.log, log1p)):
        u = e.args[0]
        if isinstance(e, log1p) and isinstance(u, sp.exp):
            return softplus(u.args[0])
        if isinstance(e, sp.log):
            hit = _one_plus(u)
            if hit is not None and hit[0] == 0 and hit[1] == 1 and isinstance(hit[2], sp.exp):
                return softplus(hit[2].args[0])
            if isinstance(u, sp.cosh):
                return logcosh(u.args[0])
            if isinstance(u, sigmoid):
                return -softplus(-u.args[0])
            if u.is_Pow and u.exp == -1 and isinstance(u.base, sigmoid):
                return softplus(-u.base.args[0])
        return e
    if e.is_Add:
        hit = _one_plus(e)
        if hit is not None:
            rest, sign, core = hit
            w = core.args[0]
            if isinstance(core, sp.tanh):  # 1 ± tanh w = 2σ(±2w)
                return rest + 2 * sigmoid(2 * sign * w, evaluate=False)
            if isinstance(core, sp.erf):  # 1 ± erf w = erfc(∓w)
                return rest + sp.erfc(-sign * w, evaluate=False)
        return e
    if e.is_Pow and e.exp.is_Integer and e.exp < 0:
        hit = _one_plus(e.base)
        if hit is not None and hit[0] == 0 and hit[1] == 1 and isinstance(hit[2], sp.exp):
            return sigmoid(-hit[2].args[0]) ** (-e.exp)
        return e
    if e.is_Mul:
        args = list(e.args)
        for i, a in enumerate(args):
            if isinstance(a, sp.exp):
                for j, b in enumerate(args):
                    if isinstance(b, sigmoid) and sp.expand(b.args[0] + a.args[0]) == 0:
                        rest = [t for k, t in enumerate(args) if k not in (i, j)]
                        return sp.Mul(*rest, sigmoid(a.args[0]))
        return e
    return e


# --- size and derivatives -----------------------------------------------------------------------------


def size(expr: Any) -> tuple[int, int]:
    """(distinct nodes, depth) of the tree SymPy holds (shared subtrees counted once)."""
    seen: dict[Any, int] = {}
    stack: list[tuple[Any, bool]] = [(expr, False)]
    while stack:
        e, done = stack.pop()
        if done:
            seen[e] = 1 + max((seen[a] for a in e.args), default=0)
            continue
        if e in seen:
            continue
        stack.append((e, True))
        stack.extend((a, False) for a in e.args if a not in seen)
    return len(seen), seen[expr]


def bounded(expr: Any, what: str, budget: Budget) -> Any:
    nodes, depth = size(expr)
    budget.charge(nodes * 20, f"building {what}")
    if nodes > MAX_TREE:
        raise BoundError(f"{what} has more than {MAX_TREE:,} parts", hint="the bound on expression size",
                         code="size_bound")
    if depth > MAX_TREE_DEPTH:
        raise BoundError(f"{what} nests deeper than {MAX_TREE_DEPTH}", hint="the bound on expression depth",
                         code="depth_bound")
    return expr


#: a rational derivative is factored (its terms cancel in float64 otherwise: x²/(1 + x²) has
#: f′ = 2x/(1 + x²) − 2x³/(1 + x²)², which loses every digit as x grows) when it is at most this
#: large and no power in it exceeds MAX_FACTOR_POWER
MAX_FACTOR_NODES = 120
MAX_FACTOR_POWER = 24


def _factorable(d: Any) -> bool:
    if size(d)[0] > MAX_FACTOR_NODES or not d.is_Add or not d.is_rational_function(X):
        return False
    return all(not (e.is_Pow and e.exp.is_Integer and abs(e.exp) > MAX_FACTOR_POWER) for e in sp.preorder_traversal(d))


def derivative(expr: Any, what: str, budget: Budget) -> Any:
    """d/dx with Dirac deltas dropped (f″ is taken away from kinks), bounded by size; a small
    rational derivative is factored, so that its terms do not cancel."""
    d = sp.diff(expr, X)
    if d.has(sp.DiracDelta):
        d = d.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
    if _factorable(d):
        budget.charge(200 * size(d)[0], f"factoring {what}")
        d = sp.factor(d)
    return bounded(d, what, budget)


def pretty(expr: Any) -> str:
    s = str(sp.sstr(expr, order="none"))
    return s.replace("**", "^").replace("*", "·").replace("sqrt", "√").replace("Heaviside", "H")


__all__ = ["X", "ExpressionError", "build", "derivative", "pretty", "record_expression", "stable"]
