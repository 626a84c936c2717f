"""The hazard modules: they load, their references resolve, and the intake selects the right ones."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from pipeline.intake.load import load_intake
from pipeline.intake.model import Activity, EquipmentType, Intake
from pipeline.program.modules import (
    HAZARDS,
    KEEP_AT_LEAST,
    LEGAL_KEYS,
    Condition,
    HazardModule,
    fit_module,
    load_modules,
    module_applies,
    select_modules,
    text_of,
)
from pipeline.protocols.legislation import available_provinces, load_legislation
from pipeline.protocols.packs import TEMPLATES

REPO = Path(__file__).resolve().parent.parent

FORMS = {
    "flha",
    "site_inspection",
    "equipment_pre_use",
    "incident_report",
    "investigation_report",
    "training_record",
    "toolbox_meeting",
    "orientation",
    "emergency_contacts",
    "policy_signoff",
    "traffic_control_plan",  # comes with the traffic control module, whose set-up check is recorded on it
    "scaffold_inspection_record",  # comes with the scaffold erection module, each erected scaffold's record
}

REQUIRED = [
    "fall_protection",
    "ladders_scaffolds",
    "roofing",
    "excavation",
    "confined_space",
    "hot_work",
    "electrical_lockout",
    "mobile_equipment",
    "power_tools",
    "whmis",
    "silica_asbestos",
    "noise",
    "working_alone",
    "heat_cold",
    "traffic_control",
    "lifting_rigging",
    "first_aid",
    "abrasive_blasting",
    "respiratory_protection",
]
# Modules no activity brings in: the intake has no activity for them, so a trade, a product or a piece of
# equipment that names the work does.
NAMED_BY_TRADE = {"abrasive_blasting", "hydrovac", "manual_handling", "sewage",
                  "steel_erection", "pump_jack", "pressure_testing", "buried_utilities", "well_testing",
                  "gas_fitting", "drain_cleaning", "hot_oiling", "refrigerants", "glazing", "asphalt_paving",
                  "demolition", "spray_foam", "rig_moving"}
NAMED_BY_TRADE |= {"lead_paint"}  # by a painting trade that repaints existing buildings
NAMED_BY_TRADE |= {"dangerous_goods"}  # by a product it carries (methanol), not by an activity
NAMED_BY_TRADE |= {"fire_protection_impairment"}  # by a sprinkler or fire protection trade (review 15)
# by the trade that does the work (review 16): door springs, stressing, classified locations, coring
NAMED_BY_TRADE |= {"overhead_doors", "post_tensioning", "hazardous_locations", "concrete_coring"}
# by a radiography or NDT subcontractor of a welding, pipe or fabrication trade (review 17)
NAMED_BY_TRADE |= {"radiography"}
# by the trade that does the work (review 18): wood framing, tank cleaning
NAMED_BY_TRADE |= {"framing", "tank_cleaning"}
# by the trade that does the work (review 19): slickline and wireline, chimney and flue work, guardrail,
# scaffold erection, shoring and hoarding
NAMED_BY_TRADE |= {"slickline_wireline", "chimney", "guardrail", "scaffold_erection", "shoring_hoarding"}

SNAKE_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$|^[a-z]+$")


def record_ids() -> set[str]:
    data = YAML(typ="safe").load((TEMPLATES / "records.yaml").read_text(encoding="utf-8"))
    return {record["id"] for record in data["records"]}


def modules() -> dict[str, HazardModule]:
    return {module.id: module for module in load_modules()}


def strings(value: Any) -> list[str]:
    """Every string inside a module, wherever it sits."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def intake(activities: list[str], industry: str = "construction", trades: tuple[str, ...] = ("general contracting",),
           **operations: Any) -> Intake:
    return Intake.model_validate(
        {
            "client": "test-contractor",
            "company": {
                "legal_name": "Test Contractor Ltd.",
                "province": "AB",
                "industry": industry,
                "trades": list(trades),
            },
            "people": {"workers": 6, "owner": {"name": "Pat Owner", "title": "Owner"}},
            "operations": {"activities": activities, **operations},
        }
    )


