"""An expression in x, assembled into a :class:`~actcli.core.activation.Activation` like any
registered one, so ``derive``, ``plot``, ``compare`` and ``simulate`` take it unchanged."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.record import Claims, Formula, Init, Interval, Record
from actcli.custom.budget import RUNTIME, BoundError, Budget
from actcli.custom.parse import ExpressionError, _fail, parse
from actcli.errors import ActcliError

if TYPE_CHECKING:
    from actcli.core.activation import Activation


@dataclass(frozen=True)
class CustomRecord(Record):
    """A custom expression's record: ``proof`` holds what SymPy proved on the whole domain (see
    :mod:`actcli.custom.proof`); every other property is measured on the window."""

    proof: Any = None


def _covers(proved: Interval, measured: Interval) -> bool:
    """The measured range lies inside the proved one (to rounding): a proof that fails this is dropped."""
    def slack(v: float) -> float:
        return 1e-9 * max(1.0, abs(v)) if math.isfinite(v) else 0.0

    return measured.lo >= proved.lo - slack(proved.lo) and measured.hi <= proved.hi + slack(proved.hi)


def merge(claims: Claims, proof: Any) -> tuple[Claims, Any]:
    """The measured claims with every proved one put in their place."""
    from actcli.custom.proof import Proof

    ok = (proof.output_range is None or _covers(proof.output_range, claims.output_range)) and (
        proof.derivative_range is None or _covers(proof.derivative_range, claims.derivative_range))
    if not ok or not proof.proved:
        return claims, Proof(())
    changes: dict[str, Any] = {}
    if proof.output_range is not None:
        changes.update(output_range=proof.output_range, output_set=proof.output_set, monotonic=proof.monotonic)
    if proof.derivative_range is not None:
        changes.update(derivative_range=proof.derivative_range, nonlinear=proof.nonlinear)
    return dataclasses.replace(claims, **changes), proof


def _summary(proof: Any, examined: int | None) -> str:
    from actcli.custom import properties

    window = f"[{properties.SCAN[0]:g}, {properties.SCAN[1]:g}]"
    smooth = "" if examined is None else f"; derivatives beyond f^({examined}) not examined for smoothness"
    if proof.proved and len(proof.proved) == len(properties.PROPERTY_NAMES):
        return "custom expression; properties proved by SymPy on the whole domain" + smooth
    if proof.proved:
        return (f"custom expression; proved by SymPy: {', '.join(proof.proved)}; the rest measured on {window}, "
                f"at |x| up to 1e6 and at +-1e150{smooth}")
    return f"custom expression; properties measured on {window}, at |x| up to 1e6 and at +-1e150{smooth}"


def _describe(domain: Any) -> str:
    from actcli.custom.domain import ALL

    return "" if domain == ALL else "; outside its domain it is NaN"


def programs(text: str, budget: Budget | None = None) -> tuple[Any, Any, Any]:
    """f, f′ and f″ of an expression, compiled (without the property scans)."""
    from actcli.custom import symbolic
    from actcli.custom.compile import Program

    budget = budget or Budget()
    tree = parse(text)
    try:
        f = symbolic.bounded(symbolic.stable(symbolic.build(tree, {"x": symbolic.X}, text)), "the expression", budget)
        if not f.has(symbolic.X):
            raise _fail(text, None, "it does not depend on x", hint="e.g. x*tanh(softplus(x))")
        d1 = symbolic.derivative(f, "its derivative", budget)
        d2 = symbolic.derivative(d1, "its second derivative", budget)
        out = Program(f, budget), Program(d1, budget), Program(d2, budget)
    except (ValueError, TypeError, ArithmeticError) as err:  # SymPy refusing what it built
        if isinstance(err, ActcliError):
            raise
        raise _fail(text, None, f"SymPy cannot work with it ({type(err).__name__}: {str(err)[:80]})") from None
    except RecursionError:
        raise BoundError("the expression nests too deeply to be analysed", hint="the bound on nesting",
                         code="depth_bound") from None
    runtime = Budget(RUNTIME)
    for prog in out:
        prog.budget, prog.built = runtime, True
    return out


def custom_activation(text: str, budget: Budget | None = None) -> Activation:
    """An :class:`~actcli.core.activation.Activation` for an expression (properties measured)."""
    import sympy as sp

    from actcli.core.activation import Activation
    from actcli.custom import domain as dom
    from actcli.custom import proof, properties, symbolic
    from actcli.custom.compile import Program

    budget = budget or Budget()
    tree = parse(text)
    budget.charge(500, "parsing")
    try:
        expr = symbolic.bounded(symbolic.build(tree, {"x": symbolic.X}, text), "the expression", budget)
        if not expr.has(symbolic.X):
            raise _fail(text, None, "it does not depend on x", hint="e.g. x*tanh(softplus(x))")
        f = symbolic.bounded(symbolic.stable(expr), "the expression", budget)
        d1 = symbolic.derivative(f, "its derivative", budget)
        d2 = symbolic.derivative(d1, "its second derivative", budget)
        fn, g1, g2 = Program(f, budget), Program(d1, budget), Program(d2, budget)
        domain = dom.domain([f, d1, d2], budget)
        if not domain:
            raise _fail(text, None, "it is not a finite real number anywhere in [-1e6, 1e6]",
                        hint="actcli analyses real functions of a real x")
        claims, switch, examined = properties.measure(fn, g1, g2, f, domain, budget, d2)
        plain = symbolic.build(tree, {"x": symbolic.X}, text, opaque=False)
        claims, found = merge(claims, proof.prove(plain, domain, budget))
        p1 = symbolic.derivative(plain, "its derivative", budget)
        p2 = symbolic.derivative(p1, "its second derivative", budget)
        reference = [Program(e, budget) for e in (plain, p1, p2)]
        fragile = properties.accuracy([fn, g1, g2], reference, properties.probes(fn, g1, g2, domain), switch)
    except RecursionError:
        raise BoundError("the expression nests too deeply to be analysed", hint="the bound on nesting",
                         code="depth_bound") from None
    except (ValueError, TypeError, ArithmeticError) as err:  # SymPy refusing what it built
        if isinstance(err, ActcliError):
            raise
        raise _fail(text, None, f"SymPy cannot work with it ({type(err).__name__}: {str(err)[:80]})") from None
    except MemoryError:
        raise BoundError("the expression needs more memory than allowed", code="memory_bound") from None
    runtime = Budget(RUNTIME)  # shared by every later evaluation of f, f′ and f″
    for prog in (fn, g1, g2):
        prog.budget, prog.built = runtime, True
    label = text.strip()
    record = CustomRecord(
        name=label,
        summary=_summary(found, examined) + _describe(domain),
        kind="elementwise",
        formula=Formula(f"f(x) = {symbolic.pretty(f)}", "f(x) = " + sp.latex(f)),
        derivative=Formula(f"f′(x) = {symbolic.pretty(d1)}", "f'(x) = " + sp.latex(d1)),
        second=Formula(f"f″(x) = {symbolic.pretty(d2)}", "f''(x) = " + sp.latex(d2)),
        claims=lambda p: claims,
        cost="compiled from the expression (numpy, high precision where float64 cannot be trusted)",
        init=lambda p: Init("he" if math.isinf(claims.output_range.hi) else "xavier", None,
                            "chosen from the output range"),
        references=("custom expression: " + label,),
        fn=lambda arr, **_: fn(np.asarray(arr, dtype=np.float64)),
        d1=lambda arr, **_: g1(np.asarray(arr, dtype=np.float64)),
        d2=lambda arr, **_: g2(np.asarray(arr, dtype=np.float64)),
        estimated=True,
        fragile=fragile,
        domain=domain,
        proof=found,
    )
    return Activation(record, {})


__all__ = ["ExpressionError", "custom_activation"]
