"""Everything ``actcli derive`` shows, computed: one report per activation."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from actcli.analysis.derivative import DerivativeRange, derivative_range
from actcli.analysis.properties import Properties, properties
from actcli.analysis.verify import (
    Sample,
    VectorCheck,
    Verification,
    default_sample_points,
    numeric_derivative,
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


#: where derive evaluates a gated activation when --at is not given: (a, b)
GATED_AT = (1.0, 0.5)
#: points of each grid (b with a fixed, a with b fixed) on which a gated activation's partials are checked
GATED_GRID = 801
GATED_TOLERANCE = 1e-7  # on |analytic − numeric| / (1 + |analytic|), as the elementwise check

MAX_VECTOR = 1000  # values of z for a vector activation: its Jacobian has MAX_VECTOR² entries (8 MB)


@dataclass(frozen=True)
class GatedPoint:
    """f(a, b), both partials and the gate at one point, with the partials from differences of f."""

    a: float
    b: float
    f: float
    df_da: float
    df_db: float
    g: float
    dg: float
    numeric_da: float  # nan where a kink of u (in a) or of g (in b) is at the point
    numeric_db: float


@dataclass(frozen=True)
class GatedCheck:
    """Both partials of a gated activation against differences of f(a, b): in b over the window
    with a fixed, in a over the window with b fixed, and at the point itself."""

    point: GatedPoint
    kinks_a: tuple[Kink, ...]  # of u(a) (gpt-oss's clamp), any a
    kinks_b: tuple[Kink, ...]  # of g(b), any b
    max_abs_error: float
    max_rel_error: float
    points: int
    skipped: int  # next to a kink
    tolerance: float = GATED_TOLERANCE

    @property
    def ok(self) -> bool:
        return self.max_rel_error <= self.tolerance


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
    gated: GatedCheck | None = None

    @property
    def ok(self) -> bool:
        """Did the independent check of the derivative pass? (the exit code follows it)"""
        if self.gated is not None:
            return self.gated.ok
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
    if act.kind == "gated":
        if order != 1:
            raise ParameterError(f"{act.name} is a gated function of two halves: derive shows its two first partials",
                                 hint="leave out --order", option="order")
        if at is not None and len(at) not in (0, 2):
            raise ParameterError(f"{act.name} takes a point (a, b): give --at twice (a, then b), not {len(at)} times",
                                 option="at")
        a, b = (at[0], at[1]) if at else GATED_AT
        return DeriveReport(act, order, lo, hi, gated=verify_gated(act, a, b, lo, hi))
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
        # [1, 2, 3] puts sparsemax's 3 exactly 1 above its 2: at the support's edge, where the
        # Jacobian jumps and differences cannot check it; [1, 1.5, 2] is inside a piece for both
        default = [1.0, 1.5, 2.0] if act.record.tsallis is not None else [1.0, 2.0, 3.0]
        z = np.asarray(at if at else default, dtype=np.float64)
        values = (z.tolist(), act(z).tolist(), act.jacobian(z).tolist())
        return DeriveReport(act, order, lo, hi, vector=verify_vector(act, _off_edges(act, z)), values_vector=values,
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


class _Along:
    """f(a, b) as a function of one half, the other fixed: what differences of f need."""

    def __init__(self, act: Activation, fixed: float, vary_a: bool) -> None:
        self.act, self.fixed, self.vary_a = act, fixed, vary_a

    def __call__(self, t: Array) -> Array:
        t = np.asarray(t, dtype=np.float64)
        other = np.full(t.shape, self.fixed)
        pair = (t, other) if self.vary_a else (other, t)
        return np.asarray(self.act.product(*pair), dtype=np.float64)


def _numeric(act: Activation, fixed: float, vary_a: bool, xs: Array, kinks: list[float]) -> Array:
    """Ridders' differences of f along one half (verify's; never of the partials), the first step
    0.1·max(1, |x|) and at most half the way to a kink of that half."""
    h0 = 0.1 * np.maximum(1.0, np.abs(xs))
    for k in kinks:
        h0 = np.minimum(h0, 0.5 * np.abs(xs - k))
    along = cast("Any", _Along(act, fixed, vary_a))  # numeric_derivative only calls it
    return numeric_derivative(along, xs, 1, np.maximum(h0, 1e-300))


def verify_gated(act: Activation, a: float, b: float, lo: float, hi: float) -> GatedCheck:
    """∂f/∂a and ∂f/∂b at (a, b) and over the window (b varying with a fixed, then a varying with
    b fixed) against differences of f, skipping grid points next to a kink of the varying half."""
    kinks_b = tuple(act.claims.kinks)
    kinks_a = tuple(act.record.linear_kinks(act.params)) if act.record.linear_kinks is not None else ()
    kb, ka = [k.x for k in kinks_b], [k.x for k in kinks_a]
    eps = np.finfo(np.float64).eps
    errors: list[Array] = []
    scales: list[Array] = []
    skipped = 0
    with np.errstate(all="ignore"):
        for vary_a, fixed, kinks in ((False, a, kb), (True, b, ka)):
            xs = np.linspace(lo, hi, GATED_GRID)
            near = np.zeros(xs.shape, dtype=bool)
            for k in kinks:
                near |= np.abs(xs - k) <= 2.5 * eps ** (1 / 6) * max(1.0, abs(k))
            skipped += int(near.sum())
            xs = xs[~near]
            pair = (xs, np.full(xs.shape, fixed)) if vary_a else (np.full(xs.shape, fixed), xs)
            analytic = np.asarray(act.partials(*pair)[0 if vary_a else 1], dtype=np.float64)
            numeric = _numeric(act, fixed, vary_a, xs, kinks)
            ok = np.isfinite(analytic) & np.isfinite(numeric)
            errors.append(np.abs(analytic[ok] - numeric[ok]))
            scales.append(1.0 + np.abs(analytic[ok]))
        pa, pb = np.array([a]), np.array([b])
        da, db = (float(np.asarray(v).reshape(-1)[0]) for v in act.partials(pa, pb))
        num_da = math.nan if a in ka else float(_numeric(act, b, True, pa, ka)[0])
        num_db = math.nan if b in kb else float(_numeric(act, a, False, pb, kb)[0])
        for an, nu in ((da, num_da), (db, num_db)):
            if math.isfinite(an) and math.isfinite(nu):
                errors.append(np.array([abs(an - nu)]))
                scales.append(np.array([1.0 + abs(an)]))
        point = GatedPoint(
            a, b, float(np.asarray(act.product(pa, pb)).reshape(-1)[0]), da, db,
            float(np.asarray(act.gate(pb)).reshape(-1)[0]), float(np.asarray(act.gate_derivative(pb)).reshape(-1)[0]),
            num_da, num_db,
        )
    err = np.concatenate(errors) if errors else np.zeros(0)
    scale = np.concatenate(scales) if scales else np.ones(0)
    return GatedCheck(
        point, kinks_a, kinks_b,
        max_abs_error=float(np.max(err)) if err.size else 0.0,
        max_rel_error=float(np.max(err / scale)) if err.size else 0.0,
        points=int(err.size), skipped=skipped,
    )


#: how far an entry at sparsemax's support edge is moved out of the support for the check
EDGE_NUDGE = 1e-4


def _off_edges(act: Activation, z: Array) -> Array:
    """z for the numerical check of a sparsemax Jacobian: an entry exactly at the support's edge
    (pᵢ = 0 with zᵢ = τ) is where the Jacobian jumps, and central differences straddling it give
    the mean of the two sides. Moving it EDGE_NUDGE·max(1, |zᵢ|) further out changes neither the
    support, τ nor any entry of the Jacobian (whose value at the edge is the outside one, pᵢ = 0),
    so the check there is of the same matrix. Other activations and z without such an entry are
    returned as they are; the check reports the z it used."""
    if act.record.tsallis != 2.0 or z.size < 2:
        return z
    p = np.asarray(act(z), dtype=np.float64)
    inside = p > 0
    tau = float(np.mean(z[inside] - p[inside]))  # pᵢ = zᵢ − τ on the support
    scale = np.maximum(1.0, np.abs(z))
    edge = ~inside & (np.abs(z - tau) <= 1e-9 * scale)
    if not edge.any():
        return z
    out = z.copy()
    out[edge] -= EDGE_NUDGE * scale[edge]
    return out
