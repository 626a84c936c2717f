"""Dated tickets and documents the intake records with an expiry: which are current on the build's day and
which have lapsed, so that no output presents an expired one as current.

An expired first aid certificate is shown in the program as expired with its renewal needed, is not counted
toward the province's first-aider requirement or the gap report's credit, and is listed to renew (the gap
report, `corpath gaps`, the consultant's review list). The same holds for the platform documents the intake
dates (certificate of insurance, WCB clearance letter).

API:

- `is_current(expires, today) -> bool`: a ticket with no expiry, or one that expires today or later
- `current_first_aiders(intake, today)` / `expired_first_aiders(intake, today)`: the intake's first aiders
  (`people.first_aiders`), split by their certificate's expiry
- `expiring_first_aiders(intake, today)`: the current first aiders whose certificate expires within
  `EXPIRING_DAYS` (60) of `today`
- `expiring(intake, today) -> list[str]`: each of those as the action "Renew <name>'s <certificate> before <date>"
- `lapsed(intake, today) -> list[Lapsed]`: every dated ticket or document of the intake that has expired, oldest
  first, each with who holds it and what renewing it takes
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import language
from ..intake.model import FirstAider, Intake


def is_current(expires: date | None, today: date) -> bool:
    """True when a ticket dated to expire on `expires` is still valid on `today` (valid through its expiry
    day); a ticket the intake gives no expiry for counts as current."""
    return expires is None or expires >= today


def current_first_aiders(intake: Intake, today: date) -> list[FirstAider]:
    """The first aiders whose certificate is valid on `today`, in the intake's order."""
    return [a for a in intake.people.first_aiders if is_current(a.expires, today)]


def expired_first_aiders(intake: Intake, today: date) -> list[FirstAider]:
    """The first aiders whose certificate expired before `today`, in the intake's order."""
    return [a for a in intake.people.first_aiders if not is_current(a.expires, today)]


EXPIRING_DAYS = 60
"""A first aid certificate expiring within this many days of the build's day is flagged for renewal: the
earliest audit is weeks away at best, and the calendar's first reminder of a lapse comes 60 days ahead
(upkeep.schedule). The company's own planning rule, not a partner's or a regulator's."""


def expiring_first_aiders(intake: Intake, today: date) -> list[FirstAider]:
    """The first aiders whose certificate is valid on `today` but expires within `EXPIRING_DAYS` (60 days) of
    it, in the intake's order: the program counts each as a first aider only until that date, and the gap
    report lists its renewal."""
    return [a for a in current_first_aiders(intake, today)
            if a.expires is not None and (a.expires - today).days <= EXPIRING_DAYS]


def expiring(intake: Intake, today: date) -> list[str]:
    """Each first aid certificate expiring within `EXPIRING_DAYS` of `today` as an action, soonest first:
    "Renew Tyler Fehr's Standard First Aid with CPR C (Lead Operator) before December 4, 2026, when it expires;
    from that day ..."."""
    aiders = sorted(expiring_first_aiders(intake, today), key=lambda a: a.expires or today)
    return [f"Renew {language.possessive(a.name)} {a.certificate} ({a.title}) before {long_date(a.expires)}, "
            f"when it expires; from that day {a.name} is not counted as a first aider until the renewed "
            "certificate is on file."
            for a in aiders if a.expires]


@dataclass(frozen=True)
class Lapsed:
    """One expired ticket or document: what it is, whose it is, when it expired, and what renewing takes."""

    what: str  # "Standard First Aid with CPR C"
    holder: str  # "Wade Kostiuk, Erection Foreman" or the company's name
    expired: date
    renew: str  # the action, in a sentence

    def sentence(self) -> str:
        """`<holder>: <what>, expired <Month D, YYYY>. <renew>`"""
        return f"{self.holder}: {self.what}, expired {long_date(self.expired)}. {self.renew}"


def long_date(day: date) -> str:
    """`October 2, 2026`."""
    return f"{day:%B} {day.day}, {day.year}"


def lapsed(intake: Intake, today: date) -> list[Lapsed]:
    """Every dated ticket or document in the intake that expired before `today`, oldest first: first aid
    certificates (`people.first_aiders[].expires`) and the platform documents (`prequalification.
    insurance_expires`, `wcb_clearance_expires`)."""
    found = [Lapsed(a.certificate, f"{a.name}, {a.title}", a.expires,
                    "Renew the certificate with an approved first aid provider; until then the holder is not "
                    "counted as a first aider.")
             for a in expired_first_aiders(intake, today) if a.expires]
    pre = intake.prequalification
    company = intake.company.legal_name
    if pre is not None:
        for what, expires, renew in (
                ("certificate of insurance", pre.insurance_expires,
                 "Ask the insurer for the renewed certificate and upload it to each platform."),
                ("WCB clearance letter", pre.wcb_clearance_expires,
                 "Download a new clearance letter from the WCB and upload it to each platform.")):
            if expires and not is_current(expires, today):
                found.append(Lapsed(what, company, expires, renew))
    return sorted(found, key=lambda t: t.expired)
