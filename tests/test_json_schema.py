"""Every command's JSON against its published JSON Schema (actcli/schemas, shipped in the package),
over a wide set of inputs; the shared shapes defined once; one key, one shape across commands;
ASCII numbers in JSON and CSV; the exit code for an output directory that is missing or refused."""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from actcli.api import names, records
from actcli.recommend.rules import ARCHITECTURES, RULES, SYMPTOMS, TASKS
from tests.conftest import ROOT, invoke

SCHEMAS = ("common", "list", "derive", "compare", "recommend", "rules", "simulate", "precision", "train")
#: the shapes every command shares, defined once in common.schema.json
SHARED = ("number", "number_or_null", "interval", "intervals", "activation", "params", "init", "verification")


def _schema_texts() -> dict[str, str]:
    """The schemas as the installed package ships them (importlib.resources, not the checkout)."""
    folder = resources.files("actcli") / "schemas"
    return {name: (folder / f"{name}.schema.json").read_text(encoding="utf-8") for name in SCHEMAS}


TEXTS = _schema_texts()
LOADED: dict[str, dict[str, Any]] = {name: json.loads(text) for name, text in TEXTS.items()}
REGISTRY: Registry[Any] = Registry().with_resources(
    (f"{name}.schema.json", Resource.from_contents(schema, default_specification=DRAFT202012))
    for name, schema in LOADED.items()
)


def strict_json(text: str) -> Any:
    """Parse as a strict JSON reader does: NaN and Infinity are not JSON."""
    def refuse(token: str) -> Any:
        raise AssertionError(f"{token} in JSON output")

    return json.loads(text, parse_constant=refuse)


def check(schema: str, data: Any) -> None:
    validator = Draft202012Validator(LOADED[schema], registry=REGISTRY)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}"[:400] for e in errors[:5])


def run_json(*args: str, ok_codes: tuple[int, ...] = (0,)) -> Any:
    result = invoke(*args, "--json")
    assert result.exit_code in ok_codes, (args, result.exit_code, result.stderr)
    return strict_json(result.stdout)


# --- the schemas themselves -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = LOADED[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_installed_package_ships_the_same_schemas_as_the_repository(tmp_path: Path) -> None:
    """An installed actcli (make installs it as pip users get it) carries the schemas as package data."""
    code = ("import json, actcli; from importlib import resources; d = resources.files('actcli') / 'schemas'; "
            "print(json.dumps({'file': actcli.__file__, 'schemas': {p.name: p.read_text(encoding='utf-8') "
            "for p in d.iterdir() if p.name.endswith('.schema.json')}}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True,
                         env={**os.environ, "PYTHONPATH": ""})
    installed = json.loads(out.stdout)
    assert not Path(installed["file"]).resolve().is_relative_to(ROOT / "actcli")  # the installed copy
    assert installed["schemas"] == {f"{n}.schema.json": (ROOT / "actcli" / "schemas" / f"{n}.schema.json")
                                    .read_text(encoding="utf-8") for n in SCHEMAS}


