"""The Typer application object and what every command shares: consoles, the error path, JSON
output and the common arguments. No maths here, and nothing heavy at import time."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, Optional, cast

import typer
import typer.core

from actcli import __version__
from actcli.cli.completion import complete_spec
from actcli.core.constants import DEFAULT_RANGE
from actcli.errors import EXIT_USAGE, ActcliError
from actcli.i18n import N_, _, reword

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from actcli.present.blocks import Block

#: every command → (its module under actcli.cli, the line ``actcli --help`` shows for it). The
#: help and the shell's command completion read this table, so a command's module is imported
#: only when that command runs; each module's decorator takes its line from here.
COMMANDS: dict[str, tuple[str, str]] = {
    "compare": ("compare", N_("Compare activations on the seed tutorial's six criteria.")),
    "derive": ("derive", N_("f and f′ as formulas, kinks and vanishing zones, verified.")),
    "export": ("export", N_("Write f with its analytic f′ as a torch, JAX or numpy module.")),
    "list": ("listing", N_("Every activation: name, kind, output range, aliases, parameters.")),
    "plot": ("plot", N_("Draw f and f′ (and f″) with kinks and vanishing zones marked.")),
    "precision": ("precision", N_("Where f and f′ lose their digits in each float dtype.")),
    "recommend": ("recommend", N_("Which activation for which layer and task, and why.")),
    "simulate": ("simulate", N_("Measure variance and gradients layer by layer in a deep network.")),
    "train": ("train", N_("Train small networks with each activation, over seeds.")),
}


def short_help(name: str) -> str:
    """The command's line in ``actcli --help`` (English: it is translated where it is shown)."""
    return COMMANDS[name][1]


class LazyCommands(MutableMapping[str, Any]):
    """The group's commands by name, each built (its module imported and its signature read by
    Typer) on first access: ``actcli recommend`` pays for one command, not nine."""

    def __init__(self, built: Mapping[str, Any]) -> None:
        self._built: dict[str, Any] = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            import importlib

            from typer.main import get_command_from_info, get_command_name

            importlib.import_module(f"actcli.cli.{COMMANDS[name][0]}")  # registers the command on app
            for info in app.registered_commands:
                if name == (info.name or get_command_name(info.callback.__name__ if info.callback else "")):
                    self._built[name] = get_command_from_info(
                        info, pretty_exceptions_short=app.pretty_exceptions_short,
                        rich_markup_mode=app.rich_markup_mode)
                    break
            else:
                raise KeyError(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._built.keys())

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built


