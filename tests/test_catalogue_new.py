"""The activations added with issue 14's catalogue, and plugins.

The registry-wide tests (test_accuracy, test_claims, test_properties, test_dtypes) already hold every
new record at its defaults to the bars of the shipped ones, against ``tests/reference_new.py``.
Here: the same checks at other parameter values, the points where relative accuracy is impossible
(interior zeros, held to an absolute bar), the parameter gradients, the library names, and the
plugin mechanism with the example plugin in ``examples/`` installed for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
import tests.test_accuracy as accuracy
import tests.test_claims as claims
from actcli.catalogue import plugins
from actcli.catalogue.plugins import EntryPoint
from actcli.core.registry import Registry
from tests.conftest import ACTCLI, ROOT
from tests.reference import REF, mp_params, ref_value

NEW = ["prelu", "rrelu", "xielu", "squared_relu", "star_relu", "gelu_new", "gelu_fast", "gelu_10", "laplace", "sparse_plus", "elish",
       "telu", "logish", "smish", "serf", "gaussian", "isru", "bent_identity"]

# parameter values other than the defaults: each branch of the claims (prelu's slope < 0, = 0, = 1, > 1)
VARIANTS = [
    "prelu:weight=-0.5", "prelu:weight=0", "prelu:weight=1", "prelu:weight=2.5",
    "rrelu:lower=0,upper=0", "rrelu:lower=0.3,upper=0.5",
    "star_relu:scale=2,bias=1", "star_relu:scale=0.1,bias=-3",
    "isru:alpha=4", "isru:alpha=0.25",
    "laplace:mu=0,sigma=1", "laplace:mu=-1,sigma=3",
    "xielu:alpha_p=2,alpha_n=1.5,beta=0.25,eps=-0.01",
]


def test_every_new_record_is_registered_with_a_reference() -> None:
    assert set(NEW) <= set(actcli.names())
    assert set(NEW) <= set(REF)


@pytest.mark.parametrize("spec", VARIANTS)
@pytest.mark.parametrize("order", [0, 1, 2])
def test_variants_against_mpmath(spec: str, order: int) -> None:
    accuracy.test_float64_against_mpmath(spec, order)
    accuracy.test_float32_within_a_few_ulp(spec, order)


@pytest.mark.parametrize("spec", VARIANTS)
def test_variants_claims(spec: str) -> None:
    claims.test_output_range(spec)
    claims.test_monotonic_and_derivative_range(spec)
    claims.test_dead_zones(spec)
    claims.test_kinks(spec)
    claims.test_smoothness_class(spec)
    claims.test_nonlinear(spec)


# Interior zeros of f, f′ or f″ (located here by mpmath): relative accuracy is impossible there for
# any fixed-precision formula, so the bar is absolute, about half an ulp of the terms' scale.
INTERIOR_ZEROS = [
    ("gaussian", 2, -0.707), ("gaussian", 2, 0.707), ("elish", 1, -0.881), ("elish", 2, -1.72),
    ("telu", 1, -1.08), ("telu", 2, -2.07), ("telu", 2, 0.697), ("gelu_fast", 1, -0.75),
    ("gelu_fast", 2, 1.42), ("gelu_fast", 2, -1.42), ("gelu_new", 1, -0.75), ("laplace", 2, 0.707),
    ("star_relu", 0, 0.707), ("bent_identity", 0, 0.0), ("isru", 2, 0.0),
    ("logish", 1, -1.37), ("logish", 2, -2.53), ("logish", 2, 2.32), ("smish", 1, -1.39), ("smish", 2, -2.55),
    ("smish", 2, 2.22), ("serf", 1, -1.19), ("serf", 2, -2.26), ("serf", 2, 1.10), ("xielu", 1, -0.981),
]


@pytest.mark.parametrize(("spec", "order", "guess"), INTERIOR_ZEROS)
def test_absolute_error_at_interior_zeros(spec: str, order: int, guess: float) -> None:
    act = actcli.get(spec)
    with mp.workdps(50):
        params = mp_params(act.params)
        root = mp.findroot(lambda t: REF[act.name][order](t, params), guess)
        scale = max(1.0, abs(float(REF[act.name][order](root + mp.mpf("1e-3"), params))) * 1e3)
        for off in (0.0, 1e-15, 1e-12, 1e-9, 1e-6, *np.linspace(1e-4, 1e-3, 10).tolist()):
            for sign in (-1, 1):
                x = float(root + sign * off)
                exact = ref_value(act.name, order, x, act.params)
                got = float(act(x) if order == 0 else act.derivative(x, order=order))
                assert abs(got - exact) <= 2.5e-16 * scale, (spec, order, x, got, float(exact))


# --- parameter gradients -------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "name"), [("prelu", "weight"), ("prelu:weight=-0.3", "weight"),
                                             ("star_relu", "scale"), ("star_relu", "bias"),
                                             ("xielu", "alpha_p"), ("xielu", "alpha_n")])
def test_parameter_gradients_against_mpmath(spec: str, name: str) -> None:
    """∂f/∂p against mpmath's derivative of the reference f in the parameter."""
    act = actcli.get(spec)
    assert any(p.name == name and p.learnable for p in act.record.params)
    xs = np.array([-1e5, -3.7, -1.0, -1e-8, 0.0, 1e-8, 0.5, 2.0, 1e5])
    got = act.param_gradient(xs, name)
    f = REF[act.name][0]
    params = mp_params(act.params)
    for x, g in zip(xs, got):

        def in_p(v: Any, x: float = float(x)) -> Any:
            return f(mp.mpf(x), {**params, name: v})

        exact = mp.diff(in_p, params[name])
        assert abs(g - exact) <= 1e-13 * max(1, abs(exact)), (spec, name, x, g, exact)


