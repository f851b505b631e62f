"""Write docs/api.md, the reference of ``import actcli``, from the docstrings and signatures
(``python scripts/api_reference.py``; ``--check`` exits 1 when docs/api.md is stale, which
tests/test_api.py runs)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this source tree, not an installed copy

import actcli  # noqa: E402

TARGET = ROOT / "docs" / "api.md"


def _doc(obj: object) -> str:
    return inspect.cleandoc(inspect.getdoc(obj) or "(undocumented)")


def _entry(name: str, obj: object) -> list[str]:
    if inspect.isclass(obj):
        out = [f"### `actcli.{name}`", "", "class", "", _doc(obj), ""]
        for attr, member in sorted(vars(obj).items()):
            if attr.startswith("_") or not callable(member) or not getattr(member, "__doc__", None):
                continue
            out += [f"#### `{name}.{attr}{inspect.signature(member)}`", "", _doc(member), ""]
        return out
    if callable(obj):
        return [f"### `actcli.{name}{inspect.signature(obj)}`", "", _doc(obj), ""]
    return [f"### `actcli.{name}`", "", f"`{obj!r}`", ""]


def render() -> str:
    lines = ["# The actcli library", "",
             "Generated from the docstrings by `scripts/api_reference.py`; the examples run as doctests.",
             "", _doc(actcli), ""]
    for name in sorted(actcli.__all__, key=lambda n: (n.startswith("_"), not callable(getattr(actcli, n)), n)):
        lines += _entry(name, getattr(actcli, name))
    result_types = ("actcli.present.notebook", ("CatalogueResult", "DeriveResult", "CompareResult", "RecommendResult",
                                                "RulesResult", "RuleResult", "SimulateResult", "TrainResult",
                                                "PrecisionResult"))
    module = __import__(result_types[0], fromlist=["_"])
    lines += ["## Results", ""]
    for cls in result_types[1]:
        obj = getattr(module, cls)
        lines += [f"### `{cls}`", "", _doc(obj), ""]
        for attr in ("to_dict", "to_list", "figure"):
            if hasattr(obj, attr):
                lines += [f"#### `{cls}.{attr}()`", "", _doc(getattr(obj, attr)), ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write("docs/api.md is stale: run python scripts/api_reference.py\n")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
