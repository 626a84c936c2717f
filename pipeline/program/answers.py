"""Which audit questions a rendered program answers, and which it leaves without an answering paragraph.

Every question of a protocol pack (or of the instrument it names) carries `answer`: short phrases, one of which
the answering paragraph of one of its `sections` contains. A question counts as answered for a company when it
applies to the company's program, activities and size, and one of its sections, as rendered for that company, holds
one of the phrases in the text before the section's audit cross-reference (the cross-reference repeats the
questions themselves, so it cannot answer them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..intake.vocabulary import activities_done
from ..protocols.packs import Element, Question
from .compose import RenderedProgram
from .lint import CROSSREF_START
from .plan import Plan


@dataclass(frozen=True)
class Unanswered:
    """A question the program does not answer, and why: no phrase given, a section missing, or no phrase found."""

    element: str
    question: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"question {self.question} [element {self.element}] {self.text}: {self.reason}"


def normalise(text: str) -> str:
    """Markdown text folded for phrase matching: Markdown escapes and emphasis dropped, spaces collapsed, lower case."""
    text = text.replace("\\", "").replace("**", "").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def asked(plan: Plan) -> list[tuple[Element, Question]]:
    """The questions the company is asked: its program's, minus those for activities it does not do."""
    doing = activities_done(plan.intake.operations.activities)
    questions = plan.protocol.questions(plan.program.id)
    return [(e, q) for e, q in questions if q.asked_of(doing)]


def answering_section(question: Question, bodies: dict[str, str]) -> str | None:
    """The first of the question's sections whose normalised body holds one of its `answer` phrases, or None."""
    phrases = [normalise(p) for p in question.answer]
    for section in question.sections:
        body = bodies.get(section)
        if body is not None and any(p in body for p in phrases):
            return section
    return None


def section_bodies(program: RenderedProgram) -> dict[str, str]:
    """Each rendered section's normalised text before its audit cross-reference, by section id."""
    return {s.spec.id: normalise(s.body.split(CROSSREF_START)[0]) for s in program.sections}


def unanswered(plan: Plan, program: RenderedProgram,
               questions: Iterable[tuple[Element, Question]] | None = None) -> list[Unanswered]:
    """Every question asked of the company (or of `questions`) that the rendered program leaves unanswered.

    A question that does not apply to the company (`PracticeModel.not_applicable`: no subcontractors, one
    person with no one else to interview or meet) needs no answer; the gap report states why it is skipped."""
    bodies = section_bodies(program)
    out = []
    for element, question in (asked(plan) if questions is None else questions):
        if plan.practices.not_applicable(question):
            continue
        if not question.answer:
            reason = "no answer phrase in the protocol data"
        elif not any(s in bodies for s in question.sections):
            reason = f"none of its sections ({', '.join(question.sections)}) is in this program"
        elif answering_section(question, bodies) is None:
            reason = f"no paragraph of {', '.join(question.sections)} says any of: {'; '.join(question.answer)}"
        else:
            continue
        out.append(Unanswered(element.id, question.id, question.text, reason))
    return out
