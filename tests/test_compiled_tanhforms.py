"""The compiled loops of csrc/tanh_forms.c (the tanh GELU and gelu_new, gelu_fast, TeLU, Logish)
against mpmath, densely where their forms switch or cancel.

Each loop computes both sides' formulas from one exponential and selects; the clamps keep exp's
argument in range. The shared tests hold them to the bars on the common grids; here, the points
those grids pass between: the tanh GELU's switch at x = −18 and its far left down to where f and
f′ underflow, TeLU's clamp at x = 3 (f′ = 1 from there), the sign switch of gelu_fast's and
Logish's σ at 0, and the zeros of f′, where its two terms cancel (−0.7525 for the GELUs, −1.0789
for TeLU, −1.3725 for Logish). Bars as in test_accuracy: float64 within 1e-12 relative where
|exact| ≥ 1e-290 (1e-302 absolute below), float32 within 3 ulp of the exact value (flushed values
exactly 0 or inf). At f′'s zero itself no sum of two rounded terms holds a relative bar (the
numpy kernels' forms reach 1.0e-12 relative 2e-5 from TeLU′'s): within 1e-3 of it the error is
held to 4 ulp of the terms' size instead (:func:`test_float64_derivative_at_its_zero`).
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.catalogue import _common
from tests.kernel_paths import kernel_path
from tests.reference import ref_value

SPECS = ["gelu:approximate=tanh", "gelu_new", "gelu_fast", "telu", "logish"]
KERNELS = ["gelu_tanh", "gelu_tanh_d1", "gelu_fast", "gelu_fast_d1", "telu", "telu_d1", "logish", "logish_d1"]

pytestmark = pytest.mark.skipif(not _common.COMPILED, reason="no compiled loops in this build")


def _around(points: list[float], width: float, n: int) -> np.ndarray:
    """n points spread over [p − width, p + width] for each p, with p's float64 neighbours."""
    parts = [np.linspace(p - width, p + width, n) for p in points]
    near = [np.nextafter(p, d) for p in points for d in (-np.inf, np.inf)]
    return np.concatenate([*parts, np.array(points + near)])


#: the zeros of f′ (mpmath's findroot at 40 digits)
ZEROS = {"gelu:approximate=tanh": -0.75246142207101626, "gelu_new": -0.75246142207101626,
         "gelu_fast": -0.75246142207342638, "telu": -1.0788600584646241, "logish": -1.3724541370256921}

#: where each activation's compiled forms switch, cancel or reach their tails (the windows around
#: f′'s zero stop 1e-4 short of it)
FLOAT64_POINTS = {
    "gelu:approximate=tanh": np.concatenate([
        _around([-18.0, 0.0], 0.5, 201), np.linspace(-22, -18, 201), np.linspace(-0.8, -0.7, 201),
        np.linspace(-8, 8, 321)]),
    "gelu_fast": np.concatenate([
        np.linspace(-22, -0.1, 301), _around([0.0], 0.05, 201), np.linspace(-0.8, -0.7, 201),
        np.geomspace(1e-300, 1, 60), -np.geomspace(1e-300, 1, 60), np.linspace(0.1, 30, 100)]),
    "telu": np.concatenate([
        _around([3.0], 0.05, 101), np.linspace(-1.1, -1.05, 201), np.linspace(-745, -20, 200),
        np.linspace(-20, 8, 561), -np.geomspace(1e-300, 1, 60)]),
    "logish": np.concatenate([
        _around([0.0], 0.05, 201), np.linspace(-1.4, -1.35, 201), np.linspace(-745, -20, 200),
        np.linspace(-20, 40, 601), np.geomspace(1e-300, 1, 60), -np.geomspace(1e-300, 1, 60)]),
}
for _spec, _zero in ZEROS.items():
    FLOAT64_POINTS[_spec] = FLOAT64_POINTS.get(_spec, FLOAT64_POINTS["gelu:approximate=tanh"])
    FLOAT64_POINTS[_spec] = FLOAT64_POINTS[_spec][np.abs(FLOAT64_POINTS[_spec] - _zero) > 1e-3]


def _float32_points(spec: str) -> np.ndarray:
    rng = np.random.default_rng(20261128)
    common = [rng.uniform(-12, 6, 1500), np.linspace(-4, 4, 801), -np.geomspace(1e-38, 12, 80),
              np.geomspace(1e-38, 12, 80)]
    if spec in ("telu", "logish"):  # f = x·eˣ(…) reaches float32's subnormals near x = −100
        common += [rng.uniform(-110, -12, 400), _around([3.0], 0.01, 41)]
    return np.unique(np.concatenate(common).astype(np.float32))


def _computed(spec: str, order: int, xs: np.ndarray) -> np.ndarray:
    act = actcli.get(spec)
    before = _common.COMPILED_CALLS[0]
    with kernel_path("compiled"):
        got: np.ndarray = act(xs) if order == 0 else act.derivative(xs)
    assert _common.COMPILED_CALLS[0] == before + 1, f"{spec} order {order} did not run its compiled loop"
    assert got.dtype == xs.dtype
    return got


