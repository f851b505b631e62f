"""Shell completion of SPEC arguments: activation names and aliases, then ``NAME:`` completes to
the activation's parameter keys (``leaky<TAB>`` → ``leaky_relu``, ``leaky_relu:<TAB>`` →
``leaky_relu:negative_slope=``). Typer installs the scripts for bash, zsh and fish
(``actcli --install-completion``, or ``actcli --show-completion`` to print the one for the shell it runs in)."""

from __future__ import annotations


def complete_spec(incomplete: str) -> list[str]:
    """Completions of a partly typed SPEC (never an error: a shell must not see a traceback)."""
    try:
        from actcli.api import registry

        reg = registry()
        name, sep, rest = incomplete.partition(":")
        if not sep:
            found = {r.name for r in reg.records() if r.name.startswith(name)}
            found |= {a for r in reg.records() for a in r.aliases if a.startswith(name)}
            return sorted(found)
        record = reg.lookup(name)
        done, _, current = rest.rpartition(",")
        head = f"{name}:{done}," if done else f"{name}:"
        used = {item.partition("=")[0].strip() for item in done.split(",") if item}
        if "=" in current:
            key = current.partition("=")[0]
            choices = next((p.choices for p in record.params if p.name == key), ())
            value = current.partition("=")[2]
            return [f"{head}{key}={c}" for c in choices if c.startswith(value)]
        return [f"{head}{p.name}=" for p in record.params if p.name.startswith(current) and p.name not in used]
    except Exception:  # noqa: BLE001  (an unknown name, a half-typed expression: nothing to offer)
        return []
