"""The certificate decision: COR, or the partner's small-employer certificate, for one intake.

The numbers come from the partner's protocol pack (size rules, who audits, what happens on growing past the
line); the general rules consultants use come from `program_templates/protocols/decision_rules.yaml`. Each
reason ends with the source of the fact behind it, so a consultant can check it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from .. import language
from ..errors import NoPartnerError
from ..intake.model import PROVINCE_NAMES, Intake
from ..intake.yamlfile import check_placeholders, load_model
from .packs import (
    AUDITOR_WORDS,
    PROTOCOLS,
    Fact,
    Jurisdiction,
    LoadedPack,
    Pack,
    Program,
    SizeRule,
    Sourced,
    iter_facts,
    latest_packs,
    load_jurisdictions,
    select_pack,
)

PLACEHOLDERS = frozenset({
    "workers", "expected", "partner", "partner_name", "program", "certificate", "size", "counting", "province",
    "province_name", "required_by", "requires", "other_provinces", "current_program", "current_size",
})


def headcount(n: int) -> str:
    """A headcount in figures, as a consultant scans it: `1 worker`, `24 workers`."""
    return f"{n} {language.plural('worker', n)}"


def counting(partner: str, size: SizeRule) -> str:
    """Who the partner counts toward its size line, as a clause: "ACSA counts everyone covered by …"; where the
    pack has no source for it (`counting: null`), the plain statement that the count is the intake's own."""
    if size.counting is None:
        return (f"{partner} does not say in the sources on file who counts toward the size, so the count is "
                "everyone on the WCB account at peak, owners included")
    return f"{partner} counts {size.counting}"


class DecisionRule(Sourced):
    """One rule consultants use, with the sentences a decision gives when it applies."""

    text: str = Field(description="The rule in plain words")
    reason: str | None = Field(None, description="Sentence given as a reason when the rule decides; {placeholders}")
    caution: str | None = Field(None, description="Sentence given as a caution when the rule warns; {placeholders}")
    satisfied: str | None = Field(
        None, description="Sentence given as a reason when the default program already meets the rule; {placeholders}"
    )

    @model_validator(mode="after")
    def _placeholders(self) -> DecisionRule:
        for template in (self.reason, self.caution, self.satisfied):
            if template is not None:
                check_placeholders(template, PLACEHOLDERS)
        return self


class DecisionRules(Pack):
    format: Literal[1] = Field(description="File format version")
    headcount: DecisionRule = Field(description="Headcount against the small-employer line picks the default")
    required_by_name: DecisionRule = Field(description="A client insisting on COR by name wins over size")
    growth: DecisionRule = Field(description="Growth past the line within 12 months: COR now")
    other_provinces: DecisionRule = Field(description="Reciprocity and equivalency are not automatic")
    home_province_only: DecisionRule = Field(description="A certificate recognised only at home is flagged")


@cache
def load_decision_rules(root: Path = PROTOCOLS) -> DecisionRules:
    return load_model(DecisionRules, root / "decision_rules.yaml")


@dataclass(frozen=True)
class Decision:
    """Which certificate to build for, from which partner, and why."""

    certificate: Literal["COR", "SECOR"] | None
    program: str | None  # the partner's own name, e.g. "Small COR"
    program_id: str | None
    partner: str | None  # abbreviation, e.g. ACSA
    partner_id: str | None
    partner_name: str | None
    province: str
    industry: str
    workers: int
    expected_workers: int | None
    small_employer_max_workers: int | None
    audit: str | None  # who does the certification audit, in plain words
    reasons: list[str]
    cautions: list[str]
    unverified: list[str]
    procurement: str | None = None  # what public procurement in the province requires, in plain words
    to_confirm: list[str] = field(default_factory=list)  # questions for the partner the decision leaves open
    partner_to_confirm: list[str] = field(default_factory=list)  # another partner whose scope the trades may be in
    pack: LoadedPack | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Everything but the loaded pack, which is named by partner, version, path and hash instead."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "pack"}
        data["protocol"] = None if self.pack is None else {
            "partner_id": self.pack.pack.partner.id,
            "version": self.pack.pack.version,
            "path": str(self.pack.path),
            "sha256": self.pack.sha256,
        }
        return data


