"""One deterministic budget per expression: work is counted, never timed.

Every stage (parsing, building and differentiating the SymPy tree, compiling, the high-precision
repair of points float64 cannot be trusted with, the kink search) charges the units of work it does
to the expression's :class:`Budget`. Units are counted from the sizes of trees and the number of
points and digits, so the same expression stops at the same place on any machine, at any load and
on any thread. No clock, signal or process-wide timer is involved.
"""

from __future__ import annotations

from actcli.errors import ActcliError

#: work units one expression may spend; sized so that the largest accepted expression finishes in
#: a few seconds on a slow machine (see bench/custom_bench.py)
UNITS = 2_500_000
#: work units all later high-precision repairs of one built expression may spend together (float64
#: evaluation is not counted: its cost is the size of the array the caller asks for)
RUNTIME = 2_500_000
#: nodes allowed in f, f' and f'' as SymPy builds them (after merging powers and folding constants)
MAX_TREE = 4_000
#: nesting depth allowed in the tree SymPy builds (registry functions expand into several levels)
MAX_TREE_DEPTH = 120
#: |exponent| allowed in a power of x once SymPy has merged nested powers
MAX_EXPONENT = 1000
#: constants must stay below 10^MAX_CONSTANT_DIGITS in magnitude
MAX_CONSTANT_DIGITS = 300


class BoundError(ActcliError):
    """An expression needs more work than one expression is allowed: exit code 1."""


class Budget:
    """Units of work left for one expression (not shared between expressions or threads)."""

    def __init__(self, units: int | None = None) -> None:
        self.units = UNITS if units is None else units
        self.spent = 0

    def charge(self, units: int, stage: str) -> None:
        self.spent += max(0, int(units))
        if self.spent > self.units:
            raise BoundError(
                f"the expression needs more than {self.units:,} units of work ({stage})",
                hint="the work bound on one expression; simplify the expression or split it",
                code="work_bound",
            )

    def left(self) -> int:
        return self.units - self.spent
