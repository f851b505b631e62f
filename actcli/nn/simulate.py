"""Measure gradient flow through a deep fully connected network, as the seed's propagation chapter
describes: Z = A·W + b, A = g(Z) forward; dZ = dA ⊙ g′(Z), dW = Aᵀ·dZ, dA = dZ·Wᵀ backward.

All numpy. The loss is the mean squared error of a linear read-out (one output unit, Xavier
weights) against standard-normal targets, L = mean_b ½(A_L·v − y)². Only the pre-activations Z of
each layer are kept for the backward pass (A is recomputed from them), so memory is one
depth × batch × width array. ``tests/test_simulate.py`` checks the gradients against finite
differences of L.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actcli.core.activation import Activation
from actcli.core.numerics import SATURATION_FRACTION
from actcli.errors import ParameterError
from actcli.nn.init import init_std, lsuv, orthogonal, resolve_init, uses_lsuv

MAX_DEPTH = 1000
MAX_WIDTH = 8192
MAX_BATCH = 65536
MAX_BYTES = 3_200_000_000  # the most a run may allocate at its peak (float64)
#: arrays of batch × width alive at the peak besides the kept pre-activations: the input, the
#: activation, the derivative and their temporaries. Measured with tracemalloc
#: (tests/test_reliability_library.py): at most 13.2 for the catalogue (mish), 8.1 for relu.
TEMPORARIES_BW = 16
#: width × width arrays alive besides the weights (a layer's dW, the scaled draw of a weight)
TEMPORARIES_WW = 4
OVERHEAD = 2**20  # bytes: per-layer statistics and the other small objects of a run


@dataclass(frozen=True)
class LayerStats:
    layer: int
    z_mean: float
    z_var: float
    a_mean: float
    a_var: float
    da_rms: float
    dz_rms: float
    dw_rms: float
    dead_fraction: float  # units whose g′(Z) is 0 for every example in the batch
    saturated_fraction: float  # (example, unit) pairs with |g′(Z)| < 1 % of max |g′|, not dead


@dataclass(frozen=True)
class Summary:
    gradient_ratio: float  # dz_rms of layer 1 ÷ dz_rms of the last layer
    vanishes_at_layer: int | None  # the layer nearest the output whose dz_rms < 1 % of the last's
    layers_to_vanish: int | None  # how many layers back from the output that is
    dead_fraction: float  # mean over layers
    saturated_fraction: float
    activation_variance_ratio: float  # max a_var ÷ min a_var over the layers
    gradient_rms_ratio: float  # max dz_rms ÷ min dz_rms over the layers
    # "stable" | "vanishing" | "exploding" | "overflow" | "dead" (see :func:`summarise`)
    verdict: str = "stable"
    nonfinite: str = ""  # what went inf or NaN ("activations", "gradients", "loss"), when it did
    first_nonfinite_layer: int | None = None
    zero_gradients: bool = False  # every dZ is exactly 0
    collapse: str | None = None  # "dead" or "saturated": most units stopped passing gradient


@dataclass(frozen=True)
class Run:
    act: Activation
    init: str
    gain: float
    depth: int
    width: int
    batch: int
    seed: int
    layers: list[LayerStats]
    summary: Summary
    loss_value: float
    extras: dict[str, Any] = field(default_factory=dict)


def check_sizes(depth: int, width: int, batch: int) -> None:
    for name, value, cap in (("depth", depth, MAX_DEPTH), ("width", width, MAX_WIDTH), ("batch", batch, MAX_BATCH)):
        if value < 1:
            raise ParameterError(f"{name} must be at least 1, not {value}", option=name)
        if value > cap:
            raise ParameterError(f"{name} must be at most {cap:,}, not {value:,}", option=name)
    need = peak_bytes(depth, width, batch)
    if need > MAX_BYTES:
        raise ParameterError(
            f"depth {depth:,}, width {width:,}, batch {batch:,}: about {need / 1e9:.1f} GB would be held at the "
            "peak (weights, pre-activations and temporaries)",
            hint=f"the limit is {MAX_BYTES / 1e9:.1f} GB; depth 50, width 512, batch 512 needs "
            f"{peak_bytes(50, 512, 512) / 1e9:.2f} GB",
        )


def peak_bytes(depth: int, width: int, batch: int) -> int:
    """What a run allocates at its peak, in bytes: every weight matrix and every kept
    pre-activation Z (depth × (width² + batch × width)), plus the temporaries of one layer."""
    ww, bw = width * width, batch * width
    return 8 * (depth * (ww + bw) + TEMPORARIES_WW * ww + TEMPORARIES_BW * bw) + OVERHEAD


@dataclass
class Network:
    weights: list[Any]
    readout: Any
    x: Any
    y: Any


def build_network(act: Activation, depth: int, width: int, batch: int, scheme: str, gain: float, seed: int,
                  with_lsuv: bool = False) -> Network:
    """Weights and data from one seeded generator: the same seed gives every activation the same
    inputs, targets and (before scaling) the same weights. ``with_lsuv``: each weight matrix is the
    orthogonal factor of that same Gaussian draw times ``gain``, then LSUV rescales the layers on
    a calibration batch drawn after everything else, never on the batch the run measures."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    y = rng.standard_normal((batch, 1))
    if with_lsuv:
        weights = [orthogonal(rng, width, gain) for _ in range(depth)]
    else:
        std = init_std(scheme, gain, width, width)
        weights = [rng.standard_normal((width, width)) * std for _ in range(depth)]
    readout = rng.standard_normal((width, 1)) * math.sqrt(2.0 / (width + 1))
    if with_lsuv:
        lsuv(act, weights, rng.standard_normal((batch, width)))
    return Network(weights, readout, x, y)


