"""Which permits and plans a program needs (FORM_MODULES, FORM_ONLY_IF), and what each form shows: plain
values from the plan for the templates in permit_forms.

Each function takes the plan and returns the form's own fields (forms.form_context adds the company, the
people and the revision). Lists are the company's own: its hazard module's fitted hazards, its equipment by
name. A threshold appears only where the legislation data gives it, with its citation.
"""

from __future__ import annotations

import re
from typing import Any

from ..intake.model import Activity, Equipment, EquipmentType, Industry
from ..practices.model import is_owner_operator
from .modules import Condition, HazardModule, load_modules, made_on, replaces
from .plan import Plan

# A permit or plan the program makes mandatory comes with the hazard module that makes it so: a company
# without that work gets neither the module nor the form.
FORM_MODULES: dict[str, str] = {"fall_protection_plan": "fall_protection", "ground_disturbance_permit": "excavation",
                                "confined_space_entry_permit": "confined_space", "hot_work_permit": "hot_work",
                                "lockout_permit": "electrical_lockout", "lift_plan": "lifting_rigging",
                                "traffic_control_plan": "traffic_control",
                                "silica_exposure_control_plan": "silica_asbestos",
                                "working_alone_check_in_log": "working_alone",
                                "pressure_test_plan": "pressure_testing",
                                "confined_space_entry_plan": "confined_space",
                                "breathing_apparatus_rescue_plan": "hydrogen_sulphide",
                                "concrete_pour_plan": "concrete_formwork", "demolition_plan": "demolition",
                                "energized_work_permit": "electrical_lockout", "journey_plan": "journey_management",
                                "scaffold_inspection_record": "scaffold_erection"}
# Of those, the ones kept while the work goes on rather than prepared before it: the FLHA does not list them
# among the permits and plans the task needs.
# The journey plan is made before a trip, not before a task on site: the FLHA does not list it either.
# A scaffold's inspection and tag record is kept for each erected scaffold while it stands: not a task's permit.
LOGS: frozenset[str] = frozenset({"working_alone_check_in_log", "journey_plan", "scaffold_inspection_record"})
# The trades whose program makes energized work permitted only under a permit (electrical_lockout.yaml's
# energized-work items are gated on the same words).
ELECTRICAL_TRADES: tuple[str, ...] = ("electric", "solar", "photovoltaic")
# A solar trade: the energized-work permit's PV line, as electrical_lockout.yaml's `&solar` PV items.
SOLAR = Condition(trades=["solar", "photovoltaic"])
# Where the module makes the form mandatory only for some of its work, that work too: lockout for a company
# that services equipment or works on electrical systems (not one with only a generator), a lift plan for
# rigged lifts (not a roofer's ladder hoist). The same conditions gate the text that requires the form.
# Breathing-apparatus work: not for a carrier that only hauls to leases (hotshot, trucking, delivery), unless it
# owns breathing apparatus or its trades work on process equipment, tanks or confined spaces; the same
# condition as hydrogen_sulphide.yaml's `&haul_only` and `&ba_work` (review 20: a hotshot carrier's only permit
# was a breathing apparatus plan signed by its dispatcher).
HAUL_ONLY = Condition(
    trades=["hotshot", "trucking", "delivery", "courier", "freight", "transport", "hauling"],
    unless=Condition(any_of=[
        Condition(equipment_named=["scba", "saba", "breathing apparatus", "supplied air", "self contained",
                                   "air pack", "airline respirator"]),
        Condition(activities=[Activity.confined_space]),
        Condition(trades=["vacuum", "vac truck", "hydrovac", "tank", "hot oil", "well", "flowback", "slickline",
                          "wireline", "pipe", "tie-in", "tie in", "pressure test", "facility", "pump jack", "lease",
                          "plant", "battery"])]))
