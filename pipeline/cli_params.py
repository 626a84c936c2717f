"""What the command line holds to before any command runs: dates in range, Ctrl-C, SIGTERM and a full disk.

`Corpath` is the command group's class: Ctrl-C anywhere exits 130 with one line, and a full disk is a message
(exit 3), never a traceback. `Today` is the `--today` option's type.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import click

from .errors import EXIT_INTERRUPTED
from .intake.load import resolve_intake_path

_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class Today(click.DateTime):
    """`--today YYYY-MM-DD`, within the dates an intake may hold (`intake.limits`): anything else is a usage error
    that says what a date looks like and, for a day that does not exist, why (`2026-13-01`: the month)."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, *args, **kwargs) -> str:
        return "YYYY-MM-DD"  # click's own shows the strptime format, [%Y-%m-%d]

    def convert(self, value, param, ctx) -> datetime:
        from .intake.limits import DATE_MAX, DATE_MIN

        if isinstance(value, datetime):
            converted = value
        else:
            found = _DAY.fullmatch(str(value).strip())
            if found is None:
                self.fail(f"'{value}' is not a date like 2026-03-15 (year-month-day)", param, ctx)
            try:
                converted = datetime(*(int(part) for part in found.groups()))
            except ValueError as exc:
                self.fail(f"'{value}' is not a real date ({exc})", param, ctx)
        if not DATE_MIN <= converted.date() <= DATE_MAX:
            self.fail(f"'{value}' is outside {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}", param, ctx)
        return converted


class Corpath(click.Group):
    """The command group: Ctrl-C exits 130 with one line, and a full disk is a message (exit 3), never a traceback."""

    def invoke(self, ctx: click.Context):
        from .diskspace import SPACE_ERRNOS, disk_full

        try:
            with run_scratch():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except click.Abort as exc:  # click's prompts turn Ctrl-C (and end of input) into Abort
            if not isinstance(exc.__context__, KeyboardInterrupt):
                raise
            click.echo("\ninterrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:
            if exc.errno not in SPACE_ERRNOS:
                raise
            folder = Path(exc.filename).parent if exc.filename else Path.cwd()
            raise disk_full(exc, folder, 1_000_000) or exc from None


RUN_PREFIX = "corpath-run-"


@contextlib.contextmanager
def run_scratch() -> Iterator[Path]:
    """One temporary folder per corpath run, holding every temporary file and folder it (and pandoc, LibreOffice
    and the batch workers) makes; removed when the run ends.

    A run killed outright (SIGKILL, a power cut) cannot remove its folder, so each run first removes the
    folders of runs whose process is gone: nothing piles up in the temporary folder.
    """
    base = Path(tempfile.gettempdir())
    _sweep(base)
    scratch = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", dir=base))
    saved_dir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(scratch)
    os.environ["TMPDIR"] = str(scratch)
    try:
        yield scratch
    finally:
        tempfile.tempdir = saved_dir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        if any(scratch.glob("pymp-*")):  # multiprocessing's own folder (in ours) goes at exit: ours after it
            from multiprocessing import util

            util.Finalize(None, shutil.rmtree, args=(str(scratch),), kwargs={"ignore_errors": True},
                          exitpriority=-101)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _sweep(base: Path) -> None:
    """Remove the run folders of corpath processes that no longer exist (only this user's)."""
    for folder in base.glob(f"{RUN_PREFIX}*-*"):
        pid = folder.name[len(RUN_PREFIX):].split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.is_symlink() or folder.lstat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # alive (another user's process), or unreadable: leave it
            continue


def _on_terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def terminate_unwinds() -> None:
    """SIGTERM (a `kill`, a service stop) unwinds like an exception: LibreOffice is closed, temporary folders
    and staging removed. Python's default would end the process on the spot and leave them behind."""
    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_terminate)
    except ValueError:  # not the main thread (an embedding program): leave its signals alone
        pass


# ---------------------------------------------------------------- shared by the commands


def style(text: str, **kwargs) -> str:
    """Colour for a terminal; click strips it when the output is not a terminal or NO_COLOR is set."""
    return click.style(text, **kwargs)


def say(ctx: click.Context, message: str) -> None:
    """Print unless -q was given."""
    if not ctx.find_root().obj.get("quiet"):
        click.echo(message)


def resolve_client(client: str) -> Path:
    """A client id (`acme`) or a path to an intake file."""
    return resolve_intake_path(client)


OUTPUT_OPTION = click.option("--output", "output_root", type=click.Path(path_type=Path), default=Path("output"),
                             show_default=True, help="Folder that holds the deliveries.")
