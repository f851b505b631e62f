"""`actcli derive` and `actcli plot`: every option, every error path, real image files."""

from __future__ import annotations

import json
import math
import os
import stat
import subprocess
import sys
from pathlib import Path

import mpmath as mp
import pytest

import actcli
from actcli.analysis import verify as verification
from actcli.analysis.zones import zones as find_zones
from actcli.api import records
from tests.conftest import ACTCLI, invoke

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# --- derive --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [r.name for r in records()])
def test_derive_verifies_every_activation(name: str) -> None:
    result = invoke("derive", name, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["activation"] == name
    window_key = {"elementwise": "derivative_in_window", "vector": "jacobian_diagonal", "gated": "gated"}[data["kind"]]
    for key in ("params", "formula", "derivative", "kinks", window_key, "values", "verification"):
        assert key in data, key
    assert data["verification"]["points"] > 0
    assert data["verification"]["ok"] is True
    assert data["verification"]["max_abs_error"] < 1e-6


@pytest.mark.parametrize("name", [r.name for r in records() if r.kind == "elementwise"])
def test_derive_second_order_verifies(name: str) -> None:
    result = invoke("derive", name, "--order", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verification"]["ok"] is True


def test_derive_text_for_sigmoid_states_the_seed_facts() -> None:
    result = invoke("derive", "sigmoid")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "σ′(x) = σ(x)·σ(−x)" in out
    assert "max |f′| = 0.25 at x = 0" in out
    assert "f′ range: (0, 0.25]" in out and "proved on all of ℝ" in out
    assert "verified: max |analytic − numeric|" in out
    # |σ′| < 1 % of 0.25 beyond the root of σ′(x) = 0.0025, found independently with mpmath
    root = mp.findroot(lambda x: mp.exp(-x) / (1 + mp.exp(-x)) ** 2 - mp.mpf("0.0025"), 6)
    assert f"x > {float(root):.4g}" in out and f"x < −{float(root):.4g}" in out


def test_derive_kink_convention_for_leaky_relu() -> None:
    result = invoke("derive", "leaky_relu", "--json", "--at", "0", "--at", "-2")
    data = json.loads(result.stdout)
    assert data["kinks"] == [
        {"x": 0.0, "derivative": 0.01, "left": 0.01, "right": 1.0, "continuous": True,
         "convention": "torch", "description": data["kinks"][0]["description"]}
    ]
    assert "PyTorch" in data["kinks"][0]["description"]
    values = {v["x"]: v for v in data["values"]}
    assert values[0.0]["derivative"] == 0.01 and values[0.0]["numeric"] is None
    assert values[-2.0]["f"] == pytest.approx(-0.02, rel=1e-15)


def test_derive_derivative_range_and_argmax_against_mpmath() -> None:
    data = json.loads(invoke("derive", "gelu", "--json").stdout)
    dr = data["derivative_in_window"]
    # gelu″ = φ(x)(2 − x²) vanishes at √2, where gelu′ = Φ(√2) + √2 φ(√2)
    assert dr["peak"]["x"] == pytest.approx(math.sqrt(2), abs=1e-12)
    assert dr["max"] == pytest.approx(float(mp.ncdf(mp.sqrt(2)) + mp.sqrt(2) * mp.npdf(mp.sqrt(2))), rel=1e-14)
    assert dr["min"] == pytest.approx(float(mp.ncdf(-mp.sqrt(2)) - mp.sqrt(2) * mp.npdf(mp.sqrt(2))), rel=1e-14)


def test_derive_plateau_and_approached_maxima() -> None:
    relu = json.loads(invoke("derive", "relu", "--json").stdout)["derivative_in_window"]
    assert relu["peak"]["on"] == {"min": 0.0, "max": 7.0, "min_inclusive": False, "max_inclusive": True}
    hs = json.loads(invoke("derive", "hardswish", "--json").stdout)["derivative_in_window"]
    assert hs["peak"]["approached_only"] is True and hs["peak"]["x"] == 3.0 and hs["max"] == pytest.approx(1.5)


def test_derive_zones_json() -> None:
    data = json.loads(invoke("derive", "relu6", "--json", "--range", "-10", "10").stdout)
    dead = [z for z in data["zones"] if z["kind"] == "dead"]
    assert {(z["where"]["min"], z["where"]["max"]) for z in dead} == {("-inf", 0.0), (6.0, "inf")}


def test_derive_latex_and_order_two() -> None:
    out = invoke("derive", "tanh", "--latex", "--order", "2").stdout
    assert r"\tanh''(x) = -2\tanh(x)\operatorname{sech}^2 x" in out
    assert "f″ numeric" in out


def test_derive_vector_kind() -> None:
    result = invoke("derive", "softmax", "--at", "1", "--at", "2", "--at", "3")
    assert result.exit_code == 0, result.output
    assert "sᵢ(δᵢⱼ − sⱼ)" in result.stdout and "s − y" in result.stdout
    data = json.loads(invoke("derive", "softmax", "--json", "--at", "1", "--at", "2").stdout)
    s = [1 / (1 + math.e), math.e / (1 + math.e)]
    assert data["values"][0]["f"] == pytest.approx(s, rel=1e-15)
    assert data["values"][0]["jacobian"][0][1] == pytest.approx(-s[0] * s[1], rel=1e-14)
    assert data["verification"]["max_abs_error"] < 1e-8
    assert invoke("derive", "softmax", "--order", "2").exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["derive", "sigmod"], "did you mean 'sigmoid'"),
        (["derive", "relu", "--range", "3", "1"], "must be less than"),
        (["derive", "relu", "--range", "nan", "1"], "NaN"),
        (["derive", "relu", "--range", "-inf", "1"], "finite"),
        (["derive", "relu", "--order", "3"], "--order"),
        (["derive", "relu", "--at", "nan"], "finite"),
        (["derive", "softplus:beta=0"], "valid range"),
        (["derive", "leaky_relu:negative_slope"], "key=value"),
    ],
)
def test_derive_usage_errors(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_derive_does_not_import_matplotlib() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from actcli.cli import app;"
        "r = CliRunner().invoke(app, ['derive', 'gelu']); assert r.exit_code == 0, r.output;"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- analysis pieces against independent values ---------------------------------------------------


def test_saturation_threshold_of_tanh_matches_mpmath() -> None:
    zones = find_zones(actcli.get("tanh"), -7, 7)
    sat = [z for z in zones if z.kind == "saturated"]
    root = float(mp.findroot(lambda x: 1 / mp.cosh(x) ** 2 - mp.mpf("0.01"), 3))
    assert [round(z.lo, 10) for z in sat][1] == pytest.approx(root, abs=1e-9)
    assert sat[0].open_left and sat[1].open_right


def test_verification_catches_a_wrong_derivative() -> None:
    """The check must fail when the derivative is wrong (here: the record's f′ replaced by f)."""
    from dataclasses import replace

    sig = actcli.get("sigmoid")
    broken = replace(sig, record=replace(sig.record, d1=sig.record.fn))
    assert not verification.verify(broken, -7, 7).ok
    assert verification.verify(sig, -7, 7).ok


# --- plot -----------------------------------------------------------------------------------------


def _is_png(path: Path) -> bool:
    return path.read_bytes()[:8] == PNG_MAGIC


def test_plot_default_file_in_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("plot", "relu")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "relu.png"
    out = tmp_path / "relu.png"
    assert _is_png(out) and out.stat().st_size > 20_000
    assert [p.name for p in tmp_path.iterdir()] == ["relu.png"]  # no temp file left


@pytest.mark.parametrize(("ext", "magic"), [("png", PNG_MAGIC), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_plot_formats_from_extension(tmp_path: Path, ext: str, magic: bytes) -> None:
    out = tmp_path / f"f.{ext}"
    result = invoke("plot", "sigmoid", "tanh", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[: len(magic)] == magic


def test_plot_options(tmp_path: Path) -> None:
    from PIL import Image  # matplotlib depends on pillow

    small, big = tmp_path / "a.png", tmp_path / "b.png"
    assert invoke("plot", "gelu", "--no-derivative", "--dpi", "50", "-o", str(small)).exit_code == 0
    assert invoke("plot", "gelu", "--order", "2", "--dpi", "100", "--points", "300",
                  "--range", "-3", "3", "-o", str(big)).exit_code == 0
    with Image.open(small) as a, Image.open(big) as b:
        (w1, h1), (w2, h2) = a.size, b.size
    assert w2 == 2 * w1 and h2 > 2 * h1  # three panels at twice the dpi vs one panel


def test_plot_vector_and_legend_parameters(tmp_path: Path) -> None:
    out = tmp_path / "s.svg"
    assert invoke("plot", "softmax", "log_softmax", "-o", str(out)).exit_code == 0
    assert "cross-entropy" in out.read_text()
    out2 = tmp_path / "l.svg"
    assert invoke("plot", "leaky_relu:negative_slope=0.2", "relu", "-o", str(out2)).exit_code == 0
    assert "negative_slope=0.2" in out2.read_text()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["plot", "relu", "-o", "x.gif"], 2, "'.gif'"),
        (["plot", "relu", "-o", "x"], 2, "no extension"),
        (["plot", "relu", "-o", "missing-dir/x.png"], 1, "does not exist"),
        (["plot", "relu", "--range", "1", "1"], 2, "must be less than"),
        (["plot", "relu", "--range", "0", "inf"], 2, "finite"),
        (["plot", "relu", "--points", "1"], 2, "at least 2"),
        (["plot", "relu", "--points", "100000000"], 2, "at most"),
        (["plot", "relu", "--dpi", "5"], 2, "--dpi"),
        (["plot", "relu", "softmax"], 2, "cannot overlay"),
        (["plot", "rleu"], 2, "did you mean 'relu'"),
    ],
)
def test_plot_errors_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert message in result.output and result.output.startswith("Error: ")
    assert list(tmp_path.iterdir()) == []


def test_plot_directory_as_file_and_unwritable_place(tmp_path: Path) -> None:
    result = invoke("plot", "relu", "-o", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.output
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        result = invoke("plot", "relu", "-o", str(locked / "x.png"))
        assert result.exit_code == 1 and "permission denied" in result.output
    finally:
        locked.chmod(stat.S_IRWXU)


def test_failed_save_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that dies half-way removes its temp file and keeps the old file intact."""
    from actcli.present import figures as plotting
    from actcli.present.files import atomic_write

    target = tmp_path / "keep.png"
    target.write_bytes(b"old")

    def boom(fh: object) -> None:
        fh.write(b"half")  # type: ignore[attr-defined]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]
    assert plotting  # imported without pyplot


def test_show_without_display_fails_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.chdir(tmp_path)
    result = invoke("plot", "relu", "--show")
    assert result.exit_code == 1
    assert "no display" in result.output and "-o" in result.output
    assert list(tmp_path.iterdir()) == []


def test_plot_does_not_import_pyplot(tmp_path: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from actcli.cli import app;"
        f"r = CliRunner().invoke(app, ['plot', 'relu', '-o', r'{tmp_path / 'p.png'}']); assert r.exit_code == 0, r.output;"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_installed_actcli_plots_in_a_subprocess(tmp_path: Path) -> None:
    proc = subprocess.run([ACTCLI, "plot", "tanh", "-o", str(tmp_path / "t.png")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert _is_png(tmp_path / "t.png") and proc.stdout.strip().endswith("t.png")
