"""Export an activation to a framework: a self-contained module with the stable forward pass and
the analytic backward pass, verified against mpmath when it is generated.

>>> from actcli.api import get
>>> result = export(get("softplus"), "numpy")
>>> result.verification.kinks_match, result.verification.f_error < 1e-14
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from actcli.generate.codegen import FRAMEWORKS, Framework
from actcli.generate.module import Verification
from actcli.generate.symbolic import ExportError

if TYPE_CHECKING:
    from actcli.core.activation import Activation

__all__ = ["FRAMEWORKS", "Export", "ExportError", "Framework", "Verification", "export"]


@dataclass(frozen=True)
class Export:
    """One exported module: its source text, the framework, and how it was verified."""

    spec: str
    framework: Framework
    text: str
    verification: Verification


def export(act: Activation, to: str) -> Export:
    """The module text of ``act`` for ``to`` (``"torch"``, ``"jax"`` or ``"numpy"``)."""
    from actcli import __version__
    from actcli.core.choices import check_choice
    from actcli.generate.module import module_text
    from actcli.generate.symbolic import symbolic
    from actcli.generate.verify import verify

    framework = cast(Framework, check_choice("framework", to, FRAMEWORKS))
    sym = symbolic(act)
    ver = verify(act, sym)
    return Export(act.spec, framework, module_text(framework, act, sym, ver, __version__), ver)
