"""Plan a client's program: which sections, which hazard modules, which law, and the templates' context.

The plan is everything the render stage needs, gathered and validated before anything is written. The
template context (`SectionContext`) is the documented contract between code and templates: a template can
use these names and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field

from ..intake.model import EquipmentType, Intake, Person, Practice
from ..intake.yamlfile import load_model
from ..protocols.legislation import Legislation, Requirement, load_legislation
from ..protocols.other_provinces import OtherProvince, other_provinces
from ..protocols.packs import TEMPLATES, Element, LoadedPack, Pack, Program, ProtocolPack, Question
from ..protocols.records import RecordSpec, load_records
from ..protocols.terms import Terms, load_terms
from ..upkeep.rebate import RebateEstimate, estimate_rebate
from ..upkeep.schedule import Schedule, schedule_for
from .modules import HazardModule, select_modules

SECTIONS = TEMPLATES / "sections"
PARTNERS = TEMPLATES / "partners"


class SectionSpec(Pack):
    id: str = Field(description="Section id; the template is <id>.md.j2", pattern=r"^[a-z0-9_]+$")
    title: str = Field(description="Heading of the section")
    owner_role: str = Field(description="Whose name the reviewer lint expects: owner, coordinator, supervisor, keeper")

    @property
    def template(self) -> str:
        return f"{self.id}.md.j2"

    @property
    def anchor(self) -> str:
        """Stable id written into the DOCX as the heading's bookmark (used to absorb client edits)."""
        return f"sec-{self.id.replace('_', '-')}"


class Catalogue(Pack):
    sections: list[SectionSpec]


@cache
def load_catalogue(root: Path = SECTIONS) -> tuple[SectionSpec, ...]:
    return tuple(load_model(Catalogue, root / "catalogue.yaml").sections)


def section_titles() -> dict[str, str]:
    """Every catalogue section's title, by section id."""
    return {s.id: s.title for s in load_catalogue()}


def template_search_path(partner_id: str) -> list[Path]:
    """Partner templates shadow the defaults; no province or partner branches in code."""
    return [PARTNERS / partner_id / "sections", SECTIONS]


@dataclass(frozen=True)
class Plan:
    intake: Intake
    decision: Any  # certificate.Decision
    pack: LoadedPack
    program: Program
    law: Legislation
    modules: list[HazardModule]
    sections: list[SectionSpec]
    records: tuple[RecordSpec, ...]
    search_path: list[Path]
    today: date
    readiness: Any  # readiness.gaps.Readiness, assessed by the caller (delivery.prepare.plan_program)
    schedule: Schedule
    rebate: RebateEstimate
    terms: Terms
    revision: str = "1"

    @property
    def protocol(self) -> ProtocolPack:
        return self.pack.pack



def make_plan(intake: Intake, decision: Any, *, readiness: Any, certified_on: date, today: date,
              revision: str = "1") -> Plan:
    """Gather what the program needs; raise before anything is written when something is missing.

    `readiness` is the gap assessment (readiness.gaps.Readiness) made by the caller, and `certified_on` the
    date a not-yet-certified company's cycle is projected from; the program only prints them.
    """
    pack: LoadedPack = decision.pack
    return Plan(
        intake=intake,
        decision=decision,
        pack=pack,
        program=pack.pack.program(decision.program_id),
        law=load_legislation(intake.company.province.value),
        modules=select_modules(intake),
        sections=list(load_catalogue()),
        records=load_records(),
        search_path=template_search_path(pack.pack.partner.id),
        today=today,
        readiness=readiness,
        schedule=schedule_for(intake, decision, today=today, certified_on=certified_on),
        rebate=estimate_rebate(intake, decision, today=today),
        terms=load_terms(intake.company.province.value),
        revision=revision,
    )

