"""What a certifying partner's protocol pack holds: the pydantic models a pack file is validated against (the
partner, its programs and their sourced rules, the elements and questions, the instrument a pack may audit
with, the jurisdictions), and the words the rules are stated in. Loading and choosing packs is `packs`."""

from __future__ import annotations

import datetime as dt
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .. import language
from ..intake.model import Industry, Province
from .points import PointsRule, points_problems
from .sourced import Confidence, Fact, Pack, Sourced  # noqa: F401 (re-exported through packs)


def fits_headcount(workers: int, min_workers: int | None, max_workers: int | None) -> bool:
    """Whether a headcount lies within a range whose ends may be open (None)."""
    return (min_workers is None or workers >= min_workers) and (max_workers is None or workers <= max_workers)


class SizeRule(Sourced):
    min_workers: int | None = Field(None, description="Smallest headcount the program accepts (null: no minimum)", ge=1)
    max_workers: int | None = Field(None, description="Largest headcount the program accepts (null: no maximum)", ge=1)
    counting: str | None = Field(
        description="Who counts toward the headcount, in the partner's terms; null when the partner's sources do not "
        "say (the decision then counts as the intake does: everyone on the WCB account at peak, owners included)")
    subcontracting: Literal["none", "not_regularly", "counted"] | None = Field(
        None, description="The tier's condition on subcontractors, from the same source: 'none' (a company that "
        "does not subcontract, e.g. CSNS's Owner/Operator), 'not_regularly' (subcontractors not regularly hired), "
        "'counted' (subcontractors count toward the headcount, e.g. SCSA's '(9) or less including "
        "sub-contractors'); null when the partner sets none")

    def fits(self, workers: int) -> bool:
        return fits_headcount(workers, self.min_workers, self.max_workers)


class Auditor(str, Enum):
    external_auditor = "external_auditor"
    self_evaluation_validated = "self_evaluation_validated"
    internal_auditor = "internal_auditor"
    partner_staff = "partner_staff"


AUDITOR_WORDS = {
    "external_auditor": "an external auditor certified by the partner",
    "self_evaluation_validated": "a trained self-evaluator from the company, validated by the partner",
    "internal_auditor": "the company's own qualified internal auditor",
    "partner_staff": "the partner's own staff auditor",
}


class AuditRule(Sourced):
    who: Auditor = Field(description="Who does this audit")
    description: str = Field(description="The partner's arrangement in plain words")

    @property
    def who_words(self) -> str:
        """Who does it, in words: `an external auditor certified by the partner` (AUDITOR_WORDS)."""
        return AUDITOR_WORDS[self.who.value]


class Audits(Pack):
    certification: AuditRule = Field(description="Who does the certification audit")
    maintenance: AuditRule = Field(description="Who does the maintenance audits")
    recertification: AuditRule | None = Field(None, description="Who does the recertification audit")
    first_internal: AuditRule | None = Field(
        None, description="An internal audit a company not yet certified does and submits to the partner before its "
        "first external audit is booked (NLCSA, IHSA); null when the partner asks for none or the sources do not say")

    @model_validator(mode="after")
    def _first_internal_by_the_company(self) -> Audits:
        if self.first_internal is not None and self.first_internal.who != Auditor.internal_auditor:
            raise ValueError("first_internal: the audit before the first external audit is the company's own "
                             "(who: internal_auditor)")
        return self


class PassRule(Pack):
    overall_percent: Fact[float | None] = Field(description="Overall score needed, in percent")
    element_minimum_percent: Fact[float | None] = Field(description="Score every element needs, in percent")


class MaintenanceSchedule(Sourced):
    years: list[int] = Field(description="Years of the cycle with a maintenance audit, e.g. [2, 3]")
    deadline: Literal["calendar_year_end", "anniversary", "before_anniversary_month", "within_12_months",
                      "months_of_issue"] = Field(
        description="When each maintenance audit is due: by 31 December; before the certificate's anniversary; "
        "before the first day of the anniversary month (CSAM); within 12 months of the previous audit; or within "
        "12 months of issue for year 2 and 24 months of issue for year 3 (Enform / ESC wording)"
    )


