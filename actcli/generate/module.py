"""The text of an exported module: f and f′ printed for one framework, wrapped the way that
framework extends autodiff (torch.autograd.Function + nn.Module, jax.custom_jvp, plain numpy)."""

from __future__ import annotations

import re
import shlex
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from actcli.generate.codegen import Framework, Printer
from actcli.generate.symbolic import Symbolic

if TYPE_CHECKING:
    from actcli.core.activation import Activation
    from actcli.core.record import Kink

_PRELUDE = {
    "numpy": '''
import numpy as np


def _where(cond, a, b, like):
    return np.where(cond, a, b)


def _softplus(u):
    return np.maximum(u, 0.0) + np.log1p(np.exp(-np.abs(u)))


def _sigmoid(u):
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
''',
    "torch": '''
import torch


def _where(cond, a, b, like):
    a = a if isinstance(a, torch.Tensor) else torch.full_like(like, a)
    b = b if isinstance(b, torch.Tensor) else torch.full_like(like, b)
    return torch.where(cond, a, b)


def _softplus(u):
    return torch.clamp(u, min=0.0) + torch.log1p(torch.exp(-torch.abs(u)))


def _sigmoid(u):
    e = torch.exp(-torch.abs(u))
    return torch.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
''',
    "jax": '''
import jax
import jax.numpy as jnp
import jax.scipy.special


def _where(cond, a, b, like):
    a = jnp.full_like(like, a) if not hasattr(a, "dtype") else a
    b = jnp.full_like(like, b) if not hasattr(b, "dtype") else b
    return jnp.where(cond, a, b)


def _softplus(u):
    return jnp.maximum(u, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(u)))


def _sigmoid(u):
    e = jnp.exp(-jnp.abs(u))
    return jnp.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
''',
}

_ZEROS = {"numpy": "np.zeros_like", "torch": "torch.zeros_like", "jax": "jnp.zeros_like"}


@dataclass(frozen=True)
class Verification:
    """How the numpy form of the exported expressions compared with mpmath."""

    points: int
    window: tuple[float, float]
    f_error: float  # largest relative error of f (absolute where the exact value is 0)
    f_at: float
    d1_error: float
    d1_at: float
    kinks_match: bool  # f′ at every kink equals actcli's documented value


def class_name(act: Activation) -> str:
    if act.record.estimated:
        return "CustomActivation"
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", act.record.name) if part)


def function_name(act: Activation) -> str:
    if act.record.estimated:
        return "custom_activation"
    return re.sub(r"[^A-Za-z0-9_]", "_", act.record.name)


def _body(fw: Framework, sym: Symbolic, kinks: tuple[Kink, ...]) -> tuple[str, bool]:
    """Definitions of _f(x, p…), _df(x, p…) and _df_<p>(x, p…), and whether erf is used."""
    pr = Printer(fw)
    args = ", ".join(["x"] + [s.name for s in sym.params])
    zeros = _ZEROS[fw]
    lines = [f"def _f({args}):", f"    return {pr(sym.f)} + {zeros}(x)", "", ""]
    lines += [f"def _df({args}):", f"    d = {pr(sym.d1)} + {zeros}(x)"]
    for k in kinks:
        lines.append(f"    d = _where(x == {k.x!r}, {float(k.derivative)!r}, d, x)  "
                     f"# kink at {k.x:g}: one-sided {k.left:g} | {k.right:g}")
    lines += ["    return d", "", ""]
    for s, dp in zip(sym.params, sym.dparams):
        lines += [f"def _df_{s.name}({args}):", f"    return {pr(dp)} + {zeros}(x)", "", ""]
    return "\n".join(lines), pr.uses_erf


#: whose value the derivative takes at a kink, as the module's docstring names it
_CONVENTION = {"torch": "PyTorch autograd", "jax": "jax.grad (jnp.clip splits a tie)", "sympy": "SymPy, Heaviside(0) = 1/2"}


