/* sigmoid, tanh, silu, tanhshrink, squareplus (the numpy kernels' twins in
 * actcli/catalogue/sigmoidal.py, self_gated.py, shrink.py and softplus.py).
 *
 * The exponentials are all of −|x| (or −2|x|): they never overflow, and the results are quotients
 * of positive terms that do not cancel; each float64 body keeps the numpy kernel's
 * cancellation-free form.
 *
 * e^a is written out here (a polynomial and 2^k from the bits of k), not called from libmvec: its
 * exp is 3.5 ulp from exact (its expf 2.6), and a loop's scalar remainder would call libm's exp,
 * another function, so that a result would depend on its place in the array. float32 results are
 * computed in float64 with a shorter polynomial (relative error < 1e−12) and rounded once: within
 * 0.5 ulp plus a hair; σ's, in float arithmetic (twice the lanes), within 2 ulp.
 * tests/test_compiled_logistic.py holds these pieces and every kernel to their bars. */
#include <stdint.h>
#include <string.h>

#include "fast.h"

/* e^a for a ≤ 0, relative error < 1e-12 (a clamped to −700, where e^a ≈ 1e−304 is 0 in float32;
 * NaN stays NaN): a = k·ln 2 + r, |r| ≤ ln 2/2, e^r by its Taylor polynomial of degree 10
 * (remainder < |r|¹¹/11! < 2.3e−13), 2^k from the bits of k (ln 2 in one part: k·ln 2 is off by
 * < 1e−14). For float32 results only. */
FAST_INLINE double exp_neg32(double a) {
    a = a < -700.0 ? -700.0 : a;
    double kd = a * 0x1.71547652b82fep0 + 0x1.8p52; /* round(a/ln 2) in the low bits */
    double k = kd - 0x1.8p52;
    double r = a - k * 0x1.62e42fefa39efp-1;
    double q = 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    q = q * r + 1.0;
    q = q * r + 1.0;
    int64_t bits;
    memcpy(&bits, &kd, sizeof bits);
    bits = (int64_t)((uint64_t)bits << 52) + 0x3ff0000000000000LL; /* 2^k, k ≥ −1010 */
    double scale;
    memcpy(&scale, &bits, sizeof scale);
    return q * scale;
}

/* e^a for a ≤ 0 in float64, within about half an ulp (a clamped to −746, where e^a rounds to 0;
 * NaN stays NaN): a = k·ln 2 + r with ln 2 in two parts (k·ln2hi is exact), e^r − 1 = p by its
 * Taylor polynomial of degree 13 (remainder < |r|¹⁴/14! < 5e−18), and 2^k + 2^k·p as one
 * sum, rounded once (twice below 2^−1000: scaled down by 2^−64 after it). */
FAST_INLINE double exp_neg64(double a) {
    a = a < -746.0 ? -746.0 : a;
    double kd = a * 0x1.71547652b82fep0 + 0x1.8p52;
    double k = kd - 0x1.8p52;
    double r = (a - k * 0x1.62e42fee00000p-1) - k * 0x1.a39ef35793c76p-33;
    double q = 1.0 / 6227020800.0;
    q = q * r + 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    double pm = r + (r * r) * q;
    int deep = k < -1000.0;
    double kk = deep ? k + 64.0 : k;
    double kd2 = kk + 0x1.8p52;
    int64_t bits;
    memcpy(&bits, &kd2, sizeof bits);
    bits = (int64_t)((uint64_t)bits << 52) + 0x3ff0000000000000LL;
    double sc;
    memcpy(&sc, &bits, sizeof sc);
    double e = sc + sc * pm; /* sc·pm is exact: one rounding */
    return e * (deep ? 0x1p-64 : 1.0);
}

/* tanh |x| in float64 (relative error < 1e−14): below |x| = 0.01 its odd series (five terms; the
 * next is < 1e−20 of it), above (1 − t)/(1 + t) with t = e^{−2|x|} (1 − t costs < 50 ulp there) */
FAST_INLINE double tanh_abs64(double a) {
    double t = exp_neg64(-2.0 * a);
    double s = a * a;
    double ser = a + a * s * (-1.0 / 3.0 + s * (2.0 / 15.0 + s * (-17.0 / 315.0 + s * (62.0 / 2835.0))));
    return a < 0.01 ? ser : (1.0 - t) / (1.0 + t);
}

/* e^a·2^s for −150 ≤ a ≤ 0 in float arithmetic (within about 0.7 ulp): s = 64 where e^a < 2^−120
 * (*deep set: e^a itself would be subnormal there), else 0. (silu's float32 f on it, x·t/(1 + t)
 * in float, reached 2.5 ulp: too near the 3-ulp bar; it stays in float64.) */
