"""Reliability of the library and of the resource guards: every bad argument to the public API
raises one of actcli's errors; numpy scalars are numbers; simulate's size guard counts what a
run really allocates (measured with tracemalloc in a subprocess); the Jacobian has a size limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import actcli
from actcli.errors import ActcliError, ParameterError, UsageError


@pytest.mark.parametrize("spec", [None, 1, 1.5, b"relu", ["relu"], {"relu": 1}, np.str_("relu").encode()])
def test_get_refuses_non_strings_with_an_actcli_error(spec: Any) -> None:
    with pytest.raises(UsageError, match="named by a string"):
        actcli.get(spec)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(np.float32(0.25), 0.25), (np.float64(0.2), 0.2), (np.int64(0), None), (Fraction(1, 4), 0.25),
     (np.float16(0.5), 0.5)],
)
def test_numpy_scalars_and_fractions_are_numbers(value: Any, expected: float | None) -> None:
    if expected is None:  # 0 is outside (0, 1): refused for its value, not its type
        with pytest.raises(ParameterError, match="outside its valid range"):
            actcli.get("leaky_relu", negative_slope=value)
        return
    act = actcli.get("leaky_relu", negative_slope=value)
    assert act.params["negative_slope"] == expected and type(act.params["negative_slope"]) is float


@pytest.mark.parametrize(
    ("value", "needle"),
    [(10**400, "outside its valid range"), (-(10**400), "outside its valid range"), (float("nan"), "finite"),
     (float("inf"), "finite"), (True, "must be a number"), (np.bool_(True), "must be a number"),
     ("0.2", "must be a number"), (None, "must be a number"), (1 + 2j, "must be a number"),
     (np.array([0.2]), "must be a number")],
)
def test_bad_parameter_values_raise_parameter_errors(value: Any, needle: str) -> None:
    with pytest.raises(ParameterError, match=needle):
        actcli.get("leaky_relu", negative_slope=value)


def test_huge_parameter_in_a_spec_and_unknown_keys() -> None:
    with pytest.raises(ParameterError):
        actcli.get("elu:alpha=" + "9" * 400)
    with pytest.raises(ParameterError, match="no parameter"):
        actcli.get("relu", slope=1)
    with pytest.raises(ParameterError, match="identifiers"):
        bad: dict[str, Any] = {"1x": 1}
        actcli.get("relu", **bad)
    assert actcli.get("elu", alpha=np.float64(1e300)).params["alpha"] == 1e300


def test_every_library_error_is_an_actcli_error() -> None:
    calls: tuple[Callable[[], object], ...] = (
        lambda: actcli.get(""), lambda: actcli.get("nope"), lambda: actcli.get("relu:"),
        lambda: actcli.get("relu:x"), lambda: actcli.get("elu:alpha=abc"))
    for call in calls:
        with pytest.raises(ActcliError):
            call()


# --- the Jacobian and simulate's size guard -----------------------------------------------------

def test_jacobian_size_is_limited() -> None:
    from actcli.analysis.derive import MAX_VECTOR, derive

    softmax = actcli.get("softmax")
    with pytest.raises(ParameterError, match="Jacobian") as caught:
        derive(softmax, at=[0.0] * (MAX_VECTOR + 1))
    assert caught.value.option == "at"
    report = derive(softmax, at=[float(i % 7) for i in range(MAX_VECTOR)])
    assert report.values_vector is not None and len(report.values_vector[2]) == MAX_VECTOR


def test_jacobian_limit_from_the_cli() -> None:
    from tests.test_reliability_cli import actcli as run_cli
    from tests.test_reliability_cli import assert_clean_failure

    args = ["derive", "softmax"] + [a for i in range(1001) for a in ("--at", str(i % 5))]
    assert_clean_failure(run_cli(*args), 2, "--at", "1,001 x 1,001 Jacobian", "at most 1,000")


PEAK = """
import json, sys, tracemalloc
import actcli
from actcli.nn import simulate as sim
shapes, names, cap = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
if cap:
    sim.MAX_BYTES = cap
out = []
for name in names:  # once, small, untraced: what a first call imports (scipy for gelu) is not its run's memory
    sim.simulate(actcli.get(name), 1, 4, 4)
tracemalloc.start()
for depth, width, batch in shapes:
    sim.check_sizes(depth, width, batch)
    for name in names:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        sim.simulate(actcli.get(name), depth, width, batch)
        out.append([name, depth, width, batch, tracemalloc.get_traced_memory()[1] - base,
                    sim.peak_bytes(depth, width, batch)])
print(json.dumps(out))
"""


def _measure(shapes: list[tuple[int, int, int]], names: list[str], cap: int = 0) -> list[list[Any]]:
    proc = subprocess.run([sys.executable, "-c", PEAK, json.dumps(shapes), json.dumps(names), json.dumps(cap)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows: list[list[Any]] = json.loads(proc.stdout)
    return rows


def test_size_guard_counts_what_every_activation_allocates() -> None:
    """For every elementwise activation, the measured peak stays within the estimate the guard
    uses, for a batch-dominated shape (where an activation's own temporaries, batch × width each,
    weigh most); the six hungriest of them (the most memory for their estimate there) are run again
    on a weight-dominated and a depth-dominated shape."""
    from actcli.api import records

    names = [r.name for r in records() if r.kind == "elementwise"]
    rows = _measure([(1, 128, 2048)], names)
    hungriest = [row[0] for row in sorted(rows, key=lambda row: row[4] / row[5])[-6:]]
    rows += _measure([(2, 768, 4), (12, 96, 256)], hungriest)
    worst = max(measured / estimate for *_, measured, estimate in rows)
    assert worst <= 1.0, [r for r in rows if r[4] > r[5]]
    assert worst > 0.5  # and the estimate is not wildly loose


def _largest_accepted(cap: int, fixed: dict[str, int], free: str) -> tuple[int, int, int]:
    from actcli.nn import simulate as sim

    def fits(v: int) -> bool:
        shape = {**fixed, free: v}
        return sim.peak_bytes(shape["depth"], shape["width"], shape["batch"]) <= cap

    lo, hi = 1, 1
    while fits(hi * 2):
        hi *= 2
    hi *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    shape = {**fixed, free: lo}
    return shape["depth"], shape["width"], shape["batch"]


def test_largest_accepted_shapes_stay_under_the_limit() -> None:
    """With the limit set to 48 MB, the largest shapes the guard accepts along each axis are run
    with the hungriest activations: the measured peak never exceeds the limit."""
    cap = 48_000_000
    shapes = [
        _largest_accepted(cap, {"depth": 1, "width": 64}, "batch"),
        _largest_accepted(cap, {"depth": 1, "batch": 4}, "width"),
        _largest_accepted(cap, {"width": 128, "batch": 32}, "depth"),
    ]
    rows = _measure(shapes, ["mish", "gelu", "relu"], cap)
    for name, depth, width, batch, measured, _estimate in rows:
        assert measured <= cap, (name, depth, width, batch, measured)


def test_size_guard_refuses_what_the_issue_found() -> None:
    from actcli.nn.simulate import MAX_BYTES, check_sizes, peak_bytes

    for depth, width, batch in ((1, 5000, 65536), (1, 2048, 16384), (1000, 8192, 512)):
        assert peak_bytes(depth, width, batch) > MAX_BYTES
        with pytest.raises(ParameterError, match="would be held"):
            check_sizes(depth, width, batch)
    check_sizes(50, 512, 512)  # the benchmark's network is accepted
