"""JSON-ready dicts built from the library's results: one vocabulary for every command.

The same key means the same thing, in the same shape, everywhere (README "JSON output"; the
schemas in ``actcli/schemas`` define each shape once, in ``common.schema.json``):

* ``activation`` + ``params``: the activation a result is about or advises (its registry name or
  the expression's text); ``name`` is only a catalogue entry's own name (``list``).
* numbers are JSON numbers; ±∞ are the strings ``"inf"`` / ``"-inf"``; a value that is undefined
  or was not measured (NaN) is ``null``.
* an interval is ``{"min", "max", "min_inclusive", "max_inclusive"}``; a set of x is a list of them.
* ``init`` is an object whose ``scheme`` is a code (he, xavier, lecun, …), with ``gain`` when known.
* ``verification`` is an object whose ``ok`` says whether the independent check passed.
* ``order`` is the derivative's order (0 for f).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from actcli.present import words
from actcli.present.numbers import json_num

if TYPE_CHECKING:
    from actcli.analysis.derive import DeriveReport
    from actcli.analysis.precision import Precision, Side
    from actcli.analysis.profile import Profile
    from actcli.analysis.properties import Properties
    from actcli.analysis.zones import Zone
    from actcli.core.activation import Activation
    from actcli.core.record import Interval, Kink, Param, Record
    from actcli.nn.init import Advice
    from actcli.nn.simulate import Run
    from actcli.nn.train import Experiment
    from actcli.nn.train import Run as TrainRun
    from actcli.recommend.engine import Pick, Recommendation, Risk
    from actcli.recommend.rules import Rule


_P = ParamSpec("_P")
_R = TypeVar("_R")


def neutral(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """JSON is data, the same in every language: the words it carries are built in English."""

    @functools.wraps(fn)
    def in_english(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with words.english():
            return fn(*args, **kwargs)

    return in_english


def number(v: float | int | None) -> float | int | str | None:
    """A number for JSON: ±∞ as "inf" / "-inf", NaN (undefined, not measured) and None as null."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (bool, int)):
        return v
    return json_num(float(v))


def sentence(text: str) -> str:
    """A sentence for JSON: its numbers with the ASCII minus and ``inf``, as every number in JSON and
    CSV (the Unicode minus is for terminal text; formulas keep their typography)."""
    return _NEGATIVE.sub("-", text).replace("∞", "inf")


_NEGATIVE = re.compile(r"−(?=[0-9.∞])")


def numbers(values: Any) -> list[float | int | str | None]:
    return [number(float(v)) for v in values]


def bounds(lo: float, hi: float, lo_closed: bool, hi_closed: bool) -> dict[str, Any]:
    """The one interval shape (an infinite end is never included)."""
    return {
        "min": number(lo),
        "max": number(hi),
        "min_inclusive": lo_closed and math.isfinite(lo),
        "max_inclusive": hi_closed and math.isfinite(hi),
    }


def interval(iv: Interval) -> dict[str, Any]:
    return bounds(iv.lo, iv.hi, iv.lo_closed, iv.hi_closed)


def params(values: Mapping[str, Any]) -> dict[str, Any]:
    """A bound activation's parameter values: numbers as :func:`number`, choices as they are."""
    return {k: number(v) if isinstance(v, float) else v for k, v in values.items()}


def subject(act: Activation) -> dict[str, Any]:
    """Which activation a result is about: ``activation`` (name or expression) and its ``params``."""
    return {"activation": act.name, "params": params(act.params)}


def param(p: Param) -> dict[str, Any]:
    from actcli.core.registry import valid_text

    out: dict[str, Any] = {"name": p.name, "default": number(p.default) if isinstance(p.default, float) else p.default, "valid": valid_text(p), "source": p.source,
                           "learnable": p.learnable}
    if p.choices:
        out["choices"] = list(p.choices)
    else:
        out["valid_range"] = interval(p.interval())
    return out


