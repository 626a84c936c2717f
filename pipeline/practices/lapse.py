"""A practice that has stopped: done since some month at a periodic rate, but with no record for longer than
the rate allows (review 18: "site inspections monthly since September 2025" when the newest record on file is
February 2026). The program then does not describe the practice as ongoing, and the gap report asks for it to
be restarted."""

from __future__ import annotations

from datetime import date

from ..intake.model import Practice
from ..protocols.records import RecordCatalogue, load_record_catalogue

MISSED_PERIODS = 2  # periods without a record before the practice reads as stopped (one may be late or unfiled)
MIN_MONTHS = 2  # `records.latest` is a month: a weekly practice's newest record last month is not a lapse


def months_since(latest: date, today: date) -> int:
    """Whole calendar months from `latest`'s month to `today`'s (2026-02 to 2026-11-30: 9)."""
    return (today.year - latest.year) * 12 + today.month - latest.month


def lapsed(practice: Practice, today: date, catalogue: RecordCatalogue | None = None) -> date | None:
    """The month of the newest record (`records.latest`) when the practice has stopped: it is done at a periodic
    rate (the intake's `frequency`, a rate of records.yaml with `per_year`; one made per task, per event or as
    needed never lapses here), and more than MISSED_PERIODS of its periods (at least MIN_MONTHS months) have
    passed since that record. None otherwise, and when the intake gives no `latest` (nothing says the practice
    stopped). A rule of this program, not of any partner's protocol."""
    latest = practice.records.latest
    if not practice.done or latest is None or practice.frequency is None:
        return None
    rate = (catalogue or load_record_catalogue()).rates.get(practice.frequency.value)
    if rate is None or not rate.per_year:
        return None
    allowed = max(MIN_MONTHS, MISSED_PERIODS * 12 / rate.per_year)
    return latest if months_since(latest, today) > allowed else None
