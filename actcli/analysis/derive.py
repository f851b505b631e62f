"""Everything ``actcli derive`` shows, computed: one report per activation."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from actcli.analysis.derivative import DerivativeRange, derivative_range
from actcli.analysis.properties import Properties, properties
from actcli.analysis.verify import (
    Sample,
    VectorCheck,
    Verification,
    default_sample_points,
    samples,
    verify,
    verify_vector,
)
from actcli.analysis.window import check_range, domain_text, restrict
from actcli.analysis.zones import Zone, zones
from actcli.core.activation import Activation
from actcli.core.numerics import DEFAULT_RANGE
from actcli.core.record import Interval, Kink
from actcli.errors import ParameterError, num

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


MAX_VECTOR = 1000  # values of z for a vector activation: its Jacobian has MAX_VECTOR² entries (8 MB)


@dataclass(frozen=True)
class DeriveReport:
    act: Activation
    order: int
    lo: float
    hi: float
    kinks: list[Kink] = field(default_factory=list)
    derivative_range: DerivativeRange | None = None
    zones: list[Zone] = field(default_factory=list)
    values: list[Sample] = field(default_factory=list)
    verification: Verification | None = None
    vector: VectorCheck | None = None
    global_range: Interval | None = None
    values_vector: tuple[list[float], list[float], list[list[float]]] | None = None
    # expressions finite only on part of ℝ: where f, f′, f″ are finite, and the piece analysed
    domain: tuple[Interval, ...] | None = None
    analysed: Interval | None = None
    properties: Properties | None = None  # on all of ℝ (or the estimation window), with its scope

    @property
    def ok(self) -> bool:
        """Did the independent check of the derivative pass? (the exit code follows it)"""
        if self.vector is not None:
            return self.vector.ok
        return self.verification is None or self.verification.ok


def derive(act: Activation, order: int = 1, lo: float = DEFAULT_RANGE[0], hi: float = DEFAULT_RANGE[1],
           at: list[float] | None = None) -> DeriveReport:
    """Everything ``actcli derive`` shows, computed: formulas come from the record, numbers from
    the functions, and the analytic derivative is checked against finite differences of f."""
    if order not in (1, 2):
        raise ParameterError(f"order must be 1 or 2, not {order}", option="order")
    lo, hi = check_range(lo, hi)
    if at is not None:
        for x in at:
            if not math.isfinite(x):
                raise ParameterError(f"the points must be finite numbers, not {num(x)}", option="at")
    if act.kind == "vector":
        if order != 1:
            raise ParameterError(
                f"{act.name} is a vector function: its derivative is the Jacobian (order 1)", option="order"
            )
        if at is not None and len(at) > MAX_VECTOR:
            raise ParameterError(
                f"{len(at):,} values would make a {len(at):,} x {len(at):,} Jacobian",
                hint=f"give at most {MAX_VECTOR:,} values", option="at",
            )
        z = np.asarray(at if at else [1.0, 2.0, 3.0], dtype=np.float64)
        values = (z.tolist(), act(z).tolist(), act.jacobian(z).tolist())
        return DeriveReport(act, order, lo, hi, vector=verify_vector(act, z), values_vector=values,
                            properties=properties(act))
    domain = act.record.domain if act.record.domain != (Interval(-math.inf, math.inf),) else None
    analysed = None
    if domain is not None:
        cut = restrict(lo, hi, domain)
        if cut is None:
            raise ParameterError(
                f"f, f' and f'' are finite only for {domain_text(domain)}: no part of [{num(lo)}, {num(hi)}]",
                hint="choose a range inside the domain", option="range",
            )
        lo, hi, analysed = cut
    kinks = [k for k in act.claims.kinks if lo <= k.x <= hi]
    points = at if at else default_sample_points(lo, hi)
    return DeriveReport(
        act,
        order,
        lo,
        hi,
        kinks=kinks,
        derivative_range=derivative_range(act, lo, hi),
        zones=zones(act, lo, hi),
        values=samples(act, points, order),
        verification=verify(act, lo, hi, order),
        global_range=act.claims.derivative_range,
        domain=domain,
        analysed=analysed,
        properties=properties(act),
    )
