"""Custom activations typed as expressions in x: parsed safely, derived symbolically, compiled.

parse.py (text → allow-listed syntax tree), symbolic.py (→ SymPy, stable rewrites, derivatives),
compile.py (→ float64 with an error bound, high precision where it cannot be trusted), domain.py
(where f, f′, f″ are finite), properties.py (kinks, smoothness, ranges, accuracy: measured),
proof.py (what SymPy proves on the whole domain replaces the measured), budget.py (one
deterministic work bound per expression), activation.py (the record). SymPy and mpmath are
imported only when an expression is actually used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from actcli.custom.parse import ExpressionError, looks_like_expression

if TYPE_CHECKING:
    from actcli.core.activation import Activation


def custom_activation(text: str) -> Activation:
    """An activation for an expression in x (see :mod:`actcli.custom.activation`)."""
    from actcli.custom.activation import custom_activation as build

    return build(text)


__all__ = ["ExpressionError", "custom_activation", "looks_like_expression"]
