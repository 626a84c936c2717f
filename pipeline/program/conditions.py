"""Conditions: the intake facts an item of a hazard module, a form or a gated word needs (`only_if`, `unless`,
`also`, `any_of` in program_templates/hazards/*.yaml, permit forms and mentions.yaml), and how an equipment
name is matched against a word (`names`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Self

from pydantic import Field, model_validator

from ..intake.model import Activity, Equipment, EquipmentType, Industry, Intake
from ..practices.season import works_in_winter
from ..protocols.packs import Pack
from ..protocols.terms import says_ground_disturbance


class Condition(Pack):
    """Facts about the company's work, any one of which is enough."""

    activities: list[Activity] = Field(default_factory=list, description="Any of these activities")
    equipment: list[EquipmentType] = Field(default_factory=list, description="Any of this equipment")
    hazardous_products: bool = Field(False, description="The intake lists hazardous products")
    working_alone: bool = Field(False, description="operations.working_alone.happens")
    industries: list[Industry] = Field(default_factory=list, description="Any of these industries (company.industry)")
    products: list[str] = Field(
        default_factory=list,
        description="Any hazardous product whose name or use contains one of these words (case ignored), "
        "e.g. [isocyanate, spray foam]",
    )
    products_all: list[str] = Field(default_factory=list, description="A hazardous product whose name and use "
                                    "together hold each of these words (case ignored), e.g. [diesel, release agent]")
    equipment_named: list[str] = Field(
        default_factory=list,
        description="Any piece of equipment whose name has a word starting with one of these (case ignored), "
        "e.g. [blast, acetylene]: what the type alone cannot tell (an oxy-acetylene torch from a roofer's "
        "propane torch, blast pots listed as `other`)",
    )
    trades: list[str] = Field(
        default_factory=list,
        description="Any trade in company.trades containing one of these words (case ignored), e.g. [blast]",
    )
    trade_is: list[str] = Field(
        default_factory=list,
        description="Any trade in company.trades that is exactly one of these (case and outer spaces ignored), "
        "e.g. [roofing]: the plain trade named beside a qualified one ('roofing' beside 'low-slope commercial "
        "roofing' is the other kind of roofing)",
    )
    sites: list[str] = Field(
        default_factory=list,
        description="Any site in operations.sites whose name or type contains one of these words (case "
        "ignored), e.g. [residential]",
    )
    modules: list[str] = Field(
        default_factory=list, description="Any of these hazard modules is in the program (by id), e.g. [noise]"
    )
    subcontractor_trades: list[str] = Field(
        default_factory=list,
        description="Any trade in operations.subcontractors.trades containing one of these words (case ignored), "
        "e.g. [crane]: the program names the subcontractor's work in its roles and contractor sections",
    )
    crew: bool = Field(False, description="More than one person works: several workers, or a supervisor")
    owner_operator: bool = Field(False, description="One person does all the work (one worker, no supervisor)")
    ground_disturbance: bool = Field(
        False, description="The company calls digging 'ground disturbance' (Alberta, Saskatchewan, oil and gas; "
        "protocols.terms.says_ground_disturbance), e.g. {unless: {ground_disturbance: true}} on a locate and dig line")
    winter: bool = Field(
        False, description="The company works on site in winter (practices.season.works_in_winter: its "
        "operations.season takes in December to February, names winter work, or is not given), e.g. {winter: "
        "true} on 'slips on ice and snow'")
    unless: Condition | None = Field(
        None,
        description="Facts that rule the item out even when the rest is met (any one is enough), e.g. "
        "{activities: [confined_space]} on 'no one enters a tank', which contradicts a company's own entry program",
    )
    also: Condition | None = Field(None, description="Facts that must hold as well (any one of them), e.g. "
                                   "{trades: [pipe], also: {equipment: [excavator]}}: a pipefitter who digs")
    any_of: list[Condition] = Field(default_factory=list, description="Conditions any one of which is enough, "
                                    "each with its own `also` or `unless`")

    @model_validator(mode="after")
    def _names_something(self) -> Self:
        if not self.names_something():
            raise ValueError("names no activity, equipment or flag; leave it out to mean every company")
        return self

    def names_something(self) -> bool:
        return bool(self.activities or self.equipment or self.hazardous_products or self.working_alone
                    or self.industries or self.products or self.products_all or self.equipment_named
                    or self.trades or self.trade_is or self.sites or self.modules or self.subcontractor_trades
                    or self.crew or self.owner_operator
                    or self.ground_disturbance or self.winter or bool(self.any_of))

    def met_by(self, intake: Intake) -> bool:
        """Any one of the named facts holds, and none of `unless`'s."""
        if self.unless is not None and self.unless.met_by(intake):
            return False
        if self.also is not None and not self.also.met_by(intake):
            return False
        return self._any_met(intake)

    def _any_met(self, intake: Intake) -> bool:
        ops = intake.operations
        products = [f"{p.name} {p.use or ''}".lower() for p in ops.hazardous_products]
        solo = intake.people.workers == 1 and not intake.people.supervisors
        return (
            (self.crew and not solo)
            or (self.owner_operator and solo)
            or (self.ground_disturbance and says_ground_disturbance(intake.company.province.value,
                                                                    intake.company.industry.value))
            or (self.winter and works_in_winter(ops.season))
            or any(a in ops.activities for a in self.activities)
            or any(e.type in self.equipment for e in ops.equipment)
            or (self.hazardous_products and bool(ops.hazardous_products))
            or (self.working_alone and ops.working_alone.happens)
            or intake.company.industry in self.industries
            or any(word.lower() in text for word in self.products for text in products)
            or (bool(self.products_all) and any(all(w.lower() in text for w in self.products_all) for text in products))
            or any(word.lower() in trade.lower() for word in self.trades for trade in intake.company.trades)
            or any(word.lower() == trade.strip().lower() for word in self.trade_is for trade in intake.company.trades)
            or any(word.lower() in f"{site.name} {site.type.value}".lower() for word in self.sites
                   for site in ops.sites)
            or (ops.subcontractors.used and any(word.lower() in trade.lower() for word in self.subcontractor_trades
                                                for trade in ops.subcontractors.trades))
            or any(names(piece.name, word) for word in self.equipment_named for piece in ops.equipment)
            or (bool(self.modules) and _modules_apply(self.modules, intake))
            or any(c.met_by(intake) for c in self.any_of)
        )


