"""The intake questionnaire: one file per client, everything the program and the gap report need to know.

Field names under `client`, `company`, `people`, `client_requirements` and `operations` are fixed (outside
scripts read them). Every field has a description: it becomes the JSON Schema an editor autocompletes from,
the help text of `corpath init`, and the comment above each key in the file `init` writes.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .limits import COUNT_MAX, HEADCOUNT_MAX, LINE_MAX, MONEY_MAX, Day, Line, Text, in_window, text_rule
from .vocabulary import (  # noqa: F401  (re-exported: `from pipeline.intake.model import Province` keeps working)
    ACTIVITY_HELP,
    PROVINCE_NAMES,
    Activity,
    EquipmentType,
    Frequency,
    Industry,
    Province,
    SiteType,
)

CLIENT_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class Model(BaseModel):
    """Base of every intake model: unknown keys are refused, values are checked on assignment too."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, allow_inf_nan=False)


def _month(value: Any) -> Any:
    """Accept a full date or a month written as `2024-03` (read as the first of that month)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        year, month = value.strip().split("-")
        try:
            return date(int(year), int(month), 1)
        except ValueError:
            raise ValueError("must be a month like 2024-03 or a date like 2024-03-15") from None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("must be a month like 2024-03 or a date like 2024-03-15") from None
    return value


def _lines(value: Any) -> Any:
    """An address: several lines allowed (`\\r\\n` and `\\r` read as `\\n`), none of them blank at the ends."""
    if isinstance(value, str):
        value = "\n".join(line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        value = value.strip("\n")
        if not value.strip():
            raise ValueError("must not be empty")
    return value


# A field's schema carries MULTILINE when a newline is part of its value (an address); every other text field
# is one line. Checks on intake text (control characters and the like) read the flag with `allows_newlines`.
MULTILINE = {"multiline": True}


def allows_newlines(field: Any) -> bool:
    """Whether a pydantic FieldInfo is flagged MULTILINE (an address), i.e. `\\n` is allowed in its text."""
    extra = getattr(field, "json_schema_extra", None)
    return isinstance(extra, dict) and extra.get("multiline") is True


# an address: several lines, each held to the one text rule (intake/limits.py)
Lines = Annotated[str, text_rule(LINE_MAX, lines=True), BeforeValidator(_lines)]  # _lines runs first
Month = Annotated[date, BeforeValidator(_month), AfterValidator(in_window)]


class Person(Model):
    name: Line = Field(description="Full name as it should appear in the program", max_length=120)
    title: Line = Field(description="Position or job title, e.g. Owner, Foreman, Office Manager", max_length=120)
    phone: Line | None = Field(None, description="Phone number, for emergency contacts")


class FirstAider(Person):
    certificate: Line = Field(description="First aid certificate held, e.g. Standard First Aid with CPR C")
    expires: Day | None = Field(None, description="Expiry date of the certificate")


class HeldTraining(Model):
    name: Line = Field(description="Course or ticket the company has its workers hold, e.g. Petroleum Safety "
                       "Training (PST)")
    who: Line = Field("Every worker", description="Who holds it, e.g. Every worker, Supervisors")
    renewal: Line | None = Field(None, description="When it is taken or renewed, e.g. Before the first day on a "
                                 "lease (unset: as the course certificate says, and before it expires)")


class Committee(Model):
    members: list[Person] = Field(description="Committee members; at least half must be workers", min_length=2)
    meets: Frequency = Field(Frequency.monthly, description="How often the committee meets")


class Company(Model):
    legal_name: Line = Field(description="Legal name on the WCB account, e.g. Acme Roofing Ltd.", max_length=200)
    operating_name: Line | None = Field(None, description="Operating or trade name, if different", max_length=200)
    province: Province = Field(description="Province or territory of the home WCB account (two letters)")
    industry: Industry = Field(description="Industry; with the province it selects the certifying partner")
    trades: list[Line] = Field(description="Trades the company performs, e.g. [roofing, sheet metal]", min_length=1)
    address: Lines | None = Field(
        None, description="Office or shop address; several lines allowed", json_schema_extra=MULTILINE
    )
    phone: Line | None = Field(None, description="Main office phone number")
    wcb_account: Line | None = Field(None, description="WCB / WSIB account number")
    years_in_business: int | None = Field(None, description="Years the company has operated", ge=0, le=300)
    certifying_partner: Line | None = Field(
        None, description="Certifying partner id when more than one fits (see `corpath protocols list`)"
    )

    @property
    def name(self) -> str:
        """The name the company goes by in the program's running text."""
        return self.operating_name or self.legal_name


