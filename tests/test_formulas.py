"""The printed formulas say what the code computes: values at the ties the formulas name, and
mechanical checks of every record's text and LaTeX (symbols defined where they are used, names
escaped, each kink in exactly one case of a piecewise LaTeX)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.api import get, records
from actcli.core.record import Formula, Params, Record

# --- values at the ties ------------------------------------------------------------------------


@pytest.mark.parametrize(("beta", "threshold", "x"), [(1.0, 1.0, 1.0), (2.0, 20.0, 10.0), (0.5, -1.0, -2.0)])
def test_softplus_second_derivative_is_zero_at_the_cut(beta: float, threshold: float, x: float) -> None:
    """PyTorch's double backward masks with β·x < threshold: f″ = 0 at β·x = threshold, while its
    backward (f′) keeps σ(βx) there."""
    act = actcli.get("softplus", beta=beta, threshold=threshold)
    assert beta * x == threshold  # a tie in float64
    assert act.derivative(x, order=2) == 0.0
    assert act.derivative(np.array([x]), order=2)[0] == 0.0
    assert act.derivative(x) == pytest.approx(1.0 / (1.0 + math.exp(-threshold)), rel=1e-15)
    below = np.nextafter(x, -math.inf)
    s = 1.0 / (1.0 + math.exp(-beta * below))
    assert act.derivative(below, order=2) == pytest.approx(beta * s * (1.0 - s), rel=1e-12)


def test_softplus_second_derivative_in_float32_at_the_cut() -> None:
    act = actcli.get("softplus", beta=1.0, threshold=1.0)
    y = act.derivative(np.array([0.5, 1.0, 2.0], dtype=np.float32), order=2)
    assert y.dtype == np.float32
    assert y[1] == 0.0 and y[2] == 0.0 and y[0] > 0.2


def _xielu_at_eps(order: int) -> float:
    an, b, eps = mp.mpf(0.8), mp.mpf(0.5), mp.mpf(-1e-6)
    return float(an * (mp.exp(eps) / 2 - 1) + b if order == 1 else an * mp.exp(eps) / 4)


def _quick_gelu_d2(x: float) -> float:
    """(b·σ(1.702b))″ by mpmath's numerical differentiation."""
    k = mp.mpf("1.702")

    def g(t: mp.mpf) -> mp.mpf:
        return t / (1 + mp.exp(-k * t))

    return float(mp.diff(g, mp.mpf(x), 2))


#: (spec, x, order, what the printed formula says there), the value from mpmath
AT_THE_TIES = [
    ("xielu", -1e-6, 1, lambda: _xielu_at_eps(1)),  # α_n·(½e^ε − 1) + β
    ("xielu", -1e-6, 2, lambda: _xielu_at_eps(2)),  # α_n·e^ε/4
    ("hard_elish", -1.0, 2, lambda: float(mp.exp(-1) * 2 / 2)),  # eˣ(x + 3)/2 at −1 ≤ x
    ("hard_mish", -2.0, 2, lambda: 1.0),
    ("hard_mish", 0.0, 2, lambda: 1.0),
    ("sparse_sigmoid", 1.0, 1, lambda: 0.25),
    ("sparse_sigmoid", -1.0, 1, lambda: 0.25),
    ("hardshrink:lambd=0.5", 0.5, 1, lambda: 0.0),  # |x| ≤ λ
    ("gelu_10", 10.0, 2, lambda: float(mp.npdf(10) * (2 - 100))),  # x·Φ(x) ≤ 10
]


@pytest.mark.parametrize(("spec", "x", "order", "expected"), AT_THE_TIES, ids=lambda v: str(v) if not callable(v) else "")
def test_the_value_the_formula_states_at_a_tie(spec: str, x: float, order: int, expected: Callable[[], float]) -> None:
    got = float(actcli.get(spec).derivative(x, order=order))
    assert got == pytest.approx(expected(), rel=1e-13, abs=1e-300)


def test_swiglu_oss_gate_second_derivative_at_the_limit() -> None:
    """g″(b) = quick_gelu″(b) for b ≤ limit, the limit included (torch's clamp passes the gradient there)."""
    act = actcli.get("swiglu_oss")
    assert float(act.gate_derivative(7.0, order=2)) == pytest.approx(_quick_gelu_d2(7.0), rel=1e-9)
    assert float(act.gate_derivative(np.nextafter(7.0, 8.0), order=2)) == 0.0


