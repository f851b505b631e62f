"""What one name means in each framework: data only, read by :func:`actcli.api.get` when a
framework is named (``--framework jax``) and by ``actcli list --framework``.

Each :class:`Mapping` takes a name a framework ships to an actcli spec carrying that framework's
defaults (``leaky_relu`` in Keras is ``leaky_relu:negative_slope=0.2``), with the function it
stands for, the source its defaults were read from, and a note where the framework's behaviour
differs from the textbook function or from another framework's function of the same name.

Every default here was read in the framework's own code (the files and versions in ``source``);
tests/test_frameworks.py checks each one against values computed with mpmath from the formula the
framework documents. Nothing here imports numpy or the registry: the module is loaded only when a
framework is named.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mapping:
    """One public name of a framework and the actcli spec that computes what it computes."""

    name: str  # what the framework calls it (what the user types after --framework)
    spec: str  # the actcli spec with the framework's defaults (or an expression in x)
    api: str  # the callable it stands for: "jax.nn.gelu"
    source: str = ""  # where the defaults were read, when not the framework's own source
    note: str = ""  # how the framework's behaviour differs from the textbook or from other frameworks


@dataclass(frozen=True)
class Framework:
    name: str  # the value of --framework
    title: str
    source: str  # the files and version the defaults were read from
    mappings: tuple[Mapping, ...]


TORCH_SRC = "torch/nn/functional.py and torch/nn/modules/activation.py, torch 2.13.0"
JAX_SRC = "jax/_src/nn/functions.py, jax main of 2026-08-08 (version 0.11.1)"
KERAS_SRC = "keras/src/activations/activations.py and keras/src/layers/activations/, keras 3.16.0"
TF_SRC = "tensorflow/python/ops/nn_ops.py and nn_impl.py (tf.nn), TensorFlow 2.x"
HF_SRC = "src/transformers/activations.py (ACT2CLS, the names ACT2FN accepts), transformers main of 2026"

_GELU_TANH_NOTE = "the tanh approximation by default (approximate=True); torch, Keras and tf.nn default to the exact x·Φ(x)"
_SOFTPLUS_NOTE = ("f(x) = x where β·x > 20 (threshold = 20): the cut-off makes f jump down by "
                  "ln(1 + e^{−20})/β ≈ 2.1e-9/β there, and f′ jump from σ(20) to 1")
_LEAKY_KERAS = "slope 0.2 (keras.activations); the layer keras.layers.LeakyReLU defaults to 0.3, torch and jax to 0.01"

TORCH = Framework(
    "torch",
    "PyTorch (torch.nn.functional)",
    TORCH_SRC,
    (
        Mapping("relu", "relu", "torch.nn.functional.relu"),
        Mapping("relu6", "relu6", "torch.nn.functional.relu6"),
        Mapping("elu", "elu", "torch.nn.functional.elu"),
        Mapping("selu", "selu", "torch.nn.functional.selu"),
        Mapping("celu", "celu", "torch.nn.functional.celu"),
        Mapping("leaky_relu", "leaky_relu", "torch.nn.functional.leaky_relu"),
        Mapping("prelu", "prelu", "torch.nn.PReLU", note="the slope is learned; nn.PReLU starts it at 0.25"),
        Mapping("rrelu", "rrelu", "torch.nn.functional.rrelu",
                note="random slopes in training; in evaluation the fixed slope (lower + upper)/2"),
        Mapping("glu", "glu", "torch.nn.functional.glu"),
        Mapping("gelu", "gelu", "torch.nn.functional.gelu"),
        Mapping("logsigmoid", "logsigmoid", "torch.nn.functional.logsigmoid"),
        Mapping("hardshrink", "hardshrink", "torch.nn.functional.hardshrink"),
        Mapping("tanhshrink", "tanhshrink", "torch.nn.functional.tanhshrink"),
        Mapping("softsign", "softsign", "torch.nn.functional.softsign"),
        Mapping("softplus", "softplus:threshold=20", "torch.nn.functional.softplus", note=_SOFTPLUS_NOTE),
        Mapping("softmin", "softmin", "torch.nn.functional.softmin"),
        Mapping("softmax", "softmax", "torch.nn.functional.softmax"),
        Mapping("softshrink", "softshrink", "torch.nn.functional.softshrink"),
        Mapping("log_softmax", "log_softmax", "torch.nn.functional.log_softmax"),
        Mapping("tanh", "tanh", "torch.nn.functional.tanh"),
        Mapping("sigmoid", "sigmoid", "torch.nn.functional.sigmoid"),
        Mapping("hardsigmoid", "hardsigmoid", "torch.nn.functional.hardsigmoid"),
        Mapping("silu", "silu", "torch.nn.functional.silu"),
        Mapping("mish", "mish", "torch.nn.functional.mish"),
        Mapping("hardswish", "hardswish", "torch.nn.functional.hardswish"),
        Mapping("hardtanh", "hardtanh", "torch.nn.functional.hardtanh"),
        Mapping("threshold", "threshold", "torch.nn.functional.threshold",
                note="threshold and value have no default in torch; actcli's 0, 0 make it ReLU"),
        Mapping("identity", "identity", "torch.nn.Identity"),
    ),
)

JAX = Framework(
    "jax",
    "JAX (jax.nn)",
    JAX_SRC,
    (
        Mapping("relu", "relu", "jax.nn.relu"),
        Mapping("relu6", "relu6", "jax.nn.relu6"),
        Mapping("sigmoid", "sigmoid", "jax.nn.sigmoid"),
        Mapping("softplus", "softplus", "jax.nn.softplus",
                note="log(1 + e^x) as logaddexp(x, 0): no β and no cut-off (torch cuts off at x > 20)"),
        Mapping("sparse_plus", "sparse_plus", "jax.nn.sparse_plus"),
        Mapping("soft_sign", "softsign", "jax.nn.soft_sign"),
        Mapping("silu", "silu", "jax.nn.silu"),
        Mapping("swish", "silu", "jax.nn.swish"),
        Mapping("mish", "mish", "jax.nn.mish"),
        Mapping("log_sigmoid", "logsigmoid", "jax.nn.log_sigmoid"),
        Mapping("elu", "elu", "jax.nn.elu"),
        Mapping("leaky_relu", "leaky_relu", "jax.nn.leaky_relu",
                note="jnp.where(x >= 0, x, slope·x): jax.grad gives 1 at x = 0, where actcli's f′ uses "
                     "PyTorch's slope"),
        Mapping("hard_tanh", "hardtanh", "jax.nn.hard_tanh",
                note="nested jnp.where with x > 1 and x < −1: jax.grad gives 1 at x = ±1, where actcli's f′ uses "
                     "PyTorch's 0"),
        Mapping("celu", "celu", "jax.nn.celu"),
        Mapping("selu", "selu", "jax.nn.selu"),
        Mapping("gelu", "gelu:approximate=tanh", "jax.nn.gelu", note=_GELU_TANH_NOTE),
        Mapping("glu", "glu", "jax.nn.glu"),
        Mapping("squareplus", "squareplus", "jax.nn.squareplus"),
        Mapping("hard_sigmoid", "hardsigmoid", "jax.nn.hard_sigmoid"),
        Mapping("hard_silu", "hardswish", "jax.nn.hard_silu"),
        Mapping("hard_swish", "hardswish", "jax.nn.hard_swish"),
        Mapping("identity", "identity", "jax.nn.identity"),
        Mapping("softmax", "softmax", "jax.nn.softmax"),
        Mapping("log_softmax", "log_softmax", "jax.nn.log_softmax"),
    ),
)

KERAS = Framework(
    "keras",
    "Keras 3 (keras.activations, keras.layers)",
    KERAS_SRC,
    (
        Mapping("relu", "relu", "keras.activations.relu",
                note="relu(x, negative_slope=0, max_value=None, threshold=0): the defaults are plain ReLU"),
        Mapping("leaky_relu", "leaky_relu:negative_slope=0.2", "keras.activations.leaky_relu", note=_LEAKY_KERAS),
        Mapping("LeakyReLU", "leaky_relu:negative_slope=0.3", "keras.layers.LeakyReLU",
                source="keras/src/layers/activations/leaky_relu.py, keras 3.16.0",
                note="the layer's slope is 0.3, not keras.activations.leaky_relu's 0.2"),
        Mapping("PReLU", "prelu:weight=0", "keras.layers.PReLU",
                source="keras/src/layers/activations/prelu.py, keras 3.16.0",
                note="the learned slope starts at 0 (alpha_initializer='Zeros'); torch's nn.PReLU starts at 0.25"),
        Mapping("ELU", "elu", "keras.layers.ELU", source="keras/src/layers/activations/elu.py, keras 3.16.0"),
        Mapping("relu6", "relu6", "keras.activations.relu6"),
        Mapping("softmax", "softmax", "keras.activations.softmax"),
        Mapping("elu", "elu", "keras.activations.elu"),
        Mapping("selu", "selu", "keras.activations.selu"),
        Mapping("softplus", "softplus", "keras.activations.softplus",
                note="log(1 + e^x) (logaddexp in the backends): no β and no cut-off"),
        Mapping("softsign", "softsign", "keras.activations.softsign"),
        Mapping("soft_shrink", "softshrink", "keras.activations.soft_shrink"),
        Mapping("sparse_plus", "sparse_plus", "keras.activations.sparse_plus"),
        Mapping("silu", "silu", "keras.activations.silu"),
        Mapping("swish", "silu", "keras.activations.swish"),
        Mapping("squareplus", "squareplus", "keras.activations.squareplus"),
        Mapping("gelu", "gelu", "keras.activations.gelu"),
        Mapping("celu", "celu", "keras.activations.celu"),
        Mapping("glu", "glu", "keras.activations.glu"),
        Mapping("tanh", "tanh", "keras.activations.tanh"),
        Mapping("tanh_shrink", "tanhshrink", "keras.activations.tanh_shrink"),
        Mapping("hard_tanh", "hardtanh", "keras.activations.hard_tanh"),
        Mapping("hard_shrink", "hardshrink", "keras.activations.hard_shrink"),
        Mapping("sigmoid", "sigmoid", "keras.activations.sigmoid"),
        Mapping("exponential", "exponential", "keras.activations.exponential"),
        Mapping("hard_sigmoid", "hardsigmoid", "keras.activations.hard_sigmoid",
                note="the code computes clip(x/6 + 1/2, 0, 1) in every Keras 3 release; the docstring of "
                     "Keras 3.0 to 3.2 said 0.2x + 0.5 on [−2.5, 2.5] (corrected in 3.3, keras commit "
                     "a013ebf). actcli follows the code, which is what runs"),
        Mapping("hard_silu", "hardswish", "keras.activations.hard_silu"),
        Mapping("hard_swish", "hardswish", "keras.activations.hard_swish"),
        Mapping("log_sigmoid", "logsigmoid", "keras.activations.log_sigmoid"),
        Mapping("linear", "identity", "keras.activations.linear"),
        Mapping("mish", "mish", "keras.activations.mish"),
        Mapping("log_softmax", "log_softmax", "keras.activations.log_softmax"),
        Mapping("sparsemax", "sparsemax", "keras.activations.sparsemax"),
    ),
)

TENSORFLOW = Framework(
    "tensorflow",
    "TensorFlow (tf.nn)",
    TF_SRC,
    (
        Mapping("relu", "relu", "tf.nn.relu"),
        Mapping("relu6", "relu6", "tf.nn.relu6"),
        Mapping("elu", "elu", "tf.nn.elu"),
        Mapping("selu", "selu", "tf.nn.selu"),
        Mapping("gelu", "gelu", "tf.nn.gelu", note="exact by default (approximate=False), unlike jax.nn.gelu"),
        Mapping("leaky_relu", "leaky_relu:negative_slope=0.2", "tf.nn.leaky_relu",
                note="leaky_relu(features, alpha=0.2): slope 0.2, as keras.activations; torch and jax use 0.01"),
        Mapping("sigmoid", "sigmoid", "tf.nn.sigmoid"),
        Mapping("tanh", "tanh", "tf.nn.tanh"),
        Mapping("softplus", "softplus", "tf.nn.softplus", note="log(1 + e^x): no β and no cut-off"),
        Mapping("softsign", "softsign", "tf.nn.softsign"),
        Mapping("silu", "silu", "tf.nn.silu", note="silu(features, beta=1.0): β = 1 is x·σ(x)"),
        Mapping("swish", "silu", "tf.nn.swish"),
        Mapping("softmax", "softmax", "tf.nn.softmax"),
        Mapping("log_softmax", "log_softmax", "tf.nn.log_softmax"),
        Mapping("hard_sigmoid", "min(max(0.2*x + 0.5, 0), 1)", "tf.keras.activations.hard_sigmoid",
                source="keras/backend.py and keras/activations.py, Keras 2.15 (tf.keras up to TensorFlow 2.15)",
                note="tf.keras before TensorFlow 2.16 (Keras 2) computes clip(0.2x + 0.5, 0, 1), and its "
                     "docstring says the same; Keras 3 (tf.keras from 2.16, --framework keras) uses x/6 + 1/2. "
                     "tf.nn itself has no hard_sigmoid"),
    ),
)

TRANSFORMERS = Framework(
    "transformers",
    "Hugging Face transformers (ACT2FN)",
    HF_SRC,
    (
        Mapping("gelu", "gelu", "transformers GELUActivation (nn.functional.gelu)"),
        Mapping("gelu_10", "gelu_10", "transformers ClippedGELUActivation(-10, 10)"),
        Mapping("gelu_fast", "gelu_fast", "transformers FastGELUActivation",
                note="√(2/π) typed as 0.7978845608: not the same function as gelu_new (within ~1e-11)"),
        Mapping("gelu_new", "gelu_new", "transformers NewGELUActivation", note="the tanh approximation"),
        Mapping("gelu_python", "gelu", "transformers GELUActivation(use_gelu_python=True)"),
        Mapping("gelu_pytorch_tanh", "gelu:approximate=tanh", "transformers GELUTanh (gelu approximate='tanh')",
                note="the tanh approximation, by torch's own kernel"),
        Mapping("gelu_python_tanh", "gelu_new", "transformers GELUTanh(use_gelu_tanh_python=True)"),
        Mapping("gelu_accurate", "gelu_new", "transformers AccurateGELUActivation",
                note="despite its name, the tanh approximation"),
        Mapping("hardswish", "hardswish", "torch.nn.Hardswish"),
        Mapping("laplace", "laplace", "transformers LaplaceActivation"),
        Mapping("leaky_relu", "leaky_relu", "torch.nn.LeakyReLU"),
        Mapping("linear", "identity", "transformers LinearActivation"),
        Mapping("mish", "mish", "transformers MishActivation (nn.functional.mish)"),
        Mapping("quick_gelu", "quick_gelu", "transformers QuickGELUActivation"),
        Mapping("relu", "relu", "torch.nn.ReLU"),
        Mapping("relu2", "squared_relu", "transformers ReLUSquaredActivation"),
        Mapping("relu6", "relu6", "torch.nn.ReLU6"),
        Mapping("sigmoid", "sigmoid", "torch.nn.Sigmoid"),
        Mapping("silu", "silu", "transformers SiLUActivation (nn.functional.silu)"),
        Mapping("swish", "silu", "torch.nn.SiLU"),
        Mapping("tanh", "tanh", "torch.nn.Tanh"),
        Mapping("prelu", "prelu", "torch.nn.PReLU", note="the slope is learned; nn.PReLU starts it at 0.25"),
        Mapping("xielu", "xielu", "transformers XIELUActivation"),
    ),
)

#: every framework --framework accepts, in the order tables show them
FRAMEWORKS: dict[str, Framework] = {f.name: f for f in (TORCH, JAX, KERAS, TENSORFLOW, TRANSFORMERS)}
