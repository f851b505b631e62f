/* Piecewise-linear kernels (the numpy chains' twins in actcli/catalogue/sigmoidal.py,
 * self_gated.py and shrink.py): each is a few selections, one pass in place of numpy's three or
 * four. */
#include "fast.h"

/* relu6(x + 3)/6 as clip((x + 3)·(1/6), 0, 1); NaN stays NaN (both comparisons are false) */
FAST_KERNEL(hardsigmoid, {
    double t = (v + 3.0) * (1.0 / 6.0);
    t = t < 0.0 ? 0.0 : t;
    return t > 1.0 ? 1.0 : t;
})

/* 1/6 inside (−3, 3), 0 outside, NaN at NaN */
FAST_KERNEL(hardsigmoid_d1, { return v > -3.0 && v < 3.0 ? 1.0 / 6.0 : (v != v ? v : 0.0); })

/* x·((clip(x, −3, 3) + 3)·(1/6)): x·0 (a signed zero) for x ≤ −3, and 0 at −inf (not −inf·0) */
FAST_KERNEL(hardswish, {
    double c = v < -3.0 ? -3.0 : (v > 3.0 ? 3.0 : v);
    double r = (c + 3.0) * (1.0 / 6.0) * v;
    return v == -INFINITY ? 0.0 : r;
})

/* (a + 1.5 − 1.5·trunc(a/3))/3 with a = clip(x, −3, 3): 0 for x ≤ −3, 1 for x ≥ 3 */
FAST_KERNEL(hardswish_d1, {
    double a = v < -3.0 ? -3.0 : (v > 3.0 ? 3.0 : v);
    return (a + 1.5 - trunc(a / 3.0) * 1.5) / 3.0;
})

/* x·[|x| > λ]: a signed 0 inside the band, NaN at NaN */
FAST_KERNEL(hardshrink, { return v * (fabs(v) > p[0] ? 1.0 : 0.0); })

/* [|x| > λ] (softshrink's and hardshrink's f′), NaN at NaN */
FAST_KERNEL(softshrink_d1, { return fabs(v) > p[0] ? 1.0 : (v != v ? v : 0.0); })

const fast_kernel FAST_PIECEWISE[] = {
    FAST_ENTRY(hardsigmoid, 0), FAST_ENTRY(hardsigmoid_d1, 0), FAST_ENTRY(hardswish, 0),
    FAST_ENTRY(hardswish_d1, 0), FAST_ENTRY(hardshrink, 1),    FAST_ENTRY(softshrink_d1, 1),
    {NULL, 0, NULL, NULL},
};
