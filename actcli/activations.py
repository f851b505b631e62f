"""Every activation actcli knows, one frozen :class:`~actcli.record.Record` each, in display order.

The seed tutorial's six come first. Each record says where its parameter defaults come from
(PyTorch, jax and Keras sometimes disagree; we follow PyTorch unless stated), what its derivative
is at each kink (PyTorch autograd's value) and what it claims about the function; the claims are
checked independently in ``tests/test_claims.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from actcli import functions as F
from actcli.record import (
    INF,
    Claims,
    Formula,
    Init,
    Interval,
    Kink,
    Param,
    Params,
    Record,
)

TORCH = "PyTorch nn docs, https://pytorch.org/docs/stable/nn.html#non-linear-activations-weighted-sum-nonlinearity"
JAX = "jax.nn docs, https://jax.readthedocs.io/en/latest/jax.nn.html"
SEED = "actcli seed tutorial (shared/seed/activation-functions-tutorial.zh.txt), §2"
GAIN = "torch.nn.init.calculate_gain"

REAL = Interval(-INF, INF)


def _f(params: Params, name: str) -> float:
    value = params[name]
    assert isinstance(value, float)
    return value


def _he(note: str = "ReLU-like: He (Kaiming) keeps the variance of Z across layers") -> Init:
    return Init("he", None, note + "; torch defines no gain for it")


def _xavier(note: str = "bounded and roughly odd: Xavier (Glorot) suits it") -> Init:
    return Init("xavier", None, note + "; torch defines no gain for it")


def _static(claims: Claims) -> Callable[[Params], Claims]:
    """Claims that do not depend on parameters."""
    return lambda params: claims


# --- the seed's six ----------------------------------------------------------------------------

SIGMOID = Record(
    name="sigmoid",
    summary="Logistic function; squashes to (0, 1). Output layer for binary tasks.",
    kind="elementwise",
    aliases=("logistic", "sigmoid_fn", "expit"),
    formula=Formula("σ(x) = 1 / (1 + e⁻ˣ)", r"\sigma(x) = \frac{1}{1 + e^{-x}}"),
    derivative=Formula("σ′(x) = σ(x)·σ(−x) = σ(x)(1 − σ(x))", r"\sigma'(x) = \sigma(x)\,\sigma(-x)"),
    second=Formula("σ″(x) = σ′(x)(1 − 2σ(x))", r"\sigma''(x) = \sigma'(x)\,(1 - 2\sigma(x))"),
    claims=_static(Claims(Interval(0, 1), True, None, Interval(0, 0.25, False, True))),
    cost="1 exp, 1 add, 1 divide",
    init=lambda p: Init("xavier", 1.0, "Xavier (Glorot); calculate_gain('sigmoid') = 1"),
    references=(SEED, TORCH),
    in_seed=True,
    expression=lambda p: "1/(1 + exp(-x))",
    fn=F.sigmoid,
    d1=F.sigmoid_d1,
    d2=F.sigmoid_d2,
)

TANH = Record(
    name="tanh",
    summary="Hyperbolic tangent; zero-centred squashing to (−1, 1). Common in RNNs.",
    kind="elementwise",
    aliases=("hyperbolic_tangent",),
    formula=Formula("tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)", r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"),
    derivative=Formula("tanh′(x) = sech²(x) = 1 − tanh²(x)", r"\tanh'(x) = \operatorname{sech}^2 x = 1 - \tanh^2 x"),
    second=Formula("tanh″(x) = −2·tanh(x)·sech²(x)", r"\tanh''(x) = -2\tanh(x)\operatorname{sech}^2 x"),
    claims=_static(Claims(Interval(-1, 1), True, None, Interval(0, 1, False, True))),
    cost="2 exp (or 1 tanh), 3 add/divide",
    init=lambda p: Init("xavier", 5.0 / 3.0, "Xavier (Glorot); calculate_gain('tanh') = 5/3"),
    references=(SEED, TORCH),
    in_seed=True,
    expression=lambda p: "tanh(x)",
    fn=F.tanh,
    d1=F.tanh_d1,
    d2=F.tanh_d2,
)

RELU = Record(
    name="relu",
    summary="Rectified linear unit; the default for hidden layers. Dead for x < 0.",
    kind="elementwise",
    aliases=("rectifier", "rectified_linear"),
    formula=Formula("relu(x) = max(0, x)", r"\mathrm{relu}(x) = \max(0, x)"),
    derivative=Formula("relu′(x) = 1 if x > 0 else 0", r"\mathrm{relu}'(x) = \begin{cases}1 & x > 0\\ 0 & x \le 0\end{cases}"),
    second=Formula("relu″(x) = 0 (x ≠ 0)", r"\mathrm{relu}''(x) = 0 \quad (x \neq 0)"),
    claims=_static(
        Claims(
            Interval(0, INF, True),
            True,
            0,
            Interval(0, 1, True, True),
            kinks=(Kink(0.0, 0.0, 0.0, 1.0),),
            dead_zones=(Interval(-INF, 0),),
        )
    ),
    cost="1 compare",
    init=lambda p: Init("he", math.sqrt(2.0), "He (Kaiming); calculate_gain('relu') = √2"),
    references=(SEED, TORCH, "Glorot, Bordes & Bengio (2011), Deep Sparse Rectifier Neural Networks"),
    in_seed=True,
    expression=lambda p: "max(x, 0)",
    fn=F.relu,
    d1=F.relu_d1,
    d2=F.zero_d2,
)


def _leaky_claims(p: Params) -> Claims:
    a = _f(p, "negative_slope")
    return Claims(REAL, True, 0, Interval(a, 1, True, True), kinks=(Kink(0.0, a, a, 1.0),))


LEAKY_RELU = Record(
    name="leaky_relu",
    summary="ReLU with a small slope for x < 0, so no unit dies.",
    kind="elementwise",
    aliases=("leakyrelu", "lrelu"),
    params=(
        Param(
            "negative_slope",
            0.01,
            "slope for x < 0",
            "PyTorch and jax default 0.01 (the seed's value); Keras uses 0.2",
            lo=0.0,
            hi=1.0,
        ),
    ),
    formula=Formula("leaky_relu(x) = x if x > 0 else a·x   (a = negative_slope)", r"\mathrm{leaky\_relu}(x) = \begin{cases}x & x > 0\\ a x & x \le 0\end{cases}"),
    derivative=Formula("leaky_relu′(x) = 1 if x > 0 else a", r"\mathrm{leaky\_relu}'(x) = \begin{cases}1 & x > 0\\ a & x \le 0\end{cases}"),
    second=Formula("leaky_relu″(x) = 0 (x ≠ 0)", r"\mathrm{leaky\_relu}''(x) = 0 \quad (x \neq 0)"),
    claims=_leaky_claims,
    cost="1 compare, 1 multiply",
    init=lambda p: Init(
        "he",
        math.sqrt(2.0 / (1.0 + _f(p, "negative_slope") ** 2)),
        "He (Kaiming); calculate_gain('leaky_relu', a) = √(2/(1 + a²))",
    ),
    references=(SEED, TORCH, "Maas, Hannun & Ng (2013), Rectifier Nonlinearities Improve Neural Network Acoustic Models"),
    in_seed=True,
    expression=lambda p: "max(x, negative_slope*x)",
    fn=F.leaky_relu,
    d1=F.leaky_relu_d1,
    d2=F.leaky_relu_d2,
)

SOFTMAX = Record(
    name="softmax",
    summary="Vector: turns K logits into a probability distribution. Output layer for multiclass.",
    kind="vector",
    aliases=("soft_max",),
    formula=Formula("softmax(z)ᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}", r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}"),
    derivative=Formula(
        "∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)  (Jacobian diag(s) − s·sᵀ)",
        r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j)",
    ),
    second=Formula(
        "∂²sᵢ/∂zⱼ∂zₖ = sᵢ[(δᵢⱼ − sⱼ)(δᵢₖ − sₖ) − sⱼ(δⱼₖ − sₖ)]",
        r"\frac{\partial^2 s_i}{\partial z_j \partial z_k} = s_i\left[(\delta_{ij} - s_j)(\delta_{ik} - s_k) - s_j(\delta_{jk} - s_k)\right]",
    ),
    # for a vector kind: range of each sᵢ, monotonic in its own logit, range of ∂sᵢ/∂zᵢ
    claims=_static(Claims(Interval(0, 1), True, None, Interval(0, 0.25, False, True))),
    cost="K exp, K add, K divide, 1 max (for stability)",
    init=lambda p: Init("xavier", 1.0, "output layer: Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(SEED, TORCH, "Goodfellow, Bengio & Courville (2016), Deep Learning, §6.2.2.3"),
    in_seed=True,
    fn=F.softmax,
    jacobian=F.softmax_jacobian,
    vjp=F.softmax_vjp,
)

IDENTITY = Record(
    name="identity",
    summary="No activation: f(x) = x. Output layer for regression.",
    kind="elementwise",
    aliases=("linear", "none", "id"),
    formula=Formula("identity(x) = x", r"f(x) = x"),
    derivative=Formula("identity′(x) = 1", r"f'(x) = 1"),
    second=Formula("identity″(x) = 0", r"f''(x) = 0"),
    claims=_static(Claims(REAL, True, None, Interval(1, 1, True, True), nonlinear=False)),
    cost="none",
    init=lambda p: Init("xavier", 1.0, "Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(SEED, TORCH),
    in_seed=True,
    expression=lambda p: "x",
    fn=F.identity,
    d1=F.identity_d1,
    d2=F.identity_d2,
)

# --- the exponential-linear family --------------------------------------------------------------


def _elu_claims(p: Params) -> Claims:
    a = _f(p, "alpha")
    if a == 1.0:  # f′ is continuous (1 from both sides) but f″ jumps from 1 to 0
        return Claims(Interval(-a, INF), True, 1, Interval(0, 1, False, True), d2_kinks=(0.0,))
    return Claims(
        Interval(-a, INF),
        True,
        0,
        Interval(0, max(1.0, a), False, True),
        kinks=(Kink(0.0, a, a, 1.0),),
    )


ELU = Record(
    name="elu",
    summary="Exponential linear unit: identity for x > 0, α(eˣ − 1) below; smooth negatives.",
    kind="elementwise",
    params=(Param("alpha", 1.0, "saturation value −α for x → −∞", "PyTorch, jax and Keras default 1.0", lo=0.0),),
    formula=Formula("elu(x) = x if x > 0 else α(eˣ − 1)", r"\mathrm{elu}(x) = \begin{cases}x & x > 0\\ \alpha(e^{x} - 1) & x \le 0\end{cases}"),
    derivative=Formula("elu′(x) = 1 if x > 0 else α·eˣ", r"\mathrm{elu}'(x) = \begin{cases}1 & x > 0\\ \alpha e^{x} & x \le 0\end{cases}"),
    second=Formula("elu″(x) = 0 if x > 0 else α·eˣ (0 used at x = 0)", r"\mathrm{elu}''(x) = \begin{cases}0 & x \ge 0\\ \alpha e^{x} & x < 0\end{cases}"),
    claims=_elu_claims,
    cost="1 compare, 1 expm1, 1 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Clevert, Unterthiner & Hochreiter (2016), arXiv:1511.07289"),
    expression=lambda p: "max(x, 0) + min(0, alpha*expm1(x))",
    fn=F.elu,
    d1=F.elu_d1,
    d2=F.elu_d2,
)

_LA = F.SELU_SCALE_ALPHA  # λα = 1.75809934084737686… rounded to nearest

SELU = Record(
    name="selu",
    summary="Scaled ELU with fixed λ, α that make deep MLPs self-normalising.",
    kind="elementwise",
    formula=Formula(
        "selu(x) = λ·x if x > 0 else λα(eˣ − 1)   (λ ≈ 1.0507, α ≈ 1.6733)",
        r"\mathrm{selu}(x) = \lambda\begin{cases}x & x > 0\\ \alpha(e^{x} - 1) & x \le 0\end{cases}",
    ),
    derivative=Formula("selu′(x) = λ if x > 0 else λα·eˣ", r"\mathrm{selu}'(x) = \lambda\begin{cases}1 & x > 0\\ \alpha e^{x} & x \le 0\end{cases}"),
    second=Formula("selu″(x) = 0 if x > 0 else λα·eˣ (0 used at x = 0)", r"\mathrm{selu}''(x) = \begin{cases}0 & x \ge 0\\ \lambda\alpha e^{x} & x < 0\end{cases}"),
    claims=_static(
        Claims(
            Interval(-_LA, INF),
            True,
            0,
            Interval(0, _LA, False, True),
            kinks=(Kink(0.0, _LA, _LA, F.SELU_SCALE),),
        )
    ),
    cost="1 compare, 1 expm1, 2 multiply",
    init=lambda p: Init(
        "lecun",
        0.75,
        "LeCun normal, as the SELU paper; calculate_gain('selu') = 3/4",
    ),
    references=(TORCH, "Klambauer et al. (2017), Self-Normalizing Neural Networks, arXiv:1706.02515"),
    expression=lambda p: "1.0507009873554804934193349852946*(max(x, 0) + min(0, 1.6732632423543772848170429916717*expm1(x)))",
    fn=F.selu,
    d1=F.selu_d1,
    d2=F.selu_d2,
)

CELU = Record(
    name="celu",
    summary="Continuously differentiable ELU: max(0, x) + min(0, α(e^{x/α} − 1)).",
    kind="elementwise",
    params=(Param("alpha", 1.0, "saturation value −α for x → −∞", "PyTorch and jax default 1.0", lo=0.0),),
    formula=Formula("celu(x) = max(0, x) + min(0, α(e^{x/α} − 1))", r"\mathrm{celu}(x) = \max(0, x) + \min\!\left(0, \alpha\left(e^{x/\alpha} - 1\right)\right)"),
    derivative=Formula("celu′(x) = 1 if x > 0 else e^{x/α}", r"\mathrm{celu}'(x) = \begin{cases}1 & x > 0\\ e^{x/\alpha} & x \le 0\end{cases}"),
    second=Formula("celu″(x) = 0 if x > 0 else e^{x/α}/α (0 used at x = 0)", r"\mathrm{celu}''(x) = \begin{cases}0 & x \ge 0\\ e^{x/\alpha}/\alpha & x < 0\end{cases}"),
    claims=lambda p: Claims(
        Interval(-_f(p, "alpha"), INF), True, 1, Interval(0, 1, False, True), d2_kinks=(0.0,)
    ),
    cost="1 compare, 1 divide, 1 expm1, 1 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Barron (2017), Continuously Differentiable Exponential Linear Units, arXiv:1704.07483"),
    expression=lambda p: "max(x, 0) + min(0, alpha*expm1(x/alpha))",
    fn=F.celu,
    d1=F.celu_d1,
    d2=F.celu_d2,
)

# --- smooth gates --------------------------------------------------------------------------------


def _gelu_claims(p: Params) -> Claims:
    if p["approximate"] == "tanh":
        return Claims(
            Interval(-0.17004075057125405, INF, True),
            False,
            None,
            Interval(-0.12899306865877177, 1.1289930686587718, True, True),
        )
    return Claims(
        Interval(-0.16997120747990366, INF, True),
        False,
        None,
        Interval(-0.12890414518515479, 1.1289041451851548, True, True),
    )


GELU = Record(
    name="gelu",
    summary="Gaussian error linear unit x·Φ(x) (transformers). Exact by default.",
    kind="elementwise",
    params=(
        Param(
            "approximate",
            "none",
            "'none' for the exact x·Φ(x), 'tanh' for the tanh approximation",
            "PyTorch default 'none' (exact); jax.nn.gelu defaults to approximate=True",
            choices=("none", "tanh"),
        ),
    ),
    formula=Formula(
        "gelu(x) = x·Φ(x) = x/2·(1 + erf(x/√2));  tanh: x/2·(1 + tanh(√(2/π)(x + 0.044715x³)))",
        r"\mathrm{gelu}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)",
    ),
    derivative=Formula(
        "gelu′(x) = Φ(x) + x·φ(x),  φ(x) = e^{−x²/2}/√(2π)",
        r"\mathrm{gelu}'(x) = \Phi(x) + x\,\varphi(x)",
    ),
    second=Formula("gelu″(x) = φ(x)(2 − x²)", r"\mathrm{gelu}''(x) = \varphi(x)\,(2 - x^2)"),
    claims=_gelu_claims,
    cost="1 erf (or 1 tanh), 3 multiply, 1 add",
    init=lambda p: _he(),
    references=(TORCH, "Hendrycks & Gimpel (2016), Gaussian Error Linear Units, arXiv:1606.08415"),
    expression=lambda p: (
        "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))/2" if p["approximate"] == "tanh" else "x*(1 + erf(x/sqrt(2)))/2"
    ),
    fn=F.gelu,
    d1=F.gelu_d1,
    d2=F.gelu_d2,
)

SILU = Record(
    name="silu",
    summary="Sigmoid linear unit x·σ(x), a.k.a. swish (β = 1).",
    kind="elementwise",
    aliases=("swish", "swish1"),
    formula=Formula("silu(x) = x·σ(x)", r"\mathrm{silu}(x) = x\,\sigma(x)"),
    derivative=Formula("silu′(x) = σ(x)(1 + x·σ(−x))", r"\mathrm{silu}'(x) = \sigma(x)\left(1 + x\,\sigma(-x)\right)"),
    second=Formula("silu″(x) = σ′(x)(2 − x·tanh(x/2))", r"\mathrm{silu}''(x) = \sigma'(x)\left(2 - x\tanh\tfrac{x}{2}\right)"),
    claims=_static(
        Claims(
            Interval(-0.2784645427610738, INF, True),
            False,
            None,
            Interval(-0.099839320128866917, 1.0998393201288669, True, True),
        )
    ),
    cost="1 exp, 1 add, 1 divide, 1 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Ramachandran, Zoph & Le (2017), Searching for Activation Functions, arXiv:1710.05941"),
    expression=lambda p: "x/(1 + exp(-x))",
    fn=F.silu,
    d1=F.silu_d1,
    d2=F.silu_d2,
)

QUICK_GELU = Record(
    name="quick_gelu",
    summary="x·σ(1.702x): the fast GELU approximation used by CLIP.",
    kind="elementwise",
    formula=Formula("quick_gelu(x) = x·σ(1.702x)", r"\mathrm{quick\_gelu}(x) = x\,\sigma(1.702\,x)"),
    derivative=Formula("quick_gelu′(x) = σ(1.702x) + 1.702x·σ′(1.702x)", r"f'(x) = \sigma(1.702x) + 1.702\,x\,\sigma'(1.702x)"),
    second=Formula("quick_gelu″(x) = 1.702·σ′(1.702x)(2 − 1.702x·tanh(0.851x))", r"f''(x) = 1.702\,\sigma'(1.702x)\left(2 - 1.702x\tanh(0.851x)\right)"),
    claims=_static(
        Claims(
            Interval(-0.16361018963635358, INF, True),
            False,
            None,
            Interval(-0.099839320128866917, 1.0998393201288669, True, True),
        )
    ),
    cost="1 exp, 1 add, 1 divide, 2 multiply",
    init=lambda p: _he(),
    references=("timm / open_clip QuickGELU", "Hendrycks & Gimpel (2016), arXiv:1606.08415, §2"),
    expression=lambda p: "x/(1 + exp(-1.702*x))",
    fn=F.quick_gelu,
    d1=F.quick_gelu_d1,
    d2=F.quick_gelu_d2,
)

MISH = Record(
    name="mish",
    summary="x·tanh(softplus(x)): smooth, non-monotonic self-gate.",
    kind="elementwise",
    formula=Formula("mish(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + eˣ))", r"\mathrm{mish}(x) = x\tanh\!\left(\ln(1 + e^{x})\right)"),
    derivative=Formula(
        "mish′(x) = tanh(sp(x)) + x·σ(x)·sech²(sp(x)),  sp = softplus",
        r"\mathrm{mish}'(x) = \tanh(\mathrm{sp}(x)) + x\,\sigma(x)\operatorname{sech}^2(\mathrm{sp}(x))",
    ),
    second=Formula(
        "mish″(x) = σ(x)·sech²(sp(x))·(2 + x(σ(−x) − 2σ(x)·tanh(sp(x))))",
        r"\mathrm{mish}''(x) = \sigma\operatorname{sech}^2(\mathrm{sp})\left(2 + x\left(\sigma(-x) - 2\sigma(x)\tanh(\mathrm{sp})\right)\right)",
    ),
    claims=_static(
        Claims(
            Interval(-0.30884341301725041, INF, True),
            False,
            None,
            Interval(-0.11252612238946256, 1.0884981612517279, True, True),
        )
    ),
    cost="1 exp, 1 log1p, 1 tanh, 2 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Misra (2019), Mish: A Self Regularized Non-Monotonic Activation Function, arXiv:1908.08681"),
    expression=lambda p: "x*tanh(log1p(exp(x)))",
    fn=F.mish,
    d1=F.mish_d1,
    d2=F.mish_d2,
)

# --- softplus and relatives ------------------------------------------------------------------------

SOFTPLUS = Record(
    name="softplus",
    summary="Smooth ReLU: (1/β)·ln(1 + e^{βx}); exact, without PyTorch's linear cut-off at βx > 20.",
    kind="elementwise",
    aliases=("smooth_relu",),
    params=(Param("beta", 1.0, "sharpness (→ ReLU as β → ∞)", "PyTorch default 1 (jax and Keras have no β)", lo=0.0),),
    formula=Formula("softplus(x) = (1/β)·ln(1 + e^{βx})", r"\mathrm{softplus}(x) = \frac{1}{\beta}\ln\left(1 + e^{\beta x}\right)"),
    derivative=Formula("softplus′(x) = σ(βx)", r"\mathrm{softplus}'(x) = \sigma(\beta x)"),
    second=Formula("softplus″(x) = β·σ′(βx)", r"\mathrm{softplus}''(x) = \beta\,\sigma'(\beta x)"),
    claims=_static(Claims(Interval(0, INF), True, None, Interval(0, 1))),
    cost="1 exp, 1 log1p, 2 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Dugas et al. (2001), Incorporating Second-Order Functional Knowledge for Better Option Pricing"),
    expression=lambda p: "log1p(exp(beta*x))/beta",
    fn=F.softplus,
    d1=F.softplus_d1,
    d2=F.softplus_d2,
)

LOGSIGMOID = Record(
    name="logsigmoid",
    summary="log σ(x) = −softplus(−x); numerically stable log-probability.",
    kind="elementwise",
    aliases=("log_sigmoid",),
    formula=Formula("logsigmoid(x) = ln σ(x) = −ln(1 + e⁻ˣ)", r"\log\sigma(x) = -\ln\left(1 + e^{-x}\right)"),
    derivative=Formula("logsigmoid′(x) = σ(−x) = 1 − σ(x)", r"(\log\sigma)'(x) = \sigma(-x)"),
    second=Formula("logsigmoid″(x) = −σ′(x)", r"(\log\sigma)''(x) = -\sigma'(x)"),
    claims=_static(Claims(Interval(-INF, 0), True, None, Interval(0, 1))),
    cost="1 exp, 1 log1p",
    init=lambda p: _xavier("saturating: Xavier (Glorot)"),
    references=(TORCH, JAX),
    expression=lambda p: "-log1p(exp(-x))",
    fn=F.logsigmoid,
    d1=F.logsigmoid_d1,
    d2=F.logsigmoid_d2,
)

SOFTSIGN = Record(
    name="softsign",
    summary="x/(1 + |x|): like tanh but with polynomial (slower) saturation.",
    kind="elementwise",
    aliases=("soft_sign",),
    formula=Formula("softsign(x) = x / (1 + |x|)", r"\mathrm{softsign}(x) = \frac{x}{1 + |x|}"),
    derivative=Formula("softsign′(x) = 1 / (1 + |x|)²", r"\mathrm{softsign}'(x) = \frac{1}{(1 + |x|)^2}"),
    second=Formula("softsign″(x) = −2·sign(x) / (1 + |x|)³ (0 used at x = 0)", r"\mathrm{softsign}''(x) = \frac{-2\,\mathrm{sign}(x)}{(1 + |x|)^3}"),
    claims=_static(Claims(Interval(-1, 1), True, 1, Interval(0, 1, False, True), d2_kinks=(0.0,))),
    cost="1 abs, 1 add, 1 divide",
    init=lambda p: _xavier(),
    references=(TORCH, "Bergstra et al. (2009); Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward neural networks"),
    expression=lambda p: "x/(1 + abs(x))",
    fn=F.softsign,
    d1=F.softsign_d1,
    d2=F.softsign_d2,
)

SQUAREPLUS = Record(
    name="squareplus",
    summary="(x + √(x² + b))/2: a softplus-like curve with only algebraic operations.",
    kind="elementwise",
    aliases=("square_plus",),
    params=(Param("b", 4.0, "smoothness near 0 (b = 0 is ReLU)", "jax.nn.squareplus default b = 4", lo=0.0),),
    formula=Formula("squareplus(x) = (x + √(x² + b)) / 2", r"\mathrm{squareplus}(x) = \frac{x + \sqrt{x^2 + b}}{2}"),
    derivative=Formula("squareplus′(x) = (1 + x/√(x² + b)) / 2", r"\mathrm{squareplus}'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)"),
    second=Formula("squareplus″(x) = b / (2(x² + b)^{3/2})", r"\mathrm{squareplus}''(x) = \frac{b}{2\,(x^2 + b)^{3/2}}"),
    claims=_static(Claims(Interval(0, INF), True, None, Interval(0, 1))),
    cost="1 multiply, 1 add, 1 sqrt, 1 divide",
    init=lambda p: _he(),
    references=(JAX, "Barron (2021), Squareplus: A Softplus-Like Algebraic Rectifier, arXiv:2112.11687"),
    expression=lambda p: "(x + sqrt(x^2 + b))/2",
    fn=F.squareplus,
    d1=F.squareplus_d1,
    d2=F.squareplus_d2,
)

EXPONENTIAL = Record(
    name="exponential",
    summary="eˣ (Keras 'exponential'); unbounded gradient, use with care.",
    kind="elementwise",
    aliases=("exp",),
    formula=Formula("exponential(x) = eˣ", r"f(x) = e^{x}"),
    derivative=Formula("exponential′(x) = eˣ", r"f'(x) = e^{x}"),
    second=Formula("exponential″(x) = eˣ", r"f''(x) = e^{x}"),
    claims=_static(Claims(Interval(0, INF), True, None, Interval(0, INF))),
    cost="1 exp",
    init=lambda p: _xavier("positive output: Xavier (Glorot) with small weights"),
    references=("Keras activations docs, https://keras.io/api/layers/activations/",),
    expression=lambda p: "exp(x)",
    fn=F.exponential,
    d1=F.exponential_d1,
    d2=F.exponential_d2,
)

TANHSHRINK = Record(
    name="tanhshrink",
    summary="x − tanh(x): near-zero response around 0, linear in the tails.",
    kind="elementwise",
    aliases=("tanh_shrink",),
    formula=Formula("tanhshrink(x) = x − tanh(x)", r"\mathrm{tanhshrink}(x) = x - \tanh x"),
    derivative=Formula("tanhshrink′(x) = tanh²(x)", r"\mathrm{tanhshrink}'(x) = \tanh^2 x"),
    second=Formula("tanhshrink″(x) = 2·tanh(x)·sech²(x)", r"\mathrm{tanhshrink}''(x) = 2\tanh x\operatorname{sech}^2 x"),
    claims=_static(Claims(REAL, True, None, Interval(0, 1, True, False))),
    cost="1 tanh, 1 subtract",
    init=lambda p: _xavier("odd: Xavier (Glorot)"),
    references=(TORCH,),
    expression=lambda p: "x - tanh(x)",
    fn=F.tanhshrink,
    d1=F.tanhshrink_d1,
    d2=F.tanhshrink_d2,
)

# --- piecewise-linear functions ----------------------------------------------------------------------

HARDSIGMOID = Record(
    name="hardsigmoid",
    summary="Piecewise-linear sigmoid relu6(x + 3)/6 (MobileNetV3).",
    kind="elementwise",
    aliases=("hard_sigmoid",),
    formula=Formula("hardsigmoid(x) = relu6(x + 3)/6 = clip(x/6 + 1/2, 0, 1)", r"\mathrm{hardsigmoid}(x) = \frac{\mathrm{relu6}(x + 3)}{6}"),
    derivative=Formula("hardsigmoid′(x) = 1/6 if −3 < x < 3 else 0", r"\mathrm{hardsigmoid}'(x) = \begin{cases}1/6 & -3 < x < 3\\ 0 & \text{otherwise}\end{cases}"),
    second=Formula("hardsigmoid″(x) = 0 (x ≠ ±3)", r"\mathrm{hardsigmoid}''(x) = 0 \quad (x \neq \pm 3)"),
    claims=_static(
        Claims(
            Interval(0, 1, True, True),
            True,
            0,
            Interval(0, 1.0 / 6.0, True, True),
            kinks=(Kink(-3.0, 0.0, 0.0, 1.0 / 6.0), Kink(3.0, 0.0, 1.0 / 6.0, 0.0)),
            dead_zones=(Interval(-INF, -3), Interval(3, INF)),
        )
    ),
    cost="1 add, 1 divide, 2 compare",
    init=lambda p: _xavier("bounded: Xavier (Glorot)"),
    references=(TORCH, "Howard et al. (2019), Searching for MobileNetV3, arXiv:1905.02244 (Keras < 3 used 0.2x + 0.5)"),
    expression=lambda p: "min(max((x + 3)/6, 0), 1)",
    fn=F.hardsigmoid,
    d1=F.hardsigmoid_d1,
    d2=F.zero_d2,
)


def _hardtanh_claims(p: Params) -> Claims:
    lo, hi = _f(p, "min_val"), _f(p, "max_val")
    return Claims(
        Interval(lo, hi, True, True),
        True,
        0,
        Interval(0, 1, True, True),
        kinks=(Kink(lo, 0.0, 0.0, 1.0), Kink(hi, 0.0, 1.0, 0.0)),
        dead_zones=(Interval(-INF, lo), Interval(hi, INF)),
    )


HARDTANH = Record(
    name="hardtanh",
    summary="clip(x, min_val, max_val): piecewise-linear tanh.",
    kind="elementwise",
    aliases=("hard_tanh",),
    params=(
        Param("min_val", -1.0, "lower clip value (must be < max_val)", "PyTorch default −1"),
        Param("max_val", 1.0, "upper clip value (must be > min_val)", "PyTorch default 1"),
    ),
    formula=Formula("hardtanh(x) = min(max(x, min_val), max_val)", r"\mathrm{hardtanh}(x) = \min(\max(x, a), b)"),
    derivative=Formula("hardtanh′(x) = 1 if min_val < x < max_val else 0", r"\mathrm{hardtanh}'(x) = \begin{cases}1 & a < x < b\\ 0 & \text{otherwise}\end{cases}"),
    second=Formula("hardtanh″(x) = 0 (x ≠ min_val, max_val)", r"\mathrm{hardtanh}''(x) = 0"),
    claims=_hardtanh_claims,
    cost="2 compare",
    init=lambda p: _xavier("bounded: Xavier (Glorot)"),
    references=(TORCH,),
    expression=lambda p: "min(max(x, min_val), max_val)",
    fn=F.hardtanh,
    d1=F.hardtanh_d1,
    d2=F.zero_d2,
)

RELU6 = Record(
    name="relu6",
    summary="min(max(0, x), 6): ReLU capped at 6 (mobile networks).",
    kind="elementwise",
    aliases=("relu_6",),
    formula=Formula("relu6(x) = min(max(0, x), 6)", r"\mathrm{relu6}(x) = \min(\max(0, x), 6)"),
    derivative=Formula("relu6′(x) = 1 if 0 < x < 6 else 0", r"\mathrm{relu6}'(x) = \begin{cases}1 & 0 < x < 6\\ 0 & \text{otherwise}\end{cases}"),
    second=Formula("relu6″(x) = 0 (x ≠ 0, 6)", r"\mathrm{relu6}''(x) = 0"),
    claims=_static(
        Claims(
            Interval(0, 6, True, True),
            True,
            0,
            Interval(0, 1, True, True),
            kinks=(Kink(0.0, 0.0, 0.0, 1.0), Kink(6.0, 0.0, 1.0, 0.0)),
            dead_zones=(Interval(-INF, 0), Interval(6, INF)),
        )
    ),
    cost="2 compare",
    init=lambda p: _he(),
    references=(TORCH, "Krizhevsky (2010), Convolutional Deep Belief Networks on CIFAR-10"),
    expression=lambda p: "min(max(x, 0), 6)",
    fn=F.relu6,
    d1=F.relu6_d1,
    d2=F.zero_d2,
)

HARDSWISH = Record(
    name="hardswish",
    summary="x·relu6(x + 3)/6: piecewise swish (MobileNetV3).",
    kind="elementwise",
    aliases=("hard_swish", "hard_silu", "hardsilu"),
    formula=Formula("hardswish(x) = x·relu6(x + 3)/6", r"\mathrm{hardswish}(x) = x\,\frac{\mathrm{relu6}(x + 3)}{6}"),
    derivative=Formula(
        "hardswish′(x) = 0 if x ≤ −3, (2x + 3)/6 if −3 < x < 3, 1 if x ≥ 3",
        r"\mathrm{hardswish}'(x) = \begin{cases}0 & x \le -3\\ (2x + 3)/6 & -3 < x < 3\\ 1 & x \ge 3\end{cases}",
    ),
    second=Formula("hardswish″(x) = 1/3 if −3 < x < 3 else 0", r"\mathrm{hardswish}''(x) = \begin{cases}1/3 & -3 < x < 3\\ 0 & \text{otherwise}\end{cases}"),
    claims=_static(
        Claims(
            Interval(-0.375, INF, True),
            False,
            0,
            Interval(-0.5, 1.5),
            kinks=(Kink(-3.0, 0.0, 0.0, -0.5), Kink(3.0, 1.0, 1.5, 1.0)),
            dead_zones=(Interval(-INF, -3),),
        )
    ),
    cost="1 add, 2 compare, 2 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Howard et al. (2019), Searching for MobileNetV3, arXiv:1905.02244"),
    expression=lambda p: "x*min(max(x + 3, 0), 6)/6",
    fn=F.hardswish,
    d1=F.hardswish_d1,
    d2=F.hardswish_d2,
)


def _shrink_claims(p: Params, *, soft: bool) -> Claims:
    lam = _f(p, "lambd")
    if soft:
        kinks = (Kink(-lam, 0.0, 1.0, 0.0), Kink(lam, 0.0, 0.0, 1.0))
    else:
        kinks = (
            Kink(-lam, 0.0, 1.0, 0.0, continuous=False),
            Kink(lam, 0.0, 0.0, 1.0, continuous=False),
        )
    return Claims(
        REAL,
        True,
        0 if soft else -1,
        Interval(0, 1, True, True),
        kinks=kinks,
        dead_zones=(Interval(-lam, lam),),
    )


_LAMBD = Param("lambd", 0.5, "half-width of the zeroed band [−λ, λ]", "PyTorch default 0.5", lo=0.0)

SOFTSHRINK = Record(
    name="softshrink",
    summary="Soft thresholding: shrinks x towards 0 by λ, zero inside [−λ, λ].",
    kind="elementwise",
    aliases=("soft_shrink",),
    params=(_LAMBD,),
    formula=Formula("softshrink(x) = x − λ if x > λ; x + λ if x < −λ; else 0", r"\mathrm{softshrink}(x) = \begin{cases}x - \lambda & x > \lambda\\ x + \lambda & x < -\lambda\\ 0 & \text{otherwise}\end{cases}"),
    derivative=Formula("softshrink′(x) = 1 if |x| > λ else 0", r"\mathrm{softshrink}'(x) = \begin{cases}1 & |x| > \lambda\\ 0 & |x| \le \lambda\end{cases}"),
    second=Formula("softshrink″(x) = 0 (x ≠ ±λ)", r"\mathrm{softshrink}''(x) = 0"),
    claims=lambda p: _shrink_claims(p, soft=True),
    cost="2 compare, 1 add",
    init=lambda p: _xavier("odd: Xavier (Glorot)"),
    references=(TORCH,),
    expression=lambda p: "max(x - lambd, 0) + min(x + lambd, 0)",
    fn=F.softshrink,
    d1=F.softshrink_d1,
    d2=F.zero_d2,
)

HARDSHRINK = Record(
    name="hardshrink",
    summary="Hard thresholding: x where |x| > λ, else 0 (discontinuous at ±λ).",
    kind="elementwise",
    aliases=("hard_shrink",),
    params=(_LAMBD,),
    formula=Formula("hardshrink(x) = x if |x| > λ else 0", r"\mathrm{hardshrink}(x) = \begin{cases}x & |x| > \lambda\\ 0 & |x| \le \lambda\end{cases}"),
    derivative=Formula("hardshrink′(x) = 1 if |x| > λ else 0", r"\mathrm{hardshrink}'(x) = \begin{cases}1 & |x| > \lambda\\ 0 & |x| < \lambda\end{cases}"),
    second=Formula("hardshrink″(x) = 0 (x ≠ ±λ)", r"\mathrm{hardshrink}''(x) = 0"),
    claims=lambda p: _shrink_claims(p, soft=False),
    cost="2 compare",
    init=lambda p: _xavier("odd: Xavier (Glorot)"),
    references=(TORCH,),
    fn=F.hardshrink,
    d1=F.hardshrink_d1,
    d2=F.zero_d2,
)


def _threshold_claims(p: Params) -> Claims:
    th, v = _f(p, "threshold"), _f(p, "value")
    out = Interval(v, INF, True) if v <= th else Interval(th, INF)
    return Claims(
        out,
        v <= th,
        0 if v == th else -1,
        Interval(0, 1, True, True),
        kinks=(Kink(th, 0.0, 0.0, 1.0, continuous=(v == th)),),
        dead_zones=(Interval(-INF, th),),
    )


THRESHOLD = Record(
    name="threshold",
    summary="x if x > threshold else value (with the defaults 0, 0 it is ReLU).",
    kind="elementwise",
    params=(
        Param("threshold", 0.0, "the cut", "PyTorch has no default (both required); 0 makes it ReLU"),
        Param("value", 0.0, "output below the cut", "PyTorch has no default (both required); 0 makes it ReLU"),
    ),
    formula=Formula("threshold(x) = x if x > t else v", r"f(x) = \begin{cases}x & x > t\\ v & x \le t\end{cases}"),
    derivative=Formula("threshold′(x) = 1 if x > t else 0", r"f'(x) = \begin{cases}1 & x > t\\ 0 & x \le t\end{cases}"),
    second=Formula("threshold″(x) = 0 (x ≠ t)", r"f''(x) = 0"),
    claims=_threshold_claims,
    cost="1 compare",
    init=lambda p: _he(),
    references=(TORCH,),
    fn=F.threshold,
    d1=F.threshold_d1,
    d2=F.zero_d2,
)

# --- vector functions ------------------------------------------------------------------------------

LOG_SOFTMAX = Record(
    name="log_softmax",
    summary="Vector: log of softmax, computed stably; pair with negative log-likelihood.",
    kind="vector",
    aliases=("logsoftmax",),
    formula=Formula("log_softmax(z)ᵢ = zᵢ − ln Σⱼ e^{zⱼ}", r"\log\mathrm{softmax}(z)_i = z_i - \ln\sum_{j} e^{z_j}"),
    derivative=Formula("∂ℓᵢ/∂zⱼ = δᵢⱼ − sⱼ  (Jacobian I − 1·sᵀ, s = softmax(z))", r"\frac{\partial \ell_i}{\partial z_j} = \delta_{ij} - s_j"),
    second=Formula("∂²ℓᵢ/∂zⱼ∂zₖ = −sⱼ(δⱼₖ − sₖ)", r"\frac{\partial^2 \ell_i}{\partial z_j \partial z_k} = -s_j(\delta_{jk} - s_k)"),
    claims=_static(Claims(Interval(-INF, 0), True, None, Interval(0, 1))),
    cost="K exp, K add, 1 log1p, 1 max",
    init=lambda p: Init("xavier", 1.0, "output layer: Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(TORCH,),
    fn=F.log_softmax,
    jacobian=F.log_softmax_jacobian,
    vjp=F.log_softmax_vjp,
)

SOFTMIN = Record(
    name="softmin",
    summary="Vector: softmax(−z); puts the mass on the smallest inputs.",
    kind="vector",
    aliases=("soft_min",),
    formula=Formula("softmin(z)ᵢ = e^{−zᵢ} / Σⱼ e^{−zⱼ}", r"\mathrm{softmin}(z)_i = \frac{e^{-z_i}}{\sum_j e^{-z_j}}"),
    derivative=Formula("∂sᵢ/∂zⱼ = −sᵢ(δᵢⱼ − sⱼ)  (Jacobian −(diag(s) − s·sᵀ))", r"\frac{\partial s_i}{\partial z_j} = -s_i(\delta_{ij} - s_j)"),
    second=Formula("∂²sᵢ/∂zⱼ∂zₖ = sᵢ[(δᵢⱼ − sⱼ)(δᵢₖ − sₖ) − sⱼ(δⱼₖ − sₖ)]", r"\frac{\partial^2 s_i}{\partial z_j \partial z_k} = s_i\left[(\delta_{ij} - s_j)(\delta_{ik} - s_k) - s_j(\delta_{jk} - s_k)\right]"),
    claims=_static(Claims(Interval(0, 1), False, None, Interval(-0.25, 0, True, False))),
    cost="K exp, K add, K divide, 1 max",
    init=lambda p: Init("xavier", 1.0, "Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(TORCH,),
    fn=F.softmin,
    jacobian=F.softmin_jacobian,
    vjp=F.softmin_vjp,
)

#: Display order: the seed's six first, then the rest by family.
RECORDS: tuple[Record, ...] = (
    SIGMOID,
    TANH,
    RELU,
    LEAKY_RELU,
    SOFTMAX,
    IDENTITY,
    ELU,
    SELU,
    CELU,
    GELU,
    SILU,
    QUICK_GELU,
    MISH,
    SOFTPLUS,
    LOGSIGMOID,
    SOFTSIGN,
    SQUAREPLUS,
    EXPONENTIAL,
    TANHSHRINK,
    HARDSIGMOID,
    HARDTANH,
    RELU6,
    HARDSWISH,
    SOFTSHRINK,
    HARDSHRINK,
    THRESHOLD,
    LOG_SOFTMAX,
    SOFTMIN,
)
