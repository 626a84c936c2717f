"""The working season: which months of the year a company works on site (intake `operations.season`).

The intake gives the season in the client's words ("March to November; snow clearing in winter"). The first
two month names in the text, read as an inclusive range (wrapping over the new year: "November to March"),
are the season; a text with one month name, or none, is read as the whole year, and the model says so.

Words for the whole year ("year-round", "all year", "12 months") make the whole year whatever months follow,
and a month named after words of less or no work in its clause ("reduced crews in December and January",
"closed December to February") is never a season month (review 14: cowichan's "year-round; reduced crews in
December and January" read as a December-to-January season put the audit six months late and cut its record
counts sixfold). When months were set aside that way, the `Season` says so in `doubt`, and `season_advice` puts
it to the consultant: a year read as all year is the safe reading (more records, no audit held to a season).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import language
from ..intake.model import Intake, Practice

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?", re.IGNORECASE)
# Words that say the company works the whole year, whatever months the text names after them.
_ALL_YEAR = re.compile(r"\b(year[- ]?round|all[- ]year|(?:all|full|whole) (?:the )?year|year[- ]long|"
                       r"(?:12|twelve) months)\b", re.IGNORECASE)
# Words that say less or no work: a month named after one of them in the same clause is not a season month.
_LESS = re.compile(r"\b(reduc\w*|slow\w*|fewer|less|light|lighter|quiet\w*|shut\w*|clos\w*|off|no|not|never|"
                   r"without|except|idle|break|down)\b", re.IGNORECASE)
# Clause breaks: punctuation (a full stop only after a word that is not a month's abbreviation: "Nov. to Feb.").
_CLAUSE = re.compile(r"[;,()]|\bbut\b|" + "".join(f"(?<!{m[:3]})" for m in MONTHS) + r"(?<!sept)\.",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Season:
    """The months worked on site (1-12), and how the model read them.

    `months` is every month for a company without a season; `words` is the season in the program's words
    ("March to November") or "all year"; `source` says where it came from; `doubt` says which months the text
    names that were not read as the season, and why (None when every month named is in the reading).
    """

    months: tuple[int, ...]
    words: str
    source: str
    doubt: str | None = None

    @property
    def share(self) -> float:
        """The share of the year in season (9 months: 0.75)."""
        return len(self.months) / 12

    @property
    def all_year(self) -> bool:
        return len(self.months) == 12


def _month(name: str) -> int:
    return MONTHS.index(next(m for m in MONTHS if m.startswith(name.lower()))) + 1


def _named(months: list[int]) -> str:
    return language.join(list(dict.fromkeys(MONTHS[m - 1].capitalize() for m in months)))


def read_season(text: str | None) -> Season:
    """The season from the intake's words (`operations.season`): the first two month names not set aside, read
    as an inclusive range; the whole year when none is given, the text says the whole year ("year-round",
    "all year", "12 months"), or no range is left. A month named after words of less or no work in its clause
    ("reduced", "slower", "closed", "shut down", "no") is set aside: it names months of less work, not the
    season. When months are named but the whole year is counted, `doubt` says which and why; a range read
    from the other months stands without doubt ("April to November; no work December to March")."""
    everything = tuple(range(1, 13))
    if not text or not text.strip():
        return Season(everything, "all year", "no season in the intake (operations.season): all year")
    kept: list[int] = []
    aside: list[int] = []
    for clause in _CLAUSE.split(text):
        for hit in _MONTH.finditer(clause):
            (aside if _LESS.search(clause[:hit.start()]) else kept).append(_month(hit.group(1)))
    year_round = _ALL_YEAR.search(text)
    if year_round:
        named = kept + aside
        return Season(everything, "all year", f"operations.season '{text}' says the company works all year",
                      f"it says '{year_round.group(1)}', and the months it names "
                      f"({_named(named)}) are not read as a season" if named else None)
    doubt = (f"the months it names after words of less or no work ({_named(aside)}) are not read as the "
             "working season" if aside else None)
    if len(kept) < 2:
        return Season(everything, "all year",
                      f"operations.season '{text}' names no range of months, so the whole year is counted",
                      doubt)
    first, last = kept[0], kept[1]
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


# Work named in winter that is not on site: the field records (FLHAs, site inspections) are not made for it.
_NOT_SITE = re.compile(r"\b(office|shop|admin\w*|paperwork|estimat\w*|planning|bookkeeping|training)\b",
                       re.IGNORECASE)


def works_outside_season(text: str | None) -> bool:
    """Whether the season's words name site work in winter that its months leave out ("April to December;
    sweeping only in winter", "March to November; snow clearing and repairs in winter", review 19): a clause
    naming winter or snow with no words of less or no work ("no work in winter", "shut down for winter") and no
    work off site ("office work in winter", "winter shop"), while the season's months miss some of December,
    January and February. False for a season read as the whole year."""
    season = read_season(text)
    if not text or season.all_year or all(m in season.months for m in (12, 1, 2)):
        return False
    return any(_WINTER.search(clause) and not _LESS.search(clause) and not _NOT_SITE.search(clause)
               for clause in _CLAUSE.split(text))


def outside_season_advice(intake: Intake) -> list[str]:
    """Advice (`field: message`) when the season's words name site work outside its months
    (`works_outside_season`): the records made on site in season (records.yaml `seasonal`) are then counted
    over the whole year, not the season's share, and the consultant confirms that the winter work is done
    (review 19: a chimney sweep's "April to December; sweeping only in winter" cut its FLHAs to 9/12)."""
    text = intake.operations.season
    if not works_outside_season(text):
        return []
    season = read_season(text)
    return [f"operations.season: '{text}' names site work outside {season.words}, so the records made on site "
            f"(field-level hazard assessments, site inspections, pre-use inspections, toolbox meetings) are "
            f"counted over the whole year, not {season.words} alone; if no site work goes on outside "
            f"{season.words}, write the season without it (a note after a semicolon may say 'no work in winter') "
            "and rebuild"]


def season_advice(intake: Intake) -> list[str]:
    """Advice (`field: message`, as `intake.advice`) when the season's words name winter work outside its months
    ("April to November; winter heated-garage slabs only": `works_in_winter`) while practices are counted in
    season only (`in_season_only`): the program then holds them during the season's months alone, and the
    winter work gets none. corpath does not widen them itself, since the intake says they stop; the consultant
    asks the client (review 11: wakaw). Also when the season's words name months that were not read as the
    season (`Season.doubt`: "year-round; reduced crews in December and January", review 14: cowichan): how
    corpath read them and how to write a season. Empty when there is nothing to point out."""
    text = intake.operations.season
    season = read_season(text)
    if season.doubt:
        return [f"operations.season: corpath reads '{text}' as work all year: {season.doubt}, so every record is "
                "counted over the whole year and the audit date waits for no season. If the company works on site "
                "only some months, write them as a range first (e.g. 'April to November'; a note may follow after "
                "a semicolon) and rebuild"]
    outside = outside_season_advice(intake)
    if season.all_year or any(m in season.months for m in (12, 1, 2)) or not works_in_winter(text):
        return outside
    seasonal = [f"practices.{name}" for name, practice in intake.practices
                if isinstance(practice, Practice) and practice.done and practice.in_season_only]
    if not seasonal:
        return outside
    one = len(seasonal) == 1
    it, they = ("it", "it") if one else ("them", "they")
    return [f"operations.season: '{text}' names winter work, but {language.join(seasonal)} "
            f"{'is' if one else 'are'} counted in season only (in_season_only: true), so the program holds {it} "
            f"from {season.words} only and the winter work gets none; if {they} also {'goes' if one else 'go'} on "
            f"during winter work, remove in_season_only (or give a season whose months take in the winter work) "
            f"and rebuild, so the program and the records checklist count {it} whenever work goes on", *outside]
