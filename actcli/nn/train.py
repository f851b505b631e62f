"""Train small fully connected networks (numpy only) and measure what the activation does while
they learn.

The network is simulate's: Z = A·W + b, A = g(Z) forward; dZ = dA ⊙ g′(Z), dW = Aᵀ·dZ, dA = dZ·Wᵀ
backward, with g any elementwise activation or expression actcli accepts. The output layer and loss
follow the task, as the recommender's output rules say, and are computed from the logits (never
from a rounded probability):

- binary: one logit s, L = mean(max(s, 0) − s·y + log(1 + e^−|s|)) (binary cross-entropy on
  logits), dL/ds = (σ(s) − y)/n;
- multiclass: K logits, L = mean(logsumexp(s) − s_y) (cross-entropy), dL/ds = (softmax(s) − onehot)/n;
- regression: identity output, L = mean((s − y)²) (mean squared error), dL/ds = 2(s − y)/n.

Every weight, bias and learnable activation parameter lives in one flat float64 buffer, and every
gradient in another, so the optimiser (sgd, momentum 0.9, or adam with β = (0.9, 0.999),
ε = 1e-8, as PyTorch's defaults) is a handful of whole-array operations per step. Learnable
parameters (a record's :class:`~actcli.core.record.Param` with ``learnable=True``) are one scalar
per hidden layer; their gradient is a central difference of g in the parameter (g is elementwise,
so that costs two evaluations of g per layer and step).

Per epoch it records the training and test loss and accuracy (R² for regression), and per hidden
layer the share of dead units (g′(Z) = 0 for every example of the epoch), the share of saturated
(example, unit) pairs (0 < |g′| < 1 % of sup |g′|, as simulate counts them), the RMS of dW over the
epoch and the mean update-to-weight ratio ‖ΔW‖/‖W‖ of its steps. ``tests/test_train.py`` checks
the gradients against finite differences of the loss. One seed fixes the weights and the batch
order: the same seed gives bit-identical results, and every activation starts from the same
standard-normal draws (scaled by its own initialisation). Where that initialisation is LSUV (the
advice adds it for the activation, exactly as simulate does, or ``init="lsuv"``), the hidden weights
are the draws' (semi-)orthogonal factors, each entry of the scheme's variance, and each hidden layer
after the first is rescaled so that its Var Z on one mini-batch of training rows (drawn from a
generator of its own, so the batch order stays the seed's) equals the first one's.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.activation import Activation
from actcli.core.choices import check_choice
from actcli.core.constants import SATURATION_FRACTION
from actcli.core.record import Param
from actcli.errors import ParameterError
from actcli.nn.init import init_std, lsuv, resolve_init, semi_orthogonal, uses_lsuv

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from actcli.nn.data import Dataset

OPTIMIZERS = ("sgd", "momentum", "adam")
MAX_LAYERS = 100
MAX_WIDTH = 4096
MAX_EPOCHS = 100_000
MAX_SEEDS = 1000
MOMENTUM = 0.9
BETAS = (0.9, 0.999)
EPS = 1e-8


@dataclass(frozen=True)
class Config:
    hidden: tuple[int, ...] = (8, 8)
    optimizer: str = "adam"
    lr: float = 0.03
    batch: int = 32
    epochs: int = 100
    init: str | None = None  # None: each activation's recommended scheme (LSUV where the advice adds it)
    target: float = 0.9  # test accuracy (or R²) whose first epoch is reported


def validate(acts: Sequence[Activation], config: Config, seeds: int = 1, seed: int = 0) -> Config:
    """Check a whole request before anything trains; return it with the optimiser normalised."""
    opt = check_choice("optimizer", config.optimizer, OPTIMIZERS)
    assert opt is not None
    if not config.hidden:
        raise ParameterError("hidden needs at least one layer", hint="e.g. 8,8", option="hidden")
    if len(config.hidden) > MAX_LAYERS:
        raise ParameterError(f"hidden has {len(config.hidden)} layers, at most {MAX_LAYERS}", option="hidden")
    for w in config.hidden:
        if not 1 <= w <= MAX_WIDTH:
            raise ParameterError(f"a hidden layer needs 1 to {MAX_WIDTH} units, not {w}", option="hidden")
    if not (math.isfinite(config.lr) and config.lr > 0):
        raise ParameterError(f"lr must be a positive number, not {config.lr:g}", option="lr")
    if config.batch < 1:
        raise ParameterError(f"batch must be at least 1, not {config.batch}", option="batch")
    if not 1 <= config.epochs <= MAX_EPOCHS:
        raise ParameterError(f"epochs must be between 1 and {MAX_EPOCHS:,}, not {config.epochs}", option="epochs")
    if not 1 <= seeds <= MAX_SEEDS:
        raise ParameterError(f"seeds must be between 1 and {MAX_SEEDS}, not {seeds}", option="seeds")
    if not 0 <= seed < 2**63 - MAX_SEEDS:
        raise ParameterError(f"seed must be between 0 and 2^63 - {MAX_SEEDS + 1}, not {seed}", option="seed")
    if not math.isfinite(config.target):
        raise ParameterError("target must be a finite number", option="target_accuracy")
    for act in acts:
        if act.kind != "elementwise":
            raise ParameterError(f"{act.name} is a {act.kind} activation",
                                 hint="hidden layers need an elementwise one; the output layer follows the task")
        resolve_init(act, config.init)
    return Config(config.hidden, opt, config.lr, config.batch, config.epochs, config.init, config.target)


# --- the network -------------------------------------------------------------------------------------


class Network:
    """Weights, biases and learnable parameters as views into one flat buffer (and gradients into
    another), with the forward and backward pass of one batch."""

    def __init__(self, act: Activation, sizes: Sequence[int], init: str | None, rng: np.random.Generator) -> None:
        self.act = act
        self.sizes = tuple(sizes)
        self.scheme, self.gain = resolve_init(act, init)
        self.with_lsuv = uses_lsuv(act, init)  # as simulate: the advice's LSUV, or "lsuv" by name
        self.learnable: tuple[Param, ...] = tuple(p for p in act.record.params if p.learnable)
        self.fixed = {k: v for k, v in act.params.items() if all(k != p.name for p in self.learnable)}
        n_layers = len(sizes) - 1
        n_hidden = n_layers - 1
        shapes = [(fi, fo) for fi, fo in zip(sizes[:-1], sizes[1:])]
        total = sum(fi * fo + fo for fi, fo in shapes) + n_hidden * len(self.learnable)
        self.flat = np.zeros(total)
        self.grad = np.zeros(total)
        self.W: list[NDArray[np.float64]] = []
        self.b: list[NDArray[np.float64]] = []
        self.gW: list[NDArray[np.float64]] = []
        self.gb: list[NDArray[np.float64]] = []
        self.w_slices: list[slice] = []
        at = 0
        for fi, fo in shapes:
            self.w_slices.append(slice(at, at + fi * fo))
            self.W.append(self.flat[at:at + fi * fo].reshape(fi, fo))
            self.gW.append(self.grad[at:at + fi * fo].reshape(fi, fo))
            at += fi * fo
            self.b.append(self.flat[at:at + fo])
            self.gb.append(self.grad[at:at + fo])
            at += fo
        self.p = self.flat[at:].reshape(n_hidden, len(self.learnable))
        self.gp = self.grad[at:].reshape(n_hidden, len(self.learnable))
        for i, p in enumerate(self.learnable):
            start = act.params.get(p.name, p.default)
            self.p[:, i] = float(start)
        for i, (fi, fo) in enumerate(shapes):
            # every activation draws the same standard normals; hidden layers scale them by the
            # activation's initialisation (with LSUV: their orthogonal factor, each entry of the same
            # variance), the output layer by Xavier (gain 1)
            draw = rng.standard_normal((fi, fo))
            hidden = i < n_hidden
            std = init_std(self.scheme, self.gain, fi, fo) if hidden else math.sqrt(2.0 / (fi + fo))
            if hidden and self.with_lsuv:
                self.W[i][...] = semi_orthogonal(draw, std)
            else:
                np.multiply(draw, std, out=self.W[i])
        fn, d1 = act.record.fn, act.record.d1
        assert fn is not None and d1 is not None
        self._fn: Callable[..., Any] = fn
        self._d1: Callable[..., Any] = d1
        self._f = partial(self._fn, **self.fixed) if not self.learnable else None
        self._df = partial(self._d1, **self.fixed) if not self.learnable else None

    @property
    def init(self) -> str:
        """The initialisation as runs report it: "lsuv" where LSUV follows the scheme's gain."""
        return "lsuv" if self.with_lsuv else self.scheme

    def calibrate(self, x: NDArray[np.float64]) -> list[float]:
        """LSUV (actcli.nn.init.lsuv) on the mini-batch ``x`` when this network uses it: each hidden
        layer after the first rescaled so that its Var Z on ``x`` equals the first's (biases are 0
        at initialisation; the output layer keeps Xavier). Returns the factors (none without LSUV)."""
        if not self.with_lsuv:
            return []
        return lsuv(self.act, self.W[:self.n_hidden], x)

    @property
    def n_hidden(self) -> int:
        return len(self.sizes) - 2

    def _layer_fns(self, layer: int) -> tuple[Callable[..., Any], Callable[..., Any]]:
        if self._f is not None and self._df is not None:
            return self._f, self._df
        kw = dict(self.fixed)
        kw.update({p.name: float(self.p[layer, i]) for i, p in enumerate(self.learnable)})
        return partial(self._fn, **kw), partial(self._d1, **kw)

    def forward(self, x: NDArray[np.float64]) -> tuple[list[Any], list[Any], Any]:
        """Pre-activations Z and activations A of every hidden layer (A[0] is the input), and the logits."""
        zs: list[Any] = []
        acts: list[Any] = [x]
        a = x
        for i in range(self.n_hidden):
            z = a @ self.W[i]
            z += self.b[i]
            f, _ = self._layer_fns(i)
            a = f(z)
            zs.append(z)
            acts.append(a)
        out = a @ self.W[-1]
        out += self.b[-1]
        return zs, acts, out

    def predict(self, x: NDArray[np.float64]) -> Any:
        """The logits (or the regression output) for inputs x."""
        with np.errstate(all="ignore"):
            return self.forward(x)[2]

    def backward(self, zs: list[Any], acts: list[Any], dout: Any, stats: LayerAccumulator | None = None) -> None:
        """Fill ``grad`` with dL/dθ given dL/d(logits); accumulate the per-layer statistics."""
        np.matmul(acts[-1].T, dout, out=self.gW[-1])
        _add(dout, axis=0, out=self.gb[-1])
        da = dout @ self.W[-1].T
        for i in range(self.n_hidden - 1, -1, -1):
            z = zs[i]
            _, df = self._layer_fns(i)
            gz = df(z)
            if self.learnable:
                self._param_grad(i, z, da)
            dz = da * gz
            np.matmul(acts[i].T, dz, out=self.gW[i])
            _add(dz, axis=0, out=self.gb[i])
            if stats is not None:
                stats.add(i, gz, self.gW[i])
            if i:
                da = dz @ self.W[i].T

    def _param_grad(self, layer: int, z: Any, da: Any) -> None:
        for j, p in enumerate(self.learnable):
            v = float(self.p[layer, j])
            h = 1e-6 * max(1.0, abs(v))
            kw = dict(self.fixed)
            kw.update({q.name: float(self.p[layer, k]) for k, q in enumerate(self.learnable)})
            kw[p.name] = v + h
            up = self._fn(z, **kw)
            kw[p.name] = v - h
            down = self._fn(z, **kw)
            self.gp[layer, j] = float(np.sum(da * (up - down))) / (2 * h)

    def clamp_params(self) -> None:
        """Keep learnable parameters inside their valid intervals after a step."""
        for j, p in enumerate(self.learnable):
            col = self.p[:, j]
            lo, hi = p.lo, p.hi
            if not p.lo_closed and math.isfinite(lo):
                lo = math.nextafter(lo, math.inf)
            if not p.hi_closed and math.isfinite(hi):
                hi = math.nextafter(hi, -math.inf)
            np.clip(col, lo, hi, out=col)

    def learned(self) -> list[dict[str, float]]:
        """The learnable parameters' values per hidden layer."""
        return [{p.name: float(self.p[i, j]) for j, p in enumerate(self.learnable)} for i in range(self.n_hidden)]