def record(r: Record) -> dict[str, Any]:
    claims = r.claims(r.defaults())
    return {
        "name": r.name,
        "aliases": list(r.aliases),
        "kind": r.kind,
        "summary": r.summary,
        "parameters": [param(p) for p in r.params],
        "formula": {"text": r.formula.text, "latex": r.formula.latex},
        "derivative": {"text": r.derivative.text, "latex": r.derivative.latex},
        # a gated kind's claims describe its gate; the range listed is that of f(a, b)
        "output_range": interval(r.product_range(r.defaults()) if r.product_range is not None else claims.output_range),
        "in_seed": r.in_seed,
        "references": list(r.references),
    }


@neutral
def kink(k: Kink) -> dict[str, Any]:
    return {"x": number(k.x), "derivative": number(k.derivative), "left": number(k.left), "right": number(k.right),
            "continuous": k.continuous, "convention": k.convention, "description": sentence(words.kink(k))}


@neutral
def zone(z: Zone) -> dict[str, Any]:
    """A dead or saturated stretch of x: open at both ends (``x < 0``), unbounded where it runs on."""
    lo = -math.inf if z.open_left else z.lo
    hi = math.inf if z.open_right else z.hi
    return {"kind": z.kind, "where": bounds(lo, hi, False, False), "description": sentence(words.zone(z))}


@neutral
def properties(props: Properties) -> dict[str, Any]:
    """The properties compare and derive share (the issue-10 contract), each a number or a code."""
    sat = props.saturation
    out: dict[str, Any] = {
        "variable": props.variable,
        "output_set": [interval(iv) for iv in props.output_set],
        "output_range": interval(props.output_range),
        "monotonic": props.monotonic,
        "derivative_range": interval(props.derivative_range),
        "sup_abs_derivative": number(props.sup_abs),
        "sup_attained": props.attained,
        "argmax": [interval(iv) for iv in props.argmax],
        "sup_approached_at": numbers(props.approached),
        "saturation": {
            "left": number(sat.left),
            "right": number(sat.right),
            "defined": sat.defined,
            "left_kind": sat.left_kind,
            "right_kind": sat.right_kind,
            "threshold": number(sat.threshold),
            "derivative_limits": numbers(sat.limits),
            "definition": sentence(words.SATURATION_DEFINITION),
        },
        "stationary_points": [{"x": number(s.x), "f": number(s.f), "kind": s.kind} for s in props.stationary],
        "scope": {"proved": list(props.proved),
                  "window": bounds(props.window[0], props.window[1], True, True) if props.window else None},
    }
    if props.period is not None:
        # argmax and stationary_points hold one period [0, period); each repeats at x + k*period,
        # where f has grown by k*f_step
        out["period"] = number(props.period)
        out["f_step"] = number(props.f_step)
    if props.stationary_window is not None:
        out["stationary_window"] = bounds(*props.stationary_window, True, True)
    if props.jacobian:
        out["jacobian_entries"] = [
            {"K": e.k, "diagonal": interval(e.diagonal),
             "off_diagonal": interval(e.off_diagonal) if e.off_diagonal else None}
            for e in props.jacobian
        ]
    return out


@neutral
def init(a: Advice, note: str) -> dict[str, Any]:
    return {"scheme": a.scheme, "gain": number(a.gain), "variance_gain": number(a.variance_gain),
            "torch_gain": number(a.torch_gain), "gain_source": a.source, "mean_field_spread": number(a.spread),
            "lsuv": a.lsuv, "advice": sentence(words.init_advice(a)), "note": sentence(note)}


def init_used(scheme: str, gain: float | None = None) -> dict[str, Any]:
    """The initialisation a run used (simulate, train): the same ``init`` shape, scheme and gain."""
    return {"scheme": scheme} if gain is None else {"scheme": scheme, "gain": number(gain)}


