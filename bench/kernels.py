"""Kernel speed: every elementwise activation, f and f′, float32 and float64, N = 10⁶, one thread,
measured side by side with PyTorch's CPU kernels in one run (`python bench/run.py kernels`). Each has
a torch counterpart: the torch function where one exists, else the one-line torch expression of its
formula (`torch_counterparts`); an elementwise activation without one is named as not timed. For
the kernels over target it also prints their pass floor: the bare ufunc chain of the formula
against the same torch call.

torch is not a dependency of actcli and never enters its virtualenv. The bench runs a torch-side
worker with another interpreter: $ACTCLI_TORCH_PYTHON if set, else /tmp/torchvenv/bin/python if it
exists (make one with `python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch numpy`).
The worker is this file run with `--worker`; it reads one request per line ("spec order dtype"),
times one call on the same inputs (x = 3·N(0, 1), seed 0) and answers with the seconds. The
parent alternates: one actcli call, one torch call, REPEAT times per kernel, and prints the median
of the REPEAT ratios, so that the two calls of a pair see the same machine load. Both sides time
the CPU time of their own process (time.process_time; torch runs one thread), which a machine
shared with other work inflates far less than wall time; the load average is printed with it.

f′ is what each user pays for the derivative at x: actcli's `derivative(x)`; for torch, the
forward pass plus autograd's backward with a gradient of ones (`y.backward(ones)`, then x.grad).
identity's f is timed against `x.clone()` (torch.nn.Identity returns its input without a copy;
actcli returns a new array).

Without a torch interpreter the bench says so and compares with a numpy floor instead: one
`np.maximum(x, 0)` (one pass of the cheapest ufunc into a new array) and `x.copy()`.

Targets (issue 13): every kernel ≤ 2× torch; the seed's five elementwise ones ≤ 1.5×. Also printed:
the peak memory of one call at N = 10⁷ (tracemalloc; numpy reports its allocations to it) in
units of the input's size — at most 3 (the result and two full-size temporaries).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy or torch is imported

import numpy as np  # noqa: E402

N = 1_000_000
SEED_FIVE = {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}
DEFAULT_TORCH = "/tmp/torchvenv/bin/python"
CLOCK = time.process_time  # CPU time of the timing process: what a shared machine inflates least


def _elementwise() -> list[str]:
    from actcli.api import records

    return [r.name for r in records() if r.kind == "elementwise"]


class _Absent:
    """Stands in for torch when only the names of the counterparts are wanted."""

    def __getattr__(self, name: str) -> None:
        return None


def _torch_names() -> set[str]:
    return set(torch_counterparts(_Absent(), _Absent(), {}))


def specs() -> list[str]:
    names = _torch_names()
    return [n for n in _elementwise() if n in names] + ["gelu:approximate=tanh"]


def untimed() -> list[str]:
    names = _torch_names()
    return [n for n in _elementwise() if n not in names]


def inputs(dtype: str) -> np.ndarray:
    return (3.0 * np.random.default_rng(0).standard_normal(N)).astype(dtype)


# ------------------------------------------------------------------------------------- torch side
def _torch_fn(spec: str) -> Any:
    import torch
    import torch.nn.functional as tf

    name, _, rest = spec.partition(":")
    p = dict(kv.split("=") for kv in rest.split(",")) if rest else {}
    return torch_counterparts(torch, tf, p)[name]


def torch_counterparts(torch: Any, tf: Any, p: dict[str, str]) -> dict[str, Any]:
    """What a torch user writes for each activation at its default parameters: a torch function
    where one exists, else the one-line expression of the formula (torch.where for a piecewise
    one, as Hugging Face's and timm's activations are written)."""
    third = 1.0 / 3.0

    def where(c: Any, a: Any, b: Any) -> Any:
        return torch.where(c, a, b)

    return {
        "identity": lambda t: t.clone(),
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda t: tf.leaky_relu(t, 0.01),
        "elu": tf.elu,
        "selu": tf.selu,
        "celu": tf.celu,
        "gelu": lambda t: tf.gelu(t, approximate=p.get("approximate", "none")),
        "silu": tf.silu,
        "quick_gelu": lambda t: t * torch.sigmoid(1.702 * t),
        "mish": tf.mish,
        "softplus": tf.softplus,
        "logsigmoid": tf.logsigmoid,
        "softsign": tf.softsign,
        "squareplus": lambda t: 0.5 * (t + torch.sqrt(t * t + 4.0)),
        "exponential": torch.exp,
        "tanhshrink": tf.tanhshrink,
        "hardsigmoid": tf.hardsigmoid,
        "hardtanh": tf.hardtanh,
        "relu6": tf.relu6,
        "hardswish": tf.hardswish,
        "softshrink": tf.softshrink,
        "hardshrink": tf.hardshrink,
        "threshold": lambda t: tf.threshold(t, 0.0, 0.0),
        # functions torch has
        "prelu": lambda t: tf.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
        "rrelu": lambda t: tf.rrelu(t, 0.125, third, training=False),
        "gelu_new": lambda t: tf.gelu(t, approximate="tanh"),  # the same formula, constant for constant
        "gelu_10": lambda t: torch.clamp(tf.gelu(t), -10.0, 10.0),
        "sinc": torch.sinc,
        # one-line expressions of the formula
        "xielu": lambda t: where(t > 0, 0.8 * t * t + 0.5 * t,
                                 0.8 * (torch.expm1(torch.clamp(t, max=-1e-6)) - t) + 0.5 * t),
        "squared_relu": lambda t: torch.square(torch.relu(t)),
        "star_relu": lambda t: 0.8944 * torch.relu(t) ** 2 - 0.4472,
        "gelu_fast": lambda t: 0.5 * t * (1.0 + torch.tanh(t * 0.7978845608 * (1.0 + 0.044715 * t * t))),
        "laplace": lambda t: 0.5 * (1.0 + torch.erf((t - 0.707107) / (0.282095 * 2.0**0.5))),
        "sparse_plus": lambda t: where(t <= -1.0, torch.zeros_like(t), where(t >= 1.0, t, (t + 1.0) ** 2 / 4.0)),
        "elish": lambda t: where(t >= 0, t, torch.expm1(t)) * torch.sigmoid(t),
        "telu": lambda t: t * torch.tanh(torch.exp(t)),
        "logish": lambda t: t * torch.log1p(torch.sigmoid(t)),
        "smish": lambda t: t * torch.tanh(torch.log1p(torch.sigmoid(t))),
        "serf": lambda t: t * torch.erf(tf.softplus(t)),
        "gaussian": lambda t: torch.exp(-t * t),
        "isru": lambda t: t * torch.rsqrt(1.0 + t * t),
        "bent_identity": lambda t: t + (torch.sqrt(t * t + 1.0) - 1.0) / 2.0,
        "sparse_sigmoid": lambda t: 0.5 * torch.clamp(t + 1.0, 0.0, 2.0),
        "isrlu": lambda t: where(t >= 0, t, t * torch.rsqrt(1.0 + t * t)),
        "hard_mish": lambda t: t / 2.0 * torch.clamp(t + 2.0, 0.0, 2.0),
        "hard_elish": lambda t: where(t >= 0, t, torch.expm1(t)) * torch.clamp((t + 1.0) / 2.0, 0.0, 1.0),
        "srelu": lambda t: where(t >= 2.5, t, where(t <= 0.0, 0.5 * t, t)),  # a_r = 1, t_l = 0: t_r + (x − t_r) = x
        "soft_exponential": lambda t: t.clone(),  # α = 0: f(x) = x
        "sine": lambda t: torch.sin(30.0 * t),
        "snake": lambda t: t + torch.sin(t) ** 2,  # α = 1
    }


def worker() -> None:
    import torch

    torch.set_num_threads(1)
    xs = {d: torch.from_numpy(inputs(d)) for d in ("float32", "float64")}
    cache: dict[str, Any] = {}
    print(f"ready torch {torch.__version__}", flush=True)
    for line in sys.stdin:
        spec, order, dtype = line.split()
        fn = cache.setdefault(spec, _torch_fn(spec))
        x = xs[dtype]
        if order == "0":
            t0 = CLOCK()
            fn(x)
            dt = CLOCK() - t0
        else:
            t0 = CLOCK()
            xr = x.detach().requires_grad_(True)
            y = fn(xr)
            y.backward(torch.ones_like(y))
            _ = xr.grad
            dt = CLOCK() - t0
        print(repr(dt), flush=True)


# ------------------------------------------------------------------------------------ actcli side
class Torch:
    def __init__(self, python: str) -> None:
        self.proc = subprocess.Popen(
            [python, str(Path(__file__).resolve()), "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy(),
        )
        assert self.proc.stdout is not None
        self.banner = self.proc.stdout.readline().strip()

    def time(self, spec: str, order: int, dtype: str) -> float:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{spec} {order} {dtype}\n")
        self.proc.stdin.flush()
        return float(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def _ours(act: Any, order: int, x: np.ndarray) -> float:
    t0 = CLOCK()
    if order == 0:
        act(x)
    else:
        act.derivative(x)
    return CLOCK() - t0


def _floor(x: np.ndarray) -> float:
    t0 = CLOCK()
    np.maximum(x, 0.0)
    t1 = CLOCK()
    x.copy()
    t2 = CLOCK()
    return max(t1 - t0, t2 - t1)


def _chain(*steps: Any, wide: bool = False) -> Any:
    """The bare ufunc passes of a formula over 256 KiB blocks into a result (widened to float64
    and rounded once when ``wide``): the least numpy can do for it, whatever the code around it."""

    def run(x: np.ndarray) -> float:
        y = np.empty_like(x)
        step = (1 << 18) // (8 if wide else x.itemsize)
        w = np.empty(step) if wide else None
        t0 = CLOCK()
        for i in range(0, x.size, step):
            xb, yb = x[i : i + step], y[i : i + step]
            if w is not None:
                wb = w[: xb.size]
                np.copyto(wb, xb)
                for s in steps:
                    s(wb, wb)
                np.copyto(yb, wb, casting="same_kind")
            else:  # the first pass reads the input and writes the result, as the kernels do
                steps[0](xb, yb)
                for s in steps[1:]:
                    s(yb, yb)
        return CLOCK() - t0

    return run


def _telu_floor(x: np.ndarray) -> float:
    """TeLU's float32 f at its fewest passes: eˣ in float64, rounded, float32 tanh, product."""
    y = np.empty_like(x)
    step = (1 << 18) // 8
    w = np.empty(step)
    t0 = CLOCK()
    for i in range(0, x.size, step):
        xb, yb = x[i : i + step], y[i : i + step]
        wb = w[: xb.size]
        np.copyto(wb, xb)
        np.minimum(wb, 7.0, out=wb)
        np.exp(wb, out=wb)
        np.copyto(yb, wb, casting="same_kind")
        np.tanh(yb, out=yb)
        np.multiply(yb, xb, out=yb)
    return CLOCK() - t0


