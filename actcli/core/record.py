"""The frozen records that describe one activation: its parameters, formulas and claims.

Nothing here imports numpy: the records are data, read by the registry, the analysis and the tests.
Nothing here writes words or formats numbers either: that is :mod:`actcli.present`'s job.
Claims that depend on parameters (hardtanh's range depends on ``min_val``/``max_val``) are
callables of the parameter mapping, so a record is still one immutable value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Union

ParamValue = Union[float, str]
Params = Mapping[str, ParamValue]
Kind = Literal["elementwise", "vector", "gated"]
#: whose value a derivative takes at a kink: PyTorch autograd's, jax's autodiff (jnp.clip splits the
#: gradient of a tie), or SymPy's (Heaviside(0) = ½)
Convention = Literal["torch", "jax", "sympy"]

INF = math.inf


@dataclass(frozen=True)
class Interval:
    """A real interval with open or closed ends; ±inf ends are always open."""

    lo: float
    hi: float
    lo_closed: bool = False
    hi_closed: bool = False

    def contains(self, v: float) -> bool:
        above = v > self.lo or (self.lo_closed and v == self.lo)
        below = v < self.hi or (self.hi_closed and v == self.hi)
        return above and below


@dataclass(frozen=True)
class Param:
    """One parameter: default, valid range (or choices) and where the default comes from."""

    name: str
    default: ParamValue
    doc: str
    source: str
    lo: float = -INF
    hi: float = INF
    lo_closed: bool = False
    hi_closed: bool = False
    choices: tuple[str, ...] = ()
    learnable: bool = False  # trained with the network (PReLU's slope), not fixed

    def interval(self) -> Interval:
        return Interval(self.lo, self.hi, self.lo_closed, self.hi_closed)


@dataclass(frozen=True)
class Kink:
    """A point where f′ is not defined (a jump in f′, or in f itself)."""

    x: float
    derivative: float  # what derivative() returns there (PyTorch autograd's value)
    left: float  # lim f′ from the left
    right: float  # lim f′ from the right
    continuous: bool = True  # is f itself continuous at x?
    convention: Convention = "torch"  # whose convention the value at the kink follows


@dataclass(frozen=True)
class Claims:
    """What the record asserts about f for given parameters; every field is tested."""

    output_range: Interval
    monotonic: bool  # non-decreasing on the whole real line
    smoothness: int | None  # k for Cᵏ, None for C∞, −1 if f itself is discontinuous
    derivative_range: Interval  # inf and sup of f′ over ℝ; a closed end is attained
    kinks: tuple[Kink, ...] = ()
    dead_zones: tuple[Interval, ...] = ()  # where f′ ≡ 0
    nonlinear: bool = True
    d2_kinks: tuple[float, ...] = ()  # where f′ exists but f″ jumps (Cⁱ functions); f″ = 0 used
    # the exact set of values when it is not the interval output_range (hardshrink: (−∞, −λ) ∪ {0}
    # ∪ (λ, ∞)); empty means output_range itself. output_range stays its hull.
    output_set: tuple[Interval, ...] = ()
    # f′ is periodic with this period (sine, snake): where |f′| peaks and the stationary points
    # repeat every period, and f′ has no limit at ±∞ (no tail saturates)
    period: float | None = None
    # f′ changes sign infinitely often in both tails without being periodic (sinc): infinitely many
    # stationary points, of which those in a stated window are listed
    oscillating: bool = False

    @property
    def differentiable(self) -> bool:
        return not self.kinks


@dataclass(frozen=True)
class Formula:
    text: str
    latex: str


@dataclass(frozen=True)
class Init:
    """The weight initialisation scheme for this activation, and what torch says about its gain.

    The gain actcli advises is computed (actcli.nn.init.advice: the gain that keeps Var Z within a
    narrow band over 20 layers); ``torch_gain`` is torch.nn.init.calculate_gain's value where torch
    defines one, and ``note`` why the two differ when they do."""

    scheme: Literal["he", "xavier", "lecun"]
    torch_gain: float | None  # torch.nn.init.calculate_gain, where it defines one
    note: str
    # a gain fixed by the method itself rather than computed (selu: LeCun normal, Var w = 1/fan_in)
    fixed_gain: float | None = None


@dataclass(frozen=True)
class Record:
    name: str
    summary: str
    kind: Kind
    formula: Formula
    derivative: Formula
    second: Formula
    claims: Callable[[Params], Claims]
    cost: str  # what one evaluation costs, in operations
    init: Callable[[Params], Init]
    references: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    in_seed: bool = False
    fn: Callable[..., Any] | None = field(default=None, repr=False)
    d1: Callable[..., Any] | None = field(default=None, repr=False)
    d2: Callable[..., Any] | None = field(default=None, repr=False)
    # vector kinds: jacobian(x) of a 1-D x and the vector-Jacobian product vjp(x, v, axis)
    jacobian: Callable[..., Any] | None = field(default=None, repr=False)
    vjp: Callable[..., Any] | None = field(default=None, repr=False)
    # the closed form in actcli's expression grammar (parameters by name); None if it has none
    expression: Callable[[Params], str] | None = field(default=None, repr=False)
    estimated: bool = False  # claims computed numerically (custom expressions), not proven
    fragile: str | None = None  # a warning when float64 evaluation loses accuracy
    # vector kinds: the output is log-probabilities (log_softmax), and the logits' sign
    # (softmin(z) = softmax(−z)); together they give the distribution and the cross-entropy gradient
    log_output: bool = False
    logit_sign: int = 1
    # checks that involve several parameters at once (hardtanh: min_val < max_val)
    check: Callable[[Params], None] | None = field(default=None, repr=False)
    # where f, f′ and f″ are real and finite (custom expressions with log, sqrt, /, ...): all of ℝ
    domain: tuple[Interval, ...] = (Interval(-INF, INF),)

    # the formulas (f, f′, f″) for given parameters, where a parameter changes their form
    # (gelu's approximate='tanh'); None: formula, derivative and second hold for every value
    formulas: Callable[[Params], tuple[Formula, Formula, Formula]] | None = field(default=None, repr=False)
    # ∂f/∂p for learnable parameters p: (name, fn(x, **params)) pairs, elementwise like d1
    param_grads: tuple[tuple[str, Callable[..., Any]], ...] = field(default=(), repr=False)

    # sparse vector kinds (sparsemax, entmax15): the range of every Jacobian entry per K,
    # (K, diagonal, off-diagonal); () for the softmax family, whose ranges follow from σ′
    jacobian_entries: tuple[tuple[str, Interval, Interval | None], ...] = ()
    # sparse vector kinds: α of the Tsallis entropy they maximise with ⟨p, z⟩ (2 sparsemax, 1.5
    # entmax15); their loss is the Fenchel–Young loss of that entropy, whose gradient is p − y.
    # None: Shannon's entropy (the softmax family), whose loss is the cross-entropy
    tsallis: float | None = None
    # gated kinds: f(a, b) = u(a)·g(c(b)) on the two halves of the input (first half a, second b,
    # as torch.nn.functional.glu). ``gate`` is the elementwise record of g (its functions are used,
    # not copied) and ``gate_params`` its parameters; ``clamp`` gives c(b) and c′(b), ``linear``
    # u(a) and u′(a) (gpt-oss clamps and adds 1); None means the identity.
    gate: Record | None = field(default=None, repr=False)
    gate_params: Callable[[Params], Params] | None = field(default=None, repr=False)
    clamp: Callable[..., tuple[Any, Any]] | None = field(default=None, repr=False)
    linear: Callable[..., tuple[Any, Any]] | None = field(default=None, repr=False)
    # gated kinds: the formulas of f(a, b), ∂f/∂a and ∂f/∂b (``formula`` holds g, ``derivative`` g′)
    product: tuple[Formula, Formula, Formula] | None = None
    # gated kinds: the range of f(a, b) over all a and b (``claims`` describe the gate g alone)
    product_range: Callable[[Params], Interval] | None = field(default=None, repr=False)
    # gated kinds: points of the linear half a where u′ jumps (gpt-oss's clamp at ±limit)
    linear_kinks: Callable[[Params], tuple[Kink, ...]] | None = field(default=None, repr=False)

    def formulas_for(self, params: Params) -> tuple[Formula, Formula, Formula]:
        """f, f′ and f″ as formulas, for these parameter values."""
        if self.formulas is not None:
            return self.formulas(params)
        return self.formula, self.derivative, self.second

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}
