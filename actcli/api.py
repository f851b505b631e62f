"""The public entry: :func:`get` turns a spec into an activation — a registered name first, then
an expression in x — and :func:`names` lists the registry; one call per command (:func:`derive`,
:func:`compare`, :func:`plot`, :func:`recommend`, :func:`simulate`, :func:`train`,
:func:`precision`, :func:`export`, :func:`catalogue`, :func:`rules`, :func:`explain`) returns what
that command shows. The command line calls these and nothing else.

Everything is imported on first use: ``import actcli.api`` loads neither numpy nor the
registry, so ``actcli recommend`` starts as fast as a bare command-line app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from actcli.core.constants import DEFAULT_RANGE
from actcli.errors import ParameterError, UnknownActivationError, UsageError

if TYPE_CHECKING:
    from actcli.analysis.difference import Difference
    from actcli.catalogue.frameworks import Framework, Mapping
    from actcli.core.activation import Activation as Activation  # for annotations elsewhere
    from actcli.core.record import Record
    from actcli.core.registry import Registry
    from actcli.generate import Export
    from actcli.present.frameworks import FrameworkTable
    from actcli.present.notebook import (
        CatalogueResult,
        CompareResult,
        DeriveResult,
        PrecisionResult,
        RecommendResult,
        RuleResult,
        RulesResult,
        SimulateResult,
        TrainResult,
    )

#: called with the number of steps done since the last call (simulate, train)
Progress = Callable[[int], None]


def registry() -> Registry:
    """The registry of every shipped activation (built on first use)."""
    from actcli.catalogue import registry as shipped

    return shipped()


def names(framework: str | None = None) -> list[str]:
    """Canonical names of every registered activation, in display order; with ``framework``
    (``"torch"``, ``"jax"``, ``"keras"``, ``"tensorflow"``, ``"transformers"``), the names that
    framework ships, each of which :func:`get` resolves to that framework's definition."""
    if framework is not None:
        return [m.name for m in framework_of(framework).mappings]
    return registry().names()


def records() -> tuple[Record, ...]:
    return registry().records()


def lookup(name: str) -> Record:
    """The record registered under ``name`` or one of its aliases."""
    return registry().lookup(name)


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def get(spec: str, *, framework: str | None = None, **params: Any) -> Activation:
    """The activation named by ``spec`` with its parameters bound, or — when ``spec`` is no
    registered name but an expression in x — a custom activation derived symbolically. With
    ``framework``, ``spec`` is a name that framework ships, resolved to its definition and default
    parameters (``NAME:key=value`` still overrides them).

    >>> get("leaky_relu:negative_slope=0.2").params
    {'negative_slope': 0.2}
    >>> get("leaky_relu", framework="keras").params
    {'negative_slope': 0.2}
    """
    if framework is not None:
        return _framework_get(spec, framework, params)
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
    from actcli.core.registry import bind

    overrides.update(params)
    return bind(record, overrides)


# --- frameworks: one name, each framework's definition --------------------------------------------


def frameworks() -> list[str]:
    """The frameworks ``framework=`` accepts, in the order tables show them."""
    from actcli.catalogue.frameworks import FRAMEWORKS

    return list(FRAMEWORKS)


def framework_of(name: str) -> Framework:
    """The framework called ``name`` (a :class:`UsageError` suggesting the closest otherwise)."""
    import difflib

    from actcli.catalogue.frameworks import FRAMEWORKS

    if not isinstance(name, str):
        raise UsageError(f"a framework is named by a string, not {type(name).__name__} {_brief(name)}",
                         hint="one of {names}".format(names=", ".join(FRAMEWORKS)), code="framework_type",
                         option="framework")
    key = name.strip().lower()
    key = {"pytorch": "torch", "tf": "tensorflow", "hf": "transformers"}.get(key, key)
    if key in FRAMEWORKS:
        return FRAMEWORKS[key]
    close = difflib.get_close_matches(key, list(FRAMEWORKS), n=1, cutoff=0.5)
    known = "one of {names}".format(names=", ".join(FRAMEWORKS))  # one template, for the translations
    raise UsageError(f"unknown framework {name.strip()!r}",
                     hint=(f"did you mean {close[0]!r}? " if close else "") + known,
                     code="unknown_framework", option="framework", name=name.strip())