def spelled_out(text: str) -> str:
    """`text` in lower case with a hyphen read as a space and a slash pair shared by the next word spelled out:
    'Pressure/steam trucks' reads 'pressure trucks steam trucks', 'pressure-truck' reads 'pressure truck'."""
    text = re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", " ", text.lower())
    return re.sub(r"\b([a-z0-9]+)/([a-z0-9]+)\s+([a-z0-9]+)", r"\1 \3 \2 \3", text)


# a plan asks about the same equipment names and words some 20,000 times (every item's `equipment_named` over
# every piece of equipment): remembered, that is 0.07-0.09 s of CPU less per client (acme, volta-electric)
@lru_cache(maxsize=8192)
def names(name: str, word: str) -> bool:
    """The name has a word starting with `word` (case ignored; a hyphen is a space, and in 'Pressure/steam trucks'
    each of the pair takes the next word): 'oxy' names 'Oxy-acetylene kit', not 'epoxy'; 'pressure truck' names
    'Pressure/steam trucks' and 'pressure-truck', not 'Steam truck'."""
    spelled, start = _spelled(name), _spelled(word)
    at = spelled.find(start)
    while at > 0 and spelled[at - 1] in _WORD_CHARS:  # inside a word ('epoxy'): look further on
        at = spelled.find(start, at + 1)
    return at != -1


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


# `names` misses for every new client's equipment names: each name and word is spelled out once, and found with
# `str.find` rather than a pattern per word (the hazard modules alone name 352 words, each compiled per process,
# and with a plan's other patterns more than `re`'s own cache of 512 holds)
@lru_cache(maxsize=4096)
def _spelled(text: str) -> str:
    return spelled_out(text)


