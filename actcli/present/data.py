"""JSON-ready dicts built from the library's results: codes, numbers and intervals, the same key
for the same thing in every command; infinities as the strings "inf" / "-inf"."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from actcli.present import words
from actcli.present.numbers import json_num

if TYPE_CHECKING:
    from actcli.analysis.derive import DeriveReport
    from actcli.analysis.profile import Profile
    from actcli.analysis.properties import Properties
    from actcli.analysis.zones import Zone
    from actcli.core.record import Interval, Kink, Param, Record
    from actcli.nn.init import Advice
    from actcli.nn.simulate import Run
    from actcli.recommend.engine import Pick, Recommendation
    from actcli.recommend.rules import Rule


def interval(iv: Interval) -> dict[str, Any]:
    return {
        "min": json_num(iv.lo),
        "max": json_num(iv.hi),
        "min_inclusive": iv.lo_closed,
        "max_inclusive": iv.hi_closed,
    }


def param(p: Param) -> dict[str, Any]:
    from actcli.core.registry import valid_text

    out: dict[str, Any] = {"name": p.name, "default": p.default, "valid": valid_text(p), "source": p.source,
                           "learnable": p.learnable}
    if p.choices:
        out["choices"] = list(p.choices)
    else:
        out["min"], out["max"] = json_num(p.lo), json_num(p.hi)
    return out


def record(r: Record) -> dict[str, Any]:
    claims = r.claims(r.defaults())
    return {
        "name": r.name,
        "aliases": list(r.aliases),
        "kind": r.kind,
        "summary": r.summary,
        "params": [param(p) for p in r.params],
        "formula": {"text": r.formula.text, "latex": r.formula.latex},
        "derivative": {"text": r.derivative.text, "latex": r.derivative.latex},
        "output_range": interval(claims.output_range),
        "in_seed": r.in_seed,
        "references": list(r.references),
    }


def kink(k: Kink) -> dict[str, Any]:
    return {"x": k.x, "derivative": k.derivative, "left": k.left, "right": k.right,
            "continuous": k.continuous, "convention": k.convention, "description": words.kink(k)}


def zone(z: Zone) -> dict[str, Any]:
    return {"kind": z.kind, "from": json_num(-math.inf if z.open_left else z.lo),
            "to": json_num(math.inf if z.open_right else z.hi), "description": words.zone(z)}


def _maybe(v: float | None) -> float | str | None:
    return None if v is None else json_num(v)


def properties(props: Properties) -> dict[str, Any]:
    """The properties compare and derive share (the issue-10 contract), each a number or a code."""
    sat = props.saturation
    out: dict[str, Any] = {
        "variable": props.variable,
        "output_set": [interval(iv) for iv in props.output_set],
        "output_range": interval(props.output_range),
        "monotonic": props.monotonic,
        "derivative_range": interval(props.derivative_range),
        "sup_abs_derivative": json_num(props.sup_abs),
        "sup_attained": props.attained,
        "argmax": [interval(iv) for iv in props.argmax],
        "sup_approached_at": [json_num(v) for v in props.approached],
        "saturation": {
            "left": _maybe(sat.left),
            "right": _maybe(sat.right),
            "defined": sat.defined,
            "left_kind": sat.left_kind,
            "right_kind": sat.right_kind,
            "threshold": json_num(sat.threshold),
            "derivative_limits": [json_num(sat.limits[0]), json_num(sat.limits[1])],
            "definition": words.SATURATION_DEFINITION,
        },
        "stationary_points": [{"x": s.x, "f": json_num(s.f), "kind": s.kind} for s in props.stationary],
        "scope": {"proved": list(props.proved), "window": list(props.window) if props.window else None},
    }
    if props.jacobian:
        out["jacobian_entries"] = [
            {"K": e.k, "diagonal": interval(e.diagonal),
             "off_diagonal": interval(e.off_diagonal) if e.off_diagonal else None}
            for e in props.jacobian
        ]
    return out


def init(a: Advice, note: str) -> dict[str, Any]:
    return {"scheme": a.scheme, "gain": a.gain, "variance_gain": a.variance_gain, "torch_gain": a.torch_gain,
            "gain_source": a.source, "mean_field_spread": None if math.isnan(a.spread) else json_num(a.spread),
            "advice": words.init_advice(a), "note": note}


def derive(report: DeriveReport) -> dict[str, Any]:
    act = report.act
    r = act.record
    formula, first, second = r.formulas_for(act.params)
    f = first if report.order == 1 else second
    data: dict[str, Any] = {
        "name": act.name,
        "params": dict(act.params),
        "kind": act.kind,
        "estimated": r.estimated,
        "fragile": r.fragile,
        "order": report.order,
        "formula": {"text": formula.text, "latex": formula.latex},
        "derivative": {"text": f.text, "latex": f.latex},
        "range": [report.lo, report.hi],
        "properties": properties(report.properties) if report.properties else None,
    }
    if report.domain is not None and report.analysed is not None:
        data["domain"] = [[json_num(d.lo), json_num(d.hi), d.lo_closed, d.hi_closed] for d in report.domain]
        a = report.analysed
        data["analysed"] = [json_num(a.lo), json_num(a.hi), a.lo_closed, a.hi_closed]
    if report.vector is not None:
        vc = report.vector
        own = act.claims.derivative_range
        data["kinks"] = []
        data["derivative_range"] = {"min": json_num(own.lo), "max": json_num(own.hi), "argmax": None, "of": "∂sᵢ/∂zᵢ"}
        data["cross_entropy_gradient"] = "s - y" if r.logit_sign > 0 else "-(s - y)"
        if report.values_vector is not None:
            z, s, jac = report.values_vector
            data["values"] = [{"z": [json_num(v) for v in z], "f": [json_num(v) for v in s],
                               "jacobian": [[json_num(v) for v in row] for row in jac]}]
        else:
            data["values"] = []
        data["verification"] = {
            "max_abs_error": vc.jacobian_max_abs_error,
            "vjp_max_abs_error": vc.vjp_max_abs_error,
            "cross_entropy_max_abs_error": vc.cross_entropy_max_abs_error,
            "points": vc.points,
            "z": [json_num(v) for v in vc.z],
            "method": words.vector_method(vc),
            "ok": vc.ok,
        }
        return data
    dr = report.derivative_range
    v = report.verification
    assert dr is not None and v is not None and report.global_range is not None
    data["kinks"] = [kink(k) for k in report.kinks]
    data["derivative_range"] = {
        "min": json_num(dr.lo),
        "max": json_num(dr.hi),
        "argmax": dr.argmax,
        "attained_on": interval(dr.attained_on) if dr.attained_on else None,
        "approached_only": dr.approached,
        "over": list(dr.over),
        "global": interval(report.global_range),
    }
    data["zones"] = [zone(z) for z in report.zones]
    data["values"] = [
        {"x": s.x, "f": json_num(s.f), "derivative": json_num(s.analytic),
         "numeric": None if math.isnan(s.numeric) else s.numeric,
         "difference": None if math.isnan(s.numeric) else s.difference}
        for s in report.values
    ]
    data["verification"] = {
        "max_abs_error": v.max_abs_error,
        "max_rel_error": v.max_rel_error,
        "points": v.points,
        "skipped_near_kinks": v.skipped,
        "unresolvable": v.unresolvable,
        "method": words.verification_method(v),
        "ok": v.ok,
    }
    return data


def profile(p: Profile) -> dict[str, Any]:
    from actcli.analysis.profile import COST_REPEATS, COST_SIZE

    props: dict[str, Any] = {
        "nonlinear": p.nonlinear,
        "differentiable": p.differentiable,
        "non_differentiable_at": [kink(k) for k in p.kinks],
        "smoothness": words.smoothness(p.smoothness),
        **properties(p.props),
        "zero_centered": p.zero_centered,
        "mean_output_std_normal": p.mean_output,
        "identity_near_zero": p.identity_near_zero,
        "dead_zone": [zone(z) for z in p.dead_zones],
        "depth_factor": {str(n): json_num(v) for n, v in p.depth_factor.items()},
        "cost": {"operations": p.cost.ops, "relative_to_identity": p.cost.relative,
                 "method": words.cost_method(COST_SIZE, COST_REPEATS)},
        "init": init(p.init, p.init_note),
    }
    if p.measured:
        props["measured"] = {**p.measured, "how": words.MEASURED_HOW}
    if p.domain is not None and p.analysed is not None:  # as derive's report: where f is finite, what was analysed
        props["domain"] = [[json_num(d.lo), json_num(d.hi), d.lo_closed, d.hi_closed] for d in p.domain]
        props["analysed"] = [json_num(p.analysed.lo), json_num(p.analysed.hi), p.analysed.lo_closed, p.analysed.hi_closed]
    return {"name": p.act.name, "params": dict(p.act.params), "kind": p.act.kind,
            "estimated": p.act.record.estimated, "properties": props}


def rule(r: Rule) -> dict[str, Any]:
    return {"id": r.id, "layer": r.layer, "title": r.title, "when": {k: list(v) for k, v in r.when.items()},
            "choice": r.choice, "alternatives": list(r.alternatives), "avoid": list(r.avoid),
            "init": r.init, "loss": r.loss, "also": r.also, "priority": r.rank[1], "why": r.why,
            "source": list(r.source)}


def recommendation(rec: Recommendation) -> dict[str, Any]:
    def layer(p: Pick | None, with_loss: bool) -> dict[str, Any] | None:
        if p is None:
            return None
        c = p.chosen
        data: dict[str, Any] = {
            "activation": c.choice if c else None,
            "alternatives": list(c.alternatives) if c else [],
            "avoid": list(p.avoid),
            "init": c.init if c else None,
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
        "warnings": [words.risk(r) for r in rec.risks],
        "risks": [{"code": r.code, "rule": r.rule, "choice": r.choice} for r in rec.risks],
        "rules": [{"id": r.id, "title": r.title, "why": r.why, "source": list(r.source)} for r in rec.applied()],
    }


def simulation(runs: list[Run]) -> dict[str, Any]:
    out = []
    for run in runs:
        s = run.summary
        out.append({
            "activation": run.act.name,
            "params": dict(run.act.params),
            "init": run.init,
            "gain": run.gain,
            "loss": words.SIMULATE_LOSS,
            "loss_value": run.loss_value,
            "depth": run.depth, "width": run.width, "batch": run.batch, "seed": run.seed,
            "summary": {
                "verdict": s.verdict,
                "ratio": json_num(s.gradient_ratio),
                "collapse": s.collapse,
                "nonfinite": s.nonfinite or None,
                "first_nonfinite_layer": s.first_nonfinite_layer,
                "zero_gradients": s.zero_gradients,
                "description": words.simulate_verdict(s),
                "gradient_ratio": json_num(s.gradient_ratio),
                "vanishes_at_layer": s.vanishes_at_layer,
                "layers_to_vanish": s.layers_to_vanish,
                "dead_fraction": s.dead_fraction,
                "saturated_fraction": s.saturated_fraction,
                "activation_variance_ratio": json_num(s.activation_variance_ratio),
                "gradient_rms_ratio": json_num(s.gradient_rms_ratio),
            },
            "layers": [
                {"layer": st.layer, "z_mean": json_num(st.z_mean), "z_var": json_num(st.z_var),
                 "a_mean": json_num(st.a_mean), "a_var": json_num(st.a_var), "da_rms": json_num(st.da_rms),
                 "dz_rms": json_num(st.dz_rms), "dw_rms": json_num(st.dw_rms),
                 "dead_fraction": st.dead_fraction, "saturated_fraction": st.saturated_fraction}
                for st in run.layers
            ],
        })
    return {"runs": out}
