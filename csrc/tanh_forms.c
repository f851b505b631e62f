/* The tanh GELU (gelu:approximate=tanh and gelu_new), gelu_fast, telu and logish: the twins of
 * the numpy kernels in actcli/catalogue/self_gated.py, modern.py and swishlike.py, in the same
 * cancellation-free forms (their docstrings say why each was chosen). Where a numpy kernel takes
 * an exponential per side of a switch (e^{−v} and, in the far left, e^{v}), one exponential here:
 * the one whose argument is ≤ 0 on the side being computed, both sides' formulas written from it,
 * then selected. */
#include <float.h>
#include <stdint.h>
#include <string.h>

#include "fast.h"

#if defined(__GNUC__) && !defined(__clang__)
/* GCC's partial redundancy elimination and jump threading turn f(c ? K : x) into c ? f(K) : f(x)
 * when f(K) folds to a constant: a clamp written before an exp would then run after it, and the
 * exp would see the unclamped argument (an overflow or underflow, which libmvec handles lane by
 * lane in scalar code, several times slower; TeLU's float32 f took 1.5 times as long). Every clamp
 * here is there to keep such an argument in range. */
#pragma GCC optimize("no-tree-pre", "no-thread-jumps")
#endif

FAST_INLINE double clamp50(double v) { return v < -50.0 ? -50.0 : (v > 50.0 ? 50.0 : v); }

/* x with −inf replaced by the most negative double: x·σ is then 0 there, not −inf·0 */
FAST_INLINE double above_min(double v) { return v < -DBL_MAX ? -DBL_MAX : v; }

/* --- the tanh GELU: ½x(1 + tanh u) = x·σ(v), v = 2u = 2k·x(1 + c·x²) ---------------------------- */

#define GELU_K 0.7978845608028654 /* √(2/π) */
#define GELU_C 0.044715
#define GELU_TANH_EDGE (-18.0) /* as self_gated._GELU_TANH_EDGE: v(−18) ≈ −445 */

/* −v at x clamped to ±50 (beyond, σ(v) is 0 or 1 to the last bit), in numpy's order of
 * operations: (x²·(−2kc) − 2k)·x */
FAST_INLINE double gelu_neg_v(double xc) { return (xc * xc * ((-2.0 * GELU_K) * GELU_C) + (-2.0 * GELU_K)) * xc; }

/* x/(1 + e^{−v}) for x ≥ −18; below, where e^{−v} overflows, x·E/(1 + E) from E = e^{v} (a 0 of
 * x's sign where it underflows, and 0, not −inf·0, at −inf). One exp and one division serve both
 * (a float64 vector division costs about as much as the exp: the quotients are products with one
 * reciprocal; with four chained divisions the tanh GELU′ took 1.5 times as long). */
FAST_KERNEL(gelu_tanh, {
    double nv = gelu_neg_v(clamp50(v));
    int left = v < GELU_TANH_EDGE;
    double t = exp(left ? -nv : nv);
    double r = 1.0 / (1.0 + t);
    return left ? above_min(v) * (t * r) : v * r;
})

/* σ(v) + x·v′·σ′(v) = (d + x·v′·e)/d/d with e = e^{−v}, d = 1 + e, v′ = 2k(1 + 3c·x²) for
 * x ≥ −18; below, σ(v)(1 + x·v′/(1 + E)) from E = e^{v} (−0 where σ(v) underflows, as numpy's). */
FAST_KERNEL(gelu_tanh_d1, {
    double xc = clamp50(v);
    double nv = gelu_neg_v(xc);
    double dv = xc * xc * (6.0 * GELU_K * GELU_C) + 2.0 * GELU_K;
    int left = v < GELU_TANH_EDGE;
    double t = exp(left ? -nv : nv);
    double d = 1.0 + t;
    double r = 1.0 / d;
    double far = t * r * (1.0 + xc * dv * r);
    return left ? far : (d + dv * xc * t) * r * r;
})

/* --- gelu_fast: the same formula with k typed as 0.7978845608, as transformers has it ------------ */