#: the scheme code each recommendation rule's initialisation text starts with
RULE_INIT_SCHEMES = {"He": "he", "Xavier": "xavier", "LeCun": "lecun"}


def init_advised(text: str | None) -> dict[str, Any] | None:
    """A rule's initialisation advice in the ``init`` shape: its scheme code and its words."""
    if text is None:
        return None
    return {"scheme": RULE_INIT_SCHEMES.get(text.split()[0]), "advice": text}


def verification(ok: bool, method: str, points: int, max_abs_error: float, **more: Any) -> dict[str, Any]:
    """The one shape of an independent check: ``ok``, how (``method``), on how many ``points``,
    the largest absolute error, and what else the check measured."""
    out: dict[str, Any] = {"ok": ok, "method": method, "points": points, "max_abs_error": number(max_abs_error)}
    out.update({k: number(v) if isinstance(v, float) else v for k, v in more.items()})
    return out


@neutral
def gated_derive(report: DeriveReport) -> dict[str, Any]:
    """``derive --json`` for a gated activation: the keys every derive has (activation, formula,
    derivative, window, kinks, values, verification) and the gate's own under "gated"."""
    act = report.act
    r = act.record
    check = report.gated
    assert check is not None and r.product is not None
    p = check.point
    f, da, db = r.product

    def formula(fm: Any) -> dict[str, str]:
        return {"text": fm.text, "latex": fm.latex}

    return {
        **subject(act), "kind": act.kind, "estimated": r.estimated, "fragile": r.fragile, "order": 1,
        "formula": formula(f),
        "derivative": {"text": f"{da.text};  {db.text}", "latex": f"{da.latex},\\quad {db.latex}"},
        "window": bounds(report.lo, report.hi, True, True),
        "properties": None,
        "kinks": [{**kink(k), "variable": "b"} for k in check.kinks_b]
        + [{**kink(k), "variable": "a"} for k in check.kinks_a],
        "values": [{"a": number(p.a), "b": number(p.b), "f": number(p.f), "g": number(p.g), "dg": number(p.dg),
                    "df_da": number(p.df_da), "df_db": number(p.df_db),
                    "numeric_df_da": None if math.isnan(p.numeric_da) else number(p.numeric_da),
                    "numeric_df_db": None if math.isnan(p.numeric_db) else number(p.numeric_db)}],
        "verification": verification(
            check.ok, sentence(words.gated_method(report.lo, report.hi, p.a, p.b)), check.points,
            check.max_abs_error, max_rel_error=check.max_rel_error, skipped_near_kinks=check.skipped,
            tolerance=check.tolerance,
        ),
        "gated": {
            "gate": r.gate.name if r.gate is not None else None,
            "halves": words.GATED_HALVES + ("; " + words.GATED_INTERLEAVED if r.linear is not None else ""),
            "g": formula(r.formula), "dg": formula(r.derivative), "df_da": formula(da), "df_db": formula(db),
            "g_range": interval(act.claims.output_range),
            "dg_range": interval(act.claims.derivative_range),
        },
    }


