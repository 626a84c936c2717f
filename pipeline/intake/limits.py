"""The limits every intake value is held to: one text rule, numbers and dates in range.

Intake text is typed or pasted by people and lands in Word properties, spreadsheet cells, Markdown and
iCalendar; numbers and dates feed arithmetic on money and calendars. Each limit below is one every output can
hold, and each refusal names the limit, so a consultant sees the problem at `corpath validate` instead of a
failure in the middle of a build.

The text rule (`check_text`): no control character (C0, DEL, C1), no lone surrogate and no non-character
(U+FFFE, U+FFFF) in any text; a one-line field also refuses tab, line and paragraph separators; a field that
allows lines (`Text`, or any field built with `text_rule(..., lines=True)`) allows newline and tab.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints

LINE_MAX = 255
"""Longest one-line text: a Word document's core properties (author, title) hold 255 characters."""
TEXT_MAX = 2000
"""Longest free text (notes): fits a spreadsheet cell (32,767) and reads as a paragraph, not a document."""
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
"""Dates are accepted from `DATE_MIN` to `DATE_MAX`: wide enough for any company's history and plans, and
narrow enough that every date computed from them (cycles, notices, records windows) stays in the calendar."""
MONEY_MAX = 10_000_000_000
"""Largest amount of dollars (premium, payroll): far above any contractor's, far below float's exactness."""
HEADCOUNT_MAX = 100_000
"""Most workers or crews: more than any contractor corpath serves has."""
COUNT_MAX = 1_000_000
"""Most of anything counted (records in the past year, kits, pieces of equipment)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\r]")
_LINE_BREAKS = re.compile(r"[\t\n\u2028\u2029]")
_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return", "\x00": "a NUL character",
          "\u2028": "a line separator", "\u2029": "a paragraph separator"}


def _name(char: str) -> str:
    return _NAMES.get(char, f"a control character (U+{ord(char):04X})")


def check_text(value: Any, *, max_length: int = LINE_MAX, lines: bool = False) -> Any:
    """The text rule for one value (other types pass through; pydantic checks them).

    Raises ValueError naming the first refused character and its position (1-based), or the length and the
    limit; an empty or blank value is refused too (leave the key out instead). Returns the value without the
    spaces around it, which only a quoted YAML string keeps (review 22: `legal_name: "Élite Ltée "` printed
    "Élite Ltée 's" on 59 lines of a program and "Ltée , as of" on the gap report).
    """
    if not isinstance(value, str):
        return value
    bad = _CONTROL.search(value) or (None if lines else _LINE_BREAKS.search(value))
    if bad:
        if not lines and bad.group() in "\n\u2028\u2029":
            raise ValueError("must be on one line")
        raise ValueError(f"contains {_name(bad.group())} at character {bad.start() + 1}; remove it")
    if not value.strip():
        raise ValueError("must not be empty")
    if len(value) > max_length:
        raise ValueError(f"is {len(value):,} characters long; the limit is {max_length:,}")
    return value.strip()


def text_rule(max_length: int = LINE_MAX, *, lines: bool = False) -> BeforeValidator:
    """The text rule as a pydantic validator, for `Annotated[str, text_rule(...)]`."""
    return BeforeValidator(lambda value: check_text(value, max_length=max_length, lines=lines))


def in_window(value: date) -> date:
    """A date between `DATE_MIN` and `DATE_MAX`; ValueError otherwise."""
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"must be between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}")
    return value


Line = Annotated[str, text_rule(LINE_MAX), StringConstraints(max_length=LINE_MAX)]
"""One line of text, at most `LINE_MAX` characters (a field may set a smaller `max_length`)."""
Text = Annotated[str, text_rule(TEXT_MAX, lines=True), StringConstraints(max_length=TEXT_MAX)]
"""Free text that may hold lines and tabs, at most `TEXT_MAX` characters."""
Day = Annotated[date, AfterValidator(in_window)]
"""A date within the accepted window."""