def _modules_apply(ids: list[str], intake: Intake) -> bool:
    """Any of the hazard modules `ids` is in this company's program. The modules are loaded here, not at import:
    a module's own items are Conditions."""
    from .modules import load_modules, module_applies

    return any(m.id in ids and module_applies(m, intake) for m in load_modules())


# words in a tool's name that say it runs on fuel, and words in a product's name or use that make it a fuel; a
# power trowel, plate compactor or rammer is a small-engine machine (review 20: steinbach-flatwork's plate
# compactor got "cords and plugs repaired only by a qualified person"), as is a tool named by a small-engine
# maker's name (ENGINE_BRANDS, kept apart: a brand is never a common word the text lower-cases) unless its name
# says it is electric (ELECTRIC_WORDS: a Stihl battery cut-off saw). hazards/power_tools.yaml's engine-driven
# pre-use check names the same words.
ENGINE_WORDS = ("gas", "gasoline", "petrol", "diesel", "engine", "two stroke", "2 stroke", "four stroke",
                "4 stroke", "power trowel", "trowel machine", "ride on trowel", "plate compactor", "rammer",
                "jumping jack")
ENGINE_BRANDS = ("Honda", "Stihl", "Briggs", "Kohler", "Wacker", "Multiquip")
ELECTRIC_WORDS = ("battery", "cordless", "electric", "corded")
FUEL_WORDS = ("gasoline", "petrol", "diesel", "mixed gas", "fuel")
_TOO_COMMON = frozenset({"two", "man", "person", "for", "and", "the", "with", "tool", "tools", "power"})


def fuel_powered(piece: Equipment, intake: Intake) -> bool:
    """Whether a power tool runs on fuel, so its pre-use check is its controls, fuel lines and kill switch, not
    cords: its name says so ('Gas-powered auger', 'Two-stroke cut-off saw', 'Engine-driven post driver'), or a
    fuel among the hazardous products (gasoline, petrol, diesel, mixed gas, or a use naming fuel) is used for it,
    its use naming a word of the tool's name ('Gasoline', use 'auger and trailer generator fuel' → 'Two-man
    auger for deck footings'); a power trowel, plate compactor or rammer, or a small-engine maker's name
    ('Honda', 'Stihl'), says so too, unless the name says it is electric ('Stihl battery cut-off saw',
    'Electric pancake compressor'). corpath's reading of the name; no error raised."""
    if any(names(piece.name, word) for word in ELECTRIC_WORDS):
        return False
    if any(names(piece.name, word) for word in (*ENGINE_WORDS, *ENGINE_BRANDS)):
        return True
    own = {w.removesuffix("s") for w in re.findall(r"[a-z]+", spelled_out(piece.name))
           if len(w) > 3 and w not in _TOO_COMMON}
    for product in intake.operations.hazardous_products:
        text = f"{product.name} {product.use or ''}"
        if any(names(text, word) for word in FUEL_WORDS) and any(names(product.use or "", w) for w in own):
            return True
    return False


# words in a tool's name that make it a powder-actuated (cartridge-fired) tool; hazards/power_tools.yaml's
# `&powder` items name the same words ('pat ' is the abbreviation as a word of its own, not 'patio')
POWDER_WORDS = ("powder", "ramset", "stud gun", "hilti dx", "cartridge fired", "explosive actuated", "pat ")


def powder_actuated(name: str) -> bool:
    """Whether the equipment name names a powder-actuated tool ('Hilti DX 5 powder-actuated tools', 'Ramset
    guns', 'PAT kit'), whose pre-use check is its barrel, piston, shield and loads, not a cord."""
    return any(names(f"{name} ", word) for word in POWDER_WORDS)


def names_several(name: str) -> bool:
    """Whether the equipment name lists several tools in one row ('Screw guns, cut-off saws and powder-actuated
    tools'): a comma, 'and', '&', '+' or a slash between words. Such a row keeps its type's checklist beside
    the rows a check sends to one of the tools it lists."""
    return re.search(r",|\band\b|&|\+|/", name, re.IGNORECASE) is not None
