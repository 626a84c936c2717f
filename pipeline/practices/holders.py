"""Who takes the courses a certifying partner requires before the audit (the protocol pack's `courses`).

The pack names a role ("the company's internal auditor", "company representatives"); the intake names no
internal auditor or course candidate. In a one-person company the role can only be the owner, so the owner is
named; elsewhere the role words stay and review.md asks the consultant who (no name is invented).
"""

from __future__ import annotations

from ..intake.model import Intake
from ..protocols.pack_model import Course
from .model import is_owner_operator


def course_holder(intake: Intake) -> str | None:
    """The person who takes every required course, as "Name, Title": the owner of a one-person company
    (`is_owner_operator`); None when the intake does not say who."""
    if not is_owner_operator(intake):
        return None
    owner = intake.people.owner
    return f"{owner.name}, {owner.title}"


def named_courses(courses: list[Course], intake: Intake) -> list[Course]:
    """The courses with `who` naming the person who takes them where the intake says (`course_holder`), else
    unchanged (the pack's role words)."""
    holder = course_holder(intake)
    return [c.model_copy(update={"who": holder}) for c in courses] if holder else list(courses)


def holders_to_confirm(courses: list[Course], intake: Intake) -> list[str]:
    """For review.md: one question per course whose taker the intake does not name ("Who takes '<course>'
    (the partner's words: <who>)?"); empty when the intake names the holder."""
    if course_holder(intake):
        return []
    return [f"who takes '{c.name}' (the partner's words: {c.who})" for c in courses]