class ShortCertificate(Sourced):
    months: int = Field(description="Months of records that earn the shorter certificate", ge=1)
    validity_years: float = Field(description="How long the shorter certificate lasts", gt=0)


class RecordsWindow(Sourced):
    months: int = Field(description="Months of records the auditor reviews for the full certificate", ge=1)
    short: ShortCertificate | None = Field(None, description="A shorter certificate on fewer months of records")


class Course(Sourced):
    name: str = Field(description="Course name")
    who: str = Field(description="Who must take it, e.g. 'owner or senior manager'")
    aliases: list[str] = Field(
        default_factory=list, description="Other names that certainly mean this course (a client's 'SECOR "
        "training' for CSAM's SECOR course); a name only close to it is confirmed by the consultant instead")


class RebateRule(Sourced):
    kind: Literal["ab_pir", "bc_coi", "mb_prevention", "nl_prime", "ns_pir", "none", "unknown"] = Field(
        description="Which rebate formula applies"
    )
    description: str = Field(description="The rule in plain words")
    percent: float | None = Field(None, description="Main percentage of the rule")
    first_year_percent: float | None = Field(None, description="Percentage in the first certified year")
    max_percent: float | None = Field(None, description="Highest percentage possible")
    minimum_dollars: float | None = Field(None, description="Floor in dollars")
    cap_percent_of_premium: float | None = Field(None, description="Cap as a percentage of premium")
    small_employer_percent_of_premium: float | None = Field(None, description="Small-employer alternative percent")
    small_employer_cap_dollars: float | None = Field(None, description="Small-employer alternative cap in dollars")
    small_employer: Fact[str] | None = Field(
        None, description="The small-employer alternative in words, with its own source and confidence where they "
        "differ from the main rule's; an unverified one is not counted in the estimate and goes to review.md")
    by_province: dict[Province, RebateRule] = Field(
        default_factory=dict, description="The rule for a WCB account in one province, where the partner certifies "
        "in several and the rebate follows the province of the account (Energy Safety Canada)")

    def for_province(self, province: Province) -> RebateRule:
        """The rule that applies to a WCB account in `province`: its own entry in `by_province`, else this one."""
        return self.by_province.get(province, self)


class Program(Pack):
    id: str = Field(description="Id used in question `programs` lists, e.g. cor, secor", pattern=r"^[a-z0-9_]+$")
    certificate: Literal["COR", "SECOR"] = Field(
        description="What the program earns: COR (a Certificate of Recognition, whatever the partner's tier or path "
        "is called, e.g. BCCSA's Small COR) or SECOR (a Small Employer Certificate of Recognition)"
    )
    small_employer: bool | None = Field(
        None, description="Whether it is the partner's small-employer path (default: certificate is SECOR); true for "
        "a small-employer path that earns a COR, e.g. BCCSA's Small COR or CSNS's self-evaluation tiers"
    )
    name: str = Field(description="The partner's own name for it, e.g. 'Small COR'")
    size: SizeRule = Field(description="Headcount the program is for")
    audits: Audits = Field(description="Who audits")
    certification_pass: PassRule = Field(description="Pass rule for certification and recertification")
    maintenance_pass: PassRule = Field(description="Pass rule for maintenance audits")
    validity_years: Fact[float] = Field(description="How long a certificate lasts")
    maintenance: MaintenanceSchedule = Field(description="Maintenance audits in the cycle")
    records_window: RecordsWindow = Field(description="Months of documentation the auditor reviews")
    notice_weeks: Fact[int] | None = Field(None, description="Notice to the partner before an audit, in weeks")
    courses: list[Course] = Field(default_factory=list, description="Courses required before the audit")
    rebate: RebateRule = Field(description="The WCB rebate or incentive tied to the certificate")
    recognised_outside_province: Fact[bool] | None = Field(
        None, description="Whether the certificate is recognised outside the home province"
    )
    on_exceeding_size: Sourced | None = Field(
        None, description="What happens when a small employer grows past the size rule (in `note`)"
    )

    @property
    def is_small_employer(self) -> bool:
        """The partner's small-employer path: said in the pack, or a SECOR."""
        return self.certificate == "SECOR" if self.small_employer is None else self.small_employer