def parse_frameworks(text: str | Sequence[str]) -> list[str]:
    """``"torch,jax"`` (or a list) → the frameworks' names, each checked and given once."""
    items = text.split(",") if isinstance(text, str) else list(text)
    chosen: list[str] = []
    for item in items:
        if not str(item).strip():
            raise UsageError(f"an empty framework name in {text!r}", hint="e.g. torch,jax",
                             code="unknown_framework", option="framework")
        name = framework_of(str(item)).name
        if name not in chosen:
            chosen.append(name)
    return chosen


def resolve(spec: str, framework: str) -> Mapping:
    """What ``spec``'s name means in ``framework``: the :class:`~actcli.catalogue.frameworks.Mapping`
    with the actcli spec, the function it stands for, its source and notes."""
    from actcli.core.registry import normalise

    fw = framework_of(framework)
    if not isinstance(spec, str):
        raise UsageError(f"an activation is named by a string, not {type(spec).__name__} {_brief(spec)}",
                         code="spec_type")
    name = spec.partition(":")[0].strip()
    for m in fw.mappings:
        if m.name == name:
            return m
    same = [m for m in fw.mappings if normalise(m.name) == normalise(name)]
    if len(same) == 1:
        return same[0]
    if same:
        raise UnknownActivationError(
            f"{name!r} is ambiguous in {fw.name}",
            hint=" or ".join(f"{m.name!r} ({m.api})" for m in same), code="ambiguous_framework_name", name=name)
    import difflib

    close = difflib.get_close_matches(name, [m.name for m in fw.mappings], n=3, cutoff=0.6)
    if not close:  # an actcli name the framework spells differently (softsign → soft_sign)
        close = [m.name for m in fw.mappings if m.spec.partition(":")[0] == normalise(name) or
                 normalise(m.spec.partition(":")[0]) == normalise(name)][:3]
    where = f"run 'actcli list --framework {fw.name}' for its names"
    hint = ("did you mean " + " or ".join(repr(c) for c in close) + "? " + where) if close else where
    raise UnknownActivationError(f"{fw.name} has no activation {name!r}", hint=hint,
                                 code="unknown_framework_activation", name=name)


def _framework_get(spec: str, framework: str, params: dict[str, Any]) -> Activation:
    mapping = resolve(spec, framework)
    rest = spec.partition(":")[2] if ":" in spec else ""
    if not rest.strip() and ":" not in spec:
        return get(mapping.spec, **params)
    try:
        record, _defaults = registry().parse_spec(mapping.spec)
    except UnknownActivationError:  # an expression in x (tf.keras's hard_sigmoid): nothing to override
        raise ParameterError(f"{framework_of(framework).name}'s {mapping.name} takes no parameters here",
                             hint=f"it is the expression {mapping.spec}") from None
    _record, given = registry().parse_spec(f"{record.name}:{rest}")
    return get(mapping.spec, **{**given, **params})


def framework_table(framework: str) -> FrameworkTable:
    """What ``actcli list --framework NAME`` shows: each name the framework ships, the actcli spec
    with its defaults, the function it stands for, where the defaults were read, and notes."""
    from actcli.present.frameworks import FrameworkTable

    return FrameworkTable(framework_of(framework))


