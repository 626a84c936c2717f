"""Each province's occupational health and safety law, as data with a source on every requirement.

`program_templates/legislation/<PROVINCE>.yaml` holds the Act, the regulations, and the requirements the
program states (committee and representative thresholds, fall protection, violence and harassment, working
alone, incident reporting, first aid). Templates cite these; they never type a section number themselves, so
a program can only cite its own province's law, and the reviewer lint can tell when another's slips in.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, PrivateAttr

from ..intake.model import Industry, Province
from ..intake.yamlfile import load_model
from .packs import TEMPLATES, Pack, Sourced, fits_headcount
from .records import Rate

LEGISLATION = TEMPLATES / "legislation"


class Instrument(Sourced):
    """An Act or a regulation."""

    title: str = Field(description="Full title, e.g. 'Occupational Health and Safety Act'")
    citation: str = Field(description="Statute or regulation citation, e.g. 'SA 2020, c O-2.2'")
    short: str = Field(description="Short name used in running text, e.g. 'the OHS Act'")


class Requirement(Sourced):
    """A legal requirement stated in the program."""

    text: str = Field(description="What the law requires, in plain words, as the program states it")
    citation: str | None = Field(None, description="Where it is, e.g. 'OHS Code Part 9, s.139'")
    min_workers: int | None = Field(None, description="Headcount from which it applies", ge=1)
    max_workers: int | None = Field(None, description="Headcount up to which it applies", ge=1)
    phone: str | None = Field(None, description="Phone number to call, where the requirement has one")
    what: str | None = Field(
        None, description="What is required, as a noun phrase that follows 'law requires' (e.g. 'a written "
        "safety policy'); where absent the template names it")
    meets: Rate | None = Field(
        None, description="For a committee or representative: the least often the law has it meet (a rate of "
        "records.yaml: monthly, quarterly), where the source states it; absent when the data does not say")
    conditional: bool = Field(
        False, description="True where, inside its headcount range, the requirement holds only in some cases "
        "(the regulator may order it, the employer's policy may provide for it, a threshold is not verified): "
        "the program then never says the law requires it, and `text` says when it does")
    training: str | None = Field(
        None, description="For a committee or representative: the training the law gives each member when chosen, "
        "as a phrase that follows 'receive' (e.g. '8 hours of committee training'), where the source states it; "
        "absent when the data does not say, and the program then gives the company's own training")
    industries: list[Industry] = Field(
        default_factory=list, description="The industries whose work `text` speaks of, where it classes one "
        "(Alberta's first aid: construction is high hazard work); empty where it holds for any industry. A company "
        "of another industry gets the company's own rule, and review.md asks for its industry's classification")

    def applies(self, workers: int) -> bool:
        """True when `workers` (a headcount) is inside the requirement's range, whether or not it is conditional."""
        return fits_headcount(workers, self.min_workers, self.max_workers)

    def required(self, workers: int) -> bool:
        """True when the law requires it outright at `workers`: inside the range and not conditional. Only then
        may a program say "the law requires" it."""
        return self.applies(workers) and not self.conditional


class TrainingRule(Sourced):
    """A training the province's law requires, as the program's training tables state it."""

    name: str = Field(description="The course as the law names it, e.g. 'Working at Heights training approved by "
                      "the Chief Prevention Officer (CPO)'")
    renewal: str = Field(description="How long it is valid, e.g. 'Every 3 years'")
    citation: str = Field(description="Where the law requires it, e.g. 'O. Reg. 297/13'")


class Body(Sourced):
    name: str = Field(description="Name of the regulator or board")


