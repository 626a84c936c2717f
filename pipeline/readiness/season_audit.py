"""The working season and the audit date: an auditor needs the company at work to observe and interview it, and
a seasonal company's first records window is counted in the months it works (review 20: a Manitoba flatwork
company working April to November, built on November 30, was dated for audit on April 1 on three months of
records "kept" through its winter shutdown, when no site records are made).

Both are corpath's planning judgements, not a partner's published rule: whether a partner accepts a records
window in the off-season goes to the consultant (`delivery.review_season`), with the earlier date it would allow.
"""

from __future__ import annotations

from datetime import date

from ..intake.model import Intake
from ..practices.season import Season, works_in_winter
from ..program.render import format_date
from ..protocols.pack_model import Auditor
from ..protocols.packs import Program
from ..upkeep.schedule import add_months


def season_sentence(day: date | None, season: Season | None) -> str:
    """` November 30, 2026 falls in November, the working season's last month (April to November): …` when
    `day` is in the season's last month (the work may stop after it: an auditor observes and interviews them);
    empty otherwise. The date and the month are named, since the sentence may follow another date."""
    if day is None or season is None or season.all_year or day.month != season.months[-1]:
        return ""
    return (f" {format_date(day)} falls in {day:%B}, the working season's last month ({season.words}): book the "
            f"audit while the work is still going on; after {day:%B}, the next chance is "
            f"{format_date(in_season(add_months(day.replace(day=1), 1), season))}.")


def audit_season(program: Program, intake: Intake, season: Season | None, *, alone: bool = False) -> Season | None:
    """The working season the audit date waits for (`in_season`), or None when it waits for none: the season
    moves the audit only because an auditor needs the company at work to observe it and interview its workers
    (a planning judgement), so not for one person (`alone`: the practice model's `owner_operator` condition, no
    one to interview) whose certificate is earned by a self-evaluation he submits himself (the pack's
    `audits.certification.who: self_evaluation_validated`, e.g. CSNS's Owner/Operator: "no external audit"), nor
    when the season's words name work that goes on outside its months ("May to October; interior repaints in
    winter": `practices.season.works_in_winter`), since the company is then at work when the season is out."""
    if season is None or season.all_year:
        return season
    if alone and program.audits.certification.who == Auditor.self_evaluation_validated:
        return None
    if not any(m in season.months for m in (12, 1, 2)) and works_in_winter(intake.operations.season):
        return None
    return season


def in_season(day: date, season: Season | None) -> date:
    """`day` when it falls in the working season (`practices.season`: the months the company works on site) or
    the company works all year; else the first day of the season's next month after it, since an auditor
    observes crews at work and interviews them (corpath's planning judgement, not a partner's rule)."""
    if season is None or season.all_year or day.month in season.months:
        return day
    for ahead in range(1, 13):
        start = add_months(day.replace(day=1), ahead)
        if start.month in season.months:
            return start
    return day


def next_season_start(day: date, season: Season) -> date:
    """The first day of the first month in `season` that follows a month out of it, on or after `day`'s month
    (the season's next start, not a day inside a season already running)."""
    for ahead in range(0, 24):
        start = add_months(day.replace(day=1), ahead)
        before = add_months(start, -1)
        if start >= day and start.month in season.months and before.month not in season.months:
            return start
    return in_season(day, season)


def working_window_start(today: date, months: int, season: Season | None) -> date | None:
    """The day a seasonal company's first records window starts being filled with site records, when the
    `months` counted from `today` hold fewer than half the working months a window of that length can hold (the
    window's length or the whole `season`, whichever is shorter; the audit season, `audit_season`): the season's
    next start (`next_season_start`). None when the window holds enough working months (a 12-month window always
    holds the whole season), the company works all year, or the audit waits for no season. A planning judgement:
    records made in the shutdown are few, so the window is counted in working months."""
    if season is None or season.all_year or months <= 0:
        return None
    working = [m for m in (add_months(today, i).month for i in range(months)) if m in season.months]
    if len(working) * 2 >= min(months, len(season.months)):
        return None
    return next_season_start(today, season)