FAST_INLINE float expf_neg_scaled(float a, int *deep) {
    float kf = a * 0x1.715476p0f + 0x1.8p23f; /* round(a/ln 2) in the low bits */
    float k = kf - 0x1.8p23f;
    float r = (a - k * 0x1.63p-1f) - k * -0x1.bd0106p-13f;
    float q = 1.0f / 5040.0f;
    q = q * r + 1.0f / 720.0f;
    q = q * r + 1.0f / 120.0f;
    q = q * r + 1.0f / 24.0f;
    q = q * r + 1.0f / 6.0f;
    q = q * r + 0.5f;
    float hi = 1.0f + r;
    float lo = (1.0f - hi) + r; /* hi + lo = 1 + r exactly */
    float m = hi + (lo + (r * r) * q);
    *deep = k < -120.0f;
    float kd2 = (*deep ? k + 64.0f : k) + 0x1.8p23f;
    int32_t bits;
    memcpy(&bits, &kd2, sizeof bits);
    bits = (int32_t)((uint32_t)bits << 23) + 0x3f800000;
    float sc;
    memcpy(&sc, &bits, sizeof sc);
    return sc * m;
}

/* σ(x) for float32 input in float arithmetic (sixteen lanes where float64 has eight), within
 * 2 ulp of float32 (1.8 at worst over 4·10⁶ points; numpy's float32 kernel reaches 3.3):
 * t = e^{−|x|} from a = k·ln 2 + r (ln 2 in two parts), e^r = 1 + r + r²·(1/2 + r/6 + … + r⁵/7!)
 * with 1 + r split exactly into a sum of two floats, so that one rounding of significance is left
 * (the polynomial's remainder is < 5.2e−9); 2^k from the bits of k, in two steps below 2^−120
 * (t subnormal, rounded once). Then t/(1 + t) or 1/(1 + t), with the rounding of 1 + t taken
 * back. a is clamped to −104, where e^a is below half of float32's smallest subnormal. */
FAST_INLINE float sigmoid_f(float f) {
    float a = -fabsf(f);
    a = a < -104.0f ? -104.0f : a;
    int deep;
    float t = expf_neg_scaled(a, &deep) * (deep ? 0x1p-64f : 1.0f);
    float d = 1.0f + t;
    float dl = (1.0f - d) + t; /* d + dl = 1 + t exactly */
    float s = (f >= 0.0f ? 1.0f : t) / d;
    float w = f >= 0.0f ? s : 1.0f - s; /* ≈ 1/d */
    return s - s * dl * w;
}

/* x·σ(x) for float32 input in float arithmetic (sixteen lanes): with t = e^{−|x|} (about 0.7 ulp,
 * scaled by 2^64 where it would be subnormal), n = x or x·t (x·t kept exact as n + nl by an
 * FMA), d = 1 + t (exact as d + dl), q = n·(1/d) and one correction from the exact residual
 * n + nl − q·(d + dl): what is left is t's error (weighted by at most 1) and the final rounding,
 * about 1.2 ulp (tests/test_compiled_logistic.py measures it). ±0 and ±inf as the numpy kernel:
 * x itself at ±0 and +inf, −0 below x = −120 (where |x|·e^x is far below half the smallest
 * subnormal) and at −inf. */
FAST_INLINE float silu_f(float f) {
    float a = -fabsf(f);
    a = a < -120.0f ? -120.0f : a; /* below −120, x·σ(x) rounds to −0 (selected at the end) */
    int deep;
    float ts = expf_neg_scaled(a, &deep); /* t·2^64 where deep */
    float sc = deep ? 0x1p-64f : 1.0f;
    float t = ts * sc;
    float d = 1.0f + t;
    float dl = (1.0f - d) + t;
    float n = f >= 0.0f ? f : f * ts;
    float nl = f >= 0.0f ? 0.0f : fmaf(f, ts, -n);
    float w = 1.0f / d;
    float q = n * w;
    float e = fmaf(-q, d, n) + (nl - q * dl);
    float r = fmaf(e, w, q) * (f >= 0.0f ? 1.0f : sc);
    /* selections only (no short-circuit operator): the loop vectorises */
    return f == 0.0f ? f : (f == INFINITY ? f : (f < -120.0f ? -0.0f : r));
}

/* tanh |x| for float32 results: the odd series below |x| = 1/8 (five terms, the next < 1e−12 of
 * the value), (1 − t)/(1 + t) with t = e^{−2|x|} above (where 1 − t loses < 3 bits) */