#define FAST_K 0.7978845608
#define FAST_C 0.044715

/* v = 2k·x(1 + c·x²) at x clamped to ±50, in numpy's order of operations */
FAST_INLINE double fast_v(double xc) { return (2.0 * FAST_K) * xc * (1.0 + FAST_C * (xc * xc)); }

/* x·σ(v): x/(1 + e^{−v}) for v ≥ 0, x·e^{v}/(1 + e^{v}) below (0 at −inf). */
FAST_KERNEL(gelu_fast, {
    double vv = fast_v(clamp50(v));
    double t = exp(-fabs(vv));
    double r = 1.0 / (1.0 + t);
    return vv < 0.0 ? above_min(v) * (t * r) : v * r;
})

/* σ(v) + x·v′·σ′(v), σ′(v) = e/(1 + e)² with e = e^{−|v|} (+0 where both underflow, as numpy's). */
FAST_KERNEL(gelu_fast_d1, {
    double xc = clamp50(v);
    double vv = fast_v(xc);
    double dv = (2.0 * FAST_K) * (1.0 + (3.0 * FAST_C) * (xc * xc));
    double t = exp(-fabs(vv));
    double r = 1.0 / (1.0 + t);
    double s = (vv < 0.0 ? t : 1.0) * r;
    return s + t * r * r * dv * xc;
})

/* --- TeLU: x·tanh(eˣ) ------------------------------------------------------------------------------ */

/* e^r − 1 for |r| ≤ ln 2/2 (+ a hair), for float32 results only: r + r²·q(r), q of degree 5
 * interpolating (e^r − 1 − r)/r² at its six Chebyshev nodes on [−ln 2/2, ln 2/2]. Relative error
 * < 2.3e-10 of e^r and < 5.4e-10 of e^r − 1 (the polynomial's; its roundings add ~1e-16). */
FAST_INLINE double telu_expm1_reduced(double r) {
    double q = 0x1.a124e3f154d32p-13;
    q = q * r + 0x1.6d431504c53d3p-10;
    q = q * r + 0x1.1110e0f726534p-7;
    q = q * r + 0x1.5554e9114ecf9p-5;
    q = q * r + 0x1.5555555a78232p-3;
    q = q * r + 0x1.0000000b8f62bp-1;
    return r + (r * r) * q;
}

/* a = k·ln 2 + r: c·2^k (from the bits of k and of c, a power of 2 or its negative; k + c's
 * exponent in −1022 … 1023) and e^r − 1. ln 2 in one part: for |k| ≤ 174, k·ln 2 is off by
 * < 4e-15, a relative error of that size in e^a. */
FAST_INLINE double telu_exp_parts(double a, uint64_t c_bits, double *pm1) {
    double kd = a * 0x1.71547652b82fep0 + 0x1.8p52; /* round(a/ln 2) in the low bits */
    double k = kd - 0x1.8p52;
    *pm1 = telu_expm1_reduced(a - k * 0x1.62e42fefa39efp-1);
    uint64_t bits;
    memcpy(&bits, &kd, sizeof bits);
    bits = (bits << 52) + c_bits;
    double scale;
    memcpy(&scale, &bits, sizeof scale);
    return scale;
}

#define TELU_ONE 0x3ff0000000000000ULL       /* the bits of 1.0 */
#define TELU_MINUS_TWO 0xc000000000000000ULL /* the bits of −2.0 */

