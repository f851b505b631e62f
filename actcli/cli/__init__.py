"""The ``actcli`` command line: parse, call the library, hand the result to the presentation
layer, translate errors. One module per command; no maths here.

A command's module is imported only when that command runs (:class:`actcli.cli.app.Group`), and
each imports what it needs inside its body, so that ``actcli recommend`` never pays for numpy,
matplotlib or the other commands. Results go to stdout; errors go to stderr as one ``Error: …`` line with exit
code 2 (usage) or 1 (runtime). :func:`run` is the one boundary where the argument parser's errors,
closed pipes, lost output, interrupts and signals become exit codes (see the README's "Errors,
exit codes and files").
"""

from __future__ import annotations

import os
import sys

try:
    from actcli.cli.app import OutputLost, ReaderGone, app, guard_streams, usage_error_line
    from actcli.present.files import Signalled
except KeyboardInterrupt:  # Ctrl-C while starting up: the conventional exit code, no traceback
    raise SystemExit(130) from None

__all__ = ["app", "main", "run"]

EXIT_INTERRUPTED = 130  # 128 + SIGINT


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: exits with :func:`run`'s code through the interpreter's normal
    shutdown (atexit handlers included). The process is actcli's own, so a command that may draw
    also spares matplotlib work no command uses (:func:`actcli.cli.app.skip_3d`,
    :func:`actcli.cli.app.skip_property_tables`)."""
    sys.exit(run(argv, own_process=True))


def run(argv: list[str] | None = None, *, own_process: bool = False) -> int:
    """Run one command line and return its exit code (``own_process``: the process is the
    command's alone, as for :func:`main`; a caller's process is left as it was).

    - 0: success, also when the reader of a pipe stops early (``actcli derive relu | head -1``);
    - 1: a runtime failure, including output that was lost because stdout is closed (``>&-``) or
      full (``>/dev/full``);
    - 2: a usage mistake, from the argument parser too (one ``Error:`` line with a hint, never
      Click's four-line usage block);
    - 130 on Ctrl-C, 128 + N when signal N (SIGTERM, SIGHUP) ends a file being written.
    """
    import gc

    thresholds = gc.get_threshold()
    gc.set_threshold(START_UP_GC, *thresholds[1:])
    try:
        return _run(argv, own_process)
    finally:
        gc.set_threshold(*thresholds)


#: objects allocated between two collections of the youngest generation while a command runs
#: (Python's default is 700). Start-up allocates some 50,000 (derive) to 130,000 (plot) objects that
#: live as long as the process — modules, numpy's and matplotlib's classes and functions — and with
#: the default the collector runs over a hundred times meanwhile (plot: 183 times, one of them
#: over every object) to find about 2,000 objects of garbage. A command still collects its
#: cycles, every 250,000 allocations; memory at the peak is the same to within 1 MB.
START_UP_GC = 250_000


def _run(argv: list[str] | None, own_process: bool) -> int:
    guard_streams()
    args = sys.argv[1:] if argv is None else list(argv)
    from actcli.cli.translate import LanguageError, language_error_line, take_language

    try:  # first of all, so that every help text and message is in the chosen language
        args = take_language(args)
    except LanguageError as err:
        _error(language_error_line(err))
        return 2
    _readable_language()
    from actcli.present.files import signals_raise

    with signals_raise():  # SIGTERM and SIGHUP unwind like Ctrl-C: temporary files and dirs go
        scratch = _matplotlib_environment(own_process) if _may_draw(args) else None
        try:
            code = _invoke(args)
        finally:
            if scratch is not None:
                import shutil

                shutil.rmtree(scratch, ignore_errors=True)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ReaderGone):
        _silence(1)
    except OutputLost as lost:
        _silence(1)
        if code == 0:
            _error(_lost_line(lost))
            code = 1
    return code


def _invoke(args: list[str]) -> int:
    import typer
    from typer._click import exceptions as click
    from typer.main import get_command

    command = get_command(app)
    if os.environ.get("_ACTCLI_COMPLETE"):  # the shell asks for completions: the parser's own protocol
        try:
            command.main(args, prog_name="actcli")
        except SystemExit as done:
            return done.code if isinstance(done.code, int) else 0
        return 0
    try:
        with command.make_context("actcli", args) as ctx:
            command.invoke(ctx)
        return 0
    except click.NoArgsIsHelpError as exc:  # bare `actcli`: the help, on stdout, as `--help` would
        sys.stdout.write(exc.format_message() + "\n")
        return 0
    except click.UsageError as exc:
        name = exc.ctx.info_name if exc.ctx is not None and exc.ctx.parent is not None else None
        _error(usage_error_line(exc.format_message(), name))
        return 2
    except click.ClickException as exc:
        from actcli.cli.translate import error_line, parser_message

        _error(error_line(parser_message(exc.format_message())))
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return 1
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except (BrokenPipeError, ReaderGone):  # the reader has all it wanted
        _silence(1)
        return 0
    except OutputLost as lost:
        _silence(1)
        _error(_lost_line(lost))
        return 1
    except Signalled as exc:
        return exc.exit_code
    except Exception:
        from actcli.present.files import RECEIVED

        if not RECEIVED:
            raise  # a bug: allowed to surface
        # the signal arrived inside an extension's import, which reports it as an ImportError
        return 128 + RECEIVED[0]


def _readable_language() -> None:
    """English when the terminal's encoding cannot show the chosen language (``LANG=zh_CN`` with
    an ASCII or Latin-1 stream): a sentence of question marks helps nobody."""
    from actcli import i18n

    if i18n.language() == i18n.DEFAULT:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            "错误：".encode(getattr(stream, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            i18n.set_language(i18n.DEFAULT)
            return


def _lost_line(lost: OutputLost) -> str:
    from actcli.cli.translate import error_line
    from actcli.i18n import _, reword

    return error_line(reword(str(lost)), _("the output was lost"))


def _error(line: str) -> None:
    """One line on stderr; a closed or broken stderr loses it quietly (the exit code remains)."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, OutputLost, ReaderGone):
        _silence(2)


