"""Write ``actcli/catalogue/index.py``: every shipped record's name and aliases in display order,
and the family module and attribute that hold it, so that the registry imports a family module only
when one of its records is asked for. Run it after adding or renaming an activation or an alias
(``python scripts/catalogue_index.py``); ``tests/test_lazy_registry.py`` fails until the index
matches :func:`actcli.catalogue.shipped`.
"""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "actcli" / "catalogue" / "index.py"

HEADER = '''"""Where each shipped activation lives, in display order: (name, aliases, family module,
attribute). Written by ``scripts/catalogue_index.py`` from :func:`actcli.catalogue.shipped`; a
test keeps the two in step. The registry reads this instead of importing every family module."""

from __future__ import annotations

INDEX: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
'''


def defined_names(module: str) -> set[str]:
    """The names a family module binds at its top level by assignment (not by import)."""
    path = ROOT / "actcli" / "catalogue" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def entries() -> list[tuple[str, tuple[str, ...], str, str]]:
    sys.path.insert(0, str(ROOT))
    catalogue = importlib.import_module("actcli.catalogue")
    records = catalogue.shipped()
    families = sorted(name.rsplit(".", 1)[1] for name in sys.modules
                      if name.startswith("actcli.catalogue.") and name.count(".") == 2)
    found = []
    for record in records:
        homes = [(module, attribute) for module in families
                 for attribute, value in vars(sys.modules[f"actcli.catalogue.{module}"]).items()
                 if value is record and attribute in defined_names(module)]
        if len(homes) != 1:
            raise SystemExit(f"{record.name}: defined in {len(homes)} family modules ({homes}), expected one")
        found.append((record.name, tuple(record.aliases), *homes[0]))
    return found


def _str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _tuple(items: tuple[str, ...]) -> str:
    inner = ", ".join(_str(s) for s in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def render(rows: list[tuple[str, tuple[str, ...], str, str]]) -> str:
    return HEADER + "".join(f"    ({_str(name)}, {_tuple(aliases)}, {_str(module)}, {_str(attribute)}),\n"
                            for name, aliases, module, attribute in rows) + ")\n"


def main() -> None:
    TARGET.write_text(render(entries()), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