/* x·tanh(u), u = e^{min(x, 3)} (from x = 3, u > 20 and tanh u = 1 in float64); 0 at −inf, not
 * −inf·0. float64: tanh u = −m/(2 + m) with m = e^{−2u} − 1 (expm1: no cancellation as u → 0,
 * where tanh u = u to the last bit and f = x·eˣ; libmvec's expm1 costs half its tanh).
 * float32 (the result rounded once; ~1e-9 relative is plenty): the same forms, both exponentials
 * written out with a polynomial of degree 7 (telu_expm1_reduced) in place of libmvec's exp and
 * expm1, which carry float64's last bits at twice the cost. −2u = −2·2^k(1 + p) is within
 * 2.3e-10 relative; m = (2^j − 1) + 2^j·p' within 8.5e-10 of tanh u's size (p' itself where
 * j = 0: no cancellation, and none from 1 − w either); tanh u = m/(−2 − m), whose condition
 * number in u, 2u/sinh 2u, is below 1. So x·m/(−2 − m) is within 1.1e-9 relative before its
 * rounding to float32: 0.5 + 1.1e-9·2²⁴ < 0.52 ulp (0.5066 at worst over every float32 of
 * [−130, 4], measured against float64; tests/test_compiled_tanhforms.py holds it to 0.52).
 * x is clamped to −120 first (2^k stays a normal double; below, |f| < 1e-50 rounds to −0 in
 * float32, as the numpy kernel's x·eˣ). */
FAST_KERNEL2(
    telu,
    {
        double xl = v < -120.0 ? -120.0 : v;
        double p;
        double s = telu_exp_parts(xl > 3.0 ? 3.0 : xl, TELU_MINUS_TWO, &p); /* −2·2^k */
        double a = s + s * p;                                             /* −2u */
        double s2 = telu_exp_parts(a, TELU_ONE, &p);
        double m = (s2 - 1.0) + s2 * p;
        double r = xl * m / (-2.0 - m);
        return v == -INFINITY ? 0.0 : r;
    },
    {
        double m = expm1(-2.0 * exp(v > 3.0 ? 3.0 : v));
        double r = v * (-m / (2.0 + m));
        return v == -INFINITY ? 0.0 : r;
    })

/* tanh(u) + x·u·sech²(u), u = e^{min(x, 3)} (from x = 3 the second term is below 1e-15 and m = −1:
 * f′ = 1), with m as in telu: tanh u = −m/(2 + m) and u·sech² u = 4u·e^{−2u}/(1 + e^{−2u})² =
 * 4u(1 + m)/(2 + m)². x is taken as −1e300 at −inf (the term is then −0, not −inf·0). */
FAST_KERNEL(telu_d1, {
    double xc = v > 3.0 ? 3.0 : v;
    double u = exp(xc);
    double m = expm1(-2.0 * u);
    double r = 1.0 / (2.0 + m);
    double us2 = 4.0 * u * (1.0 + m) * r * r;
    return (xc < -1e300 ? -1e300 : xc) * us2 + (-m * r);
})

/* --- Logish: x·ln(1 + σ(x)) ------------------------------------------------------------------------- */

/* σ(x) from e = e^{−|x|}: 1/(1 + e) for x ≥ 0, e/(1 + e) below; 0 at −inf (not −inf·0). */
FAST_KERNEL(logish, {
    double t = exp(-fabs(v));
    double s = (v < 0.0 ? t : 1.0) / (1.0 + t);
    double r = v * log1p(s);
    return v == -INFINITY ? 0.0 : r;
})

/* ln(1 + s) + x·s′/(1 + s), s = σ(x), s′ = e/(1 + e)² with e = e^{−|x|} (no 1 − s); x clipped to
 * ±1e300 (the term is then ±0 at ±inf, not inf·0). */
FAST_KERNEL(logish_d1, {
    double t = exp(-fabs(v));
    double d = 1.0 + t;
    double s = (v < 0.0 ? t : 1.0) / d;
    double xf = v < -1e300 ? -1e300 : (v > 1e300 ? 1e300 : v);
    return log1p(s) + t / (d * d) / (1.0 + s) * xf;
})

const fast_kernel FAST_TANH_FORMS[] = {
    FAST_ENTRY(gelu_tanh, 0), FAST_ENTRY(gelu_tanh_d1, 0), FAST_ENTRY(gelu_fast, 0),
    FAST_ENTRY(gelu_fast_d1, 0), FAST_ENTRY(telu, 0),      FAST_ENTRY(telu_d1, 0),
    FAST_ENTRY(logish, 0),       FAST_ENTRY(logish_d1, 0), {NULL, 0, NULL, NULL},
};
