/* Kernels built on sin and cos: sine (SIREN's sin(ω₀x)) and Snake (x + sin²(αx)/α), the twins of
 * the numpy kernels in actcli/catalogue/periodic.py.
 *
 * Every one of them is sin θ of an angle θ = w·x + c·π (c = 0; ½ for cos; ¼ for Snake′ =
 * 2·sin²(αx + π/4)) that is never rounded before its reduction: w·x = p + e exactly (p = w·x
 * rounded, e = fma(w, x, −p)), and t = θ − kπ, k = round(p/π + c), is formed as
 *
 *   t = ((p − (k − c)·π₁) + e − (k − c)·π₂) − (k − c)·π₃   (π = π₁ + π₂ + π₃, 161 bits)
 *
 * with every step exact where t is small, that is near the zeros of the result (see sin_reduced).
 * Then sin θ = (−1)ᵏ·sin t, and sin t on |t| ≤ 1.6 is its Taylor series, inlined: a few dozen
 * multiply-adds a value, where the numpy kernel takes libm's scalar sin and cos of p (and of e) and
 * the addition formula. The result is within a few units of float64's roundoff of the exact value,
 * relative to it, near its zeros included (tests/test_compiled_periodic.py holds it to mpmath).
 *
 * The vector loop covers |w·x| < 2⁴⁵; a block holding a larger finite product (or one that
 * overflows) computes those elements again the numpy kernel's way: the exact product, libm's sin
 * and cos of both its parts and, past 2¹⁰²¹, the angle halved s times and doubled back. For float32 x and a w of at most
 * 29 significant bits, w·x is exact in float64 (e = 0), as in the numpy kernel's one-sin path. */
#include "fast.h"

#define PI_1 0x1.921fb54442d18p+1  /* π = PI_1 + PI_2 + PI_3 to 161 bits */
#define PI_2 0x1.1a62633145c07p-53
#define PI_3 -0x1.f1976b7ed8fbcp-109
#define INV_PI 0x1.45f306dc9c883p-2
#define QUARTER_PI 0x1.921fb54442d18p-1

#define LIMIT 0x1p45   /* the vector loop's range of |w·x|: there k is off by at most 0.004 */
#define OVER 0x1p1021  /* beyond this |w·x| the product may overflow: x is scaled down first */
#define TINY 1e-280    /* below this |x| the numpy kernel drops e (its split loses bits there) */
#define SMALL_ANGLE 0x1p-26
#define BLOCK 1024     /* elements per block: a block that needs the slow way is read again from L1 */

enum { SINE, SINE_D1, SNAKE, SNAKE_D1 };

/* sin t for |t| ≤ 1.6 (π/2 and the slack of k's rounding below LIMIT) by its Taylor series,
 * t + t·u·(−1/3! + u/5! − ...), u = t²: to t²¹ (an alternating series: the error is below the next
 * term, |t|²³/23!, which is below 1.9e-18 of sin t ≥ 0.62·|t| for every such t), or, for a result
 * rounded to float32, to t¹⁵ (below |t|¹⁷/17!, 8.4e-12 of sin t). Eleven or eight multiply-adds,
 * inlined, where libmvec's sin would reduce its argument again. */
FAST_INLINE double sin_series(double t, int narrow) {
    double u = t * t, q;
    if (narrow) {
        q = -0x1.ae7f3e733b81fp-41;
    } else {
        q = 0x1.71b8ef6dcf572p-66;
        q = fma(q, u, -0x1.2f49b46814157p-57);
        q = fma(q, u, 0x1.952c77030ad4ap-49);
        q = fma(q, u, -0x1.ae7f3e733b81fp-41);
    }
    q = fma(q, u, 0x1.6124613a86d09p-33);
    q = fma(q, u, -0x1.ae64567f544e4p-26);
    q = fma(q, u, 0x1.71de3a556c734p-19);
    q = fma(q, u, -0x1.a01a01a01a01ap-13);
    q = fma(q, u, 0x1.1111111111111p-7);
    q = fma(q, u, -0x1.5555555555555p-3);
    return fma(t * u, q, t);
}

