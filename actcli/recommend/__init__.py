"""Which activation to use: the selection rules as data, and the small engine that filters them."""