def _floors() -> list[tuple[str, int, str, str, Any]]:
    """(spec, order, dtype, passes, chain) for the kernels over target: what their fewest passes cost."""
    from scipy.special import erf, ndtr

    def u(f: Any, *a: Any) -> Any:
        return lambda b, o: f(b, *a, out=o)

    return [
        ("sigmoid", 0, "float64", "exp, add, divide", _chain(u(np.exp), u(np.add, 1.0), u(np.divide, 2.0))),
        ("sigmoid", 1, "float32", "widen, halve, cosh, square, divide, round", _chain(u(np.multiply, 0.5), u(np.cosh), u(np.multiply, 2.0), u(np.divide, 2.0), wide=True)),
        ("tanh", 1, "float32", "widen, cosh, square, divide, round", _chain(u(np.cosh), u(np.multiply, 2.0), u(np.divide, 2.0), wide=True)),
        ("gelu", 0, "float32", "widen, 35 for max(x, 0) − |x|·Φ(−|x|), exp among them, round",
         _chain(*([u(np.multiply, 1.0)] * 34), u(np.exp), wide=True)),
        ("gelu", 0, "float64", "scipy ndtr alone", _chain(u(ndtr))),
        ("tanhshrink", 0, "float32", "widen, tanh, subtract, round", _chain(u(np.tanh), u(np.subtract, 1.0), wide=True)),
        ("hardsigmoid", 0, "float64", "add, multiply, clip", _chain(u(np.add, 3.0), u(np.multiply, 0.5), lambda b, o: np.clip(b, 0.0, 1.0, out=o))),
        ("hardswish", 0, "float64", "clip, add, multiply, multiply", _chain(lambda b, o: np.clip(b, -3.0, 3.0, out=o), u(np.add, 3.0), u(np.multiply, 0.5), u(np.multiply, 2.0))),
        ("telu", 1, "float32", "widen, min, exp, tanh, multiply, add, round",
         _chain(lambda b, o: np.minimum(b, 7.0, out=o), u(np.exp), u(np.tanh), u(np.multiply, 1.5), u(np.add, 1.0), wide=True)),
        ("telu", 0, "float32", "widen, min, exp, round, float32 tanh, multiply", _telu_floor),
        ("logish", 0, "float32", "widen, exp, add, divide, log1p, multiply, round",
         _chain(u(np.exp), u(np.add, 1.0), u(np.divide, 2.0), u(np.log1p), u(np.multiply, 1.5), wide=True)),
        ("smish", 0, "float32", "widen, exp, add, divide, add, multiply, add, divide, multiply, round",
         _chain(u(np.exp), u(np.add, 1.0), u(np.divide, 2.0), u(np.add, 2.0), u(np.multiply, 1.5), u(np.add, 2.0),
                u(np.divide, 2.0), u(np.multiply, 1.5), wide=True)),
        ("serf", 0, "float32", "widen, scipy erf alone, round", _chain(u(erf), wide=True)),
        ("serf", 0, "float64", "scipy erf alone", _chain(u(erf))),
        ("serf", 1, "float32", "widen, scipy erf alone, round", _chain(u(erf), wide=True)),
        ("laplace", 0, "float32", "widen, scipy ndtr alone, round", _chain(u(ndtr), wide=True)),
        ("laplace", 0, "float64", "scipy ndtr alone", _chain(u(ndtr))),
        ("gelu_10", 0, "float32", "widen, 35 for GELU's Φ tail, min, round",
         _chain(*([u(np.multiply, 1.0)] * 34), u(np.exp), u(np.minimum, 10.0), wide=True)),
        ("gelu_10", 1, "float32", "widen, scipy ndtr alone, round", _chain(u(ndtr), wide=True)),
        ("gelu_10", 0, "float64", "scipy ndtr alone", _chain(u(ndtr))),
        ("gelu_10", 1, "float64", "scipy ndtr alone", _chain(u(ndtr))),
        ("sine", 0, "float32", "widen, multiply, float64 sin, round", _chain(u(np.multiply, 30.0), u(np.sin), wide=True)),
        ("sine", 0, "float64", "multiply, sin", _chain(u(np.multiply, 30.0), u(np.sin))),
        ("sine", 1, "float32", "widen, multiply, float64 cos, round", _chain(u(np.multiply, 30.0), u(np.cos), wide=True)),
        ("sine", 1, "float64", "multiply, cos", _chain(u(np.multiply, 30.0), u(np.cos))),
        ("snake", 0, "float32", "widen, sin, square, add, round", _chain(u(np.sin), u(np.multiply, 1.5), u(np.add, 1.0), wide=True)),
        ("snake", 0, "float64", "sin, square, add", _chain(u(np.sin), u(np.multiply, 1.5), u(np.add, 1.0))),
        ("snake", 1, "float32", "widen, add, sin, square, round", _chain(u(np.add, 0.7), u(np.sin), u(np.multiply, 1.5), wide=True)),
        ("snake", 1, "float64", "add, sin, square", _chain(u(np.add, 0.7), u(np.sin), u(np.multiply, 1.5))),
        ("sinc", 0, "float32", "widen, multiply, sin, divide, round", _chain(u(np.multiply, 3.14), u(np.sin), u(np.divide, 2.0), wide=True)),
        ("sinc", 0, "float64", "multiply, sin, divide", _chain(u(np.multiply, 3.14), u(np.sin), u(np.divide, 2.0))),
        ("sinc", 1, "float32", "widen, multiply, sin, cos, 4 more, round",
         _chain(u(np.multiply, 3.14), u(np.sin), u(np.cos), *([u(np.multiply, 1.0)] * 4), wide=True)),
        ("sinc", 1, "float64", "multiply, sin, cos, 4 more",
         _chain(u(np.multiply, 3.14), u(np.sin), u(np.cos), *([u(np.multiply, 1.0)] * 4))),
        ("gelu:approximate=tanh", 0, "float32", "widen, clip, 4 for −v, exp, add, divide, round",
         _chain(lambda b, o: np.clip(b, -50.0, 50.0, out=o), u(np.multiply, 1.0), u(np.multiply, -0.07),
                u(np.add, -1.6), u(np.multiply, 1.0), u(np.exp), u(np.add, 1.0), u(np.divide, 2.0), wide=True)),
    ]


