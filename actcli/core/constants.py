"""Constants shared across layers, each in one place (no imports: cheap for every command)."""

#: the x window analysed and drawn when none is given (as the PyTorch docs draw activations)
DEFAULT_RANGE: tuple[float, float] = (-7.0, 7.0)
#: |f′| below this share of sup |f′| counts as saturated ("effectively vanished")
SATURATION_FRACTION = 0.01