@neutral
def derive(report: DeriveReport) -> dict[str, Any]:
    if report.gated is not None:
        return gated_derive(report)
    act = report.act
    r = act.record
    formula, first, second = r.formulas_for(act.params)
    f = first if report.order == 1 else second
    data: dict[str, Any] = {
        **subject(act),
        "kind": act.kind,
        "estimated": r.estimated,
        "fragile": r.fragile,
        "order": report.order,
        "formula": {"text": formula.text, "latex": formula.latex},
        "derivative": {"text": f.text, "latex": f.latex},
        "window": None if report.vector is not None else bounds(report.lo, report.hi, True, True),
        "properties": properties(report.properties) if report.properties else None,
    }
    if report.domain is not None and report.analysed is not None:
        data["domain"] = [interval(d) for d in report.domain]
        data["analysed"] = interval(report.analysed)
    if report.vector is not None:
        vc = report.vector
        data["kinks"] = []
        data["jacobian_diagonal"] = interval(act.claims.derivative_range)
        data["cross_entropy_gradient"] = "s - y" if r.logit_sign > 0 else "-(s - y)"
        if report.values_vector is not None:
            z, s, jac = report.values_vector
            data["values"] = [{"z": numbers(z), "f": numbers(s), "jacobian": [numbers(row) for row in jac]}]
        else:
            data["values"] = []
        data["verification"] = verification(
            vc.ok, sentence(words.vector_method(vc)), vc.points, vc.jacobian_max_abs_error,
            vjp_max_abs_error=vc.vjp_max_abs_error, cross_entropy_max_abs_error=vc.cross_entropy_max_abs_error,
            z=numbers(vc.z),
        )
        return data
    dr = report.derivative_range
    v = report.verification
    assert dr is not None and v is not None and report.global_range is not None
    data["kinks"] = [kink(k) for k in report.kinks]
    data["derivative_in_window"] = {
        "min": number(dr.lo),
        "max": number(dr.hi),
        "peak": {"x": number(dr.argmax), "on": interval(dr.attained_on) if dr.attained_on else None,
                 "approached_only": dr.approached},
        "global": interval(report.global_range),
    }
    data["zones"] = [zone(z) for z in report.zones]
    data["values"] = [
        {"x": number(s.x), "f": number(s.f), "derivative": number(s.analytic), "numeric": number(s.numeric),
         "difference": None if math.isnan(s.numeric) else number(s.difference)}
        for s in report.values
    ]
    data["verification"] = verification(
        v.ok, sentence(words.verification_method(v)), v.points, v.max_abs_error,
        max_rel_error=v.max_rel_error, skipped_near_kinks=v.skipped, unresolvable=v.unresolvable,
    )
    return data


@neutral
def measured(m: Mapping[str, Any]) -> dict[str, Any]:
    """compare --measure: the gradient ratio simulate measures (see analysis.profile.measured_gradient)."""
    return {"depth": m["depth"], "width": m["width"], "batch": m["batch"], "seed": m["seed"],
            "init": init_used(m["init"]), "gradient_ratio": number(m["gradient_ratio"]),
            "vanishes_at_layer": m["vanishes_at_layer"], "dead_fraction": number(m["dead_fraction"]),
            "how": sentence(words.MEASURED_HOW)}


@neutral
def profile(p: Profile) -> dict[str, Any]:
    from actcli.analysis.profile import COST_REPEATS, COST_SIZE

    props: dict[str, Any] = {
        "nonlinear": p.nonlinear,
        "differentiable": p.differentiable,
        "kinks": [kink(k) for k in p.kinks],
        "smoothness": words.smoothness(p.smoothness),
        **properties(p.props),
        "zero_centered": p.zero_centered,
        "mean_output_std_normal": number(p.mean_output),
        "identity_near_zero": p.identity_near_zero,
        "dead_zone": [zone(z) for z in p.dead_zones],
        "depth_factor": {str(n): number(v) for n, v in p.depth_factor.items()},
        "cost": {"operations": p.cost.ops, "relative_to_identity": number(p.cost.relative),
                 "method": sentence(words.cost_method(COST_SIZE, COST_REPEATS))},
        "init": init(p.init, p.init_note),
    }
    if p.measured:
        props["measured"] = measured(p.measured)
    if p.domain is not None and p.analysed is not None:  # as derive's report: where f is finite, what was analysed
        props["domain"] = [interval(d) for d in p.domain]
        props["analysed"] = interval(p.analysed)
    return {**subject(p.act), "kind": p.act.kind, "estimated": p.act.record.estimated, "properties": props}


def rule(r: Rule) -> dict[str, Any]:
    return {"id": r.id, "layer": r.layer, "title": r.title, "when": {k: list(v) for k, v in r.when.items()},
            "activation": r.choice, "alternatives": list(r.alternatives), "avoid": list(r.avoid),
            "init": init_advised(r.init), "loss": r.loss, "also": r.also, "priority": r.rank[1], "why": r.why,
            "source": list(r.source)}


