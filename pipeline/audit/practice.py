"""The practice facts the audit kit reads, through one adapter: `practice_facts`.

For each record an auditor samples the kit needs how often it is made, who keeps it, where it is, which form
makes it, which program section says how, whether it applies to the company, and how many the records window
needs. They come from the practice model (`pipeline.practices.model`), the one every other output reads, and
the evidence state of the intake, counted as the records checklist counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..intake.model import Intake, Person
from ..practices.model import PracticeModel, practice_model
from ..program.forms import FORM_TITLES
from ..program.plan import section_titles
from ..protocols.records import RecordSpec
from ..readiness.checklist import assess_record
from ..readiness.evidence import World, state_for
from ..readiness.scoring_rules import ScoringRules


@dataclass(frozen=True)
class PracticeFacts:
    """One record as the company's program runs it."""

    record: RecordSpec
    frequency: str  # in words: "weekly", "for each new worker"
    keeper: Person
    where: str  # where the records are (or will be) kept
    form: str | None  # the form's title, when a form makes the record
    section: str  # the program section's title
    applies: bool
    not_applicable: str | None  # why not, when it does not apply
    count_needed: int  # records the window needs
    arithmetic: str  # how that count is reached, in words
    worked: tuple[int, ...]  # months of the year (1-12) the record is made in: the season, for a seasonal one


def practice_facts(intake: Intake, spec: RecordSpec, *, today: date, months: int, rules: ScoringRules,
                   key: str | None = None, model: PracticeModel | None = None,
                   world: World | None = None) -> PracticeFacts:
    """The facts of one record for this company (see the module docstring for where they come from).

    Frequency, keeper and applicability are the practice model's (`model`, made from the intake when None);
    `where` is the intake's location when the records can be produced, else the keeper's office files. `key` is
    the scoring state of the question that names the record, used when the record names no practice. `world`
    is the intake's evidence world on `today` with `rules` and no boosts (`World(intake, today, rules)`, made
    when None): one world for every record of a kit states each practice once.
    """
    model = model or practice_model(intake, months=months, today=today)
    record = model.record(spec.id)
    state = state_for(world or World(intake, today, rules), spec.practice or key or "program")
    need = assess_record(record, state, rules, months)
    where = state.location if state.can_produce and state.location else "the office safety files"
    return PracticeFacts(
        record=spec, frequency=record.frequency_words, keeper=record.keeper, where=where,
        form=FORM_TITLES.get(spec.form) if spec.form else None,
        section=section_titles().get(spec.section, spec.section),
        applies=record.applies and state.not_applicable is None,
        not_applicable=record.not_applicable or state.not_applicable,
        count_needed=need.required, arithmetic=need.arithmetic,
        worked=record.season.months if record.seasonal else tuple(range(1, 13)),
    )