def test_required_modules_exist() -> None:
    assert set(REQUIRED) <= set(modules())


def test_ids_equal_file_names() -> None:
    files = sorted(path.stem for path in HAZARDS.glob("*.yaml"))
    assert files == sorted(modules())


def test_orders_are_unique() -> None:
    orders = [module.order for module in load_modules()]
    assert len(orders) == len(set(orders))


@pytest.mark.parametrize("activity", list(Activity))
def test_every_activity_brings_in_a_module(activity: Activity) -> None:
    chosen = [m for m in load_modules() if activity in m.triggers.activities]
    assert chosen, f"no module is triggered by the activity '{activity.value}'"


@pytest.mark.parametrize("module_id", REQUIRED)
def test_module_content(module_id: str) -> None:
    module = modules()[module_id]
    controls = module.controls
    for tier in ("elimination", "substitution", "engineering", "administrative", "ppe"):
        assert getattr(controls, tier), f"{module_id}: no {tier} controls"
    for procedure in module.procedures:
        assert len(procedure.steps) >= 5, f"{module_id}: '{procedure.title}' has fewer than 5 steps"
    for equipment, items in module.equipment_checks.items():
        assert 5 <= len(items) <= 10, f"{module_id}: {equipment.value} has {len(items)} checks"
    if module.inspection_items:
        assert 4 <= len(module.inspection_items) <= 8, f"{module_id}: {len(module.inspection_items)} items"


def test_every_form_named_exists() -> None:
    for module in load_modules():
        for check in module.inspections:
            assert check.form is None or check.form in FORMS, f"{module.id}: unknown form '{check.form}'"


def test_record_ids_exist() -> None:
    known = record_ids()
    for module in load_modules():
        for record in map(text_of, module.records):
            if SNAKE_ID.fullmatch(record):
                assert record in known, f"{module.id}: record id '{record}' is not in records.yaml"


def test_legal_keys_name_legislation_requirements() -> None:
    keys = {m.id: m.legal_key for m in load_modules() if m.legal_key}
    assert keys["fall_protection"] == "fall_protection"
    assert keys["working_alone"] == "working_alone"
    assert keys["first_aid"] == "first_aid"
    assert set(keys.values()) <= set(LEGAL_KEYS)


def test_each_equipment_type_has_one_checklist() -> None:
    owners: dict[EquipmentType, list[str]] = {}
    for module in load_modules():
        for equipment in module.equipment_checks:
            owners.setdefault(equipment, []).append(module.id)
    for equipment in EquipmentType:
        if equipment is EquipmentType.other:
            continue
        assert len(owners.get(equipment, [])) == 1, f"{equipment.value}: checklist in {owners.get(equipment)}"


def test_modules_cite_no_provinces_law() -> None:
    """Modules are province-neutral: a marker in one would trip the reviewer lint in every other province."""
    markers = {p: load_legislation(p).markers for p in available_provinces()}
    for module in load_modules():
        for text in strings(module.model_dump(mode="json")):
            for province, province_markers in markers.items():
                for marker in province_markers:
                    assert marker not in text, f"{module.id}: {province} marker {marker!r} in {text!r}"


def test_module_text_is_plain() -> None:
    for module in load_modules():
        for text in strings(module.model_dump(mode="json")):
            assert "\n" not in text, f"{module.id}: multi-line text {text!r}"
            assert not re.search(r"\*\*|`|\]\(|^#|TODO|TBD|XXX", text), f"{module.id}: markup in {text!r}"


def test_confined_space_only_with_confined_space_work() -> None:
    without = [m.id for m in select_modules(intake(["roofing", "power_tools", "excavation"]))]
    assert "confined_space" not in without
    with_it = [m.id for m in select_modules(intake(["roofing", "confined_space"]))]
    assert "confined_space" in with_it


def test_first_aid_is_always_selected() -> None:
    assert "first_aid" in [m.id for m in select_modules(intake(["noise"]))]