FAST_INLINE double tanh_abs32(double a) {
    double t = exp_neg32(-2.0 * a);
    double s = a * a;
    double ser = a + a * s * (-1.0 / 3.0 + s * (2.0 / 15.0 + s * (-17.0 / 315.0 + s * (62.0 / 2835.0))));
    return a < 0.125 ? ser : (1.0 - t) / (1.0 + t);
}

/* The seed's sigmoid and tanh have compiled loops where numpy's kernels were slow: σ's f, and the
 * f′ of both for float32 (and narrower) input. tanh's float32 f is numpy's float32 tanh, faster
 * than a float64 loop; their float64 f′ (held to 4 ulp, where t/(1 + t)² with this exp reached
 * 3.8 ulp over 10⁶ points) and tanh's float64 f are numpy's, well under PyTorch's time. */

/* σ(x): with t = e^{−|x|} ∈ [0, 1], 1/(1 + t) for x ≥ 0 and t/(1 + t) below (eˣ/(1 + eˣ), as the
 * numpy kernel: the left tail keeps its digits down to the smallest subnormal, σ = t there).
 * float64 within 2.4 ulp (2.35 at worst over 3·10⁶ points; taking back the rounding of 1 + t, as
 * the float32 body does, brought it to 1.92 and cost 28 % of the time). */
FAST_KERNEL2(sigmoid,
    { return sigmoid_f((float)v); },
    {
        double t = exp_neg64(-fabs(v));
        return (v >= 0.0 ? 1.0 : t) / (1.0 + t);
    })

/* σ′(x) = σ(x)σ(−x) = t/(1 + t)² with t = e^{−|x|}; 0 at ±inf, NaN at NaN */
FAST_KERNEL(sigmoid_d1_narrow, {
    double t = exp_neg32(-fabs(v));
    double d = 1.0 + t;
    return t / (d * d);
})

/* sech² x = 4t/(1 + t)² with t = e^{−2|x|} (σ′ at 2x, times 4): never 1 − tanh², which cancels */
FAST_KERNEL(sech2_narrow, {
    double t = exp_neg32(-2.0 * fabs(v));
    double d = 1.0 + t;
    return 4.0 * t / (d * d);
})

/* x·σ(x): x/(1 + t) for x ≥ 0, x·t/(1 + t) below (t = e^{−|x|}); −0 at −inf, as the numpy kernel's
 * tail (max(x, −max)·0) */
FAST_KERNEL2(silu, { return (double)silu_f((float)v); },
    {
        double t = exp_neg64(-fabs(v));
        double r = (v >= 0.0 ? v : v * t) / (1.0 + t);
        return v == -INFINITY ? -0.0 : r;
    })

/* silu′ = σ(x)(1 + x·σ(−x)) = (d + x·t)/d² for x ≥ 0 and t·(d + x)/d² below, with t = e^{−|x|},
 * d = 1 + t. Near the zero at x ≈ −1.28, d + x is exact (Sterbenz). x is clamped to ±750 first
 * (beyond, f′ is 1 or −0 to the last bit, as the numpy kernel gives), so that ±inf meets no 0. */
#define SILU_D1_PARTS(E)                                              \
    double c = v > 750.0 ? 750.0 : (v < -750.0 ? -750.0 : v);         \
    double t = E(-fabs(c));                                           \
    double d = 1.0 + t;                                               \
    double n = c >= 0.0 ? d + c * t : t * (d + c);
FAST_KERNEL2(silu_d1,
    {
        SILU_D1_PARTS(exp_neg32)
        return n / (d * d);
    },
    {
        SILU_D1_PARTS(exp_neg64)
        return n / d / d;
    })

/* quick_gelu = x·σ(1.702x) and its f′ = silu′(1.702x): silu's forms at u = 1.702·x (u rounded
 * once, as in the numpy kernel: e^{−|u|} moves by at most |u|·2⁻⁵³ relative, 8e-14 at the largest
 * |u| where it is not 0). 1.702 is QUICK_GELU_SCALE of actcli/catalogue/self_gated.py. */
#define QUICK_GELU_SCALE 1.702
FAST_KERNEL2(quick_gelu,
    {
        double t = exp_neg32(-fabs(QUICK_GELU_SCALE * v));
        double r = (v >= 0.0 ? v : v * t) / (1.0 + t);
        return v == -INFINITY ? -0.0 : r;
    },
    {
        double t = exp_neg64(-fabs(QUICK_GELU_SCALE * v));
        double r = (v >= 0.0 ? v : v * t) / (1.0 + t);
        return v == -INFINITY ? -0.0 : r;
    })