def compare_frameworks(specs: Sequence[str], frameworks: str | Sequence[str],
                       x_range: tuple[float, float] = DEFAULT_RANGE, points: int = 20001) -> list[Difference]:
    """For each name in ``specs``, the largest |difference| of f and of f′ between the first
    framework's definition and each other framework's, and the x where it occurs: exactly 0 (proved)
    when the two resolve to one definition, otherwise measured on ``x_range``."""
    from actcli.analysis.difference import difference

    chosen = parse_frameworks(frameworks)
    lo, hi = check_window(x_range, points)
    out = []
    for spec in specs:
        acts = [(fw, resolve(spec, fw), get(spec, framework=fw)) for fw in chosen]
        first = acts[0]
        for other in acts[1:]:
            out.append(difference(first[0], first[2], other[0], other[2], lo, hi, points, name=first[1].name))
    return out


def exact_values(act: Activation, order: int, xs: Any) -> Any:
    """Exact f or f′ of a registered activation at float64 points, from its closed form (SymPy and
    mpmath): what :func:`actcli.analysis.precision.precision` measures against."""
    from actcli.custom.reference import exact_values as compute

    return compute(act, order, xs)


# --- checks a command runs before its costly work ------------------------------------------------


def check_window(x_range: tuple[float, float], points: int | None = None) -> tuple[float, float]:
    """The range ``(lo, hi)`` as floats once it is finite, ordered and within +-1e6 (and
    ``points``, when given, between 2 and 1,000,000); a :class:`ParameterError` otherwise.

    >>> check_window((-7, 7), 2001)
    (-7.0, 7.0)
    """
    from actcli.analysis.window import check_points, check_range

    lo, hi = check_range(*x_range)
    if points is not None:
        check_points(points)
    return lo, hi


def check_network(depth: int, width: int, batch: int) -> None:
    """Refuse a network :func:`simulate` cannot run: a size out of bounds, or more memory at the
    peak than the limit (a :class:`ParameterError` naming the size)."""
    from actcli.nn.simulate import check_sizes

    check_sizes(depth, width, batch)


def _acts(specs: Sequence[str | Activation]) -> list[Activation]:
    if isinstance(specs, str):
        raise UsageError("give a list of activations, not one string",
                         hint=f"e.g. [{specs!r}]", code="specs_type")
    return [get(s) if isinstance(s, str) else s for s in specs]


# --- one call per command (results show themselves in notebooks) ----------------------------------


def catalogue() -> CatalogueResult:
    """What ``actcli list`` shows: every registered activation, in display order.

    >>> catalogue().to_list()[0]["name"]
    'sigmoid'
    """
    from actcli.present.notebook import CatalogueResult

    return CatalogueResult(records())


def derive(spec: str | Activation, order: int = 1, x_range: tuple[float, float] = DEFAULT_RANGE,
           at: list[float] | None = None, framework: str | None = None) -> DeriveResult:
    """What ``actcli derive SPEC`` shows: formulas, kinks, zones, samples and the finite-difference
    check, as a result whose ``to_dict()`` is the command's JSON (``ok`` is False when a check
    failed). The range is checked before an expression is derived.

    >>> result = derive("relu")
    >>> [k["x"] for k in result.to_dict()["kinks"]], result.ok
    ([0.0], True)
    """
    from actcli.analysis.derive import derive as run
    from actcli.present.notebook import DeriveResult

    lo, hi = check_window(x_range)
    if framework is not None and isinstance(spec, str):
        from actcli.present.frameworks import FrameworkDeriveResult

        act = get(spec, framework=framework)
        return FrameworkDeriveResult(run(act, order, lo, hi, at), framework_of(framework).name,
                                     resolve(spec, framework))
    act = get(spec) if isinstance(spec, str) else spec
    return DeriveResult(run(act, order, lo, hi, at))