def test_selection_follows_equipment_products_and_working_alone() -> None:
    chosen = intake(
        ["concrete"],
        equipment=[{"name": "Bobcat S650", "type": "skid_steer"}],
        hazardous_products=[{"name": "Form release oil"}],
        working_alone={"happens": True},
    )
    ids = {m.id for m in select_modules(chosen)}
    assert {"mobile_equipment", "whmis", "working_alone", "silica_asbestos", "power_tools"} <= ids
    assert "fall_protection" not in ids


def test_selection_is_in_module_order() -> None:
    chosen = select_modules(intake([a.value for a in Activity], industry="oil_and_gas"))
    assert [m.order for m in chosen] == sorted(m.order for m in chosen)
    assert {m.id for m in chosen} == set(modules()) - NAMED_BY_TRADE


def test_oil_and_gas_services_get_hydrogen_sulphide_and_construction_does_not() -> None:
    oilfield = {m.id: m for m in select_modules(intake(["driving"], industry="oil_and_gas"))}
    assert "hydrogen_sulphide" in oilfield
    assert any("H2S Alive" in t.name for t in oilfield["hydrogen_sulphide"].training)
    assert "hydrogen_sulphide" not in {m.id for m in select_modules(intake(["driving"]))}


def test_a_ladder_hoist_gets_hoisting_without_crane_rigging() -> None:
    hoist = {"equipment": [{"name": "Ladder hoist", "type": "hoist"}]}
    module = next(m for m in select_modules(intake(["roofing"], **hoist)) if m.id == "lifting_rigging")
    assert module.title == "Hoisting and Manual Lifting"
    text = " ".join([module.purpose, *module.hazards, *module.inspection_items,
                     *(c.what for c in module.inspections), *(p.title for p in module.procedures)])
    assert "crane" not in text.lower() and "rigging" not in text.lower()
    crane = {"equipment": [{"name": "Boom truck", "type": "crane"}]}
    full = next(m for m in select_modules(intake(["roofing"], **crane)) if m.id == "lifting_rigging")
    assert full.title == "Lifting, Hoisting and Rigging"


def test_pickups_get_no_rollover_protective_structures() -> None:
    pickups = {"equipment": [{"name": "F-150", "type": "pickup_truck", "count": 2},
                             {"name": "Utility trailer", "type": "trailer"}]}
    module = next(m for m in select_modules(intake(["driving"], **pickups)) if m.id == "mobile_equipment")
    assert not any("ROPS" in line for line in module.controls.engineering)
    skid = {"equipment": [{"name": "Bobcat", "type": "skid_steer"}]}
    module = next(m for m in select_modules(intake(["driving"], **skid)) if m.id == "mobile_equipment")
    assert any("ROPS" in line for line in module.controls.engineering)


@pytest.mark.parametrize("module_id", ["whmis", "working_alone"])
def test_flag_triggers_work_without_the_activity(module_id: str) -> None:
    module = modules()[module_id]
    flagged = intake(
        ["noise"], hazardous_products=[{"name": "Sealant"}], working_alone={"happens": True}
    )
    assert module_applies(module, flagged)
    assert not module_applies(module, intake(["noise"]))


# -- fitting a module to the company: only the items that fit its work -------------------------------------


@cache
def example(client: str) -> dict[str, HazardModule]:
    return {m.id: m for m in select_modules(load_intake(REPO / "intake" / f"{client}.yaml"))}


def procedure_text(chosen: dict[str, HazardModule]) -> str:
    return "\n".join(f"{p.title}\n" + "\n".join(p.steps) for m in chosen.values() for p in m.procedures).lower()


def printed(module: HazardModule) -> list[str]:
    """Every string the fitted module puts in a program (its triggers and checklists aside)."""
    return strings(module.model_dump(mode="json", exclude={"triggers", "equipment_checks"}))


CRANE_RIGGING = "Rigging and hoisting a load with a crane"
MACHINE_START = "Daily start-up of a skid steer, excavator or telehandler"


