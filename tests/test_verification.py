"""The finite-difference check of derive: no false alarms where differences of f cannot resolve f′
(a huge constant in f, overflow), and still a failure for a wrong derivative."""

from __future__ import annotations

import json

import numpy as np
import pytest

import actcli
from actcli.analysis.verify import verify
from tests.conftest import invoke


@pytest.mark.parametrize("spec", ["softplus:beta=1e-15", "squareplus:b=1e15"])
def test_a_derivative_hidden_by_f_s_own_rounding_is_not_checked_not_failed(spec: str) -> None:
    """f ≈ 6.9e14 + x/2 for softplus with β = 1e-15: its rounding (0.125) swamps any difference
    quotient, so no point can be checked — said so, exit 0 (f′ = σ(βx) itself is right)."""
    result = invoke("derive", spec)
    assert result.exit_code == 0, result.output
    assert "not checked" in result.stdout and "NOT VERIFIED" not in result.stdout
    data = json.loads(invoke("derive", spec, "--json").stdout)
    assert data["verification"]["points"] == 0 and data["verification"]["unresolvable"] == 4001


def test_a_steep_power_verifies_where_it_is_finite() -> None:
    result = invoke("derive", "x**1000", "--json")
    assert result.exit_code == 0, result.output
    v = json.loads(result.stdout)["verification"]
    assert v["ok"] and v["points"] > 1000 and v["unresolvable"] > 0  # beyond |x| ≈ 2.03 f overflows


def test_a_wrong_derivative_still_fails() -> None:
    sig = actcli.get("sigmoid")
    record = sig.record
    from dataclasses import replace

    broken = type(sig)(replace(record, d1=lambda x, **_: 1.01 * np.asarray(record.d1(x))), {})  # type: ignore[misc]
    v = verify(broken, -7, 7)
    assert v.points > 0 and not v.ok
