"""Regenerate the generated blocks of README.md from the registry (``make readme``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this source tree, not an installed copy

from actcli.api import records  # noqa: E402
from actcli.present import documents  # noqa: E402
from actcli.recommend.rules import RULES  # noqa: E402

README = ROOT / "README.md"


def blocks() -> dict[str, str]:
    return {
        "activations": documents.activation_table(records()),
        "rules": documents.rules_table(RULES),
    }


def sync(text: str) -> str:
    for name, body in blocks().items():
        pattern = re.compile(rf"<!-- {name}:start -->\n.*?<!-- {name}:end -->", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README has no <!-- {name}:start/end --> block")
        block = f"<!-- {name}:start -->\n{body}\n<!-- {name}:end -->"
        text = pattern.sub(lambda m, block=block: block, text)
    return text


if __name__ == "__main__":
    new = sync(README.read_text(encoding="utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if new == README.read_text(encoding="utf-8") else 1)
    README.write_text(new, encoding="utf-8")
    print(f"updated {README.name}")
