"""Printing the stable SymPy expressions as Python source for numpy, PyTorch or JAX.

A small printer of our own rather than SymPy's code printers: the node set is the grammar's
(plus softplus and sigmoid), and three conventions matter that generic printers do not keep —
a step (Heaviside, ½ at 0 as in SymPy) multiplies by selecting, never by 0·inf; constants take the input's dtype
(no float32 literals inside a float64 graph); and the derivative at each kink is set to the value
actcli documents, whatever the formula gives there.
"""

from __future__ import annotations

from typing import Any, Literal

from actcli.generate.symbolic import ExportError

Framework = Literal["numpy", "torch", "jax"]
FRAMEWORKS: tuple[Framework, ...] = ("torch", "jax", "numpy")

_NAMES: dict[str, dict[str, str]] = {
    "numpy": {
        "exp": "np.exp", "log": "np.log", "log1p": "np.log1p", "expm1": "np.expm1", "sqrt": "np.sqrt",
        "Abs": "np.abs", "sin": "np.sin", "cos": "np.cos", "tanh": "np.tanh", "sinh": "np.sinh",
        "cosh": "np.cosh", "erf": "_erf", "erfc": "_erfc", "sign": "np.sign",
    },
    "torch": {
        "exp": "torch.exp", "log": "torch.log", "log1p": "torch.log1p", "expm1": "torch.expm1",
        "sqrt": "torch.sqrt", "Abs": "torch.abs", "sin": "torch.sin", "cos": "torch.cos", "tanh": "torch.tanh",
        "sinh": "torch.sinh", "cosh": "torch.cosh", "erf": "torch.special.erf", "erfc": "torch.special.erfc",
        "sign": "torch.sign",
    },
    "jax": {
        "exp": "jnp.exp", "log": "jnp.log", "log1p": "jnp.log1p", "expm1": "jnp.expm1", "sqrt": "jnp.sqrt",
        "Abs": "jnp.abs", "sin": "jnp.sin", "cos": "jnp.cos", "tanh": "jnp.tanh", "sinh": "jnp.sinh",
        "cosh": "jnp.cosh", "erf": "jax.scipy.special.erf", "erfc": "jax.scipy.special.erfc",
        "sign": "jnp.sign",
    },
}


class Printer:
    """Python source for one expression; ``like`` names the array whose dtype constants take."""

    def __init__(self, framework: Framework, like: str = "x") -> None:
        self.names = _NAMES[framework]
        self.like = like
        self.uses_erf = False

    def __call__(self, e: Any) -> str:
        return self.p(e)

    def p(self, e: Any) -> str:
        import sympy as sp
        from sympy.codegen.cfunctions import expm1, log1p

        from actcli.generate.symbolic import _functions

        softplus, sigmoid = _functions()
        from actcli.generate.symbolic import _tanh

        if isinstance(e, _tanh()):
            return f"{self.names['tanh']}({self.p(e.args[0])})"
        if type(e).__name__ == "Erfc":
            self.uses_erf = True
            return f"{self.names['erfc']}({self.p(e.args[0])})"
        if isinstance(e, sp.Symbol):
            return str(e.name)
        if e.is_Number or e in (sp.pi, sp.E) or (e.is_number and e.is_real and not e.free_symbols):
            value = float(e)
            return repr(value) if value >= 0 else f"({value!r})"
        if isinstance(e, sp.Add):
            return "(" + " + ".join(self.p(a) for a in e.args) + ")"
        if isinstance(e, sp.Mul):
            steps = [a for a in e.args if isinstance(a, sp.Heaviside)]
            rest = [a for a in e.args if not isinstance(a, sp.Heaviside)]
            body = "(" + " * ".join(self.p(a) for a in rest) + ")" if rest else "1.0"
            for h in steps:  # H(u)·g selects g, so an inf or NaN in g where u < 0 stays out
                u = self.p(h.args[0])
                body = f"_where({u} > 0, {body}, _where({u} == 0, 0.5 * {body}, 0.0, {self.like}), {self.like})"
            return body
        if isinstance(e, sp.Heaviside):  # SymPy's H(0) = 1/2: f′ where two pieces meet smoothly
            u = self.p(e.args[0])
            return f"_where({u} > 0, 1.0, _where({u} == 0, 0.5, 0.0, {self.like}), {self.like})"
        if isinstance(e, sp.Pow):
            base, ex = self.p(e.base), e.exp
            if ex == sp.Rational(1, 2):
                return f"{self.names['sqrt']}({base})"
            if ex == -sp.Rational(1, 2):
                return f"(1.0 / {self.names['sqrt']}({base}))"
            if ex == -1:
                return f"(1.0 / {base})"
            if ex.is_Integer:
                return f"({base} ** {int(ex)})"
            return f"({base} ** {self.p(ex)})"
        if isinstance(e, (sp.Max, sp.Min)):
            op = ">=" if isinstance(e, sp.Max) else "<="
            args = [self.p(a) for a in e.args]
            out = args[0]
            for a in args[1:]:
                out = f"_where({out} {op} {a}, {out}, {a}, {self.like})"
            return out
        if isinstance(e, softplus):
            return f"_softplus({self.p(e.args[0])})"
        if isinstance(e, sigmoid):
            return f"_sigmoid({self.p(e.args[0])})"
        name = {log1p: "log1p", expm1: "expm1"}.get(type(e), type(e).__name__)
        if name in self.names and len(e.args) == 1:
            self.uses_erf = self.uses_erf or name in ("erf", "erfc")
            return f"{self.names[name]}({self.p(e.args[0])})"
        raise ExportError(f"cannot export the function {type(e).__name__} yet",
                          hint="write the activation with exp, log, tanh, erf, max, min, abs, sqrt")
