"""The `corpath` command: starts LibreOffice first when the command is `build`, then runs the CLI.

LibreOffice takes about a second to start, and a one-client build needs it once the program's DOCX exists,
about a second and a half in. Started here, before the CLI's own modules load (0.2 s), it boots while they
load and the client is planned, instead of beside pandoc and the forms, on a two-core machine
(`cli._build_one` takes it; it is stopped when the command ends, whatever happened). Any other command
starts nothing.
"""

from __future__ import annotations

import sys

from .word.office import start_early, stop_early


def wants_office(args: list[str]) -> bool:
    """Whether the command line runs `build`: the first argument not an option is the command (the group's
    options, -v, -q, --version and --help, take no value)."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    return command == "build"


def main() -> None:
    """The console script `corpath` (pyproject.toml)."""
    if wants_office(sys.argv[1:]):
        start_early()
    try:
        from .cli import main as cli

        cli()
    finally:
        stop_early()
