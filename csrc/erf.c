/* Kernels built on Φ and erf: the exact GELU, gelu_10, laplace, serf (the numpy kernels' twins
 * in actcli/catalogue/self_gated.py, modern.py and swishlike.py, which say why each form was
 * chosen). Φ(x) = erfc(−x/√2)/2: erfc keeps the left tail's relative accuracy, where 1 + erf
 * would cancel. */
#include <float.h>

#include "fast.h"

#define INV_SQRT_2PI 0.3989422804014327   /* 1/√(2π) */
#define TWO_OVER_SQRT_PI 1.1283791670955126 /* 2/√π */

/* Φ(t) in float64: erfc(−t/√2)/2 (−t/√2 rounded once: erfc's relative sensitivity 2z² keeps
 * that under 2e-13 down to where Φ underflows). 0 where z² > 709.78 (Φ < 1e-310, subnormal), as
 * scipy's ndtr (Cephes) gives it: the numpy kernels are the reference at such points. */
static inline double phi_cdf(double t) {
    double z = t * -M_SQRT1_2;
    return z > 0.0 && z * z > 709.782712893384 ? 0.0 : 0.5 * erfc(z);
}

/* x·Φ(x), with x = −inf taken as the most negative double (a signed 0, not −inf·0) */
#define GELU_ERF_BODY                                       \
    {                                                       \
        double xc = v < -DBL_MAX ? -DBL_MAX : v;            \
        return phi_cdf(v) * xc;                             \
    }

/* Φ(x) + x·φ(x), with x made finite (φ is 0 and x·φ a zero at ±inf) */
#define GELU_ERF_D1_BODY                                               \
    {                                                                  \
        double xc = v < -DBL_MAX ? -DBL_MAX : (v > DBL_MAX ? DBL_MAX : v); \
        double e = exp(-0.5 * xc * xc) * INV_SQRT_2PI;                 \
        return phi_cdf(v) + e * xc;                                    \
    }

FAST_KERNEL(gelu_erf, GELU_ERF_BODY)

FAST_KERNEL(gelu_erf_d1, GELU_ERF_D1_BODY)

/* min(gelu(x), 10): NaN stays NaN (the comparison is false) */
FAST_KERNEL(gelu_10, {
    double xc = v < -DBL_MAX ? -DBL_MAX : v;
    double r = phi_cdf(v) * xc;
    return r > 10.0 ? 10.0 : r;
})

/* gelu′(x), 0 where x > 10 (there gelu(x) rounds to x and the clip binds) */
FAST_KERNEL(gelu_10_d1, {
    double xc = v < -DBL_MAX ? -DBL_MAX : (v > DBL_MAX ? DBL_MAX : v);
    double e = exp(-0.5 * xc * xc) * INV_SQRT_2PI;
    double r = phi_cdf(v) + e * xc;
    return v > 10.0 ? 0.0 : r;
})

/* Φ((x − μ)/σ), p = (μ, σ) */
FAST_KERNEL(laplace, { return phi_cdf((v - p[0]) / p[1]); })

/* φ((x − μ)/σ)/σ, t clipped to ±1000 (φ is 0 beyond |t| = 39 already) */
FAST_KERNEL(laplace_d1, {
    double t = (v - p[0]) / p[1];
    t = t < -1e3 ? -1e3 : (t > 1e3 ? 1e3 : t);
    return exp(-0.5 * t * t) * INV_SQRT_2PI / p[1];
})

/* x clipped to ±1e300, p = softplus(x) = max(x, 0) + log1p(e^{−|x|}) */
static inline double serf_softplus(double xf) {
    return (xf > 0.0 ? xf : 0.0) + log1p(exp(-fabs(xf)));
}

/* x·erf(softplus(x)); 0 at −inf, inf at inf */
FAST_KERNEL(serf, {
    double xf = v < -1e300 ? -1e300 : (v > 1e300 ? 1e300 : v);
    double r = erf(serf_softplus(xf)) * v;
    return v == -INFINITY ? 0.0 : (v == INFINITY ? INFINITY : r);
})

/* erf(p) + x·(2/√π)e^{−p²}·σ(x), σ(x) = e^{−|x|}/(1 + e^{−|x|}) on the left, 1/(1 + e^{−x}) on
 * the right; e^{−p²} is 0 beyond p = 40 */
FAST_KERNEL(serf_d1, {
    double xf = v < -1e300 ? -1e300 : (v > 1e300 ? 1e300 : v);
    double m = exp(-fabs(xf));
    double pp = (xf > 0.0 ? xf : 0.0) + log1p(m);
    double s = (xf >= 0.0 ? 1.0 : m) / (1.0 + m);
    double pc = pp < 40.0 ? pp : 40.0;
    double e = TWO_OVER_SQRT_PI * exp(-pc * pc);
    return erf(pp) + xf * e * s;
})

const fast_kernel FAST_ERF[] = {
    FAST_ENTRY(gelu_erf, 0), FAST_ENTRY(gelu_erf_d1, 0), FAST_ENTRY(gelu_10, 0), FAST_ENTRY(gelu_10_d1, 0),
    FAST_ENTRY(laplace, 2),  FAST_ENTRY(laplace_d1, 2),  FAST_ENTRY(serf, 0),    FAST_ENTRY(serf_d1, 0),
    {NULL, 0, NULL, NULL},
};
