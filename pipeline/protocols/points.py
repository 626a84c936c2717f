"""The points rule of an audit instrument or pack: where the points per question come from, or how corpath assumes
them.

Every pack states it (`points:` in the pack, or in the shared instrument it audits with), and the loader checks the
questions against it: a rule of one figure (`per_question`) must be what every question carries, and an element
total the partner publishes (`element_totals`) must be what that element's questions add up to. Scoring reads the
questions' points, so a predicted score rests on the rule the pack states; a rule that is not the partner's
published points goes to the consultant's review list (`pipeline.delivery.review`), never to the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import Field, model_validator

from .sourced import Confidence, Sourced


class ElementTotal(Sourced):
    """One element's total points, as the partner publishes it."""

    element: str = Field(description="Element id, e.g. '6'")
    points: int = Field(description="The element's total points in the partner's instrument", ge=1)


class PointsRule(Sourced):
    """Where the points per question come from, or how they are assumed; `source` and `confidence` are the rule's
    (for an assumed rule: what the assumption rests on, at low confidence)."""

    published: bool = Field(
        description="true: the questions carry the partner's published points; false: corpath's assumption, listed "
        "for the consultant to confirm")
    per_question: int | None = Field(
        None, ge=1, description="Points every question carries, when the rule is one figure (every question weighs "
        "the same, so an element weighs in proportion to its number of questions); null when they differ")
    element_totals: list[ElementTotal] = Field(
        default_factory=list, description="Element totals the partner publishes, each with its own source; the "
        "questions of the element must add up to it")

    @model_validator(mode="after")
    def _published_has_a_source(self) -> PointsRule:
        if self.published and (self.source is None or self.confidence == Confidence.low):
            raise ValueError("published points need a source at medium or high confidence; say `published: false` "
                             "for corpath's assumption")
        return self

    @property
    def unverified(self) -> bool:
        """An assumed rule is unverified whatever its confidence: the consultant confirms it with the partner."""
        return not self.published or super().unverified

    @property
    def statement(self) -> str:
        """The rule in one plain sentence, e.g. 'Assumed by corpath: every question carries 5 points (equal weight
        within each element).'"""
        if self.published:
            what = "The questions carry the partner's published points"
        elif self.per_question is not None:
            what = (f"Assumed by corpath: every question carries {self.per_question} points (equal weight within "
                    f"each element)")
        else:
            what = "Assumed by corpath: the points per question are corpath's own weights"
        totals = "; ".join(f"element {t.element} totals {t.points} points {t.provenance}" for t in self.element_totals)
        return f"{what}." + (f" Published: {totals}." if totals else "")


class _Question(Protocol):
    id: str
    points: int


class _Element(Protocol):
    id: str

    @property
    def questions(self) -> Sequence[_Question]: ...


def points_problems(rule: PointsRule, elements: Sequence[_Element]) -> list[str]:
    """What in `elements` disagrees with `rule`, one sentence each (empty when all agrees): a question whose points
    are not the rule's one figure, an element total the questions do not add up to, a total for no element."""
    problems = []
    if rule.per_question is not None:
        problems += [f"question '{q.id}' carries {q.points} points where the points rule gives every question "
                     f"{rule.per_question}" for e in elements for q in e.questions if q.points != rule.per_question]
    by_id = {e.id: e for e in elements}
    for total in rule.element_totals:
        element = by_id.get(total.element)
        if element is None:
            problems.append(f"points.element_totals names element '{total.element}', which the pack does not have")
            continue
        summed = sum(q.points for q in element.questions)
        if summed != total.points:
            problems.append(f"element {total.element}'s questions add up to {summed} points, where the published "
                            f"total is {total.points}")
    return problems