@pytest.mark.parametrize(("client", "present", "absent"), [
    # a roofer whose only lifting device is a ladder hoist, with propane torches and a trailer
    ("acme", "Loading shingles onto a roof with a ladder hoist", CRANE_RIGGING),
    ("acme", "Torch-applying a modified bitumen membrane", "Setting up and shutting down an oxy-fuel torch kit"),
    ("acme", "Hooking up and towing a trailer", MACHINE_START),
    ("acme", "Using a nail gun", "Erecting a frame scaffold"),
    # an electrician with scissor lifts and vans
    ("volta-electric", "Setting up and operating an aerial lift", MACHINE_START),
    ("volta-electric", "Inspecting and using a hand-held power tool", "Using a nail gun"),
    # its only scaffolds are rolling (Baker) scaffolds: casters, not mud sills and ties
    ("volta-electric", "Setting up, using and moving a rolling scaffold", "Erecting a frame scaffold"),
    ("lakeshore-gc", "Erecting a frame scaffold", "Setting up, using and moving a rolling scaffold"),
    ("volta-electric", "Locking out equipment before servicing", CRANE_RIGGING),
    # a general contractor with an excavator, skid steer, telehandler, oxy-acetylene and welding sets and
    # rigging work, but no crane: rigging without the crane procedure
    ("lakeshore-gc", "Rigging and lifting a load", CRANE_RIGGING),
    ("lakeshore-gc", "Rigging and lifting a load", "Loading shingles onto a roof with a ladder hoist"),
    ("lakeshore-gc", MACHINE_START, "Setting up and operating an aerial lift"),
    ("lakeshore-gc", "Setting up and shutting down an oxy-fuel torch kit",
     "Torch-applying a modified bitumen membrane"),
])
def test_example_programs_get_the_procedures_that_fit(client: str, present: str, absent: str) -> None:
    titles = [p.title for m in example(client).values() for p in m.procedures]
    assert present in titles
    assert absent not in titles


def test_acme_gets_no_crane_or_rigging_procedure() -> None:
    text = procedure_text(example("acme"))
    assert "crane" not in text
    assert "rigging" not in text
    lifting = example("acme")["lifting_rigging"]
    assert [t.name for t in lifting.training] == [
        "Hoist operation on the make and model used (ladder hoists and material hoists)",
        "Safe lifting and material handling",
    ]
    assert "Hoist pre-use inspection" in [c.what for c in lifting.inspections]
    assert not [c for c in lifting.inspections if "crane" in c.what.lower() and "hoist" not in c.what.lower()]


def test_volta_gets_no_skid_steer_procedure_or_nail_gun_training() -> None:
    assert "skid steer" not in procedure_text(example("volta-electric"))
    names = " ".join(t.name for m in example("volta-electric").values() for t in m.training).lower()
    assert "nail gun" not in names
    assert "aerial work platform" in names


def test_lakeshore_keeps_its_machines_and_rigging() -> None:
    text = procedure_text(example("lakeshore-gc"))
    assert "skid steer" in text
    assert "rigging and lifting a load" in text and "crane" not in text
    names = [t.name for t in example("lakeshore-gc")["lifting_rigging"].training]
    assert "Rigging and signalling training" in names


@pytest.mark.parametrize("client", ["acme", "volta-electric", "lakeshore-gc"])
def test_no_chainsaw_or_unneeded_powder_actuated_tool_rows(client: str) -> None:
    names = " ".join(t.name for m in example(client).values() for t in m.training).lower()
    assert "chainsaw" not in names
    concrete = Activity.concrete in load_intake(REPO / "intake" / f"{client}.yaml").operations.activities
    assert ("powder-actuated" in names) == concrete


def test_a_company_with_a_crane_gets_the_crane_rigging_procedure() -> None:
    with_crane = intake(["concrete"], equipment=[{"name": "Boom truck crane", "type": "crane"}])
    lifting = {m.id: m for m in select_modules(with_crane)}["lifting_rigging"]
    assert CRANE_RIGGING in [p.title for p in lifting.procedures]
    assert "Crane pre-use inspection" in [c.what for c in lifting.inspections]
    assert "Hoist pre-use inspection" not in [c.what for c in lifting.inspections]
    assert list(lifting.equipment_checks) == [EquipmentType.crane]


