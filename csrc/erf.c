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

/* float32 and float64 by the same float64 loop: where AVX-512 is at hand, float32 takes the loop
 * below instead */
FAST_KERNEL(gelu_erf_wide, GELU_ERF_BODY)

/* min(gelu(x), 10): NaN stays NaN (the comparison is false) */
FAST_KERNEL(gelu_10_wide, {
    double xc = v < -DBL_MAX ? -DBL_MAX : v;
    double r = phi_cdf(v) * xc;
    return r > 10.0 ? 10.0 : r;
})

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* --- the exact GELU in float32 arithmetic (AVX-512) -------------------------------------------
 * The float64 loop costs 4× PyTorch's float32 GELU (twice the lanes, and glibc's double erfc).
 * Here Φ(−a), a = |x|, is e^{−a²/2}·R(a) with R(a) = Φ(−a)·e^{a²/2} (the Mills ratio over
 * √(2π)), smooth and slowly varying, in float32 arithmetic that keeps the roundings that matter
 * as exact residuals (FMA):
 *  - R: a polynomial of degree 6 in s = a − c_k on each of 32 intervals [k/2, (k + 1)/2) (its
 *    coefficients picked per lane from two registers by one permute each); c_k is a float near
 *    the interval's middle at which R is within 7e-11 of a float, so the constant terms are
 *    exact; float32 coefficients rounded one at a time, the later ones refitted: relative error
 *    ≤ 5.1e-9 against mpmath (30 digits) on [0, 16];
 *  - e^{−a²/2}: a² = p + pl exactly; n = round(p/(2 ln 2)); r = n·ln2_hi − p/2 exactly
 *    (Cody–Waite, n ≤ 183), plus n·ln2_lo − pl/2 (|r| ≤ 0.35, rounded once);
 *    e^{−a²/2} = 2^{−n}·(1 + m), m = e^r − 1 by its Taylor polynomial of degree 7 (truncation
 *    below 6e-9);
 *  - x·R exactly as t1 + t1l, then x·R·(1 + m) = t1 + (t1·m + t1l·(1 + m)) rounded once, and
 *    2^{−n} applied by vscalefps (one rounding, also into the subnormals).
 * gelu = x·Φ(−|x|) for x ≤ 0 (a zero of x's sign beyond a = 14.75, where |gelu| < 2^−150, and at
 * −inf and −0), x − x·Φ(−x) for x > 0; NaN stays NaN. R is capped at 1/2, its value at 0.
 * Measured against scipy's float64 ndtr over every float32 in [2^−3, 16) of both signs and in
 * [1e−6, 2^−3): at most 2.2 ulp (mean 0.3); tests/test_compiled_erf.py holds it to the float32
 * bar. */
#include <immintrin.h>

