"""Custom activations typed as expressions in x: parsed safely, derived symbolically, compiled.

SymPy is imported only when an expression is actually used.
"""

from __future__ import annotations

from actcli.custom.expression import ExpressionError, custom_activation, looks_like_expression

__all__ = ["ExpressionError", "custom_activation", "looks_like_expression"]
