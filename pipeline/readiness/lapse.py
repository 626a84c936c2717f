"""A certified company's recertification audit against the certificate's expiry (review 18: sumas-framing, certified,
predicted to pass, its certificate expiring 15 days after the build with the partner's notice already overdue, was
told to "close the gaps sooner" and that its target was "met").

When the earliest realistic audit date (the booking lead time, `scoring.yaml` `timeline.booking_weeks`, a planning
judgement) falls on or after the expiry, or the notice the partner asks before the recertification audit (the pack's
`notice_weeks`) is due or overdue, what stands between the company and its next certificate is booking the audit,
not its score. Whether the partner extends a certificate, or what a lapse costs, is no published rule in corpath's
data: the client's documents say to ask the partner, and review.md puts the question to the consultant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .. import language
from ..program.render import format_date
from .next_audit import NextAudit


@dataclass(frozen=True)
class Lapse:
    """A recertification audit to book now: the certificate's expiry, the audit's last day, the notice date."""

    title: str  # the schedule event's title, "Recertification audit (BCCSA Large COR)"
    due: date  # the audit's last day (the schedule's)
    expires: date  # the certificate's expiry (certificate.expires in the intake)
    notice_by: date | None  # the last day of the partner's notice before the audit's last day; None without one
    notice_weeks: int | None
    earliest: date | None  # the earliest realistic audit date (timeline), None when none is predicted
    partner: str  # the partner's abbreviation, "BCCSA"
    today: date

    @property
    def after_expiry(self) -> bool:
        """True when the earliest realistic audit date is on or after the expiry."""
        return self.earliest is not None and self.earliest >= self.expires

    @property
    def notice_words(self) -> str:
        """`its three weeks' notice was due by November 23, 2026 and is overdue`, `… is due today`, `… is due by …`;
        empty without a notice rule."""
        if self.notice_by is None or self.notice_weeks is None:
            return ""
        weeks = language.possessive(language.duration(self.notice_weeks, "week"))
        if self.notice_by < self.today:
            return f"its {weeks} notice was due by {format_date(self.notice_by)} and is overdue"
        if self.notice_by == self.today:
            return f"its {weeks} notice is due today"
        return f"its {weeks} notice is due by {format_date(self.notice_by)}"

    @property
    def action(self) -> str:
        """The top action that leads every other: call the partner today to book the audit (no trailing stop)."""
        notice = f"; {self.notice_words}" if self.notice_words else ""
        return (f"Call {self.partner} today to book the {_lower(self.title)}, due by {format_date(self.due)}{notice}, "
                f"and the certificate expires on {format_date(self.expires)}: ask {self.partner} whether the audit "
                "can still be held before then and, if it cannot, what happens to the certificate")

    @property
    def summary(self) -> str:
        """The audit-date sentences for a company predicted to pass: booking is the issue, not the score."""
        when = ("on the day the certificate expires" if self.earliest == self.expires
                else "after the certificate expires")
        notice = f" ({self.notice_words})" if self.notice_words else ""
        return (f" That is {when} on {format_date(self.expires)}, and no gap stands in the way: the date does. "
                f"Book the {_lower(self.title)} with {self.partner} now{notice} and ask "
                f"{self.partner} whether it can be held by {format_date(self.due)} and, if it cannot, what happens "
                "to the certificate in the meantime.")

    def review(self) -> tuple[str, str]:
        """(what, confirm) for review.md: the partner's own answer on an extension or a lapse."""
        notice = f" ({self.notice_words})" if self.notice_words else ""
        late = (f"the earliest realistic audit date, {format_date(self.earliest)}, is after it" if self.after_expiry
                else "the audit must be booked now")
        return (f"Certificate expiry: the certificate expires on {format_date(self.expires)} and {late}{notice}; "
                f"the gap report's first action is to book the {_lower(self.title)}",
                f"Ask {self.partner} whether the audit can be held by {format_date(self.due)}, whether the "
                "certificate can be extended while it is arranged, and what a lapse means for the company (its "
                "rebate and its clients' prequalification); corpath's data holds no rule on either, so the client's "
                "documents say only to ask.")


def _lower(title: str) -> str:
    return title if title.startswith("Year") else title[0].lower() + title[1:]


def recertification_lapse(coming: NextAudit | None, earliest: date | None, expires: date | None,
                          notice_weeks: int | None, today: date, partner: str) -> Lapse | None:
    """The recertification audit to book now, or None: only for a certified company whose next audit is the
    recertification (`coming`), with the certificate's expiry known, when the earliest realistic audit date is on
    or after the expiry or the partner's notice (`notice_weeks` before the audit's last day) is due or overdue."""
    if coming is None or coming.kind != "recertification" or expires is None:
        return None
    notice_by = coming.due - timedelta(weeks=notice_weeks) if notice_weeks else None
    lapse = Lapse(coming.title, coming.due, expires, notice_by, notice_weeks, earliest, partner, today)
    if lapse.after_expiry or (notice_by is not None and notice_by <= today):
        return lapse
    return None