static const float __attribute__((aligned(64))) GELU32_CENTER[32] = {2.500023246e-01f, 7.500171065e-01f, 1.250010252e+00f, 1.750097156e+00f, 2.250147820e+00f, 2.750073433e+00f, 3.250115871e+00f, 3.750207424e+00f, 4.250178337e+00f, 4.750680447e+00f, 5.250037670e+00f, 5.750121117e+00f, 6.250589371e+00f, 6.750076294e+00f, 7.250295162e+00f, 7.750141144e+00f, 8.251192093e+00f, 8.750698090e+00f, 9.250779152e+00f, 9.750228882e+00f, 1.025104332e+01f, 1.075121307e+01f, 1.125137615e+01f, 1.175121689e+01f, 1.225123310e+01f, 1.275131035e+01f, 1.325130272e+01f, 1.375057793e+01f, 1.425101376e+01f, 1.475047302e+01f, 1.525127506e+01f, 1.575045872e+01f};
static const float __attribute__((aligned(64))) GELU32_C0[32] = {4.140314162e-01f, 3.002294898e-01f, 2.307591885e-01f, 1.852243990e-01f, 1.536440700e-01f, 1.307218373e-01f, 1.134485602e-01f, 1.000342742e-01f, 8.935590088e-02f, 8.066469431e-02f, 7.348773628e-02f, 6.744788587e-02f, 6.230287999e-02f, 5.788200349e-02f, 5.403223634e-02f, 5.065808818e-02f, 4.766869172e-02f, 4.501632974e-02f, 4.263803735e-02f, 4.049871862e-02f, 3.855699301e-02f, 3.679369017e-02f, 3.518350050e-02f, 3.370833024e-02f, 3.235068172e-02f, 3.109740280e-02f, 2.993729152e-02f, 2.886169404e-02f, 2.785810642e-02f, 2.692343667e-02f, 2.604692429e-02f, 2.522804029e-02f};
static const float __attribute__((aligned(64))) GELU32_C1[32] = {-2.954335213e-01f, -1.737650484e-01f, -1.104909331e-01f, -7.478158921e-02f, -5.322040990e-02f, -3.944762796e-02f, -3.022131510e-02f, -2.379300259e-02f, -1.916376688e-02f, -1.573009416e-02f, -1.312889624e-02f, -1.110876724e-02f, -9.512561373e-03f, -8.234340698e-03f, -7.192618679e-03f, -6.334946956e-03f, -5.618748255e-03f, -5.017969757e-03f, -4.507213365e-03f, -4.070504569e-03f, -3.692874685e-03f, -3.365477547e-03f, -3.079481889e-03f, -2.828380791e-03f, -2.606537659e-03f, -2.409646288e-03f, -2.234167885e-03f, -2.077307552e-03f, -1.936022658e-03f, -1.808854169e-03f, -1.693473430e-03f, -1.589073217e-03f};
static const float __attribute__((aligned(64))) GELU32_C2[32] = {1.700862199e-01f, 8.495138586e-02f, 4.632219672e-02f, 2.717468143e-02f, 1.694514044e-02f, 1.111898106e-02f, 7.612894289e-03f, 5.402788986e-03f, 3.953238484e-03f, 2.968020970e-03f, 2.280266723e-03f, 1.785562839e-03f, 1.421883819e-03f, 1.149787451e-03f, 9.418140980e-04f, 7.806786452e-04f, 6.536614965e-04f, 5.527967587e-04f, 4.714009992e-04f, 4.051844007e-04f, 3.505868372e-04f, 3.053618420e-04f, 2.675451105e-04f, 2.357064368e-04f, 2.086916502e-04f, 1.856274612e-04f, 1.658284455e-04f, 1.487577392e-04f, 1.339108421e-04f, 1.209913898e-04f, 1.096476481e-04f, 9.970332758e-05f};
static const float __attribute__((aligned(64))) GELU32_C3[32] = {-8.429673314e-02f, -3.668093309e-02f, -1.752866618e-02f, -9.074134752e-03f, -5.030483939e-03f, -2.956557553e-03f, -1.826107502e-03f, -1.177148777e-03f, -7.872187998e-04f, -5.433398765e-04f, -3.858267446e-04f, -2.805430267e-04f, -2.082907740e-04f, -1.577371731e-04f, -1.213962532e-04f, -9.485896589e-05f, -7.508152339e-05f, -6.020659566e-05f, -4.879601329e-05f, -3.994652434e-05f, -3.300546814e-05f, -2.749013038e-05f, -2.308073999e-05f, -1.951150443e-05f, -1.660228190e-05f, -1.421943944e-05f, -1.224346033e-05f, -1.059345686e-05f, -9.215928912e-06f, -8.053934835e-06f, -7.072137578e-06f, -6.235303317e-06f};
static const float __attribute__((aligned(64))) GELU32_C4[32] = {3.724867478e-02f, 1.435837895e-02f, 6.102566607e-03f, 2.823199145e-03f, 1.406423398e-03f, 7.470729179e-04f, 4.193738569e-04f, 2.470753971e-04f, 1.518021600e-04f, 9.672233136e-05f, 6.371521886e-05f, 4.315375190e-05f, 2.994192619e-05f, 2.127310108e-05f, 1.540787525e-05f, 1.133524529e-05f, 8.495134352e-06f, 6.442027825e-06f, 4.998495115e-06f, 3.901465334e-06f, 3.076854227e-06f, 2.457095889e-06f, 1.983579068e-06f, 1.631626787e-06f, 1.286562451e-06f, 1.081298706e-06f, 8.900847206e-07f, 7.603942436e-07f, 6.308515026e-07f, 5.364022400e-07f, 4.449107109e-07f, 3.994196049e-07f};
static const float __attribute__((aligned(64))) GELU32_C5[32] = {-1.521848515e-02f, -5.251256283e-03f, -1.999043627e-03f, -8.344402304e-04f, -3.742419940e-04f, -1.807980880e-04f, -9.376962407e-05f, -5.014473936e-05f, -2.907948692e-05f, -1.661177703e-05f, -9.985823453e-06f, -6.222267530e-06f, -4.562749382e-06f, -2.728150776e-06f, -1.933756039e-06f, -1.382913524e-06f, -1.056318638e-06f, -6.992327144e-07f, -5.045837383e-07f, -4.842319754e-07f, -1.934660645e-07f, -2.027337160e-07f, -1.112044572e-07f, -1.375151157e-07f, -1.465537167e-07f, -6.144725972e-08f, -5.507181200e-08f, -1.329456154e-07f, -8.557767472e-08f, -8.292061437e-08f, -4.772525042e-09f, 2.299774948e-08f};
static const float __attribute__((aligned(64))) GELU32_C6[32] = {5.678932648e-03f, 1.772387768e-03f, 6.085318746e-04f, 2.328171104e-04f, 9.520087769e-05f, 4.190179970e-05f, 2.011176730e-05f, 9.795337974e-06f, 5.234950095e-06f, 2.770775382e-06f, 1.448564262e-06f, 7.686874142e-07f, 6.263177852e-07f, 3.855973603e-07f, 2.973740720e-07f, 5.163637411e-07f, 3.464439828e-07f, 5.242594057e-07f, 7.006770630e-08f, 6.096304617e-08f, 5.610744580e-08f, 5.758191257e-09f, -5.076685383e-08f, -2.709001308e-07f, 2.602871803e-07f, 2.123751308e-08f, 9.240201138e-08f, -7.760824161e-08f, 1.054566567e-08f, -1.700652597e-08f, 8.834708609e-08f, -1.035777544e-07f};