class LayerAccumulator:
    """Per-layer statistics over one epoch: which units had a non-zero g′ at least once, how many
    (example, unit) pairs were saturated, the sum of squared dW entries and of update ratios."""

    def __init__(self, net: Network) -> None:
        self.widths = net.sizes[1:-1]
        dr = net.act.claims.derivative_range
        peak = max(abs(dr.lo), abs(dr.hi))
        self.threshold = SATURATION_FRACTION * peak if math.isfinite(peak) else -1.0
        self.reset()

    def reset(self) -> None:
        self.alive = [np.zeros(w, dtype=bool) for w in self.widths]
        self.saturated = [0] * len(self.widths)
        self.pairs = [0] * len(self.widths)
        self.dw_sq = [0.0] * len(self.widths)
        self.dw_n = [0] * len(self.widths)
        self.ratio = [0.0] * len(self.widths)
        self.steps = 0

    def add(self, i: int, gz: Any, dw: Any) -> None:
        nz = gz != 0
        alive = self.alive[i]
        np.logical_or(alive, _any(nz, axis=0), out=alive)
        if self.threshold > 0:  # pairs below the threshold, less the zeros (dead, not saturated)
            small = np.less(np.abs(gz), self.threshold)
            self.saturated[i] += int(np.count_nonzero(small)) - (gz.size - int(np.count_nonzero(nz)))
        self.pairs[i] += gz.size
        flat = dw.ravel()
        self.dw_sq[i] += float(flat @ flat)
        self.dw_n[i] += flat.size

    def add_ratio(self, i: int, ratio: float) -> None:
        self.ratio[i] += ratio

    def close(self) -> tuple[list[float], list[float], list[float], list[float]]:
        dead = [1.0 - float(np.mean(a)) for a in self.alive]
        sat = [s / n if n else 0.0 for s, n in zip(self.saturated, self.pairs)]
        rms = [math.sqrt(s / n) if n else 0.0 for s, n in zip(self.dw_sq, self.dw_n)]
        ratio = [r / self.steps if self.steps else 0.0 for r in self.ratio]
        return dead, sat, rms, ratio


