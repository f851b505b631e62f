"""Names, aliases, specs and parameter validation."""

from __future__ import annotations

import math

import pytest

import actcli
from actcli.api import records
from actcli.core.record import Record
from actcli.core.registry import Registry, normalise
from actcli.errors import ParameterError, UnknownActivationError, UsageError
from actcli.present.numbers import label

REQUIRED = """sigmoid tanh relu leaky_relu softmax identity elu selu celu gelu silu mish softplus softsign
hardsigmoid hardtanh hardswish relu6 logsigmoid tanhshrink softshrink hardshrink threshold squareplus
exponential quick_gelu log_softmax softmin""".split()


def test_registry_holds_what_the_issue_lists() -> None:
    assert set(REQUIRED) <= set(actcli.names())
    assert actcli.names()[:6] == ["sigmoid", "tanh", "relu", "leaky_relu", "softmax", "identity"]


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("LeakyReLU", "leaky_relu"), ("leaky-relu", "leaky_relu"), ("Leaky ReLU", "leaky_relu"),
        ("logistic", "sigmoid"), ("swish", "silu"), ("linear", "identity"),
        ("hard_sigmoid", "hardsigmoid"), ("log_sigmoid", "logsigmoid"), ("GELU", "gelu"),
        ("LogSoftmax", "log_softmax"), ("hard-swish", "hardswish"), ("ReLU6", "relu6"),
    ],
)
def test_aliases(typed: str, canonical: str) -> None:
    assert actcli.get(typed).name == canonical


@pytest.mark.parametrize("record", records(), ids=lambda r: r.name)
def test_every_alias_round_trips(record: Record) -> None:
    for spelling in (record.name, *record.aliases):
        assert actcli.get(spelling).name == record.name


def test_no_alias_collisions_and_collisions_fail_loudly() -> None:
    owners: dict[str, set[str]] = {}
    for r in records():
        for s in (r.name, *r.aliases):
            owners.setdefault(normalise(s), set()).add(r.name)
    assert all(len(v) == 1 for v in owners.values()), {k: v for k, v in owners.items() if len(v) > 1}
    a, b = records()[0], records()[1]
    clash = Record(**{**b.__dict__, "aliases": (a.name,)})
    with pytest.raises(ValueError, match="alias collision"):
        Registry((a, clash))


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(UnknownActivationError) as info:
        actcli.get("sigmod")
    err = info.value
    assert "unknown activation 'sigmod'" in err.message
    assert err.hint is not None and "'sigmoid'" in err.hint and "actcli list" in err.hint
    assert isinstance(err, KeyError) and isinstance(err, UsageError) and err.exit_code == 2
    assert "Did" not in str(err) and str(err).startswith("unknown activation")


def test_unknown_name_without_match_still_points_to_list() -> None:
    with pytest.raises(UnknownActivationError, match="actcli list"):
        actcli.get("qqqqqqqq")


def test_spec_parameters() -> None:
    act = actcli.get("leaky_relu:negative_slope=0.2")
    assert act.params == {"negative_slope": 0.2}
    assert label(act) == "leaky_relu (negative_slope=0.2)"
    assert label(actcli.get("leaky_relu")) == "leaky_relu"
    assert actcli.get("hardtanh:min_val=-2, max_val=3").params == {"min_val": -2.0, "max_val": 3.0}
    assert actcli.get("gelu:approximate=tanh").params == {"approximate": "tanh"}
    assert actcli.get("softplus", beta=2).params == {"beta": 2.0, "threshold": math.inf}  # inf: no cut-off
    assert "negative_slope=0.2" in repr(act)
    assert actcli.get(act.spec).params == act.params


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("relu:", "nothing after ':'"),
        ("leaky_relu:negative_slope", "is not key=value"),
        ("leaky_relu:negative_slope=", "is not key=value"),
        ("leaky_relu:slope=0.1", "has no parameter 'slope'"),
        ("relu:alpha=1", "relu takes no parameters"),
        ("leaky_relu:negative_slope=abc", "must be a number"),
        ("leaky_relu:negative_slope=nan", "must be finite"),
        ("leaky_relu:negative_slope=inf", "must be finite"),
        ("leaky_relu:negative_slope=-0.1", "outside its valid range (0, 1)"),
        ("softplus:beta=0", "outside its valid range (0, inf)"),
        ("softplus:beta=-1", "outside its valid range"),
        ("gelu:approximate=fast", "must be one of none | tanh"),
        ("hardtanh:min_val=2", "must be less than max_val"),
        ("elu:alpha=1,alpha=2", "given twice"),
    ],
)
def test_bad_parameters_name_valid_keys_and_ranges(spec: str, message: str) -> None:
    with pytest.raises(ParameterError) as info:
        actcli.get(spec)
    assert message in str(info.value)
    assert info.value.exit_code == 2


def test_unknown_key_error_lists_valid_keys() -> None:
    with pytest.raises(ParameterError) as info:
        actcli.get("softplus:alpha=1")
    assert info.value.hint is not None and "beta in (0, inf) (default 1.0)" in info.value.hint


def test_api_keyword_parameters_are_validated_too() -> None:
    with pytest.raises(ParameterError):
        actcli.get("softplus", beta=math.nan)
    with pytest.raises(ParameterError):
        actcli.get("softplus", beta="2")
    with pytest.raises(ParameterError):
        actcli.get("relu", foo=1)


def test_every_record_is_complete() -> None:
    for r in records():
        assert r.summary and r.formula.text and r.formula.latex and r.derivative.text
        assert r.derivative.latex and r.second.text and r.references and r.cost
        for p in r.params:
            assert p.source and p.doc
        if r.kind == "elementwise":
            assert r.fn and r.d1 and r.d2
        elif r.kind == "gated":  # its functions are the gate's, by reference
            assert r.gate is not None and r.gate.kind == "elementwise" and r.product is not None
        else:
            assert r.fn and r.jacobian and r.vjp


def test_import_is_lazy() -> None:
    import subprocess
    import sys

    code = "import sys, actcli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_formula_is_printable_latex() -> None:
    """No control characters (a "\\b" or "\\f" lost from a non-raw string becomes one), braces and
    environments balanced, in every record's text and LaTeX formulas."""
    import re

    from actcli.api import get, records

    for r in records():
        act = get(r.name)
        for formula in r.formulas_for(act.params):
            for text in (formula.text, formula.latex):
                assert not any(ord(ch) < 32 for ch in text), (r.name, text)
            latex = formula.latex
            depth = 0
            for ch in re.sub(r"\\[{}]", "", latex):
                depth += {"{": 1, "}": -1}.get(ch, 0)
                assert depth >= 0, (r.name, latex)
            assert depth == 0, (r.name, latex)
            assert re.findall(r"\\begin\{(\w+)\}", latex) == re.findall(r"\\end\{(\w+)\}", latex), (r.name, latex)
            for body in re.findall(r"\\begin\{cases\}(.*?)\\end\{cases\}", latex):
                rows = body.split(r"\\")
                assert len(rows) >= 2 and all("&" in row for row in rows), (r.name, latex)
