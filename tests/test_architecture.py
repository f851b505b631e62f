"""The house rules, checked on the source: which layer may import which, and no import cycle.

Imports run cli → present → {analysis, nn, recommend} → core; catalogue and custom feed api;
errors is a leaf. Lazy imports inside functions count too: a layer that imports upward lazily is
still tangled.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "actcli"

#: layer → the actcli layers it may import (itself always allowed)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "i18n": set(),  # the language and its catalogue: a leaf, like errors
    "core": {"errors"},
    "catalogue": {"core", "errors"},
    "custom": {"catalogue", "core", "errors"},
    # api also offers one call per command, returning present's notebook-ready results
    "api": {"catalogue", "custom", "core", "errors", "analysis", "nn", "recommend", "present", "generate"},
    "generate": {"custom", "core", "errors"},  # code generation from a record's closed form
    "nn": {"core", "errors"},
    "recommend": {"core", "errors"},
    "analysis": {"core", "errors", "nn"},
    # present reads the catalogue's display order (colours follow the activation), never api
    "present": {"analysis", "nn", "recommend", "catalogue", "core", "errors", "i18n"},
    # the command line calls the library (api) and hands its results to present; nothing else
    "cli": {"present", "api", "core", "errors", "init", "i18n"},
    "init": {"api", "core", "errors"},  # actcli/__init__.py: lazy re-exports
    "main": {"cli"},
}
#: third-party packages a layer must not import, even lazily
FORBIDDEN: dict[str, set[str]] = {
    "core": {"typer", "rich", "matplotlib", "sympy", "scipy"},
    "catalogue": {"typer", "rich", "matplotlib", "sympy"},
    "analysis": {"typer", "rich", "matplotlib", "sympy"},
    "nn": {"typer", "rich", "matplotlib", "sympy"},
    "recommend": {"typer", "rich", "matplotlib", "sympy", "numpy", "scipy"},
    "custom": {"typer", "rich", "matplotlib"},
    "api": {"typer", "rich", "matplotlib"},
    "generate": {"typer", "rich", "matplotlib"},
    "present": {"typer"},
    "errors": {"typer", "rich", "matplotlib", "sympy", "numpy", "scipy"},
    "i18n": {"typer", "rich", "matplotlib", "sympy", "numpy", "scipy"},
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "init"
    if parts[1] == "__main__":
        return "main"
    return parts[1]


def _imports() -> dict[str, set[str]]:
    """Every module of the package → every module it imports (anywhere in its body)."""
    out: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        out[module] = found
    return out


IMPORTS = _imports()
MODULES = set(IMPORTS)


def _internal(targets: set[str]) -> set[str]:
    return {t for t in targets if t in MODULES and t != "actcli"}


@pytest.mark.parametrize("module", sorted(IMPORTS))
def test_layers_import_only_downward(module: str) -> None:
    layer = _layer(module)
    allowed = ALLOWED[layer] | {layer}
    wrong = sorted(t for t in _internal(IMPORTS[module]) if _layer(t) not in allowed)
    assert not wrong, f"{module} ({layer}) imports {wrong}"
    banned = FORBIDDEN.get(layer, set())
    heavy = sorted(t for t in IMPORTS[module] if t.split(".")[0] in banned)
    assert not heavy, f"{module} ({layer}) imports {heavy}"


#: the only modules of core the command line may use: cheap constants and the choice checker
CLI_CORE = {"actcli.core", "actcli.core.constants", "actcli.core.choices"}


@pytest.mark.parametrize("module", sorted(m for m in IMPORTS if _layer(m) == "cli"))
def test_the_cli_calls_the_library_through_api_only(module: str) -> None:
    """A command parses, calls actcli.api, and hands the result to present: it never reaches into
    analysis, nn, recommend, custom, catalogue or generate, nor into core beyond its constants."""
    wrong = sorted(t for t in _internal(IMPORTS[module])
                   if _layer(t) == "core" and t not in CLI_CORE)
    assert not wrong, f"{module} imports {wrong}"


def test_nothing_imports_the_cli() -> None:
    users = sorted(m for m, targets in IMPORTS.items()
                   if _layer(m) not in ("cli", "main") and any(_layer(t) == "cli" for t in _internal(targets)))
    assert not users


def test_the_package_has_no_import_cycle() -> None:
    graph = {m: {t for t in _internal(targets) if t != m} for m, targets in IMPORTS.items()}
    # a package's __init__ re-exporting its own submodules is not a cycle of layers: drop
    # edges from a module to the package that contains it
    for m, targets in graph.items():
        graph[m] = {t for t in targets if not m.startswith(t + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_the_library_loads_nothing_of_the_front_end() -> None:
    """Using the library (registry, analysis, recommender) loads neither typer, rich,
    matplotlib nor sympy."""
    code = (
        "import sys, actcli\n"
        "from actcli.analysis.derive import derive\n"
        "from actcli.analysis.profile import profile\n"
        "from actcli.recommend.engine import recommend\n"
        "derive(actcli.get('gelu')); profile(actcli.get('relu'), timing=False); recommend('binary')\n"
        "print(' '.join(m for m in ('typer', 'rich', 'matplotlib', 'sympy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
