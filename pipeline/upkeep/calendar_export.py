"""The certificate's maintenance calendar as an iCalendar file, for a consultant's or client's calendar.

`write_ics` writes one all-day event per schedule event, with the rule in the description (its source and
confidence stay with the consultant: the calendar goes to the client) and reminders before each event not
done; `event_uid` keeps each event's UID stable across runs.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from pathlib import Path

from .schedule import REMINDER_DAYS, Event, Schedule


def event_uid(schedule: Schedule, event: Event) -> str:
    """Stable across runs (client, kind, date), so a calendar re-import updates an event instead of adding one."""
    return f"{schedule.client}-{event.key}@corpath"


def write_ics(schedule: Schedule, path: Path, *, company: str) -> Path:
    """Write the schedule as an iCalendar file: one all-day VEVENT per event, with reminders.

    Each event's DESCRIPTION carries what to do and the rule, without research notes; events not done get VALARM
    reminders (60 and 14 days before audits, expiry and lapses, 7 days before notices). DTSTAMP is the
    schedule's `today`, so the same schedule always writes the same file. The file is replaced atomically.
    """
    from icalendar import Alarm, Calendar
    from icalendar import Event as VEvent

    stamp = dt.datetime.combine(schedule.today, dt.time(0), tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//corpath//certificate upkeep//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{company}: {schedule.partner} {schedule.program} upkeep")
    for event in schedule.events:
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
        if event.status != "done":  # reminders whose day has passed would all fire on import: left out
            for days in (d for d in REMINDER_DAYS[event.kind] if event.date - timedelta(days=d) >= schedule.today):
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{company}: {event.title} in {days} days ({event.date})")
                alarm.add("trigger", timedelta(days=-days))
                item.add_component(alarm)
        cal.add_component(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_bytes(cal.to_ical())
    staging.replace(path)
    return path