class Legislation(Pack):
    province: Province = Field(description="Two-letter code; equals the file name")
    name: str = Field(description="Province or territory name")
    act: Instrument = Field(description="The OHS statute")
    regulations: list[Instrument] = Field(description="Regulations and codes that apply to construction")
    regulator: Body = Field(description="Who enforces the law")
    wcb: Body = Field(description="The workers' compensation board")
    committee: Requirement = Field(description="Joint health and safety committee requirement")
    representative: Requirement = Field(description="Health and safety representative requirement")
    written_program: Requirement = Field(description="When a written program (or policy) is legally required")
    small_employer: Requirement | None = Field(
        None, description="What the law asks in writing of an employer below the written program's threshold "
        "(a written policy, a less formal program), where it sets that apart from the program; `what` names it")
    fall_protection: Requirement = Field(description="Fall protection trigger and plan")
    violence_harassment: Requirement = Field(description="Violence and harassment requirements")
    working_alone: Requirement = Field(description="Working alone requirements")
    worker_rights: Requirement = Field(description="Workers' rights, including the right to refuse")
    first_aid: Requirement = Field(description="First aid requirements")
    incident_reporting: Requirement = Field(description="What to report, to whom, how fast")
    record_retention: Requirement | None = Field(None, description="How long records are kept, if known")
    training: dict[str, TrainingRule] = Field(
        default_factory=dict, description="Trainings the law requires, by the id a hazard module's training names "
        "(`law_training`, e.g. working_at_heights); a module's training with no rule here states the company's own")
    markers: list[str] = Field(
        description="Strings that identify this province's law in text (e.g. 'Alta Reg'); the reviewer lint "
        "fails a program of another province that contains one",
        min_length=1,
    )
    _industry: Industry | None = PrivateAttr(None)

    def for_industry(self, industry: Industry) -> Legislation:
        """A copy of this law read for a company of `industry` (company.industry): `stated_rule` then withholds a
        requirement whose `industries` do not include it (see `unfitted_rule`)."""
        fitted = self.model_copy()
        fitted._industry = industry
        return fitted

    def unfitted_rule(self, key: str) -> Requirement | None:
        """The sourced requirement named `key` that speaks of other industries' work than the company's (set by
        `for_industry`): Alberta's "construction is high hazard work" for an oil and gas services company. None
        when the requirement fits, has no source, or no industry was set. Raises AttributeError for an unknown
        key."""
        requirement = getattr(self, key)
        if requirement is None or requirement.source is None or not requirement.industries:
            return None
        return requirement if self._industry is not None and self._industry not in requirement.industries else None

    @property
    def instruments(self) -> list[Instrument]:
        return [self.act, *self.regulations]

    @property
    def retention(self) -> Requirement | None:
        """The legal retention rule the program may state: `record_retention` when a source was found for it
        (a weak one is stated and goes to review.md like any weak fact), else None: a placeholder with no
        source ("as long as the regulations require") states no fact, so the program gives only the company's
        own rule and the consultant finds the law's (review.md)."""
        kept = self.record_retention
        return kept if kept is not None and kept.source is not None else None

    def retention_for(self, committee: bool) -> Requirement | None:
        """`retention` for a company that has or needs a joint committee (`committee`) or not: a rule that speaks
        of the committee's minutes (New Brunswick's, British Columbia's) is None for a company without one, so
        its program does not state a rule about records it does not make."""
        kept = self.retention
        if kept is None or (not committee and "committee" in kept.text.lower()):
            return None
        return kept

    def stated_rule(self, key: str) -> Requirement | None:
        """The requirement named `key` (a hazard module's `legal_key`: first_aid, fall_protection,
        working_alone) when the program may state it: a source was found for it (a weak one is stated and goes
        to review.md like any weak fact). None for a placeholder with no source ("First aid is provided as the
        regulations require" states no fact): the program gives only the company's own rule and review.md asks
        the consultant for the law's; None too for a rule that classes another industry's work than the
        company's (`unfitted_rule`). Raises AttributeError for a key that is no requirement of the file."""
        requirement = getattr(self, key)
        if requirement is None or requirement.source is None or self.unfitted_rule(key) is not None:
            return None
        return requirement


def legislation_path(province: str, root: Path = LEGISLATION) -> Path:
    return root / f"{province}.yaml"


@cache
def load_legislation(province: str, root: Path = LEGISLATION) -> Legislation:
    """One province's law; every province a shipped pack covers has a file (a test checks it)."""
    return load_model(Legislation, legislation_path(province, root))


def available_provinces(root: Path = LEGISLATION) -> list[str]:
    return sorted(p.stem for p in root.glob("*.yaml"))