def describe_size(size: SizeRule) -> str:
    """`10 or fewer workers`, `11 or more workers`, `2 to 4 workers`, `any number of workers`."""
    low, high = size.min_workers, size.max_workers
    if low is not None and high is not None:
        return f"{low} worker" if low == high == 1 else (
            f"exactly {low} workers" if low == high else f"{low} to {high} workers")
    if high is not None:
        return f"{high} or fewer workers"
    if low is not None and low > 1:
        return f"{low} or more workers"
    return "any number of workers"


def describe_fact(path: str, fact: Sourced) -> str:
    """One line for a fact: where it is, what it says, and its provenance."""
    if isinstance(fact, Fact):
        what = "not known" if fact.value is None else str(fact.value)
    elif isinstance(fact, SizeRule):
        what = describe_size(fact)
    elif hasattr(fact, "months"):
        what = f"{fact.months} months"
    elif hasattr(fact, "years"):
        what = f"maintenance in years {', '.join(map(str, fact.years))}"
    else:
        what = getattr(fact, "name", None) or getattr(fact, "description", None) or fact.note or ""
    return f"{path}: {what} {fact.provenance}"


def _distance(size: SizeRule, workers: int) -> int:
    if size.min_workers is not None and workers < size.min_workers:
        return size.min_workers - workers
    if size.max_workers is not None and workers > size.max_workers:
        return workers - size.max_workers
    return 0


def _span(size: SizeRule) -> float:
    return (math.inf if size.max_workers is None else size.max_workers) - (size.min_workers or 1)


def choose_program(programs: list[Program], workers: int) -> Program:
    """The program whose size rule fits; the narrowest when several fit (COR on a tie); the nearest when none."""
    return min(programs, key=lambda p: (_distance(p.size, workers), _span(p.size), p.certificate != "COR"))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]



def _host_partner(province: str, industry: str, root: Path) -> str | None:
    """The id of the partner that certifies `industry` in `province` (as `select_pack` chooses it), or None when
    no partner is on file there."""
    try:
        return select_pack(province, industry, None, root).pack.partner.id
    except NoPartnerError:
        return None

