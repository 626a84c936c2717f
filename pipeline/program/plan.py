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
from typing import Any, Literal

from pydantic import Field

from ..intake.model import Equipment, EquipmentType, Intake, Person, Practice
from ..intake.yamlfile import load_model
from ..practices.courses import CourseMatch, match_courses, other_partners_courses
from ..practices.holders import named_courses
from ..practices.model import PracticeModel, RecordPractice, is_owner_operator, practice_model
from ..practices.service import interval_words
from ..practices.tickets import current_first_aiders, expired_first_aiders, expiring_first_aiders
from ..practices.units import crews_work_alone
from ..protocols.legislation import Legislation, Requirement, load_legislation
from ..protocols.other_provinces import OtherProvince, other_provinces
from ..protocols.packs import TEMPLATES, Element, LoadedPack, Pack, Program, ProtocolPack, Question
from ..protocols.platforms import PlatformRequirement, required_topics
from ..protocols.records import load_record_catalogue
from ..protocols.terms import Terms, dig_permit_title, load_terms, says_ground_disturbance
from ..upkeep.rebate import RebateEstimate, estimate_rebate
from ..upkeep.schedule import Schedule
from .conditions import fuel_powered
from .modules import Condition, HazardModule, module_equipment, replaces, select_modules, type_checked

SECTIONS = TEMPLATES / "sections"
PARTNERS = TEMPLATES / "partners"


class SectionSpec(Pack):
    id: str = Field(description="Section id; the template is <id>.md.j2", pattern=r"^[a-z0-9_]+$")
    title: str = Field(description="Heading of the section")
    owner_role: str = Field(description="Whose name the reviewer lint expects: owner, coordinator, supervisor, keeper")
    when: Literal["always", "platform"] = Field(
        "always", description="always, or platform: only when a platform or hiring client requires the topic"
    )

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
    practices: PracticeModel  # the build's practice model: every record's frequency, keeper, form, count
    search_path: list[Path]
    today: date
    readiness: Any  # readiness.gaps.Readiness, assessed by the caller (delivery.prepare.plan_program)
    schedule: Schedule
    rebate: RebateEstimate
    terms: Terms
    platform_requirements: list[PlatformRequirement] = field(default_factory=list)
    revision: str = "1"

    @property
    def protocol(self) -> ProtocolPack:
        return self.pack.pack

    @property
    def ground_disturbance(self) -> bool:
        """The company calls digging "ground disturbance" (Alberta, Saskatchewan, oil and gas), else it speaks
        of locates and a dig permit (`protocols.terms.says_ground_disturbance`)."""
        company = self.intake.company
        return says_ground_disturbance(company.province.value, company.industry.value)

    @property
    def dig_permit(self) -> str:
        """The dig permit's title: 'Ground Disturbance Permit' or 'Locate and Dig Permit'."""
        company = self.intake.company
        return dig_permit_title(company.province.value, company.industry.value)

    @property
    def records(self) -> list[RecordPractice]:
        """Every record of the practice model, in the catalogue's order."""
        return list(self.practices)



