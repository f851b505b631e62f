"""Regenerate the generated parts of README.md (``make readme``): the activation and rule tables from
the registry, and every marked example from running its command.

An example block looks like this (the command after ``example:``, then an optional selection of
output lines, 1-based and inclusive, with ``…`` written where lines are left out)::

    <!-- example: actcli derive sigmoid | lines 1-12,15- -->
    ```text
    $ actcli derive sigmoid
    …output…
    ```
    <!-- example:end -->

Commands run from this source tree at COLUMNS=80 with NO_COLOR set, in an empty temporary
directory (so ``-o x.png`` writes nothing here); stdout and stderr are shown together, as a
terminal shows them. Examples must not print machine-dependent numbers: use ``--no-timing``.
``--check`` exits 1 when README.md differs from what this script writes (tests/test_meta.py runs it).

README.zh-CN.md is the Chinese README: its prose is written by hand, and its examples and tables are
generated in the same way with the language set to Chinese (``ACTCLI_LANG=zh``); a file without a
table's markers simply has no such table.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this source tree, not an installed copy

from actcli.api import records  # noqa: E402
from actcli.present import documents, frameworks  # noqa: E402
from actcli.recommend.rules import RULES  # noqa: E402

README = ROOT / "README.md"
#: every README and the language its examples run in
READMES = {README: "en", ROOT / "README.zh-CN.md": "zh"}
EXAMPLE = re.compile(
    r"<!-- example: (?P<command>.+?)(?: \| lines (?P<lines>[0-9,\- ]+))? -->\n.*?<!-- example:end -->", re.S
)
#: the README's images: (file under docs/img, the command that draws it)
IMAGES = (
    ("sigmoid-tanh-relu.png", "actcli plot sigmoid tanh relu -o {}"),
    ("softmax.png", "actcli plot softmax -o {}"),
    ("simulate.png", "actcli simulate sigmoid tanh relu --depth 10 -o {}"),
)


def blocks(lang: str = "en") -> dict[str, str]:
    from actcli import i18n

    i18n.set_language(lang)
    try:
        return {
            "activations": documents.activation_table(records()),
            "rules": documents.rules_table(RULES),
            "frameworks": frameworks.markdown_table(),
        }
    finally:
        i18n.set_language(None)


def run(command: str, lang: str = "en") -> str:
    """What ``command`` prints in a pipe at 80 columns without colour (stdout and stderr together),
    in ``lang``."""
    argv = shlex.split(command)
    if argv[0] != "actcli":
        raise SystemExit(f"README example does not start with actcli: {command}")
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "PYTHONPATH": str(ROOT), "ACTCLI_LANG": lang}
    env.pop("FORCE_COLOR", None)
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, "-m", "actcli", *argv[1:]], cwd=tmp, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    if "Traceback (most recent call last)" in proc.stdout:  # a crash is never an example
        raise SystemExit(f"README example crashed: {command}\n{proc.stdout}")
    return proc.stdout.rstrip("\n")


def select(text: str, spec: str | None) -> str:
    """The lines ``spec`` names (``1-12,15-``), with ``…`` for each gap."""
    lines = text.split("\n")
    if not spec:
        return text
    keep: list[int] = []
    for part in spec.replace(" ", "").split(","):
        lo, _, hi = part.partition("-")
        first = int(lo)
        last = len(lines) if part.endswith("-") else int(hi) if hi else first
        keep += range(first, min(last, len(lines)) + 1)
    out: list[str] = []
    previous = 0
    for n in sorted(set(keep)):
        if n != previous + 1:
            out.append("…")
        out.append(lines[n - 1])
        previous = n
    if previous < len(lines):
        out.append("…")
    return "\n".join(out)


def example(match: re.Match[str], lang: str = "en") -> str:
    command, spec = match["command"], match["lines"]
    body = select(run(command, lang), spec)
    head = f"<!-- example: {command}" + (f" | lines {spec}" if spec else "") + " -->"
    return f"{head}\n```text\n$ {command}\n{body}\n```\n<!-- example:end -->"


def sync(text: str, examples: bool = True, lang: str = "en") -> str:
    """``text`` (a README in ``lang``) with its tables and examples regenerated. The English README
    must have both tables; a translation has those it marks."""
    for name, body in blocks(lang).items():
        pattern = re.compile(rf"<!-- {name}:start -->\n.*?<!-- {name}:end -->", re.S)
        if not pattern.search(text):
            if lang != "en":
                continue
            raise SystemExit(f"README has no <!-- {name}:start/end --> block")
        block = f"<!-- {name}:start -->\n{body}\n<!-- {name}:end -->"
        text = pattern.sub(lambda m, block=block: block, text)
    if examples:
        text = EXAMPLE.sub(lambda m: example(m, lang), text)
    return text


def images() -> None:
    for name, command in IMAGES:
        target = ROOT / "docs" / "img" / name
        out = run(command.format(shlex.quote(str(target))))
        print(out.splitlines()[-1] if out else target)


if __name__ == "__main__":
    stale = []
    for path, language in READMES.items():
        if not path.exists():
            continue
        current = path.read_text(encoding="utf-8")
        new = sync(current, lang=language)
        if new != current:
            stale.append(path.name)
            if "--check" not in sys.argv:
                path.write_text(new, encoding="utf-8")
                print(f"updated {path.name}")
    if "--check" in sys.argv:
        sys.exit(1 if stale else 0)
    if "--images" in sys.argv:
        images()