@dataclass(frozen=True)
class SectionContext:
    """What every section template can use. Intake values are escaped when printed."""

    plan: Plan
    section: SectionSpec
    questions: list[tuple[Element, Question]] = field(default_factory=list)

    # the company and its people
    @property
    def intake(self) -> Intake:
        return self.plan.intake

    @property
    def company(self):
        return self.intake.company

    @property
    def people(self):
        return self.intake.people

    @property
    def owner(self) -> Person:
        return self.people.owner

    @property
    def coordinator(self) -> Person:
        return self.people.coordinator

    @property
    def keeper(self) -> Person:
        return self.people.keeper

    @property
    def supervisor(self) -> Person:
        return self.people.lead_supervisor

    @property
    def supervisors(self) -> list[Person]:
        return list(self.people.supervisors) or [self.people.owner]

    @property
    def responsible(self) -> Person:
        """The person who answers for this section (catalogue owner_role)."""
        return self.person_for(self.section.owner_role)

    def person_for(self, role: str) -> Person:
        return {"owner": self.owner, "coordinator": self.coordinator, "supervisor": self.supervisor,
                "keeper": self.keeper}[role]

    @property
    def workers(self) -> int:
        return self.people.workers

    @property
    def owner_operator(self) -> bool:
        """One person does the work: no crew, no supervisors, no committee; the owner keeps the records."""
        return self.people.workers == 1 and not self.people.supervisors

    @property
    def oil_and_gas(self) -> bool:
        """An oil and gas services company: well sites and leases, hydrogen sulphide, Energy Safety Canada."""
        return self.company.industry.value == "oil_and_gas"

    @property
    def other_provinces(self) -> list[OtherProvince]:
        """Each other province the company works in: partner, recognition, the law that differs."""
        return other_provinces(self.intake, self.decision) if self.decision.certificate else []

    @property
    def terms(self) -> Terms:
        """The province's own words: committee, representative, site controller, regulator, board."""
        return self.plan.terms

    @property
    def ops(self):
        return self.intake.operations

    @property
    def activities(self) -> frozenset[str]:
        return frozenset(a.value for a in self.ops.activities)

    def does(self, *activities: str) -> bool:
        return any(a in self.activities for a in activities)

    def equipment_of(self, *types: str) -> list:
        wanted = {EquipmentType(t) for t in types}
        return [e for e in self.ops.equipment if e.type in wanted]

    def practice(self, name: str) -> Practice:
        return getattr(self.intake.practices, name)

    # the law, the partner, the program
    @property
    def law(self) -> Legislation:
        return self.plan.law

    def law_applies(self, requirement: Requirement) -> bool:
        return requirement.applies(self.workers)

    @property
    def pack(self) -> ProtocolPack:
        return self.plan.protocol

    @property
    def partner(self):
        return self.pack.partner

    @property
    def program(self) -> Program:
        return self.plan.program

    @property
    def decision(self):
        return self.plan.decision

    @property
    def modules(self) -> list[HazardModule]:
        return self.plan.modules

    @property
    def records(self) -> list[RecordSpec]:
        """Records this section says how to make."""
        return [r for r in self.plan.records if r.section == self.section.id]

    @property
    def today(self) -> date:
        return self.plan.today

    @property
    def schedule(self) -> Schedule:
        """The certificate's maintenance calendar (projected when not yet certified)."""
        return self.plan.schedule

    @property
    def rebate(self) -> RebateEstimate:
        return self.plan.rebate

    @property
    def revision(self) -> str:
        return self.plan.revision


def section_questions(plan: Plan, section_id: str) -> list[tuple[Element, Question]]:
    """Protocol questions this section answers, for the program's cross-reference."""
    return [(e, q) for e, q in plan.protocol.questions(plan.program.id) if section_id in q.sections]


def context_for(plan: Plan, section: SectionSpec) -> dict[str, Any]:
    """The mapping handed to Jinja: the typed context's attributes under their names, plus `ctx` itself."""
    ctx = SectionContext(plan=plan, section=section, questions=section_questions(plan, section.id))
    names = [n for n in dir(SectionContext) if not n.startswith("_")]
    values = {name: getattr(ctx, name) for name in names if name not in ("plan",)}
    values.update(section=ctx.section, questions=ctx.questions)
    values["ctx"] = ctx
    return values
