"""What is due for every client: the certificate events not done up to a date, across a folder of intakes.

`due_across` schedules each client with `projection.project_schedule`, the same projection the program, the
gap report and the calendar use (a client not certified yet is projected from its expected certification
date, which needs the gap assessment: that is why this module sits in the readiness wing). It lists each
client's pending events, overdue ones included, sorted by date; a client whose intake is invalid, or which
has no COR program, is listed as skipped and the rest go on.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .. import language
from ..errors import CorpathError
from ..intake.load import intake_files
from ..protocols.packs import PROTOCOLS
from ..upkeep.platform_documents import EXPIRING_DAYS, expiring_documents
from ..upkeep.schedule import Status
from .projection import project_schedule

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueItem:
    client: str
    company: str
    partner: str
    program: str
    date: dt.date
    kind: str
    what: str
    status: Status
    days_left: int
    projected: bool
    description: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "date": self.date.isoformat()}


@dataclass(frozen=True)
class Skipped:
    """A client left out: its intake is invalid (`invalid`), or it has no COR program to schedule."""

    client: str
    path: str
    reason: str
    invalid: bool


@dataclass(frozen=True)
class DueReport:
    today: date
    until: date
    clients: int  # clients scheduled
    items: list[DueItem]
    skipped: list[Skipped]


def due_across(intake_dir: Path, *, today: date, until: date, root: Path = PROTOCOLS) -> DueReport:
    """Every client's events not done and dated up to `until` (overdue ones included), sorted by date.

    A client whose intake is invalid, or which has no COR program, is listed in `skipped`; the rest go on.
    A passed maintenance or certification audit recorded beside the intake (`intake/<client>.audits/`) counts
    as done, as one entered in `certificate.audits` does.
    """
    from ..errors import InputError
    from ..intake.audits import with_recorded_audits
    from ..intake.load import load_intake
    from ..protocols.certificate import recommend

    items: list[DueItem] = []
    skipped: list[Skipped] = []
    clients = 0
    for path in intake_files(intake_dir):
        try:
            intake = with_recorded_audits(load_intake(path), path)
        except InputError as exc:
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            skipped.append(Skipped(path.stem, str(path), f"invalid intake: {exc.problems[0]}{more}", True))
            log.debug("%s: %s", path, language.tally(len(exc.problems), "problem"))
            continue
        try:
            decision = recommend(intake, root)
        except CorpathError as exc:
            skipped.append(Skipped(intake.client, str(path), f"no COR program: {exc.message}", False))
            continue
        if decision.certificate is None:
            skipped.append(Skipped(intake.client, str(path), f"no COR program: {decision.reasons[0]}", False))
            continue
        try:
            schedule = project_schedule(intake, decision, today=today)
        except (ArithmeticError, ValueError) as exc:  # dates past the calendar's range: this client's problem
            skipped.append(Skipped(intake.client, str(path), f"cannot schedule: {exc}", True))
            continue
        clients += 1
        for event in schedule.pending(until):
            items.append(DueItem(
                client=schedule.client, company=schedule.company, partner=schedule.partner,
                program=schedule.program, date=event.date, kind=event.kind, what=event.title, status=event.status,
                days_left=event.days_left(today), projected=event.projected, description=event.description,
                rule=event.rule,
            ))
        for doc in expiring_documents(intake, schedule, today, until):
            if doc.expires is None:  # dated documents only; kept for the type checker
                continue
            state: Status = ("overdue" if doc.expires < today
                             else "due" if doc.expires <= today + dt.timedelta(days=EXPIRING_DAYS) else "upcoming")
            items.append(DueItem(
                client=schedule.client, company=schedule.company, partner=schedule.partner,
                program=schedule.program, date=doc.expires, kind="platform_document",
                what=f"{doc.document} expires ({doc.platform})", status=state,
                days_left=(doc.expires - today).days, projected=False,
                description=f"Upload the renewed {doc.document.lower()} to {doc.platform} before it expires.",
                rule="Contractor platforms lower a contractor's standing when an uploaded document has expired "
                     "(ISNetworld; secondary sources, medium confidence).",
            ))
    items.sort(key=lambda i: (i.date, i.client, i.kind))
    return DueReport(today=today, until=until, clients=clients, items=items, skipped=skipped)
