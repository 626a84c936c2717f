"""What one audit covers: the client's program, protocol version and the questions it will be asked.

The kit and the recorded audit read the same scope, so a workbook is checked against exactly the questions,
methods and maximum points it was made with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import NoPartnerError
from ..intake.model import Intake
from ..protocols.certificate import Decision, recommend
from ..protocols.packs import Element, Program, ProtocolPack, Question
from ..readiness.scoring import asked_questions

METHODS = ("documentation", "interview", "observation")
METHOD_WORDS = {"documentation": "Documents", "interview": "Interviews", "observation": "Observation"}


@dataclass(frozen=True)
class AuditScope:
    """The audit of one client on one protocol version: who, which program, which questions, on which day."""

    intake: Intake
    pack: ProtocolPack
    program: Program
    questions: list[tuple[Element, Question]]
    audit_day: date  # the day the kit plans for: the target audit date ahead, else the day it is made
    months: int  # the records window

    @property
    def elements(self) -> list[Element]:
        seen = {e.id for e, _ in self.questions}
        return [e for e in self.pack.elements if e.id in seen]


def audit_scope(intake: Intake, *, today: date, decision: Decision | None = None) -> AuditScope:
    """The client's audit scope on `today`; raises NoPartnerError when it has no COR program."""
    decision = decision or recommend(intake)
    if decision.pack is None or decision.program_id is None:
        raise NoPartnerError(f"{intake.client}: no COR program to audit: " + " ".join(decision.reasons))
    pack = decision.pack.pack
    program = pack.program(decision.program_id)
    target = intake.client_requirements.target_audit_date
    audit_day = target if target and target >= today else today
    return AuditScope(intake, pack, program, asked_questions(pack, program.id, intake), audit_day,
                      program.records_window.months)


def method_maximum(question: Question) -> dict[str, float]:
    """The points each method of a question carries: its points split evenly over its evidence types (10 points
    over documentation and interview: 5 and 5), the same split as the readiness score."""
    share = question.points / len(question.evidence)
    return {m: share for m in METHODS if m in question.evidence}