def compare(specs: Sequence[str | Activation], timing: bool = False, measure: bool = False,
            framework: str | Sequence[str] | None = None) -> CompareResult:
    """What ``actcli compare SPEC...`` shows, one profile per activation (``timing`` measures each
    cost against identity; ``measure`` runs the 10-layer gradient measurement). With ``framework``
    (one name, a list, or ``"torch,jax"``), each SPEC is a name those frameworks ship: every
    distinct definition is profiled once, and the result also holds how far the first framework's
    definition is from each other's (:func:`compare_frameworks`).

    >>> [a["activation"] for a in compare(["relu", "tanh"]).to_dict()["activations"]]
    ['relu', 'tanh']
    """
    from actcli.analysis.profile import profile
    from actcli.present.notebook import CompareResult

    if framework is None:
        return CompareResult(tuple(profile(a, timing=timing, measure=measure) for a in _acts(specs)))
    from actcli.present.frameworks import FrameworkCompareResult

    if isinstance(specs, str):
        raise UsageError("give a list of names, not one string", hint=f"e.g. [{specs!r}]", code="specs_type")
    chosen = parse_frameworks(framework)
    names_ = [str(s) for s in specs]
    acts: dict[str, Activation] = {}
    mappings = []
    for spec in names_:
        for fw in chosen:
            act = get(spec, framework=fw)
            mappings.append((fw, resolve(spec, fw), act.spec))
            acts.setdefault(act.spec, act)
    profiles = tuple(profile(a, timing=timing, measure=measure) for a in acts.values())
    diffs = compare_frameworks(names_, chosen) if len(chosen) > 1 else []
    return FrameworkCompareResult(profiles, tuple(chosen), tuple(mappings), tuple(diffs))


def check_comparable(act: Activation) -> None:
    """Refuse what ``compare`` cannot profile (a gated activation, a function of two halves) with a
    :class:`~actcli.errors.NotElementwiseError`, before any work is done."""
    from actcli.analysis.profile import one_variable

    one_variable(act)


def plot(specs: Sequence[str | Activation], x_range: tuple[float, float] = DEFAULT_RANGE, points: int = 2001,
         order: int = 1, derivative: bool = True, show: bool = False) -> Any:
    """The figure ``actcli plot SPEC...`` draws, as a matplotlib Figure (Jupyter shows it;
    ``fig.savefig(...)`` writes it). Curves no axis can show (values beyond 1e300) are refused
    with a :class:`UsageError` before anything is drawn; ``show`` makes a figure that
    ``matplotlib.pyplot.show()`` can open in a window."""
    from actcli.present import figures

    lo, hi = check_window(x_range, points)
    acts = _acts(specs)
    figures.check_drawable(acts, lo, hi, points, (0,) + ((order,) if derivative else ()))
    return figures.build(acts, lo, hi, points, order, derivative, show)


def recommend(task: str | None = None, layer: str | None = None, symptom: str | None = None,
              architecture: str | None = None, depth: int | None = None,
              current: str | Activation | None = None) -> RecommendResult:
    """What ``actcli recommend`` answers: activations for a task and layer, with the rules that
    decided, their reasons and sources, and the risks of ``current`` at ``depth``. The request
    is checked before ``current`` is looked up (only that loads the registry and numpy).

    >>> recommend(task="multiclass").to_dict()["output"]["activation"]
    'softmax'
    """
    from actcli.present.notebook import RecommendResult
    from actcli.recommend import engine

    rec = engine.recommend(task, layer, symptom, architecture, depth)
    if current is not None:
        act = get(current) if isinstance(current, str) else current
        rec = engine.recommend(task, layer, symptom, architecture, depth, act)
    return RecommendResult(rec)


def rules() -> RulesResult:
    """What ``actcli recommend --rules`` lists: every rule of the recommender, hidden layer first.

    >>> rules().to_list()[0]["layer"]
    'hidden'
    """
    from actcli.present.notebook import RulesResult
    from actcli.recommend.rules import RULES

    return RulesResult(RULES)


def explain(rule_id: str) -> RuleResult:
    """What ``actcli recommend --explain RULE_ID`` shows: one rule, its reasoning and sources (a
    :class:`UsageError` suggesting the closest ids when there is no such rule).

    >>> explain("output-multiclass-softmax").to_dict()["activation"]
    'softmax'
    """
    from actcli.present.notebook import RuleResult
    from actcli.recommend import engine

    return RuleResult(engine.rule(rule_id))