def test_parameter_gradient_of_a_fixed_parameter_is_refused() -> None:
    with pytest.raises(actcli.ParameterError, match="no parameter gradient"):
        actcli.get("rrelu").param_gradient(1.0, "lower")
    assert [p.name for p in actcli.get("rrelu").record.params if p.learnable] == []
    assert actcli.get("prelu").param_gradient(np.float32(-2.0), "weight").dtype == np.float32


# --- what each library calls them ----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "canonical"), [
    ("gelu_pytorch_tanh", "gelu_new"), ("gelu_accurate", "gelu_new"), ("gelu_python_tanh", "gelu_new"),
    ("relu2", "squared_relu"), ("StarReLU", "star_relu"), ("PReLU", "prelu"), ("RReLU", "rrelu"),
    ("sparse-plus", "sparse_plus"),
])
def test_library_names(typed: str, canonical: str) -> None:
    assert actcli.get(typed).name == canonical


def test_gelu_new_is_gelu_tanh_and_gelu_fast_is_not() -> None:
    xs = np.linspace(-12, 12, 2401)
    tanh = actcli.get("gelu:approximate=tanh")
    new, fast = actcli.get("gelu_new"), actcli.get("gelu_fast")
    for order in (0, 1, 2):
        a = new(xs) if order == 0 else new.derivative(xs, order=order)
        b = tanh(xs) if order == 0 else tanh.derivative(xs, order=order)
        assert np.array_equal(a, b)
    # 0.7978845608 vs √(2/π) = 0.79788456080286535…: a relative difference of 3.6e-12 in u
    gap = np.max(np.abs(fast(xs) - new(xs)))
    exact_gap = max(abs(REF["gelu_fast"][0](mp.mpf(x), {}) - REF["gelu_new"][0](mp.mpf(x), {})) for x in xs)
    assert gap > 0 and abs(gap - float(exact_gap)) <= 1e-15


def test_xielu_refuses_alpha_n_not_above_beta() -> None:
    with pytest.raises(actcli.ParameterError, match="must exceed beta"):
        actcli.get("xielu:alpha_n=0.5")


def test_rrelu_refuses_lower_above_upper() -> None:
    with pytest.raises(actcli.ParameterError, match="must not exceed upper"):
        actcli.get("rrelu:lower=0.5,upper=0.25")


def test_rrelu_says_training_draws_a_random_slope() -> None:
    rec = actcli.get("rrelu").record
    assert "U(l, u)" in rec.summary and "training" in rec.formula.text
    assert float(actcli.get("rrelu")(-1.0)) == -(0.125 + 1 / 3) / 2


# --- plugins ---------------------------------------------------------------------------------------


