"""The working season: which months of the year a company works on site (intake `operations.season`).

The intake gives the season in the client's words ("March to November; snow clearing in winter"). The first
two month names in the text, read as an inclusive range (wrapping over the new year: "November to March"),
are the season; a text with one month name, or none, is read as the whole year, and the model says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import language
from ..intake.model import Intake, Practice

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Season:
    """The months worked on site (1-12), and how the model read them.

    `months` is every month for a company without a season; `words` is the season in the program's words
    ("March to November") or "all year"; `source` says where it came from.
    """

    months: tuple[int, ...]
    words: str
    source: str

    @property
    def share(self) -> float:
        """The share of the year in season (9 months: 0.75)."""
        return len(self.months) / 12

    @property
    def all_year(self) -> bool:
        return len(self.months) == 12


def read_season(text: str | None) -> Season:
    """The season from the intake's words; the whole year when none is given or no range can be read."""
    everything = tuple(range(1, 13))
    if not text or not text.strip():
        return Season(everything, "all year", "no season in the intake (operations.season): all year")
    found = [MONTHS.index(next(m for m in MONTHS if m.startswith(hit.group(1).lower()))) + 1
             for hit in _MONTH.finditer(text)]
    if len(found) < 2:
        return Season(everything, "all year",
                      f"operations.season '{text}' names no range of months, so the whole year is counted")
    first, last = found[0], found[1]
    months = tuple((first - 1 + i) % 12 + 1 for i in range((last - first) % 12 + 1))
    words = f"{MONTHS[first - 1].capitalize()} to {MONTHS[last - 1].capitalize()}"
    return Season(months, words, f"operations.season: {words}")


_WINTER = re.compile(r"\b(winter|snow)", re.IGNORECASE)
_NO_WINTER = re.compile(r"\b(no|not|never|without)\b[^;,.]*\b(winter|snow)", re.IGNORECASE)


def works_in_winter(text: str | None) -> bool:
    """Whether the company works outdoors in winter, from the intake's season words: a season that takes in
    December, January or February (or none given: all year), or words that name winter work besides the range
    ("March to November; snow clearing and repairs in winter"), unless they deny it ("no work in winter")."""
    if any(m in read_season(text).months for m in (12, 1, 2)):
        return True
    return bool(text and _WINTER.search(text) and not _NO_WINTER.search(text))


def season_advice(intake: Intake) -> list[str]:
    """Advice (`field: message`, as `intake.advice`) when the season's words name winter work outside its months
    ("April to November; winter heated-garage slabs only": `works_in_winter`) while practices are counted in
    season only (`in_season_only`): the program then holds them during the season's months alone, and the
    winter work gets none. corpath does not widen them itself, since the intake says they stop; the consultant
    asks the client (review 11: wakaw). Empty when there is nothing to point out."""
    text = intake.operations.season
    season = read_season(text)
    if season.all_year or any(m in season.months for m in (12, 1, 2)) or not works_in_winter(text):
        return []
    seasonal = [f"practices.{name}" for name, practice in intake.practices
                if isinstance(practice, Practice) and practice.done and practice.in_season_only]
    if not seasonal:
        return []
    one = len(seasonal) == 1
    it, they = ("it", "it") if one else ("them", "they")
    return [f"operations.season: '{text}' names winter work, but {language.join(seasonal)} "
            f"{'is' if one else 'are'} counted in season only (in_season_only: true), so the program holds {it} "
            f"from {season.words} only and the winter work gets none; if {they} also {'goes' if one else 'go'} on "
            f"during winter work, remove in_season_only (or give a season whose months take in the winter work) "
            f"and rebuild, so the program and the records checklist count {it} whenever work goes on"]
