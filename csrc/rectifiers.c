/* leaky_relu, softshrink, elish, smish, bent identity and the Gaussian: one pass each, where
 * numpy's chains take two to eight. */
#include <float.h>

#include "fast.h"

/* max(x, a·x) for 0 ≤ a ≤ 1 (numpy's np.maximum: NaN stays NaN, a tie keeps the value) */
FAST_KERNEL(leaky_relu, {
    double t = p[0] * v;
    return t > v ? t : v;
})

/* x − clip(x, −λ, λ): x − λ above λ, x + λ below −λ, +0 between (NaN stays NaN) */
FAST_KERNEL(softshrink, {
    double c = v < -p[0] ? -p[0] : (v > p[0] ? p[0] : v);
    return v - c;
})

/* x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) below; σ = 1/(1 + e^{−x}) on the right, e^{x}/(1 + e^{x}) on the
 * left (no overflow, and the left tail keeps its digits down to the subnormals) */
FAST_KERNEL(elish, {
    double e = exp(-fabs(v));
    double s = (v >= 0.0 ? 1.0 : e) / (1.0 + e);
    return (v >= 0.0 ? v : expm1(v)) * s;
})

/* x·tanh(ln(1 + σ(x))) = x·n/(n + 2), n = s(s + 2), s = σ(x) (no log, no tanh); σ from t = e^{−|x|}
 * as elish's; +0 at −inf (the limit, not −inf·0) */
FAST_KERNEL(smish, {
    double t = exp(-fabs(v));
    double s = (v >= 0.0 ? 1.0 : t) / (1.0 + t);
    double n = s * (s + 2.0);
    double r = n / (n + 2.0) * v;
    return v == -INFINITY ? 0.0 : r;
})

/* x + x²/(2(h + 1)), h = √(x² + 1) (no cancellation of h − 1 near 0); where x² overflows,
 * x + |x|/2 (h = |x| to the last bit there), and ±inf itself */
FAST_KERNEL(bent_identity, {
    double q = v * v;
    double r = q / ((sqrt(q + 1.0) + 1.0) * 2.0) + v;
    return q > DBL_MAX ? (v == INFINITY || v == -INFINITY ? v : v + 0.5 * fabs(v)) : r;
})

/* e^{−x²}, x² rounded (exact for float32 input; see the numpy kernel for float64's bound) */
FAST_KERNEL(gaussian, { return exp(-(v * v)); })

/* −2x·e^{−x²} with x clamped to ±40, where e^{−x²} is 0 (no inf·0) */
FAST_KERNEL(gaussian_d1, {
    double c = v < -40.0 ? -40.0 : (v > 40.0 ? 40.0 : v);
    return exp(-(c * c)) * (c * -2.0);
})

const fast_kernel FAST_RECTIFIERS[] = {
    FAST_ENTRY(leaky_relu, 1), FAST_ENTRY(softshrink, 1), FAST_ENTRY(elish, 0),       FAST_ENTRY(smish, 0),
    FAST_ENTRY(bent_identity, 0), FAST_ENTRY(gaussian, 0), FAST_ENTRY(gaussian_d1, 0),
    {NULL, 0, NULL, NULL},
};
