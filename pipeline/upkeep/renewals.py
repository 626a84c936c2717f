"""First aid certificates to renew, as dated calendar events beside the certificate's upkeep schedule.

A first aider's certificate that expires soon or has expired is the company's to renew (the program and the gap
report say so: `practices.tickets`); the `.ics` calendar carries its expiry date with the calendar's usual
reminders. These events are not part of the certificate's `Schedule`: the program's administration table and
`corpath due` list the certificate's own cycle, not each worker's tickets.

API:

- `first_aid_renewals(aiders, today) -> list[Event]`: one `first_aid_expiry` event per dated certificate, on
  its expiry date (an expired one on `today`, overdue since its expiry), for `calendar_export.write_ics(...,
  extra=...)`
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .. import language
from ..intake.model import FirstAider
from .schedule import Event, long_date, status_on

RULE = "A first aid certificate is valid until the expiry date on it; renew it before then."
SOURCE = "intake people.first_aiders[].expires"


def first_aid_renewals(aiders: Iterable[FirstAider], today: date) -> list[Event]:
    """One all-day event per first aider in `aiders` whose certificate has an expiry date, dated on that day:
    "Renew Tyler Fehr's Standard First Aid", status `due` (or `upcoming`, as the schedule's events); a
    certificate already expired on `today` is dated on `today`, status `overdue`, its title saying "overdue
    since" the expiry date (a calendar event in the past is never seen). The caller chooses which aiders (the
    build: those expiring within `practices.tickets.EXPIRING_DAYS` and those already expired). The date is the
    intake's own (high confidence); the rule is the certificate's, not a regulator's. Key: person and
    certificate, so a renewal moves the event."""
    events = []
    for aider in aiders:
        if aider.expires is None:
            continue
        past = aider.expires < today
        when = (f"expired on {long_date(aider.expires)}, and its renewal is overdue since then" if past
                else f"expires on {long_date(aider.expires)}")
        slug = "-".join(re.sub(r"\W+", "-", text.casefold()).strip("-") for text in (aider.name, aider.certificate))
        holder = language.possessive(aider.name)
        events.append(Event(
            # an expired certificate's renewal is to do now: dated on the build day, never in the past (review 16)
            date=today if past else aider.expires, kind="first_aid_expiry",
            title=f"Renew {holder} {aider.certificate}"
                  + (f" (overdue since {long_date(aider.expires)})" if past else ""),
            description=(f"{holder} {aider.certificate} ({aider.title}) {when}. Renew it with an approved first aid "
                         f"provider; until the renewed certificate is on file {aider.name} is not "
                         "counted as a first aider."),
            rule=f"{RULE} ({SOURCE}; high confidence)", source=SOURCE, confidence="high", unverified=False,
            status=status_on(aider.expires, False, today, "first_aid_expiry"), key=f"first_aid_expiry-{slug}",
            plain_rule=RULE))
    return sorted(events, key=lambda e: (e.date, e.key))
