"""Data sets for ``train``: the 2-D classification sets of TensorFlow Playground, a 1-D regression
set, the Iris data set shipped with actcli, and any CSV file of numbers.

The Playground generators follow its ``dataset.ts`` (points in [−6, 6]², noise as a share of the
set's scale, 0 to 0.5 as its slider); ``moons`` is not in Playground and follows scikit-learn's
``make_moons`` (two interleaved half circles, Gaussian noise). Every set is split into a training
and a test part by one seeded shuffle, and its features are standardised with the training part's
mean and standard deviation (regression targets too; R² does not depend on that scale).
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.choices import check_choice
from actcli.errors import ParameterError, UsageError

if TYPE_CHECKING:
    from numpy.typing import NDArray

GENERATED = ("xor", "circles", "moons", "spirals", "gaussians", "sine")
BUILTIN = (*GENERATED, "iris")
TASKS = ("binary", "multiclass", "regression")
MAX_NOISE = 0.5
MAX_POINTS = 1_000_000
MAX_CLASSES = 100
#: a numeric target with at most this many distinct integer values is taken for class labels
CLASS_LIMIT = 10


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str
    x_train: NDArray[np.float64]
    y_train: NDArray[Any]  # binary: 0/1 floats (n, 1); multiclass: class indices (n,); regression: (n, 1)
    x_test: NDArray[np.float64]
    y_test: NDArray[Any]
    features: tuple[str, ...]
    target: str
    classes: tuple[str, ...] = ()  # class names, index order (binary: negative, positive)
    noise: float | None = None  # generated sets only
    mean: NDArray[np.float64] | None = None  # the standardisation, to draw in the original units
    scale: NDArray[np.float64] | None = None

    @property
    def n_inputs(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_outputs(self) -> int:
        return len(self.classes) if self.task == "multiclass" else 1


# --- TensorFlow Playground's generators (dataset.ts), numpy and seeded -------------------------------


def _xor(rng: np.random.Generator, n: int, noise: float) -> tuple[Any, Any]:
    pts = rng.uniform(-5.0, 5.0, size=(n, 2))
    pts += np.where(pts > 0, 0.3, -0.3)  # Playground's padding away from the axes
    jitter = rng.uniform(-5.0, 5.0, size=(n, 2)) * noise
    moved = pts + jitter
    label = (moved[:, 0] * moved[:, 1] >= 0).astype(np.float64)
    return pts, label


def _circles(rng: np.random.Generator, n: int, noise: float) -> tuple[Any, Any]:
    radius = 5.0
    half = n // 2
    r = np.concatenate([rng.uniform(0.0, 0.5 * radius, half), rng.uniform(0.7 * radius, radius, n - half)])
    angle = rng.uniform(0.0, 2 * math.pi, n)
    pts = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    moved = pts + rng.uniform(-radius, radius, size=(n, 2)) * noise
    label = (np.hypot(moved[:, 0], moved[:, 1]) < 0.5 * radius).astype(np.float64)  # inside = positive
    return pts, label


def _spirals(rng: np.random.Generator, n: int, noise: float) -> tuple[Any, Any]:
    half = n // 2
    parts, labels = [], []
    for count, delta, lab in ((half, 0.0, 1.0), (n - half, math.pi, 0.0)):
        i = np.arange(count) / count
        r = i * 5.0
        t = 1.75 * i * 2 * math.pi + delta
        pts = np.stack([r * np.sin(t), r * np.cos(t)], axis=1) + rng.uniform(-1.0, 1.0, size=(count, 2)) * noise
        parts.append(pts)
        labels.append(np.full(count, lab))
    return np.concatenate(parts), np.concatenate(labels)


def _gaussians(rng: np.random.Generator, n: int, noise: float) -> tuple[Any, Any]:
    variance = 0.5 + (4.0 - 0.5) * noise / 0.5  # Playground maps noise 0 … 0.5 to variance 0.5 … 4
    half = n // 2
    sd = math.sqrt(variance)
    pos = rng.normal(2.0, sd, size=(half, 2))
    neg = rng.normal(-2.0, sd, size=(n - half, 2))
    return np.concatenate([pos, neg]), np.concatenate([np.ones(half), np.zeros(n - half)])


def _moons(rng: np.random.Generator, n: int, noise: float) -> tuple[Any, Any]:
    half = n // 2
    t_out = np.linspace(0.0, math.pi, half)
    t_in = np.linspace(0.0, math.pi, n - half)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = np.stack([1.0 - np.cos(t_in), 0.5 - np.sin(t_in)], axis=1)
    pts = np.concatenate([outer, inner]) + rng.normal(0.0, noise, size=(n, 2))
    return pts, np.concatenate([np.zeros(half), np.ones(n - half)])


def _sine(rng: np.random.Generator, n: int, noise: float) -> tuple[Any, Any]:
    x = rng.uniform(-math.pi, math.pi, size=(n, 1))
    y = np.sin(x[:, 0]) + rng.normal(0.0, noise, size=n)
    return x, y


_GENERATORS = {"xor": _xor, "circles": _circles, "spirals": _spirals, "gaussians": _gaussians, "moons": _moons,
               "sine": _sine}


# --- loading and splitting ---------------------------------------------------------------------------


def load(source: str, *, task: str | None = None, target: str | None = None, noise: float = 0.1,
         points: int = 500, test_split: float = 0.3, seed: int = 0) -> Dataset:
    """A built-in set by name (generated with ``seed``) or a CSV file by path, split and standardised."""
    task = check_choice("task", task, TASKS)
    if not 0.0 < test_split < 1.0:
        raise ParameterError(f"test_split must be between 0 and 1 (exclusive), not {test_split:g}", option="test_split")
    if not 0 <= seed < 2**63:
        raise ParameterError(f"seed must be between 0 and 2^63 - 1, not {seed}", option="seed")
    name = source.strip().lower()
    if name in GENERATED:
        if target is not None:
            raise ParameterError("a target column applies to CSV files only", option="target")
        if not 0.0 <= noise <= MAX_NOISE:
            raise ParameterError(f"noise must be between 0 and {MAX_NOISE:g}, not {noise:g}", option="noise")
        if not 4 <= points <= MAX_POINTS:
            raise ParameterError(f"points must be between 4 and {MAX_POINTS:,}, not {points:,}", option="points")
        x, y = _GENERATORS[name](np.random.default_rng(seed), points, noise)
        natural = "regression" if name == "sine" else "binary"
        if task is not None and task != natural:
            raise UsageError(f"{name} is a {natural} data set, not {task}", option="task")
        if name == "sine":
            return _finish(name, natural, x, y.astype(np.float64), ("x",), "y", (), test_split, seed, noise)
        return _finish(name, natural, x, y, ("x1", "x2"), "label", ("0", "1"), test_split, seed, noise)
    if name == "iris":
        from importlib.resources import files

        text = (files("actcli") / "datasets" / "iris.csv").read_text(encoding="utf-8")
        return from_csv_text(text, "iris", task=task, target=target or "species", test_split=test_split, seed=seed)
    path = Path(source).expanduser()
    if path.suffix.lower() != ".csv" and not path.exists():
        close = difflib.get_close_matches(name, BUILTIN, n=1, cutoff=0.5)
        mean = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(f"unknown data set {source!r}", hint=f"{mean}use one of {', '.join(BUILTIN)} or a .csv file",
                         option="data")
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{source!r} is a directory, not a CSV file", option="data") from None
    except FileNotFoundError:
        raise UsageError(f"no such file: {source!r}", option="data") from None
    except OSError as err:
        raise UsageError(f"cannot read {source!r}: {err.strerror or err}", option="data") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{source!r} is not UTF-8 text", hint="save it as a UTF-8 CSV file", option="data") from None
    return from_csv_text(text, path.name, task=task, target=target, test_split=test_split, seed=seed)


def _number(cell: str) -> float | None:
    try:
        v = float(cell)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def from_csv_text(text: str, name: str, *, task: str | None = None, target: str | None = None,
                  test_split: float = 0.3, seed: int = 0) -> Dataset:
    """Parse a CSV with a header row: numeric feature columns and one target column (the last one
    unless named). Classification targets may be names or integers; regression targets numbers."""
    task = check_choice("task", task, TASKS)
    try:
        rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    except csv.Error as err:
        raise UsageError(f"{name}: not a valid CSV file ({err})", option="data") from None
    if not rows:
        raise UsageError(f"{name} is empty", hint="it needs a header row and data rows", option="data")
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    if not body:
        raise UsageError(f"{name} has a header but no data rows", option="data")
    if len(header) < 2:
        raise UsageError(f"{name} needs at least two columns (features and a target)", option="data")
    if len(set(header)) != len(header) or any(h == "" for h in header):
        raise UsageError(f"{name}: every column needs a distinct, non-empty name in the header row", option="data")
    for i, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise UsageError(f"{name}, line {i}: {len(row)} fields, the header has {len(header)}", option="data")
    if target is None:
        col = len(header) - 1
    elif target in header:
        col = header.index(target)
    else:
        close = difflib.get_close_matches(target, header, n=1, cutoff=0.5)
        mean = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(f"{name} has no column {target!r}", hint=f"{mean}columns: {', '.join(header)}",
                         option="target")
    features = tuple(h for j, h in enumerate(header) if j != col)
    x = np.empty((len(body), len(features)))
    k = 0
    for j, h in enumerate(header):
        if j == col:
            continue
        for i, row in enumerate(body):
            cell = row[j].strip()
            if cell == "":
                raise UsageError(f"{name}: column {h!r} has a missing value on line {i + 2}",
                                 hint="fill or drop the row first", option="data")
            v = _number(cell)
            if v is None:
                raise UsageError(f"{name}: column {h!r} is not numeric ({cell!r} on line {i + 2})",
                                 hint="features must be numbers; name the label column with --target",
                                 option="data")
            x[i, k] = v
        if np.all(x[:, k] == x[0, k]):
            raise UsageError(f"{name}: column {h!r} is constant", hint="it carries no information; drop it",
                             option="data")
        k += 1
    cells = [row[col].strip() for row in body]
    for i, cell in enumerate(cells):
        if cell == "":
            raise UsageError(f"{name}: target {header[col]!r} has a missing value on line {i + 2}", option="data")
    values = [_number(c) for c in cells]
    numeric = all(v is not None for v in values)
    distinct = sorted(set(cells), key=lambda c: (_number(c) or 0.0, c)) if numeric else sorted(set(cells))
    integer_like = numeric and all(float(v).is_integer() for v in values if v is not None)
    if task is None:
        if not numeric or (integer_like and len(distinct) <= CLASS_LIMIT):
            task = "binary" if len(distinct) == 2 else "multiclass"
        else:
            task = "regression"
    tname = header[col]
    if task == "regression":
        if not numeric:
            raise UsageError(f"{name}: target {tname!r} is not numeric, so it cannot be regressed",
                             hint="use --task multiclass or binary", option="target")
        y: Any = np.array(values, dtype=np.float64)
        if np.all(y == y[0]):
            raise UsageError(f"{name}: target {tname!r} is constant", option="target")
        return _finish(name, task, x, y, features, tname, (), test_split, seed, None)
    if len(distinct) < 2:
        raise UsageError(f"{name}: target {tname!r} has only one class", option="target")
    if task == "binary" and len(distinct) != 2:
        raise UsageError(f"{name}: target {tname!r} has {len(distinct)} classes, binary needs exactly 2",
                         hint="use --task multiclass", option="target")
    if len(distinct) > MAX_CLASSES:
        raise UsageError(f"{name}: target {tname!r} has {len(distinct)} distinct values, too many for classes",
                         hint=f"at most {MAX_CLASSES}; use --task regression for a numeric target", option="target")
    index = {c: i for i, c in enumerate(distinct)}
    y = np.array([index[c] for c in cells], dtype=np.float64 if task == "binary" else np.int64)
    return _finish(name, task, x, y, features, tname, tuple(distinct), test_split, seed, None)


def _finish(name: str, task: str, x: Any, y: Any, features: tuple[str, ...], target: str,
            classes: tuple[str, ...], test_split: float, seed: int, noise: float | None) -> Dataset:
    n = x.shape[0]
    n_test = int(round(n * test_split))
    if n_test < 1 or n - n_test < 2:
        raise UsageError(f"{name} has {n} rows: too few to split {test_split:g} of them off for testing",
                         hint="use more rows or another test split", option="test_split")
    order = np.random.default_rng([seed, 1]).permutation(n)  # its own stream: the split
    test, train = order[:n_test], order[n_test:]
    mean = x[train].mean(axis=0)
    scale = x[train].std(axis=0)
    if np.any(scale == 0):
        raise UsageError(f"{name}: a feature is constant over the training rows", hint="use more rows", option="data")
    xs = (x - mean) / scale
    if task == "regression":
        ym, ysd = y[train].mean(), y[train].std()
        if ysd == 0:
            raise UsageError(f"{name}: the target is constant over the training rows", option="target")
        y = ((y - ym) / ysd).reshape(-1, 1)
    elif task == "binary":
        y = y.astype(np.float64).reshape(-1, 1)
    return Dataset(name, task, np.ascontiguousarray(xs[train]), np.ascontiguousarray(y[train]),
                   np.ascontiguousarray(xs[test]), np.ascontiguousarray(y[test]), features, target, classes, noise,
                   mean, scale)