#define GELU32_TABLE(t) const __m512 t##_lo = _mm512_load_ps(t), t##_hi = _mm512_load_ps(t + 16)
#define GELU32_PICK(t, i) _mm512_permutex2var_ps(t##_lo, i, t##_hi)

__attribute__((target("avx512f"))) static void gelu32_avx512(const float *restrict x, float *restrict y,
                                                             ptrdiff_t n, int cap) {
    GELU32_TABLE(GELU32_CENTER);
    GELU32_TABLE(GELU32_C0);
    GELU32_TABLE(GELU32_C1);
    GELU32_TABLE(GELU32_C2);
    GELU32_TABLE(GELU32_C3);
    GELU32_TABLE(GELU32_C4);
    GELU32_TABLE(GELU32_C5);
    GELU32_TABLE(GELU32_C6);
    const __m512i sign = _mm512_set1_epi32((int)0x80000000u);
    const __m512 half = _mm512_set1_ps(0.5f), one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
    const __m512 magic = _mm512_set1_ps(12582912.0f), ten = _mm512_set1_ps(10.0f);
    for (ptrdiff_t i = 0; i < n; i += 16) {
        __mmask16 live = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1u);
        __m512 v = _mm512_maskz_loadu_ps(live, x + i);
        __m512 av = _mm512_abs_ps(v);
        __m512 a = _mm512_min_ps(av, _mm512_set1_ps(15.9f)); /* a NaN becomes 15.9 here; v keeps it */
        __m512i k = _mm512_cvttps_epi32(_mm512_add_ps(a, a));
        __m512 s = _mm512_sub_ps(a, GELU32_PICK(GELU32_CENTER, k));
        __m512 g = _mm512_fmadd_ps(GELU32_PICK(GELU32_C6, k), s, GELU32_PICK(GELU32_C5, k));
        g = _mm512_fmadd_ps(g, s, GELU32_PICK(GELU32_C4, k));
        g = _mm512_fmadd_ps(g, s, GELU32_PICK(GELU32_C3, k));
        g = _mm512_fmadd_ps(g, s, GELU32_PICK(GELU32_C2, k));
        g = _mm512_fmadd_ps(g, s, GELU32_PICK(GELU32_C1, k));
        g = _mm512_fmadd_ps(g, s, GELU32_PICK(GELU32_C0, k));
        g = _mm512_min_ps(g, half);
        /* e^{−a²/2} = 2^{−n}·e^{r + rl} */
        __m512 p = _mm512_mul_ps(a, a);
        __m512 pl = _mm512_fmsub_ps(a, a, p);
        __m512 hp = _mm512_mul_ps(half, p);
        __m512 kf = _mm512_fmadd_ps(hp, _mm512_set1_ps(1.44269504f), magic);
        __m512 nf = _mm512_sub_ps(kf, magic);
        __m512 r = _mm512_fmsub_ps(nf, _mm512_set1_ps(0.693359375f), hp);
        __m512 rl = _mm512_fnmadd_ps(half, pl, _mm512_mul_ps(nf, _mm512_set1_ps(-2.12194440e-4f)));
        r = _mm512_add_ps(r, rl);
        __m512 m = _mm512_fmadd_ps(r, _mm512_set1_ps(1.0f / 5040.0f), _mm512_set1_ps(1.0f / 720.0f));
        m = _mm512_fmadd_ps(m, r, _mm512_set1_ps(1.0f / 120.0f));
        m = _mm512_fmadd_ps(m, r, _mm512_set1_ps(1.0f / 24.0f));
        m = _mm512_fmadd_ps(m, r, _mm512_set1_ps(1.0f / 6.0f));
        m = _mm512_fmadd_ps(m, r, half);
        m = _mm512_fmadd_ps(m, r, one);
        m = _mm512_mul_ps(m, r);
        /* x·Φ(−a)·2^n; beyond a = 14.75 (and at ±inf) a zero of x's sign */
        __m512 t1 = _mm512_mul_ps(v, g);
        __m512 t1l = _mm512_fmsub_ps(v, g, t1);
        __m512 xp = _mm512_add_ps(t1, _mm512_fmadd_ps(t1, m, _mm512_fmadd_ps(t1l, m, t1l)));
        __m512i vsign = _mm512_and_si512(_mm512_castps_si512(v), sign);
        xp = _mm512_mask_mov_ps(xp, _mm512_cmp_ps_mask(av, _mm512_set1_ps(14.75f), _CMP_GT_OQ),
                                _mm512_castsi512_ps(vsign));
        xp = _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(xp), vsign)); /* −0 at −0 */
        xp = _mm512_scalef_ps(xp, _mm512_sub_ps(zero, nf)); /* ·2^{−n}, rounded once if subnormal */
        __m512 res = _mm512_mask_sub_ps(xp, _mm512_cmp_ps_mask(v, zero, _CMP_GT_OQ), v, xp);
        if (cap) res = _mm512_mask_mov_ps(res, _mm512_cmp_ps_mask(res, ten, _CMP_GT_OQ), ten);
        _mm512_mask_storeu_ps(y + i, live, res);
    }
}
#define GELU32_FAST 1
#endif

