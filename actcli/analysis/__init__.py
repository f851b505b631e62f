"""Numbers about activations, never sentences: derive reports, comparison profiles, zones of a
vanishing gradient, and independent checks of every derivative (numpy only)."""