def floors(torch: Torch, repeat: int, only: list[str] | None) -> None:
    print("\n  the pass floor: the bare ufunc chain of a formula (no tails, no checks) ÷ torch, same pairs:")
    with np.errstate(all="ignore"):
        for spec, order, dtype, passes, chain in _floors():
            if only and spec not in only and spec.partition(":")[0] not in only:
                continue
            x = inputs(dtype)
            chain(x)
            torch.time(spec, order, dtype)
            ratio = statistics.median(chain(x) / torch.time(spec, order, dtype) for _ in range(repeat))
            what = f"{spec} {'f′' if order else 'f'} {dtype}"
            print(f"  {what:<36}{ratio:6.2f}×  ({passes})")


def _load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg()) + f" on {os.cpu_count()} CPUs (1/5/15 min)"


def peak_memory(spec: str, order: int, dtype: str, n: int = 10_000_000) -> float:
    """Peak bytes allocated during one call at N = n, over the input's size."""
    import tracemalloc

    import actcli

    act = actcli.get(spec)
    x = np.linspace(-30, 30, n, dtype=dtype)
    tracemalloc.start()
    tracemalloc.reset_peak()
    y = act(x) if order == 0 else act.derivative(x)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del y
    return peak / x.nbytes


def run(repeat: int, only: list[str] | None = None) -> None:
    import actcli
    from actcli.catalogue._common import COMPILED, COMPILED_CALLS, compiled_in_use

    python = os.environ.get("ACTCLI_TORCH_PYTHON") or (DEFAULT_TORCH if Path(DEFAULT_TORCH).exists() else "")
    try:
        torch = Torch(python) if python else None
    except OSError:
        torch = None
    if torch is not None and not torch.banner.startswith("ready"):
        print(f"torch worker did not start ({python}); comparing with the numpy floor")
        torch = None
    versus = f"{torch.banner.split()[-1]} CPU kernels ({python})" if torch else "the numpy floor (np.maximum(x, 0) or x.copy(), the slower)"
    print(f"\nkernels: actcli vs torch {versus}" if torch else f"\nkernels: actcli vs {versus} -- torch not found")
    print(f"  N = {N:,}, x = 3·N(0,1), one thread, CPU time; {repeat} alternating pairs per kernel,")
    print(f"  median of the pairs' ratios actcli/other; load average {_load()} at the start")
    targets = "target ≤ 1.5× for the seed's five, ≤ 2× for the rest" if torch else "no target without torch"
    print(f"  {targets}")
    if compiled_in_use():
        print(f"  c: a compiled loop (actcli._fast, {len(COMPILED)} kernels) ran in the row; the rest are numpy kernels\n")
    else:
        print("  every kernel is numpy (" + ("--numpy" if COMPILED else "actcli._fast was not built") + ")\n")
    print(f"  {'activation':<24}{'':>3}{'f32 f':>8}{'f32 f′':>8}{'f64 f':>8}{'f64 f′':>8}   worst")
    over, worst_all = [], []
    xs = {d: inputs(d) for d in ("float32", "float64")}
    for spec in only or specs():
        act = actcli.get(spec)
        row, ms = [], []
        calls = COMPILED_CALLS[0]
        for dtype in ("float32", "float64"):
            x = xs[dtype]
            for order in (0, 1):
                _ours(act, order, x)  # warm up (imports, caches)
                if torch:
                    torch.time(spec, order, dtype)
                a, b = [], []
                for _ in range(repeat):
                    a.append(_ours(act, order, x))
                    b.append(torch.time(spec, order, dtype) if torch else _floor(x))
                ratio = statistics.median(p / q for p, q in zip(a, b))
                row.append(ratio)
                ms.append(statistics.median(a) * 1000)
        limit = 1.5 if spec in SEED_FIVE else 2.0
        worst = max(row)
        worst_all.append(worst)
        flag = "" if not torch else ("ok" if worst <= limit else f"OVER {limit}×")
        if torch and worst > limit:
            over.append(spec)
        cells = "".join(f"{r:7.2f}×" for r in row)
        mark = "c" if COMPILED_CALLS[0] != calls else ""
        print(f"  {spec:<24}{mark:>3}{cells}   {flag}")
    rest = [] if only else untimed()
    if rest:
        print(f"\n  not timed (no torch counterpart in this bench yet): {', '.join(rest)}")
    print(f"\n  median of the kernels' worst ratios: {statistics.median(worst_all):.2f}×; load average {_load()} at the end")
    if torch:
        print(f"  over target: {', '.join(over) if over else 'none'}")
        floors(torch, repeat, only)
        torch.close()
    print("\n  peak memory of one call at N = 10⁷ (tracemalloc), in input sizes (≤ 3: result + 2 temporaries):")
    peaks = [(peak_memory(s, o, d), s, o, d) for s in (only or specs()) for o in (0, 1) for d in ("float32", "float64")]
    worst_peak = max(peaks)
    print(f"  largest {worst_peak[0]:.2f} ({worst_peak[1]} {'f′' if worst_peak[2] else 'f'} {worst_peak[3]});"
          f" median {statistics.median(p[0] for p in peaks):.2f}")


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
    else:
        import argparse

        parser = argparse.ArgumentParser(description=__doc__)
        parser.add_argument("specs", nargs="*")
        parser.add_argument("--repeat", type=int, default=21)
        parser.add_argument("--numpy", action="store_true", help="time actcli's numpy kernels where a compiled loop exists")
        args = parser.parse_args()
        if args.numpy:
            from actcli.catalogue._common import numpy_kernels

            with numpy_kernels():
                run(args.repeat, args.specs or None)
        else:
            run(args.repeat, args.specs or None)