def loss_and_gradients(act: Activation, net: Network) -> tuple[float, list[Any]]:
    """L and dL/dW for every layer (for the finite-difference test)."""
    run = _propagate(act, net, keep_grads=True)
    return run["loss"], run["dws"]


def _propagate(act: Activation, net: Network, keep_grads: bool = False,
               progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    f, df = act, act.derivative
    depth = len(net.weights)
    batch = net.x.shape[0]
    peak = _peak(act)
    zs = []
    forward: list[tuple[float, float, float, float]] = []
    a = net.x
    for w in net.weights:
        z = a @ w
        zs.append(z)
        a = f(z)
        forward.append((float(z.mean()), float(z.var()), float(a.mean()), float(a.var())))
        if progress:
            progress(1)
    err = a @ net.readout - net.y
    loss = float(0.5 * np.mean(err * err))
    da = (err / batch) @ net.readout.T
    backward: list[tuple[float, float, float, float, float]] = [(0.0,) * 5] * depth
    dws: list[Any] = [None] * depth
    for i in range(depth - 1, -1, -1):
        z = zs[i]
        gz = df(z)
        dz = da * gz
        a_prev = net.x if i == 0 else f(zs[i - 1])
        dw = a_prev.T @ dz
        if keep_grads:
            dws[i] = dw
        dead = float(np.mean(np.all(gz == 0, axis=0)))
        mag = np.abs(gz)
        sat = float(np.mean((mag < SATURATION_FRACTION * peak) & (mag > 0))) if math.isfinite(peak) else 0.0
        backward[i] = (_rms(da), _rms(dz), _rms(dw), dead, sat)
        da = dz @ net.weights[i].T
        zs[i] = None  # release as we go: peak memory is the forward pass
        if progress:
            progress(1)
    layers = [LayerStats(i + 1, *forward[i], *backward[i]) for i in range(depth)]
    return {"loss": loss, "layers": layers, "dws": dws}


def _rms(v: Any) -> float:
    return float(np.sqrt(np.mean(v * v)))


def _peak(act: Activation) -> float:
    dr = act.claims.derivative_range
    return max(abs(dr.lo), abs(dr.hi))


#: the gradient ratio (layer 1 ÷ last) beyond which a run is called vanishing or exploding
VANISHING_RATIO = 1e-2
EXPLODING_RATIO = 1e2
#: the mean share of dead (or saturated) units that counts as a collapse
COLLAPSE_FRACTION = 0.5


def _verdict(layers: list[LayerStats], loss: float, ratio: float, dead: float, sat: float
             ) -> tuple[str, str, int | None, bool, str | None]:
    """overflow (inf/NaN anywhere) > dead (all-zero gradients, or most units dead) > vanishing /
    exploding (ratio beyond 1/100 or 100) > stable; a saturated collapse is named alongside."""
    forward = [st.layer for st in layers if not all(math.isfinite(v) for v in (st.z_var, st.a_var, st.z_mean, st.a_mean))]
    backward = [st.layer for st in layers if not all(math.isfinite(v) for v in (st.da_rms, st.dz_rms, st.dw_rms))]
    collapse = "dead" if dead >= COLLAPSE_FRACTION else "saturated" if sat >= COLLAPSE_FRACTION else None
    if forward or backward or not math.isfinite(loss):
        what = ", ".join(w for w, bad in (("activations", forward), ("gradients", backward),
                                           ("loss", not math.isfinite(loss))) if bad)
        first = min(forward) if forward else min(backward) if backward else None
        return "overflow", what, first, False, collapse
    zero = all(st.dz_rms == 0 for st in layers)
    if zero or layers[0].dz_rms == 0 or collapse == "dead":
        return "dead", "", None, zero, collapse
    if ratio < VANISHING_RATIO:
        return "vanishing", "", None, False, collapse
    if ratio > EXPLODING_RATIO:
        return "exploding", "", None, False, collapse
    return "stable", "", None, False, collapse


def summarise(layers: list[LayerStats], loss: float = 0.0) -> Summary:
    last = layers[-1].dz_rms
    first = layers[0].dz_rms
    vanish = None
    for st in reversed(layers):
        if last > 0 and st.dz_rms < 0.01 * last:
            vanish = st.layer
            break
    a_vars = [st.a_var for st in layers]
    dz = [st.dz_rms for st in layers]

    def spread(values: list[float]) -> float:
        lo, hi = min(values), max(values)
        return math.inf if lo == 0 else hi / lo

    ratio = first / last if last > 0 else math.nan
    dead = float(np.mean([st.dead_fraction for st in layers]))
    sat = float(np.mean([st.saturated_fraction for st in layers]))
    verdict, nonfinite, first_bad, zero, collapse = _verdict(layers, loss, ratio, dead, sat)
    return Summary(
        gradient_ratio=ratio,
        vanishes_at_layer=vanish,
        layers_to_vanish=None if vanish is None else layers[-1].layer - vanish,
        dead_fraction=dead,
        saturated_fraction=sat,
        activation_variance_ratio=spread(a_vars),
        gradient_rms_ratio=spread(dz),
        verdict=verdict,
        nonfinite=nonfinite,
        first_nonfinite_layer=first_bad,
        zero_gradients=zero,
        collapse=collapse,
    )


def validate(acts: list[Activation], depth: int, width: int, batch: int, init: str | None, seed: int) -> None:
    """Check a whole request before any run starts, so a bad one fails at once."""
    check_sizes(depth, width, batch)
    if not 0 <= seed < 2**63:
        raise ParameterError(f"seed must be between 0 and 2^63 - 1, not {seed}", option="seed")
    for act in acts:
        if act.kind != "elementwise":
            raise ParameterError(f"{act.name} is a {act.kind} activation", hint="simulate hidden layers with an elementwise one"
                                 + (f"; a gated layer has two weight matrices, and its gate is {act.record.gate.name}"
                                    if act.record.gate is not None else ""))
        resolve_init(act, init)


def simulate(act: Activation, depth: int = 10, width: int = 256, batch: int = 256, init: str | None = None,
             seed: int = 0, progress: Callable[[int], None] | None = None) -> Run:
    """One run: build, forward, backward, per-layer statistics and a summary."""
    validate([act], depth, width, batch, init, seed)
    scheme, gain = resolve_init(act, init)
    with_lsuv = uses_lsuv(act, init)
    net = build_network(act, depth, width, batch, scheme, gain, seed, with_lsuv)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        out = _propagate(act, net, progress=progress)
    return Run(act, "lsuv" if with_lsuv else scheme, gain, depth, width, batch, seed, out["layers"],
               summarise(out["layers"], out["loss"]), out["loss"])