def test_fitted_modules_hold_plain_items_only() -> None:
    """Templates and forms read text and titles; conditions never reach them."""
    for module in select_modules(intake([a.value for a in Activity])):
        for name in ("hazards", "safe_work_practice", "records"):
            assert all(isinstance(item, str) for item in getattr(module, name)), (module.id, name)
        for tier in ("elimination", "substitution", "engineering", "administrative", "ppe"):
            assert all(isinstance(item, str) for item in getattr(module.controls, tier)), (module.id, tier)
        for item in [*module.procedures, *module.training, *module.inspections]:
            assert item.only_if is None, module.id
        assert "only_if" not in str(printed(module))


def alone(module: HazardModule) -> list[Intake]:
    """One intake per trigger of the module, each with that trigger and nothing else the module names."""
    named: set[Activity] = set(module.triggers.activities)
    for item in [*module.hazards, *module.safe_work_practice, *module.records, *module.procedures,
                 *module.training, *module.inspections,
                 *(i for tier in ("elimination", "substitution", "engineering", "administrative", "ppe")
                   for i in getattr(module.controls, tier))]:
        condition = getattr(item, "only_if", None)
        if condition is not None:
            named |= set(condition.activities)
    filler = next(a for a in Activity if a not in named and a is not Activity.hazardous_products)
    t = module.triggers
    intakes = [intake([a.value]) for a in t.activities]
    intakes += [intake([filler.value], equipment=[{"name": e.value, "type": e.value}]) for e in t.equipment]
    if t.hazardous_products:
        intakes.append(intake([filler.value], hazardous_products=[{"name": "Sealant"}]))
    if t.working_alone:
        intakes.append(intake([filler.value], working_alone={"happens": True}))
    if t.always:
        intakes.append(intake([filler.value]))
    intakes += [intake([filler.value], trades=(word,)) for word in t.trades]
    intakes += [intake([filler.value], hazardous_products=[{"name": word}]) for word in t.products]
    intakes += [intake([filler.value], equipment=[{"name": word, "type": "other"}]) for word in t.equipment_named]
    return intakes


@pytest.mark.parametrize("module_id", REQUIRED)
def test_every_module_keeps_general_items_for_any_company_it_fits(module_id: str) -> None:
    module = modules()[module_id]
    cases = alone(module)
    assert cases
    for case in cases:
        assert module_applies(module, case)
        fitted = fit_module(module, case)
        for name, least in KEEP_AT_LEAST.items():
            assert len(getattr(fitted, name)) >= least, (module_id, name, case.operations.activities)
        assert fitted.procedures and fitted.training and fitted.inspections


def test_a_module_with_only_conditional_procedures_is_refused() -> None:
    data = modules()["roofing"].model_dump(mode="json", exclude_none=True)
    for procedure in data["procedures"]:
        procedure["only_if"] = {"equipment": ["hoist"]}
    with pytest.raises(ValidationError, match="procedures: only 0 items without only_if; keep at least 1"):
        HazardModule.model_validate(data)


def test_an_empty_condition_is_refused() -> None:
    with pytest.raises(ValidationError, match="names no activity, equipment or flag"):
        Condition()


@pytest.mark.parametrize(("condition", "operations", "fits"), [
    ({"activities": ["roofing"]}, {"activities": ["roofing"]}, True),
    ({"activities": ["roofing"], "equipment": ["crane"]}, {"activities": ["noise"], "equipment": [
        {"name": "Crane", "type": "crane"}]}, True),
    ({"equipment": ["crane"]}, {"activities": ["lifting_rigging"], "equipment": [
        {"name": "Ladder hoist", "type": "hoist"}]}, False),
    ({"hazardous_products": True}, {"activities": ["noise"], "hazardous_products": [{"name": "Primer"}]}, True),
    ({"working_alone": True}, {"activities": ["noise"]}, False),
])
def test_condition_is_any_of(condition: dict[str, Any], operations: dict[str, Any], fits: bool) -> None:
    activities = operations.pop("activities")
    assert Condition.model_validate(condition).met_by(intake(activities, **operations)) is fits
