"""Who takes the courses a certifying partner requires before the audit (the protocol pack's `courses`).

The pack names a role ("the company's internal auditor", "company representatives", "the senior management
representative"); the intake names no internal auditor or course candidate. In a one-person company the role can
only be the owner, so the owner is named and nothing is asked. Elsewhere the role words stay and the person the
intake already makes responsible is named beside them, "(to be taken by Name, Title)": the owner for senior
management, the safety coordinator (`people.coordinator`, the owner when none is named) for the internal auditor and
a company representative. That is the company's own assignment, not the partner's rule, so review.md asks the
consultant to confirm it (`holders_to_confirm`); a role none of these fits keeps the partner's words and is asked.
A course the intake shows taken names who took it, "(taken by Name)".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..intake.model import Intake, Person
from ..protocols.pack_model import Course
from .courses import Taken
from .model import is_owner_operator

_TAKEN_BY = " (to be taken by "
# The pack's role words, and who in the intake answers for that role: the owner leads as senior management; the
# safety coordinator runs the program day to day, so audits it and represents the company on the partner's course.
_ROLES = ((re.compile(r"\bsenior management representative\b", re.IGNORECASE), "owner"),
          (re.compile(r"\binternal auditor\b|\bcompany representatives?\b", re.IGNORECASE), "coordinator"))


def course_holder(intake: Intake) -> str | None:
    """The person who takes every required course, as "Name, Title": the owner of a one-person company
    (`is_owner_operator`); None when the intake does not say who."""
    if not is_owner_operator(intake):
        return None
    owner = intake.people.owner
    return f"{owner.name}, {owner.title}"


def role_holder(who: str, intake: Intake) -> Person | None:
    """The person the intake makes responsible for a course's role words (`who`, the pack's words): the owner for
    "senior management representative", the safety coordinator (the owner when none is named) for "internal
    auditor" or "company representatives"; None for any other role."""
    for pattern, person in _ROLES:
        if pattern.search(who):
            return intake.people.owner if person == "owner" else intake.people.coordinator
    return None


def named_courses(courses: list[Course], intake: Intake,
                  done: Sequence[tuple[Course, Taken]] = ()) -> list[Course]:
    """The courses with `who` naming the person who takes them: the one-person company's owner alone
    (`course_holder`), else the pack's role words followed by "(taken by Name)" for a course the intake shows
    taken (`done`: `practices.courses.match_courses`'s credited pairs, the courses being these very objects),
    else by "(to be taken by Name, Title)" where `role_holder` names someone, else the pack's role words unchanged."""
    holder = course_holder(intake)
    if holder:
        return [c.model_copy(update={"who": holder}) for c in courses]
    taken = {id(c): t for c, t in done}
    named = []
    for c in courses:
        if id(c) in taken:
            named.append(c.model_copy(update={"who": f"{c.who} (taken by {taken[id(c)].person})"}))
            continue
        person = None if _TAKEN_BY in c.who else role_holder(c.who, intake)
        named.append(c.model_copy(update={"who": f"{c.who}{_TAKEN_BY}{person.name}, {person.title})"})
                     if person else c)
    return named


def role_words(who: str) -> str:
    """A course's `who` without the "(to be taken by …)" that `named_courses` adds: the partner's words."""
    return who.split(_TAKEN_BY, 1)[0]


def unbracketed(who: str) -> str:
    """A named `who` for a sentence already in parentheses: "the internal auditor (to be taken by Lisa Ricci,
    Office Administrator)" → "the internal auditor, to be taken by Lisa Ricci, Office Administrator"."""
    if _TAKEN_BY in who and who.endswith(")"):
        return who[:-1].replace(_TAKEN_BY, ", to be taken by ", 1)
    return who


def holders_to_confirm(courses: list[Course], intake: Intake) -> list[str]:
    """For review.md: one question per course whose taker the intake does not name ("who takes '<course>' (the
    partner's words: <who>)"), with the person the program names meanwhile where `role_holder` gives one; empty
    for a one-person company, whose owner takes them all."""
    if course_holder(intake):
        return []
    asked = []
    for c in courses:
        role = role_words(c.who)
        person = role_holder(role, intake)
        named = f"; the program names {person.name}, {person.title}, until the client says" if person else ""
        asked.append(f"who takes '{c.name}' (the partner's words: {role}{named})")
    return asked
