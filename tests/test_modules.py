"""The hazard modules: they load, their references resolve, and the intake selects the right ones."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ruamel.yaml import YAML

from pipeline.intake import Activity, EquipmentType, Intake
from pipeline.legislation import available_provinces, load_legislation
from pipeline.modules import HAZARDS, LEGAL_KEYS, HazardModule, load_modules, module_applies, select_modules
from pipeline.protocols import TEMPLATES

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
]

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


def intake(activities: list[str], **operations: Any) -> Intake:
    return Intake.model_validate(
        {
            "client": "test-contractor",
            "company": {
                "legal_name": "Test Contractor Ltd.",
                "province": "AB",
                "industry": "construction",
                "trades": ["general contracting"],
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
        for record in module.records:
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
    chosen = select_modules(intake([a.value for a in Activity]))
    assert [m.order for m in chosen] == sorted(m.order for m in chosen)
    assert {m.id for m in chosen} == set(modules())


@pytest.mark.parametrize("module_id", ["whmis", "working_alone"])
def test_flag_triggers_work_without_the_activity(module_id: str) -> None:
    module = modules()[module_id]
    flagged = intake(
        ["noise"], hazardous_products=[{"name": "Sealant"}], working_alone={"happens": True}
    )
    assert module_applies(module, flagged)
    assert not module_applies(module, intake(["noise"]))