class Question(Pack):
    id: str = Field(description="Unique id within the pack, e.g. '1.2'")
    text: str = Field(description="The question, in our own words")
    evidence: list[Literal["documentation", "interview", "observation"]] = Field(
        description="How the auditor verifies it", min_length=1
    )
    points: int = Field(description="Points available; split evenly across the evidence types", ge=1)
    programs: list[str] | None = Field(None, description="Program ids it applies to (null: all)")
    sections: list[str] = Field(description="Program sections that answer it", min_length=1)
    records: list[str] = Field(default_factory=list, description="Record ids (records.yaml) that prove it")
    practice: str | None = Field(None, description="The intake practice whose evidence scores it")
    activities: list[str] | None = Field(
        None, description="Only asked when the company does one of these activities (null: always asked)"
    )
    answer: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=12)]] = Field(
        default_factory=list, description="Phrases, one of which the answering paragraph of its sections contains"
    )

    def applies_to(self, program_id: str) -> bool:
        return self.programs is None or program_id in self.programs

    def asked_of(self, done: frozenset[str]) -> bool:
        """Asked of a company doing `done` (activity values, with those they imply:
        `intake.vocabulary.activities_done`): always when the question names no activities, else when the
        company does one of them."""
        return not self.activities or bool(done & set(self.activities))


class Element(Sourced):
    id: str = Field(description="Element id, e.g. '3'")
    name: str = Field(description="The partner's name for the element")
    questions: list[Question] = Field(description="Questions in the element", min_length=1)


INSTRUMENTS = "instruments"
CERTIFICATE_IDS = {"cor": "COR", "secor": "SECOR"}


class Instrument(Sourced):
    """A partner's whole audit instrument, shared by every pack that names it in `instrument:`.

    Several partners audit with one instrument (the CFCSA national document), so its elements and questions live
    once in `protocols/instruments/<id>.yaml`. In an instrument a question's `programs` names `cor` or `secor`:
    `secor` is a pack's small-employer path (`Program.is_small_employer`, even when it earns a COR, like BCCSA's
    Small COR) and `cor` its other programs; each pack resolves them to its own program ids.
    """

    format: Literal[1] = Field(description="Instrument format version")
    id: str = Field(description="Instrument id, equals the file name", pattern=r"^[a-z0-9-]+$")
    name: str = Field(description="The instrument's own name")
    owner: str = Field(description="Who publishes it")
    version: str = Field(description="The owner's version label, or corpath's where none was published")
    published: date | None = Field(description="When this version took effect; null when not found")
    partners: list[str] = Field(description="Partner ids whose packs audit with it", min_length=1)
    questions_published: Fact[int | None] = Field(
        description="How many questions the real instrument has; null when no count was found"
    )
    points: PointsRule = Field(description="Where the points per question come from, or how they are assumed")
    elements: list[Element] = Field(description="Elements in the owner's order", min_length=1)

    @model_validator(mode="after")
    def _certificates(self) -> Instrument:
        for element in self.elements:
            for question in element.questions:
                unknown = set(question.programs or []) - set(CERTIFICATE_IDS)
                if unknown:
                    raise ValueError(f"question '{question.id}': an instrument's programs name certificates "
                                     f"(cor, secor), not {', '.join(sorted(unknown))}")
        problems = points_problems(self.points, self.elements)
        if problems:
            raise ValueError("points: " + "; ".join(problems))
        return self

    @property
    def question_count(self) -> int:
        return sum(len(e.questions) for e in self.elements)

    @property
    def complete(self) -> bool:
        """Whether corpath holds every question the real instrument has (False when the count is unknown)."""
        return self.questions_published.value == self.question_count

    def elements_for(self, programs: list[Program]) -> list[Element]:
        """The elements with each question's `cor`/`secor` turned into the pack's program ids."""
        def resolve(question: Question) -> Question:
            # `secor` names the small-employer path and `cor` the others, whatever they earn: BCCSA's Small COR
            # earns a COR and answers the questions marked for small employers
            if question.programs is None:
                return question
            ids = [p.id for p in programs if ("secor" if p.is_small_employer else "cor") in question.programs]
            return question.model_copy(update={"programs": ids})
        return [e.model_copy(update={"questions": [resolve(q) for q in e.questions]}) for e in self.elements]