#ifdef GELU32_FAST
static int gelu32_avx512_here(void) {
    __builtin_cpu_init(); /* idempotent; the CPU model may not be read yet when first called */
    return __builtin_cpu_supports("avx512f");
}
#endif

/* the float32 GELU (cap: gelu_10's min(gelu, 10)) by the AVX-512 loop where the CPU has it, else
 * by the float64 loop */
static void gelu32(const float *restrict x, float *restrict y, ptrdiff_t n, const double *restrict p, int cap) {
#ifdef GELU32_FAST
    if (gelu32_avx512_here()) {
        gelu32_avx512(x, y, n, cap);
        return;
    }
#endif
    (cap ? gelu_10_wide_f32 : gelu_erf_wide_f32)(x, y, n, p);
}

static void gelu_erf_f32(const float *restrict x, float *restrict y, ptrdiff_t n, const double *restrict p) {
    gelu32(x, y, n, p, 0);
}

static void gelu_10_f32(const float *restrict x, float *restrict y, ptrdiff_t n, const double *restrict p) {
    gelu32(x, y, n, p, 1);
}

#define gelu_erf_f64 gelu_erf_wide_f64 /* float64 has no loop of its own */
#define gelu_10_f64 gelu_10_wide_f64

FAST_KERNEL(gelu_erf_d1, GELU_ERF_D1_BODY)

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
    /* the float64 loops the float32 GELU falls back to without AVX-512 (for the tests) */
    FAST_ENTRY(gelu_erf_wide, 0), FAST_ENTRY(gelu_10_wide, 0),
    {NULL, 0, NULL, NULL},
};
