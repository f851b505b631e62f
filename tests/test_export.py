"""``actcli export``: the generated numpy module is imported and compared with actcli and with
mpmath (tests/reference.py), at kinks too; the command's files and errors. The torch and JAX
modules are checked in tests/test_export_frameworks.py."""

from __future__ import annotations

import dataclasses
import importlib.util
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import mpmath as mp
import numpy as np
import pytest

from actcli.api import get, lookup
from actcli.core.activation import Activation
from actcli.generate import ExportError, export
from tests.conftest import invoke
from tests.reference import ref_value

SPECS = ["relu", "leaky_relu:negative_slope=0.2", "elu", "softplus:beta=2", "mish", "silu", "gelu",
         "gelu:approximate=tanh", "sigmoid", "tanh", "logsigmoid", "hardswish", "hardtanh", "softshrink"]
XS = np.array([-700.0, -40.0, -8.0, -3.0, -1.5, -0.5, -1e-3, 0.25, 1.0, 2.5, 6.0, 30.0, 700.0])


def load(text: str, path: Path) -> ModuleType:
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Activation, ModuleType]]:
    out = {}
    for i, s in enumerate(SPECS):
        act = get(s)
        out[s] = (act, load(export(act, "numpy").text, tmp_path_factory.mktemp("export") / f"m{i}.py"))
    return out


def close(got: float, exact: Any, rtol: float) -> bool:
    tiny = mp.mpf(float(np.finfo(float).tiny))
    return bool(abs(mp.mpf(got) - exact) <= rtol * max(abs(exact), tiny))


@pytest.mark.parametrize("spec", SPECS)
def test_numpy_export_matches_mpmath_and_actcli(spec: str, modules: dict[str, tuple[Activation, ModuleType]]) -> None:
    act, mod = modules[spec]
    kinks = {k.x for k in act.claims.kinks}
    f, d = mod.forward(XS), mod.derivative(XS)
    for x, fv, dv in zip(XS, f, d):
        assert close(float(fv), ref_value(act.name, 0, float(x), act.params), 1e-13), (spec, x, fv)
        if float(x) not in kinks:
            assert close(float(dv), ref_value(act.name, 1, float(x), act.params), 1e-12), (spec, x, dv)
    # the same numbers as actcli's own evaluation
    np.testing.assert_allclose(f, act(XS), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(d, act.derivative(XS), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("spec", SPECS)
def test_kinks_follow_actcli_conventions(spec: str, modules: dict[str, tuple[Activation, ModuleType]]) -> None:
    act, mod = modules[spec]
    for k in act.claims.kinks:
        assert float(mod.derivative(np.array([k.x]))[0]) == k.derivative
        assert float(mod.derivative(np.array([k.x]))[0]) == float(act.derivative(np.array([k.x]))[0])


def test_no_overflow_in_the_tails(modules: dict[str, tuple[Activation, ModuleType]]) -> None:
    far = np.array([-1e300, -1e4, 1e4, 1e300])
    for spec in ("softplus:beta=2", "mish", "silu", "sigmoid", "logsigmoid"):
        act, mod = modules[spec]
        assert np.all(~np.isnan(mod.forward(far))), spec
        assert np.all(np.isfinite(mod.derivative(far))), spec


def test_a_custom_expression_exports_like_the_registered_function(tmp_path: Path) -> None:
    mod = load(export(get("x*tanh(softplus(x))"), "numpy").text, tmp_path / "custom.py")
    for x in (-20.0, -1.0, 0.5, 3.0):
        assert close(float(mod.forward(x)), ref_value("mish", 0, x, {}), 1e-13)
        assert close(float(mod.derivative(x)), ref_value("mish", 1, x, {}), 1e-12)


def test_a_learnable_parameter_gets_its_own_derivative(tmp_path: Path) -> None:
    record = lookup("leaky_relu")
    learnable = tuple(dataclasses.replace(p, learnable=True) for p in record.params)
    act = Activation(dataclasses.replace(record, params=learnable), {"negative_slope": 0.2})
    result = export(act, "numpy")
    mod = load(result.text, tmp_path / "learn.py")
    xs = np.array([-3.0, -0.5, 0.5, 2.0])
    np.testing.assert_array_equal(mod.derivative_negative_slope(xs), [-3.0, -0.5, 0.0, 0.0])
    np.testing.assert_array_equal(mod.forward(xs, negative_slope=0.5), [-1.5, -0.25, 0.5, 2.0])
    assert "negative_slope = 0.2" in result.text


def test_the_file_says_how_it_was_verified() -> None:
    result = export(get("softplus"), "torch")
    assert result.verification.kinks_match and result.verification.f_error < 1e-15
    assert "Verified when generated" in result.text and "gradcheck" in result.text
    compile(result.text, "softplus.py", "exec")  # valid Python, not run here (torch may be absent)
    compile(export(get("gelu"), "jax").text, "gelu.py", "exec")


def test_what_cannot_be_exported_says_why() -> None:
    with pytest.raises(ExportError, match="vector activation"):
        export(get("softmax"), "numpy")
    with pytest.raises(ExportError, match="no closed form"):
        export(get("threshold"), "numpy")


def test_the_command_writes_a_python_file(tmp_path: Path) -> None:
    target = tmp_path / "silu_export.py"
    result = invoke("export", "silu", "--to", "numpy", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    mod = load(target.read_text(encoding="utf-8"), tmp_path / "again.py")
    assert math.isclose(float(mod.forward(1.0)), 1 / (1 + math.exp(-1.0)), rel_tol=1e-15)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


@pytest.mark.parametrize(("args", "message"), [
    (["relu", "--to", "tf"], "unknown framework 'tf'"),
    (["softmax", "--to", "jax"], "vector activation"),
    (["relu", "--to", "jax", "-o", "relu.png"], "the format comes from the extension: .py"),
])
def test_bad_requests_get_one_error_line(args: list[str], message: str) -> None:
    result = invoke("export", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("Error:") == 1 and "Traceback" not in result.stderr


def test_without_output_the_module_goes_to_stdout() -> None:
    result = invoke("export", "relu", "--to", "jax")
    assert result.exit_code == 0
    assert result.stdout.startswith('"""relu for jax') and "jax.custom_jvp" in result.stdout


def test_the_header_repeats_the_command_as_typed_in_a_shell() -> None:
    text = export(get("x*tanh(softplus(x))"), "numpy").text
    assert "    actcli export 'x*tanh(softplus(x))' --to numpy\n" in text
