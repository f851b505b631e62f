"""The registry is built from an index (names, aliases, where each record lives), so that a command
imports only the family modules it uses; the index must say what the records say."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest

import actcli
from actcli.api import lookup, records
from actcli.catalogue import RECORDS, shipped
from actcli.catalogue.index import INDEX
from actcli.core.registry import Registry
from actcli.errors import UnknownActivationError
from tests.conftest import ROOT

REFRESH = "the index is out of date: run 'python scripts/catalogue_index.py'"


def test_index_is_the_records_in_display_order() -> None:
    assert [(r.name, tuple(r.aliases)) for r in shipped()] == [(n, a) for n, a, _, _ in INDEX], REFRESH
    assert RECORDS == shipped()


@pytest.mark.parametrize(("name", "module", "attribute"), [(n, m, a) for n, _, m, a in INDEX])
def test_index_entries_name_their_record(name: str, module: str, attribute: str) -> None:
    record = getattr(importlib.import_module(f"actcli.catalogue.{module}"), attribute)
    assert record is next(r for r in RECORDS if r.name == name), REFRESH


def test_the_script_would_write_the_index_as_it_is() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        script = importlib.import_module("catalogue_index")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert script.render(script.entries()) == (ROOT / "actcli" / "catalogue" / "index.py").read_text(encoding="utf-8")


def test_the_registry_gives_the_same_records_as_the_catalogue() -> None:
    assert records()[: len(RECORDS)] == RECORDS
    assert actcli.names()[: len(RECORDS)] == [r.name for r in RECORDS]
    for name, aliases, _, _ in INDEX:
        for spelling in (name, *aliases):
            assert lookup(spelling) is lookup(name)


def _imported(code: str, **env: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; return the actcli modules it imported and what it printed."""
    probe = (f"{code}\nimport sys, json\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith('actcli.catalogue'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120,
                         env={**os.environ, **env}, cwd=ROOT)
    lines = out.stdout.splitlines()
    return {"modules": json.loads(lines[-1]), "stdout": lines[:-1], "stderr": out.stderr}


def test_a_shipped_name_imports_its_family_only() -> None:
    got = _imported("import actcli; print(actcli.get('rectifier')(2.0))")
    assert got["stdout"] == ["2.0"]
    assert got["modules"] == ["actcli.catalogue", "actcli.catalogue._common", "actcli.catalogue.index",
                              "actcli.catalogue.rectifiers"]  # no other family, and no plugin scan


def test_a_gated_record_brings_its_gate() -> None:
    got = _imported("import actcli; a = actcli.get('geglu'); print(a.record.gate.name)")
    assert got["stdout"] == ["gelu"] and "actcli.catalogue.self_gated" in got["modules"]  # type: ignore[operator]


def test_unknown_names_and_listings_read_the_plugins() -> None:
    for code in ("import actcli; print(len(actcli.names()))",
                 "import actcli\ntry: actcli.get('no_such_thing')\nexcept actcli.UnknownActivationError as e: print(e.hint)"):
        got = _imported(code)
        assert "actcli.catalogue.plugins" in got["modules"]  # type: ignore[operator]
    off = _imported("import actcli; print(len(actcli.names()))", ACTCLI_NO_PLUGINS="1")
    assert off["stdout"] == [str(len(RECORDS))]  # (test_catalogue_new: plugins off, nothing read)


def test_lazy_entries_behave_as_records() -> None:
    relu, tanh = (next(r for r in RECORDS if r.name == n) for n in ("relu", "tanh"))
    loads: list[str] = []
    extra: list[Registry] = []

    def load_relu() -> object:
        loads.append("relu")
        return relu

    reg = Registry(complete=extra.append)
    reg.register_lazy("relu", relu.aliases, load_relu)  # type: ignore[arg-type]
    reg.register(tanh)
    assert "Rectifier" in reg and reg.position("tanh") == 1 and not loads and not extra
    assert reg.lookup("rectified-linear") is relu and reg.lookup("relu") is relu and loads == ["relu"]
    with pytest.raises(UnknownActivationError) as info:
        reg.lookup("relux")
    assert extra == [reg] and "did you mean 'relu'" in (info.value.hint or "")
    assert reg.names() == ["relu", "tanh"] and reg.records() == (relu, tanh) and extra == [reg]  # completed once
    with pytest.raises(ValueError, match="alias collision: 'rectifier' names both 'relu' and 'other'"):
        reg.register_lazy("other", ("rectifier",), load_relu)  # type: ignore[arg-type]


def test_a_stale_index_is_reported_not_misread() -> None:
    tanh = next(r for r in RECORDS if r.name == "tanh")
    reg = Registry()
    reg.register_lazy("relu", (), lambda: tanh)
    with pytest.raises(RuntimeError, match="out of date"):
        reg.lookup("relu")
