"""The public entry: :func:`get` turns a spec into an activation — a registered name first, then
an expression in x — and :func:`names` lists the registry. The CLI and library users start here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from actcli.core.activation import Activation
from actcli.core.constants import DEFAULT_RANGE
from actcli.core.record import Record
from actcli.core.registry import Registry, bind
from actcli.errors import ParameterError, UnknownActivationError, UsageError

if TYPE_CHECKING:
    from actcli.present.notebook import CompareResult, DeriveResult, RecommendResult, SimulateResult, TrainResult


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


# --- one call per command (results show themselves in notebooks) ----------------------------------


def derive(spec: str | Activation, order: int = 1, x_range: tuple[float, float] = DEFAULT_RANGE,
           at: list[float] | None = None) -> DeriveResult:
    """What ``actcli derive SPEC`` shows: formulas, kinks, zones, samples and the finite-difference
    check, as a result whose ``to_dict()`` is the command's JSON.

    >>> result = derive("relu")
    >>> [k["x"] for k in result.to_dict()["kinks"]]
    [0.0]
    """
    from actcli.analysis.derive import derive as run
    from actcli.present.notebook import DeriveResult

    act = get(spec) if isinstance(spec, str) else spec
    return DeriveResult(run(act, order, x_range[0], x_range[1], at))


def compare(specs: list[str | Activation], timing: bool = False, measure: bool = False) -> CompareResult:
    """What ``actcli compare SPEC...`` shows, one profile per activation (``timing`` measures each
    cost against identity; ``measure`` runs the 10-layer gradient measurement).

    >>> [a["activation"] for a in compare(["relu", "tanh"]).to_dict()["activations"]]
    ['relu', 'tanh']
    """
    from actcli.analysis.profile import profile
    from actcli.present.notebook import CompareResult

    acts = [get(s) if isinstance(s, str) else s for s in specs]
    return CompareResult(tuple(profile(a, timing=timing, measure=measure) for a in acts))


def plot(specs: list[str | Activation], x_range: tuple[float, float] = DEFAULT_RANGE, points: int = 2001,
         order: int = 1, derivative: bool = True) -> Any:
    """The figure ``actcli plot SPEC...`` draws, as a matplotlib Figure (Jupyter shows it;
    ``fig.savefig(...)`` writes it)."""
    from actcli.analysis.window import check_points, check_range
    from actcli.present import figures

    lo, hi = check_range(*x_range)
    check_points(points)
    acts = [get(s) if isinstance(s, str) else s for s in specs]
    return figures.build(acts, lo, hi, points, order, derivative, False)


def recommend(task: str | None = None, layer: str | None = None, symptom: str | None = None,
              architecture: str | None = None, depth: int | None = None,
              current: str | Activation | None = None) -> RecommendResult:
    """What ``actcli recommend`` answers: activations for a task and layer, with the rules that
    decided, their reasons and sources, and the risks of ``current`` at ``depth``.

    >>> recommend(task="multiclass").to_dict()["output"]["activation"]
    'softmax'
    """
    from actcli.present.notebook import RecommendResult
    from actcli.recommend import engine

    act = get(current) if isinstance(current, str) else current
    return RecommendResult(engine.recommend(task, layer, symptom, architecture, depth, act))


def simulate(specs: list[str | Activation], depth: int = 10, width: int = 256, batch: int = 256,
             init: str | None = None, seed: int = 0) -> SimulateResult:
    """What ``actcli simulate`` measures: N(0, 1) inputs through ``depth`` fully connected layers
    of ``width`` units, forward and backward, per-layer variance and gradient for each activation."""
    from actcli.nn.simulate import simulate as run
    from actcli.present.notebook import SimulateResult

    acts = [get(s) if isinstance(s, str) else s for s in specs]
    return SimulateResult(tuple(run(a, depth, width, batch, init, seed) for a in acts))


def train(specs: list[str | Activation], data: str = "spirals", hidden: tuple[int, ...] = (8, 8),
          optimizer: str = "adam", lr: float = 0.03, batch: int = 32, epochs: int = 100, init: str | None = None,
          goal: float = 0.9, seeds: int = 3, seed: int = 0, task: str | None = None, target: str | None = None,
          noise: float = 0.1, points: int = 500, test_split: float = 0.3) -> TrainResult:
    """What ``actcli train`` measures: a small network trained with each activation on ``data`` (a
    built-in set or a CSV path) over ``seeds`` seeds; ``.figure()`` draws what ``-o`` writes."""
    from actcli.nn import data as nn_data
    from actcli.nn import train as nn_train
    from actcli.present.notebook import TrainResult

    acts = [get(s) if isinstance(s, str) else s for s in specs]
    config = nn_train.validate(acts, nn_train.Config(tuple(hidden), optimizer, lr, batch, epochs, init, goal),
                               seeds, seed)
    dataset = nn_data.load(data, task=task, target=target, noise=noise, points=points, test_split=test_split,
                           seed=seed)
    return TrainResult(nn_train.experiment(acts, dataset, config, seeds, seed))