BA_WORK = Condition(industries=[Industry.oil_and_gas], unless=HAUL_ONLY)
FORM_ONLY_IF: dict[str, Condition] = {
    "breathing_apparatus_rescue_plan": BA_WORK,
    "lockout_permit": Condition(activities=[Activity.electrical, Activity.lockout]),
    "lift_plan": Condition(activities=[Activity.lifting_rigging], equipment=[EquipmentType.crane]),
    "energized_work_permit": Condition(trades=list(ELECTRICAL_TRADES)),
    # not for a company that only places reinforcing steel or post-tensions: concrete_formwork.yaml's
    # `rebar_only` and `pours` (the same words), which leave out the module's pour plan text (review 16)
    "concrete_pour_plan": Condition(
        activities=[Activity.concrete], trades=["concrete", "formwork", "forming", "rebar", "reinforcing steel",
                                                "shotcrete"],
        unless=Condition(trades=["rebar", "reinforcing", "post-tension"], unless=Condition(
            trades=["formwork", "forming", "shoring", "falsework", "structural concrete", "cast-in-place", "bridge",
                    "pour", "placing concrete", "concrete placing", "finishing", "flatwork", "curb", "sidewalk",
                    "foundation", "shotcrete"],
            trade_is=["concrete"],
            equipment_named=["concrete pump", "boom pump", "line pump", "pump truck", "pumper", "trowel",
                             "power trowel", "vibrator", "screed", "formwork", "form system"]))),
}

LIFTING_DEVICES = (EquipmentType.crane, EquipmentType.hoist, EquipmentType.telehandler, EquipmentType.forklift)
# Words in the name of an `other` piece that make it fall protection equipment (the classes the fall
# protection plan's equipment line asks for: harness, lanyard, lifeline, SRL, anchor, guardrail).
FALL_PROTECTION_WORDS = re.compile(r"\b(harness|lanyard|life ?line|srl|self-retracting|anchor|guard ?rail|"
                                   r"fall arrest|fall protection)", re.IGNORECASE)


def _module(plan: Plan, module_id: str) -> HazardModule | None:
    return next((m for m in plan.modules if m.id == module_id), None)


def _hazards(plan: Plan, module_id: str) -> list[str]:
    module = _module(plan, module_id)
    return list(module.hazards) if module else []


# words in an equipment name that make it a road unit a driver takes on a trip (journey_plan)
ROAD_UNIT_WORDS = re.compile(r"\b(?:trucks?|tractors?)\b", re.IGNORECASE)


def _named(plan: Plan, *kinds: EquipmentType) -> list[str]:
    return [e.name for e in plan.intake.operations.equipment if e.type in kinds]


def fall_protection_equipment(plan: Plan) -> list[str]:
    """The company's fall protection equipment by name: pieces of type `fall_arrest`, and pieces of type
    `other` whose name says they are fall protection (FALL_PROTECTION_WORDS). A ladder, scaffold, aerial lift
    or hoist is a way of reaching the work, not fall protection: none is listed. An empty list leaves the
    form's line blank to fill in on site."""
    return [e.name for e in plan.intake.operations.equipment if e.type is EquipmentType.fall_arrest or (
        e.type is EquipmentType.other and FALL_PROTECTION_WORDS.search(e.name))]


def fall_protection_plan(plan: Plan) -> dict[str, Any]:
    """The plan's fixed parts: the province's rule with its citation, and the company's own fall protection
    equipment (fall_protection_equipment).

    The rule is stated without a hedge, as in the program; when it is unverified, review.md lists it for the
    consultant (with this form among the places it appears)."""
    rule = plan.law.fall_protection
    return {
        "legal_rule": " ".join(rule.text.split()),
        "citation": rule.citation or "",
        "equipment": fall_protection_equipment(plan),
        "hazards": _hazards(plan, "fall_protection"),
    }


# Where a dig site is found by its legal land description: an oil and gas lease on the prairies. Elsewhere (an
# Ontario road, a Nova Scotia lot) the site is found by its address, and the permit asks for that.
LEGAL_LAND_PROVINCES: frozenset[str] = frozenset({"AB", "SK"})


def ground_disturbance_permit(plan: Plan) -> dict[str, Any]:
    """The excavation module's hazards, and how the dig location is given (`dig_where`): "address or legal land
    description" for an oil and gas company in Alberta or Saskatchewan, "site address" anywhere else."""
    company = plan.intake.company
    prairie_lease = company.industry.value == "oil_and_gas" and company.province.value in LEGAL_LAND_PROVINCES
    return {"hazards": _hazards(plan, "excavation"),
            "dig_where": "address or legal land description" if prairie_lease else "site address"}