def simulate(specs: Sequence[str | Activation], depth: int = 10, width: int = 256, batch: int = 256,
             init: str | None = None, seed: int = 0, progress: Progress | None = None) -> SimulateResult:
    """What ``actcli simulate`` measures: N(0, 1) inputs through ``depth`` fully connected layers
    of ``width`` units, forward and backward, per-layer variance and gradient for each activation.
    The whole request is checked before the first run; ``progress(n)`` hears of each layer pass.
    ``.figure()`` draws what ``-o`` writes."""
    from actcli.nn import simulate as sim
    from actcli.present.notebook import SimulateResult

    check_network(depth, width, batch)
    acts = _acts(specs)
    sim.validate(acts, depth, width, batch, init, seed)
    return SimulateResult(tuple(sim.simulate(a, depth, width, batch, init, seed, progress=progress) for a in acts))


def train(specs: Sequence[str | Activation], data: str = "spirals", hidden: tuple[int, ...] = (8, 8),
          optimizer: str = "adam", lr: float = 0.03, batch: int = 32, epochs: int = 100, init: str | None = None,
          goal: float = 0.9, seeds: int = 3, seed: int = 0, task: str | None = None, target: str | None = None,
          noise: float = 0.1, points: int = 500, test_split: float = 0.3,
          progress: Progress | None = None) -> TrainResult:
    """What ``actcli train`` measures: a small network trained with each activation on ``data`` (a
    built-in set or a CSV path) over ``seeds`` seeds; ``.figure()`` draws what ``-o`` writes.
    Every argument is checked before training starts; ``progress(n)`` hears of each epoch. Ctrl-C
    stops the training and returns the runs that finished (``interrupted`` is then True)."""
    from actcli.nn import data as nn_data
    from actcli.nn import train as nn_train
    from actcli.present.notebook import TrainResult

    acts = _acts(specs)
    config = nn_train.validate(acts, nn_train.Config(tuple(hidden), optimizer, lr, batch, epochs, init, goal),
                               seeds, seed)
    dataset = nn_data.load(data, task=task, target=target, noise=noise, points=points, test_split=test_split,
                           seed=seed)
    return TrainResult(nn_train.experiment(acts, dataset, config, seeds, seed, progress))


def precision(spec: str | Activation, dtypes: str | Sequence[str] = "float16,bfloat16,float32,float64"
              ) -> PrecisionResult:
    """What ``actcli precision SPEC`` measures: for each dtype (``float16``, ``bfloat16``,
    ``float32``, ``float64``; a list or a comma-separated string), where f overflows or rounds to
    0, where f′ is flushed to 0, and the largest error in ULP of actcli's form, the textbook form
    and torch's (when installed), against exact values. ``.figure()`` draws what ``-o`` writes.

    >>> precision("relu", "float32").to_dict()["dtypes"][0]["dtype"]
    'float32'
    """
    from actcli.analysis.precision import parse_dtypes
    from actcli.analysis.precision import precision as measure
    from actcli.present.notebook import PrecisionResult

    chosen = parse_dtypes(dtypes if isinstance(dtypes, str) else ",".join(dtypes))
    act = get(spec) if isinstance(spec, str) else spec
    return PrecisionResult(measure(act, chosen, exact_values))


def export(spec: str | Activation, to: str) -> Export:
    """What ``actcli export SPEC --to FRAMEWORK`` writes: a self-contained module for ``to``
    (``"torch"``, ``"jax"`` or ``"numpy"``) with the stable forward pass and the analytic backward
    pass, in ``.text``, checked against mpmath when generated (``.verification``).

    >>> export("relu", "numpy").framework
    'numpy'
    """
    from actcli.generate import export as run

    return run(get(spec) if isinstance(spec, str) else spec, to)
