"""A seasonal company's records window that falls in its off-season (review 17: a Manitoba roofer working April
to November, built on November 30, was dated for audit on April 1 on "three months of producible records kept
from November 30", months in which it does no site work). The gap report counts such a window in working months
(`readiness.timeline`, review 20); whether a partner would accept a window reaching back into the shutdown, and
so an earlier audit, is not in the protocol data, so the consultant asks."""

from __future__ import annotations

from ..intake.model import CertificateStatus
from ..practices.model import is_owner_operator
from ..practices.season import read_season
from ..program.plan import Plan
from ..program.render import format_date
from ..readiness.season_audit import audit_season, working_window_start
from ..upkeep.schedule import add_months


def off_season_window(plan: Plan) -> tuple[str, str] | None:
    """(what, confirm) for review.md when a company that does not hold the certificate would keep at least half of
    its first records window (`program.records_window.months`, counted from the build day) in months outside its
    working season (`operations.season`), and the audit waits for the season
    (`readiness.season_audit.working_window_start`: not for a one-person self-evaluation or a company that works
    in winter); else None.

    The gap report's date counts the window from the season's next start; the earlier date is the one an
    off-season window would allow (`Timeline.off_season_earliest`). Neither reading is a partner's published
    rule."""
    intake = plan.intake
    if intake.certificate.status == CertificateStatus.certified:
        return None
    season = audit_season(plan.program, intake, read_season(intake.operations.season),
                          alone=is_owner_operator(intake))
    months = plan.program.records_window.months
    start = working_window_start(plan.today, months, season)
    if start is None or season is None:
        return None
    partner = plan.pack.pack.partner.abbreviation
    timeline = getattr(plan.readiness, "timeline", None)
    earlier = getattr(timeline, "off_season_earliest", None)
    sooner = (f"; if {partner} accepts a window in the off-season, the audit could be as early as "
              f"{format_date(earlier)}" if earlier is not None else "")
    return (f"Records window in the off-season: the first {months}-month records window, counted from "
            f"{format_date(plan.today)}, falls mostly outside the working season ({season.words}), when little "
            "site work is done to leave records; the gap report's audit date counts it in working months, from "
            f"{format_date(start)} to about {format_date(add_months(start, months))}",
            f"Ask {partner} whether a seasonal company's records window may hold the end of its last working "
            f"season, or must be working months; the gap report gives the working-months date{sooner}, and the "
            "target date is set by the answer.")