def test_the_loops_are_built() -> None:
    assert set(KERNELS) <= _common.COMPILED


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("order", [0, 1])
def test_float64_where_the_forms_switch_or_cancel(spec: str, order: int) -> None:
    act = actcli.get(spec)
    xs = np.unique(FLOAT64_POINTS[spec])
    got = _computed(spec, order, xs)
    bad: list[tuple[float, float, object]] = []
    for x, y in zip(xs, got):
        exact = ref_value(act.name, order, float(x), act.params)
        if abs(exact) >= mp.mpf("1e-290"):
            rel = float(abs((mp.mpf(float(y)) - exact) / exact))
            if rel > 1e-12:
                bad.append((float(x), float(y), f"rel {rel:.2e}"))
        elif abs(float(y) - float(exact)) > 1e-302:
            bad.append((float(x), float(y), float(exact)))
    assert not bad, f"{spec} order {order}: {len(bad)} bad points, e.g. {bad[:4]}"


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("order", [0, 1])
def test_float32_within_3_ulp(spec: str, order: int) -> None:
    act = actcli.get(spec)
    xs = _float32_points(spec)
    got = _computed(spec, order, xs)
    bad = []
    for x, y in zip(xs, got):
        exact = ref_value(act.name, order, float(x), act.params)
        with np.errstate(over="ignore"):
            e = np.float32(float(exact))
        if np.isinf(e) or e == 0:
            if not (y == e or (e == 0 and abs(y) <= np.finfo(np.float32).smallest_subnormal)):
                bad.append((float(x), float(y), float(e)))
            continue
        ulps = float(abs(mp.mpf(float(y)) - exact)) / float(np.spacing(np.abs(e)))
        if ulps > 3.0:
            bad.append((float(x), float(y), round(ulps, 2)))
    assert not bad, f"{spec} order {order}: {len(bad)} points over 3 ulp, e.g. {bad[:4]}"


def _terms(spec: str, x: mp.mpf) -> tuple[mp.mpf, mp.mpf]:
    """The two terms of f′ that cancel at its zero, exactly (mpmath)."""
    if spec == "telu":
        u = mp.exp(x)
        return mp.tanh(u), x * u / mp.cosh(u) ** 2
    s = mp.mpf(1) / (1 + mp.exp(-x))
    if spec == "logish":
        return mp.log1p(s), x * s * (1 - s) / (1 + s)
    k = mp.mpf("0.7978845608") if spec == "gelu_fast" else mp.sqrt(2 / mp.pi)
    c = mp.mpf("0.044715")
    v, dv = 2 * k * (x + c * x**3), 2 * k * (1 + 3 * c * x**2)
    sv = 1 / (1 + mp.exp(-v))
    return sv, x * dv * sv * (1 - sv)


@pytest.mark.parametrize("spec", SPECS)
def test_float64_derivative_at_its_zero(spec: str) -> None:
    """Within 1e-3 of f′'s zero, the error is at most 1e-12 of f′ or 4 ulp of its terms' size."""
    act = actcli.get(spec)
    zero = ZEROS[spec]
    near = [zero]
    for _ in range(3):
        near = [np.nextafter(near[0], -np.inf), *near, np.nextafter(near[-1], np.inf)]
    xs = np.concatenate([np.array(near), np.linspace(zero - 1e-3, zero + 1e-3, 201)])
    got = _computed(spec, 1, xs)
    bad = []
    with mp.workdps(40):
        for x, y in zip(xs, got):
            exact = ref_value(act.name, 1, float(x), act.params)
            a, b = _terms(act.name, mp.mpf(float(x)))
            tol = max(1e-12 * abs(exact), 4 * np.finfo(np.float64).eps * (abs(a) + abs(b)))
            if abs(mp.mpf(float(y)) - exact) > tol:
                bad.append((float(x), float(y), float(exact)))
    assert not bad, f"{spec}: {len(bad)} bad points, e.g. {bad[:4]}"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_new_is_the_tanh_gelu(dtype: type) -> None:
    """One compiled loop serves both names: the same values, bit for bit."""
    xs: np.ndarray = np.linspace(-30, 30, 6001).astype(dtype)
    new, tanh = actcli.get("gelu_new"), actcli.get("gelu:approximate=tanh")
    assert np.array_equal(new(xs), tanh(xs))
    assert np.array_equal(new.derivative(xs), tanh.derivative(xs))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_telu_from_its_clamp_on(dtype: type) -> None:
    """From x = 3 on, tanh(eˣ) is 1 in float64 and TeLU's loops return x and f′ = 1 exactly."""
    xs: np.ndarray = np.concatenate([[3.0], [np.nextafter(dtype(3.0), dtype(np.inf))], np.geomspace(3.0, 1e30, 50)]).astype(dtype)
    assert np.array_equal(_computed("telu", 0, xs), xs)
    assert (_computed("telu", 1, xs) == 1.0).all()


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_an_element_does_not_depend_on_where_it_sits(kernel: str, dtype: type) -> None:
    """libmvec's vector exp rounds differently from libm's scalar one: every element goes through
    the vector code, whatever the length of the array, its alignment or the element's index."""
    from actcli import _fast

    rng = np.random.default_rng(11)
    x: np.ndarray = (4 * rng.standard_normal(1003)).astype(dtype)
    whole = np.empty_like(x)
    _fast.apply(kernel, x, whole)
    for n in (1, 7, 15, 16, 17, 33):
        for start in (0, 1, 5):
            piece = np.ascontiguousarray(x[start : start + n])
            out: np.ndarray = np.empty(n + 1, dtype)[1:]  # misaligned by one element
            _fast.apply(kernel, piece, out)
            assert np.array_equal(out, whole[start : start + n]), (kernel, n, start)


