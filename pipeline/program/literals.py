"""The plain strings every match of a regular expression contains, read from Python's own parse of it: a text
without them cannot match, so a case-blind pattern (which the engine tries at every position, having no literal
to scan for) is run only on the texts, or the lines, that hold them (`lint.unjustified_mentions`,
`coherence._Lines`)."""

from __future__ import annotations

import functools
import re


@functools.cache
def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Strings in lower case, one of which every case-insensitive match of `pattern` contains: per alternative
    of the pattern, its longest run of plain characters (`rollover protective|\\bROPS\\b` gives 'rollover
    protective' and 'rops'). None when some alternative has no such run or a run is not ASCII.

    A case-insensitive regex is tried at every position of the text (the engine has no literal to scan for),
    so the lint first asks whether the text holds any of these strings at all: for ASCII strings, in a text
    without a character of `_FOLD_SPECIAL`, `in` on the lower-cased text is exact, and a pattern whose strings
    are all absent cannot match. Read from Python's own parse of the pattern (`re._parser`); a parse it cannot
    read gives None, and the pattern is always run."""
    try:
        from re import _constants, _parser

        sets = _required_sets(list(_parser.parse(pattern, re.IGNORECASE)), _constants)
    except Exception:  # noqa: BLE001 - a private module changed: no shortcut, the pattern always runs
        return None
    runs = [max(runs, key=len) for runs in sets or ()]  # per alternative its longest run, the first of equals
    if not runs or not all(run.isascii() for run in runs):
        return None
    return tuple(run.lower() for run in runs)


@functools.cache
def required_literal_sets(pattern: str) -> tuple[tuple[str, ...], ...] | None:
    """As `required_literals`, but per alternative of the pattern every run of plain characters outside its
    optional parts, all of which a match of that alternative holds (`hot[- ]mix|asphalt fumes` gives ('hot',
    'mix') and ('asphalt fumes',)): a common word ('hot', 'well') no longer sends the pattern over the text by
    itself. None where `required_literals` gives None."""
    try:
        from re import _constants, _parser

        sets = _required_sets(list(_parser.parse(pattern, re.IGNORECASE)), _constants)
    except Exception:  # noqa: BLE001 - a private module changed: no shortcut, the pattern always runs
        return None
    if not sets or not all(run.isascii() for runs in sets for run in runs):
        return None
    return tuple(tuple(run.lower() for run in runs) for runs in sets)


def _required_sets(items: list, codes) -> list[list[str]] | None:
    """Every run of consecutive literal characters in a sequence of parsed items (each one mandatory), else the
    sets of each alternative of its first alternation, else None."""
    runs, run = [], ""
    for op, value in items:
        if op is codes.LITERAL:
            run += chr(value)
        elif run:
            runs.append(run)
            run = ""
    if run or runs:
        return [[*runs, run] if run else runs]
    branch = next((value for op, value in items if op is codes.BRANCH), None)
    if branch is None:
        return None
    sets: list[list[str]] = []
    for alternative in branch[1]:
        found = _required_sets(list(alternative), codes)
        if found is None:
            return None
        sets += found
    return sets