/* sin(p + e + c·π) as (−1)ᵏ·sin t, t = p + e − (k − c)·π, k = round(p/π + c), for |p| < LIMIT and
 * c = 0, ½ or ¼ (so that (k − c)·π₁ is exact); e = 0 where w·x is exact. Near the zeros of the
 * result (t small) every step but the last two is exact:
 * - T = p − (k − c)·π₁ in one fma: p and (k − c)·π₁ are multiples of 2⁻⁵³ there, and |T| < 1;
 * - T + e: both are multiples of the finer of 2⁻⁵³ and e's last bit ulp(w)·ulp(x) > 2⁻¹⁰⁶·|p|, and
 *   the sum is (k − c)·π₂ + t, (k − c)·π₂ ≈ 0.39·2⁻⁵³·p: it fits in 53 bits while |t| < 0.6·2⁻⁵³·|p|
 *   (beyond, its rounding is below 1.6 half-ulps of t);
 * - that sum minus (k − c)·π₂ in one fma, whose exact value is t but for (k − c)·π₃: rounded once,
 *   relative to t.
 * Elsewhere each step is within half an ulp of |t| ≤ 1.6 (where k = c = 0, T + e = p + e may drop e:
 * 2⁻⁵³ of sin t at most). */
FAST_INLINE double sin_reduced(double p, double e, double c, int narrow) {
    double k = rint(fma(p, INV_PI, c));
    double kc = k - c;
    double t = fma(-kc, PI_2, fma(-kc, PI_1, p) + e) - kc * PI_3;
    double h = 0.5 * k;
    double sign = 1.0 - 4.0 * (h - floor(h)); /* (−1)ᵏ */
    return sign * sin_series(t, narrow);
}

/* e with w·x = p + e, as the numpy kernel takes it (0 where |x| is below TINY) */
FAST_INLINE double product_error(double w, double v, double p) {
    return fabs(v) < TINY ? 0.0 : fma(w, v, -p);
}

/* One element of kernel K on the vector path (|w·x| < LIMIT); split = 0 when w·x is exact (float32
 * x, w of at most 29 bits: there the numpy kernel takes one sin of w·x, which keeps the sign of a
 * zero x, where its general way gives +0 at −0), narrow when the result is rounded to float32. */
FAST_INLINE double fast_one(int K, int split, int narrow, double v, double w, double iw) {
    double p = w * v;
    double e = split ? product_error(w, v, p) : 0.0;
    if (K == SINE) {
        double y = sin_reduced(p, e, 0.0, narrow);
        return split ? y : (p == 0.0 ? p : y);
    }
    if (K == SINE_D1) return w * sin_reduced(p, e, 0.5, narrow);
    if (K == SNAKE) {
        double s = sin_reduced(p, e, 0.0, narrow);
        double y = fma(s * s, iw, v); /* iw = 1/w: a division would cost as much as the rest */
        return fabs(v) == INFINITY ? v : y;
    }
    double s = sin_reduced(p, e, 0.25, narrow); /* 1 + sin 2θ = 2·sin²(θ + π/4) */
    return 2.0 * s * s;
}

/* The numpy kernel's _sin_cos for one x: sin(w·x) and cos(w·x) from the exact product p + e (an
 * fma where the numpy kernel takes Dekker's product) and libm's sin and cos of p and e, with x
 * scaled down by 2ˢ (exactly) and the angle doubled back s times where |w·x| is near float64's
 * limit. */
static void sin_cos_exact(double w, double v, double *s, double *c) {
    int steps = 0;
    if (!(fabs(v) * fabs(w) < OVER)) {
        steps = (int)ceil(log2(fabs(v)) + log2(fabs(w)) - 1021.0);
        steps = steps < 1 ? 1 : steps;
        v = ldexp(v, -steps);
    }
    double p = w * v;
    double e = product_error(w, v, p);
    e = isfinite(e) ? e : 0.0;
    double sp = sin(p), cp = cos(p), se, ce;
    if (fabs(e) < SMALL_ANGLE) {
        double e2 = e * e;
        se = e - e * e2 / 6.0;
        ce = 1.0 - 0.5 * e2;
    } else {
        se = sin(e);
        ce = cos(e);
    }
    double ss = sp * ce + cp * se, cc = cp * ce - sp * se;
    for (int i = 0; i < steps; i++) {
        double t = 2.0 * ss * cc;
        cc = (cc - ss) * (cc + ss);
        ss = t;
    }
    *s = ss;
    *c = cc;
}