_add = np.add.reduce  # the ufunc reductions, without np.sum's Python wrapper
_any = np.logical_or.reduce


# --- loss --------------------------------------------------------------------------------------------


def loss_and_grad(task: str, out: Any, y: Any, need_grad: bool = True) -> tuple[float, Any]:
    """The loss of the logits ``out`` against ``y`` and dL/d(out), computed stably."""
    n = out.shape[0]
    if task == "binary":
        e = np.exp(-np.abs(out))
        loss = float(np.mean(np.maximum(out, 0.0) - out * y + np.log1p(e)))
        if not need_grad:
            return loss, None
        sig = np.where(out >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        sig -= y
        sig /= n
        return loss, sig
    if task == "multiclass":
        m = out.max(axis=1, keepdims=True)
        shifted = out - m
        ex = np.exp(shifted)
        total = ex.sum(axis=1, keepdims=True)
        lse = np.log(total)
        rows = np.arange(n)
        loss = float(np.mean(lse[:, 0] - shifted[rows, y]))
        if not need_grad:
            return loss, None
        ex /= total
        ex[rows, y] -= 1.0
        ex /= n
        return loss, ex
    err = out - y
    loss = float(np.mean(err * err))
    if not need_grad:
        return loss, None
    err *= 2.0 / n
    return loss, err


def grad_only(task: str, out: Any, y: Any) -> Any:
    """dL/d(logits) alone (the training step needs no loss value), in place in ``out``."""
    n = out.shape[0]
    if task == "binary":  # σ(s) = (1 + tanh(s/2))/2: stable for every s, one transcendental call
        out *= 0.5
        np.tanh(out, out=out)
        out += 1.0
        out *= 0.5
        out -= y
        out /= n
        return out
    if task == "multiclass":
        out -= out.max(axis=1, keepdims=True)
        np.exp(out, out=out)
        out /= _add(out, axis=1, keepdims=True)
        out[np.arange(n), y] -= 1.0
        out /= n
        return out
    out -= y
    out *= 2.0 / n
    return out


def metric(task: str, out: Any, y: Any) -> float:
    """Accuracy for classification, R² (1 − SS_res/SS_tot on that split) for regression."""
    if task == "binary":
        return float(np.mean((out[:, 0] > 0) == (y[:, 0] > 0.5)))
    if task == "multiclass":
        return float(np.mean(np.argmax(out, axis=1) == y))
    tot = float(np.sum((y - y.mean()) ** 2))
    res = float(np.sum((out - y) ** 2))
    return 1.0 - res / tot if tot > 0 else math.nan


# --- one run -----------------------------------------------------------------------------------------


@dataclass
class History:
    """Per-epoch arrays (epochs,) and per-layer arrays (epochs, hidden layers); NaN after a divergence."""

    train_loss: NDArray[np.float64]
    test_loss: NDArray[np.float64]
    train_metric: NDArray[np.float64]
    test_metric: NDArray[np.float64]
    dead: NDArray[np.float64]
    saturated: NDArray[np.float64]
    grad_rms: NDArray[np.float64]
    update_ratio: NDArray[np.float64]

    @classmethod
    def empty(cls, epochs: int, layers: int) -> History:
        def e(*shape: int) -> NDArray[np.float64]:
            return np.full(shape, np.nan)

        return cls(e(epochs), e(epochs), e(epochs), e(epochs), e(epochs, layers), e(epochs, layers),
                   e(epochs, layers), e(epochs, layers))


@dataclass
class Run:
    act: Activation
    seed: int
    init: str
    gain: float
    history: History
    epochs_done: int
    diverged_at: int | None  # the epoch whose loss was no longer finite
    epochs_to_target: int | None  # first epoch with test metric ≥ target
    seconds: float
    network: Network = field(repr=False)

    @property
    def final(self) -> int:
        """Index of the last epoch with finite numbers (−1 if none)."""
        return self.epochs_done - 1


def train(act: Activation, data: Dataset, config: Config, seed: int = 0,
          progress: Callable[[int], None] | None = None) -> Run:
    """Train one network on ``data`` from ``seed``; ``progress(1)`` after each epoch."""
    config = validate([act], config, 1, seed)
    rng = np.random.default_rng(seed)
    sizes = (data.n_inputs, *config.hidden, data.n_outputs)
    net = Network(act, sizes, config.init, rng)
    x_all, y_all = data.x_train, data.y_train
    n = x_all.shape[0]
    batch = min(config.batch, n)
    if net.with_lsuv:  # a mini-batch of training rows from a generator of its own: the batch order stays the seed's
        net.calibrate(x_all[np.random.default_rng([seed, 1]).choice(n, size=batch, replace=False)])
    hist = History.empty(config.epochs, net.n_hidden)
    stats = LayerAccumulator(net)
    opt = _Optimizer(config.optimizer, config.lr, net.flat.size)
    reached: int | None = None
    diverged: int | None = None
    done = 0
    t0 = time.perf_counter()
    with np.errstate(all="ignore"):
        for epoch in range(config.epochs):
            order = rng.permutation(n)
            xs, ys = x_all[order], y_all[order]
            stats.reset()
            for start in range(0, n, batch):
                xb, yb = xs[start:start + batch], ys[start:start + batch]
                zs, acts, out = net.forward(xb)
                net.backward(zs, acts, grad_only(data.task, out, yb), stats)
                upd = opt.step(net.grad)
                net.flat += upd
                for i, sl in enumerate(net.w_slices[:-1]):
                    u, w = upd[sl], net.flat[sl]
                    ww = float(w @ w)
                    stats.add_ratio(i, math.sqrt(float(u @ u) / ww) if ww > 0 else math.inf)
                stats.steps += 1
                if net.learnable:
                    net.clamp_params()
            train_loss, train_metric = _evaluate(net, data.task, x_all, y_all)
            test_loss, test_metric = _evaluate(net, data.task, data.x_test, data.y_test)
            if not (math.isfinite(train_loss) and np.all(np.isfinite(net.flat))):
                diverged = epoch + 1
                break
            hist.train_loss[epoch], hist.test_loss[epoch] = train_loss, test_loss
            hist.train_metric[epoch], hist.test_metric[epoch] = train_metric, test_metric
            dead, sat, rms, ratio = stats.close()
            hist.dead[epoch], hist.saturated[epoch], hist.grad_rms[epoch], hist.update_ratio[epoch] = dead, sat, rms, ratio
            if reached is None and test_metric >= config.target:
                reached = epoch + 1
            done = epoch + 1
            if progress:
                progress(1)
    seconds = time.perf_counter() - t0
    return Run(act, seed, net.init, net.gain, hist, done, diverged, reached, seconds, net)


def _evaluate(net: Network, task: str, x: Any, y: Any) -> tuple[float, float]:
    out = net.forward(x)[2]
    loss, _ = loss_and_grad(task, out, y, need_grad=False)
    return loss, metric(task, out, y)


class _Optimizer:
    """The update for a flat gradient, computed in place in preallocated buffers."""

    def __init__(self, kind: str, lr: float, size: int) -> None:
        self.kind, self.lr, self.t = kind, lr, 0
        self.upd = np.zeros(size)
        self.tmp = np.zeros(size) if kind == "adam" else self.upd
        self.m = np.zeros(size) if kind != "sgd" else self.upd
        self.v = np.zeros(size) if kind == "adam" else self.upd

    def step(self, g: NDArray[np.float64]) -> NDArray[np.float64]:
        self.t += 1
        if self.kind == "sgd":
            return np.multiply(g, -self.lr, out=self.upd)
        if self.kind == "momentum":  # PyTorch's SGD(momentum=0.9): v ← μv + g, θ ← θ − lr·v
            self.m *= MOMENTUM
            self.m += g
            return np.multiply(self.m, -self.lr, out=self.upd)
        b1, b2 = BETAS
        m, v, tmp = self.m, self.v, self.tmp
        np.subtract(g, m, out=tmp)
        tmp *= 1.0 - b1
        m += tmp  # m ← β1·m + (1 − β1)·g
        np.multiply(g, g, out=tmp)
        tmp -= v
        tmp *= 1.0 - b2
        v += tmp  # v ← β2·v + (1 − β2)·g²
        c1, c2 = 1.0 - b1**self.t, math.sqrt(1.0 - b2**self.t)
        # θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/c1, √v̂ = √v/c2, rearranged to one division
        np.sqrt(v, out=tmp)
        tmp += EPS * c2
        np.divide(m, tmp, out=self.upd)
        self.upd *= -self.lr * c2 / c1
        return self.upd


# --- several activations × seeds ---------------------------------------------------------------------


@dataclass
class Experiment:
    data: Dataset
    config: Config
    acts: list[Activation]
    seeds: list[int]
    runs: list[list[Run]]  # per activation, per finished seed
    interrupted: bool = False

    @property
    def finished(self) -> int:
        return sum(len(r) for r in self.runs)


def experiment(acts: Sequence[Activation], data: Dataset, config: Config, seeds: int = 1, seed: int = 0,
               progress: Callable[[int], None] | None = None) -> Experiment:
    """Train every activation from the same seeds (seed, seed + 1, …) on the same data. Ctrl-C
    stops at once and returns the runs that finished, marked ``interrupted``."""
    config = validate(acts, config, seeds, seed)
    ex = Experiment(data, config, list(acts), [seed + k for k in range(seeds)], [[] for _ in acts])
    try:
        for s in ex.seeds:
            for i, act in enumerate(acts):
                ex.runs[i].append(train(act, data, config, s, progress))
    except KeyboardInterrupt:
        ex.interrupted = True
    return ex


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for one value) of the finite values; NaN if none."""
    v = np.array([x for x in values if x is not None and math.isfinite(x)], dtype=np.float64)
    if v.size == 0:
        return math.nan, math.nan
    return float(v.mean()), float(v.std(ddof=1)) if v.size > 1 else 0.0


@dataclass(frozen=True)
class Summary:
    """One activation over its seeds: final-epoch numbers, mean and sample sd."""

    act: Activation
    runs: int
    train_loss: tuple[float, float]
    test_loss: tuple[float, float]
    train_metric: tuple[float, float]
    test_metric: tuple[float, float]
    epochs_to_target: tuple[float, float]
    reached: int  # runs that reached the target
    dead: tuple[float, float]  # mean over hidden layers, last epoch
    saturated: tuple[float, float]
    seconds: tuple[float, float]
    diverged: int


def summarise(act: Activation, runs: Sequence[Run]) -> Summary:
    def last(arr_of: Callable[[Run], Any]) -> tuple[float, float]:
        return mean_sd([float(np.nanmean(arr_of(r))) if r.final >= 0 else math.nan for r in runs])

    return Summary(
        act, len(runs),
        last(lambda r: r.history.train_loss[r.final]),
        last(lambda r: r.history.test_loss[r.final]),
        last(lambda r: r.history.train_metric[r.final]),
        last(lambda r: r.history.test_metric[r.final]),
        mean_sd([float(r.epochs_to_target) for r in runs if r.epochs_to_target is not None]),
        sum(r.epochs_to_target is not None for r in runs),
        last(lambda r: r.history.dead[r.final]),
        last(lambda r: r.history.saturated[r.final]),
        mean_sd([r.seconds for r in runs]),
        sum(r.diverged_at is not None for r in runs),
    )


def numerical_check(act: Activation, data: Dataset, hidden: tuple[int, ...], seed: int = 0) -> tuple[Any, Any]:
    """The back-propagated gradient of the full-batch loss and a central finite difference of it,
    for every parameter of a fresh network (for the tests; small networks only)."""
    net = Network(act, (data.n_inputs, *hidden, data.n_outputs), None, np.random.default_rng(seed))
    x, y = data.x_train, data.y_train

    def loss() -> float:
        return loss_and_grad(data.task, net.forward(x)[2], y, need_grad=False)[0]

    zs, acts, out = net.forward(x)
    net.backward(zs, acts, grad_only(data.task, out, y))  # the training step's own path
    analytic = net.grad.copy()
    numeric = np.zeros_like(analytic)
    for k in range(net.flat.size):
        old = net.flat[k]
        h = 1e-6 * max(1.0, abs(old))
        net.flat[k] = old + h
        up = loss()
        net.flat[k] = old - h
        down = loss()
        net.flat[k] = old
        numeric[k] = (up - down) / (2 * h)
    return analytic, numeric
