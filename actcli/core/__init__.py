"""The core: records, the bound activation, the registry and shared numerics (numpy only).

Nothing here imports typer, rich, matplotlib or sympy, and nothing here writes sentences.
"""
