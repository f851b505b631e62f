"""The exported torch and JAX modules, checked by the frameworks' own gradient checkers in float64
(torch.autograd.gradcheck and gradgradcheck; jax.test_util.check_grads to order 2), and at the
kinks against actcli's documented values. Skipped where the framework is absent:
``make test-frameworks`` installs both into an environment of their own and runs this file."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from actcli.api import get, lookup
from actcli.core.activation import Activation
from actcli.generate import export

SPECS = ["relu", "leaky_relu:negative_slope=0.2", "elu", "softplus:beta=2", "mish", "silu", "gelu",
         "gelu:approximate=tanh", "sigmoid", "tanh", "logsigmoid", "hardswish", "squareplus", "x*tanh(softplus(x))"]
# away from every kink (0, ±3, ±1, ±0.5): finite differences need a smooth neighbourhood
POINTS = np.array([-25.0, -4.2, -2.7, -1.3, -0.7, -0.2, 0.3, 0.8, 1.7, 2.2, 4.4, 30.0])


def load(text: str, path: Path) -> ModuleType:
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def learnable_leaky() -> Activation:
    record = lookup("leaky_relu")
    params = tuple(dataclasses.replace(p, learnable=True) for p in record.params)
    return Activation(dataclasses.replace(record, params=params), {"negative_slope": 0.2})


@pytest.mark.parametrize("spec", SPECS)
def test_torch_export_passes_gradcheck(spec: str, tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    act = get(spec)
    mod = load(export(act, "torch").text, tmp_path / "t.py")
    fn = next(v for k, v in vars(mod).items() if k.endswith("Function") and k != "Function")
    x = torch.tensor(POINTS, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(fn.apply, (x,))
    assert torch.autograd.gradgradcheck(fn.apply, (x,))
    np.testing.assert_allclose(mod.Activation()(x).detach().numpy(), act(POINTS), rtol=1e-13, atol=1e-300)
    for k in act.claims.kinks:
        xk = torch.tensor([k.x], dtype=torch.float64, requires_grad=True)
        mod.Activation()(xk).sum().backward()
        assert float(xk.grad[0]) == k.derivative


def test_torch_learnable_parameter_is_a_parameter_with_a_checked_gradient(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    mod = load(export(learnable_leaky(), "torch").text, tmp_path / "t.py")
    layer = mod.Activation()
    assert [n for n, _ in layer.named_parameters()] == ["negative_slope"]
    x = torch.tensor(POINTS, dtype=torch.float64, requires_grad=True)
    a = torch.tensor(0.2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(mod.LeakyReluFunction.apply, (x, a))
    assert torch.autograd.gradgradcheck(mod.LeakyReluFunction.apply, (x, a))


@pytest.mark.parametrize("spec", SPECS)
def test_jax_export_passes_check_grads(spec: str, tmp_path: Path) -> None:
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    from jax.test_util import check_grads

    act = get(spec)
    mod = load(export(act, "jax").text, tmp_path / "j.py")
    x = jax.numpy.asarray(POINTS, dtype=jax.numpy.float64)
    check_grads(mod.activation, (x,), order=2, modes=("fwd", "rev"), eps=1e-6)
    np.testing.assert_allclose(np.asarray(mod.activation(x)), act(POINTS), rtol=1e-13, atol=1e-300)
    for k in act.claims.kinks:
        g = jax.grad(lambda v: mod.activation(v).sum())(jax.numpy.asarray([k.x], dtype=jax.numpy.float64))
        assert float(g[0]) == k.derivative


def test_jax_learnable_parameter_is_differentiable(tmp_path: Path) -> None:
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    from jax.test_util import check_grads

    mod = load(export(learnable_leaky(), "jax").text, tmp_path / "j.py")
    x = jax.numpy.asarray(POINTS, dtype=jax.numpy.float64)
    check_grads(lambda v, a: mod.activation(v, a), (x, 0.2), order=2, modes=("fwd", "rev"), eps=1e-6)
