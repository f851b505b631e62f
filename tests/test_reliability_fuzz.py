"""A seeded, bounded fuzzer over actcli's real commands and options.

Command lines are drawn from a grammar of every command, option and kind of value — good ones,
malformed ones and extreme ones (``1e308``, ``nan``, ``-0``, huge integers, unknown names, odd
parameters) — and run in-process through the same boundary as the console script
(:func:`actcli.cli.run`). Each must end with exit 0, 1 or 2; a failure is exactly one ``Error:``
line on stderr; no exception escapes (warnings are errors here); no file is left but the one asked
for. The size (``ACTCLI_FUZZ_CASES``, default 160) keeps it well under a minute; the seed
(``ACTCLI_FUZZ_SEED``) makes any failure reproducible. A watchdog ends the run if one case hangs.
"""

from __future__ import annotations

import faulthandler
import os
import random
import sys
from pathlib import Path

import pytest

from actcli.cli import run

CASES = int(os.environ.get("ACTCLI_FUZZ_CASES", "160"))
SEED = int(os.environ.get("ACTCLI_FUZZ_SEED", "18"))
WATCHDOG = 120  # seconds for one case: a hang detector, not a time limit

NAMES = ["relu", "sigmoid", "tanh", "gelu", "mish", "elu", "selu", "softplus", "leaky_relu", "softsign",
         "hardswish", "silu", "softmax", "log_softmax", "softmin", "identity", "LeakyReLU", "leaky-relu"]
BAD_NAMES = ["rleu", "", " ", "relu:", "relu:x", "relu:=1", "softmax:axis=0", ":", "sigmoid,tanh", "x" * 300,
             "\x00", "relu\n", "é", "🙂", "--", "-", "elu:alpha", "elu:alpha=", "elu:alpha=1,alpha=2"]
NUMBERS = ["0", "1", "-1", "0.5", "-0", "1e308", "-1e308", "1.79e308", "1e-308", "5e-324", "nan", "inf", "-inf",
           "1e400", "abc", "", "0x10", "1_000", "9" * 40, "3", "2", "-7", "7", "1e-300", "1e300"]
PARAMS = {"leaky_relu": ["negative_slope"], "elu": ["alpha"], "softplus": ["beta", "threshold"],
          "celu": ["alpha"], "selu": []}


def spec(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(NAMES)
    if roll < 0.8:
        name = rng.choice(list(PARAMS))
        keys = PARAMS[name] or ["alpha"]
        return f"{name}:{rng.choice(keys)}={rng.choice(NUMBERS)}"
    return rng.choice(BAD_NAMES)


def number(rng: random.Random) -> str:
    return rng.choice(NUMBERS)


def small(rng: random.Random) -> str:
    return rng.choice(["1", "2", "3", "4", "8", "0", "-1", "x", "1001", "9000", "70000", "99999999999999999999"])


def command(rng: random.Random, out: str) -> list[str]:
    cmd = rng.choice(["list", "derive", "derive", "plot", "compare", "compare", "recommend", "recommend", "simulate",
                      "simulate", "bogus"])
    args = [cmd]
    if cmd == "list":
        args += rng.choice([[], ["--json"], ["--frobnicate"]])
    elif cmd == "derive":
        args.append(spec(rng))
        for _ in range(rng.randrange(3)):
            args += ["--at", number(rng)]
        if rng.random() < 0.4:
            args += ["--order", rng.choice(["1", "2", "3", "0", "x"])]
        if rng.random() < 0.3:
            args += ["--range", number(rng), number(rng)]
        args += rng.choice([[], ["--json"], ["--latex"]])
    elif cmd == "plot":
        args += [spec(rng) for _ in range(rng.choice([1, 1, 2, 9]))]
        args += ["--points", rng.choice(["2", "50", "101", "1", "0", "2000000", "x"])]
        if rng.random() < 0.8:
            args += ["-o", out + rng.choice([".png", ".svg", ".pdf", ".gif", ""])]
        if rng.random() < 0.3:
            args += ["--range", number(rng), number(rng)]
        if rng.random() < 0.3:
            args += ["--order", rng.choice(["1", "2", "3"])]
        if rng.random() < 0.2:
            args.append("--no-derivative")
        if rng.random() < 0.2:
            args += ["--dpi", rng.choice(["20", "72", "5", "5000"])]
    elif cmd == "compare":
        args += [spec(rng) for _ in range(rng.choice([1, 2, 3, 9]))]
        args += ["--no-timing", "--no-simulate"]
        if rng.random() < 0.5:
            args += ["--format", rng.choice(["table", "json", "markdown", "csv", "xml", "JSON"])]
        if rng.random() < 0.15:
            args += ["--plot", out + rng.choice([".png", ".txt"])]
    elif cmd == "recommend":
        for option, values in (("--task", ["binary", "multiclass", "multilabel", "regression", "bogus", ""]),
                               ("--layer", ["hidden", "output", "middle"]),
                               ("--symptom", ["dead-neurons", "vanishing-gradients", "sad"]),
                               ("--architecture", ["mlp", "cnn", "rnn", "transformer"]),
                               ("--depth", ["1", "10", "1300", "10000", "0", "-3", "x", "10001"]),
                               ("--current", [rng.choice(NAMES), rng.choice(BAD_NAMES)]),
                               ("--explain", ["hidden-relu-default", "nope"])):
            if rng.random() < 0.35:
                args += [option, rng.choice(values)]
        if rng.random() < 0.1:
            args.append("--rules")
        if rng.random() < 0.3:
            args.append("--json")
    elif cmd == "simulate":
        args += [spec(rng) for _ in range(rng.choice([1, 1, 2]))]
        args += ["--depth", small(rng), "--width", small(rng), "--batch", small(rng)]
        if rng.random() < 0.3:
            args += ["--init", rng.choice(["he", "xavier", "lecun", "normal", "small", "kaiming", "x"])]
        if rng.random() < 0.3:
            args += ["--seed", rng.choice(["0", "-1", "18", "9" * 30])]
        if rng.random() < 0.3:
            args.append("--json")
        if rng.random() < 0.1:
            args += ["-o", out + ".png"]
    return args


def cases() -> list[list[str]]:
    rng = random.Random(SEED)
    return [command(rng, f"out{i}") for i in range(CASES)]


def test_fuzz_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    seen: dict[int, int] = {}
    stderr = sys.__stderr__  # the process's own stderr, where the watchdog writes past capsys
    assert stderr is not None
    for i, args in enumerate(cases()):
        faulthandler.dump_traceback_later(WATCHDOG, exit=True, file=stderr)
        try:
            code = run(args)
        finally:
            faulthandler.cancel_dump_traceback_later()
        out, err = capsys.readouterr()
        where = f"case {i} (seed {SEED}): actcli {' '.join(map(repr, args))}\n{err}"
        seen[code] = seen.get(code, 0) + 1
        assert code in (0, 1, 2), where
        assert "Traceback" not in err and "Warning" not in err, where
        if code == 2 or (code == 1 and err):
            lines = err.splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), where
        elif code == 1:  # derive's NOT VERIFIED report: the report itself says so
            assert args[0] == "derive" and "NOT VERIFIED" in out, where
        files = sorted(p.name for p in tmp_path.iterdir())
        assert not [f for f in files if f.endswith(".part") or f.startswith(".")], where
        if code != 0:
            assert not [f for f in files if f.startswith(f"out{i}.")], where
        for f in files:  # start the next case from an empty directory
            (tmp_path / f).unlink()
    assert seen.get(0, 0) > CASES // 10 and seen.get(2, 0) > CASES // 10, seen  # both paths exercised