class Partner(Pack):
    id: str = Field(description="Partner id, equals the pack's folder name", pattern=r"^[a-z0-9-]+$")
    name: str = Field(description="Full name")
    abbreviation: str = Field(description="Abbreviation, e.g. ACSA")
    provinces: list[Province] = Field(description="Provinces where it certifies", min_length=1)
    industries: list[Industry] = Field(description="Industries it certifies", min_length=1)
    default: bool = Field(True, description="Chosen when several partners fit and the intake names none")
    scheme: str | None = Field(None, description="The provincial scheme it works under")
    website: str | None = Field(None, description="Website")
    sources: list[str] = Field(description="Pages and documents the pack is built from", min_length=1)


class ChangelogEntry(Sourced):
    """One correction or change to a pack's rules, with the date it was made and where it comes from."""

    date: dt.date = Field(description="Date the change was made to the pack")
    change: str = Field(description="What changed and why, old and new values in plain words")


class ProtocolPack(Pack):
    format: Literal[1] = Field(description="Pack format version")
    partner: Partner = Field(description="The certifying partner")
    version: str = Field(description="Protocol version, e.g. '2019'", pattern=r"^[A-Za-z0-9._-]+$")
    effective: date = Field(description="Date the protocol version took effect")
    elements_note: Sourced = Field(description="How well the element list is known, and from where")
    notes: list[str] = Field(default_factory=list, description="Anything a consultant should know about the pack")
    points: PointsRule | None = Field(
        None, description="Where the points per question come from, or how they are assumed; required of a pack "
        "without an instrument, refused in a pack with one (it takes the instrument's)"
    )
    changelog: list[ChangelogEntry] = Field(
        default_factory=list, description="What changed from the previous version of this partner's pack, and why"
    )
    programs: list[Program] = Field(description="Programs offered", min_length=1)
    instrument: str | None = Field(
        None, description="Id of the shared audit instrument (protocols/instruments/<id>.yaml) whose elements come "
        "first; `elements` then holds only the partner's own extra elements", pattern=r"^[a-z0-9-]+$"
    )
    elements: list[Element] = Field(
        default_factory=list, description="Audit elements in the partner's order (after the instrument's, if any)"
    )

    @property
    def label_confirmed(self) -> bool:
        """False when `elements_note` is unverified (low confidence or no source): the element list, the version
        label or the effective date is corpath's assumption (NBCSA's and CSNS's placeholders, CSAM's adoption
        date), so the client's documents name the partner's audit without a version or date and say the
        question list is a model; the consultant's review.md lists the note."""
        return not self.elements_note.unverified

    @model_validator(mode="after")
    def _ids(self) -> ProtocolPack:
        if not self.elements and self.instrument is None:
            raise ValueError("a pack needs elements, or an instrument to take them from")
        if self.instrument is None and self.points is None:
            raise ValueError("a pack without an instrument states its points rule in `points:` (published points "
                             "with their source, or how corpath assumes them)")
        if self.instrument is not None and self.points is not None:
            raise ValueError(f"the pack audits with instrument '{self.instrument}', whose `points:` applies; remove "
                             "the pack's own")
        program_ids = {p.id for p in self.programs}
        if len(program_ids) != len(self.programs):
            raise ValueError("program ids must be unique")
        seen: set[str] = set()
        for element in self.elements:
            for question in element.questions:
                if question.id in seen:
                    raise ValueError(f"question id '{question.id}' is used twice")
                seen.add(question.id)
                unknown = set(question.programs or []) - program_ids
                if unknown:
                    raise ValueError(f"question '{question.id}' names unknown "
                                     f"{language.plural('program', len(unknown))}: {', '.join(sorted(unknown))}")
        problems = points_problems(self.points, self.elements) if self.points is not None else []
        if problems:
            raise ValueError("points: " + "; ".join(problems))
        return self

    def program(self, program_id: str) -> Program:
        for program in self.programs:
            if program.id == program_id:
                return program
        raise KeyError(program_id)

    def questions(self, program_id: str) -> list[tuple[Element, Question]]:
        return [(e, q) for e in self.elements for q in e.questions if q.applies_to(program_id)]


