"""Which activation to use: the seed tutorial's selection rules, as data.

Each :class:`Rule` says when it applies (layer, and optionally task, architecture, symptom), what
it recommends (or what it warns against), why, and where that comes from. The engine
(:mod:`actcli.recommend.engine`) is a small filter over this table — no if/else ladder — and the
tests walk a table of cases through it. Nothing here imports numpy: ``actcli recommend`` starts fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

TASKS = ("binary", "multiclass", "multilabel", "regression")
LAYERS = ("hidden", "output")
ARCHITECTURES = ("mlp", "cnn", "rnn")
SYMPTOMS = ("dead-neurons", "vanishing-gradients")

SEED = "the seed tutorial §2.8 (selection rules)"
SEED_SIGMOID = "the seed tutorial §2.2 (sigmoid: derivative in (0, 0.25], vanishes within ~5 layers)"
SEED_TANH = "the seed tutorial §2.3 (tanh: zero-centred, common in RNNs)"
SEED_LEAKY = "the seed tutorial §2.5 (Leaky ReLU avoids dead neurons)"
SEED_SOFTMAX = "the seed tutorial §2.6 (softmax with cross-entropy: gradient s − y)"
SEED_IDENTITY = "the seed tutorial §2.7 (identity for regression outputs)"
DLBOOK_HIDDEN = "Goodfellow, Bengio & Courville (2016), Deep Learning, §6.3.1–6.3.2 (hidden units)"
DLBOOK_OUTPUT = "Goodfellow, Bengio & Courville (2016), Deep Learning, §6.2.2 (output units)"
CS231N = "CS231n notes, Neural Networks Part 1, 'Commonly used activation functions', https://cs231n.github.io/neural-networks-1/#actfun"
TORCH_BCE = "PyTorch docs, torch.nn.BCEWithLogitsLoss (sigmoid + BCE in one, log-sum-exp for stability; multi-label form)"
TORCH_CE = "PyTorch docs, torch.nn.CrossEntropyLoss (expects unnormalised logits)"
TORCH_MSE = "PyTorch docs, torch.nn.MSELoss"
TORCH_RNN = "PyTorch docs, torch.nn.RNN (nonlinearity: default 'tanh')"
HE2015 = "He et al. (2015), Delving Deep into Rectifiers, arXiv:1502.01852 (He initialisation)"
GLOROT2010 = "Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward neural networks"
MAAS2013 = "Maas, Hannun & Ng (2013), Rectifier Nonlinearities Improve Neural Network Acoustic Models"
HENDRYCKS2016 = "Hendrycks & Gimpel (2016), Gaussian Error Linear Units (GELUs), arXiv:1606.08415 (GELU matches or beats ReLU)"
CLEVERT2015 = "Clevert, Unterthiner & Hochreiter (2015), Fast and Accurate Deep Network Learning by ELUs, arXiv:1511.07289"
HOCHREITER1997 = "Hochreiter & Schmidhuber (1997), Long Short-Term Memory, Neural Computation 9(8) (gated cells)"
CHO2014 = "Cho et al. (2014), Learning Phrase Representations using RNN Encoder-Decoder, arXiv:1406.1078 (the GRU)"
PASCANU2013 = "Pascanu, Mikolov & Bengio (2013), On the difficulty of training recurrent neural networks, arXiv:1211.5063 (gradient clipping)"
DLBOOK_RNN = "Goodfellow, Bengio & Courville (2016), Deep Learning, §10.7, §10.10, §10.11.1 (long-term dependencies, gated RNNs, clipping)"

#: how ties are broken: among the matching rules with a choice, the one with the most conditions
#: wins (specificity); among equally specific ones the higher PRIORITY of its conditions wins — a
#: symptom the user observed outranks the architecture, which outranks the task. The table order
#: decides nothing (a test shuffles it).
PRIORITY = {"symptom": 3, "architecture": 2, "task": 1}

Layer = Literal["hidden", "output"]


@dataclass(frozen=True)
class Rule:
    """One recommendation (``choice``) or one warning (``avoid``), with its reason and source."""

    id: str
    layer: Layer
    title: str
    why: str
    source: tuple[str, ...]
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # key → accepted values
    choice: str | None = None
    alternatives: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    init: str | None = None
    loss: str | None = None
    also: str | None = None  # advice beyond the activation (gated cells, gradient clipping, …)

    @property
    def specificity(self) -> int:
        """More conditions, more specific: a symptom rule outranks the default."""
        return len(self.when)

    @property
    def rank(self) -> tuple[int, int]:
        """(specificity, priority): the larger wins; see :data:`PRIORITY`."""
        return self.specificity, sum(PRIORITY.get(k, 0) for k in self.when)

    def matches(self, request: Mapping[str, str | None]) -> bool:
        return all(request.get(key) in accepted for key, accepted in self.when.items())

    def activations(self) -> tuple[str, ...]:
        """Every activation the rule names (a test checks each exists in the registry)."""
        names = (self.choice,) if self.choice else ()
        return names + self.alternatives + self.avoid


RULES: tuple[Rule, ...] = (
    Rule(
        id="hidden-relu-default",
        layer="hidden",
        title="ReLU first in hidden layers",
        choice="relu",
        alternatives=("leaky_relu", "gelu", "tanh"),
        init="He (Kaiming) normal, gain √2",
        why="relu′ = 1 for every x > 0, so it never saturates on that side and passes the gradient "
        "back undiminished; it costs one comparison. Its zeros for x < 0 make activations sparse. "
        "He initialisation (variance 2/fan_in) keeps the variance of Z constant across layers "
        "(exactly, for relu: E[relu(Z)²] = Var Z/2). Alternatives: leaky_relu (CS231n, Maas et al.), "
        "gelu (Hendrycks & Gimpel), tanh (CS231n: zero-centred, preferred to sigmoid).",
        source=(SEED, DLBOOK_HIDDEN, CS231N, HE2015, MAAS2013, HENDRYCKS2016),
    ),
    Rule(
        id="hidden-leaky-when-dead",
        layer="hidden",
        title="Leaky ReLU when ReLU units die",
        when={"symptom": ("dead-neurons",)},
        choice="leaky_relu",
        alternatives=("elu",),
        init="He (Kaiming) normal, gain √(2/(1 + a²)) with a = 0.01",
        why="A ReLU unit whose input stays negative gets zero gradient for every example and never "
        "recovers. Leaky ReLU's slope a = 0.01 for x < 0 keeps a small gradient flowing, so such "
        "units can come back; elu's f′ = αeˣ > 0 for x < 0 does the same (Clevert et al.). Also "
        "check the learning rate: large updates push units into the dead zone.",
        source=(SEED_LEAKY, SEED, CS231N, MAAS2013, CLEVERT2015),
    ),
    Rule(
        id="hidden-relu-for-vanishing",
        layer="hidden",
        title="ReLU family when gradients vanish",
        when={"symptom": ("vanishing-gradients",)},
        choice="relu",
        alternatives=("leaky_relu",),
        avoid=("sigmoid", "tanh"),
        init="He (Kaiming) normal, gain √2",
        why="Each sigmoid or tanh layer multiplies the gradient by f′ ≤ 1/4 or ≤ 1, and by far less "
        "once units saturate; ReLU passes 1 for x > 0. With He initialisation the gradient keeps "
        "its scale across depth (He et al. derive it for ReLU and its leaky variants).",
        source=(SEED_SIGMOID, GLOROT2010, HE2015, MAAS2013),
    ),
    Rule(
        id="hidden-rnn-vanishing-gated",
        layer="hidden",
        title="Recurrent networks with vanishing gradients: gated cells (LSTM/GRU), gradient clipping",
        when={"architecture": ("rnn",), "symptom": ("vanishing-gradients",)},
        choice="tanh",
        avoid=("sigmoid",),
        init="Xavier (Glorot) for the input weights; orthogonal recurrent weights are common",
        also="replace the plain RNN cell by an LSTM or GRU cell, and clip the gradient norm "
        "(e.g. torch.nn.utils.clip_grad_norm_)",
        why="In a recurrent network the gradient passes through the same recurrent weights at every "
        "time step, so changing the activation does not fix vanishing over long sequences: the "
        "standard answer is a gated cell, whose additive cell state (LSTM) or update gate (GRU) "
        "lets the gradient through, keeping tanh as the candidate activation and sigmoid for the "
        "gates. Exploding gradients, the other face of the same product, are held by clipping "
        "the gradient norm.",
        source=(HOCHREITER1997, CHO2014, PASCANU2013, DLBOOK_RNN),
    ),
    Rule(
        id="hidden-tanh-for-rnn",
        layer="hidden",
        title="tanh in recurrent networks",
        when={"architecture": ("rnn",)},
        choice="tanh",
        alternatives=("relu",),
        avoid=("sigmoid",),
        init="Xavier (Glorot), gain 5/3; orthogonal recurrent weights are common",
        why="A recurrent state passes through the same activation at every time step: tanh is "
        "bounded, so the state cannot blow up, and zero-centred. It is PyTorch's default RNN "
        "non-linearity and the candidate activation inside LSTM and GRU cells.",
        source=(SEED_TANH, TORCH_RNN, DLBOOK_HIDDEN),
    ),
    Rule(
        id="hidden-avoid-sigmoid",
        layer="hidden",
        title="Never sigmoid in hidden layers",
        avoid=("sigmoid",),
        why="σ′ ≤ 1/4, so over n sigmoid layers the activations' own factor in the gradient is at "
        "most 4⁻ⁿ (0.25⁵ ≈ 1e-3: the seed's 'vanishes within 5 layers'; the weights can scale it "
        "back), and |σ′| < 1 % of its peak for |x| > 5.99; its outputs are all "
        "positive (mean 0.5), which makes weight updates zig-zag. tanh is the better squashing "
        "function if one is needed.",
        source=(SEED_SIGMOID, SEED, CS231N, DLBOOK_HIDDEN),
    ),
    Rule(
        id="output-binary-sigmoid",
        layer="output",
        title="Binary classification: one sigmoid output",
        when={"task": ("binary",)},
        choice="sigmoid",
        loss="binary cross-entropy on logits (torch.nn.BCEWithLogitsLoss); the model outputs the "
        "logit, and sigmoid is applied only at inference, for probabilities",
        why="σ maps one logit to P(y = 1) in (0, 1). BCEWithLogitsLoss contains the sigmoid "
        "(log σ by the log-sum-exp trick, exact even for large |logit|), so the network must not "
        "apply it too in training; the gradient is simply σ(z) − y.",
        source=(SEED_SIGMOID, SEED, DLBOOK_OUTPUT, TORCH_BCE),
    ),
    Rule(
        id="output-multiclass-softmax",
        layer="output",
        title="Multiclass: softmax over the classes",
        when={"task": ("multiclass",)},
        choice="softmax",
        alternatives=("log_softmax",),
        loss="cross-entropy on logits (torch.nn.CrossEntropyLoss = log_softmax + NLL); the model "
        "outputs logits, and softmax is applied only at inference, for probabilities",
        why="softmax turns K logits into a distribution that sums to 1 — the generalisation of the "
        "sigmoid to K exclusive classes. CrossEntropyLoss contains the softmax, so applying it in "
        "the network too would apply it twice; with cross-entropy the gradient is s − y, and "
        "computing it from logits (log_softmax) is stable for huge logits.",
        source=(SEED_SOFTMAX, SEED, DLBOOK_OUTPUT, TORCH_CE),
    ),
    Rule(
        id="output-multilabel-sigmoid",
        layer="output",
        title="Multi-label: one sigmoid per label",
        when={"task": ("multilabel",)},
        choice="sigmoid",
        avoid=("softmax",),
        loss="binary cross-entropy on logits per label (torch.nn.BCEWithLogitsLoss); sigmoid only "
        "at inference",
        why="Labels are not exclusive, so each gets its own probability; softmax would force them "
        "to compete for one unit of mass.",
        source=(DLBOOK_OUTPUT, TORCH_BCE),
    ),
    Rule(
        id="output-regression-identity",
        layer="output",
        title="Regression: identity (no activation)",
        when={"task": ("regression",)},
        choice="identity",
        avoid=("sigmoid", "tanh"),
        loss="mean squared error (torch.nn.MSELoss)",
        why="The target is an unbounded real number: identity neither limits nor distorts the "
        "output. torch.nn.MSELoss (mean over N outputs) has gradient 2(ŷ − y)/N; the seed's "
        "½ Σ (ŷ − y)² gives ŷ − y. A bounded activation only fits a bounded target.",
        source=(SEED_IDENTITY, SEED, DLBOOK_OUTPUT, TORCH_MSE),
    ),
)