EXAMPLE = ROOT / "examples" / "actcli-plugin-example"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, pip-installed (built from its pyproject.toml) into a directory of its own."""
    target = tmp_path_factory.mktemp("plugin")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "--target", str(target), str(EXAMPLE)], check=True, capture_output=True)
    return target


def _broken_dist(where: Path, dist: str, value: str) -> None:
    info = where / f"{dist}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[actcli.activations]\nbroken = {value}\n", encoding="utf-8")


def _env(*paths: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != plugins.DISABLE}
    return {**env, "PYTHONPATH": os.pathsep.join(str(p) for p in paths), "NO_COLOR": "1", **extra}


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ACTCLI, *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def test_entry_point_scan_agrees_with_importlib_metadata(installed: Path) -> None:
    from importlib.metadata import distributions

    ours = plugins.entry_points([str(installed)])
    theirs = [(ep.name, ep.value) for d in distributions(path=[str(installed)])
              for ep in d.entry_points if ep.group == plugins.GROUP]
    assert [(ep.name, ep.value) for ep in ours] == theirs == [("arctan", "actcli_example_plugin:ARCTAN")]


def test_installed_plugin_is_listed_and_derived(installed: Path) -> None:
    env = _env(installed)
    listing = _cli("list", env=env)
    assert listing.returncode == 0 and listing.stderr == "", listing.stderr
    assert "arctan" in listing.stdout
    derived = _cli("derive", "atan", "--at", "0.5", env=env)
    assert derived.returncode == 0, derived.stderr
    assert "arctan" in derived.stdout and "0.463648" in derived.stdout  # atan(0.5) = 0.4636476…
    off = _cli("derive", "arctan", env=_env(installed, ACTCLI_NO_PLUGINS="1"))
    assert off.returncode == 2 and "unknown activation 'arctan'" in off.stderr


def test_example_plugin_is_exact_and_its_claims_hold(installed: Path) -> None:
    sys.path.insert(0, str(installed))
    try:
        import importlib

        ARCTAN = importlib.import_module("actcli_example_plugin").ARCTAN
    finally:
        sys.path.remove(str(installed))
    xs = np.concatenate([np.linspace(-50, 50, 1001), np.geomspace(1e-300, 1e300, 60), -np.geomspace(1e-300, 1e300, 60)])
    exact = [lambda x: mp.atan(x), lambda x: 1 / (1 + x * x), lambda x: -2 * x / (1 + x * x) ** 2]
    assert ARCTAN.fn is not None and ARCTAN.d1 is not None and ARCTAN.d2 is not None
    for order, fn in enumerate((ARCTAN.fn, ARCTAN.d1, ARCTAN.d2)):
        got = fn(xs)
        for x, y in zip(xs, got):
            e = exact[order](mp.mpf(float(x)))
            if abs(e) >= mp.mpf("1e-290"):  # test_accuracy's bar for every non-seed activation
                assert abs(y - e) <= 1e-12 * abs(e), (order, x, y, e)
            else:
                assert abs(y - e) <= 1e-302, (order, x, y, e)
    c = ARCTAN.claims({})
    assert c.output_range.hi == float(mp.pi / 2) and not c.output_range.hi_closed
    assert float(ARCTAN.d1(np.array([0.0]))[0]) == c.derivative_range.hi == 1.0 and c.derivative_range.hi_closed
    assert c.monotonic and c.smoothness is None and not c.kinks


def test_failing_plugins_are_reported_in_one_line_and_skipped(installed: Path, tmp_path: Path) -> None:
    _broken_dist(tmp_path, "missing_module", "no_such_module_anywhere:THING")
    _broken_dist(tmp_path / "b", "not_a_record", "os:sep")
    _broken_dist(tmp_path / "c", "name_clash", "actcli.catalogue.rectifiers:RELU")
    env = _env(tmp_path, tmp_path / "b", tmp_path / "c", installed)
    # the plugins are read when a name is not a shipped one (or for the whole list), and only then
    assert _cli("derive", "relu", "--at", "1", env=env).stderr == ""
    result = _cli("derive", "arctan", "--at", "1", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith("Warning: activation plugin 'broken'") and line.isascii() for line in lines)
    assert "ModuleNotFoundError" in lines[0] and "missing_module" in lines[0]
    assert "not a Record" in lines[1]
    assert "'relu' is taken by 'relu'" in lines[2]
    assert "ACTCLI_NO_PLUGINS=1" in lines[0]
    # the good plugin behind them still loads (derived above); with plugins off nothing is read or reported
    assert _cli("list", env=env).stderr.splitlines() == lines
    quiet = _cli("list", env=_env(tmp_path, ACTCLI_NO_PLUGINS="1"))
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_a_plugin_is_all_or_nothing() -> None:
    """A plugin whose second record clashes registers neither; the registry is unchanged."""
    from actcli.catalogue import RECORDS

    reg = Registry(RECORDS)
    before = reg.names()
    module = type(sys)("_actcli_test_plugin")
    setattr(module, "BOTH", [_renamed("fresh_one"), _renamed("relu")])  # noqa: B010
    sys.modules[module.__name__] = module
    try:
        failures = plugins.load(reg, [EntryPoint("both", "_actcli_test_plugin:BOTH", "test")])
    finally:
        del sys.modules[module.__name__]
    assert len(failures) == 1 and "taken by 'relu'" in failures[0].reason
    assert reg.names() == before


def _renamed(name: str) -> Any:
    import dataclasses

    from actcli.api import lookup

    return dataclasses.replace(lookup("tanh"), name=name, aliases=())