class People(Model):
    workers: int = Field(
        description="Everyone on the WCB account at peak in the past 12 months, working owners included", ge=1,
        le=HEADCOUNT_MAX,
    )
    expected_workers_next_12_months: int | None = Field(
        None, description="Expected peak headcount over the next 12 months", ge=1, le=HEADCOUNT_MAX
    )
    new_workers_past_12_months: int | None = Field(
        None, description="Workers who started with the company in the past 12 months (new hires, and returning "
        "workers oriented again): each is owed an orientation record. Unset: every current worker is counted, as "
        "an assumption the consultant confirms", ge=0, le=HEADCOUNT_MAX)
    owner: Person = Field(description="Owner or senior manager who signs the policy")
    supervisors: list[Person] = Field(default_factory=list, description="Foremen and supervisors by name")
    safety_coordinator: Person | None = Field(
        None, description="Person who runs the safety program day to day (default: the owner)"
    )
    records_keeper: Person | None = Field(
        None, description="Person who files and keeps safety records (default: the safety coordinator)"
    )
    safety_representative: Person | None = Field(None, description="Worker health and safety representative")
    committee: Committee | None = Field(None, description="Joint health and safety committee, if there is one")
    representation_trained: bool = Field(
        False, description="The committee members or the representative have had the training the law requires "
        "for the role, with certificates on file (an auditor samples them)")
    first_aiders: list[FirstAider] = Field(default_factory=list, description="Workers holding first aid tickets")
    training: list[HeldTraining] = Field(
        default_factory=list, description="Courses and tickets the company has its workers hold beyond the "
        "program's own (e.g. Petroleum Safety Training for every worker): each is a row of the training matrix")
    crews: int = Field(1, description="Crews working at the same time on separate sites at peak", ge=1,
                       le=HEADCOUNT_MAX)

    @property
    def coordinator(self) -> Person:
        return self.safety_coordinator or self.owner

    @property
    def keeper(self) -> Person:
        return self.records_keeper or self.coordinator

    @property
    def lead_supervisor(self) -> Person:
        return self.supervisors[0] if self.supervisors else self.owner


class HiringClient(Model):
    name: Line = Field(description="The hiring client (owner or prime) that asks for the platform")
    required_topics: list[Line] = Field(
        default_factory=list,
        description="Written-program topics this client requires beyond the platform's usual ones: a topic id "
        "from program_templates/platforms/topics.yaml (e.g. drug_alcohol, short_service_employees, "
        "permit_to_work) or the client's own name for a topic corpath has no section for",
    )


class PlatformRegistration(Model):
    platform: Line = Field(description="The platform's name, e.g. ISNetworld, Avetta, ComplyWorks, Cognibox")
    hiring_clients: list[HiringClient] = Field(
        default_factory=list, description="The hiring clients the company is registered for on this platform"
    )


class Prequalification(Model):
    """The figures and documents contractor platforms ask for; all optional."""

    trir: float | None = Field(None, ge=0, le=1000, description="Total recordable incident rate (per 200,000 hours)")
    dart: float | None = Field(None, ge=0, le=1000, description="Days away, restricted or transferred rate")
    emr: float | None = Field(None, ge=0, le=10, description="Experience modification rate (1.0 is the industry's)")
    statistics_year: int | None = Field(None, ge=1990, le=2100, description="The year the rates are for")
    insurance_expires: Day | None = Field(None, description="When the certificate of insurance expires")
    wcb_clearance_expires: Day | None = Field(None, description="When the WCB clearance letter expires")


class ClientRequirements(Model):
    cor_required_by_name: bool = Field(False, description="A client or tender insists on full COR by name")
    required_by: Line | None = Field(None, description="Who asked for the certificate (client, prime, tender)")
    provinces_worked: list[Province] = Field(
        default_factory=list, description="Every province or territory the company works in"
    )
    target_audit_date: Day | None = Field(None, description="When the client needs the certificate by")
    prequalification_platforms: list[Line | PlatformRegistration] = Field(
        default_factory=list,
        description="Contractor platforms the company is registered on: a name (e.g. ISNetworld), or the "
        "platform with the hiring clients it is registered for and the topics they require",
    )


class Equipment(Model):
    name: Line = Field(description="What it is, e.g. 'Bobcat S650 skid steer'")
    type: EquipmentType = Field(description="Kind of equipment; it decides the pre-use checklist and modules")
    count: int = Field(1, description="How many the company has", ge=1, le=COUNT_MAX)
    pre_use_inspection: bool = Field(False, description="Operators do a written pre-use inspection today")
    maintenance_schedule: bool | None = Field(
        None, description="The piece is on the company's maintenance schedule today (false: serviced only when "
        "something goes wrong, e.g. 'vacuum lifters not on a schedule'; unset: the intake does not say)")
    rented: bool = Field(
        False, description="The piece is rented: the rental company maintains it, so it is not on the company's "
        "own maintenance log (the company checks the rental company's current inspection record before use; "
        "pre-use checks still apply)")


class HazardousProduct(Model):
    name: Line = Field(description="Product name as on the label, e.g. 'Henry 208 roof coating'")
    use: Line | None = Field(None, description="What it is used for")
    sds_on_file: bool = Field(False, description="A current safety data sheet is kept where workers can get it")


class Site(Model):
    name: Line = Field(description="Site or project name, or a typical site description")
    type: SiteType = Field(description="Kind of site")
    typical_duration_days: int | None = Field(None, description="How long a typical job there lasts, in days", ge=1,
                                                 le=3650)


class Records(Model):
    kept: bool = Field(False, description="Written records of the practice exist")
    count: int = Field(0, description="How many records exist from the past 12 months", ge=0, le=COUNT_MAX)
    location: Line | None = Field(None, description="Where they are, e.g. 'paper, in the foreman's truck'")
    can_produce: bool = Field(
        False, description="They are filed where they could be handed to an auditor today (office or system)"
    )
    latest: Month | None = Field(
        None, description="Month of the most recent record (e.g. 2019-03); records older than the records window "
        "do not cover it, whatever the count says"
    )
    borrowed: bool = Field(
        False, description="The records are not the company's own: copied from another company's manual or not "
        "written for its work. They earn no documentation credit until the company writes its own"
    )


class Subcontractors(Model):
    used: bool = Field(False, description="The company hires subcontractors")
    trades: list[Line] = Field(default_factory=list, description="Trades subcontracted, e.g. [electrical]")
    prequalified: bool = Field(False, description="Subcontractors' safety records are checked before hiring")
    records: Records = Field(
        default_factory=Records, description="The prequalification records on file, one per subcontractor "
        "hired in the past 12 months (count, where, whether they could be handed to an auditor today); unset: none "
        "confirmed, so a yes to prequalified earns no documentation credit until the count is given")

    @model_validator(mode="after")
    def _consistent(self) -> Subcontractors:
        if self.records.count and not self.records.kept:
            raise ValueError("records.count is above 0 but records.kept is false")
        return self


class WorkingAlone(Model):
    happens: bool = Field(False, description="Anyone works where help is not readily available")
    who: Line | None = Field(None, description="Who works alone and when, e.g. 'estimator on site visits'")
    check_in_hours: float | None = Field(None, description="Hours between check-ins today, if any", gt=0,
                                            le=168)


class FirstAid(Model):
    kits: int = Field(1, description="First aid kits (vehicles and sites together)", ge=0, le=COUNT_MAX)
    nearest_hospital: Line | None = Field(None, description="Nearest hospital with an emergency department")
    travel_minutes: int | None = Field(None, description="Usual travel time from a site to that hospital", ge=0,
                                          le=10_000)


class Operations(Model):
    activities: list[Activity] = Field(description="What the crews do (documented vocabulary)", min_length=1)
    sites: list[Site] = Field(default_factory=list, description="Typical or current sites")
    equipment: list[Equipment] = Field(default_factory=list, description="Equipment and vehicles")
    hazardous_products: list[HazardousProduct] = Field(
        default_factory=list, description="WHMIS-controlled products used"
    )
    subcontractors: Subcontractors = Field(default_factory=Subcontractors, description="Subcontractor use")
    working_alone: WorkingAlone = Field(default_factory=WorkingAlone, description="Working alone")
    first_aid: FirstAid = Field(default_factory=FirstAid, description="First aid arrangements")
    emergency_plans: Records = Field(
        default_factory=Records, description="The site-specific emergency response plans on file (each site's "
        "emergency information: contacts, nearest medical facility, muster point, first aid), one per site worked in "
        "the past 12 months (count, where, whether they could be handed to an auditor today); unset: none "
        "confirmed, so they earn no documentation credit until the count is given")
    season: Line | None = Field(None, description="Working season, e.g. 'April to November'")

    @model_validator(mode="after")
    def _plans_counted_beside_records(self) -> Operations:
        if self.emergency_plans.count and not self.emergency_plans.kept:
            raise ValueError("emergency_plans.records.count is above 0 but emergency_plans.kept is false")
        return self

    @field_validator("activities")
    @classmethod
    def _no_repeats(cls, value: list[Activity]) -> list[Activity]:
        seen = set()
        for activity in value:
            if activity in seen:
                raise ValueError(f"'{activity.value}' is listed twice")
            seen.add(activity)
        return value


class Practice(Model):
    done: bool = Field(False, description="The company does this today")
    frequency: Frequency | None = Field(None, description="How often it is done")
    since: Month | None = Field(None, description="Since when (month, e.g. 2024-03)")
    records: Records = Field(default_factory=Records, description="The records it leaves")
    workers_know: bool = Field(
        False, description="Workers were trained on it or told about it and could describe it to an auditor"
    )
    notes: Text | None = Field(None, description="Anything the consultant noticed (free text)")
    in_season_only: bool = Field(
        False, description="Done only in the working season (operations.season), never in the months outside it")

    @model_validator(mode="after")
    def _consistent(self) -> Practice:
        if self.records.count and not self.records.kept:
            raise ValueError("records.count is above 0 but records.kept is false")
        return self


class PolicyPractice(Practice):
    acknowledgements: int = Field(
        0, description="Workers who have signed that they read the policy (acknowledgement forms on file)", ge=0
    )


PRACTICE_NAMES = {
    "policy": "Health and safety policy",
    "hazard_assessments": "Formal hazard assessments",
    "field_level_hazard_assessments": "Field-level hazard assessments",
    "inspections": "Site inspections",
    "toolbox_meetings": "Toolbox / safety meetings",
    "orientation": "Worker orientation",
    "training_records": "Training records",
    "maintenance": "Equipment maintenance",
    "pre_use_inspections": "Equipment pre-use inspections",
    "drills": "Emergency drills",
    "investigations": "Incident investigations",
    "committee_meetings": "Committee or representative meetings",
    "statistics": "Injury and incident statistics",
    "management_review": "Annual management review",
}


class Practices(Model):
    policy: PolicyPractice = Field(default_factory=PolicyPractice, description="A signed health and safety policy")
    hazard_assessments: Practice = Field(default_factory=Practice, description="Formal hazard assessments")
    field_level_hazard_assessments: Practice = Field(
        default_factory=Practice, description="Field-level (site-specific) hazard assessments before work starts"
    )
    inspections: Practice = Field(default_factory=Practice, description="Planned site and equipment inspections")
    toolbox_meetings: Practice = Field(default_factory=Practice, description="Toolbox or safety meetings")
    orientation: Practice = Field(default_factory=Practice, description="Orientation of new workers")
    training_records: Practice = Field(
        default_factory=Practice, description="Training and tickets recorded per worker"
    )
    maintenance: Practice = Field(
        default_factory=Practice,
        description="Preventive maintenance of equipment: services and repairs (the cycle on which the schedule is "
        "checked); daily circle checks and pre-trip inspections are pre_use_inspections",
    )
    pre_use_inspections: Practice = Field(
        default_factory=Practice,
        description="Pre-use inspections of equipment and vehicles by their operators (circle checks, pre-trip "
        "inspections, pre-use checklists), e.g. daily before the first use",
    )
    drills: Practice = Field(default_factory=Practice, description="Emergency response drills")
    investigations: Practice = Field(default_factory=Practice, description="Incident and near-miss investigations")
    committee_meetings: Practice = Field(
        default_factory=Practice, description="Health and safety committee or representative meetings"
    )
    statistics: Practice = Field(
        default_factory=Practice,
        description="Injury and incident statistics compiled (counts, rates, trends) and kept as a summary",
    )
    management_review: Practice = Field(
        default_factory=Practice,
        description="The owner or senior management reviews the whole program and records what it decided",
    )

    def items(self) -> list[tuple[str, Practice]]:
        return [(name, getattr(self, name)) for name in PRACTICE_NAMES]


class CertificateStatus(str, Enum):
    none = "none"
    in_progress = "in_progress"
    certified = "certified"


class Course(Model):
    name: Line = Field(description="Course name, e.g. Principles of Health and Safety Management")
    person: Line = Field(description="Who took it")
    completed: Day = Field(description="Date completed")


class AuditKind(str, Enum):
    certification = "certification"
    maintenance = "maintenance"
    recertification = "recertification"


class AuditDone(Model):
    kind: AuditKind = Field(description="certification, maintenance or recertification")
    date: Day = Field(description="Date the audit was completed")
    score: float | None = Field(None, description="Score in percent", ge=0, le=100)


class Certificate(Model):
    status: CertificateStatus = Field(CertificateStatus.none, description="none, in_progress or certified")
    program: Line | None = Field(None, description="Certificate held or sought, e.g. COR or SECOR")
    registered_on: Day | None = Field(None, description="Date registered with the certifying partner")
    courses: list[Course] = Field(default_factory=list, description="Required courses already completed")
    program_in_use_since: Day | None = Field(None, description="Date the written program came into use")
    issued: Day | None = Field(None, description="Date the certificate was issued")
    expires: Day | None = Field(None, description="Expiry date on the certificate")
    audits: list[AuditDone] = Field(default_factory=list, description="Audits done, with dates and scores")

    @property
    def program_in_use_from(self) -> date | None:
        """The date the company's written program has been in use: `program_in_use_since` as the intake gives it,
        else, for a certified company, its first audit or the certificate's issue date, whichever is earlier. A
        company that passed a COR audit runs a written program the auditor sampled; corpath's rewrite of that
        manual does not restart the records window (an auditor samples the company's records over the window,
        not the age of the current revision). None when nothing shows a program in use."""
        if self.program_in_use_since is not None:
            return self.program_in_use_since
        if self.status != CertificateStatus.certified:
            return None
        return min([a.date for a in self.audits] + ([self.issued] if self.issued else []), default=None)

    @model_validator(mode="after")
    def _dates(self) -> Certificate:
        if self.status == CertificateStatus.certified and self.issued is None:
            raise ValueError("a certified company needs certificate.issued (the date on the certificate)")
        if self.issued and self.expires and self.expires <= self.issued:
            raise ValueError("certificate.expires must be after certificate.issued")
        return self


class Wcb(Model):
    annual_premium: float | None = Field(None, description="Annual WCB premium in dollars", ge=0, le=MONEY_MAX)
    assessable_payroll: float | None = Field(None, description="Annual assessable payroll in dollars", ge=0,
                                              le=MONEY_MAX)
    rate_per_100: float | None = Field(
        None, description="The company's own rate per $100 of payroll (in BC the classification unit's base rate); "
        "with assessable_payroll it gives the premium when annual_premium is missing", ge=0, le=100)
    industry_rate_per_100: float | None = Field(
        None, description="Alberta: the industry rate per $100 of assessable payroll, before experience rating; "
        "PIR refunds are a percentage of payroll x this rate (AMHSA PIR process), not of the company's own premium",
        ge=0, le=100)


class Intake(Model):
    client: str = Field(
        description="Client id: lowercase letters, digits and hyphens; equals the file name without extension"
    )
    company: Company = Field(description="The company")
    people: People = Field(description="Headcount and the people who run safety")
    client_requirements: ClientRequirements = Field(
        default_factory=ClientRequirements, description="What the company's clients require"
    )
    operations: Operations = Field(description="How the company works")
    practices: Practices = Field(
        default_factory=Practices, description="Current safety practices and the evidence they leave"
    )
    certificate: Certificate = Field(default_factory=Certificate, description="State of the certificate")
    wcb: Wcb = Field(default_factory=Wcb, description="WCB premium figures, for the rebate estimate")
    consultant: Line | None = Field(None, description="Consultant preparing the program (shown as 'prepared by')")
    prequalification: Prequalification = Field(
        default_factory=Prequalification,
        description="Statistics and document expiry dates contractor platforms ask for (optional)",
    )

    @field_validator("client")
    @classmethod
    def _client_id(cls, value: str, info: ValidationInfo) -> str:
        if not CLIENT_ID.fullmatch(value):
            raise ValueError(
                "must be lowercase letters, digits and hyphens (not starting or ending with a hyphen), "
                "at most 64 characters"
            )
        stem = (info.context or {}).get("stem")
        if stem is not None and value != stem:
            raise ValueError(f"must equal the file name '{stem}' (the file is {stem}.*)")
        return value

    @property
    def expected_peak(self) -> int:
        return max(self.people.workers, self.people.expected_workers_next_12_months or 0)
