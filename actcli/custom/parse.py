"""Text to an allow-listed Python syntax tree: the only place user text is read.

The text is parsed by :func:`ast.parse` and walked node by node against an allow-list; nothing the
user typed reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``. Input is bounded here by
length, node count and nesting depth; the bounds on what SymPy builds from it live in
:mod:`actcli.custom.symbolic`.

Grammar: numbers, ``x``, ``pi``, ``e``; ``+ - * / **`` and ``^`` (as power); unary ``-``/``+``;
parentheses; calls to exp, log, log1p, expm1, sqrt, abs, sin, cos, tanh, sinh, cosh, erf, max,
min, and to the registry's elementwise activations with keyword parameters
(``softplus(x, beta=2)``, ``gelu(x, approximate="tanh")``).
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from collections.abc import Callable

from actcli.errors import UsageError

MAX_LENGTH = 500
MAX_NODES = 300
MAX_DEPTH = 40
MAX_CALL_DEPTH = 24  # calls nested inside calls (each registry call expands to several levels)

MATH_FUNCTIONS = ("exp", "log", "log1p", "expm1", "sqrt", "abs", "sin", "cos", "tanh", "sinh", "cosh", "erf", "max", "min")
CONSTANTS = ("x", "pi", "e")


class ExpressionError(UsageError):
    """A malformed or refused expression; the message says where."""


def _fail(text: str, col: int | None, message: str, hint: str | None = None) -> ExpressionError:
    where = f" at column {col + 1}" if col is not None else ""
    snippet = ""
    if col is not None and 0 <= col < len(text):
        snippet = f" (near {text[col:col + 12]!r})"
    return ExpressionError(f"invalid expression{where}{snippet}: {message}", hint=hint)


_PY_KEYWORDS = {"import", "lambda", "for", "in", "if", "else", "and", "or", "not", "is", "def", "class",
                "return", "yield", "while", "with", "from", "as", "del", "global", "pass", "raise", "try"}


def looks_like_expression(spec: str) -> bool:
    """A misspelt registry name ("leaky-rel", "hard sigmoid") gets the registry's did-you-mean;
    anything with an operator, a call, a standalone x or a Python keyword is parsed as an expression."""
    text = spec.strip()
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)
    if "x" in words or _PY_KEYWORDS & set(words):
        return True
    return not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\- ]*(:.*)?", text)


# --- parsing -------------------------------------------------------------------------------------------


def _caret_to_power(text: str) -> tuple[str, Callable[[int], int]]:
    """Replace ^ by ** (with Python's precedence for **) and map columns back to the user's text."""
    out: list[str] = []
    mapping: list[int] = []
    for i, ch in enumerate(text):
        if ch == "^":
            out.append("**")
            mapping += [i, i]
        else:
            out.append(ch)
            mapping.append(i)
    mapping.append(len(text))
    return "".join(out), lambda col: mapping[min(max(col, 0), len(mapping) - 1)]


def _check_shape(text: str) -> None:
    if not text.strip():
        raise _fail(text, None, "it is empty")
    if len(text) > MAX_LENGTH:
        raise _fail(text, MAX_LENGTH, f"it is longer than {MAX_LENGTH} characters")
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(text, i, f"parentheses nest deeper than {MAX_DEPTH}")
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise _fail(text, i, "unbalanced ')'")
    if depth > 0:
        raise _fail(text, text.rfind("("), "unbalanced '(': a ')' is missing")


def parse(text: str) -> ast.expr:
    """The allow-listed syntax tree of ``text`` (errors name the column)."""
    _check_shape(text)
    source, back = _caret_to_power(text)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        col = back((err.offset or 1) - 1 + (len(source) - len(source.lstrip())))
        raise _fail(text, col, "not valid arithmetic", hint="e.g. x*tanh(softplus(x))") from None
    except (RecursionError, MemoryError, ValueError):
        raise _fail(text, None, "too complex to parse") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise _fail(text, None, f"it has more than {MAX_NODES} parts")
    _validate(tree.body, text, back, depth=0)
    if _call_depth(tree.body) > MAX_CALL_DEPTH:
        raise _fail(text, None, f"function calls nest deeper than {MAX_CALL_DEPTH}")
    return tree.body


def _call_depth(node: ast.AST) -> int:
    inner = max((_call_depth(c) for c in ast.iter_child_nodes(node)), default=0)
    return inner + (1 if isinstance(node, ast.Call) else 0)


_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


def _validate(node: ast.AST, text: str, back: Callable[[int], int], depth: int) -> None:
    col = back(getattr(node, "col_offset", 0))
    if depth > MAX_DEPTH:
        raise _fail(text, col, f"it nests deeper than {MAX_DEPTH}")
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _BINOPS):
            raise _fail(text, col, f"the operator {type(node.op).__name__} is not allowed", hint="use + - * / ** ^")
        _validate(node.left, text, back, depth + 1)
        _validate(node.right, text, back, depth + 1)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise _fail(text, col, "only unary + and - are allowed")
        _validate(node.operand, text, back, depth + 1)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _fail(text, col, f"{node.value!r} is not a real number")
        v = node.value
        if abs(v) > 10**300 if isinstance(v, int) else not (math.isfinite(v) and abs(v) <= 1e300):
            raise _fail(text, col, "number too large", hint="numbers must stay below 10^300")
    elif isinstance(node, ast.Name):
        if node.id not in CONSTANTS:
            known = list(CONSTANTS) + list(MATH_FUNCTIONS) + _registry_names()
            close = difflib.get_close_matches(node.id, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else "the variable is x; constants are pi and e"
            raise _fail(text, col, f"unknown name {node.id!r}", hint=hint)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise _fail(text, col, "only calls of named functions are allowed (no attributes, no lambdas)")
        name = node.func.id
        if name not in MATH_FUNCTIONS and not _registry_function(name):
            close = difflib.get_close_matches(name, list(MATH_FUNCTIONS) + _registry_names(), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(MATH_FUNCTIONS) + ", and activations by name"
            raise _fail(text, col, f"{name!r} is not an allowed function", hint=hint)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise _fail(text, col, "* and ** arguments are not allowed")
        for a in node.args:
            _validate(a, text, back, depth + 1)
        for k in node.keywords:
            kv = k.value
            if isinstance(kv, ast.Constant) and isinstance(kv.value, str):
                continue  # a choice parameter such as approximate="tanh", checked when bound
            _validate(kv, text, back, depth + 1)
    else:
        what = {
            ast.Attribute: "attribute access", ast.Lambda: "lambda", ast.ListComp: "comprehensions",
            ast.GeneratorExp: "comprehensions", ast.Compare: "comparisons", ast.BoolOp: "and/or",
            ast.Subscript: "indexing", ast.IfExp: "if/else", ast.NamedExpr: ":=",
        }.get(type(node), type(node).__name__)
        raise _fail(text, col, f"{what} is not allowed")


def _registry_function(name: str) -> bool:
    """``name in _registry_names()``, loading only that record (the list loads all of them, and
    the plugins: tens of milliseconds that an expression naming one registry function need not pay)."""
    from actcli.catalogue import registry
    from actcli.errors import ActcliError

    try:
        record = registry().lookup(name)
    except ActcliError:
        return False
    return record.name == name and record.kind == "elementwise" and record.expression is not None


def _registry_names() -> list[str]:
    from actcli.catalogue import registry

    return [r.name for r in registry().records() if r.kind == "elementwise" and r.expression is not None]


def parse_trusted(text: str) -> ast.expr:
    """A record's own closed form: written by us, so parsed without the user-input checks."""
    source, _ = _caret_to_power(text)
    return ast.parse(source, mode="eval").body