/* One element of kernel K where |w·x| ≥ LIMIT (x finite), the numpy kernel's way; exact32: the
 * float32 input's w·x is exact, and the numpy kernel takes one sin or cos of it. */
static double slow_one(int K, int exact32, double v, double w) {
    double s, c;
    if (exact32 && K != SNAKE_D1) {
        s = sin(w * v);
        c = cos(w * v);
    } else {
        sin_cos_exact(w, v, &s, &c);
    }
    if (K == SINE) return s;
    if (K == SINE_D1) return w * c;
    if (K == SNAKE) return v + s * s / w;
    /* sin(θ + π/4) = sin θ·cos(π/4) + cos θ·sin(π/4), accurate to an absolute rounding */
    double t = s * cos(QUARTER_PI) + c * sin(QUARTER_PI);
    return 2.0 * t * t;
}

FAST_INLINE int is_slow(double v, double w) {
    return (fabs(v) < INFINITY) & !(fabs(w * v) < LIMIT);
}

/* the loops: a vector pass over each block that also says whether any element needs the slow way,
 * and a scalar pass over that block only when one does */
#define PERIODIC_LOOP(T, K, split, exact32, narrow)                                                \
    for (ptrdiff_t b = 0; b < n; b += BLOCK) {                                                     \
        ptrdiff_t m = n - b < BLOCK ? n - b : BLOCK;                                               \
        const T *restrict xb = x + b;                                                              \
        T *restrict yb = y + b;                                                                    \
        int slow = tiny_w;                                                                         \
        FAST_PRAGMA(omp simd reduction(| : slow))                                                  \
        for (ptrdiff_t i = 0; i < m; i++) {                                                        \
            double v = (double)xb[i];                                                              \
            slow |= is_slow(v, w);                                                                 \
            yb[i] = (T)fast_one(K, split, narrow, v, w, iw);                                       \
        }                                                                                          \
        if (slow)                                                                                  \
            for (ptrdiff_t i = 0; i < m; i++)                                                      \
                if (is_slow((double)xb[i], w) | (tiny_w & (fabs((double)xb[i]) < INFINITY)))       \
                    yb[i] = (T)slow_one(K, exact32, (double)xb[i], w);                             \
    }

/* w·x is exact in float64 for every float32 x: w has at most 29 significant bits (24 + 29 = 53),
 * and w·x stays clear of float64's overflow and subnormals (the numpy kernel's test) */
static int exact_for_float32(double w) {
    int k;
    double m = frexp(w, &k);
    if (m == 0.0) return 1;
    double s = m * 0x1p29;
    return s == trunc(s) && fabs(w) > 0x1p-800 && fabs(w) < 0x1p800;
}

#define PERIODIC_KERNEL(name, K)                                                                   \
    FAST_CLONES static void name##_f32(const float *restrict x, float *restrict y, ptrdiff_t n,    \
                                       const double *restrict p) {                                 \
        const double w = p[0], iw = 1.0 / w;                                                       \
        const int tiny_w = !(fabs(iw) < INFINITY); /* a subnormal w: 1/w is inf, the slow way */  \
        if (exact_for_float32(w) && K != SNAKE_D1) {                                               \
            PERIODIC_LOOP(float, K, 0, 1, 1)                                                       \
        } else {                                                                                   \
            PERIODIC_LOOP(float, K, 1, 0, 1)                                                       \
        }                                                                                          \
    }                                                                                              \
    FAST_CLONES static void name##_f64(const double *restrict x, double *restrict y, ptrdiff_t n,  \
                                       const double *restrict p) {                                 \
        const double w = p[0], iw = 1.0 / w;                                                       \
        const int tiny_w = !(fabs(iw) < INFINITY);                                                 \
        PERIODIC_LOOP(double, K, 1, 0, 0)                                                          \
    }

PERIODIC_KERNEL(sine, SINE)
PERIODIC_KERNEL(sine_d1, SINE_D1)
PERIODIC_KERNEL(snake, SNAKE)
PERIODIC_KERNEL(snake_d1, SNAKE_D1)

const fast_kernel FAST_PERIODIC[] = {
    FAST_ENTRY(sine, 1), FAST_ENTRY(sine_d1, 1), FAST_ENTRY(snake, 1), FAST_ENTRY(snake_d1, 1),
    {NULL, 0, NULL, NULL},
};