def _silence(fd: int) -> None:
    """Point ``fd`` at /dev/null so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _matplotlib_environment(own_process: bool) -> str | None:
    """Give matplotlib a private, writable configuration directory when its own is unusable, so
    that it neither warns nor leaves a ``/tmp/matplotlib-*`` directory behind; return the directory
    to remove afterwards. Also set an invalid ``MPLBACKEND`` aside (see :func:`app.backend_request`)."""
    from actcli.cli.app import set_backend_aside, skip_3d, skip_property_tables

    set_backend_aside()
    if own_process:
        skip_3d()
        skip_property_tables()
    configured = os.environ.get("MPLCONFIGDIR")
    try:
        if configured:
            wanted = [configured]
        else:
            home = os.path.expanduser("~")
            wanted = [os.path.join(os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"), "matplotlib"),
                      os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "matplotlib")]
        if all(_usable(p) for p in wanted):
            return None
        import tempfile

        scratch = tempfile.mkdtemp(prefix="actcli-mpl-")
    except (OSError, RuntimeError):
        return None
    os.environ["MPLCONFIGDIR"] = scratch
    return scratch


def _may_draw(args: list[str]) -> bool:
    """The command line may draw a figure (plot, compare --plot, simulate -o)."""
    return any(a in ("plot", "--plot", "-o", "--output", "--show") or a.startswith(("--plot=", "--output=", "-o"))
               for a in args)


def _usable(directory: str) -> bool:
    """Matplotlib can use ``directory``: it exists or can be created (as matplotlib itself would),
    and is a writable directory."""
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError:
        return False
    return os.path.isdir(directory) and os.access(directory, os.W_OK | os.X_OK)