class Requirement(Sourced):
    """A rule stated to the client in plain words."""

    text: str = Field(description="The rule, in plain words, as the program and the gap report state it")


class ScopePartner(Sourced):
    """Another certifying partner in the province whose scope a company's trades may fall in (Saskatchewan's
    HCSAS and Manitoba's MHCA for heavy construction), so a decision made by province and industry alone warns.

    `trade_words` are lower-case words looked for in the intake's trades; a match is a question for the
    consultant, never a decision: the partner's scope is set by its own rule (e.g. the WCB rate code)."""

    name: str = Field(description="The partner's full name: 'Heavy Construction Safety Association of Saskatchewan'")
    abbreviation: str = Field(description="Its abbreviation, e.g. 'HCSAS'")
    pack: str | None = Field(None, description="The id of corpath's pack for it (mb-mhca), or null when none ships")
    scope: str = Field(description="What it certifies, in the words of its source: 'heavy construction'")
    trade_words: list[str] = Field(min_length=1, description="Words in a trade that point to its scope, lower case")


class Jurisdiction(Sourced):
    status: Literal["partners", "none", "other_system", "not_shipped"] = Field(
        description="partners: packs exist; none: no COR program; other_system: a different scheme; "
        "not_shipped: a partner exists but corpath has no pack yet"
    )
    explanation: str = Field(description="Plain explanation for a consultant")
    procurement: Requirement | None = Field(
        None, description="What public procurement in the province requires of a contractor's certificate"
    )
    scope_partners: list[ScopePartner] = Field(
        default_factory=list, description="Other partners whose scope a company's trades may fall in"
    )


class Jurisdictions(Pack):
    provinces: dict[Province, Jurisdiction]


class LoadedPack(BaseModel):
    """A pack with where it came from and its content hash (for manifests and stale detection)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    path: Path
    sha256: str
    pack: ProtocolPack
    instrument: Instrument | None = None

    @property
    def points_basis(self) -> PointsRule:
        """Where the points per question come from, or how they are assumed: the instrument's `points` when the
        pack audits with one, else the pack's own (the pack validator makes one of them present)."""
        rule = self.instrument.points if self.instrument is not None else self.pack.points
        assert rule is not None, "ProtocolPack refuses a pack with neither an instrument nor a points rule"
        return rule

    @property
    def points_label(self) -> str:
        """Whose question list the points belong to: `2023 ACSA COR Audit Instrument, version 2023` or `ACSA
        protocol 2019.1`."""
        if self.instrument is not None:
            return f"{self.instrument.name}, version {self.instrument.version}"
        return f"{self.pack.partner.abbreviation} protocol {self.pack.version}"


# ------------------------------------------------------------------------------------------ what a pack holds


DEADLINE_WORDS = {
    "calendar_year_end": "by 31 December of the calendar year",
    "anniversary": "before the anniversary of the certificate",
    "before_anniversary_month": "before the first day of the certificate's anniversary month",
    "within_12_months": "within 12 months of the previous audit",
    "months_of_issue": "within 12 months of the certificate's issue for year 2 and within 24 months "
                       "for year 3",
}
