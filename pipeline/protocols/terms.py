"""Each province's own words for the program's running text, as data with a source on every term.

`program_templates/terms.yaml` names, per province, the committee and the representative (Saskatchewan's
occupational health committee, Manitoba's workplace safety and health committee), the party in control of a
multi-employer site (Ontario's constructor, elsewhere the prime contractor), and the regulator and the
workers' compensation board with their article as they read mid-sentence, and the worker who directs traffic
with a sign (Ontario's traffic control person, elsewhere the flagger). A term that is unverified (low
confidence or no source) is never printed: the default, the field's general term, stands in for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field

from ..intake.model import Province
from ..intake.yamlfile import load_model
from .legislation import load_legislation
from .packs import TEMPLATES, Fact, Pack

TERMS = TEMPLATES / "terms.yaml"


class ProvinceTerms(Pack):
    committee: Fact[str] | None = Field(None, description="The joint committee's name in the province's law")
    committee_short: Fact[str] | None = Field(None, description="Its short name (JHSC, OHC, JOHSC)")
    representative: Fact[str] | None = Field(None, description="The worker representative's name in the law")
    site_controller: Fact[str] | None = Field(
        None, description="The party in control of a multi-employer site (prime contractor, constructor)"
    )
    regulator: Fact[str] | None = Field(None, description="The OHS regulator as named mid-sentence, with article")
    wcb: Fact[str] | None = Field(None, description="The workers' compensation board mid-sentence, with article")
    traffic_controller: Fact[str] | None = Field(
        None, description="The worker who directs traffic with a sign or paddle (flagger, traffic control person), "
        "in the singular; the plural adds an s"
    )


class TermsFile(Pack):
    default: ProvinceTerms = Field(description="The field's general terms, used where a province has none")
    provinces: dict[Province, ProvinceTerms] = Field(description="Each province's own terms")


@dataclass(frozen=True)
class Terms:
    """The words a program uses for one province; every one a plain string ready for running text."""

    committee: str
    committee_short: str
    representative: str
    site_controller: str
    regulator: str
    wcb: str
    traffic_controller: str = "flagger"


def _pick(own: Fact[str] | None, fallback: Fact[str] | None, last: str) -> str:
    for fact in (own, fallback):
        if fact is not None and fact.value and not fact.unverified:
            return fact.value
    return last


@cache
def load_terms(province: str, path: Path = TERMS) -> Terms:
    """One province's terms; a missing or unverified term falls back to the default, and the regulator and
    board to the names in the province's legislation file (without an article, as they are written there)."""
    data = load_model(TermsFile, path)
    own = data.provinces.get(Province(province), ProvinceTerms())
    base = data.default
    law = load_legislation(province)
    return Terms(
        committee=_pick(own.committee, base.committee, "joint health and safety committee"),
        committee_short=_pick(own.committee_short, base.committee_short, "JHSC"),
        representative=_pick(own.representative, base.representative, "health and safety representative"),
        site_controller=_pick(own.site_controller, base.site_controller, "prime contractor"),
        regulator=_pick(own.regulator, None, law.regulator.name),
        wcb=_pick(own.wcb, None, law.wcb.name),
        traffic_controller=_pick(own.traffic_controller, base.traffic_controller, "flagger"),
    )


# A hazard module's text names the worker who directs traffic by a slot, so each province reads its own word:
# {traffic_controller}, with an s for the plural and a capital to begin a sentence ({Traffic_controllers}).
TERM_SLOT = re.compile(r"\{([Tt])raffic_controller(s?)\}")


def in_province_words(text: str, terms: Terms) -> str:
    """`text` with each term slot (TERM_SLOT) replaced by the province's word: '{Traffic_controllers} stand on
    the shoulder' → 'Traffic control persons stand on the shoulder' in Ontario, 'Flaggers stand …' elsewhere."""

    def word(match: re.Match[str]) -> str:
        value = terms.traffic_controller + match.group(2)
        return value[:1].upper() + value[1:] if match.group(1) == "T" else value

    return TERM_SLOT.sub(word, text)


# Where digging is called "ground disturbance": the prairie provinces' word (Alberta's and Saskatchewan's
# ground disturbance practice) and the oil and gas industry's anywhere. Elsewhere a contractor speaks of the
# locates and a dig permit. This is the program's wording of its own form and course, not a legal rule: the
# province's rules on digging near buried facilities go to the consultant (the modules' law_to_confirm).
GROUND_DISTURBANCE_PROVINCES = frozenset({"AB", "SK"})
# The dig permit's title where the company says ground disturbance, and elsewhere.
DIG_PERMIT_TITLES = ("Ground Disturbance Permit", "Locate and Dig Permit")


def says_ground_disturbance(province: str, industry: str) -> bool:
    """Whether a company in `province` (two-letter code) and `industry` (the intake's industry value, e.g.
    'oil_and_gas') calls digging "ground disturbance": in Alberta and Saskatchewan, and in oil and gas."""
    return province in GROUND_DISTURBANCE_PROVINCES or industry == "oil_and_gas"


def dig_permit_title(province: str, industry: str) -> str:
    """The dig permit's title in the company's own words: 'Ground Disturbance Permit' where the company says
    ground disturbance (`says_ground_disturbance`), else 'Locate and Dig Permit'."""
    return DIG_PERMIT_TITLES[0] if says_ground_disturbance(province, industry) else DIG_PERMIT_TITLES[1]


def all_in_province_words(value: Any, terms: Terms) -> Any:
    """`value` (plain data: dicts, lists, strings and scalars, e.g. a model's dump) with every string in it passed
    through `in_province_words`."""
    if isinstance(value, str):
        return in_province_words(value, terms)
    if isinstance(value, dict):
        return {key: all_in_province_words(item, terms) for key, item in value.items()}
    if isinstance(value, list):
        return [all_in_province_words(item, terms) for item in value]
    return value