def make_plan(intake: Intake, decision: Any, *, readiness: Any, schedule: Schedule, today: date,
              revision: str = "1", practices: PracticeModel | None = None,
              modules: list[HazardModule] | None = None) -> Plan:
    """Gather what the program needs; raise before anything is written when something is missing.

    `readiness` is the gap assessment (readiness.gaps.Readiness) and `schedule` the certificate's projected
    schedule (readiness.projection.project_schedule, the one `corpath due` shows), both made by the caller; the
    program only prints them. `practices` is
    the build's practice model (the one readiness read; made here from the intake when None), `modules` the
    hazard modules fitted to the intake (`select_modules`, the ones readiness read; fitted here when None).
    """
    pack: LoadedPack = decision.pack
    platform_requirements = required_topics(intake)
    platform_sections = {r.topic.section for r in platform_requirements if r.topic and r.topic.section}
    program = pack.pack.program(decision.program_id)
    practices = practices or getattr(readiness, "model", None) or practice_model(
        intake, months=program.records_window.months)
    return Plan(
        intake=intake,
        decision=decision,
        pack=pack,
        program=program,
        law=load_legislation(intake.company.province.value).for_industry(intake.company.industry),
        modules=select_modules(intake) if modules is None else modules,
        sections=[s for s in load_catalogue() if s.when == "always" or s.id in platform_sections],
        practices=practices,
        search_path=template_search_path(pack.pack.partner.id),
        today=today,
        readiness=readiness,
        schedule=schedule,
        rebate=estimate_rebate(intake, decision, today=today),
        terms=load_terms(intake.company.province.value),
        platform_requirements=platform_requirements,
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
    def first_aiders(self) -> list:
        """The first aiders whose certificate is valid on the build's day (practices.tickets): the only ones the
        program counts or names as first aiders."""
        return current_first_aiders(self.intake, self.plan.today)

    @property
    def expired_first_aiders(self) -> list:
        """The first aiders whose certificate expired before the build's day: shown as expired, renewal needed."""
        return expired_first_aiders(self.intake, self.plan.today)

    @property
    def expiring_first_aiders(self) -> list:
        """The current first aiders whose certificate expires within 60 days of the build's day
        (practices.tickets.EXPIRING_DAYS): counted only until that date, their renewal booked before it."""
        return expiring_first_aiders(self.intake, self.plan.today)

    @property
    def owner_operator(self) -> bool:
        """One person does the work: no crew, no supervisors, no committee; the owner keeps the records."""
        return is_owner_operator(self.intake)

    @property
    def crews_alone(self) -> bool:
        """Each crew is one worker alone, with no supervisor of its own (`practices.units.crews_work_alone`):
        each worker's own FLHA, the company's toolbox meeting, the supervisor's spot checks."""
        return crews_work_alone(self.intake)

    @property
    def oil_and_gas(self) -> bool:
        """An oil and gas services company: well sites and leases, hydrogen sulphide, Energy Safety Canada."""
        return self.company.industry.value == "oil_and_gas"

    @property
    def ground_disturbance(self) -> bool:
        """The company calls digging "ground disturbance" (`Plan.ground_disturbance`)."""
        return self.plan.ground_disturbance

    @property
    def dig_permit(self) -> str:
        """The dig permit's title (`Plan.dig_permit`)."""
        return self.plan.dig_permit

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

    def trade_names(self, *words: str) -> bool:
        """A trade in company.trades contains one of `words` (case ignored), as a module's `trades` condition."""
        return any(w.lower() in t.lower() for w in words for t in self.intake.company.trades)

    def equipment_named(self, *words: str) -> bool:
        """A piece of equipment's name has a word starting with one of `words` (case ignored), as a module's
        `equipment_named` condition: an excavator or hydrovac boom listed as `other`."""
        return Condition(equipment_named=list(words)).met_by(self.intake)

    def form_work(self, form_id: str) -> bool:
        """The company does the work a permit or plan is mandatory for (permit_context.FORM_ONLY_IF; true for a
        form without such a condition): the pour plan is not for a company that only places rebar."""
        from .permit_context import FORM_ONLY_IF  # permit_context imports this module

        return form_id not in FORM_ONLY_IF or FORM_ONLY_IF[form_id].met_by(self.intake)

    def equipment_of(self, *types: str) -> list:
        wanted = {EquipmentType(t) for t in types}
        return [e for e in self.ops.equipment if e.type in wanted]

    def type_checked(self, module: HazardModule, kind: str) -> list:
        """The pieces of type `kind` that get `module`'s checklist for the type (`modules.type_checked`)."""
        return type_checked(module, self.intake, kind)

    def replacing_checks(self, module: HazardModule) -> list[tuple[list, list[str]]]:
        """The module's pre-use checks whose rows stand instead of a piece's type checklist (`modules.replaces`:
        an engine-driven trowel's fuel and stop-control rows, a nailer's contact tip), each with the pieces it is
        made on, as (pieces, rows) pairs for checks made on at least one piece, so the program states the rows
        the pre-use form asks of those pieces."""
        return [(pieces, list(check.rows)) for check in module.inspections if check.replaces_type_checks
                and check.rows and (pieces := [p for p in self.ops.equipment if replaces(check, p)])]

    def module_equipment(self, module: HazardModule) -> list:
        """The company's equipment the module's triggers name, by type or by a word in its name."""
        return module_equipment(module, self.intake)

    def practice(self, name: str) -> Practice:
        return getattr(self.intake.practices, name)

    def pre_use_recorded(self, piece: Equipment) -> bool:
        """Whether `piece` gets a written pre-use record on the equipment pre-use inspection form: the same
        test that counts the records the gap report and the checklist ask for (records.yaml
        `pre_use_equipment`, less kits, supplies and hand tools), so the three agree."""
        return load_record_catalogue().checked_before_shift(piece)

    def gear(self, piece: Equipment) -> str:
        """What `piece` is when its type's row does not fit (records.yaml word lists, `RecordCatalogue.gear`):
        "instrument" (calibrated at its manufacturer's interval), "rigging" (inspected before each use and
        periodically), "load_securement" (straps, binders: inspected before each use, not serviced), "hand_tool"
        (inspected before each use, replaced when worn), "user_checked" (stilts, a panel lift: checked by its user,
        not serviced), "truck" (a welder mounted on a truck), else ""."""
        catalogue = load_record_catalogue()
        return catalogue.gear(piece) or ("truck" if catalogue.truck_mounted(piece) else "")

    def service_interval(self, piece: Equipment) -> str:
        """How often `piece` is serviced, in words ("twice a year"; "" for a type with none): the interval the
        maintenance log's count, the records checklist and the gap report use (practices/service.py)."""
        return interval_words(piece, self.intake, load_record_catalogue())

    def fuel_powered(self, piece: Equipment) -> bool:
        """Whether a power tool runs on fuel, by its name or a fuel product used for it (conditions.fuel_powered)."""
        return fuel_powered(piece, self.intake)

    def pre_use_stated(self, piece: Equipment) -> bool:
        """Whether the intake says how `piece`'s pre-use check is recorded today: its own
        `pre_use_inspection` flag or the `practices.pre_use_inspections` answer. When neither is given, the
        program states no fact about today and only says what the company does from now on."""
        return "pre_use_inspection" in piece.model_fields_set or \
            "pre_use_inspections" in self.intake.practices.model_fields_set

    # the law, the partner, the program
    @property
    def law(self) -> Legislation:
        return self.plan.law

    def law_applies(self, requirement: Requirement) -> bool:
        """True when the law requires `requirement` outright at the company's headcount (never a conditional
        one): the test every "law requires" sentence of the program is gated on."""
        return requirement.required(self.workers)

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
    def courses(self) -> list:
        """The program's required courses, each `who` naming the person where the intake says (practices.holders)."""
        return named_courses(self.plan.program.courses, self.intake, self.course_match.done)

    @property
    def course_match(self) -> CourseMatch:
        """The intake's courses against the program's required ones (practices.courses): credited, to confirm,
        and others (with the other partner whose list has them)."""
        partner = self.plan.pack.pack.partner.abbreviation
        return match_courses(self.plan.program.courses, self.intake, self.plan.today,
                             other_partners_courses(partner, self.plan.today))

    @property
    def decision(self):
        return self.plan.decision

    @property
    def modules(self) -> list[HazardModule]:
        return self.plan.modules

    @property
    def records(self) -> list[RecordPractice]:
        """Records this section says how to make, from the practice model."""
        return self.plan.practices.for_section(self.section.id)

    @property
    def practices(self) -> PracticeModel:
        """The practice model: `practices.record(id)` has a record's frequency_words, keeper, location, form."""
        return self.plan.practices

    def record(self, record_id: str) -> RecordPractice:
        """One record of the practice model (what the program states about its frequency, keeper, form)."""
        return self.plan.practices.record(record_id)

    @property
    def today(self) -> date:
        return self.plan.today

    @property
    def schedule(self) -> Schedule:
        """The certificate's maintenance calendar (projected when not yet certified)."""
        return self.plan.schedule

    @property
    def management_review(self) -> ReviewTiming:
        """When the annual management review is held and when the next one is due (`review_timing`)."""
        return review_timing(self.plan)

    @property
    def rebate(self) -> RebateEstimate:
        return self.plan.rebate

    def platform_requirement(self, topic_id: str) -> PlatformRequirement | None:
        """Who requires a platform topic of this company (protocols.platforms.PlatformRequirement), or None."""
        return next((r for r in self.plan.platform_requirements if r.topic and r.topic.id == topic_id), None)

    @property
    def revision(self) -> str:
        return self.plan.revision


def section_questions(plan: Plan, section_id: str) -> list[tuple[Element, Question]]:
    """Protocol questions this section answers, for the program's cross-reference: the ones the auditor will
    ask this company and that apply to it (the practice model decides both, as it does for the gap report)."""
    model = plan.practices
    return [(e, q) for e, q in model.asked(plan.protocol, plan.program.id)
            if section_id in q.sections and not model.not_applicable(q)]


def context_for(plan: Plan, section: SectionSpec) -> dict[str, Any]:
    """The mapping handed to Jinja: the typed context's attributes under their names, plus `ctx` itself."""
    ctx = SectionContext(plan=plan, section=section, questions=section_questions(plan, section.id))
    names = [n for n in dir(SectionContext) if not n.startswith("_")]
    values = {name: getattr(ctx, name) for name in names if name not in ("plan",)}
    values.update(section=ctx.section, questions=ctx.questions)
    values["ctx"] = ctx
    return values


@dataclass(frozen=True)
class ReviewTiming:
    """The annual management review's month (`month`, "January"), the date the next one is due by (`due`, the
    first of a month, or the coming audit's own date when that comes first), the month and year the company has
    held it since (`held_since`, None when the intake shows none held), and the certified company's coming audit
    it must precede (`before`: the calendar event's title, None when the month's date comes first or the company
    is not certified yet)."""

    month: str
    due: date
    held_since: date | None
    before: str | None


def review_timing(plan: Plan) -> ReviewTiming:
    """The management review's timing, one date for the program and the calendar: held annually in the month the
    company has held it since (intake practices.management_review.since, when done), else this month; the next
    one due on the first of that month's next occurrence, unless the certificate's next audit not done (the
    maintenance or recertification audit on `plan.schedule`, a certified company's real calendar) comes first:
    the review is held before every audit (the program's own rule: its actions are under way when the auditor
    arrives), so it is due by that audit's date."""
    today = plan.today
    practice = plan.intake.practices.management_review
    held = practice.since if practice.done and practice.since and practice.since <= today else None
    month = held.month if held else today.month
    due = date(today.year if month > today.month else today.year + 1, month, 1)
    audits = [e for e in plan.schedule.events
              if e.kind in ("maintenance_audit", "recertification") and e.status != "done" and e.date >= today
              and not plan.schedule.projected]
    coming = min(audits, key=lambda e: e.date, default=None)
    before = None
    if coming is not None and coming.date <= due:
        due, before = coming.date, coming.title
    return ReviewTiming(month=date(2000, month, 1).strftime("%B"), due=due, held_since=held, before=before)
