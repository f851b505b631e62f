"""The one thing pyproject.toml cannot declare without a warning: the compiled loops.

They are optional. Where they do not build (no C compiler, no glibc vector math library), the
install goes on and actcli runs its numpy kernels; csrc/fast.h says which kernels and why.
"""

import platform
import sys

from setuptools import Extension, setup

# glibc's vector maths on x86-64 Linux (the loops call its exp, erf, sin, ... variants there);
# elsewhere the loops are plain, with libm's functions
GLIBC_X86_64 = sys.platform == "linux" and platform.machine() in ("x86_64", "AMD64") and platform.libc_ver()[0] == "glibc"

setup(
    ext_modules=[
        Extension(
            "actcli._fast",
            sources=["csrc/module.c", "csrc/piecewise.c", "csrc/rectifiers.c", "csrc/erf.c", "csrc/periodic.c", "csrc/logistic.c", "csrc/tanh_forms.c"],
            depends=["csrc/fast.h"],
            include_dirs=["csrc"],
            extra_compile_args=["-O3", "-fopenmp-simd", "-fno-math-errno", "-fno-trapping-math"],
            libraries=["mvec", "m"] if GLIBC_X86_64 else ["m"],
            optional=True,
        )
    ]
)
