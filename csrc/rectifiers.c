/* leaky_relu, elish and the Gaussian: one pass each, where numpy's chains take two to six. */
#include "fast.h"

/* max(x, a·x) for 0 ≤ a ≤ 1 (numpy's np.maximum: NaN stays NaN, a tie keeps the value) */
FAST_KERNEL(leaky_relu, {
    double t = p[0] * v;
    return t > v ? t : v;
})

/* x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) below; σ = 1/(1 + e^{−x}) on the right, e^{x}/(1 + e^{x}) on the
 * left (no overflow, and the left tail keeps its digits down to the subnormals) */
FAST_KERNEL(elish, {
    double e = exp(-fabs(v));
    double s = (v >= 0.0 ? 1.0 : e) / (1.0 + e);
    return (v >= 0.0 ? v : expm1(v)) * s;
})

/* e^{−x²}, x² rounded (exact for float32 input; see the numpy kernel for float64's bound) */
FAST_KERNEL(gaussian, { return exp(-(v * v)); })

/* −2x·e^{−x²} with x clamped to ±40, where e^{−x²} is 0 (no inf·0) */
FAST_KERNEL(gaussian_d1, {
    double c = v < -40.0 ? -40.0 : (v > 40.0 ? 40.0 : v);
    return exp(-(c * c)) * (c * -2.0);
})

const fast_kernel FAST_RECTIFIERS[] = {
    FAST_ENTRY(leaky_relu, 1), FAST_ENTRY(elish, 0), FAST_ENTRY(gaussian, 0), FAST_ENTRY(gaussian_d1, 0),
    {NULL, 0, NULL, NULL},
};
