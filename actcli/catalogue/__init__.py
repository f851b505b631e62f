"""Every activation actcli ships: one module per family, each record beside its functions.

Adding an activation is one :class:`~actcli.core.record.Record` next to its numpy functions in
the family's module, its place in :func:`shipped` below (which gives :data:`RECORDS`), the index
rewritten (``python scripts/catalogue_index.py``: names, aliases and where each record lives, what
the registry reads so that a command imports only the families it uses), and its mpmath reference in
``tests/reference.py`` (or ``tests/reference_new.py``). The seed tutorial's six come first. Other
packages add theirs through the entry-point group ``actcli.activations``
(:mod:`actcli.catalogue.plugins`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actcli.core.record import Record
    from actcli.core.registry import Registry


def shipped() -> tuple[Record, ...]:
    """Every shipped record in display order (:data:`RECORDS`): the seed's six first, then the rest
    by family. Importing this package imports no family module; this does, all of them."""
    from actcli.catalogue.classic import BENT_IDENTITY, GAUSSIAN, ISRU
    from actcli.catalogue.exponential import CELU, ELU, EXPONENTIAL, SELU
    from actcli.catalogue.gated import GEGLU, GEGLU_TANH, GLU, REGLU, SWIGLU, SWIGLU_OSS
    from actcli.catalogue.interpolating import SOFT_EXPONENTIAL
    from actcli.catalogue.modern import GELU_10, GELU_FAST, GELU_NEW, LAPLACE, SPARSE_PLUS, SQUARED_RELU, STAR_RELU
    from actcli.catalogue.parametric import PRELU, RRELU, XIELU
    from actcli.catalogue.periodic import SINC, SINE, SNAKE
    from actcli.catalogue.piecewise import HARD_ELISH, HARD_MISH, ISRLU, SPARSE_SIGMOID, SRELU
    from actcli.catalogue.rectifiers import IDENTITY, LEAKY_RELU, RELU, RELU6, THRESHOLD
    from actcli.catalogue.self_gated import GELU, HARDSWISH, MISH, QUICK_GELU, SILU
    from actcli.catalogue.shrink import HARDSHRINK, SOFTSHRINK, TANHSHRINK
    from actcli.catalogue.sigmoidal import HARDSIGMOID, HARDTANH, LOGSIGMOID, SIGMOID, SOFTSIGN, TANH
    from actcli.catalogue.softplus import SOFTPLUS, SQUAREPLUS
    from actcli.catalogue.swishlike import ELISH, LOGISH, SERF, SMISH, TELU
    from actcli.catalogue.vector import ENTMAX15, LOG_SOFTMAX, SOFTMAX, SOFTMIN, SPARSEMAX

    return (
        SIGMOID,
        TANH,
        RELU,
        LEAKY_RELU,
        SOFTMAX,
        IDENTITY,
        ELU,
        SELU,
        CELU,
        GELU,
        SILU,
        QUICK_GELU,
        MISH,
        SOFTPLUS,
        LOGSIGMOID,
        SOFTSIGN,
        SQUAREPLUS,
        EXPONENTIAL,
        TANHSHRINK,
        HARDSIGMOID,
        HARDTANH,
        RELU6,
        HARDSWISH,
        SOFTSHRINK,
        HARDSHRINK,
        THRESHOLD,
        # parametric rectifiers, transformer-era functions, more self-gated ones, classic shapes
        PRELU,
        RRELU,
        XIELU,
        SQUARED_RELU,
        STAR_RELU,
        GELU_NEW,
        GELU_FAST,
        GELU_10,
        LAPLACE,
        SPARSE_PLUS,
        ELISH,
        TELU,
        LOGISH,
        SMISH,
        SERF,
        GAUSSIAN,
        ISRU,
        BENT_IDENTITY,
        # issue 14's remaining ones: piecewise and learned shapes, then the periodic and oscillating
        SPARSE_SIGMOID,
        ISRLU,
        HARD_MISH,
        HARD_ELISH,
        SRELU,
        SOFT_EXPONENTIAL,
        SINE,
        SNAKE,
        SINC,
        LOG_SOFTMAX,
        SOFTMIN,
        SPARSEMAX,
        ENTMAX15,
        GLU,
        REGLU,
        GEGLU,
        GEGLU_TANH,
        SWIGLU,
        SWIGLU_OSS,
    )


def __getattr__(name: str) -> tuple[Record, ...]:
    """``RECORDS``, built on first use (``from actcli.catalogue import RECORDS``)."""
    if name == "RECORDS":
        return _records()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _records() -> tuple[Record, ...]:
    return shipped()


def _loader(module: str, attribute: str) -> Callable[[], Record]:
    def load() -> Record:
        import importlib

        record: Record = getattr(importlib.import_module(f"actcli.catalogue.{module}"), attribute)
        return record

    return load


@cache
def registry() -> Registry:
    """The registry of every shipped activation and every plugin's (the entry-point group
    ``actcli.activations``, unless ``ACTCLI_NO_PLUGINS=1``), built once.

    It is built from :data:`actcli.catalogue.index.INDEX` (names and aliases in display order, and
    where each record lives): a record's family module is imported when that record is first
    asked for, so ``derive relu`` imports one family, not thirteen. The plugins are read when the
    registry is first asked about a name the index does not hold, or for all of its records; a
    plugin that fails is reported in one line on stderr then and skipped (see
    :mod:`actcli.catalogue.plugins`)."""
    from actcli.catalogue.index import INDEX
    from actcli.core.registry import Registry

    reg = Registry(complete=_plugins)
    for name, aliases, module, attribute in INDEX:
        reg.register_lazy(name, aliases, _loader(module, attribute))
    return reg


def _plugins(reg: Registry) -> None:
    from actcli.catalogue import plugins

    if not plugins.disabled():
        plugins.report(plugins.load(reg))
