"""Networks built from activations: initialisation and the deep-network simulation (numpy only)."""