def confined_space_entry_permit(plan: Plan) -> dict[str, Any]:
    """The confined space module's hazards and the company's gas detectors, by name."""
    return {"hazards": _hazards(plan, "confined_space"), "detectors": _named(plan, EquipmentType.gas_detector)}


def hot_work_permit(plan: Plan) -> dict[str, Any]:
    """The hot work module's hazards, the company's torch kits and welders by name, and whether its hot work is
    open-flame heating only (the module's first narrower title, `&open_flame` in hot_work.yaml): then the permit
    checks the flame's surroundings and the gas train instead of welding's sealed openings and screens; and
    whether it is an oil and gas company's ignition sources in hazardous areas without welding or torches (the
    second, `&ignition`): then it checks the site owner's permit, the gas test and spark shields; whether its
    hot work is torches with no welder and no oxy-fuel (the third to fifth, `&torches_only`): then it checks the
    torch and its gas train and heat shields; whether it welds or cuts on a lease (`lease`, the module's lease
    procedure fits): then it checks drains, vents, lines and dry grass, not floor and wall openings; and whether
    it has a welder (`welder`), the only hot work that brings arc flash."""
    module = next(m for m in load_modules() if m.id == "hot_work")
    variant = [t.only_if.met_by(plan.intake) for t in module.title_if]
    return {"equipment": _named(plan, EquipmentType.torch_kit, EquipmentType.welder),
            "hazards": _hazards(plan, "hot_work"), "open_flame": variant[0], "ignition": variant[1],
            "torches": any(variant[2:]),
            # welding or cutting on a lease (hot_work.yaml &lease): the lease procedure is the one that fits
            "lease": any(p.title.endswith("on a lease or at a facility") and p.only_if is not None
                         and p.only_if.met_by(plan.intake) for p in module.procedures),
            "welder": any(e.type is EquipmentType.welder for e in plan.intake.operations.equipment)}


def lockout_permit(plan: Plan) -> dict[str, Any]:
    """Whether the company is one person (`solo`): the owner applies the lockout himself and tells those the
    shutdown affects (occupants, other trades), as the module's one-person procedure says; the equipment and its
    energy sources are written in on site."""
    return {"solo": is_owner_operator(plan.intake)}


def traffic_control_plan(plan: Plan) -> dict[str, Any]:
    """The traffic control module's hazards, and the province's word for the worker who directs traffic (Ontario's
    traffic control person, elsewhere the flagger: protocols.terms); the layout is chosen on site."""
    word = plan.terms.traffic_controller
    return {"hazards": _hazards(plan, "traffic_control"), "traffic_controller": word,
            "traffic_controllers": word + "s"}


def lift_plan(plan: Plan) -> dict[str, Any]:
    """The company's lifting devices by name, and whether it has a crane (the critical lift check)."""
    return {"devices": _named(plan, *LIFTING_DEVICES),
            "crane": any(e.type is EquipmentType.crane for e in plan.intake.operations.equipment)}


def silica_exposure_control_plan(plan: Plan) -> dict[str, Any]:
    """The silica module's engineering controls as fitted to the company (wet cutting only for a trade that
    cuts concrete or masonry), to tick on the plan; the tasks are the site's, written in."""
    module = _module(plan, "silica_asbestos")
    return {"controls": list(module.controls.engineering) if module else []}


def working_alone_check_in_log(plan: Plan) -> dict[str, Any]:
    """The check-in interval in the program's words (the practice model's: the intake's, else the company
    rule), the working alone module's hazards, and for a one-person company its owner as the worker."""
    interval, _ = plan.practices.check_in()
    return {"interval": interval, "hazards": _hazards(plan, "working_alone"),
            "worker": plan.intake.people.owner.name if is_owner_operator(plan.intake) else ""}


def pressure_test_plan(plan: Plan) -> dict[str, Any]:
    """The pressure testing module's hazards as fitted to the company (radiography only with an NDT
    subcontractor). The test medium, pressure and hold time are the design's, the owner's specification's or,
    for a well or flowline, the operator's work permit's, written in for each test: the form states none."""
    return {"hazards": _hazards(plan, "pressure_testing")}


def confined_space_entry_plan(plan: Plan) -> dict[str, Any]:
    """The confined space module's hazards, to tick for the space, and the company's gas detectors by name; the
    acceptable readings are the province's or the space owner's, written in."""
    return confined_space_entry_permit(plan)


