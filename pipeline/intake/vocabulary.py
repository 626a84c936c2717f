"""The questionnaire's fixed vocabularies: provinces and their names, industries, activities (with the help
`corpath init` shows), equipment and site types, and how often a practice happens. The intake model
(`intake.model`) is built on them and re-exports them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum


class Province(str, Enum):
    AB = "AB"
    BC = "BC"
    SK = "SK"
    MB = "MB"
    ON = "ON"
    QC = "QC"
    NB = "NB"
    NS = "NS"
    PE = "PE"
    NL = "NL"
    YT = "YT"
    NT = "NT"
    NU = "NU"


PROVINCE_NAMES = {
    "AB": "Alberta", "BC": "British Columbia", "SK": "Saskatchewan", "MB": "Manitoba", "ON": "Ontario",
    "QC": "Québec", "NB": "New Brunswick", "NS": "Nova Scotia", "PE": "Prince Edward Island",
    "NL": "Newfoundland and Labrador", "YT": "Yukon", "NT": "Northwest Territories", "NU": "Nunavut",
}


class Industry(str, Enum):
    construction = "construction"
    oil_and_gas = "oil_and_gas"
    manufacturing = "manufacturing"
    municipal = "municipal"
    hospitality = "hospitality"
    transportation = "transportation"
    forestry = "forestry"
    health_care = "health_care"
    other = "other"


class Activity(str, Enum):
    """What the crews do; each activity brings in the hazard modules that cover it."""

    work_at_heights = "work_at_heights"
    ladders = "ladders"
    scaffolds = "scaffolds"
    roofing = "roofing"
    rooftop_work = "rooftop_work"
    excavation = "excavation"
    confined_space = "confined_space"
    hot_work = "hot_work"
    electrical = "electrical"
    lockout = "lockout"
    mobile_equipment = "mobile_equipment"
    driving = "driving"
    power_tools = "power_tools"
    hazardous_products = "hazardous_products"
    silica = "silica"
    asbestos = "asbestos"
    noise = "noise"
    working_alone = "working_alone"
    heat_cold = "heat_cold"
    traffic_control = "traffic_control"
    lifting_rigging = "lifting_rigging"
    demolition = "demolition"
    concrete = "concrete"


# An activity that is a kind of another: a question, topic or record that a certifying partner's protocol or a
# prequalification platform asks of the broader activity is asked of the narrower one too. Work on a roof that
# is not roofing (setting or servicing rooftop units) is work at heights: the partners' fall protection
# questions (asked of `[work_at_heights, roofing, scaffolds]`) are asked of it. Hazard modules list the
# activities they fit themselves and do not read this.
IMPLIED_ACTIVITIES: dict[Activity, frozenset[Activity]] = {
    Activity.rooftop_work: frozenset({Activity.work_at_heights}),
}


def activities_done(activities: Iterable[Activity | str]) -> frozenset[str]:
    """The activity values (`'work_at_heights'`, …) a company does: those its intake lists plus those they imply
    (`IMPLIED_ACTIVITIES`: `rooftop_work` → `work_at_heights`). What a protocol question's or a platform topic's
    `activities` is matched against. Raises ValueError for a name that is not an `Activity`."""
    done = {Activity(a) for a in activities}
    for activity in list(done):
        done |= IMPLIED_ACTIVITIES.get(activity, frozenset())
    return frozenset(a.value for a in done)


# What a hazard program applies to, as the noun phrase its opening sentence needs ("At X this program applies
# to lifting and rigging and to this equipment: …"); the identifiers themselves read badly there ("lifting rigging").
ACTIVITY_WORK = {
    "work_at_heights": "work at heights",
    "ladders": "ladder work",
    "scaffolds": "scaffold work",
    "roofing": "roofing work",
    "rooftop_work": "work on roofs",
    "excavation": "excavation and trenching",
    "confined_space": "work in confined spaces",
    "hot_work": "hot work",
    "electrical": "electrical work",
    "lockout": "servicing equipment that must be locked out",
    "mobile_equipment": "operating mobile equipment",
    "driving": "driving company vehicles",
    "power_tools": "hand and power tools",
    "hazardous_products": "work with hazardous products",
    "silica": "work that makes silica dust",
    "asbestos": "work that may disturb asbestos",
    "noise": "noisy work",
    "working_alone": "working alone",
    "heat_cold": "work in heat and cold",
    "traffic_control": "traffic control",
    "lifting_rigging": "lifting and rigging",
    "demolition": "demolition",
    "concrete": "concrete work",
}


ACTIVITY_HELP = {
    "work_at_heights": "any work where a worker could fall 1.2 m or more (roofs, open edges, floor openings)",
    "ladders": "portable ladders used for access or work",
    "scaffolds": "erecting, using or working from scaffolds",
    "roofing": "installing or repairing roofs (shingles, membranes, metal), including tear-off; for other work "
               "on a roof, choose rooftop_work",
    "rooftop_work": "work on roofs that is not roofing: setting or servicing rooftop units and equipment, "
                    "inspections (roof edges, skylights, access, hoisting units)",
    "excavation": "digging, trenching, working in or beside excavations",
    "confined_space": "entering tanks, vaults, crawlspaces or other confined or restricted spaces",
    "hot_work": "welding, cutting, torching, torch-applied roofing, grinding that throws sparks",
    "electrical": "work on or near electrical systems or overhead power lines",
    "lockout": "servicing machinery or systems that must be isolated from energy",
    "mobile_equipment": "skid steers, excavators, telehandlers, forklifts, aerial lifts",
    "driving": "driving company vehicles between shop and sites, towing trailers",
    "power_tools": "hand and power tools: saws, nailers, grinders, drills",
    "hazardous_products": "using WHMIS-controlled products (adhesives, solvents, fuels, sealants)",
    "silica": "cutting, grinding or drilling concrete, masonry, tile or stone",
    "asbestos": "work that may disturb asbestos-containing materials in older buildings",
    "noise": "loud tools or equipment (above 85 dBA)",
    "working_alone": "anyone working where help is not readily available",
    "heat_cold": "outdoor work in summer heat or winter cold",
    "traffic_control": "work on or beside roads, or directing traffic and equipment",
    "lifting_rigging": "hoisting materials with cranes, hoists or rigging; heavy manual lifting",
    "demolition": "taking down structures or parts of them",
    "concrete": "forming, placing and finishing concrete",
}


class EquipmentType(str, Enum):
    pickup_truck = "pickup_truck"
    dump_truck = "dump_truck"
    trailer = "trailer"
    skid_steer = "skid_steer"
    excavator = "excavator"
    telehandler = "telehandler"
    forklift = "forklift"
    aerial_lift = "aerial_lift"
    crane = "crane"
    hoist = "hoist"
    ladder = "ladder"
    scaffold = "scaffold"
    generator = "generator"
    compressor = "compressor"
    welder = "welder"
    torch_kit = "torch_kit"
    power_tool = "power_tool"
    fall_arrest = "fall_arrest"
    gas_detector = "gas_detector"
    other = "other"


class SiteType(str, Enum):
    residential = "residential"
    commercial = "commercial"
    industrial = "industrial"
    institutional = "institutional"
    roadway = "roadway"
    energy_lease = "energy_lease"
    shop = "shop"


class Frequency(str, Enum):
    """How often a practice happens."""

    per_task = "per_task"
    daily = "daily"
    weekly = "weekly"
    biweekly = "biweekly"
    monthly = "monthly"
    quarterly = "quarterly"
    semiannually = "semiannually"
    annually = "annually"
    per_new_worker = "per_new_worker"
    per_event = "per_event"
    as_needed = "as_needed"


# Words in a hazardous product's name or use that name a gas met at a site rather than a product the company
# buys and uses: hydrogen sulphide (sour gas) comes from the wells, tanks and lines of the site owner, and the
# Hydrogen Sulphide program covers it; no supplier sends a safety data sheet for it (review 20).
SITE_GAS = re.compile(r"\b(?:hydrogen sulph|hydrogen sulf|h2s\b|sour gas)", re.IGNORECASE)


def site_gas(name: str, use: str | None = None) -> bool:
    """Whether a hazardous product, by its name and use, is a gas the company meets at a site (hydrogen
    sulphide, H2S, sour gas), so that no safety data sheet is asked of the company for it."""
    return SITE_GAS.search(f"{name} {use or ''}") is not None
