"""Properties of an expression proved with SymPy's exact tools, where they allow it.

For an expression without switch points (no max, min, abs or piecewise registry function), on a
domain found exactly (see below) that agrees with the scanned one:

* the real zeros of f′ and f″ are found exactly — factor by factor: factors SymPy knows to be
  positive or negative (eᵘ, x² + 1) have none, a power has its base's, a polynomial has its real
  roots (any degree for a binomial a·xⁿ + b, up to MAX_DEGREE otherwise), and a small remaining
  factor that is a polynomial in one tanh(x) or erf(x) has the roots inside (−1, 1) mapped back
  (no general solver is called: ``solveset`` can run without bound on a radical equation);
* the limits at the ends of every piece of the domain come from the rules of limits where they
  settle it at ±∞ (sums and products of limits that exist, continuous functions of convergent
  arguments, eᵘ beating every power of x when u is a polynomial → −∞), else from ``limit``
  (Gruntz's algorithm, ten to a hundred times slower); accepted only when they are real numbers
  or ±∞;
* the domain is exact where each of its conditions (log u: u > 0, fractional powers, poles) is a
  rational function of x (the real roots of its numerator and denominator), else it comes from
  ``continuous_domain`` (which simplifies, and imports sympy.physics); either way it must agree
  with the scanned one;
* f′ has one sign between consecutive zeros (it is continuous on each piece), read at one point
  in between at 40 digits.

From these follow, for all of the domain: the output range (inf and sup over the critical values
and the limits at the ends; an end is attained exactly when a critical value reaches it),
monotonicity, the stationary points and their kinds, the range of f′ and where |f′| peaks.
Whatever this route cannot settle (a transcendental equation such as Mish's f′ = 0, an oscillating
limit, an expression too large) stays measured on the window, and is labelled so.

Every step is bounded by sizes and degrees checked before SymPy is called (no clock), and charged
to the expression's budget, so the same expression gets the same answer on any machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp
from sympy.codegen.cfunctions import log1p

from actcli.core.record import Interval
from actcli.custom.budget import BoundError, Budget
from actcli.custom.symbolic import Registered, X, size

#: nodes of f (unrewritten) up to which the symbolic route is tried
MAX_NODES = 80
#: nodes of a factor that is a polynomial in tanh(x) or erf(x)
MAX_SOLVE = 30
#: degree of a polynomial factor whose real roots are isolated (binomials: any degree)
MAX_DEGREE = 40
#: digits every number is compared and every sign read at
DPS = 40
#: the property names (as actcli.analysis.properties.NAMES) this route can prove
NAMES = ("output_set", "monotonic", "derivative_range", "argmax", "saturation", "stationary_points")
SWITCHES = (sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside, sp.Piecewise, Registered)


class Unproved(Exception):
    """The symbolic route cannot settle this property."""


@dataclass(frozen=True)
class Proof:
    """What was proved on the whole domain; ``proved`` names the properties (the rest are measured)."""

    proved: tuple[str, ...]
    output_range: Interval | None = None
    output_set: tuple[Interval, ...] = ()
    monotonic: bool | None = None
    derivative_range: Interval | None = None
    stationary: tuple[tuple[float, float, str], ...] = ()  # (x, f(x), "minimum" | "maximum" | "inflection")
    argmax: tuple[Interval, ...] = ()  # where |f′| = sup |f′| (empty: only approached)
    approached: tuple[float, ...] = ()  # where an unattained sup |f′| is approached (ends of pieces)
    limits: tuple[float, float] | None = None  # f′ at the lower end of the first piece and the upper of the last
    nonlinear: bool = True
    # on a domain of all of ℝ: the outermost zeros of f″ (inf, −inf if none); beyond them f′ is
    # monotonic, so a tail where f′ → 0 crosses any level of |f′| once: a saturation threshold found
    # beyond them holds on all of ℝ (actcli.analysis.properties checks it and counts it proved)
    tails: tuple[float, float] | None = None


# --- exact zeros -------------------------------------------------------------------------------------


def _charge(budget: Budget, e: Any, what: str) -> None:
    budget.charge(50 * size(e)[0], f"proving properties ({what})")


def _binomial(poly: Any) -> list[Any] | None:
    terms = poly.terms()
    if len(terms) != 2:
        return None
    ((n,), a), ((m,), b) = terms  # highest degree first
    out: list[Any] = [sp.S.Zero] if m > 0 else []
    k = n - m
    r = -sp.Rational(b) / sp.Rational(a) if a.is_Rational and b.is_Rational else None
    if r is None:
        return None
    if k % 2:
        out.append(sp.sign(r) * sp.Abs(r) ** sp.Rational(1, k))
    elif r > 0:
        root = r ** sp.Rational(1, k)
        out += [root, -root]
    return out


def _nonnegative(e: Any) -> bool:
    """e ≥ 0 for every real x, read from its structure alone (SymPy's assumption queries can run
    for minutes on the radicals of a quartic; this cannot)."""
    if e.is_Number:
        return bool(e >= 0)
    if isinstance(e, (sp.exp, sp.cosh)):
        return True
    if e.is_Pow:
        b, p = e.args
        return bool(p.is_Integer and p % 2 == 0) or (_nonnegative(b) and p.is_Number)
    if e.is_Add or e.is_Mul:
        return all(_nonnegative(a) for a in e.args)
    return False


def _definite(e: Any) -> bool:
    """e > 0 for every real x, or e < 0 for every real x: a factor without zeros (read from its
    structure; every recursion is into a strict sub-tree)."""
    if e.is_Number:
        return bool(e != 0)
    if isinstance(e, (sp.exp, sp.cosh)):
        return True
    if e.is_Mul:
        return all(_definite(a) for a in e.args)
    if e.is_Pow:
        return bool(e.args[1].is_Number) and _definite(e.args[0])
    if e.is_Add:
        up = all(_nonnegative(a) for a in e.args) and any(a.is_Number and a > 0 for a in e.args)
        down = all(_nonnegative(-a) for a in e.args) and any(a.is_Number and a < 0 for a in e.args)
        return up or down
    return False


def zeros(e: Any, budget: Budget) -> list[Any]:
    """Every real zero of ``e`` (a function of x) where it is defined, exactly; Unproved if not found."""
    _charge(budget, e, "zeros")
    if not e.has(X):
        if e.is_zero:
            raise Unproved("identically zero")
        return []
    if size(e)[0] > 2 * MAX_NODES:
        raise Unproved("too large")
    e = sp.factor_terms(e)
    if e.is_Mul:
        out: list[Any] = []
        for a in e.args:
            out += zeros(a, budget)
        return out
    if e.is_Pow:
        b, p = e.args
        if p.is_positive:
            return zeros(b, budget)
        if p.is_negative:
            return []  # 1/u is never 0 (its poles are outside the domain)
        raise Unproved("a power with a variable exponent")
    if _definite(e):
        return []
    if e.is_polynomial(X):
        poly = sp.Poly(e, X)
        if not all(c.is_Rational for c in poly.coeffs()):
            poly = sp.Poly(sp.nsimplify(e, rational=True), X)  # floats as typed: exact rationals
        found = _binomial(poly)
        if found is not None:
            return found
        if poly.degree() > MAX_DEGREE:
            raise Unproved("a polynomial of high degree")
        return list(sp.real_roots(poly))
    num, den = sp.fraction(sp.together(e))
    if den.has(X) and num != e:
        return zeros(num, budget)
    if isinstance(e, (sp.tanh, sp.sinh, sp.erf)):  # increasing, zero only where the argument is
        return zeros(e.args[0], budget)
    return _bounded_atom(e, budget)


def _bounded_atom(e: Any, budget: Budget) -> list[Any]:
    """Zeros of a polynomial in one tanh(x) or erf(x) (1 − tanh²x has none: its roots ±1 lie
    outside the open range (−1, 1)); anything else is Unproved (no general solver is called: those
    can run without bound on a radical equation)."""
    exps = {a for a in sp.preorder_traversal(e) if isinstance(a, sp.exp) and a.has(X)}
    if exps and size(e)[0] <= MAX_SOLVE:  # a rational function of t = eˣ (e^(nx) = tⁿ): roots t > 0
        t = sp.Dummy("t", positive=True)
        sub = {}
        for a in exps:
            k = a.args[0] / X
            if not k.is_Integer:
                raise Unproved("no exact route to the zeros")
            sub[a] = t**k
        g = e.xreplace(sub)
        if g.has(X):
            raise Unproved("no exact route to the zeros")
        num = sp.fraction(sp.together(g))[0]
        poly = sp.Poly(sp.nsimplify(sp.expand(num), rational=True), t)
        if poly.degree() > MAX_DEGREE:
            raise Unproved("a polynomial of high degree")
        return [sp.log(r) for r in sp.real_roots(poly) if _num(r) > mpmath.mpf(10) ** (10 - DPS)]
    atoms = {a for a in sp.preorder_traversal(e) if isinstance(a, (sp.tanh, sp.erf)) and a.has(X)}
    if len(atoms) != 1 or size(e)[0] > MAX_SOLVE:
        raise Unproved("no exact route to the zeros")
    (atom,) = atoms
    t = sp.Dummy("t")
    poly_e = e.subs(atom, t)
    scale = atom.args[0] / X  # tanh(a·x): the roots are divided by a
    if poly_e.has(X) or not poly_e.is_polynomial(t) or not scale.is_Rational or scale == 0:
        raise Unproved("no exact route to the zeros")
    poly = sp.Poly(sp.nsimplify(poly_e, rational=True), t)
    if poly.degree() > MAX_DEGREE:
        raise Unproved("a polynomial of high degree")
    out = []
    for r in sp.real_roots(poly):
        v = _num(r)
        if abs(v) < 1 - mpmath.mpf(10) ** (10 - DPS):
            out.append((sp.atanh if isinstance(atom, sp.tanh) else sp.erfinv)(r) / scale)
        elif abs(v) <= 1 + mpmath.mpf(10) ** (10 - DPS) and abs(v) != 1:
            raise Unproved("a root at the edge of the range")
    return out


# --- numbers -------------------------------------------------------------------------------------------


def _num(e: Any) -> Any:
    """An exact real constant as an mpmath number at DPS digits (Unproved if not real)."""
    if e in (sp.oo, -sp.oo):
        return mpmath.inf if e == sp.oo else -mpmath.inf
    v = sp.N(e, DPS)
    if not v.is_real or not v.is_finite:
        raise Unproved("not a real number")
    with mpmath.workdps(DPS):
        return mpmath.mpf(sp.Float(v, DPS)._mpf_)


def _at(e: Any, t: Any) -> Any:
    """e at the exact point t, at DPS digits."""
    v = _value(e, t)
    if v.is_real is False or v.has(sp.I) or not v.is_Number:
        raise Unproved("not real at a point")
    if v in (sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise Unproved("not finite at a point")
    if v.is_Rational:
        with mpmath.workdps(DPS):
            return mpmath.mpf(int(v.p)) / int(v.q)
    with mpmath.workdps(DPS):
        return mpmath.mpf(sp.Float(v, DPS)._mpf_)


def _value(e: Any, t: Any) -> Any:
    """e at the point t to DPS correct digits (or refused): substituted exactly where t is rational
    (so that an exact 0 is 0), evaluated numerically at an algebraic t (substituting a radical into
    the tree lets SymPy's automatic simplification run without bound)."""
    if t.is_Rational:
        exact = e.subs(X, t)
        if exact.is_Rational:
            return exact
    else:
        exact = e
    try:
        if t.is_Rational:
            return exact.evalf(DPS, strict=True)
        return exact.evalf(DPS, subs={X: sp.Float(sp.N(t, DPS + 20), DPS + 20)}, strict=True)
    except sp.core.evalf.PrecisionExhausted:
        raise Unproved("no digits at a point") from None


def _sign(e: Any, t: Any) -> int:
    v = _value(e, t)
    if not v.is_Number or v.is_real is False:
        raise Unproved("no sign at a test point")
    if v.is_zero:
        raise Unproved("a test point too close to a zero")
    return 1 if v > 0 else -1


def _float(v: Any) -> float:
    if mpmath.isinf(v):
        return math.inf if v > 0 else -math.inf
    try:
        return float(v) + 0.0
    except OverflowError:
        return math.inf if v > 0 else -math.inf


def _same(a: Any, b: Any) -> bool:
    if mpmath.isinf(a) or mpmath.isinf(b):
        return bool(a == b)
    with mpmath.workdps(DPS):
        return bool(abs(a - b) <= mpmath.mpf(10) ** (10 - DPS) * max(1, abs(a), abs(b)))


# --- pieces of the domain ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    lo: Any  # exact SymPy numbers or ±oo
    hi: Any
    lo_closed: bool
    hi_closed: bool

    def inside(self, r: Any) -> bool:
        v = _num(r)
        lo, hi = _num(self.lo), _num(self.hi)
        return bool((v > lo or (self.lo_closed and v == lo)) and (v < hi or (self.hi_closed and v == hi)))


def _where(g: Any, kind: str) -> Any:
    """The exact set where the rational function g is > 0, ≥ 0 or finite and ≠ 0 (the conditions
    of :func:`actcli.custom.domain.conditions`), from the real roots of its numerator and
    denominator and g's sign between them; None if g is not a rational function of x."""
    if not g.is_rational_function(X):
        return None
    num, den = sp.fraction(sp.together(g))
    polys = []
    for part in (num, den):
        poly = sp.Poly(part, X)
        if not all(c.is_Rational for c in poly.coeffs()):
            poly = sp.Poly(sp.nsimplify(part, rational=True), X)
        if poly.degree() > MAX_DEGREE:
            return None
        polys.append(poly)
    zeros_num = set(sp.real_roots(polys[0])) if polys[0].degree() > 0 else set()
    poles = set(sp.real_roots(polys[1])) if polys[1].degree() > 0 else set()
    cuts = sorted(zeros_num | poles, key=_num)
    edges = [sp.S.NegativeInfinity, *cuts, sp.S.Infinity]
    out: Any = sp.S.EmptySet
    for a, b in zip(edges[:-1], edges[1:]):
        t = (a + b) / 2 if a.is_finite and b.is_finite else (b - 1 if a.is_infinite and b.is_finite else
                                                            (a + 1 if a.is_finite else sp.S.Zero))
        if kind == "!=0" or _sign(g, t) > 0:
            out = out | sp.Interval(a, b, True, True)
    if kind == ">=0":
        out = out | sp.FiniteSet(*(r for r in zeros_num if r not in poles))
    return out


def pieces(exprs: list[Any], numeric: tuple[Interval, ...], budget: Budget) -> list[Piece]:
    """The domain, checked against the scanned one: exact where every condition (log u: u > 0,
    fractional powers, poles) is a rational function of x, else from SymPy's continuous_domain
    (slower: it simplifies and imports sympy.physics)."""
    from actcli.custom.domain import conditions

    dom: Any = sp.S.Reals
    conds = conditions(exprs)
    # log1p stays with continuous_domain, which refuses it (the corpus's answers stay as they were)
    exact = [] if any(e.has(log1p) for e in exprs) else [_where(g, kind) for g, kind in conds]
    if exact and all(d is not None for d in exact):
        for e in exprs:
            _charge(budget, e, "domain")
        for d in exact:
            dom = dom.intersect(d)
    elif conds:  # otherwise every function in it is finite on all of ℝ (exp, erf, tanh, ...)
        from sympy.calculus.util import continuous_domain

        for e in exprs:
            _charge(budget, e, "domain")
            try:
                dom = dom.intersect(continuous_domain(e, X, sp.S.Reals))
            except NotImplementedError:
                raise Unproved("SymPy cannot find the domain") from None
    parts = list(dom.args) if isinstance(dom, sp.Union) else [dom]
    out = []
    for p in parts:
        if not isinstance(p, sp.Interval):
            raise Unproved("a domain that is not a union of intervals")
        out.append(Piece(p.start, p.end, not p.left_open and p.start.is_finite, not p.right_open and p.end.is_finite))
    if len(out) != len(numeric):
        raise Unproved("the domain disagrees with the scan")
    for a, b in zip(out, numeric):
        for exact, seen in ((a.lo, b.lo), (a.hi, b.hi)):
            v = _float(_num(exact))
            if not (v == seen or (math.isfinite(v) and abs(v - seen) <= 1e-9 * max(1.0, abs(v)))):
                raise Unproved("the domain disagrees with the scan")
    return out


_POS, _NEG = sp.S.Infinity, sp.S.NegativeInfinity
#: functions continuous on all of ℝ with their limits at −∞ and +∞ (None: no limit)
_WHOLE_LINE: dict[Any, tuple[Any, Any]] = {
    sp.exp: (sp.S.Zero, _POS), sp.tanh: (-sp.S.One, sp.S.One), sp.erf: (-sp.S.One, sp.S.One),
    sp.sinh: (_NEG, _POS), sp.cosh: (_POS, _POS),
}


def _at_infinity(e: Any, s: int) -> Any:
    """The limit of e as x → s·∞ by the rules of limits alone (sums, products and powers of
    limits that exist, continuous functions of convergent arguments, eᵘ → 0 beating any power of
    x when u is a polynomial → −∞), or None where they do not settle it (∞ − ∞, 0·∞ otherwise,
    oscillation): then Gruntz's algorithm is asked. Every rule is a theorem about limits, so an
    answer given here is the limit."""
    if not e.has(X):
        return e
    if e == X:
        return _POS if s > 0 else _NEG
    parts = [_at_infinity(a, s) for a in e.args] if (e.is_Add or e.is_Mul) else None
    if parts is not None and any(p is None or p is sp.nan for p in parts):
        return _decay(e, s) if e.is_Mul else None
    if e.is_Add:
        assert parts is not None
        infinite = {p for p in parts if p.is_infinite}
        if len(infinite) > 1:
            return None  # ∞ − ∞
        return next(iter(infinite)) if infinite else sp.Add(*parts)
    if e.is_Mul:
        assert parts is not None
        if any(p.is_infinite for p in parts):
            if any(p.is_zero for p in parts):
                return _decay(e, s)  # 0·∞
            sign = 1
            for p in parts:
                if p.is_extended_negative:
                    sign = -sign
                elif not p.is_extended_positive:
                    return None
            return _POS if sign > 0 else _NEG
        return sp.Mul(*parts)
    if e.is_Pow:
        base, p = e.args
        if p.has(X):
            return None
        b = _at_infinity(base, s)
        if b is None:
            return None
        if b.is_infinite:
            if p.is_negative:
                return sp.S.Zero
            if p.is_positive and (b is _POS or p.is_even):
                return _POS
            if p.is_positive and p.is_odd:
                return _NEG
            return None
        if b.is_positive or (p.is_Integer and p.is_positive):
            return b**p
        return None
    rule = _WHOLE_LINE.get(type(e))
    if rule is None and type(e) is sp.log:
        u = _at_infinity(e.args[0], s)
        return None if u is None else (_POS if u is _POS else (sp.log(u) if u.is_positive and u.is_finite else None))
    if rule is None or len(e.args) != 1:
        return None
    u = _at_infinity(e.args[0], s)
    if u is None:
        return None
    if u is _NEG:
        return rule[0]
    if u is _POS:
        return rule[1]
    return type(e)(u)


def _decay(e: Any, s: int) -> Any:
    """0 for a product R(x)·e^(u(x)) (R a rational function or a power of x, u a polynomial of degree
    ≥ 1 that → −∞ as x → s·∞): the exponential beats every power; None otherwise."""
    exps = [a for a in e.args if isinstance(a, sp.exp) and a.has(X)]
    rest = [a for a in e.args if not (isinstance(a, sp.exp) and a.has(X))]
    if not exps:
        return None
    u = sp.Add(*[a.args[0] for a in exps])
    if not u.is_polynomial(X) or sp.degree(u, X) < 1 or _at_infinity(u, s) is not _NEG:
        return None
    for a in rest:  # each grows at most like a power of |x|
        if a.has(X) and not (a.is_rational_function(X) or (s > 0 and a.is_Pow and a.base == X and a.exp.is_Rational)):
            return None
    return sp.S.Zero


def _limit(e: Any, end: Any, side: str, budget: Budget) -> Any:
    _charge(budget, e, "limits")
    fast = _at_infinity(e, 1 if end == sp.oo else -1) if end in (sp.oo, -sp.oo) else None
    v = fast if fast is not None and (fast.is_Number or fast in (sp.oo, -sp.oo)) else sp.limit(e, X, end, side)
    if v in (sp.oo, -sp.oo):
        return _num(v)
    if not v.is_Number or v is sp.nan or v == sp.zoo:
        raise Unproved("no limit")
    return _num(v)


@dataclass(frozen=True)
class Extent:
    lo: Any
    hi: Any
    lo_closed: bool
    hi_closed: bool
    lo_at: tuple[Any, ...]  # exact points where the inf is attained
    hi_at: tuple[Any, ...]
    end_values: tuple[Any, Any]  # the values (limits) at the piece's two ends


def extent(g: Any, dg: Any, piece: Piece, budget: Budget) -> tuple[Extent, list[Any]]:
    """inf and sup of g over the piece (attained or not), and the zeros of g′ inside it."""
    if dg.is_zero:
        c = _at(g, piece.lo if piece.lo.is_finite else (piece.hi if piece.hi.is_finite else sp.S.Zero))
        return Extent(c, c, True, True, ("all",), ("all",), (c, c)), []
    crit = sorted({r for r in zeros(dg, budget) if piece.inside(r)}, key=_num)
    cands: list[tuple[Any, bool, Any]] = [(_at(g, r), True, r) for r in crit]
    ends = []
    for end, closed, side in ((piece.lo, piece.lo_closed, "+"), (piece.hi, piece.hi_closed, "-")):
        if closed:
            v = _at(g, end)
            cands.append((v, True, end))
        else:
            v = _limit(g, end, side, budget)
            cands.append((v, False, None))
        ends.append(v)
    lo = min(c[0] for c in cands)
    hi = max(c[0] for c in cands)
    lo_at = tuple(c[2] for c in cands if c[1] and _same(c[0], lo))
    hi_at = tuple(c[2] for c in cands if c[1] and _same(c[0], hi))
    return Extent(lo, hi, bool(lo_at), bool(hi_at), lo_at, hi_at, (ends[0], ends[1])), crit


def _tests(piece: Piece, crit: list[Any]) -> list[Any]:
    """One exact point strictly inside each stretch between consecutive zeros."""
    edges = [piece.lo, *crit, piece.hi]
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        if a.is_finite and b.is_finite:
            out.append((a + b) / 2)
        elif a.is_finite:
            out.append(a + 1)
        elif b.is_finite:
            out.append(b - 1)
        else:
            out.append(sp.S.Zero)
    return out


def _hull(parts: list[Extent]) -> Interval:
    lo = min(p.lo for p in parts)
    hi = max(p.hi for p in parts)
    lo_closed = any(p.lo_closed and _same(p.lo, lo) for p in parts) and not mpmath.isinf(lo)
    hi_closed = any(p.hi_closed and _same(p.hi, hi) for p in parts) and not mpmath.isinf(hi)
    return Interval(_float(lo), _float(hi), lo_closed, hi_closed)


def _interval(p: Extent) -> Interval:
    return Interval(_float(p.lo), _float(p.hi), p.lo_closed and not mpmath.isinf(p.lo),
                    p.hi_closed and not mpmath.isinf(p.hi))


def prove(plain: Any, numeric_domain: tuple[Interval, ...], budget: Budget) -> Proof:
    """What SymPy can prove about the unrewritten expression ``plain`` (registry functions expanded)."""
    try:
        return _prove(plain, numeric_domain, budget)
    except Unproved:
        return Proof(())
    except BoundError:
        raise
    except Exception:  # noqa: BLE001  (SymPy declining in any of its ways: measured instead)
        return Proof(())


def _prove(f: Any, numeric_domain: tuple[Interval, ...], budget: Budget) -> Proof:
    if f.has(*SWITCHES) or size(f)[0] > MAX_NODES:
        raise Unproved("switch points or size")
    d1 = sp.diff(f, X)
    d2 = sp.diff(d1, X)
    _charge(budget, d2, "derivatives")
    # the cheapest refusal first: f′ = 0 or f″ = 0 transcendental (Mish) settles nothing
    parts = pieces([f, d1, d2], numeric_domain, budget)
    proved: list[str] = []
    fields: dict[str, Any] = {"nonlinear": not d2.is_zero}
    try:
        f_ext: list[Extent] = []
        stationary: list[tuple[float, float, str]] = []
        increasing = True
        for piece in parts:
            ext, crit = extent(f, d1, piece, budget)
            f_ext.append(ext)
            signs = [_sign(d1, t) for t in _tests(piece, crit)] if not d1.is_zero else [0]
            increasing = increasing and all(s >= 0 for s in signs)
            for r, left, right in zip(crit, signs[:-1], signs[1:]):
                kind = "minimum" if (left, right) == (-1, 1) else "maximum" if (left, right) == (1, -1) else "inflection"
                stationary.append((_float(_num(r)), _float(_at(f, r)), kind))
        fields.update(output_range=_hull(f_ext), monotonic=increasing, stationary=tuple(stationary))
        if len(f_ext) > 1:
            fields["output_set"] = tuple(_interval(p) for p in f_ext)
        proved += ["output_set", "monotonic", "stationary_points"]
    except Unproved:
        pass
    try:
        found = [extent(d1, d2, piece, budget) for piece in parts]
        d_ext = [e for e, _ in found]
        dr = _hull(d_ext)
        if len(parts) == 1 and not parts[0].lo.is_finite and not parts[0].hi.is_finite:
            crit = [_float(_num(r)) for r in found[0][1]]
            fields["tails"] = (min(crit, default=math.inf), max(crit, default=-math.inf))
        fields["derivative_range"] = dr
        fields["limits"] = (_float(d_ext[0].end_values[0]), _float(d_ext[-1].end_values[1]))
        proved += ["derivative_range", "argmax"]
        sup = max(abs(dr.lo), abs(dr.hi))
        if math.isinf(sup):
            proved.append("saturation")  # undefined: 1 % of an infinite supremum
            fields["approached"] = tuple(sorted({_float(_num(end)) for ext, piece in zip(d_ext, parts)
                                                 for end, v in ((piece.lo, ext.end_values[0]),
                                                                (piece.hi, ext.end_values[1])) if mpmath.isinf(v)}))
        else:
            fields["argmax"], fields["approached"] = _argmax(d_ext, parts, sup)
    except Unproved:
        pass
    return Proof(tuple(n for n in NAMES if n in proved), **fields)


def _argmax(d_ext: list[Extent], parts: list[Piece], sup: float) -> tuple[tuple[Interval, ...], tuple[float, ...]]:
    points: list[Interval] = []
    approached: list[float] = []
    for ext, piece in zip(d_ext, parts):
        for value, at in ((ext.hi, ext.hi_at), (ext.lo, ext.lo_at)):
            if _float(abs(value)) != sup:
                continue
            for p in at:
                if p == "all":
                    points.append(Interval(_float(_num(piece.lo)), _float(_num(piece.hi)),
                                           piece.lo_closed, piece.hi_closed))
                else:
                    x = _float(_num(p))
                    points.append(Interval(x, x, True, True))
        for end, v in ((piece.lo, ext.end_values[0]), (piece.hi, ext.end_values[1])):
            if _float(abs(v)) == sup:
                approached.append(_float(_num(end)))
    unique = sorted(set(points), key=lambda iv: (iv.lo, iv.hi))
    return tuple(unique), (() if unique else tuple(sorted(set(approached))))
