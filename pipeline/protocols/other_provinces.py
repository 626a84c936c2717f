"""What a company's program says about each other province it works in (`client_requirements.provinces_worked`).

For each other province: the certifying partner there (or why there is none), whether the home certificate
is recognised there (the host partner's reciprocity rule from `program_templates/protocols/reciprocity.yaml`,
unverified ones left out, and the home program's own "recognised only at home" flag), and the province's
law where it differs from home: committee and representative thresholds in that province's own terms, and
the fall protection rule. Every fact carries the source it has in the data it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import Field

from ..errors import NoPartnerError
from ..intake.model import PROVINCE_NAMES, Intake
from ..intake.yamlfile import load_model
from .certificate import Decision
from .legislation import Legislation, Requirement, available_provinces, load_legislation
from .packs import PROTOCOLS, Pack, Sourced, select_pack
from .terms import Terms, load_terms


class Reciprocity(Sourced):
    text: str = Field(description="What a company certified elsewhere asks this partner for, in plain words")


class ReciprocityFile(Pack):
    partners: dict[str, Reciprocity] = Field(description="By host partner id")


@cache
def load_reciprocity(root: Path = PROTOCOLS) -> dict[str, Reciprocity]:
    return dict(load_model(ReciprocityFile, root / "reciprocity.yaml").partners)


@dataclass(frozen=True)
class Difference:
    """One requirement that reads differently in the other province."""

    what: str
    home: str
    there: str
    requirement: Requirement


@dataclass(frozen=True)
class OtherProvince:
    code: str
    name: str
    partner: str | None  # "Saskatchewan Construction Safety Association (SCSA)", or None
    no_partner: str | None  # the client's sentence when there is none (the reason is in review.md)
    recognition: list[str]  # sentences, each ending with its provenance
    law: Legislation | None
    terms: Terms | None
    differences: list[Difference]
    # for review.md only, never the program: (what no source settles, whom to ask)
    to_confirm: list[tuple[str, str]] = field(default_factory=list)


def _threshold(requirement: Requirement, term: str) -> str:
    if requirement.min_workers is None:
        return f"{term}: no headcount found"
    return f"{term} from {requirement.min_workers} workers"


def _differences(home: Legislation, home_terms: Terms, there: Legislation, terms: Terms) -> list[Difference]:
    found = []
    pairs = (("Committee", home.committee, home_terms.committee, there.committee, terms.committee),
             ("Representative", home.representative, home_terms.representative, there.representative,
              terms.representative))
    for what, mine, my_term, theirs, their_term in pairs:
        if (mine.min_workers, my_term) != (theirs.min_workers, their_term):
            found.append(Difference(what, _threshold(mine, my_term), _threshold(theirs, their_term), theirs))
    if " ".join(home.fall_protection.text.split()) != " ".join(there.fall_protection.text.split()):
        found.append(Difference("Fall protection", "", " ".join(there.fall_protection.text.split()),
                                there.fall_protection))
    return found


def other_provinces(intake: Intake, decision: Decision) -> list[OtherProvince]:
    """Each province in provinces_worked other than home, in the order the intake lists them."""
    home = intake.company.province.value
    industry = intake.company.industry.value
    home_law, home_terms = load_legislation(home), load_terms(home)
    reciprocity = load_reciprocity()
    program = decision.pack.pack.program(decision.program_id) if decision.pack and decision.program_id else None
    out = []
    for province in dict.fromkeys(p.value for p in intake.client_requirements.provinces_worked):
        if province == home:
            continue
        partner = no_partner = None
        recognition: list[str] = []
        to_confirm: list[tuple[str, str]] = []
        if program is not None and program.recognised_outside_province is not None \
                and program.recognised_outside_province.value is False:
            recognition.append(f"{decision.partner}'s {program.name} is recognised only in "
                               f"{PROVINCE_NAMES[home]}.")  # client text: sources stay in the pack
        try:
            host = select_pack(province, industry).pack.partner
            partner = f"{host.name} ({host.abbreviation})"
            if host.id == decision.partner_id:
                # that one certificate covers both provinces is not in any source: review.md, not the program
                recognition.append(f"{host.abbreviation} certifies in {PROVINCE_NAMES[province]} too.")
                to_confirm.append((f"whether {decision.partner}'s {decision.certificate} covers work in "
                                   f"{PROVINCE_NAMES[province]}", host.abbreviation))
            elif decision.certificate and not recognition:
                recognition.append(f"A {decision.certificate} from {decision.partner} does not carry over to "
                                   f"{PROVINCE_NAMES[province]} automatically.")
            rule = reciprocity.get(host.id)
            if rule is not None and not rule.unverified and host.id != decision.partner_id:
                recognition.append(rule.text)
        except NoPartnerError:
            # client text: the jurisdiction's explanation is for the consultant and goes to review.md
            no_partner = (f"No certifying partner in {PROVINCE_NAMES[province]} is on file for this certificate; "
                          "what the province asks of a company certified elsewhere is checked before work starts "
                          "there.")
        law = load_legislation(province) if province in available_provinces() else None
        terms = load_terms(province) if law else None
        differences = _differences(home_law, home_terms, law, terms) if law and terms else []
        out.append(OtherProvince(province, PROVINCE_NAMES[province], partner, no_partner, recognition, law, terms,
                                 differences, to_confirm))
    return out