def breathing_apparatus_rescue_plan(plan: Plan) -> dict[str, Any]:
    """The H2S module's hazards; the concentrations and site rules are the licensee's, written in."""
    return {"hazards": _hazards(plan, "hydrogen_sulphide")}


def concrete_pour_plan(plan: Plan) -> dict[str, Any]:
    """Nothing beyond the common fields: the placing rate and the set-up are the design's and the site's."""
    return {}


def demolition_plan(plan: Plan) -> dict[str, Any]:
    """The demolition module's fitted hazards as the checklist of what the plan addresses; the sequence, the
    supports and the floor loads are the structure's and the engineer's, written in: no figure is printed."""
    return {"hazards": _hazards(plan, "demolition")}


def energized_work_permit(plan: Plan) -> dict[str, Any]:
    """The electrical module's fitted hazards (shock, arc flash, PV modules live in daylight for a solar
    trade). The approach boundaries and the arc-rated PPE category come from the task's own risk assessment
    (CSA Z462, the company's chosen standard), written in: no figure is printed. For a one-person company
    (`solo`) the owner signs as the qualified person doing the work (`worker`) and the second qualified person
    standing by reviews and signs the permit, as the module's one-person procedure says. The PV strings line
    is there only for a solar trade (`solar`)."""
    solo = is_owner_operator(plan.intake)
    return {"hazards": _hazards(plan, "electrical_lockout"), "solo": solo,
            "worker": plan.intake.people.owner.name if solo else "", "solar": SOLAR.met_by(plan.intake)}


def journey_plan(plan: Plan) -> dict[str, Any]:
    """The company's vehicles by name and the journey management module's hazards. The vehicles are the
    pickups and dump trucks, and any other piece whose name says it is driven on the road as a truck or tractor
    (picker trucks typed as cranes, winch tractors and bed trucks typed as `other`: review 14), in the intake's
    order; a trailer is towed, not driven, and is not listed. The check-ins are the module's (on arrival, on
    leaving the lease, when the plan changes); the times are the trip's, written in."""
    road = (EquipmentType.pickup_truck, EquipmentType.dump_truck)
    vehicles = [e.name for e in plan.intake.operations.equipment if e.type in road or (
        e.type not in (EquipmentType.trailer, EquipmentType.forklift) and ROAD_UNIT_WORDS.search(e.name))]
    return {"vehicles": vehicles, "hazards": _hazards(plan, "journey_management")}


SCAFFOLD_RECORD = "scaffold_inspection_record"


def on_scaffold_record(plan: Plan, piece: Equipment) -> bool:
    """Whether `piece` (an intake Equipment) is inspected on the scaffold inspection and tag record instead of
    the equipment pre-use form: a scaffold of a company whose program has the scaffold erection module (a
    scaffolding trade). Its frames and components are not units ticked each day (review 19: '3000 in the fleet'),
    each erected scaffold is inspected and tagged before first use and while it stands."""
    return piece.type is EquipmentType.scaffold and _module(plan, "scaffold_erection") is not None


def scaffold_inspection_record(plan: Plan) -> dict[str, Any]:
    """The record's checks for each kind of scaffold the company names (its pieces of type `scaffold`, in the
    intake's order): the rows the fitted modules' checks on this form send to the piece by name (`pre_use_for`:
    a ringlock's standards, ledgers and wedges), else beside the scaffold type's checklist (`equipment_checks`),
    without repeats. `scaffolds`: [{'name', 'items'}]; an empty list leaves a blank checklist to fill in."""
    scaffolds = []
    for piece in (p for p in plan.intake.operations.equipment if on_scaffold_record(plan, p)):
        checks = [c for m in plan.modules for c in m.inspections if c.form == SCAFFOLD_RECORD and made_on(c, piece)]
        typed = [] if any(replaces(c, piece) for c in checks) else [
            item for m in plan.modules for item in m.equipment_checks.get(EquipmentType.scaffold, [])]
        items = list(dict.fromkeys([*typed, *(row for c in checks for row in c.rows)]))
        scaffolds.append({"name": piece.name, "items": items})
    return {"scaffolds": scaffolds}