def _header(act: Activation, fw: Framework, sym: Symbolic, ver: Verification, version: str) -> str:
    rec = act.record
    kinks = act.claims.kinks
    kink_lines = [
        f"  x = {k.x:g}: f' = {k.derivative:g} (one-sided limits {k.left:g} and {k.right:g}; "
        f"{_CONVENTION[k.convention]} convention)"
        for k in kinks
    ] or ["  none: f is differentiable everywhere"]
    how = {
        "numpy": "forward(x) and derivative(x) evaluate f and f'.",
        "torch": f"{class_name(act)}() is an nn.Module; {class_name(act)}Function.apply(x, ...) the "
                 "autograd.Function. backward() evaluates the analytic f' (double backward differentiates it).",
        "jax": f"{function_name(act)}(x, ...) is a jax.custom_jvp whose tangent rule evaluates the analytic f'.",
    }[fw]
    learn = ", ".join(f"{s.name} = {v!r}" for s, v in zip(sym.params, sym.defaults)) or "none"
    checked = (
        f"Verified when generated: this module's f and f' (numpy) against mpmath (60 to 800 digits) at "
        f"{ver.points} points of [{ver.window[0]:g}, {ver.window[1]:g}] and at the kinks: largest relative "
        f"error of f {ver.f_error:.1e} (x = {ver.f_at:g}), of f' {ver.d1_error:.1e} (x = {ver.d1_at:g}); "
        f"f' at the kinks {'equals' if ver.kinks_match else 'DIFFERS FROM'} actcli's documented values."
    )
    if fw != "numpy":
        checked += (
            f" The {fw} module prints the same expressions with {fw} operations; actcli's test suite "
            + ("checks it with torch.autograd.gradcheck and gradgradcheck in float64"
               if fw == "torch" else "checks it with jax.test_util.check_grads (orders 1 and 2) in float64")
            + " ('make test-frameworks')."
        )
    text = "\n".join([
        f"{act.spec} for {fw}, exported by actcli {version}:",
        f"    actcli export {shlex.quote(act.spec)} --to {fw}",
        "",
        rec.formula.text,
        rec.derivative.text,
        "",
        "The forward pass is the closed form with softplus, sigmoid, 1 + erf (as erfc), log1p and",
        "expm1 kept in overflow-free forms; the backward pass is the analytic derivative of that",
        "form (tanh' as 4 sigmoid(2u) sigmoid(-2u), not 1 - tanh^2).",
        "Derivative at the kinks:",
        *kink_lines,
        f"Learnable parameters (initial values): {learn}.",
        "",
        *textwrap.wrap(how, 96),
        "",
        *textwrap.wrap(checked, 96),
    ])
    return '"""' + text.replace("\\", "\\\\").replace('"""', "'''") + '\n"""\n'


def body_text(fw: Framework, act: Activation, sym: Symbolic) -> str:
    """Prelude and the _f/_df definitions (what the verification executes for numpy)."""
    body, uses_erf = _body(fw, sym, act.claims.kinks)
    prelude = _PRELUDE[fw].strip("\n")
    if fw == "numpy" and uses_erf:
        prelude += ("\n\n\ndef _erf(u):\n    from scipy.special import erf\n\n    return erf(u)"
                    "\n\n\ndef _erfc(u):\n    from scipy.special import erfc\n\n    return erfc(u)")
    return prelude + "\n\n\n" + body.rstrip("\n") + "\n"


def module_text(fw: Framework, act: Activation, sym: Symbolic, ver: Verification, version: str) -> str:
    names = [s.name for s in sym.params]
    values = list(sym.defaults)
    sig = ", ".join(["x"] + [f"{n}={v!r}" for n, v in zip(names, values)])
    call = ", ".join(["x"] + names)
    cls, fn = class_name(act), function_name(act)
    if fw == "numpy":
        tail = f'''
SPEC = {act.spec!r}


def forward({sig}):
    """f(x), elementwise, in float64."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        return _f({call})


def derivative({sig}):
    """f'(x), elementwise, in float64, with actcli's values at the kinks."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        return _df({call})
'''
        for n in names:
            tail += f'''

def derivative_{n}({sig}):
    """df/d{n} at x, elementwise."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        return _df_{n}({call})
'''
    elif fw == "torch":
        grads = "".join(f"\n        g_{n} = (grad * _df_{n}({call})).sum().reshape({n}.shape)" for n in names)
        ret = ", ".join(["grad * _df(" + call + ")"] + [f"g_{n}" for n in names])
        params_init = "".join(
            f"\n        self.{n} = torch.nn.Parameter(torch.tensor(float({n})))" for n in names)
        params_call = "".join(f", self.{n}.to(x.dtype)" for n in names)
        init_sig = ", ".join(["self"] + [f"{n}={v!r}" for n, v in zip(names, values)])
        tail = f'''
SPEC = {act.spec!r}


class {cls}Function(torch.autograd.Function):
    """f with the analytic f' as its backward pass."""

    @staticmethod
    def forward(ctx, {call}):
        ctx.save_for_backward({call})
        return _f({call})

    @staticmethod
    def backward(ctx, grad):
        {call}, = ctx.saved_tensors{grads}
        return {ret}


class {cls}(torch.nn.Module):
    """{act.spec} as a layer{' with learnable ' + ', '.join(names) if names else ''}."""

    def __init__({init_sig}):
        super().__init__(){params_init}

    def forward(self, x):
        return {cls}Function.apply(x{params_call})


Activation = {cls}
'''
    else:
        tangents = " + ".join([f"_df({call}) * t_x"] + [f"_df_{n}({call}) * t_{n}" for n in names])
        tnames = ", ".join(["t_x"] + [f"t_{n}" for n in names])
        tail = f'''
SPEC = {act.spec!r}


@jax.custom_jvp
def _{fn}_custom_jvp({call}):
    return _f({call})


@_{fn}_custom_jvp.defjvp
def _{fn}_jvp_rule(primals, tangents):
    {call}, = primals
    {tnames}, = tangents
    return _f({call}), {tangents}


def {fn}({sig}):
    """f(x), elementwise, differentiable with the analytic f'."""
    x = jnp.asarray(x)
    return _{fn}_custom_jvp({", ".join(["x"] + [f"jnp.asarray({n}, x.dtype)" for n in names])})


activation = {fn}
'''
    return _header(act, fw, sym, ver, version) + "\n" + body_text(fw, act, sym) + "\n" + tail
