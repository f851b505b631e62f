"""``actcli precision`` in words, JSON and a figure (the numbers come from analysis.precision)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from actcli.i18n import N_, _
from actcli.present.fonts import for_figures
from actcli.present.numbers import label, num

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from actcli.analysis.precision import DtypePrecision, FormError, Precision, Side

PRIME = ("f", "f′")
FORM_WIDTH = 25


def _ulp(v: float) -> str:
    if v >= 1e4:
        return f"{v:.1e}".replace("e+", "e")
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def _side(side: Side, what: str) -> str:
    """'0 for x ≤ −11.09, x ≥ 7.625' — or '' when it never happens. ``what`` is a template with
    ``{where}``: ``"0 for {where}"``, ``"overflows for {where}"``."""
    parts = []
    if side.neg is not None:
        parts.append(f"x ≤ {num(-side.neg, 5)}")
    if side.pos is not None:
        parts.append(f"x ≥ {num(side.pos, 5)}")
    return _(what).format(where=", ".join(parts)) if parts else ""


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal cells (a CJK character takes two)."""
    from rich.cells import cell_len

    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


#: the forms the analysis measures, as the table and the figure name them ("actcli" and "torch" are names)
FORMS = {"textbook": N_("textbook")}


def _form(form: str) -> str:
    return _(FORMS[form]) if form in FORMS else form


def _form_name(fe: FormError) -> str:
    from rich.cells import cell_len, set_cell_size

    name = _("(as shipped)") if fe.form == "actcli" else fe.label
    return name if cell_len(name) <= FORM_WIDTH else set_cell_size(name, FORM_WIDTH - 1).rstrip() + "…"


def _where(fe: FormError) -> str:
    parts = [p for p in (_side(fe.flushed, N_("0 for {where}")), _side(fe.overflowed, N_("inf for {where}"))) if p]
    return _("; ").join(parts) if parts else "—"


def _dtype_lines(d: DtypePrecision) -> list[str]:
    from rich.cells import cell_len

    if d.dtype in ("float16", "bfloat16"):
        head = _("{dtype} · every finite value ({n} values)")
    else:
        head = _("{dtype} · a sample ({n} values)")
    lines = [head.format(dtype=d.dtype, n=f"{d.points:,}")]
    exact_f = [p for p in (_side(d.f_overflows, N_("overflows for {where}")),
                           _side(d.f_underflows, N_("rounds to 0 for {where}"))) if p]
    lines.append("  " + _("exact f: {what}").format(
        what=_("; ").join(exact_f) if exact_f else _("never overflows or rounds to 0")))
    d1 = _side(d.d1_underflows, N_("rounds to 0 for {where}"))
    lines.append("  " + _("exact f′: {what}").format(what=d1 if d1 else _("never rounds to 0")))
    width = max([8] + [cell_len(_form(fe.form)) for fe in d.forms])
    lines.append(f"  {'':3} {pad(_('form'), width)} {pad(_('written as'), FORM_WIDTH)} {pad(_('max ULP'), 8, True)}  "
                 + _("returns 0 or inf"))
    for fe in d.forms:
        head = (f"  {PRIME[fe.order]:<3} {pad(_form(fe.form), width)} {pad(_form_name(fe), FORM_WIDTH)} "
                f"{_ulp(fe.max_ulp):>8}")
        line = f"{head}  {_where(fe)}"
        if cell_len(line) > 80:  # the regions go on a line of their own
            line = f"{head}\n{'':>{width + 7}}{_where(fe)}"
        lines.append(line)
    return lines


def text(p: Precision) -> str:
    """The report for the terminal: one block per dtype."""
    head = [
        _("{name}: precision of f and f′ by dtype").format(name=label(p.act)),
        _("reference: {reference}").format(reference=_(p.reference)),
        # one paragraph, broken where an 80-column terminal breaks it (a translation breaks its own)
        _("max ULP: the largest error in units in the last place, where the result is\n"
          "neither 0 nor inf; on the right, from where a form returns 0 or inf although\n"
          "the exact value is a non-zero, finite number of the dtype."),
    ]
    if p.torch is None:
        head.append(_("torch is not installed here: its CPU implementation is not measured."))
    blocks = ["\n".join(_dtype_lines(d)) for d in p.dtypes]
    return "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n"


def data(p: Precision) -> dict[str, Any]:
    """``--json``: built by :func:`actcli.present.data.precision`, in the shared JSON vocabulary."""
    from actcli.present.data import precision

    return precision(p)


COLORS = {"actcli": "#0072B2", "textbook": "#D55E00", "torch": "#009E73"}


@for_figures
def figure(p: Precision) -> Figure:
    """|error| in ULP against x (|x| ≤ 100, symmetric-log axis), f above f′, one column per dtype;
    results flushed to 0 or overflowed to inf drawn on the top edge."""
    from matplotlib.figure import Figure

    cols = len(p.dtypes)
    width = max(7.2, 3.0 * cols)
    fig = Figure(figsize=(width, 5.6))
    axes = fig.subplots(2, cols, squeeze=False, sharex=True)
    ceiling = 1e9
    for j, d in enumerate(p.dtypes):
        for order in (0, 1):
            ax = axes[order][j]
            for fe in sorted((f for f in d.forms if f.order == order), key=lambda f: f.form != "textbook"):
                if not fe.errors:
                    continue
                xs = [x for x, _ in fe.errors]
                ys = [min(max(e, 1e-3), ceiling) if math.isfinite(e) else ceiling for _, e in fe.errors]
                name = "actcli" if fe.form == "actcli" else f"{_form(fe.form)}: {fe.label}"
                ax.scatter(xs, ys, s=2, color=COLORS[fe.form], label=name, rasterized=True, linewidths=0)
            ax.set_xscale("symlog", linthresh=1.0)
            ax.set_yscale("log")
            ax.set_ylim(1e-3, ceiling * 3)
            ax.axhline(0.5, color="0.5", linewidth=0.6, linestyle=":")
            ax.grid(True, alpha=0.3, linewidth=0.5)
            if j == 0:
                ax.set_ylabel(_("{f}: |error| in ULP").format(f=PRIME[order]))
            if order == 0:
                ax.set_title(d.dtype, fontsize=10)
            else:
                ax.set_xlabel("x")
            ax.set_xticks([-100, -10, -1, 0, 1, 10, 100], ["−100", "−10", "−1", "0", "1", "10", "100"], fontsize=7)
            ax.tick_params(axis="y", labelsize=7)
    handles, labels = [], []
    for ax in axes.flat:  # every form that was drawn anywhere, once
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncol=max(1, len(labels)), fontsize=8, markerscale=5, frameon=False)
    fig.suptitle(_("{name}: error of f and f′ per dtype, |x| ≤ 100 (top edge: flushed to 0 or inf; dotted: ½ ULP)")
                 .format(name=label(p.act)), fontsize=9)
    fig.subplots_adjust(left=0.75 / width, right=1 - 0.1 / width, top=0.9, bottom=0.16, wspace=0.3, hspace=0.15)
    return fig


#: the analysis's names for the reference a precision table is measured against (analysis/precision.py),
#: marked here for the catalogue: the table shows them translated, JSON as they are
REFERENCES = (
    N_("mpmath for float64 (40+ digits), actcli's float64 for the rest"),
    N_("actcli's float64 values (exact for this piecewise-linear function)"),
)