def recommend(intake: Intake, root: Path = PROTOCOLS, *, use_pack: LoadedPack | None = None) -> Decision:
    """COR or the small-employer certificate for this intake, with reasons and cautions.

    `use_pack` decides with that pack (another version of the partner's) instead of the one in effect, so
    `protocols impact` can say what a new version changes in the decision itself.

    A province with no COR program gives a Decision with no certificate and the plain explanation as its reason.
    An industry with no pack in the province raises NoPartnerError naming what exists.
    """
    province = intake.company.province.value
    industry = intake.company.industry.value
    workers = intake.people.workers
    expected = intake.people.expected_workers_next_12_months
    others = [p.value for p in intake.client_requirements.provinces_worked if p.value != province]
    base = {"province": province, "industry": industry, "workers": workers, "expected_workers": expected}

    jurisdiction = load_jurisdictions(root).provinces.get(intake.company.province)
    if jurisdiction is not None and jurisdiction.status != "partners":
        unverified = [describe_fact(f"jurisdictions.{province}", jurisdiction)] if jurisdiction.unverified else []
        return Decision(
            certificate=None, program=None, program_id=None, partner=None, partner_id=None, partner_name=None,
            small_employer_max_workers=None, audit=None,
            reasons=[f"{PROVINCE_NAMES[province]}: {jurisdiction.explanation} {jurisdiction.provenance}"],
            cautions=[], unverified=unverified, **base,
        )

    rules = load_decision_rules(root)
    loaded = use_pack or select_pack(province, industry, intake.company.certifying_partner, root)
    pack = loaded.pack
    # a province where the same partner certifies this industry (ESC in Alberta for a Saskatchewan oil and gas
    # company) is not "another partner's" province: the general reciprocity caution is for the rest
    same_partner = [p for p in others if _host_partner(p, industry, root) == pack.partner.id]
    others = [p for p in others if p not in same_partner]
    partner = pack.partner
    # a tier whose size rule takes no company that subcontracts (CSNS's Owner/Operator) is not chosen for one that does
    subcontracts = intake.operations.subcontractors.used
    programs = [p for p in pack.programs if not (subcontracts and p.size.subcontracting == "none")] or pack.programs
    default = choose_program(programs, workers)
    chosen = default
    reasons = [_partner_reason(loaded, province, industry, intake.company.certifying_partner, root)]
    cautions: list[str] = []

    required_by = intake.client_requirements.required_by or "A client"

    def words(program: Program, **extra: Any) -> dict[str, Any]:
        return {
            "workers": headcount(workers),
            "expected": headcount(expected) if expected is not None else None,
            "partner": partner.abbreviation, "partner_name": partner.name,
            "program": program.name, "certificate": program.certificate, "size": describe_size(program.size),
            "counting": counting(partner.abbreviation, program.size), "province": province,
            "province_name": PROVINCE_NAMES[province],
            "required_by": required_by,
            # the verb agrees with what the client typed: "Producers in the Kindersley fields require"
            "requires": language.verb("requires", language.subject_count(required_by)),
            "other_provinces": _join(others) if others else "", "current_program": default.name,
            "current_size": describe_size(default.size), **extra,
        }

    reasons.append(f"{rules.headcount.reason.format(**words(default))} {default.size.provenance}")
    if default.size.note and workers in (default.size.min_workers, default.size.max_workers):
        cautions.append(f"At the line: {default.size.note} {default.size.provenance}")

    if intake.client_requirements.cor_required_by_name:
        chosen = choose_program([p for p in programs if p.certificate == "COR"], workers)
        rule = rules.required_by_name
        if chosen.id != default.id:
            reasons.append(f"{rule.reason.format(**words(chosen))} {rule.provenance}")
        elif rule.satisfied:
            reasons.append(f"{rule.satisfied.format(**words(chosen))} {chosen.size.provenance}")
        if not chosen.size.fits(workers) and rules.required_by_name.caution:
            cautions.append(f"{rules.required_by_name.caution.format(**words(chosen))} {chosen.size.provenance}")
    elif expected is not None and not default.size.fits(expected):
        target = choose_program(programs, expected)
        if target.id != default.id:
            chosen = target
            reasons.append(f"{rules.growth.reason.format(**words(chosen))} {rules.growth.provenance}")
            caution = rules.growth.caution.format(**words(chosen)) if rules.growth.caution else ""
            exceeding = default.on_exceeding_size
            if exceeding is not None and exceeding.note:
                cautions.append(f"{caution} {partner.abbreviation}: {exceeding.note} {exceeding.provenance}".strip())
            else:
                cautions.append(f"{caution} {rules.growth.provenance}".strip())

    audit = chosen.audits.certification
    reasons.append(f"Certification audit by {AUDITOR_WORDS[audit.who.value]}: {audit.description} {audit.provenance}")
    passing = chosen.certification_pass
    if passing.overall_percent.value is not None:
        element = passing.element_minimum_percent
        rest = (f" and at least {element.value:g}% in every element {element.provenance}"
                if element.value is not None else "")
        overall = passing.overall_percent
        reasons.append(f"To pass: {overall.value:g}% overall {overall.provenance}{rest}")

    if others:
        cautions.append(f"{rules.other_provinces.caution.format(**words(chosen))} {rules.other_provinces.provenance}")
    if same_partner:
        where = _join([PROVINCE_NAMES[p] for p in same_partner])
        cautions.append(f"{partner.abbreviation} certifies in {where} too: ask {partner.abbreviation} whether the "
                        f"{chosen.certificate} covers the company's work there.")
    home_only = chosen.recognised_outside_province
    if home_only is not None and home_only.value is False:
        cautions.append(f"{rules.home_province_only.caution.format(**words(chosen))} {home_only.provenance}")
    if chosen.id == default.id:
        for other in programs:
            if other.id != chosen.id and other.size.fits(workers):
                size = (other.size.note or describe_size(other.size)).rstrip(".")
                also = f"{partner.abbreviation} also offers {other.name} for a company this size ({size})"
                flag = other.recognised_outside_province
                if flag is not None and flag.value is False:
                    also += f"; it is recognised only in {PROVINCE_NAMES[province]}"
                cautions.append(f"{also} {other.size.provenance}")

    unverified = [describe_fact(path, fact) for path, fact in iter_facts(chosen, f"programs[{chosen.id}]")
                  if fact.unverified]
    if pack.elements_note.unverified:
        unverified.append(describe_fact("elements_note", pack.elements_note))
    if unverified:
        facts = language.count(len(unverified), "fact").capitalize()
        them = "it" if len(unverified) == 1 else "them"
        cautions.append(f"{facts} behind this program {language.verb('is', len(unverified))} unsourced or low "
                        f"confidence (listed as unverified); confirm {them} with {partner.abbreviation} before "
                        f"relying on {them}.")

    partner_to_confirm = scope_partner_questions(intake, jurisdiction, partner.id, partner.abbreviation)
    cautions += partner_to_confirm
    to_confirm = _subcontracting_notes(intake, partner.abbreviation, programs, pack.programs, chosen, reasons, cautions)
    procurement = jurisdiction.procurement if jurisdiction is not None else None
    if procurement is not None:
        reasons.append(f"{procurement.text} {procurement.provenance}")
        if procurement.unverified:
            unverified.append(describe_fact(f"jurisdictions.{province}.procurement", procurement))

    secor_limits = [p.size.max_workers for p in pack.programs
                    if p.is_small_employer and p.size.max_workers is not None]
    return Decision(
        certificate=chosen.certificate, program=chosen.name, program_id=chosen.id, partner=partner.abbreviation,
        partner_id=partner.id, partner_name=partner.name,
        small_employer_max_workers=max(secor_limits) if secor_limits else None,
        audit=AUDITOR_WORDS[audit.who.value], reasons=reasons, cautions=cautions, unverified=unverified,
        procurement=procurement.text if procurement is not None else None, to_confirm=to_confirm,
        partner_to_confirm=partner_to_confirm, pack=loaded,
        **base,
    )


def scope_partner_questions(intake: Intake, jurisdiction: Jurisdiction | None, chosen_id: str,
                            chosen: str) -> list[str]:
    """Questions, one per other partner in the province whose scope the intake's trades read as being in
    (`jurisdictions.yaml` `scope_partners`: HCSAS in Saskatchewan, MHCA in Manitoba, for heavy construction),
    when the partner was chosen by province and industry alone: `[]` when the intake names its partner, when no
    trade word matches, or when the chosen partner is that one. The trades are matched on whole words, lower
    case. A question, never a decision: the partner's scope is its own rule (MHCA's WCB rate codes), which
    the intake does not carry."""
    if jurisdiction is None or intake.company.certifying_partner:
        return []
    trades = [str(t) for t in intake.company.trades]
    questions = []
    for other in jurisdiction.scope_partners:
        if other.pack == chosen_id:
            continue
        hits = [t for t in trades if any(re.search(rf"\b{re.escape(w)}\b", t.lower()) for w in other.trade_words)]
        if not hits:
            continue
        switch = (f"if it is, name {other.pack} in company.certifying_partner and rebuild" if other.pack else
                  f"corpath has no {other.abbreviation} pack, so a program for it needs {other.abbreviation}'s own "
                  "protocol")
        questions.append(
            f"The trades ({language.join(hits)}) read as {other.scope}, which {language.definite(other.name)} "
            f"({other.abbreviation}) certifies in {PROVINCE_NAMES[intake.company.province.value]}, and the program "
            f"is built to {chosen}'s protocol. Ask {other.abbreviation} and {chosen} which of them certifies this "
            f"company's work, and whether the clients that asked for the certificate accept {chosen}'s; {switch} "
            f"{other.provenance}")
    return questions


def _subcontracting_notes(intake: Intake, partner: str, programs: list[Program], every: list[Program],
                          chosen: Program, reasons: list[str], cautions: list[str]) -> list[str]:
    """Say why a tier that fits the headcount was passed over because the company subcontracts (its size rule's
    `subcontracting: none`, e.g. CSNS's Owner/Operator), in `reasons`; when the chosen tier does not clearly fit
    either (its headcount, or its own condition on subcontractors the intake cannot answer), the question for the
    partner goes to `cautions` and is returned for review.md."""
    workers = intake.people.workers
    barred = [p for p in every if p not in programs and p.size.fits(workers)]
    if not barred:
        return _counted_subcontractors(intake, partner, chosen, cautions)
    trades = language.join(intake.operations.subcontractors.trades)
    for i, p in enumerate(barred):  # after the partner's and the headcount's reasons, which it qualifies
        reasons.insert(2 + i, f"{partner}'s {p.name} is for {p.size.counting or describe_size(p.size)}; the intake "
                              f"says the company hires subcontractors{f' ({trades})' if trades else ''}, so it is not "
                              f"chosen {p.size.provenance}")
    if chosen.size.fits(workers) and chosen.size.subcontracting is None:
        return []
    condition = f", {chosen.size.counting}" if chosen.size.counting else ""
    question = (f"Confirm with {partner} which tier takes a company of {headcount(workers)} that hires "
                f"subcontractors: {chosen.name}, chosen here, is for {describe_size(chosen.size)}{condition} "
                f"{chosen.size.provenance}")
    cautions.append(question)
    return [question]


def _counted_subcontractors(intake: Intake, partner: str, chosen: Program, cautions: list[str]) -> list[str]:
    """When the chosen tier has a size limit that counts subcontractors (`subcontracting: counted`, e.g. SCSA's
    SECOR) and the intake says the company hires subcontractors, the question whether their workers put the
    company over the line, in `cautions` and returned for review.md: the intake does not count the
    subcontractors' workers, so it is a question for the partner, not a decision (review 11: wakaw)."""
    size = chosen.size
    if not (intake.operations.subcontractors.used and size.subcontracting == "counted"
            and size.max_workers is not None):
        return []
    trades = language.join(intake.operations.subcontractors.trades)
    question = (f"{partner} counts subcontractors toward {chosen.name}'s size limit ({describe_size(size)}), and the "
                f"intake says the company hires subcontractors{f' ({trades})' if trades else ''}: with their workers "
                f"counted, the company ({headcount(intake.people.workers)} of its own) may be over the "
                f"{chosen.name} line. Ask "
                f"{partner} how it counts them and whether {chosen.name} still applies {size.provenance}")
    cautions.append(question)
    return [question]


def _partner_reason(loaded: LoadedPack, province: str, industry: str, named: str | None, root: Path) -> str:
    partner = loaded.pack.partner
    where = f"{industry.replace('_', ' ')} in {PROVINCE_NAMES[province]}"
    sources = f"({'; '.join(partner.sources[:2])})"
    if named:
        return f"{partner.name} ({partner.abbreviation}) is named in the intake and certifies {where} {sources}"
    rivals = [lp.pack.partner.id for lp in latest_packs(root) if lp.pack.partner.id != partner.id
              and province in [p.value for p in lp.pack.partner.provinces]
              and industry in [i.value for i in lp.pack.partner.industries]]
    if rivals:
        return (f"{partner.name} ({partner.abbreviation}) is the default certifying partner for {where}; "
                f"name {' or '.join(rivals)} in company.certifying_partner to use another {sources}")
    return f"{partner.name} ({partner.abbreviation}) certifies {where} {sources}"


def decision_lines(intake: Intake, decision: Decision) -> list[str]:
    """`corpath recommend` as text: the certificate, the partner, who audits, the line, and every reason."""
    expected = f" ({decision.expected_workers} expected)" if decision.expected_workers else ""
    lines = [f"{intake.company.name} ({intake.client}): {PROVINCE_NAMES[decision.province]}, "
             f"{decision.industry.replace('_', ' ')}, {headcount(decision.workers)}{expected}"]
    if decision.certificate is None:
        lines.append("Certificate: none available in corpath")
    else:
        pack = decision.pack.pack
        secor = [p for p in pack.programs if p.is_small_employer]
        line = (describe_size(max(secor, key=lambda p: p.size.max_workers or 0).size) if secor
                else "none (no small-employer program)")
        lines += [
            f"Certificate: {decision.certificate} ({decision.partner}'s \"{decision.program}\", program "
            f"{decision.program_id})",
            f"Partner: {decision.partner_name} ({decision.partner}), protocol {pack.partner.id} {pack.version}",
            f"Certification audit: {decision.audit}",
            f"Small-employer line: {line}",
        ]
    for title, items in (("Why", decision.reasons), ("Cautions", decision.cautions),
                         ("Unverified facts used", decision.unverified)):
        if items:
            lines.append(f"{title}:")
            lines += [f"  - {item}" for item in items]
    return lines
