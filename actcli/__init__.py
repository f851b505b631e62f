"""actcli: activation functions, their exact derivatives, comparisons and recommendations.

>>> import actcli
>>> act = actcli.get("leaky_relu:negative_slope=0.2")
>>> float(act(-1.0)), float(act.derivative(0.0))
(-0.2, 0.2)

The package imports lazily: ``import actcli`` is cheap, and numpy is loaded on first use of
:func:`get` or :func:`names`, so commands that need neither start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "ActcliError",
    "ParameterError",
    "UnknownActivationError",
    "UsageError",
    "__version__",
    "catalogue",
    "compare",
    "derive",
    "explain",
    "export",
    "get",
    "names",
    "plot",
    "precision",
    "recommend",
    "rules",
    "simulate",
    "train",
]

if TYPE_CHECKING:  # pragma: no cover
    from actcli.api import (
        catalogue,
        compare,
        derive,
        explain,
        export,
        get,
        names,
        plot,
        precision,
        recommend,
        rules,
        simulate,
        train,
    )
    from actcli.core.activation import Activation
    from actcli.errors import ActcliError, ParameterError, UnknownActivationError, UsageError

_LAZY = {
    "Activation": "actcli.core.activation",
    "get": "actcli.api",
    "derive": "actcli.api",
    "compare": "actcli.api",
    "plot": "actcli.api",
    "recommend": "actcli.api",
    "simulate": "actcli.api",
    "train": "actcli.api",
    "precision": "actcli.api",
    "export": "actcli.api",
    "catalogue": "actcli.api",
    "rules": "actcli.api",
    "explain": "actcli.api",
    "names": "actcli.api",
    "ActcliError": "actcli.errors",
    "ParameterError": "actcli.errors",
    "UnknownActivationError": "actcli.errors",
    "UsageError": "actcli.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'actcli' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