def risk(r: Risk) -> dict[str, Any]:
    """A warning about the activation in use (``activation``); ``recommended``: what the chosen rule
    advises instead; for vanishing/amplifying, sup |f′| and log₁₀ of (sup |f′|)^depth."""
    return {"code": r.code, **subject(r.act), "rule": r.rule, "recommended": r.choice, "depth": r.depth,
            "sup_abs_derivative": number(r.peak), "log10_bound": number(r.log10_bound)}


@neutral
def recommendation(rec: Recommendation) -> dict[str, Any]:
    def layer(p: Pick | None, with_loss: bool) -> dict[str, Any] | None:
        if p is None:
            return None
        c = p.chosen
        data: dict[str, Any] = {
            "activation": c.choice if c else None,
            "alternatives": list(c.alternatives) if c else [],
            "avoid": list(p.avoid),
            "init": init_advised(c.init) if c else None,
            "also": c.also if c else None,
            "rule": c.id if c else None,
        }
        if with_loss:
            data["loss"] = c.loss if c else None
        return data

    return {
        "task": rec.task,
        "request": dict(rec.request),
        "hidden": layer(rec.hidden, False),
        "output": layer(rec.output, True),
        "warnings": [sentence(words.risk(r)) for r in rec.risks],
        "risks": [risk(r) for r in rec.risks],
        "rules": [{"id": r.id, "title": r.title, "why": r.why, "source": list(r.source)} for r in rec.applied()],
    }


@neutral
def simulation(runs: list[Run]) -> dict[str, Any]:
    out = []
    for run in runs:
        s = run.summary
        out.append({
            **subject(run.act),
            "init": init_used(run.init, run.gain),
            "loss": sentence(words.SIMULATE_LOSS),
            "loss_value": number(run.loss_value),
            "depth": run.depth, "width": run.width, "batch": run.batch, "seed": run.seed,
            "summary": {
                "verdict": s.verdict,
                "ratio": number(s.gradient_ratio),
                "collapse": s.collapse,
                "nonfinite": s.nonfinite or None,
                "first_nonfinite_layer": s.first_nonfinite_layer,
                "zero_gradients": s.zero_gradients,
                "description": sentence(words.simulate_verdict(s)),
                "gradient_ratio": number(s.gradient_ratio),
                "vanishes_at_layer": s.vanishes_at_layer,
                "layers_to_vanish": s.layers_to_vanish,
                "dead_fraction": number(s.dead_fraction),
                "saturated_fraction": number(s.saturated_fraction),
                "activation_variance_ratio": number(s.activation_variance_ratio),
                "gradient_rms_ratio": number(s.gradient_rms_ratio),
            },
            "layers": [
                {"layer": st.layer, "z_mean": number(st.z_mean), "z_var": number(st.z_var),
                 "a_mean": number(st.a_mean), "a_var": number(st.a_var), "da_rms": number(st.da_rms),
                 "dz_rms": number(st.dz_rms), "dw_rms": number(st.dw_rms),
                 "dead_fraction": number(st.dead_fraction), "saturated_fraction": number(st.saturated_fraction)}
                for st in run.layers
            ],
        })
    return {"runs": out}


def side(s: Side) -> list[dict[str, Any]]:
    """Where something happens in a dtype, as a set of x: x ≤ −a and x ≥ b (either may be absent)."""
    out = []
    if s.neg is not None:
        out.append(bounds(-math.inf, -s.neg, False, True))
    if s.pos is not None:
        out.append(bounds(s.pos, math.inf, True, False))
    return out


