"""The public entry: :func:`get` turns a spec into an activation — a registered name first, then
an expression in x — and :func:`names` lists the registry. The CLI and library users start here.
"""

from __future__ import annotations

from typing import Any

from actcli.core.activation import Activation
from actcli.core.record import Record
from actcli.core.registry import Registry, bind
from actcli.errors import ParameterError, UnknownActivationError, UsageError


def registry() -> Registry:
    """The registry of every shipped activation (built on first use)."""
    from actcli.catalogue import registry as shipped

    return shipped()


def names() -> list[str]:
    """Canonical names of every registered activation, in display order."""
    return registry().names()


def records() -> tuple[Record, ...]:
    return registry().records()


def lookup(name: str) -> Record:
    """The record registered under ``name`` or one of its aliases."""
    return registry().lookup(name)


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def get(spec: str, **params: Any) -> Activation:
    """The activation named by ``spec`` with its parameters bound, or — when ``spec`` is no
    registered name but an expression in x — a custom activation derived symbolically.

    >>> get("leaky_relu:negative_slope=0.2").params
    {'negative_slope': 0.2}
    """
    if not isinstance(spec, str):
        raise UsageError(
            f"an activation is named by a string, not {type(spec).__name__} {_brief(spec)}",
            hint="e.g. get('relu') or get('leaky_relu:negative_slope=0.2'); names() lists them",
            code="spec_type",
        )
    bad = [key for key in params if not isinstance(key, str) or not key.isidentifier()]
    if bad:
        raise ParameterError(f"parameter names must be identifiers, not {bad[0]!r}")
    try:
        record, overrides = registry().parse_spec(spec)
    except UnknownActivationError:
        from actcli.custom import looks_like_expression

        if not looks_like_expression(spec):
            raise
        if params:
            raise ParameterError("a custom expression takes no parameters; write them into it") from None
        from actcli.custom import custom_activation  # sympy is imported only here

        return custom_activation(spec)
    overrides.update(params)
    return bind(record, overrides)


def exact_values(act: Activation, order: int, xs: Any) -> Any:
    """Exact f or f′ of a registered activation at float64 points, from its closed form (SymPy and
    mpmath): what :func:`actcli.analysis.precision.precision` measures against."""
    from actcli.custom.reference import exact_values as compute

    return compute(act, order, xs)
