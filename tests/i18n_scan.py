"""What the translation tests read from the source, as xgettext would: the msgids the code marks
(``_()``, ``N_()``, ``ngettext()``, the docstrings Typer shows as command help), the English prose
it leaves unmarked, and the templates of the library's error messages (``raise UsageError(f"...")``),
which the command line translates when it shows them (:func:`actcli.i18n.reword`)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from actcli.cli.translate import help_key

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "actcli"

MARKERS = {"_", "N_", "ngettext"}
#: the exceptions whose message and hint are shown to the user (actcli.errors and its subclasses)
ERRORS = {"ActcliError", "UsageError", "ParameterError", "UnknownActivationError", "NotElementwiseError",
          "OutputError", "ExportError", "ExpressionError", "BoundError"}
#: functions that build such an exception from (text, column, message, hint): custom/parse.py's _fail
ERROR_BUILDERS = {"_fail": (2, 3)}
#: English prose: two words of letters in a row
PROSE = re.compile(r"[A-Za-z]{2,}[,;:']?\s+[A-Za-z]{2,}")


@dataclass(frozen=True)
class Found:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text!r}"


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    return "value"


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PACKAGE / folder).rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _is_command(node: ast.AST) -> bool:
    """A function Typer turns into a command or the app's callback (its docstring is help)."""
    if not isinstance(node, ast.FunctionDef):
        return False
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    return False


def msgids(path: Path) -> Iterator[Found]:
    """The texts ``path`` marks for translation, and its command docstrings (as help keys)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in MARKERS and isinstance(node.func, ast.Name):
            # ngettext's singular is the msgid: the catalogue holds one form under it (i18n.ngettext)
            for arg in node.args[:1]:
                for branch in (arg.body, arg.orelse) if isinstance(arg, ast.IfExp) else (arg,):
                    if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                        yield Found(path, branch.lineno, branch.value)
        if isinstance(node, ast.FunctionDef) and _is_command(node):
            doc = ast.get_docstring(node)
            if doc:
                yield Found(path, node.lineno, help_key(doc))


def definitions(tree: ast.Module) -> dict[str, ast.stmt]:
    """The module's top-level functions, classes and assignments, by name."""
    out: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out.update((t.id, node) for t in targets if isinstance(t, ast.Name))
    return out


def unmarked_prose(path: Path, english_only: frozenset[str] = frozenset()) -> Iterator[Found]:
    """String literals (and f-strings) that read as English prose but are not marked, and are not
    docstrings or a library error's text (checked as templates, :func:`error_templates`), nor
    inside the top-level definitions named in ``english_only`` (text only JSON carries)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for name, definition in definitions(tree).items():
        if name in english_only:
            skip.update(id(n) for n in ast.walk(definition))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in MARKERS | ERRORS | set(ERROR_BUILDERS):
            skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            text = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if PROSE.search(text):
                yield Found(path, node.lineno, text)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and PROSE.search(node.value):
            yield Found(path, node.lineno, node.value)


def _template(node: ast.expr) -> list[str] | None:
    """The msgid(s) a message expression fills in: ``f"unknown {name!r}"`` → ``unknown {name}``;
    None when it is not built from literals (a variable, a call)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value.replace("{", "{{").replace("}", "}}")]
    if isinstance(node, ast.JoinedStr):
        out: list[str] = []
        seen: dict[str, int] = {}
        for v in node.values:
            if isinstance(v, ast.Constant):
                out.append(str(v.value).replace("{", "{{").replace("}", "}}"))
            else:
                assert isinstance(v, ast.FormattedValue)
                name = _name(v.value)
                seen[name] = seen.get(name, 0) + 1
                out.append("{" + (name if seen[name] == 1 else f"{name}{seen[name]}") + "}")
        return ["".join(out)]
    if isinstance(node, ast.IfExp):
        a, b = _template(node.body), _template(node.orelse)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _template(node.left), _template(node.right)
        if a is not None and b is not None and len(a) == len(b) == 1:
            return [a[0] + b[0]]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
            and isinstance(node.func.value, ast.Call) and _name(node.func.value.func) in MARKERS:
        return []  # N_("...").format(...): the msgid is marked, msgids() has it
    return None


def error_templates(paths: list[Path]) -> tuple[dict[str, Found], list[Found]]:
    """Every message and hint template of a raised library error, and the expressions that are not
    templates (variables, calls: their text comes from elsewhere and is checked by running it)."""
    found: dict[str, Found] = {}
    opaque: list[Found] = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name in ERRORS:
                args: list[ast.expr] = list(node.args[:2])
            elif name in ERROR_BUILDERS:
                args = [node.args[i] for i in ERROR_BUILDERS[name] if i < len(node.args)]
            else:
                continue
            hint = [k.value for k in node.keywords if k.arg == "hint"]
            args = args[:1] + hint if hint else args
            for arg in args:
                if isinstance(arg, ast.Constant) and arg.value is None:
                    continue
                texts = _template(arg)
                if texts is None:
                    opaque.append(Found(path, node.lineno, ast.unparse(arg)))
                    continue
                for text in texts:
                    found.setdefault(text, Found(path, node.lineno, text))
    return found, opaque
