"""The errors a user can see, each with its exit code.

Every error a consultant can cause (a bad intake, a broken protocol pack, a client with no certifying
partner) derives from `click.ClickException`, so the CLI prints its message and exits with the documented
code and never shows a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import click

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_TOOL = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C


class CorpathError(click.ClickException):
    """Base of every error corpath reports to a user."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n  hint: {hint}")

    def show(self, file=None) -> None:  # noqa: D401 - click's signature
        click.echo(f"error: {self.format_message()}", err=True, file=file)


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as `path:line:column: field: message`."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(CorpathError):
    """One or more problems in an input file (intake, protocol pack, override), all reported at once."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class NoPartnerError(CorpathError):
    """No certifying partner pack fits the client's province and industry."""


class ToolError(CorpathError):
    """An external tool (pandoc, LibreOffice) failed or is missing."""

    exit_code = EXIT_TOOL


class DiskFullError(CorpathError):
    """The disk (or the file-size limit) ran out while writing; nothing was published, the last delivery stands."""

    exit_code = EXIT_TOOL


class LintError(CorpathError):
    """The reviewer lint found sections that read as boilerplate or cite the wrong province's law."""

    exit_code = EXIT_BAD_INPUT


class ConflictError(CorpathError):
    """A client's override and a template change touch the same section; a person has to choose."""

    exit_code = EXIT_BAD_INPUT


class BusyError(CorpathError):
    """Another build of the same client holds its lock."""

    exit_code = EXIT_BAD_INPUT


class BatchInterrupted(CorpathError):
    """Ctrl-C during a batch: running builds were finished, the rest were not started."""

    exit_code = EXIT_INTERRUPTED
