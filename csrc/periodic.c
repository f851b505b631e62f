/* Kernels built on sin and cos: sine, snake. */
#include "fast.h"

const fast_kernel FAST_PERIODIC[] = {
    {NULL, 0, NULL, NULL},
};
