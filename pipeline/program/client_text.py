"""The client's copy speaks to the client: no intake field paths.

The scoring rules and records data name the intake field a finding comes from ("(certificate.courses)",
"(people.workers is 1, with no supervisor)") so that `corpath gaps` and its JSON show the consultant where to
look. The gap report and the records checklist go to the client, who never sees the intake: there the
parenthesised field path is left out, the sentence around it reads the same without it (review 14).
"""

from __future__ import annotations

import re

FIELD_ROOTS = ("people", "certificate", "practices", "operations", "company", "wcb", "client_requirements")
"""The intake's top-level sections whose dotted paths the rules cite."""

_ROOT = "|".join(r.replace("_", r"\\?_") for r in FIELD_ROOTS)
# plain text: " (people.workers is 1, with no supervisor)", or in square brackets where it sits inside another
# parenthesis (render.nest_parentheses: "(assumed: … not one per crew [people.crews: 2], …)", review 20)
_PLAIN = re.compile(rf" ?(?:\((?:{_ROOT})\.[a-z_][^()\n]*\)|\[(?:{_ROOT})\.[a-z_][^\[\]()\n]*\])")
# the same escaped for pandoc's Markdown: " \(people\.new\_workers\_past\_12\_months\)", " \[people\.crews: 2\]"
_MARKDOWN = re.compile(rf" ?(?:\\\((?:{_ROOT})\\?\.(?:\\[^\n]|[^\\()\n|])*?\\\)"
                       rf"|\\\[(?:{_ROOT})\\?\.(?:\\[^\n\[\]()]|[^\\()\[\]\n|])*?\\\])")


def without_field_paths(text: str) -> str:
    """`text` (plain) with every parenthesised (or, nested, square-bracketed) intake field path left out:
    'the courses recorded (certificate.courses)' → 'the courses recorded'."""
    return _PLAIN.sub("", text)


def markdown_without_field_paths(markdown: str) -> str:
    """The same for Markdown escaped by `escape_md` (parentheses, dots and underscores backslashed)."""
    return _MARKDOWN.sub("", markdown)


def field_paths(text: str) -> list[str]:
    """Every parenthesised intake field path left in plain `text` (for the checks that none reaches a client)."""
    return _PLAIN.findall(text)