# --- mechanical checks of the formulas ----------------------------------------------------------


def _all_formulas() -> list[tuple[str, Record, Params, tuple[Formula, ...]]]:
    """(label, record, params, (f, f′, f″[, product, ∂/∂a, ∂/∂b])) for every record at its defaults
    and at the parameter values that switch formulas (gelu's tanh form, softplus's cut-off)."""
    out = []
    for r in records():
        variants: list[Params] = [dict(get(r.name).params)]
        if r.name == "gelu":
            variants.append({"approximate": "tanh"})
        if r.name == "softplus":
            variants.append({"beta": 1.0, "threshold": 20.0})
        for params in variants:
            formulas = tuple(r.formulas_for(params)) + tuple(r.product or ())
            out.append((f"{r.name}{params}", r, params, formulas))
    return out


FORMULAS = _all_formulas()


def test_every_mathrm_name_escapes_its_underscores() -> None:
    wrong = [(label, f.latex) for label, _, _, fs in FORMULAS for f in fs
             for name in re.findall(r"\\mathrm\{([^}]*)\}", f.latex) if re.search(r"(?<!\\)_", name)]
    assert not wrong, wrong


def test_parameter_letters_the_text_defines_are_defined_in_the_latex() -> None:
    """A text that says "(a = negative_slope)" has a LaTeX that says a = \\text{negative\\_slope}."""
    wrong = []
    for label, r, _, fs in FORMULAS:
        names = {p.name for p in r.params}
        for f in fs:
            for letter, name in re.findall(r"\b(\w) = (\w+)\b", f.text):
                if name in names:
                    tex = r"\text{" + name.replace("_", r"\_") + "}"
                    if not re.search(rf"{re.escape(letter)} = {re.escape(tex)}", f.latex):
                        wrong.append((label, letter, name, f.latex))
    assert not wrong, wrong


#: helper symbols: how each is used in the text and in the LaTeX, and how its definition starts
#: (the symbol, an optional argument, " = ")
HELPERS: dict[str, tuple[str, str, str, str]] = {
    "u": (r"(?<![\w′])u(?![\w′″])", r"(?<![\\\w])u(?!['\w])", r"(?<![\w′])u", r"(?<![\\\w])u"),
    "u′": (r"u′(?!′)", r"u'(?!')", r"u′", r"u'"),
    "u″": (r"u″", r"u''", r"u″", r"u''"),
    "φ": (r"φ", r"\\varphi", r"φ", r"\\varphi"),
    "g′": (r"g′", r"g'(?!')", r"g′", r"g'"),
    "g″": (r"g″", r"g''", r"g″", r"g''"),
    "D": (r"\bD\b", r"(?<![\\\w])D\b", r"\bD", r"(?<![\\\w])D"),
    "sp": (r"\bsp\b", r"\\mathrm\{sp\}", r"\bsp", r"\\mathrm\{sp\}"),
    "p": (r"(?<![\w∂])p(?![\w(ᵢⱼ])", r"(?<![\\\w{])p(?![\w_])", r"(?<![\w∂])p", r"(?<![\\\w{])p"),
    "|S|": (r"\|S\|", r"\|S\|", r"\|S\|", r"\|S\|"),
    "k": (r"(?<!\w)k(?=[x(]|c)", r"(?<![\\\w])k(?=[x(]|c)", r"(?<!\w)k", r"(?<![\\\w])k"),
    "c": (r"(?<!\w)c(?=x)", r"(?<![\\\w])c(?=x)", r"(?<!\w)c", r"(?<![\\\w])c"),
}


def _defined(pattern: str, s: str) -> bool:
    """``pattern`` followed by an optional argument and " = ": the symbol's definition."""
    return re.search(pattern + r"(\([^()]*\))? = ", s) is not None


@pytest.mark.parametrize("which", ["text", "latex"])
def test_every_helper_symbol_is_defined_where_it_is_used(which: str) -> None:
    """derive prints f with one derivative: a helper symbol (u, u′, φ, D, ...) in f′ or f″ is
    defined in that formula or in f; one in f is defined in f. (A vector record's p is its output.)"""
    wrong = []
    column = 0 if which == "text" else 1
    for label, r, _, fs in FORMULAS:
        f0 = getattr(fs[0], which)
        for i, f in enumerate(fs[:3]):
            s = getattr(f, which)
            for sym, pats in HELPERS.items():
                if sym == "p" and r.kind == "vector":
                    continue
                use, define = pats[column], pats[column + 2]
                if re.search(use, s) and not (_defined(define, s) or _defined(define, f0)):
                    wrong.append((label, i, sym, s))
    assert not wrong, "\n".join(map(str, wrong))


