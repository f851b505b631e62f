"""Gated activations: the input splits into two halves a and b along an axis; f(a, b) = a ⊗ g(b).

The halves follow torch.nn.functional.glu: the first half is a (the linear, or "up", half), the
second half b goes through the gate g, so glu(x) = x[:n] ⊗ σ(x[n:]). The transformers / LLaMA MLP
writes the same product as act(gate_proj(x)) ⊗ up_proj(x): its gate_proj output is b and its
up_proj output is a, i.e. actcli's input is concatenate([up, gate]).

Each gate g is a reference to an elementwise record (sigmoid, relu, gelu, silu, quick_gelu): its
functions are used as they are, never copied. gpt-oss's clamped SwiGLU also clamps both halves and
adds 1 to the linear half (its ``clamp`` and ``linear``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.catalogue._common import TORCH, _f
from actcli.catalogue.rectifiers import RELU
from actcli.catalogue.self_gated import GELU, QUICK_GELU, SILU
from actcli.catalogue.sigmoidal import SIGMOID
from actcli.core.record import INF, Claims, Formula, Init, Interval, Kink, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


SHAZEER = "Shazeer (2020), GLU Variants Improve Transformer, arXiv:2002.05202"
DAUPHIN = "Dauphin, Fan, Auli & Grangier (2017), Language Modeling with Gated Convolutional Networks, ICML"
TORCH_GLU = "torch.nn.GLU / torch.nn.functional.glu(x, dim=-1): first half a, second half b, a ⊗ σ(b)"
LLAMA = ("transformers LlamaMLP (also Mistral, Qwen2): down_proj(act_fn(gate_proj(x)) * up_proj(x)), "
         "hidden_act='silu'; here b = gate_proj(x), a = up_proj(x)")
GEMMA = ("transformers GemmaMLP: down_proj(act_fn(gate_proj(x)) * up_proj(x)), "
         "hidden_activation='gelu_pytorch_tanh'; here b = gate_proj(x), a = up_proj(x)")
GPT_OSS = ("openai/gpt-oss, gpt_oss/torch/model.py swiglu(x, alpha=1.702, limit=7.0) (commit 7b58334): "
           "x_glu, x_linear = x[..., ::2], x[..., 1::2]; x_glu.clamp(max=limit); "
           "x_linear.clamp(-limit, limit); x_glu·σ(α·x_glu)·(x_linear + 1)")
GATED_INIT = "gated MLP: each half is a linear map of the input; actcli advises no gain for a gated unit"


def _init(p: Params) -> Init:
    return Init("he", None, GATED_INIT)


def _product(name: str, g_text: str, g_latex: str, dg_text: str, dg_latex: str) -> tuple[Formula, Formula, Formula]:
    """f(a, b) = a ⊗ g(b) with its partials, the gate written out."""
    tex_name = name.replace("_", r"\_")
    return (
        Formula(f"{name}(a, b) = a ⊗ {g_text}", rf"\mathrm{{{tex_name}}}(a, b) = a \odot {g_latex}"),
        Formula(f"∂f/∂a = {g_text}", rf"\frac{{\partial f}}{{\partial a}} = {g_latex}"),
        Formula(f"∂f/∂b = a·{dg_text}", rf"\frac{{\partial f}}{{\partial b}} = a\,{dg_latex}"),
    )


def _unbounded(p: Params) -> Interval:
    """a ranges over ℝ and g takes a non-zero value: f(a, b) = a·g(b) takes every real value."""
    return Interval(-INF, INF)


def _gate_claims(gate: Record, params: Params | None = None) -> Any:
    """The gated record's claims are its gate's, as a function of b (g and g′)."""
    fixed = dict(gate.defaults()) | dict(params or {})
    return lambda p: gate.claims(fixed)


GLU = Record(
    name="glu",
    summary="Gated linear unit a ⊗ σ(b) on the two halves of the input (torch.nn.GLU).",
    kind="gated",
    formula=Formula("g(b) = σ(b) = 1 / (1 + e^{−b})", r"g(b) = \sigma(b) = \frac{1}{1 + e^{-b}}"),
    derivative=Formula("g′(b) = σ(b)·σ(−b)", r"g'(b) = \sigma(b)\,\sigma(-b)"),
    second=Formula("g″(b) = σ′(b)(1 − 2σ(b))", r"g''(b) = \sigma'(b)\,(1 - 2\sigma(b))"),
    product=_product("glu", "σ(b)", r"\sigma(b)", "σ(b)·σ(−b)", r"\sigma(b)\,\sigma(-b)"),
    claims=_gate_claims(SIGMOID),
    cost="per output: 1 exp, 1 add, 1 divide, 1 multiply",
    init=_init,
    product_range=_unbounded,
    references=(DAUPHIN, TORCH_GLU, TORCH),
    gate=SIGMOID,
)


REGLU = Record(
    name="reglu",
    summary="a ⊗ relu(b): the ReLU-gated GLU variant (Shazeer 2020).",
    kind="gated",
    formula=Formula("g(b) = relu(b) = max(0, b)", r"g(b) = \max(0, b)"),
    derivative=Formula("g′(b) = 1 if b > 0 else 0", r"g'(b) = \begin{cases}1 & b > 0\\ 0 & b \le 0\end{cases}"),
    second=Formula("g″(b) = 0 (b ≠ 0)", r"g''(b) = 0 \quad (b \neq 0)"),
    product=_product("reglu", "relu(b)", r"\max(0, b)", "relu′(b)", r"\mathbb{1}[b > 0]"),
    claims=_gate_claims(RELU),
    cost="per output: 1 compare, 1 multiply",
    init=_init,
    product_range=_unbounded,
    references=(SHAZEER, "at b = 0 the gate's derivative is 0, as torch.relu's autograd gives"),
    gate=RELU,
)


GEGLU = Record(
    name="geglu",
    summary="a ⊗ gelu(b) with the exact GELU (Shazeer 2020); geglu_tanh is Gemma's approximation.",
    kind="gated",
    formula=Formula("g(b) = gelu(b) = b·Φ(b)", r"g(b) = b\,\Phi(b)"),
    derivative=Formula("g′(b) = Φ(b) + b·φ(b),  φ(b) = e^{−b²/2}/√(2π)",
                       r"g'(b) = \Phi(b) + b\,\varphi(b),\; \varphi(b) = \frac{e^{-b^2/2}}{\sqrt{2\pi}}"),
    second=Formula("g″(b) = φ(b)(2 − b²),  φ(b) = e^{−b²/2}/√(2π)",
                   r"g''(b) = \varphi(b)\,(2 - b^2),\; \varphi(b) = \frac{e^{-b^2/2}}{\sqrt{2\pi}}"),
    product=_product("geglu", "b·Φ(b)", r"b\,\Phi(b)", "(Φ(b) + b·φ(b))", r"\left(\Phi(b) + b\,\varphi(b)\right)"),
    claims=_gate_claims(GELU, {"approximate": "none"}),
    cost="per output: 1 erf, 4 multiply, 1 add",
    init=_init,
    product_range=_unbounded,
    references=(SHAZEER, "torch.nn.functional.gelu(approximate='none') as the gate"),
    gate=GELU,
    gate_params=lambda p: {"approximate": "none"},
)


GEGLU_TANH = Record(
    name="geglu_tanh",
    summary="a ⊗ gelu_tanh(b): GeGLU with the tanh-approximate GELU, as Gemma's MLP.",
    kind="gated",
    formula=Formula("g(b) = b/2·(1 + tanh u),  u = √(2/π)(b + 0.044715b³)",
                    r"g(b) = \frac{b}{2}\left(1 + \tanh u\right),\; u = \sqrt{2/\pi}\,(b + 0.044715b^3)"),
    derivative=Formula("g′(b) = (1 + tanh u)/2 + b/2·sech²(u)·u′,  u′ = √(2/π)(1 + 0.134145b²)",
                       r"g'(b) = \frac{1 + \tanh u}{2} + \frac{b}{2}\operatorname{sech}^2(u)\,u',\; "
                       r"u' = \sqrt{2/\pi}\,(1 + 0.134145b^2)"),
    second=Formula("g″(b) = sech²(u)·(u′ − b·tanh(u)·u′² + b·u″/2),  u′ = √(2/π)(1 + 0.134145b²), u″ = √(2/π)·0.26829b",
                   r"g''(b) = \operatorname{sech}^2(u)\left(u' - b\tanh(u)\,u'^2 + \tfrac{b}{2}u''\right),\; "
                   r"u' = \sqrt{2/\pi}\,(1 + 0.134145b^2),\; u'' = \sqrt{2/\pi}\,0.26829\,b"),
    product=_product("geglu_tanh", "gelu_tanh(b)", r"\mathrm{gelu}_{\tanh}(b)", "gelu_tanh′(b)", r"\mathrm{gelu}_{\tanh}'(b)"),
    claims=_gate_claims(GELU, {"approximate": "tanh"}),
    cost="per output: 1 tanh, 6 multiply, 2 add",
    init=_init,
    product_range=_unbounded,
    references=(SHAZEER, GEMMA, "torch.nn.functional.gelu(approximate='tanh') as the gate"),
    gate=GELU,
    gate_params=lambda p: {"approximate": "tanh"},
)


SWIGLU = Record(
    name="swiglu",
    summary="a ⊗ silu(b): the SwiGLU of LLaMA, Mistral, Qwen and PaLM (transformers' gated MLP).",
    kind="gated",
    formula=Formula("g(b) = silu(b) = b·σ(b)", r"g(b) = b\,\sigma(b)"),
    derivative=Formula("g′(b) = σ(b)(1 + b·σ(−b))", r"g'(b) = \sigma(b)\left(1 + b\,\sigma(-b)\right)"),
    second=Formula("g″(b) = σ′(b)(2 − b·tanh(b/2))", r"g''(b) = \sigma'(b)\left(2 - b\tanh\tfrac{b}{2}\right)"),
    product=_product("swiglu", "b·σ(b)", r"b\,\sigma(b)", "σ(b)(1 + b·σ(−b))", r"\sigma(b)\left(1 + b\,\sigma(-b)\right)"),
    claims=_gate_claims(SILU),
    cost="per output: 1 exp, 1 add, 1 divide, 2 multiply",
    init=_init,
    product_range=_unbounded,
    references=(SHAZEER, LLAMA, "Chowdhery et al. (2022), PaLM, arXiv:2204.02311, §2"),
    gate=SILU,
)


# --- gpt-oss: both halves clamped, 1 added to the linear half -------------------------------


def _clamp_gate(b: Array, **p: Any) -> tuple[Array, Array]:
    """c(b) = min(b, limit) and c′(b) = 1 for b ≤ limit (torch's clamp passes the gradient at the
    bound itself), 0 above."""
    limit = float(p["limit"])
    c = np.minimum(b, np.asarray(limit, dtype=b.dtype))
    dc = (b <= limit).astype(b.dtype)
    return c, dc


def _linear(a: Array, **p: Any) -> tuple[Array, Array]:
    """u(a) = clamp(a, −limit, limit) + 1 and u′(a) = 1 on [−limit, limit] (bounds included, as
    torch's clamp), 0 outside."""
    limit = float(p["limit"])
    lim = np.asarray(limit, dtype=a.dtype)
    u = np.clip(a, -lim, lim) + np.asarray(1.0, dtype=a.dtype)
    du = ((a >= -limit) & (a <= limit)).astype(a.dtype)
    return u, du


_QG_MIN = -0.16361018963635358  # min of x·σ(1.702x) (quick_gelu's claims)
_QG_DERIVATIVE = Interval(-0.099839320128866917, 1.0998393201288669, True, True)  # quick_gelu's f′ range


def _quick_gelu_d1(x: float) -> float:
    s = 1.0 / (1.0 + math.exp(-1.702 * x))
    return s + 1.702 * x * s * (1.0 - s)


def _oss_claims(p: Params) -> Claims:
    """g(b) = quick_gelu(min(b, L)): quick_gelu's minimum and f′ range (its extrema lie below
    b = 2.3 < L for L ≥ 3; 0 above L is inside the range), its value at L the maximum, and a kink
    at L where g′ drops from quick_gelu′(L) to 0."""
    limit = _f(p, "limit")
    top = limit / (1.0 + math.exp(-1.702 * limit))
    d_at = _quick_gelu_d1(limit)
    return Claims(
        Interval(_QG_MIN, top, True, True),
        False,
        0,
        _QG_DERIVATIVE,
        kinks=(Kink(limit, d_at, d_at, 0.0),),
        dead_zones=(Interval(limit, INF),),
    )


def _oss_product_range(p: Params) -> Interval:
    """u(a) ∈ [1 − L, 1 + L] and g(b) ∈ [g_min, g(L)] with g(L) > 0 > g_min: the extremes of the
    product are at the corners, (1 − L)·g(L) and (1 + L)·g(L), both attained."""
    limit = _f(p, "limit")
    top = limit / (1.0 + math.exp(-1.702 * limit))
    corners = [u * g for u in (1 - limit, 1 + limit) for g in (_QG_MIN, top)]
    return Interval(min(corners), max(corners), True, True)


def _oss_linear_kinks(p: Params) -> tuple[Kink, ...]:
    limit = _f(p, "limit")
    return (Kink(-limit, 1.0, 0.0, 1.0), Kink(limit, 1.0, 1.0, 0.0))


SWIGLU_OSS = Record(
    name="swiglu_oss",
    summary="gpt-oss's clamped SwiGLU: (clamp(a, ±7) + 1) ⊗ quick_gelu(min(b, 7)), α = 1.702.",
    kind="gated",
    aliases=("swiglu_gpt_oss", "clamped_swiglu"),
    params=(
        Param("limit", 7.0, "clamp bound: b ≤ limit, −limit ≤ a ≤ limit", "gpt-oss swiglu(limit=7.0)",
              lo=3.0, lo_closed=True),
    ),
    formula=Formula("g(b) = c·σ(1.702c),  c = min(b, limit)", r"g(b) = c\,\sigma(1.702\,c),\quad c = \min(b, L),\ L = \text{limit}"),
    derivative=Formula(
        "g′(b) = σ(1.702b) + 1.702b·σ′(1.702b) for b ≤ limit, 0 above",
        r"g'(b) = \begin{cases}\sigma(1.702b) + 1.702\,b\,\sigma'(1.702b) & b \le L\\ 0 & b > L\end{cases}",
    ),
    second=Formula(
        "g″(b) = 1.702·σ′(1.702b)(2 − 1.702b·tanh(0.851b)) for b ≤ limit, 0 above",
        r"g''(b) = 1.702\,\sigma'(1.702b)\left(2 - 1.702\,b\tanh(0.851b)\right)\ (b \le L),\ 0\ (b > L)",
    ),
    product=(
        Formula("swiglu_oss(a, b) = (clamp(a, −limit, limit) + 1) ⊗ g(b)",
                r"f(a, b) = \left(\mathrm{clamp}(a, -L, L) + 1\right) \odot g(b),\quad L = \text{limit}"),
        Formula("∂f/∂a = g(b) for |a| ≤ limit, 0 outside", r"\frac{\partial f}{\partial a} = \mathbb{1}[|a| \le L]\,g(b)"),
        Formula("∂f/∂b = (clamp(a, −limit, limit) + 1)·g′(b)",
                r"\frac{\partial f}{\partial b} = \left(\mathrm{clamp}(a, -L, L) + 1\right) g'(b)"),
    ),
    claims=_oss_claims,
    cost="per output: 1 exp, 1 add, 1 divide, 3 multiply, 3 compare",
    init=_init,
    product_range=_oss_product_range,
    references=(
        GPT_OSS,
        "gpt-oss interleaves the halves (gate at even, linear at odd positions): actcli's a = x[..., 1::2], "
        "b = x[..., ::2]",
        "at a = ±limit and b = limit the derivative passes (torch.clamp's autograd includes the bounds)",
    ),
    gate=QUICK_GELU,
    clamp=_clamp_gate,
    linear=_linear,
    linear_kinks=_oss_linear_kinks,
)


GATED: tuple[Record, ...] = (GLU, REGLU, GEGLU, GEGLU_TANH, SWIGLU, SWIGLU_OSS)
