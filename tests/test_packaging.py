"""The wheel users get: it builds from the tracked sources alone, carries exactly the package's
modules, and installs into a fresh environment with the runtime dependencies only."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from actcli import __version__
from tests.conftest import ROOT


def _tracked(tmp: Path) -> Path:
    """A copy of the files git tracks (a build in the work tree would leave build/ behind)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    src = tmp / "src"
    for name in files.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    return src


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    tmp = tmp_path_factory.mktemp("wheel")
    src = _tracked(tmp)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "--wheel-dir", str(tmp / "dist"), str(src)],
                   check=True, capture_output=True)
    (found,) = (tmp / "dist").glob("actcli-*.whl")
    return found


def test_the_wheel_holds_exactly_the_package(wheel: Path) -> None:
    assert wheel.name.startswith(f"actcli-{__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {n for n in names if n.startswith("actcli/") and n.endswith(".py")}
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "actcli").rglob("*.py")}
    assert modules == sources
    assert "actcli/py.typed" in names
    meta = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert f"Version: {__version__}" in text
    runtime = [line for line in text.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert not any(tool in line for line in runtime for tool in ("pytest", "mypy", "ruff", "hypothesis", "mpmath"))


def test_the_wheel_installs_and_runs_in_a_fresh_environment(wheel: Path, tmp_path: Path) -> None:
    """Runtime dependencies come from this environment's installed copies (a .pth file points at
    them: no network), so the check is that the wheel needs nothing else and its script works."""
    import sysconfig

    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", "--no-index",
                    "--disable-pip-version-check", "--no-deps", str(wheel)], check=True, capture_output=True)
    # only now (pip would otherwise find this environment's own actcli and install nothing)
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    check = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    script = env_dir / "bin" / "actcli"
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip() == f"actcli {__version__}"
    out = subprocess.run([str(script), "derive", "relu", "--at", "1"], capture_output=True, text=True,
                         cwd=tmp_path, check=True)
    assert "relu" in out.stdout
    where = subprocess.run([str(py), "-c", "import actcli; print(actcli.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, check=True).stdout
    assert where.startswith(site)  # the wheel's copy, not the one this environment has
