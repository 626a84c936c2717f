"""How many people, sites and records an audit samples, from `program_templates/protocols/sampling.yaml`.

Every rule is sourced data; a partner's own interview table (when one is found) goes under
`interviews.partners.<partner-id>` and wins over the default. Rules at low confidence are listed by
`unverified_rules` for the consultant's review file, never in the kit's client-facing files.
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..intake.model import Intake, Person
from ..intake.yamlfile import load_model
from ..protocols.packs import PROTOCOLS, Pack, Sourced
from ..upkeep.schedule import add_months

SAMPLING = PROTOCOLS / "sampling.yaml"


class Band(Pack):
    upto: int = Field(description="Largest headcount of the band", ge=1)
    sample: int | Literal["all"] = Field(description="Interviewees, or 'all'")


class Example(Pack):
    workers: int = Field(description="Headcount", ge=1)
    sample: int = Field(description="Interviewees at that headcount, at least", ge=1)


class PublishedExamples(Sourced):
    """Headcounts for which the partner itself publishes the interview sample, e.g. ESC's 5 → 4, 50 → 19, 500 → 60."""

    examples: list[Example] = Field(description="The partner's published examples", min_length=1)


class InterviewTable(Sourced):
    """Interviewees by headcount band. With `published`, the partner's own examples are exact and the bands
    between them are corpath's interpolation: the table's own source, confidence and note say so, and a headcount
    that falls on no example goes to the consultant's review list."""

    bands: list[Band] = Field(description="Headcount bands in increasing order", min_length=1)
    published: PublishedExamples | None = Field(
        None, description="The partner's published examples, which the bands must agree with")

    @model_validator(mode="after")
    def _bands_agree_with_the_examples(self) -> InterviewTable:
        for example in self.published.examples if self.published else []:
            band = next((b for b in self.bands if example.workers <= b.upto), None)
            if band is None:
                continue  # above the table: the example alone answers for that headcount
            got = example.workers if band.sample == "all" else band.sample
            if got != example.sample:
                raise ValueError(f"the band up to {band.upto} workers gives {got} interviewees at {example.workers} "
                                 f"workers, where the partner publishes {example.sample}")
        return self


class RoleSplit(Sourced):
    management_all: bool = Field(description="Interview the owner and the safety coordinator")
    supervisors_all: bool = Field(description="Interview every supervisor")
    workers_minimum: int = Field(description="Workers interviewed at least", ge=0)


class Interviews(Pack):
    default: InterviewTable = Field(description="The table used when a partner has none of its own")
    partners: dict[str, InterviewTable] = Field(default_factory=dict, description="A partner's own table, by id")
    roles: RoleSplit = Field(description="How the sample is split between roles")


class InterviewPoints(Sourced):
    rule: Literal["proportional"] = Field(description="proportional: maximum × correct ÷ asked")
    tolerance: float = Field(description="Points the entry may differ from the rule by", ge=0)


class Observation(Sourced):
    max_sites: int = Field(description="Active sites observed at most in one audit", ge=1)


class Documentation(Sourced):
    max_per_record: int = Field(description="Records pulled per record type at most", ge=1)


class SamplingRules(Pack):
    format: Literal[1] = Field(description="File format version")
    interviews: Interviews
    interview_points: InterviewPoints
    observation: Observation
    documentation: Documentation


@cache
def load_sampling(path: Path = SAMPLING) -> SamplingRules:
    """The sampling rules; raises InputError (file, line, field) when the file does not validate."""
    return load_model(SamplingRules, path)


def interview_table(rules: SamplingRules, partner_id: str) -> InterviewTable:
    """The partner's own interview table when the file has one, else the default."""
    return rules.interviews.partners.get(partner_id, rules.interviews.default)


def interview_rule(rules: SamplingRules, partner_id: str, workers: int) -> tuple[int | None, Sourced]:
    """Interviewees for a headcount and the fact that gives the number: the partner's published example when the
    headcount is one, else the table's band (everyone when the band says all); None above the table (ask the
    partner), with the table as the fact."""
    table = interview_table(rules, partner_id)
    if table.published is not None:
        for example in table.published.examples:
            if example.workers == workers:
                return example.sample, table.published
    for band in table.bands:
        if workers <= band.upto:
            return (workers if band.sample == "all" else band.sample), table
    return None, table


def interview_sample(rules: SamplingRules, partner_id: str, workers: int) -> int | None:
    """Interviewees for a headcount (`interview_rule` without the fact behind it)."""
    return interview_rule(rules, partner_id, workers)[0]


def interviewees(rules: SamplingRules, partner_id: str, intake: Intake) -> dict[str, list[Person] | int]:
    """Who to interview per role: `management` and `supervisors` as people, `workers` as a number."""
    people = intake.people
    total = interview_sample(rules, partner_id, people.workers) or people.workers
    split = rules.interviews.roles
    management = [people.owner] if split.management_all else []
    if split.management_all and people.coordinator.name != people.owner.name:
        management.append(people.coordinator)
    supervisors = [s for s in people.supervisors if s.name not in {m.name for m in management}]
    supervisors = supervisors if split.supervisors_all else supervisors[:1]
    named = len(management) + len(supervisors)
    others = max(0, people.workers - named)
    workers = min(others, max(split.workers_minimum, total - named))
    return {"management": management, "supervisors": supervisors, "workers": workers}


def sites_to_observe(rules: SamplingRules, intake: Intake) -> int:
    """Active sites the auditor observes: one per crew, at most the rule's maximum."""
    return min(max(1, intake.people.crews), rules.observation.max_sites)


def documents_to_pull(rules: SamplingRules, required: int) -> int:
    """Records to pull for one record type: what the window needs, capped, at least one."""
    return max(1, min(required, rules.documentation.max_per_record))


def sample_months(audit_day: date, window_months: int, count: int,
                  worked: tuple[int, ...] = tuple(range(1, 13))) -> list[date]:
    """`count` months spread evenly over the records window that ends the month before `audit_day`, as the
    first day of each month, oldest first (12 months and 4 records: months 2, 5, 8 and 11 of the window).

    `worked` are the months of the year (1-12) in which the record is made: a seasonal record is sampled only
    from the window's months in season (a roofer working March to November has no FLHAs from December), spread
    evenly over those; a window with no month in season falls back to the whole window.
    """
    start = add_months(date(audit_day.year, audit_day.month, 1), -window_months)
    months = [m for m in (add_months(start, i) for i in range(window_months)) if m.month in worked]
    months = months or [add_months(start, i) for i in range(window_months)]
    count = max(1, min(count, len(months)))
    picks = sorted({math.floor((i + 0.5) * len(months) / count) for i in range(count)})
    return [months[p] for p in picks]


def unverified_rules(rules: SamplingRules, partner_id: str, workers: int | None = None) -> list[str]:
    """Each sampling rule the kit used at low confidence (or with no source), in a sentence with its source.

    With `workers`, the interview sample size is judged by the fact that gave the number for that headcount (a
    partner's published example is verified; a band interpolated between examples is not)."""
    used = {
        "Interview sample size": interview_table(rules, partner_id) if workers is None
        else interview_rule(rules, partner_id, workers)[1],
        "Interviews by role": rules.interviews.roles,
        "Interview points against answers": rules.interview_points,
        "Sites observed": rules.observation,
        "Records pulled per record type": rules.documentation,
    }
    return [f"{name}: {fact.note or ''} {fact.provenance}".replace("  ", " ")
            for name, fact in used.items() if fact.unverified]