# --- TeLU's float32 f: its own exponentials --------------------------------------------------------
#
# The float32 loop writes out e^x and e^{−2u} − 1 (u = e^x) with a polynomial of degree 7 in the
# reduced argument r = a − k·ln 2 (tanh_forms.c, telu_expm1_reduced) and rounds x·tanh u once: it
# is held here to 0.52 ulp, against mpmath where the reductions switch (k changes at a = (j + ½)·ln 2,
# for e^x at x itself and for e^{−2u} at x = ln((j + ½)·ln 2/2)) and at the clamps, and against
# float64 over a dense sweep of every float32 in [−125, 4] (stride 211).

TELU_F32_BAR = 0.52


def _float32_neighbours(points: np.ndarray, n: int = 2) -> np.ndarray:
    """Each point rounded to float32, with its n float32 neighbours on each side."""
    f = points.astype(np.float32)
    out = [f]
    up, down = f, f
    for _ in range(n):
        up = np.nextafter(up, np.float32(np.inf))
        down = np.nextafter(down, np.float32(-np.inf))
        out += [up, down]
    return np.unique(np.concatenate(out))


def _telu_switches() -> np.ndarray:
    ln2 = float(mp.log(2))
    first = [(j + 0.5) * ln2 for j in range(-174, 5)]  # e^x's k changes: x ∈ [−120, 3]
    second = [float(mp.log((j + 0.5) * mp.log(2) / 2)) for j in range(0, 59)]  # e^{−2u}'s, u ≤ e³
    return _float32_neighbours(np.array([*first, *second, -120.0, 3.0, 0.0, -87.33655, -103.27893]))


def _ulps_against_mpmath(xs: np.ndarray, got: np.ndarray) -> list[tuple[float, float]]:
    out = []
    for x, y in zip(xs, got):
        exact = ref_value("telu", 0, float(x), {})
        e = np.float32(float(exact))
        if e == 0:
            out.append((float(x), 0.0 if abs(y) <= np.finfo(np.float32).smallest_subnormal / 2 else np.inf))
            continue
        out.append((float(x), float(abs(mp.mpf(float(y)) - exact)) / float(np.spacing(np.abs(e)))))
    return out


def test_telu_float32_where_its_exponentials_switch() -> None:
    xs = _telu_switches()
    got = _computed("telu", 0, xs)
    ulps = _ulps_against_mpmath(xs, got)
    bad = [(x, round(u, 3)) for x, u in ulps if u > TELU_F32_BAR]
    assert not bad, f"{len(bad)} points over {TELU_F32_BAR} ulp, e.g. {bad[:4]}"


def test_telu_float32_dense_sweep() -> None:
    """Every 211th float32 of [−125, 4] (≈ 1e7 points) against x·tanh(eˣ) in float64, whose
    error (< 1e-14 relative: checked against mpmath on a sample below) moves the measured ulps
    by < 1e-6."""
    from actcli import _fast

    def floats(lo: float, hi: float, stride: int) -> np.ndarray:
        a = int(np.array(lo, np.float32).view(np.uint32))
        b = int(np.array(hi, np.float32).view(np.uint32))
        return np.arange(a, b, stride, dtype=np.uint32).view(np.float32)

    xs = np.concatenate([-floats(0.0, 125.0, 211), floats(0.0, 4.0, 211)])
    got = np.empty_like(xs)
    _fast.apply("telu", xs, got)
    xd = xs.astype(np.float64)
    with np.errstate(under="ignore"):
        ref = xd * np.tanh(np.exp(np.minimum(xd, 20.0)))
    sample = np.random.default_rng(5).choice(xs.size, 300, replace=False)
    for i in sample:
        exact = ref_value("telu", 0, float(xd[i]), {})
        assert exact == 0 or abs((mp.mpf(float(ref[i])) - exact) / exact) < 1e-14
    e = ref.astype(np.float32)
    flushed = e == 0
    assert (np.abs(got[flushed]) <= np.finfo(np.float32).smallest_subnormal).all()
    kept = ~flushed
    ulps = np.abs(got[kept] - ref[kept]) / np.spacing(np.abs(e[kept])).astype(np.float64)
    worst = int(np.argmax(ulps))
    assert ulps[worst] <= TELU_F32_BAR, (float(xs[kept][worst]), float(ulps[worst]))