def _walk(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, (*path, str(k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, (*path, str(i)))


def _refs(schema: Any) -> set[str]:
    return {node["$ref"] for _, node in _walk(schema) if isinstance(node, dict) and "$ref" in node}


def test_shared_shapes_are_defined_once_and_referenced_by_every_command() -> None:
    common = LOADED["common"]["$defs"]
    assert set(SHARED) <= set(common)
    for name in SCHEMAS[1:]:
        schema = LOADED[name]
        refs = _refs(schema)
        # every reference resolves: to common's definitions or to the schema's own
        for ref in refs:
            file, _, pointer = ref.partition("#/$defs/")
            assert (file == "common.schema.json" and pointer in common) or (file == "" and pointer in schema["$defs"]), ref
        assert any(r.startswith("common.schema.json#/$defs/") for r in refs), name
        # and no command spells a shared shape out again
        for path, node in _walk(schema):
            if isinstance(node, dict) and isinstance(node.get("properties"), dict):
                keys = set(node["properties"])
                assert not {"min_inclusive", "max_inclusive"} & keys, (name, path, "an interval not by $ref")
                assert "scheme" not in keys, (name, path, "an init not by $ref")
                assert not ({"ok", "max_abs_error"} <= keys), (name, path, "a verification not by $ref")
            if isinstance(node, dict) and node.get("enum") == ["inf", "-inf"]:
                raise AssertionError(f"{name} {path}: a number not by $ref")
    # each shared shape reaches the commands that write it (directly or through another shared shape)
    uses = {
        "interval": ("list", "derive", "compare", "precision"), "intervals": ("derive", "compare", "precision"),
        "number": ("list", "derive", "compare", "simulate", "precision", "train"),
        "init": ("compare", "recommend", "rules", "simulate", "train"), "verification": ("derive",),
        "activation": ("derive", "compare", "recommend", "rules", "simulate", "precision", "train"),
        "params": ("derive", "compare", "simulate", "precision", "train"),
    }
    for shape, commands in uses.items():
        for name in commands:
            assert shape in _common_closure(LOADED[name]), (shape, name)


def _common_closure(schema: Any) -> set[str]:
    """The common definitions a schema uses, directly or through other common definitions."""
    common = LOADED["common"]["$defs"]
    todo = [r.rpartition("/")[2] for r in _refs(schema) if r.startswith("common.schema.json#/$defs/")]
    seen: set[str] = set()
    while todo:
        d = todo.pop()
        if d not in seen:
            seen.add(d)
            todo += [r.rpartition("/")[2] for r in _refs(common[d])]
    return seen


def test_the_schemas_close_every_object_they_describe() -> None:
    """additionalProperties: false (or unevaluatedProperties: false where a shape extends the shared
    one) wherever the keys are fixed; open maps (params, when, depth_factor) say what values they take."""
    for name, schema in LOADED.items():
        for path, node in _walk(schema):
            if not (isinstance(node, dict) and isinstance(node.get("properties"), dict)) or path[-1:] == ("properties",):
                continue
            if path[-1:] in (("$defs",), ("if",)) or (name == "common" and path == ("$defs", "properties")):
                continue  # the open base that derive and compare close
            assert node.get("additionalProperties") is False or node.get("unevaluatedProperties") is False, (name, path)


def test_the_enums_follow_the_code() -> None:
    rec = LOADED["recommend"]["properties"]
    assert rec["task"]["anyOf"][0]["enum"] == list(TASKS)
    assert LOADED["rules"]["$defs"]["rule"]["properties"]["layer"]["enum"] == ["hidden", "output"]
    from actcli.analysis.precision import DTYPES

    dtypes = LOADED["precision"]["properties"]["dtypes"]["items"]["properties"]["dtype"]["enum"]
    assert dtypes == list(DTYPES)


# --- every command's real output against its schema -------------------------------------------------------

def test_list() -> None:
    data = run_json("list")
    check("list", data)
    assert [d["name"] for d in data] == names()
    leaky = next(d for d in data if d["name"] == "leaky_relu")["parameters"][0]
    assert leaky["valid_range"] == {"min": 0.0, "max": 1.0, "min_inclusive": False, "max_inclusive": False}
    assert leaky["valid"] == "(0, 1)"


EXPRESSIONS = ("x*tanh(log(1+exp(x)))", "log(x)", "sqrt(x)", "abs(x)", "x^3", "exp(-x^2)", "1/(1+x^2)", "x")
PARAMETRISED = ("leaky_relu:negative_slope=0.2", "elu:alpha=2", "softplus:beta=3", "celu:alpha=0.5",
                "hardtanh:min_val=-2,max_val=3", "softplus:beta=1e-300")


@pytest.mark.parametrize("spec", [*names(), *PARAMETRISED, *EXPRESSIONS])
def test_derive(spec: str) -> None:
    data = run_json("derive", spec, ok_codes=(0, 1))
    check("derive", data)
    assert data["activation"] and isinstance(data["verification"]["ok"], bool)


@pytest.mark.parametrize(
    "args",
    [("tanh", "--order", "2"), ("relu", "--at", "0", "--at", "1e308", "--at=-1e308"), ("gelu", "--range", "-3", "3"),
     ("softmax", "--at", "0", "--at", "40", "--at=-3"), ("log_softmax", "--at", "1"), ("softplus", "--at", "1.79e308", "--at=-1.79e308"),
     ("log(x)", "--range", "0.5", "2"), ("x^2", "--order", "2")],
)
def test_derive_options(args: tuple[str, ...]) -> None:
    check("derive", run_json("derive", *args, ok_codes=(0, 1)))


def test_compare_every_activation() -> None:
    one_variable = [r.name for r in records() if r.kind != "gated"]  # compare refuses gated ones
    data = run_json("compare", *one_variable, "--no-timing", "--no-simulate")
    check("compare", data)
    assert [a["activation"] for a in data["activations"]] == one_variable


def test_compare_parametrised_expressions_and_measured() -> None:
    check("compare", run_json("compare", *PARAMETRISED, "--no-timing", "--no-simulate"))
    check("compare", run_json("compare", *EXPRESSIONS, "--no-timing", "--no-simulate"))
    measured = run_json("compare", "relu", "sigmoid", "log(x)", "softmax", "--no-timing", "--simulate")
    check("compare", measured)
    assert measured["activations"][0]["properties"]["measured"]["init"] == {"scheme": "lsuv"}  # relu: He, then LSUV
    as_format = strict_json(invoke("compare", "tanh", "--format", "json", "--no-timing", "--no-simulate").stdout)
    check("compare", as_format)


REQUESTS = [
    [*(["--task", t] if t else []), *(["--symptom", s] if s else []), *(["--architecture", a] if a else [])]
    for t, s, a in itertools.product((*TASKS, None), (*SYMPTOMS, None), (*ARCHITECTURES, None))
    if t is not None
] + [["--layer", "hidden"], ["--layer", "hidden", "--symptom", "dead-neurons"], ["--task", "binary", "--layer", "output"],
     ["--task", "multiclass", "--current", "sigmoid"], ["--task", "regression", "--current", "softmax", "--depth", "30"],
     ["--task", "binary", "--current", "x^3"]]


@pytest.mark.parametrize("args", REQUESTS, ids=" ".join)
def test_recommend(args: list[str]) -> None:
    check("recommend", run_json("recommend", *args))


def test_recommend_rules() -> None:
    every = run_json("recommend", "--rules")
    check("rules", every)
    assert [r["id"] for r in every] == [r.id for r in RULES]
    for r in RULES:
        one = run_json("recommend", "--explain", r.id)
        check("rules", one)
        if r.init is not None:  # the rule's words keep their scheme: he, xavier or lecun
            assert one["init"]["scheme"] in {"he", "xavier", "lecun"} and one["init"]["advice"] == r.init


@pytest.mark.parametrize(
    "args",
    [("relu", "tanh", "sigmoid", "--depth", "6", "--width", "16", "--batch", "16"),
     ("leaky_relu:negative_slope=0.2", "x^3", "--depth", "4", "--width", "8", "--batch", "8", "--init", "xavier"),
     ("exp(x)", "--depth", "30", "--width", "16", "--batch", "16", "--init", "normal"),
     ("relu", "--depth", "3", "--width", "8", "--batch", "8", "--seed", "5", "--init", "small", "--all-layers")],
)
def test_simulate(args: tuple[str, ...]) -> None:
    data = run_json("simulate", *args)
    check("simulate", data)
    if args[0] == "exp(x)":  # overflows: what was not measured is null
        assert data["runs"][0]["summary"]["verdict"] == "overflow" and data["runs"][0]["summary"]["ratio"] is None
    assert all(set(r["init"]) == {"scheme", "gain"} for r in data["runs"])


@pytest.mark.parametrize("spec", ["tanh", "relu", "softplus:beta=2", "gelu", "sigmoid"])
def test_precision(spec: str) -> None:
    check("precision", run_json("precision", spec, "--dtype", "float16,bfloat16"))


@pytest.mark.parametrize(
    "args",
    [("relu", "tanh", "--data", "xor"), ("leaky_relu:negative_slope=0.2", "--data", "iris", "--hidden", "4"),
     ("gelu", "--data", "sine", "--init", "xavier"), ("x^2", "--data", "moons", "--optimizer", "sgd"),
     ("exponential", "--data", "circles", "--lr", "10")],
)
def test_train(args: tuple[str, ...]) -> None:
    data = run_json("train", *args, "--epochs", "3", "--seeds", "2", "--points", "100", "--no-timing")
    check("train", data)
    assert len(data["runs"]) == 2 * len(data["summary"])
    if args[0] == "exponential":  # diverged: the statistics over no finite loss are null, not NaN
        assert data["summary"][0]["diverged"] == 2 and data["summary"][0]["test_loss"] == {"mean": None, "sd": None}


# --- one key, one shape ----------------------------------------------------------------------------------

def _shape(v: Any) -> str:
    if isinstance(v, dict):
        return "object"
    if isinstance(v, list):
        return "array"
    return "string" if isinstance(v, str) else "number" if isinstance(v, (int, float)) else type(v).__name__


def test_the_same_key_has_the_same_shape_in_every_command() -> None:
    """Over one output of each command: activation is a name, init an object with a scheme,
    verification an object with ok, argmax a list of intervals, every interval the same four keys."""
    outputs = {
        "list": run_json("list"),
        "derive": run_json("derive", "relu"), "derive vector": run_json("derive", "softmax"),
        "derive expression": run_json("derive", "log(x)"),
        "compare": run_json("compare", "relu", "softmax", "--no-timing", "--simulate"),
        "recommend": run_json("recommend", "--task", "binary", "--current", "sigmoid"),
        "rules": run_json("recommend", "--rules"),
        "simulate": run_json("simulate", "relu", "--depth", "3", "--width", "8", "--batch", "8"),
        "precision": run_json("precision", "tanh", "--dtype", "float16"),
        "train": run_json("train", "relu", "--data", "xor", "--epochs", "2", "--seeds", "1", "--points", "60",
                          "--no-timing"),
    }
    seen: dict[str, set[str]] = {}
    for name, out in outputs.items():
        for path, node in _walk(out):
            if not path or path[-1].isdigit():
                continue
            key = path[-1]
            if key == "activation" and path[-2:-1] != ("properties",):
                assert node is None or isinstance(node, str), (name, path)
            if key == "init":
                assert node is None or (isinstance(node, dict) and "scheme" in node), (name, path)
            if key == "verification":
                assert isinstance(node, dict) and isinstance(node["ok"], bool), (name, path)
            if key == "argmax":
                assert isinstance(node, list), (name, path)
            if key in ("choice", "non_differentiable_at", "range", "over", "x_le", "x_ge", "from", "to", "of"):
                raise AssertionError(f"{name} {path}: a key the shared vocabulary replaced")
            if isinstance(node, dict) and ("min_inclusive" in node or "max_inclusive" in node):
                assert set(node) == {"min", "max", "min_inclusive", "max_inclusive"}, (name, path)
            if key in ("activation", "init", "verification", "argmax", "params", "kinks", "zones", "window",
                       "domain", "analysed", "order", "seed", "description"):
                seen.setdefault(key, set()).add(_shape(node))
    assert {k: v - {"NoneType"} for k, v in seen.items() if len(v - {"NoneType"}) > 1} == {}


# --- numbers: ASCII in JSON and CSV, the Unicode minus only in terminal text ---------------------------------

#: JSON strings the tool writes as sentences around numbers (formulas and catalogue prose are typography)
SENTENCE_KEYS = {"description", "advice", "note", "method", "definition", "how", "warnings", "loss"}
UNICODE_NUMBER = re.compile(r"[−∞]|·10|×10")


@pytest.mark.parametrize(
    "args",
    [("derive", "gelu"), ("derive", "hardtanh:min_val=-2,max_val=3"), ("derive", "softsign"),
     ("compare", "tanh", "elu", "--no-timing", "--no-simulate"),
     ("simulate", "sigmoid", "--depth", "12", "--width", "8", "--batch", "8"),
     ("derive", "tanh", "--range", "-9", "9")],
)
def test_json_numbers_and_sentences_use_the_ascii_minus(args: tuple[str, ...]) -> None:
    data = run_json(*args)
    negative = False
    for path, node in _walk(data):
        keys = [k for k in path if not k.isdigit()]
        if isinstance(node, str) and keys and keys[-1] in SENTENCE_KEYS:
            assert not UNICODE_NUMBER.search(node), (path, node)
        if node == "-inf" or (isinstance(node, (int, float)) and not isinstance(node, bool) and node < 0):
            negative = True
    assert negative  # the case has negative numbers to write


def test_terminal_text_keeps_the_unicode_minus() -> None:
    out = invoke("derive", "gelu", env={"NO_COLOR": "1", "COLUMNS": "80"}).stdout
    assert "−" in out and not re.search(r"(?<![A-Za-z])-[0-9]", out)


@pytest.mark.parametrize("spec", [r.name for r in records() if r.kind != "gated"])  # compare refuses gated ones
def test_csv_uses_only_ascii_numbers(spec: str) -> None:
    result = invoke("compare", spec, "relu", "--format", "csv", "--no-timing", "--no-simulate")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "−" not in out and "∞" not in out
    # plain floats, no typeset exponents (a formula's own x² is not a number)
    assert not re.search("·10|×10|[0-9][⁰¹²³⁴⁵⁶⁷⁸⁹⁻]", out)


def test_nan_and_infinity_are_never_json_tokens() -> None:
    """NaN/Infinity would make the output unreadable to strict JSON parsers: they are null / "inf"."""
    data = run_json("compare", "log(x)", "exponential", "--no-timing", "--simulate")
    log_x, exponential = (d["properties"] for d in data["activations"])
    assert "measured" not in log_x  # log(x) is not defined on all of R: nothing simulated, no nan
    ratio = exponential["measured"]["gradient_ratio"]
    assert ratio is None or math.isfinite(ratio)
    sp = run_json("derive", "softplus", "--at", "1.79e308", "--at=-1.79e308")
    assert all(v["f"] == "inf" or isinstance(v["f"], float) for v in sp["values"])


# --- one exit code for an output path the file system refuses --------------------------------------------

WRITERS = [
    ("plot", "relu", "-o"),
    ("compare", "relu", "--no-timing", "--no-simulate", "--plot"),
    ("simulate", "relu", "--depth", "3", "--width", "8", "--batch", "8", "-o"),
    ("precision", "relu", "--dtype", "float16", "-o"),
    ("train", "relu", "--data", "xor", "--epochs", "1", "--seeds", "1", "--points", "60", "-o"),
]


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: a[0] + ("-plot" if "--plot" in a else ""))
def test_a_missing_output_directory_is_exit_1_and_leaves_nothing(args: tuple[str, ...], tmp_path: Path) -> None:
    result = invoke(*args, str(tmp_path / "missing" / "out.png"))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("Error: ") and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: a[0] + ("-plot" if "--plot" in a else ""))
def test_an_unwritable_output_directory_is_exit_1(args: tuple[str, ...]) -> None:
    """/sys refuses new files to every user, root too (a chmod'ed directory would not stop root)."""
    if not Path("/sys").is_dir():
        pytest.skip("no /sys here")
    result = invoke(*args, "/sys/actcli-out.png")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert not Path("/sys/actcli-out.png").exists()


def test_export_follows_the_same_rule(tmp_path: Path) -> None:
    result = invoke("export", "relu", "--to", "numpy", "-o", str(tmp_path / "missing" / "relu.py"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []
