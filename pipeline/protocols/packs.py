"""Certifying-partner protocol packs: versioned data, validated on load.

A pack is `program_templates/protocols/<partner-id>/<version>.yaml`. It holds the partner, the programs it
offers (COR and its small-employer path under the partner's own name), their rules, and the audit elements
with their questions. Every threshold, pass mark, cycle and rebate is a `Fact` carrying its source and
confidence; a fact without a source is shown as unverified wherever it is used.

A protocol change is a new pack file, never a code change; `protocol_diff.diff_packs` says what changed between
two versions (elements, questions, rules) and which program sections the question changes touch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .. import language
from ..errors import InputError, NoPartnerError, Problem
from ..intake.model import Industry, Province
from ..intake.yamlfile import load_document, load_model, validate_document

# $CORPATH_TEMPLATES points corpath at another copy of program_templates (a consultant's own, or a test's)
TEMPLATES = Path(os.environ.get("CORPATH_TEMPLATES") or Path(__file__).resolve().parents[2] / "program_templates")
TEMPLATES = TEMPLATES.resolve()
PROTOCOLS = TEMPLATES / "protocols"

T = TypeVar("T")


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"


class Sourced(Pack):
    """Anything that states a rule: where it comes from and how sure we are."""

    source: str | None = Field(description="Where the fact comes from (page, document); null when none was found")
    confidence: Confidence = Field(
        description="high: the partner's or board's own page; medium: secondary; low: unverified"
    )
    note: str | None = Field(None, description="Conflicts, caveats, the exact wording")

    @property
    def unverified(self) -> bool:
        return self.source is None or self.confidence == Confidence.low

    @property
    def provenance(self) -> str:
        """`(source; confidence)` as printed beside a fact, with UNVERIFIED where it applies."""
        if self.source is None:
            return "(no source found; UNVERIFIED)"
        flag = "; UNVERIFIED" if self.confidence == Confidence.low else ""
        return f"({self.source}; {self.confidence.value} confidence{flag})"


class Fact(Sourced, Generic[T]):
    value: T = Field(description="The value; null when the fact is not known")


def fits_headcount(workers: int, min_workers: int | None, max_workers: int | None) -> bool:
    """Whether a headcount lies within a range whose ends may be open (None)."""
    return (min_workers is None or workers >= min_workers) and (max_workers is None or workers <= max_workers)


class SizeRule(Sourced):
    min_workers: int | None = Field(None, description="Smallest headcount the program accepts (null: no minimum)", ge=1)
    max_workers: int | None = Field(None, description="Largest headcount the program accepts (null: no maximum)", ge=1)
    counting: str | None = Field(
        description="Who counts toward the headcount, in the partner's terms; null when the partner's sources do not "
        "say (the decision then counts as the intake does: everyone on the WCB account at peak, owners included)")

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


class Audits(Pack):
    certification: AuditRule = Field(description="Who does the certification audit")
    maintenance: AuditRule = Field(description="Who does the maintenance audits")
    recertification: AuditRule | None = Field(None, description="Who does the recertification audit")


class PassRule(Pack):
    overall_percent: Fact[float | None] = Field(description="Overall score needed, in percent")
    element_minimum_percent: Fact[float | None] = Field(description="Score every element needs, in percent")


class MaintenanceSchedule(Sourced):
    years: list[int] = Field(description="Years of the cycle with a maintenance audit, e.g. [2, 3]")
    deadline: Literal["calendar_year_end", "anniversary", "before_anniversary_month", "within_12_months"] = Field(
        description="When each maintenance audit is due: by 31 December; before the certificate's anniversary; "
        "before the first day of the anniversary month (CSAM); or within 12 months of the previous audit"
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
    points: Sourced = Field(description="Where the points per question come from, or how they are assumed")
    elements: list[Element] = Field(description="Elements in the owner's order", min_length=1)

    @model_validator(mode="after")
    def _certificates(self) -> Instrument:
        for element in self.elements:
            for question in element.questions:
                unknown = set(question.programs or []) - set(CERTIFICATE_IDS)
                if unknown:
                    raise ValueError(f"question '{question.id}': an instrument's programs name certificates "
                                     f"(cor, secor), not {', '.join(sorted(unknown))}")
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
    points: Sourced | None = Field(
        None, description="Where the points per question of the pack's own elements come from, or how they are "
        "assumed (a pack with an instrument takes the instrument's); null when the pack does not say"
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

    @model_validator(mode="after")
    def _ids(self) -> ProtocolPack:
        if not self.elements and self.instrument is None:
            raise ValueError("a pack needs elements, or an instrument to take them from")
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


class Jurisdiction(Sourced):
    status: Literal["partners", "none", "other_system", "not_shipped"] = Field(
        description="partners: packs exist; none: no COR program; other_system: a different scheme; "
        "not_shipped: a partner exists but corpath has no pack yet"
    )
    explanation: str = Field(description="Plain explanation for a consultant")
    procurement: Requirement | None = Field(
        None, description="What public procurement in the province requires of a contractor's certificate"
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
    def points_basis(self) -> Sourced:
        """Where the points per question come from, or how they are assumed: the instrument's `points` when the
        pack audits with one, else the pack's own `points`; when neither says, a fact with no source (so
        unverified), for the consultant to confirm."""
        if self.instrument is not None:
            return self.instrument.points
        if self.pack.points is not None:
            return self.pack.points
        return Sourced(source=None, confidence=Confidence.low,
                       note=f"The pack does not say whether its points per question are "
                       f"{self.pack.partner.abbreviation}'s published points or corpath's assumption.")

    @property
    def points_label(self) -> str:
        """Whose question list the points belong to: `2023 ACSA COR Audit Instrument, version 2023` or `ACSA
        protocol 2019.1`."""
        if self.instrument is not None:
            return f"{self.instrument.name}, version {self.instrument.version}"
        return f"{self.pack.partner.abbreviation} protocol {self.pack.version}"


@cache
def load_instrument(path: Path) -> Instrument:
    """Load and validate one instrument file."""
    instrument = load_model(Instrument, path)
    if instrument.id != path.stem:
        raise InputError([Problem(path, None, None, "id", f"must equal the file name '{path.stem}'")])
    return instrument


def load_pack(path: Path) -> LoadedPack:
    """Load and validate one pack file; problems come back with file, line and field.

    A pack that names an `instrument` gets that instrument's elements first, then its own; its hash covers both
    files, so a changed instrument makes every client built on the pack stale.
    """
    doc = load_document(path)
    pack = validate_document(ProtocolPack, doc)
    if pack.partner.id != path.parent.name:
        raise InputError([Problem(doc.path, 2, 1, "partner.id", f"must equal the folder name '{path.parent.name}'")])
    if pack.version != path.stem:
        raise InputError([Problem(doc.path, None, None, "version", f"must equal the file name '{path.stem}'")])
    digest = hashlib.sha256(path.read_bytes())
    instrument = None
    if pack.instrument is not None:
        where = path.parent.parent / INSTRUMENTS / f"{pack.instrument}.yaml"
        if not where.is_file():
            raise InputError([Problem(doc.path, None, None, "instrument", f"no instrument file {where.name} in "
                                      f"{where.parent}")])
        instrument = load_instrument(where)
        if pack.partner.id not in instrument.partners:
            raise InputError([Problem(where, None, None, "partners", f"must list '{pack.partner.id}', whose pack "
                                      f"{path.name} audits with it")])
        try:
            pack = ProtocolPack.model_validate(
                {**dict(pack), "elements": instrument.elements_for(pack.programs) + pack.elements})
        except ValidationError as exc:
            raise InputError([Problem(doc.path, None, None, "instrument", error["msg"])
                              for error in exc.errors()]) from None
        digest.update(where.read_bytes())
    return LoadedPack(path=path, sha256=digest.hexdigest(), pack=pack, instrument=instrument)


def pack_paths(root: Path = PROTOCOLS) -> list[Path]:
    """Every pack file: one folder per partner; `_`-folders and the shared instruments are not packs."""
    return sorted(p for p in root.glob("*/*.yaml")
                  if not p.parent.name.startswith("_") and p.parent.name != INSTRUMENTS)


@cache
def _load_all(root: Path) -> tuple[LoadedPack, ...]:
    return tuple(sorted((load_pack(p) for p in pack_paths(root)), key=lambda lp: (lp.pack.partner.id, pack_order(lp))))


def all_packs(root: Path = PROTOCOLS) -> list[LoadedPack]:
    """Every pack shipped, every version."""
    return list(_load_all(root))


def latest_packs(root: Path = PROTOCOLS, *, on: date | None = None) -> list[LoadedPack]:
    """The newest version of each partner's pack in effect on `on` (default today)."""
    on = on or date.today()
    newest: dict[str, LoadedPack] = {}
    for loaded in all_packs(root):
        if loaded.pack.effective > on:
            continue
        current = newest.get(loaded.pack.partner.id)
        if current is None or pack_order(loaded) > pack_order(current):
            newest[loaded.pack.partner.id] = loaded
    return sorted(newest.values(), key=lambda lp: lp.pack.partner.id)


def pack_order(loaded: LoadedPack) -> tuple[date, tuple[tuple[int, int | str], ...]]:
    """Sort key of a partner's versions: the effective date, then the version label read part by part.

    A correction of a version keeps the partner's effective date and adds a part to the label ('2019' →
    '2019.1'), so on the same date the corrected pack wins: (2019-01-01, '2019.1') > (2019-01-01, '2019').
    """
    parts = re.split(r"[.\-_]", loaded.pack.version)
    return loaded.pack.effective, tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def find_pack(partner_id: str, version: str | None = None, root: Path = PROTOCOLS) -> LoadedPack:
    """One partner's pack: the given version, or the newest in effect."""
    candidates = [lp for lp in all_packs(root) if lp.pack.partner.id == partner_id or
                  lp.pack.partner.abbreviation.lower() == partner_id.lower()]
    if not candidates:
        known = ", ".join(sorted({lp.pack.partner.id for lp in all_packs(root)}))
        raise NoPartnerError(f"no protocol pack for partner '{partner_id}'; packs: {known}")
    if version is None:
        in_effect = [lp for lp in candidates if lp.pack.effective <= date.today()] or candidates
        return max(in_effect, key=pack_order)
    for lp in candidates:
        if lp.pack.version == version:
            return lp
    versions = ", ".join(lp.pack.version for lp in candidates)
    raise NoPartnerError(f"partner '{partner_id}' has no protocol version '{version}'; versions: {versions}")


@cache
def load_jurisdictions(root: Path = PROTOCOLS) -> Jurisdictions:
    return load_model(Jurisdictions, root / "jurisdictions.yaml")


def select_pack(province: str, industry: str, partner_id: str | None = None, root: Path = PROTOCOLS) -> LoadedPack:
    """The certifying partner's pack for a province and industry.

    Raises NoPartnerError listing what exists when none fits; a province with no COR program raises it
    with the plain explanation from `jurisdictions.yaml`.
    """
    packs = latest_packs(root)
    if partner_id:
        chosen = find_pack(partner_id, root=root)
        if province not in [p.value for p in chosen.pack.partner.provinces]:
            raise NoPartnerError(f"partner '{partner_id}' does not certify in {province}")
        if industry not in [i.value for i in chosen.pack.partner.industries]:
            industries = ", ".join(i.value for i in chosen.pack.partner.industries)
            raise NoPartnerError(f"partner '{partner_id}' does not certify industry '{industry}' (it certifies: "
                                 f"{industries})", hint="fix company.industry or company.certifying_partner")
        return chosen
    in_province = [lp for lp in packs if province in [p.value for p in lp.pack.partner.provinces]]
    fitting = [lp for lp in in_province if industry in [i.value for i in lp.pack.partner.industries]]
    if len(fitting) > 1:
        defaults = [lp for lp in fitting if lp.pack.partner.default]
        if len(defaults) == 1:
            return defaults[0]
        names = ", ".join(lp.pack.partner.id for lp in fitting)
        raise NoPartnerError(
            f"several certifying partners fit {province} {industry}: {names}",
            hint="name one in the intake as company.certifying_partner",
        )
    if fitting:
        return fitting[0]
    jurisdiction = load_jurisdictions(root).provinces.get(Province(province))
    if not in_province and jurisdiction is not None and jurisdiction.status != "partners":
        raise NoPartnerError(f"{province}: {jurisdiction.explanation} {jurisdiction.provenance}")
    if in_province:
        offered = "; ".join(
            f"{lp.pack.partner.abbreviation} ({', '.join(i.value for i in lp.pack.partner.industries)})"
            for lp in in_province
        )
        raise NoPartnerError(
            f"no certifying partner pack for industry '{industry}' in {province}; packs there: {offered}"
        )
    everywhere = "; ".join(
        f"{lp.pack.partner.abbreviation}: {'/'.join(p.value for p in lp.pack.partner.provinces)} "
        f"{'/'.join(i.value for i in lp.pack.partner.industries)}"
        for lp in packs
    )
    raise NoPartnerError(f"no certifying partner pack for {province}; packs shipped: {everywhere}")


def iter_facts(node: Any, path: str = "") -> list[tuple[str, Sourced]]:
    """Every sourced fact in a pack, with its dotted path (for the sources test and `protocols show`)."""
    found: list[tuple[str, Sourced]] = []
    if isinstance(node, Sourced):
        found.append((path, node))
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            found.extend(iter_facts(getattr(node, name), f"{path}.{name}" if path else name))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            label = getattr(item, "id", i)
            found.extend(iter_facts(item, f"{path}[{label}]"))
    elif isinstance(node, dict):
        for key, item in node.items():
            found.extend(iter_facts(item, f"{path}.{getattr(key, 'value', key)}"))
    return found


# ------------------------------------------------------------------------------------------ what a pack holds


DEADLINE_WORDS = {
    "calendar_year_end": "by 31 December of the calendar year",
    "anniversary": "before the anniversary of the certificate",
    "before_anniversary_month": "before the first day of the certificate's anniversary month",
    "within_12_months": "within 12 months of the previous audit",
}
