"""The practice facts the audit kit reads, through one adapter: `practice_facts`.

For each record an auditor samples the kit needs how often it is made, who keeps it, where it is, which form
makes it, which program section says how, whether it applies to the company, and how many the records window
needs. Today these come from the intake (`practices.<name>`) and the records catalogue
(`pipeline/protocols/records.py`, `program_templates/records.yaml`), counted as the records checklist counts
them; when one practice model holds them, only this module changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..intake.model import Intake, Person
from ..program.forms import FORM_TITLES
from ..program.plan import section_titles
from ..program.render import frequency_words
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


def practice_facts(intake: Intake, spec: RecordSpec, *, today: date, months: int, rules: ScoringRules,
                   key: str | None = None) -> PracticeFacts:
    """The facts of one record for this company (see the module docstring for where they come from).

    The frequency is the one the intake gives for a practice that is done, else the catalogue's rate; `where`
    is the intake's location when the records can be produced, else the keeper's office files. `key` is the
    scoring state of the question that names the record, used when the record names no practice.
    """
    world = World(intake, today, rules)
    key = spec.practice or key or "program"
    state = state_for(world, key)
    need = assess_record(spec, state, intake, rules, months)
    practice = getattr(intake.practices, spec.practice) if spec.practice else None
    if practice is not None and practice.done and practice.frequency is not None:
        frequency = frequency_words(practice.frequency)
    else:
        frequency = rules.rates[spec.rate].words
    keeper = need.keeper
    if state.can_produce and state.location:
        where = state.location
    else:
        where = "the office safety files"
    return PracticeFacts(
        record=spec, frequency=frequency, keeper=keeper, where=where,
        form=FORM_TITLES.get(spec.form) if spec.form else None,
        section=section_titles().get(spec.section, spec.section),
        applies=state.not_applicable is None, not_applicable=state.not_applicable,
        count_needed=need.required, arithmetic=need.arithmetic,
    )
