"""Weight initialisation: the schemes simulate (and the training to come) can use, and their gains."""

from __future__ import annotations

import math

from actcli.core.activation import Activation
from actcli.core.choices import check_choice

INITS = ("he", "xavier", "lecun", "normal", "small")
#: other names of the same schemes (PyTorch's torch.nn.init spells them kaiming_* and xavier_*)
INIT_ALIASES = {"kaiming": "he", "glorot": "xavier"}


def resolve_init(act: Activation, init: str | None) -> tuple[str, float]:
    """The scheme (default: the activation's recommended one) and its gain."""
    recommended = act.init
    chosen = check_choice("init", init, INITS + tuple(INIT_ALIASES))
    scheme = INIT_ALIASES.get(chosen or "", chosen) or recommended.scheme
    if scheme == "he":
        gain = recommended.gain if recommended.scheme == "he" and recommended.gain else math.sqrt(2.0)
    elif scheme == "xavier":
        gain = recommended.gain if recommended.scheme == "xavier" and recommended.gain else 1.0
    else:
        gain = 1.0
    return scheme, float(gain)


def init_std(scheme: str, gain: float, fan_in: int, fan_out: int) -> float:
    if scheme == "he":
        return gain / math.sqrt(fan_in)
    if scheme == "xavier":
        return gain * math.sqrt(2.0 / (fan_in + fan_out))
    if scheme == "lecun":
        return 1.0 / math.sqrt(fan_in)
    if scheme == "normal":
        return 1.0
    return 0.01  # small
