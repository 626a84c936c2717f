"""The `corpath` command: starts LibreOffice first when the command is `build`, then runs the CLI.

LibreOffice takes about a second to start, and a one-client build needs it once the program's DOCX exists,
about a second and a half in. Started here, before the CLI's own modules load (0.2 s), it boots while they
load and the client is planned, instead of beside pandoc and the forms, on a two-core machine
(`cli._build_one` takes it; it is stopped when the command ends, whatever happened). Any other command
starts nothing.

A build also collects its garbage less often (`quiet_collector`).
"""

from __future__ import annotations

import gc
import sys

from .word.office import start_early, stop_early


def wants_office(args: list[str]) -> bool:
    """Whether the command line runs `build`: the first argument not an option is the command (the group's
    options, -v, -q, --version and --help, take no value)."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    return command == "build"


# The youngest generation is collected after this many new container objects instead of Python's 700.
BUILD_GC_THRESHOLD = 7000


def quiet_collector() -> None:
    """Fewer cyclic collections for a one-client build: a short process that loads its modules, parses its
    templates and builds lxml and python-docx trees allocates millions of objects that live until it ends,
    and with Python's default thresholds the collector ran 421 times in `corpath build acme`, four of them
    full (0.24 s of CPU, most of it before LibreOffice gets the program). With the youngest generation
    collected after 7,000 new objects instead of 700, it ran 41 times, one of them full (0.13 s), for 3 MB
    more at the peak (154 against 157 MB). Garbage is still collected: before each wait on LibreOffice
    (`word.office.release_memory`) and whenever the thresholds are reached."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(BUILD_GC_THRESHOLD, middle, oldest)


def main() -> None:
    """The console script `corpath` (pyproject.toml)."""
    if wants_office(sys.argv[1:]):
        quiet_collector()
        start_early()
    try:
        from .cli import main as cli

        cli()
    finally:
        stop_early()