def _conditions(latex: str) -> list[list[str]]:
    """The conditions of each cases environment: one list per environment."""
    return [[row.split("&", 1)[1].strip() for row in body.split(r"\\")]
            for body in re.findall(r"\\begin\{cases\}(.*?)\\end\{cases\}", latex)]


def _as_python(condition: str, symbols: dict[str, str]) -> str | None:
    """A case condition as a Python expression in x and the parameters' variables (``symbols``:
    LaTeX symbol → variable), or None when it is not a plain comparison."""
    s = condition
    for tex, py in ((r"\le", " <= "), (r"\ge", " >= "), (r"\neq", " != "), (r"\text{ or }", " or "),
                    (r"\pm", "±"), (r"x\Phi(x)", "x*Phi(x)")):
        s = s.replace(tex, py)
    s = re.sub(r"\|x\|", "abs(x)", s)
    s = re.sub(r"(?<![<>=!])=(?!=)", "==", s)
    for sym, var in symbols.items():
        pattern = rf"\\{sym}\b" if len(sym) > 1 and sym.isalpha() else rf"(?<![\w\\]){re.escape(sym)}(?!\w)"
        s = re.sub(pattern, var, s)
    s = re.sub(r"(p_\w+)\s*x\b", r"\1*x", s)  # \beta x
    if "±" in s:  # x = ±1: either sign
        s = "(" + s.replace("±", "") + ") or (" + s.replace("±", "-") + ")"
    if re.search(r"[A-Za-z\\{}]", re.sub(r"\b(x|abs|or|Phi|p_\w+)\b", "", s)):
        return None
    return s


#: LaTeX symbols and the parameters they stand for
SYMBOLS = {"lambda": "lambd", "varepsilon": "eps", "beta": "beta", "t": "threshold", "t_l": "t_left",
           "t_r": "t_right", "a": "min_val", "b": "max_val", "L": "limit"}


def _phi_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def test_each_kink_falls_in_exactly_one_case() -> None:
    """Every kink of a piecewise record lies in exactly one branch of each cases environment of its
    f′ and f″ LaTeX (≤ in one branch, < in the other), and ``\\text{otherwise}`` takes the rest."""
    checked: set[str] = set()
    wrong = []
    for label, r, params, fs in FORMULAS:
        if r.kind != "elementwise":
            continue
        claims = r.claims(params)
        points = {k.x for k in claims.kinks} | set(claims.d2_kinks)
        if not points:
            continue
        symbols = {sym: f"p_{name}" for sym, name in SYMBOLS.items() if isinstance(params.get(name), (int, float))}
        env = {f"p_{name}": float(params[name]) for name in SYMBOLS.values()
               if isinstance(params.get(name), (int, float))}
        for f in fs[1:3]:
            for conditions in _conditions(f.latex):
                parsed = [_as_python(c, symbols) if c != r"\text{otherwise}" else "otherwise" for c in conditions]
                exprs = [e for e in parsed if e is not None]
                if len(exprs) < len(parsed):
                    continue
                for x in points:
                    # the conditions are the catalogue's own constant strings, read with no builtins
                    scope = {"__builtins__": {}, "abs": abs, "Phi": _phi_cdf}
                    hits = [e for e in exprs if e != "otherwise" and eval(e, scope, {"x": x, **env})]  # noqa: S307
                    n = len(hits) if hits or "otherwise" not in exprs else 1
                    checked.add(r.name)
                    if n != 1:
                        wrong.append((label, x, conditions, hits))
    assert len(checked) >= 24, sorted(checked)  # the parser reads the usual conditions
    assert not wrong, "\n".join(map(str, wrong))


def test_latex_states_the_exclusions_the_text_states() -> None:
    """A text that says where its formula does not hold, "(x ≠ 0)", has a LaTeX that says it too."""
    wrong = [(label, f.text, f.latex) for label, _, _, fs in FORMULAS for f in fs
             if re.search(r"\(x ≠ [^)]*\)", f.text) and r"\neq" not in f.latex]
    assert not wrong, wrong
