"""The certificate's maintenance calendar as an iCalendar file, for a consultant's or client's calendar.

`write_ics` writes one all-day event per schedule event, with the rule in the description (its source and
confidence stay with the consultant: the calendar goes to the client) and reminders before each event not
done. A calendar that imports the file again updates its events instead of
adding copies: `event_uid` names an event by what it is (client, cycle, kind, year), never by its date, and
an event that moved since the previous delivery's file carries a higher SEQUENCE (RFC 5545, 3.8.7.4), which
is what tells a calendar the new copy wins.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from .. import language
from .schedule import REMINDER_DAYS, Event, Schedule

log = logging.getLogger(__name__)

# What makes an event "moved" (RFC 5545 3.8.7.4 lists the date and time properties and STATUS as significant).
SIGNIFICANT = ("dtstart", "dtend", "status")


def event_uid(schedule: Schedule, event: Event) -> str:
    """The event's identity: client, certification cycle, kind and place in the cycle ("acme-c1-maintenance_audit-
    year2@corpath"), or the person and course of a lapse. A moved date keeps the UID."""
    return f"{schedule.client}-{event.key}@corpath"


def previous_sequences(path: Path | None) -> dict[str, tuple[int, tuple[bytes, ...]]]:
    """UID → (SEQUENCE, the significant properties) of every event in an earlier calendar file; {} when there is
    none or it cannot be read (then every event starts again at SEQUENCE 0, as for a new calendar)."""
    if path is None or not path.is_file():
        return {}
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(path.read_bytes())
        found = {}
        for vevent in calendar.walk("VEVENT"):
            sequence = vevent.get("sequence")
            found[str(vevent["uid"])] = (int(sequence) if sequence is not None else 0, _significant(vevent))
        return found
    except (OSError, ValueError, KeyError) as exc:
        log.warning("could not read the previous calendar %s (%s): sequence numbers start again", path, exc)
        return {}


def _significant(vevent) -> tuple[bytes, ...]:
    return tuple(vevent[name].to_ical() if name in vevent else b"" for name in SIGNIFICANT)


def write_ics(schedule: Schedule, path: Path, *, company: str, previous: Path | None = None,
              extra: Sequence[Event] = ()) -> Path:
    """Write the schedule as an iCalendar file: one all-day VEVENT per event, with reminders.

    Each event's DESCRIPTION carries what to do and the rule, without research notes; events not done get VALARM
    reminders (60 and 14 days before audits, expiry and lapses, 7 days before notices). `previous` is the
    calendar file of the previous delivery, if any: an event whose date or status changed since then gets its
    SEQUENCE there plus one, any other keeps it, a new one starts at 0. DTSTAMP is the schedule's `today`, so
    the same schedule and previous file always write the same file. `extra` are events kept beside the
    schedule's, in date order with them (the first aid certificates to renew: `upkeep.renewals`). Every text,
    the calendar's name (X-WR-CALNAME) included, is an escaped TEXT value. The file is replaced atomically.
    """
    from icalendar import Alarm, Calendar, vText
    from icalendar import Event as VEvent

    earlier = previous_sequences(previous)

    stamp = dt.datetime.combine(schedule.today, dt.time(0), tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//corpath//certificate upkeep//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # an X- property is written as given unless it is typed: as TEXT, its commas, semicolons, backslashes and
    # line breaks are escaped the way SUMMARY's are
    cal.add("x-wr-calname", vText(f"{company}: {schedule.partner} {schedule.program} upkeep"))
    for event in sorted([*schedule.events, *extra], key=lambda e: (e.date, e.kind, e.key)):
        item = VEvent()
        item.add("uid", event_uid(schedule, event))
        item.add("dtstamp", stamp)
        item.add("dtstart", event.date)
        item.add("dtend", event.date + timedelta(days=1))
        item.add("summary", f"{company}: {event.title}{' (projected)' if event.projected else ''}")
        projected = ("\nProjected from the expected certification date; it moves when the real date is known."
                     if event.projected else "")
        rule = event.plain_rule or event.rule
        item.add("description", f"{event.description}\n\nRule: {rule}\nStatus on {schedule.today}: "
                                f"{event.status}.{projected}")
        item.add("categories", [event.kind])
        item.add("status", "TENTATIVE" if event.projected else "CONFIRMED")
        item.add("transp", "TRANSPARENT")
        sequence, before = earlier.get(event_uid(schedule, event), (0, None))
        if before is not None and before != _significant(item):
            sequence += 1
        item.add("sequence", sequence)
        if event.status != "done":  # reminders whose day has passed would all fire on import: left out
            for days in (d for d in REMINDER_DAYS[event.kind] if event.date - timedelta(days=d) >= schedule.today):
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{company}: {event.title} in {language.duration(days, 'day')} ({event.date})")
                alarm.add("trigger", timedelta(days=-days))
                item.add_component(alarm)
        cal.add_component(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_bytes(cal.to_ical())
    staging.replace(path)
    return path