@neutral
def precision(p: Precision) -> dict[str, Any]:
    """``actcli precision --json``: for each dtype, where f and f′ leave it and each form's error."""
    return {
        **subject(p.act),
        "reference": p.reference,
        "torch": p.torch,
        "dtypes": [
            {
                "dtype": d.dtype,
                "values_measured": d.points,
                "exact": {
                    "f_overflows": side(d.f_overflows),
                    "f_rounds_to_zero": side(d.f_underflows),
                    "derivative_rounds_to_zero": side(d.d1_underflows),
                },
                "forms": [
                    {
                        "form": fe.form,
                        "written": fe.label,
                        "order": fe.order,
                        "max_ulp": number(fe.max_ulp),
                        "at": number(fe.at),
                        "zero_though_representable": side(fe.flushed),
                        "inf_though_finite": side(fe.overflowed),
                    }
                    for fe in d.forms
                ],
            }
            for d in p.dtypes
        ],
    }


def _mean_sd(pair: tuple[float, float]) -> dict[str, Any]:
    """A statistic over seeds: its mean and (sample) standard deviation."""
    return {"mean": number(pair[0]), "sd": number(pair[1])}


def training_run(run: TrainRun) -> dict[str, Any]:
    h = run.history
    n = run.epochs_done
    layers = [
        {"layer": i + 1, "dead": numbers(h.dead[:n, i]), "saturated": numbers(h.saturated[:n, i]),
         "grad_rms": numbers(h.grad_rms[:n, i]), "update_ratio": numbers(h.update_ratio[:n, i])}
        for i in range(h.dead.shape[1])
    ]
    return {
        **subject(run.act),
        "seed": run.seed, "init": init_used(run.init, run.gain), "epochs_done": n,
        "diverged_at": run.diverged_at, "epochs_to_target": run.epochs_to_target,
        "seconds": number(run.seconds), "learned": [params(v) for v in run.network.learned()] if run.network.learnable else [],
        "history": {"train_loss": numbers(h.train_loss[:n]), "test_loss": numbers(h.test_loss[:n]),
                    "train_metric": numbers(h.train_metric[:n]), "test_metric": numbers(h.test_metric[:n]),
                    "layers": layers},
    }


@neutral
def training(ex: Experiment, output: str, loss: str) -> dict[str, Any]:
    """``actcli train --json``: the data, network and settings, per-activation statistics over the
    seeds, and every run's per-epoch history. ``output``/``loss``: the output layer and loss words."""
    from actcli.nn.train import summarise

    d, c = ex.data, ex.config
    summary = []
    for act, runs in zip(ex.acts, ex.runs):
        if not runs:
            continue
        s = summarise(act, runs)
        summary.append({
            **subject(act),
            "runs_finished": s.runs, "test_metric": _mean_sd(s.test_metric), "train_metric": _mean_sd(s.train_metric),
            "train_loss": _mean_sd(s.train_loss), "test_loss": _mean_sd(s.test_loss),
            "epochs_to_target": _mean_sd(s.epochs_to_target), "reached_target": s.reached,
            "dead": _mean_sd(s.dead), "saturated": _mean_sd(s.saturated), "seconds": _mean_sd(s.seconds),
            "diverged": s.diverged,
        })
    return {
        "data": {"name": d.name, "task": d.task, "features": list(d.features), "target": d.target,
                 "classes": list(d.classes), "train_rows": int(d.x_train.shape[0]), "test_rows": int(d.x_test.shape[0]),
                 "noise": number(d.noise)},
        "network": {"sizes": [d.n_inputs, *c.hidden, d.n_outputs], "output": output, "loss": loss},
        "config": {"optimizer": c.optimizer, "lr": number(c.lr), "batch": c.batch, "epochs": c.epochs,
                   "init": None if c.init is None else init_used(c.init), "seeds": ex.seeds,
                   "goal": number(c.target)},
        "metric": "r2" if d.task == "regression" else "accuracy",
        "interrupted": ex.interrupted,
        "summary": summary,
        "runs": [training_run(r) for runs in ex.runs for r in runs],
    }
