"""The symbolic side of an export: f as a SymPy expression in x and the learnable parameters,
rewritten into forms that stay finite and accurate in float64, and its analytic derivatives.

Two functions are kept whole instead of being expanded: softplus(u) = log(1 + e^u) and
sigmoid(u) = 1/(1 + e^(−u)). Their derivatives are written with each other (softplus′ = sigmoid,
sigmoid′ = sigmoid(u)·sigmoid(−u)), so that f′ inherits the stable forms instead of e^u/(1 + e^u)²,
which overflows to inf/inf for large |u|. log(1 + u) and e^u − 1 become log1p and expm1.

The expression comes from the record's closed form in actcli's grammar (``record.expression``)
or from a custom expression, both parsed by :mod:`actcli.custom.parse` (allow-listed syntax
tree, never ``eval``). SymPy is imported only here, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actcli.errors import UsageError

if TYPE_CHECKING:
    from actcli.core.activation import Activation


class ExportError(UsageError):
    """An activation that cannot be exported (no closed form, or a vector activation)."""


@dataclass(frozen=True)
class Symbolic:
    """f, f′ and ∂f/∂p (one per learnable parameter) in stable form, plus the plain forms that
    the verification evaluates with mpmath."""

    x: Any
    params: tuple[Any, ...]  # SymPy symbols of the learnable parameters, in record order
    defaults: tuple[float, ...]  # their bound values
    f: Any
    d1: Any
    dparams: tuple[Any, ...]
    plain_f: Any  # as parsed, before the stable rewrites (the mpmath reference)
    plain_d1: Any


_CLASSES: dict[str, Any] = {}


def _functions() -> tuple[Any, Any]:
    """The SymPy functions Softplus and Sigmoid (created once, after SymPy is imported)."""
    if not _CLASSES:
        import sympy as sp

        class Sigmoid(sp.Function):  # type: ignore[misc]
            nargs = 1

            def fdiff(self, argindex: int = 1) -> Any:
                u = self.args[0]
                return Sigmoid(u) * Sigmoid(-u)

            def _eval_rewrite_as_exp(self, u: Any, **kwargs: Any) -> Any:
                return 1 / (1 + sp.exp(-u))

        class Softplus(sp.Function):  # type: ignore[misc]
            nargs = 1

            def fdiff(self, argindex: int = 1) -> Any:
                return Sigmoid(self.args[0])

            def _eval_rewrite_as_exp(self, u: Any, **kwargs: Any) -> Any:
                return sp.log(1 + sp.exp(u))

        class Tanh(sp.Function):  # type: ignore[misc]
            """tanh, whose derivative is 4·sigmoid(2u)·sigmoid(−2u), not 1 − tanh²(u) (which is 0
            in float64 once tanh(u) rounds to ±1, beyond |u| ≈ 19)."""

            nargs = 1

            def fdiff(self, argindex: int = 1) -> Any:
                u = self.args[0]
                return 4 * Sigmoid(2 * u) * Sigmoid(-2 * u)

        class Erfc(sp.Function):  # type: ignore[misc]
            """erfc, kept as written (SymPy turns erfc(−u) into 2 − erfc(u), which cancels)."""

            nargs = 1

            def fdiff(self, argindex: int = 1) -> Any:
                u = self.args[0]
                return -2 * sp.exp(-(u**2)) / sp.sqrt(sp.pi)

        _CLASSES["Softplus"], _CLASSES["Sigmoid"], _CLASSES["Tanh"] = Softplus, Sigmoid, Tanh
        _CLASSES["Erfc"] = Erfc
    return _CLASSES["Softplus"], _CLASSES["Sigmoid"]


def _tanh() -> Any:
    _functions()
    return _CLASSES["Tanh"]


def _stable(expr: Any) -> Any:
    """Softplus and Sigmoid where the expression spells them out; log1p and expm1 elsewhere."""
    import sympy as sp
    from sympy.codegen.cfunctions import log1p
    from sympy.codegen.rewriting import expm1_opt, log1p_opt, optimize

    softplus, sigmoid = _functions()

    def one_plus_exp(u: Any) -> Any:
        return one_plus(u, sp.exp)

    tanh = _tanh()

    def one_plus(u: Any, kind: Any) -> Any:
        """w for an expression 1 + kind(w), else None."""
        if isinstance(u, sp.Add) and len(u.args) == 2 and sp.S.One in u.args:
            other = u.args[0] if u.args[1] == sp.S.One else u.args[1]
            if isinstance(other, kind):
                return other.args[0]
        return None

    def rewrite(e: Any) -> Any:
        if not e.args:
            return e
        e = e.func(*[rewrite(a) for a in e.args])
        if (w := one_plus(e, sp.erf)) is not None:  # 1 + erf(w) cancels for w ≪ 0
            return _CLASSES["Erfc"](-w)
        if (w := one_plus(e, (sp.tanh, tanh))) is not None:  # 1 + tanh(w) = 2·sigmoid(2w)
            return 2 * sigmoid(2 * w)
        if isinstance(e, sp.tanh):
            return tanh(e.args[0])
        if isinstance(e, log1p) and isinstance(e.args[0], sp.exp):
            return softplus(e.args[0].args[0])
        if isinstance(e, sp.log) and (w := one_plus_exp(e.args[0])) is not None:
            return softplus(w)
        if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp < 0 and (w := one_plus_exp(e.base)) is not None:
            return sigmoid(-w) ** (-e.exp)
        return e

    out = rewrite(expr)
    out = optimize(out, [log1p_opt, expm1_opt])
    return rewrite(out)


def _drop_delta(expr: Any) -> Any:
    """DiracDelta (from differentiating Heaviside or sign) vanishes away from the kink, where the
    derivative is set by the kink convention anyway."""
    import sympy as sp

    return expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)


def _number(value: float) -> Any:
    import sympy as sp

    return sp.Integer(int(value)) if value.is_integer() and abs(value) < 1e15 else sp.Float(repr(value), 40)


def expression_of(act: Activation) -> tuple[Any, Any, tuple[Any, ...], tuple[float, ...]]:
    """(f, x, learnable symbols, their values) for a registered or custom elementwise activation."""
    import sympy as sp

    from actcli.custom.parse import parse, parse_trusted
    from actcli.custom.symbolic import build

    record = act.record
    if record.kind != "elementwise":
        raise ExportError(f"{record.name} is a {record.kind} activation: export handles elementwise ones",
                          hint="export an elementwise activation or an expression in x")
    x = sp.Symbol("x", real=True)
    if record.expression is not None:
        text = record.expression(act.params)
        env: dict[str, Any] = {"x": x}
        symbols: list[Any] = []
        values: list[float] = []
        for p in record.params:
            v = act.params.get(p.name, p.default)
            if isinstance(v, str):
                continue  # a choice (gelu's approximate) is already in the text
            if p.learnable:
                s = sp.Symbol(p.name, real=True)
                env[p.name] = s
                symbols.append(s)
                values.append(float(v))
            else:
                env[p.name] = _number(float(v))
        return build(parse_trusted(text), env, text, opaque=False), x, tuple(symbols), tuple(values)
    if record.estimated:  # a custom expression: its name is the text as typed
        return build(parse(record.name), {"x": x}, record.name, opaque=False), x, (), ()
    raise ExportError(f"{record.name} has no closed form in actcli's expression grammar, so it cannot be exported",
                      hint="export an activation that 'actcli derive' shows with a formula, or an expression in x")


def symbolic(act: Activation) -> Symbolic:
    import sympy as sp

    f, x, params, values = expression_of(act)
    if not f.has(x):
        raise ExportError("the expression does not depend on x")
    plain_d1 = _drop_delta(sp.diff(f, x))
    stable_f = _stable(f)
    d1 = _drop_delta(sp.diff(stable_f, x))
    dparams = tuple(_drop_delta(sp.diff(stable_f, p)) for p in params)
    return Symbolic(x, params, values, stable_f, d1, dparams, f, plain_d1)
