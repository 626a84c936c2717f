"""A seasonal company's records window that falls in its off-season (review 17: a Manitoba roofer working April
to November, built on November 30, was dated for audit on April 1 on "three months of producible records kept
from November 30", months in which it does no site work): whether a partner lets such a window reach back into
the last working season, or asks for working months, is not in the protocol data, so the consultant asks."""

from __future__ import annotations

from datetime import date

from ..intake.model import CertificateStatus
from ..practices.model import is_owner_operator
from ..practices.season import Season, read_season
from ..program.plan import Plan
from ..program.render import format_date
from ..readiness.timeline import audit_season, in_season
from ..upkeep.schedule import add_months


def next_season_start(day: date, season: Season) -> date:
    """The first day of the first month in `season` that follows a month out of it, on or after `day`'s month
    (the season's next start, not a day inside a season already running)."""
    for ahead in range(0, 24):
        start = add_months(day.replace(day=1), ahead)
        before = add_months(start, -1)
        if start >= day and start.month in season.months and before.month not in season.months:
            return start
    return in_season(day, season)


def off_season_window(plan: Plan) -> tuple[str, str] | None:
    """(what, confirm) for review.md when a company that does not hold the certificate would keep at least half of
    its first records window (`program.records_window.months`, counted from the build day) in months outside its
    working season (`operations.season`), and the audit waits for the season (`readiness.timeline.audit_season`:
    not for a one-person self-evaluation or a company that works in winter); else None.

    The later date offered is the season's next start plus the window, corpath's reading if the partner asks for
    working months; neither reading is a partner's published rule."""
    intake = plan.intake
    if intake.certificate.status == CertificateStatus.certified:
        return None
    season = audit_season(plan.program, intake, read_season(intake.operations.season),
                          alone=is_owner_operator(intake))
    if season is None or season.all_year:
        return None
    months = plan.program.records_window.months
    off = [m for m in (add_months(plan.today, i).month for i in range(months)) if m not in season.months]
    if not months or len(off) * 2 < months:
        return None
    start = next_season_start(plan.today, season)
    partner = plan.pack.pack.partner.abbreviation
    return (f"Records window in the off-season: the first {months}-month records window, counted from "
            f"{format_date(plan.today)}, falls mostly outside the working season ({season.words}), when little "
            "site work is done to leave records; the gap report's audit date counts records kept through those "
            "months",
            f"Ask {partner} whether a seasonal company's records window may hold the end of its last working "
            f"season, or must be working months; if working months, the audit waits for {months} months of the "
            f"next season, from {format_date(start)} to about {format_date(add_months(start, months))}, and the "
            "target date is set by that.")