class Group(typer.core.TyperGroup):
    """The ``actcli`` group: commands load on demand (:class:`LazyCommands`); ``--help`` and the
    completion of command names come from :data:`COMMANDS` without loading any."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = LazyCommands(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):  # the formatter translates the heading and the lines
            formatter.write_dl([(name, line) for name, (_module, line) in COMMANDS.items()])

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        from typer._click.core import Command as ClickCommand
        from typer._click.shell_completion import CompletionItem

        found: list[Any] = [CompletionItem(name, help=_(line)) for name, (_module, line) in COMMANDS.items()
                            if name.startswith(incomplete)]
        return found + ClickCommand.shell_complete(self, ctx, incomplete)  # the group's own options


app = typer.Typer(
    name="actcli",
    cls=Group,
    help=N_("Activation functions for neural networks: formulas, exact derivatives, plots, "
            "comparisons and recommendations."),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh and fish
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

def _install_formatter() -> None:
    from typer._click.core import Context

    from actcli.cli.translate import install

    install(Context)


_install_formatter()


class Command(typer.core.TyperCommand):
    """Usage lines as people write them: ``SPEC...`` for several, ``SPEC`` for one (Typer writes
    ``{SPEC}`` for both)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        variadic = {
            p.make_metavar(ctx, usage=True)
            for p in self.get_params(ctx)
            if isinstance(p, typer.core.TyperArgument) and p.nargs == -1
        }
        return [
            piece[1:-1] + ("..." if piece in variadic else "") if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


#: the command-line flag of each library argument an error can name
FLAGS = {
    "range": "--range", "points": "--points", "order": "--order", "at": "--at", "depth": "--depth",
    "width": "--width", "batch": "--batch", "seed": "--seed", "init": "--init", "task": "--task",
    "layer": "--layer", "symptom": "--symptom", "architecture": "--architecture", "format": "--format",
    "dpi": "--dpi", "dtype": "--dtype", "framework": "--framework",
}


class OutputLost(Exception):
    """Standard output is closed or cannot take more (a full disk, /dev/full): results were lost."""


class ReaderGone(Exception):
    """The reader of a pipe has closed it (``actcli … | head -1``): not an error, nothing to say.

    A broken pipe becomes this exception rather than staying a ``BrokenPipeError``, which rich and
    the argument parser would turn into exit code 1 on their own."""


class GuardedStream:
    """Standard output or error as the commands see it: a write that fails for any reason but a
    closed pipe raises :class:`OutputLost`, so the boundary can tell it from a bug. A stream that
    was closed before start-up (``>&-``) fails on its first write."""

    def __init__(self, stream: Any, name: str, closed: bool = False) -> None:
        self._stream = stream
        self._name = name
        self._closed = closed

    def write(self, text: str) -> int:
        if self._closed:
            if not text or self._name == "error":  # messages nobody can read are dropped
                return len(text)
            raise OutputLost(N_("standard output is closed"))  # standard error's are dropped above
        try:
            return int(self._stream.write(text))
        except OSError as err:
            return self._failed(err, len(text))

    def flush(self) -> None:
        if self._closed:
            return
        try:
            self._stream.flush()
        except OSError as err:
            self._failed(err, 0)

    def _failed(self, err: OSError, size: int) -> int:
        if self._name == "error":
            return size
        if isinstance(err, BrokenPipeError):
            raise ReaderGone() from None
        raise OutputLost(N_("cannot write to standard output: {reason}").format(reason=err.strerror or err)) from None

    def isatty(self) -> bool:
        return not self._closed and bool(self._stream.isatty())

    def __getattr__(self, name: str) -> Any:  # encoding, errors, fileno, ...
        if name == "buffer":  # the argument parser would write help bytes past this guard
            raise AttributeError(name)
        return getattr(self._stream, name)


def guard_streams() -> None:
    """Set up stdout and stderr once, at the boundary, for every command.

    - A closed stream (``>&-``) gets /dev/null on its descriptor, so that no file the command opens
      can take descriptor 1 or 2, and a writer that reports the loss on first use.
    - An encoding that cannot show Unicode (ascii, latin-1) keeps what it can show and writes the
      ASCII stand-ins of :mod:`actcli.present.plain` for the rest (``x^2``, ``-inf``, ``sigma``).
    """
    for fd, name in ((1, "stdout"), (2, "stderr")):
        stream = getattr(sys, name)
        if isinstance(stream, GuardedStream):
            continue
        closed = stream is None or _fd_closed(fd)
        if closed:
            devnull = os.open(os.devnull, os.O_WRONLY)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
            stream = open(fd, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the process
        else:
            encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
            if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
                from actcli.present.plain import register

                stream.reconfigure(errors=register())
        setattr(sys, name, GuardedStream(stream, "output" if fd == 1 else "error", closed))


def _fd_closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


#: MPLBACKEND as the user set it, when matplotlib would refuse it (it raises on import)
_BAD_BACKEND: list[str] = []


def set_backend_aside() -> None:
    """Take ``MPLBACKEND`` out of the environment when it names no backend matplotlib knows:
    written files never depend on it (figures are drawn by the format's own canvas), and
    ``plot --show`` reports it (:func:`check_window`) instead of matplotlib failing on import."""
    value = os.environ.get("MPLBACKEND")
    if value is None:
        return
    known = ("gtk3agg gtk3cairo gtk4agg gtk4cairo macosx nbagg notebook qtagg qtcairo qt5agg qt5cairo tkagg "
             "tkcairo webagg wx wxagg wxcairo agg cairo pdf pgf ps svg template inline ipympl widget").split()
    if value.lower() in known or value.startswith("module://"):
        return
    _BAD_BACKEND.append(value)
    del os.environ["MPLBACKEND"]


def skip_3d() -> None:
    """No actcli figure is 3-D, but importing matplotlib imports its 3-D toolkit
    (``mpl_toolkits.mplot3d``, about 27 ms) to register the "3d" projection, in a ``try`` that
    warns when the import fails. A command that may draw, in its own process, has it fail quietly
    instead; a library user's process is never touched (see the README's "Speed")."""
    if "matplotlib" in sys.modules or "mpl_toolkits.mplot3d" in sys.modules:
        return
    import warnings

    sys.modules["mpl_toolkits.mplot3d"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    warnings.filterwarnings("ignore", message="Unable to import Axes3D", category=UserWarning)


#: what the ``set()`` docstrings of matplotlib's artists say in a command's own process
PROPERTY_TABLE_SKIPPED = "Properties: not listed in actcli's command-line process (see help() in Python)."


def skip_property_tables() -> None:
    """Every Artist subclass matplotlib defines as it loads (some ninety: lines, patches, texts, axes,
    …) gets a ``set()`` whose docstring holds a table of its properties, which
    ``matplotlib.artist.kwdoc`` builds by inspecting every setter and parsing its docstring — about a
    seventh of ``plot relu``'s time, for text no command reads. In a command's own process (one
    that may draw), ``kwdoc`` writes one line instead; the figures are byte-identical, ``set()``
    keeps its signature, and a library user's process is never touched (see the README's "Speed").
    The replacement is made as ``matplotlib.artist`` loads, so a command that draws nothing (an
    error, ``--help``) imports no matplotlib for it."""
    if "matplotlib.artist" in sys.modules:
        return
    import importlib.abc
    from importlib.machinery import PathFinder

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
            if name != "matplotlib.artist":
                return None
            sys.meta_path.remove(self)
            spec = PathFinder.find_spec(name, path)
            loader = getattr(spec, "loader", None)
            run = getattr(loader, "exec_module", None)
            if loader is None or run is None:  # not a plain module file: leave matplotlib as it is
                return spec

            def exec_module(module: Any) -> None:
                run(module)
                if callable(getattr(module, "kwdoc", None)):
                    module.kwdoc = lambda artist: PROPERTY_TABLE_SKIPPED

            loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Finder())


def check_window() -> None:
    """``plot --show`` needs an interactive backend with a display: fail with a hint otherwise,
    before any drawing (matplotlib would fall back to a file backend and only warn)."""
    from actcli.errors import OutputError

    hint = N_("write an image with -o FILE")
    if _BAD_BACKEND:
        raise OutputError(N_("MPLBACKEND={value} is not a matplotlib backend").format(value=repr(_BAD_BACKEND[0])),
                          hint=hint)
    import matplotlib

    backend = matplotlib.get_backend()  # resolves the automatic choice: agg when no window can open
    if backend.lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or ""
        if display:
            message = N_("cannot open a window on display {display}: matplotlib's backend is {backend}").format(
                display=repr(display), backend=repr(backend))
        else:
            message = N_("cannot open a window: matplotlib's backend is {backend}").format(backend=repr(backend))
        raise OutputError(message, hint=hint)


def plain() -> bool:
    """NO_COLOR (https://no-color.org) set: no ANSI styling at all, not even bold."""
    return bool(os.environ.get("NO_COLOR"))


def stdout() -> Console:
    from rich.console import Console  # not on the plot path, which prints one line

    # a pipe: no trailing blanks on table lines
    out: IO[str] = sys.stdout
    if not sys.stdout.isatty():
        from actcli.present.terminal import TrimmedLines

        out = cast("IO[str]", TrimmedLines(sys.stdout))
    console = Console(file=out, soft_wrap=False, color_system=None if plain() else "auto")
    encoding = console.encoding.replace("_", "-")
    if encoding.startswith("utf"):
        return console

    class NarrowConsole(Console):
        """Lays out the ASCII stand-ins themselves (``[0, inf)``), so that tables stay aligned
        when the encoding cannot show ``[0, ∞)``."""

        def print(self, *objects: Any, **kwargs: Any) -> None:
            super().print(*(narrow(o, encoding) for o in objects), **kwargs)

    return NarrowConsole(file=out, soft_wrap=False, color_system=None if plain() else "auto")


def narrow(item: Any, encoding: str) -> Any:
    """``item`` (a string, rich Text, Padding, Table or a Group of them) with every character ``encoding`` cannot
    show replaced by its ASCII stand-in, before rich measures it."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from actcli.present.plain import transliterate

    if isinstance(item, Group):
        return Group(*(narrow(r, encoding) for r in item.renderables), fit=item.fit)
    if isinstance(item, str):
        return transliterate(item, encoding)
    if isinstance(item, Text):
        copy = item.copy()
        copy.plain = transliterate(item.plain, encoding)
        return copy
    if isinstance(item, Padding):
        item.renderable = narrow(item.renderable, encoding)
        return item
    if isinstance(item, Table):
        item.title = narrow(item.title, encoding) if item.title is not None else None
        for column in item.columns:
            column.header = narrow(column.header, encoding)
            column._cells = [narrow(cell, encoding) for cell in column._cells]  # rich has no public setter
        return item
    return item


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False, color_system=None if plain() else "auto")


def show(items: list[RenderableType]) -> None:
    """Print ``items`` one below the other, in one call (one render pass, not one per item)."""
    from rich.console import Group

    stdout().print(Group(*items), crop=False)  # tables and text fit the width already; LaTeX lines must not be cut


def show_blocks(items: list[Block]) -> None:
    """Print plain blocks: to a pipe as rich would lay them out, without importing rich's console
    (:func:`actcli.present.plain.block_lines`); at a terminal, or where that writer declines, by rich."""
    from actcli.i18n import language
    from actcli.present import plain

    if language() == "en" and not sys.stdout.isatty():  # Chinese wraps between characters: rich does it
        width = plain.terminal_width(sys.stdout)
        lines = plain.block_lines(items, width) if width is not None else None
        if lines is not None:
            sys.stdout.write("".join(line + "\n" for line in lines))
            return
    from actcli.present.terminal import rich_blocks

    show(rich_blocks(items))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one ``Error:`` line on stderr and exit (``message`` is in the user's language)."""
    from actcli.cli.translate import error_line

    stderr().print(error_line(message), markup=False)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """A ``warning: …`` line on stderr; the command goes on (``message`` is in the user's language)."""
    from actcli.cli.translate import warning_line

    stderr().print(warning_line(message), markup=False)


def in_cli_terms(err: ActcliError, flags: Mapping[str, str] = FLAGS) -> str:
    """The library's message with the command-line flag it is about: ``--order must be 1 or 2``,
    message and hint in the user's language (the library writes them in English)."""
    text = reword(err.message)
    option = err.option or ""
    flag = flags.get(option)
    if flag is not None:
        follows = text[len(option):len(option) + 1]
        if text.startswith(option) and follows and not (follows.isalnum() or follows in "_-"):
            text = flag + text[len(option):]
        else:
            text = _("{flag}: {message}").format(flag=flag, message=text)
    if err.hint:
        return _("{message} ({hint})").format(message=text, hint=reword(err.hint))
    return text


def usage_error_line(message: str, command: str | None) -> str:
    """The argument parser's message as one ``Error:`` line with a hint.

    ``No such option: --foo Did you mean --format?`` → ``Error: no such option: --foo (did you mean
    --format? run 'actcli compare --help' for usage)``.
    """
    from actcli.cli.translate import error_line

    text = " ".join(message.split()).rstrip(".")
    hint = (_("run 'actcli {command} --help' for usage").format(command=command) if command
            else _("run 'actcli --help' for the commands"))
    for marker in (" Did you mean", " (Possible options:"):
        at = text.find(marker)
        if at >= 0:
            extra = text[at:].strip(" ()")
            extra = reword(extra[0].lower() + extra[1:])
            hint = _("{suggestion} {hint}" if extra.endswith(("?", "？")) else "{suggestion}; {hint}").format(
                suggestion=extra, hint=hint)
            text = text[:at].rstrip(".")
            break
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    return error_line(reword(text), hint)


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Turn an expected :class:`ActcliError` into ``Error: …`` and its exit code."""
    try:
        yield
    except ActcliError as err:
        fail(in_cli_terms(err), err.exit_code)


@contextmanager
def progress_bar(label: str, total: int, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A callback that advances a progress bar on stderr, or None when not ``enabled``. The bar
    appears with the first step, so a request the library refuses before any work shows none."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress, TaskID

    bar = Progress(console=stderr(), transient=True)
    task: list[TaskID] = []

    def step(n: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task(label, total=total))
        bar.advance(task[0], n)

    try:
        yield step
    finally:
        if task:
            bar.stop()


def busy(message: str) -> AbstractContextManager[None]:
    """A spinner on stderr while the block runs, when stderr is a terminal (see
    :func:`actcli.present.terminal.busy`); in a pipe neither rich nor the renderer is imported."""
    forced = any(os.environ.get(v) for v in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"))
    if not forced and not sys.stderr.isatty():
        return nullcontext()
    from actcli.present.terminal import busy as spinner

    return spinner(stderr(), message)


def print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"actcli {__version__}\n")
        raise typer.Exit()


def _language(value: Optional[str]) -> None:
    """``--lang`` given to the app itself (as in tests); the console script takes it out of the
    arguments before parsing (:func:`actcli.cli.translate.take_language`), wherever it stands."""
    if value is None:
        return
    from actcli import i18n

    if i18n.normalise(value) is None:
        raise typer.BadParameter(_("{value} is not a language actcli has: one of {choices}").format(
            value=repr(value), choices=", ".join(i18n.LANGUAGES)))
    i18n.set_language(value)


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version and exit.")),
    ] = None,
    lang: Annotated[
        Optional[str],
        typer.Option("--lang", metavar="zh|en", callback=_language, is_eager=True, expose_value=False,
                     help=N_("The language to write in, before or after the command: zh or en. Default: "
                             "ACTCLI_LANG, else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).")),
    ] = None,
) -> None:
    """Activation functions for neural networks: formulas, exact derivatives, plots,
    comparisons and recommendations."""


SpecArg = Annotated[
    str,
    typer.Argument(
        metavar="SPEC",
        autocompletion=complete_spec,
        help=N_("An activation name or alias, with parameters as NAME:key=value "
        "(leaky_relu:negative_slope=0.2; see 'actcli list'), or an expression in x ('x*tanh(softplus(x))')."),
        show_default=False,
    ),
]
RangeOpt = Annotated[
    tuple[float, float],
    typer.Option("--range", metavar="MIN MAX", help=N_("The x range to analyse or draw.")),
]
OrderOpt = Annotated[int, typer.Option("--order", min=1, max=2, metavar="1|2", help=N_("1 for f′, 2 for f″."))]
JsonOpt = Annotated[bool, typer.Option("--json", help=N_("Print JSON."))]
DEFAULT_X_RANGE = DEFAULT_RANGE
