"""--framework: every framework's names resolve; each default is checked against the framework's
documented formula, written here in mpmath (not through actcli); PyTorch's softplus cut-off; the
comparison across frameworks against mpmath; errors; JSON schemas; 80 columns without colour; and
the framework data stays unloaded when no framework is named."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli import api
from actcli.catalogue.frameworks import FRAMEWORKS
from actcli.errors import ParameterError, UnknownActivationError, UsageError
from tests.conftest import invoke, run_actcli
from tests.test_json_schema import check, strict_json

mp.mp.dps = 40
Fn = Callable[[Any], Any]

# --- the frameworks' documented formulas, in mpmath ------------------------------------------------


def sig(x: Any) -> Any:
    return 1 / (1 + mp.exp(-x))


def sp(x: Any) -> Any:
    return mp.log1p(mp.exp(x))


def clip(v: Any, lo: Any, hi: Any) -> Any:
    return min(max(v, lo), hi)


def relu(x: Any) -> Any:
    return max(x, 0)


def leaky(a: float) -> Fn:
    return lambda x: x if x > 0 else mp.mpf(a) * x


def elu(x: Any) -> Any:
    return x if x > 0 else mp.expm1(x)


SELU_A = mp.mpf("1.6732632423543772848170429916717")
SELU_L = mp.mpf("1.0507009873554804934193349852946")


def selu(x: Any) -> Any:
    return SELU_L * (x if x > 0 else SELU_A * mp.expm1(x))


def gelu(x: Any) -> Any:
    return x / 2 * mp.erfc(-x / mp.sqrt(2))


def gelu_tanh(x: Any) -> Any:
    return x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)))


def gelu_fast(x: Any) -> Any:  # transformers FastGELUActivation, its constant as typed
    return x / 2 * (1 + mp.tanh(x * mp.mpf("0.7978845608") * (1 + mp.mpf("0.044715") * x * x)))


def relu6(x: Any) -> Any:
    return clip(x, 0, 6)


def hard_sigmoid(x: Any) -> Any:  # torch, jax, Keras 3: relu6(x + 3)/6
    return relu6(x + 3) / 6


def shrink_soft(x: Any) -> Any:
    return x - mp.mpf("0.5") if x > 0.5 else x + mp.mpf("0.5") if x < -0.5 else mp.mpf(0)


def shrink_hard(x: Any) -> Any:
    return x if abs(x) > 0.5 else mp.mpf(0)


def sparse_plus(x: Any) -> Any:  # jax.nn.sparse_plus, keras.activations.sparse_plus
    return mp.mpf(0) if x <= -1 else x if x >= 1 else (x + 1) ** 2 / 4


def squareplus(x: Any) -> Any:  # b = 4
    return (x + mp.sqrt(x * x + 4)) / 2


def torch_softplus(x: Any) -> Any:  # beta = 1, threshold = 20
    return x if x > 20 else sp(x)


def laplace(x: Any) -> Any:  # transformers LaplaceActivation.forward(mu=0.707107, sigma=0.282095)
    return (1 + mp.erf((x - mp.mpf("0.707107")) / (mp.mpf("0.282095") * mp.sqrt(2)))) / 2


def xielu(x: Any) -> Any:  # transformers XIELUActivation at its initial values
    ap, an, beta, eps = mp.mpf("0.8"), mp.mpf("0.8"), mp.mpf("0.5"), mp.mpf("-1e-6")
    return ap * x * x + beta * x if x > 0 else (mp.expm1(min(x, eps)) - x) * an + beta * x


COMMON: dict[str, Fn] = {
    "relu": relu, "relu6": relu6, "sigmoid": sig, "tanh": mp.tanh, "elu": elu, "ELU": elu, "selu": selu,
    "celu": elu, "silu": lambda x: x * sig(x), "swish": lambda x: x * sig(x), "mish": lambda x: x * mp.tanh(sp(x)),
    "softsign": lambda x: x / (1 + abs(x)), "soft_sign": lambda x: x / (1 + abs(x)),
    "logsigmoid": lambda x: -sp(-x), "log_sigmoid": lambda x: -sp(-x), "softplus": sp,
    "identity": lambda x: x, "linear": lambda x: x, "exponential": mp.exp,
    "hardtanh": lambda x: clip(x, -1, 1), "hard_tanh": lambda x: clip(x, -1, 1),
    "hardsigmoid": hard_sigmoid, "hard_sigmoid": hard_sigmoid,
    "hardswish": lambda x: x * hard_sigmoid(x), "hard_silu": lambda x: x * hard_sigmoid(x),
    "hard_swish": lambda x: x * hard_sigmoid(x),
    "tanhshrink": lambda x: x - mp.tanh(x), "tanh_shrink": lambda x: x - mp.tanh(x),
    "softshrink": shrink_soft, "soft_shrink": shrink_soft, "hardshrink": shrink_hard, "hard_shrink": shrink_hard,
    "sparse_plus": sparse_plus, "squareplus": squareplus, "gelu": gelu,
    "threshold": lambda x: x if x > 0 else mp.mpf(0),
}

#: what each framework's documentation or code says, where it is not the common definition above
DOCUMENTED: dict[str, dict[str, Fn]] = {
    "torch": {"leaky_relu": leaky(0.01), "prelu": leaky(0.25), "rrelu": leaky((1 / 8 + 1 / 3) / 2),
              "softplus": torch_softplus},
    "jax": {"leaky_relu": leaky(0.01), "gelu": gelu_tanh},
    "keras": {"leaky_relu": leaky(0.2), "LeakyReLU": leaky(0.3), "PReLU": relu},
    "tensorflow": {"leaky_relu": leaky(0.2), "hard_sigmoid": lambda x: clip(x / 5 + mp.mpf("0.5"), 0, 1)},
    "transformers": {
        "gelu_10": lambda x: clip(gelu(x), -10, 10), "gelu_fast": gelu_fast, "gelu_new": gelu_tanh,
        "gelu_python": gelu, "gelu_pytorch_tanh": gelu_tanh, "gelu_python_tanh": gelu_tanh,
        "gelu_accurate": gelu_tanh, "laplace": laplace, "leaky_relu": leaky(0.01),
        "quick_gelu": lambda x: x * sig(mp.mpf("1.702") * x), "relu2": lambda x: relu(x) ** 2,
        "prelu": leaky(0.25), "xielu": xielu,
    },
}

POINTS = [-30.0, -7.3, -3.0, -2.6, -2.5, -1.2, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.3, 0.5, 0.9, 1.0, 1.5, 2.5,
          2.9, 3.0, 3.5, 6.1, 12.0, 19.5, 20.5, 25.0]

ELEMENTWISE = [(fw.name, m.name) for fw in FRAMEWORKS.values() for m in fw.mappings
               if actcli.get(m.spec).kind == "elementwise"]


def test_every_name_resolves_to_its_spec() -> None:
    for fw in FRAMEWORKS.values():
        assert api.names(fw.name) == [m.name for m in fw.mappings]
        assert len(set(api.names(fw.name))) == len(fw.mappings), fw.name
        for m in fw.mappings:
            act = api.get(m.name, framework=fw.name)
            assert act.spec == actcli.get(m.spec).spec, (fw.name, m.name)
            assert m.api and (m.source or fw.source)


@pytest.mark.parametrize(("framework", "name"), ELEMENTWISE)
def test_each_default_against_the_documented_formula(framework: str, name: str) -> None:
    formula = DOCUMENTED[framework].get(name) or COMMON[name]
    act = api.get(name, framework=framework)
    xs = np.array(POINTS)
    got = act(xs)
    for x, y in zip(POINTS, got):
        exact = formula(mp.mpf(x))
        assert abs(y - float(exact)) <= 1e-12 * max(1.0, abs(float(exact))), (framework, name, x, y, exact)


def test_the_vector_and_gated_mappings() -> None:
    z = np.array([0.3, -1.2, 2.0, 0.0])
    zm = [mp.mpf(v) for v in z]
    total = mp.fsum(mp.exp(v) for v in zm)
    for fw in ("torch", "jax", "keras", "tensorflow"):
        got = api.get("softmax", framework=fw)(z)
        assert np.allclose(got, [float(mp.exp(v) / total) for v in zm], rtol=1e-14, atol=0)
        got = api.get("log_softmax", framework=fw)(z)
        assert np.allclose(got, [float(v - mp.log(total)) for v in zm], rtol=1e-14, atol=0)
    for fw in ("torch", "jax", "keras"):  # glu: first half times σ(second half)
        got = api.get("glu", framework=fw)(z)
        assert np.allclose(got, [float(zm[0] * sig(zm[2])), float(zm[1] * sig(zm[3]))], rtol=1e-14, atol=0)


# --- PyTorch's softplus cut-off --------------------------------------------------------------------


@pytest.mark.parametrize(("beta", "threshold"), [(1.0, 20.0), (10.0, 0.4), (2.0, -1.0)])
def test_the_softplus_threshold_jump(beta: float, threshold: float) -> None:
    act = actcli.get(f"softplus:beta={beta},threshold={threshold}")
    (kink,) = act.claims.kinks
    x0 = threshold / beta
    assert kink.x == x0 and not kink.continuous
    assert act.claims.smoothness == -1 and act.claims.monotonic is False
    b, t = mp.mpf(beta), mp.mpf(threshold)
    left = float(mp.log1p(mp.exp(t)) / b)  # f(x0): the smooth branch is still used at βx = t
    assert act(np.array([x0]))[0] == pytest.approx(left, rel=1e-14)
    jump = float(mp.log1p(mp.exp(-t)) / b)  # f drops by softplus(x0) − x0 = ln(1 + e^{−t})/β
    above = float(np.nextafter(x0, np.inf))
    assert act(np.array([above]))[0] == above
    assert left - above == pytest.approx(jump, rel=1e-6)
    # f′ as torch's backward computes it: σ(βx) up to the cut, 1 beyond; f″ 0 beyond
    assert kink.derivative == pytest.approx(float(sig(t)), rel=1e-15) and kink.right == 1.0
    xs = np.array([x0 - 0.5, x0, above, x0 + 3.0])
    d1 = act.derivative(xs)
    want = [float(sig(b * mp.mpf(x))) if x * beta <= threshold else 1.0 for x in xs]
    assert np.allclose(d1, want, rtol=1e-14, atol=0)
    assert act.derivative(np.array([x0 + 3.0]), order=2)[0] == 0.0
    # the output set: (min(0, x0), ∞), open
    assert act.claims.output_range.lo == min(0.0, x0) and not act.claims.output_range.lo_closed


@pytest.mark.parametrize(("beta", "threshold"), [(3.0, 3.1), (7.0, 0.9), (0.3, 0.7), (0.3, -2.9), (10.0, 0.4)])
def test_the_softplus_kink_claims_what_the_functions_return_there(beta: float, threshold: float) -> None:
    """t/β is rounded: x0 may fall past the cut (β·x0 > t in floats), and then f(x0) = x0, f′(x0) = 1."""
    act = actcli.get(f"softplus:beta={beta},threshold={threshold}")
    (kink,) = act.claims.kinks
    x0 = np.array([kink.x])
    assert act.derivative(x0)[0] == kink.derivative
    past = kink.x * beta > threshold
    assert bool(act(x0)[0] == kink.x) is past
    assert kink.left == pytest.approx(float(sig(mp.mpf(threshold))), rel=1e-15) and kink.right == 1.0
    lo = act.claims.output_range
    assert lo.lo == min(0.0, kink.x) and lo.lo_closed is (past and kink.x < 0)


def test_softplus_without_a_threshold_is_the_textbook_function() -> None:
    act = actcli.get("softplus")
    assert act.params["threshold"] == float("inf") and not act.claims.kinks and act.claims.monotonic
    assert act(np.array([30.0]))[0] == pytest.approx(float(30 + mp.log1p(mp.exp(-30))), rel=1e-15)
    assert actcli.get(act.spec).spec == act.spec  # the spec, with threshold=inf, reads back
    with pytest.raises(ParameterError, match="no closed form"):
        actcli.export(actcli.get("softplus:threshold=20"), "numpy")


def test_derive_shows_the_jump() -> None:
    out = json.loads(invoke("derive", "softplus", "--framework", "torch", "--range", "15", "25", "--json").stdout)
    assert out["framework"] == "torch" and out["params"]["threshold"] == 20
    (kink,) = out["kinks"]
    assert kink["x"] == 20 and kink["continuous"] is False and kink["right"] == 1


# --- compare across frameworks ---------------------------------------------------------------------


def _true_max(diff: Fn, x: float) -> tuple[Any, Any]:
    """The local maximum of |diff| near x, where its derivative (by mpmath) vanishes."""
    xm = mp.findroot(lambda t: mp.diff(diff, t), mp.mpf(x))
    return xm, abs(diff(xm))


def test_gelu_torch_against_jax_matches_mpmath() -> None:
    (d,) = api.compare_frameworks(["gelu"], "torch,jax")
    assert (d.first, d.second, d.same) == ("torch", "jax", False)
    assert d.f is not None and d.d1 is not None and d.f.x is not None and d.d1.x is not None
    xm, best = _true_max(lambda t: gelu(t) - gelu_tanh(t), d.f.x)
    assert d.f.value == pytest.approx(float(best), rel=1e-6) and abs(d.f.x - float(xm)) < 1e-3
    coarse = max(abs(gelu(mp.mpf(x)) - gelu_tanh(mp.mpf(x))) for x in np.linspace(-7, 7, 1401))
    assert d.f.value >= float(coarse) * (1 - 1e-12)  # the largest on the window, not a local one

    def dgap(t: Any) -> Any:
        return mp.diff(gelu, t) - mp.diff(gelu_tanh, t)

    xm1 = mp.findroot(lambda t: mp.diff(dgap, t), mp.mpf(d.d1.x))
    assert d.d1.value == pytest.approx(float(abs(dgap(xm1))), rel=1e-6)


def test_softplus_torch_against_jax_is_the_cut_off() -> None:
    (d,) = api.compare_frameworks(["softplus"], ["torch", "jax"])
    assert d.f is not None and d.f.x is not None and d.hi >= 21  # the window reaches the cut at 20
    assert d.f.value == pytest.approx(float(mp.log1p(mp.exp(-20))), rel=1e-6) and abs(d.f.x - 20) < 1e-9


def test_one_definition_is_proved_identical() -> None:
    (d,) = api.compare_frameworks(["relu"], "torch,jax")
    assert d.same and d.f is not None and d.f.value == 0.0 and d.f.x is None
    out = strict_json(invoke("compare", "relu", "--framework", "torch,jax", "--json", "--no-timing",
                             "--no-simulate").stdout)
    assert out["differences"][0]["proved"] is True and out["differences"][0]["window"] is None
    assert [a["frameworks"] for a in out["activations"]] == [["torch", "jax"]]


def test_leaky_relu_slopes_keras_layer_against_tensorflow() -> None:
    (d,) = api.compare_frameworks(["leaky_relu"], "torch,keras")
    assert d.f is not None and d.f.x == -7.0 and d.f.at_edge  # grows without bound: labelled with the edge
    assert d.f.value == pytest.approx(7 * (0.2 - 0.01), rel=1e-14)
    assert api.get("LeakyReLU", framework="keras").params["negative_slope"] == 0.3


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "needle"), [
    (("list", "--framework", "jaxx"), "did you mean 'jax'"),
    (("derive", "gelu", "--framework", "pytorc"), "did you mean 'torch'"),
    (("derive", "gelux", "--framework", "jax"), "did you mean 'gelu'"),
    (("plot", "sparsemax", "--framework", "jax"), "jax has no activation 'sparsemax'"),
    (("compare", "gelu", "--framework", "torch,nope"), "unknown framework 'nope'"),
    (("compare", "gelu", "--framework", "torch,,jax"), "empty framework name"),
    (("derive", "leakyrelu", "--framework", "keras"), "ambiguous"),
    (("derive", "hard_sigmoid:a=1", "--framework", "tensorflow"), "takes no parameters"),
    (("derive", "leaky_relu:slope=1", "--framework", "keras"), "no parameter 'slope'"),
])
def test_errors_are_one_line_with_a_hint(args: tuple[str, ...], needle: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and needle in lines[0], lines
    assert "Traceback" not in result.stderr


def test_library_errors() -> None:
    with pytest.raises(UsageError, match="unknown framework"):
        api.get("gelu", framework="flax")
    with pytest.raises(UnknownActivationError):
        api.get("sparsemax", framework="torch")
    assert api.get("leaky_relu:negative_slope=0.1", framework="keras").params["negative_slope"] == 0.1
    assert api.get("gelu", framework="PyTorch").params["approximate"] == "none"


# --- JSON -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_list_json_schema(framework: str) -> None:
    out = strict_json(invoke("list", "--framework", framework, "--json").stdout)
    check("list", out)
    assert {item["framework"] for item in out} == {framework}


def test_derive_and_compare_json_schema() -> None:
    out = strict_json(invoke("derive", "gelu", "--framework", "jax", "--json").stdout)
    check("derive", out)
    assert out["framework"] == "jax" and out["params"] == {"approximate": "tanh"}
    out = strict_json(invoke("compare", "gelu", "hard_sigmoid", "--framework", "keras,tensorflow", "--json",
                             "--no-timing", "--no-simulate").stdout)
    check("compare", out)
    assert out["frameworks"] == ["keras", "tensorflow"] and len(out["differences"]) == 2
    hs = out["differences"][1]
    assert hs["proved"] is False and hs["f"]["max"] == pytest.approx(1 / 12, rel=1e-9)  # at x = 2.5


# --- terminal -------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("list", "--framework", "keras"),
    ("derive", "gelu", "--framework", "jax"),
    ("compare", "gelu", "--framework", "torch,jax", "--no-timing", "--no-simulate"),
    ("compare", "softplus", "--framework", "torch,tensorflow", "--format", "markdown", "--no-timing",
     "--no-simulate"),
])
def test_output_at_80_columns_without_colour(args: tuple[str, ...]) -> None:
    result = run_actcli(*args, env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    if "markdown" not in args:
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "…" not in result.stdout  # nothing cut short


def test_plot_draws_a_framework_definition(tmp_path: Any) -> None:
    result = invoke("plot", "softplus", "--framework", "torch", "--range", "19", "21", "-o",
                    str(tmp_path / "sp.png"))
    assert result.exit_code == 0 and (tmp_path / "sp.png").stat().st_size > 0


# --- start-up -------------------------------------------------------------------------------------


def test_framework_data_is_loaded_only_when_named() -> None:
    code = (
        "import sys\n"
        "from actcli import api\n"
        "api.get('relu'); api.names(); api.derive('relu')\n"
        "assert not [m for m in sys.modules if 'frameworks' in m], sorted(m for m in sys.modules if 'frameworks' in m)\n"
        "api.get('gelu', framework='jax')\n"
        "assert 'actcli.catalogue.frameworks' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


# --- side by side with torch itself, where it is installed (make test-frameworks' environment) ------


def test_torch_mappings_against_torch() -> None:
    """Each torch name against torch.nn.functional in float64: f, and f′ by autograd (at kinks too)."""
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    fns: dict[str, Callable[[Any], Any]] = {
        "rrelu": lambda t: functional.rrelu(t, training=False), "prelu": torch.nn.PReLU().double(),
        "threshold": lambda t: functional.threshold(t, 0.0, 0.0), "identity": lambda t: t,
        "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    }
    xs = np.array([*POINTS, 20.0, float(np.nextafter(20.0, 21.0))])
    for m in FRAMEWORKS["torch"].mappings:
        fn = fns.get(m.name) or getattr(functional, m.name)
        act = api.get(m.name, framework="torch")
        if act.kind != "elementwise":
            continue
        t = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
        y = fn(t)
        y.sum().backward()
        want = act(xs)
        assert np.all(np.abs(y.detach().numpy() - want) <= 4e-16 * np.maximum(1.0, np.abs(want))), m.name
        # torch's hardsigmoid backward multiplies by 1/6 rounded to float32 (5e-9 from the exact 1/6)
        tol = 1e-8 if m.name == "hardsigmoid" else 4e-15
        assert np.all(np.abs(t.grad.numpy() - act.derivative(xs)) <= tol), m.name
