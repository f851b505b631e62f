"""The one thing pyproject.toml cannot declare without a warning: the compiled loops.

They are optional. Where they do not build (no C compiler, no glibc vector math library), the
install goes on and actcli runs its numpy kernels; csrc/fast.h says which kernels and why.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "actcli._fast",
            sources=["csrc/module.c", "csrc/piecewise.c", "csrc/rectifiers.c", "csrc/erf.c", "csrc/periodic.c", "csrc/logistic.c", "csrc/tanh_forms.c"],
            depends=["csrc/fast.h"],
            include_dirs=["csrc"],
            extra_compile_args=["-O3", "-fopenmp-simd", "-fno-math-errno", "-fno-trapping-math"],
            libraries=["mvec", "m"],
            optional=True,
        )
    ]
)