FAST_KERNEL2(quick_gelu_d1,
    {
        double u = QUICK_GELU_SCALE * v;
        double c = u > 750.0 ? 750.0 : (u < -750.0 ? -750.0 : u);
        double t = exp_neg32(-fabs(c));
        double d = 1.0 + t;
        double n = c >= 0.0 ? d + c * t : t * (d + c);
        return n / (d * d);
    },
    {
        double u = QUICK_GELU_SCALE * v;
        double c = u > 750.0 ? 750.0 : (u < -750.0 ? -750.0 : u);
        double t = exp_neg64(-fabs(c));
        double d = 1.0 + t;
        double n = c >= 0.0 ? d + c * t : t * (d + c);
        return n / d / d;
    })

/* the series of x − tanh x (its first nine terms: c₂x³ + c₃x⁵ + …, from actcli/catalogue/shrink.py) */
static const double TS[9] = {0.3333333333333333,     -0.13333333333333333,  0.05396825396825397,
                             -0.021869488536155203,  0.008863235529902197,  -0.003592128036572481,
                             0.0014558343870513183,  -0.000590027440945586, 0.00023912911424355248};

/* the series' first n terms (n ≤ 9) */
FAST_INLINE double tanhshrink_series(double v, int n) {
    double s = v * v;
    double a = TS[n - 1];
    for (int k = n - 2; k >= 0; k--) a = a * s + TS[k];
    return a * s * v;
}

/* x − tanh x, and below |x| = 0.15, where it cancels, its series (as the numpy kernel); for
 * float32, six terms below 0.2 (the float32 tanh's error, < 1e−12 relative, is then < 1e−10 of
 * the result; the terms fall by (2x/π)² < 0.017 each, and the rest is < 2e−11 of it) */
FAST_KERNEL2(tanhshrink,
    {
        double a = fabs(v);
        double t = exp_neg32(-2.0 * a);
        return a < 0.2 ? tanhshrink_series(v, 6) : v - copysign((1.0 - t) / (1.0 + t), v);
    },
    {
        double a = fabs(v);
        double t = exp_neg64(-2.0 * a);
        return a < 0.15 ? tanhshrink_series(v, 9) : v - copysign((1.0 - t) / (1.0 + t), v);
    })

/* tanh² x */
FAST_KERNEL2(tanhshrink_d1,
    {
        double th = tanh_abs32(fabs(v));
        return th * th;
    },
    {
        double th = tanh_abs64(fabs(v));
        return th * th;
    })

/* √(x² + b)/2 for finite x, as the numpy kernel's _half_hypot: x² formed only up to |x| = 2^510,
 * beyond which √(x² + b) is |x| to the last bit */
#define HALF_HYPOT(v, b)                                                    \
    double ax = fabs(v);                                                    \
    double xl = ax > 0x1p510 ? 0x1p510 : ax;                                \
    double h = sqrt(xl * xl + (b));                                         \
    h = (h < ax ? ax : h) * 0.5;

/* a = √(x² + b)/2 + |x|/2 for x > 0; (b/4)/a for x ≤ 0, where x + √(x² + b) cancels (0 at −inf;
 * 0 at 0 when b = 0, where (b/4)/a is 0/0) */
FAST_KERNEL(squareplus, {
    double b = p[0];
    HALF_HYPOT(v, b)
    double a = h + ax * 0.5; /* inf at ±inf */
    double left = a == 0.0 ? 0.0 : (0.25 * b) / a;
    return v > 0.0 ? a : left;
})

/* (1 + x/h)/2 for x > 0; (b/2)/h/(h + |x|) for x ≤ 0, where 1 + x/h would cancel (h = √(x² + b));
 * x clamped to the finite range first, so that x/h is 1 at +inf */
FAST_KERNEL(squareplus_d1, {
    double b = p[0];
    double xc = v > 0x1.fffffffffffffp1023 ? 0x1.fffffffffffffp1023 : (v < -0x1.fffffffffffffp1023 ? -0x1.fffffffffffffp1023 : v);
    HALF_HYPOT(xc, b)
    h = h * 2.0;
    double right = xc / h * 0.5 + 0.5;
    double left = (0.5 * b) / h / (h + ax);
    return v > 0.0 ? right : left;
})

const fast_kernel FAST_LOGISTIC[] = {
    FAST_ENTRY(sigmoid, 0),        FAST_ENTRY(sigmoid_d1_narrow, 0), FAST_ENTRY(sech2_narrow, 0),
    FAST_ENTRY(silu, 0),           FAST_ENTRY(silu_d1, 0),           FAST_ENTRY(quick_gelu, 0),       FAST_ENTRY(quick_gelu_d1, 0),           FAST_ENTRY(tanhshrink, 0),
    FAST_ENTRY(tanhshrink_d1, 0),  FAST_ENTRY(squareplus, 1),        FAST_ENTRY(squareplus_d1, 1),
    {NULL, 0, NULL, NULL},
};
