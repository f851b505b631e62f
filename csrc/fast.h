/* Compiled f and f′ loops for the activations whose numpy chains cannot reach PyTorch's speed
 * (numpy has no vectorised erf, and its float64 sin and cos are scalar libm calls).
 *
 * Each kernel is written once, as an inline function of one double; FAST_KERNEL turns it into a
 * float32 loop (widened, computed in float64, rounded once: within float32's half ulp plus
 * float64's error) and a float64 loop. On x86-64 with glibc, the loops are vectorised, and calls
 * to exp, erfc, sin, ... go to glibc's vector math library (libmvec); each loop is compiled for
 * x86-64-v4 (AVX-512), x86-64-v3 (AVX2 and FMA) and the baseline, chosen by the CPU at load time
 * (the baseline calls libm for fma: correct, slower). Elsewhere they are plain loops.
 * The numpy kernels in actcli/catalogue stay the reference and the fallback: the tests hold both
 * to the same mpmath bars. */
#ifndef ACTCLI_FAST_H
#define ACTCLI_FAST_H

#include <math.h>
#include <stddef.h>

typedef void (*fast_loop_f32)(const float *x, float *y, ptrdiff_t n, const double *p);
typedef void (*fast_loop_f64)(const double *x, double *y, ptrdiff_t n, const double *p);

typedef struct {
    const char *name;    /* the Python kernel's name, e.g. "hardswish_d1" */
    int nparams;         /* how many parameters it takes, in the order the Python side passes */
    fast_loop_f32 f32;
    fast_loop_f64 f64;
} fast_kernel;

#if defined(__x86_64__) && defined(__GLIBC__) && defined(__GNUC__) && !defined(__clang__)
/* glibc's libmvec has these for SSE4, AVX2 and AVX-512 (glibc ≥ 2.35 for erf, erfc, tanh, log1p,
 * expm1; 2.22 for the rest). Declaring them lets the compiler call the vector variants. */
#pragma omp declare simd notinbranch
double exp(double);
#pragma omp declare simd notinbranch
double expm1(double);
#pragma omp declare simd notinbranch
double log1p(double);
#pragma omp declare simd notinbranch
double log(double);
#pragma omp declare simd notinbranch
double tanh(double);
#pragma omp declare simd notinbranch
double erf(double);
#pragma omp declare simd notinbranch
double erfc(double);
#pragma omp declare simd notinbranch
double sin(double);
#pragma omp declare simd notinbranch
double cos(double);
#if __GNUC__ >= 12 /* x86-64-v3 and v4 as target_clones */
#define FAST_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define FAST_CLONES
#endif
#else
#define FAST_CLONES
#endif

#define FAST_PRAGMA(x) _Pragma(#x)

/* a helper of a kernel body: always inlined, so that the loop around it vectorises */
#define FAST_INLINE static inline __attribute__((always_inline))

/* Every element goes through the same vector code: the loop runs in groups of FAST_LANES (a
 * multiple of every vector width), and the last, partial group is copied into a zero-padded group
 * and run the same way. A vectorised loop's scalar remainder would call the scalar exp, erfc, ...,
 * whose last bit can differ from the vector one's: an element's result would then depend on its
 * position in the array. */
#define FAST_LANES 16
#define FAST_LOOP(loop, T, one)                                                                   \
    FAST_CLONES static void loop(const T *restrict x, T *restrict y, ptrdiff_t n,                 \
                                 const double *restrict p) {                                      \
        size_t full = (size_t)n / FAST_LANES, rest = (size_t)n % FAST_LANES;                      \
        T bx[FAST_LANES] = {0}, by[FAST_LANES];                                                   \
        for (size_t g = 0; g < full + (rest != 0); g++) {                                         \
            const T *gx = x + g * FAST_LANES;                                                     \
            T *gy = y + g * FAST_LANES;                                                           \
            if (g == full) { /* the partial group, zero-padded */                                 \
                for (size_t j = 0; j < rest; j++) bx[j] = gx[j];                                  \
                gx = bx;                                                                          \
                gy = by;                                                                          \
            }                                                                                     \
            FAST_PRAGMA(omp simd)                                                                 \
            for (int j = 0; j < FAST_LANES; j++) gy[j] = (T)one((double)gx[j], p);                \
        }                                                                                         \
        for (size_t j = 0; j < rest; j++) y[full * FAST_LANES + j] = by[j];                       \
    }

/* FAST_KERNEL(name, body): `body` computes the result from `double v` (and `const double *p`, the
 * parameters) and returns it. Branches should be written as selections (a ? b : c) on values
 * computed for every element, so that the loop vectorises. */
#define FAST_KERNEL(name, body)                                                                   \
    FAST_INLINE double name##_one(double v, const double *restrict p) {                           \
        (void)p;                                                                                  \
        body                                                                                      \
    }                                                                                             \
    FAST_LOOP(name##_f32, float, name##_one)                                                      \
    FAST_LOOP(name##_f64, double, name##_one)

/* FAST_KERNEL2(name, body32, body64): as FAST_KERNEL, with a float32 body of its own (still given
 * the float32 value widened to `double v`; its result is rounded once to float32): for a kernel
 * whose float32 result needs less than float64's accuracy and can be computed faster. */
#define FAST_KERNEL2(name, body32, body64)                                                        \
    FAST_INLINE double name##_one32(double v, const double *restrict p) {                         \
        (void)p;                                                                                  \
        body32                                                                                    \
    }                                                                                             \
    FAST_INLINE double name##_one(double v, const double *restrict p) {                           \
        (void)p;                                                                                  \
        body64                                                                                    \
    }                                                                                             \
    FAST_LOOP(name##_f32, float, name##_one32)                                                    \
    FAST_LOOP(name##_f64, double, name##_one)

#define FAST_ENTRY(name, nparams) {#name, nparams, name##_f32, name##_f64}

/* Each group's table ends with an entry whose name is NULL. */
extern const fast_kernel FAST_PIECEWISE[];  /* piecewise.c: hardsigmoid, hardswish, hardshrink */
extern const fast_kernel FAST_RECTIFIERS[]; /* rectifiers.c: leaky_relu, softshrink, elish, smish, bent_identity, gaussian */
extern const fast_kernel FAST_ERF[];        /* erf.c: the exact GELU, gelu_10, laplace, serf */
extern const fast_kernel FAST_PERIODIC[];   /* periodic.c: sine, snake */
extern const fast_kernel FAST_LOGISTIC[];   /* logistic.c: sigmoid, tanh′, silu, quick_gelu, tanhshrink, squareplus */
extern const fast_kernel FAST_TANH_FORMS[]; /* tanh_forms.c: the tanh GELU, gelu_new, gelu_fast, telu, logish */

#endif
