"""ASCII stand-ins for the Unicode actcli prints, for output encodings that cannot show it.

The CLI installs :func:`transliterate` as the error handler of stdout and stderr when their
encoding is not UTF (``PYTHONIOENCODING=ascii``, a latin-1 terminal): a character the encoding can
show is kept as it is, any other becomes its stand-in here (``x²`` → ``x^2``, ``−∞`` → ``-inf``,
``σ`` → ``sigma``), so every renderer writes Unicode once and no command fails on the encoding.
"""

from __future__ import annotations

import codecs
import unicodedata

HANDLER = "actcli.plain"

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁺": "+", "⁻": "-", "⁼": "=", "⁽": "(", "⁾": ")", "ⁿ": "n", "ⁱ": "i", "ˣ": "x", "ᵏ": "k", "ᵀ": "T",
}
_SUBSCRIPTS = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
    "₊": "+", "₋": "-", "ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₙ": "n",
}

#: one stand-in per character; anything else falls back to its decomposition, then to "?"
TABLE = {
    "−": "-", "–": "-", "—": "--", "‐": "-", "∞": "inf", "′": "'", "″": "''", "‴": "'''",
    "·": "*", "×": "x", "÷": "/", "±": "+/-", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "≡": "==",
    "→": "->", "←": "<-", "↔": "<->", "√": "sqrt", "∂": "d", "Σ": "Sum", "∑": "Sum", "∏": "Prod",
    "⊙": "(.)", "ℝ": "R", "ℓ": "l", "…": "...", "⟨": "<", "⟩": ">", "½": "1/2", "§": "S", "★": "*",
    "•": "*", "✓": "ok", "✗": "x", "°": "deg", "µ": "u", "‘": "'", "’": "'", "“": '"', "”": '"',
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "ζ": "zeta", "η": "eta",
    "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho",
    "σ": "sigma", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Φ": "Phi", "Δ": "Delta",
    "Γ": "Gamma", "Λ": "Lambda", "Ω": "Omega", "Ψ": "Psi",
    "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
    "┬": "+", "┴": "+", "┼": "+", "╭": "+", "╮": "+", "╰": "+", "╯": "+", "═": "=", "║": "|",
    "▏": "|", "█": "#", "░": ".", "▒": ":", "▓": "#",
}


def transliterate(text: str, encoding: str = "ascii") -> str:
    """``text`` with every character ``encoding`` cannot show replaced by its stand-in."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if _encodes(ch, encoding):
            out.append(ch)
            i += 1
            continue
        for marks, lead in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
            if ch in marks:  # a run of them becomes one group: x⁻¹ → x^-1
                j = i
                while j < len(text) and text[j] in marks and not _encodes(text[j], encoding):
                    j += 1
                out.append(lead + "".join(marks[c] for c in text[i:j]))
                i = j
                break
        else:
            out.append(_stand_in(ch))
            i += 1
    return "".join(out)


def _encodes(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _stand_in(ch: str) -> str:
    if ch in TABLE:
        return TABLE[ch]
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if bare and bare.isascii():
        return bare  # é → e, ŷ → y
    return "?"


def _handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    # the stand-ins are ASCII, which every encoding a terminal uses can show
    return transliterate(err.object[err.start:err.end], err.encoding), err.end


def register() -> str:
    """Register the codec error handler (idempotent) and return its name."""
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _handler)
    return HANDLER
