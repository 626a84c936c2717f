"""One schedule for every output: the certificate's cycle projected from one anchor date.

`corpath due`, the program's maintenance calendar, the gap report and the `.ics` all call
`project_schedule`, so they show the same events on the same dates. A certified company's cycle runs from its
certificate (`upkeep.schedule.schedule_for`); a company not certified yet is projected from
`expected_certification`: the target date when the gap assessment says it can be met, else the earliest
realistic audit date, else the target, else today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..intake.model import CertificateStatus, Intake
from ..upkeep.schedule import Schedule, schedule_for
from .gaps import Readiness, assess_readiness


def expected_certification(readiness: Readiness, today: date) -> date:
    """The date a not-yet-certified company's cycle is projected from: the target when the gap report says it
    can be met, else the earliest realistic audit date, so the program and the report tell the same story."""
    timeline = readiness.timeline
    if timeline.target and timeline.meets_target:
        return timeline.target
    return timeline.earliest or timeline.target or today


def project_schedule(intake: Intake, decision: Any, *, today: date, readiness: Readiness | None = None) -> Schedule:
    """The certificate's schedule on `today`, the one every output shows.

    `readiness` is the gap assessment when the caller has made it (a build); it is assessed here only for a
    company not certified yet, whose cycle is projected from `expected_certification`. Raises NoPartnerError
    when the decision has no COR program.
    """
    if intake.certificate.status == CertificateStatus.certified:
        return schedule_for(intake, decision, today=today)
    readiness = readiness or assess_readiness(intake, today=today, decision=decision)
    return schedule_for(intake, decision, today=today, certified_on=expected_certification(readiness, today))
