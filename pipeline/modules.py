"""Hazard modules: what the program says about one hazard, chosen by the intake's activities and equipment.

`program_templates/hazards/<id>.yaml` holds the hazards, controls in hierarchy order, the safe work practice,
step-by-step safe job procedures, training and tickets, inspections and pre-use checks, and the records
kept. A company that does no confined-space work gets no confined-space module; one that does gets it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field

from .errors import InputError, Problem
from .intake import Activity, EquipmentType, Intake
from .protocols import TEMPLATES, Pack, Sourced
from .yamlfile import display_path, load_model

HAZARDS = TEMPLATES / "hazards"

LEGAL_KEYS = ("fall_protection", "violence_harassment", "working_alone", "first_aid", "incident_reporting")


class Triggers(Pack):
    always: bool = Field(False, description="Every program gets this module")
    activities: list[Activity] = Field(default_factory=list, description="Any of these activities brings it in")
    equipment: list[EquipmentType] = Field(default_factory=list, description="Any of this equipment brings it in")
    hazardous_products: bool = Field(False, description="Brought in when the intake lists hazardous products")
    working_alone: bool = Field(False, description="Brought in when operations.working_alone.happens")


class Controls(Pack):
    """The hierarchy of controls, most effective first."""

    elimination: list[str] = Field(default_factory=list, description="Remove the hazard")
    substitution: list[str] = Field(default_factory=list, description="Replace with something less hazardous")
    engineering: list[str] = Field(default_factory=list, description="Isolate people from the hazard")
    administrative: list[str] = Field(default_factory=list, description="Change the way people work")
    ppe: list[str] = Field(default_factory=list, description="Protect the worker with personal equipment")


class Procedure(Pack):
    title: str = Field(description="The task, e.g. 'Setting up a travel-restraint system on a sloped roof'")
    steps: list[str] = Field(description="Steps in order", min_length=3)


class Training(Pack):
    name: str = Field(description="Course or ticket")
    who: str = Field(description="Who needs it: a role, e.g. 'every worker on a roof'")
    renewal: str = Field(description="How often it is renewed or refreshed, e.g. 'every 3 years'")
    legal: Sourced | None = Field(
        None, description="When the training is a legal requirement: its source (the legislation file's)"
    )


class Check(Pack):
    what: str = Field(description="What is inspected")
    when: str = Field(description="How often, e.g. 'before each use', 'weekly'")
    who: str = Field(description="Role that does it: worker, supervisor, competent person")
    form: str | None = Field(None, description="Form id in the forms appendix")


class HazardModule(Pack):
    id: str = Field(description="Module id, equals the file name", pattern=r"^[a-z0-9_]+$")
    title: str = Field(description="Heading, e.g. 'Working at Heights and Fall Protection'")
    order: int = Field(description="Position among the modules", ge=0)
    triggers: Triggers = Field(description="What in the intake brings this module in")
    legal_key: str | None = Field(
        None, description=f"The legislation requirement this module states, one of {', '.join(LEGAL_KEYS)}"
    )
    purpose: str = Field(description="One or two sentences on why the module exists")
    hazards: list[str] = Field(description="The hazards", min_length=2)
    controls: Controls = Field(description="Controls in hierarchy order")
    safe_work_practice: list[str] = Field(description="The safe work practice: general rules", min_length=3)
    procedures: list[Procedure] = Field(description="Safe job procedures", min_length=1)
    training: list[Training] = Field(description="Training and tickets", min_length=1)
    inspections: list[Check] = Field(description="Inspections and pre-use checks", min_length=1)
    records: list[str] = Field(description="Records kept (names, or ids from records.yaml)", min_length=1)
    equipment_checks: dict[EquipmentType, list[str]] = Field(
        default_factory=dict, description="Pre-use checklist items per equipment type (for the pre-use form)"
    )
    inspection_items: list[str] = Field(
        default_factory=list, description="Items this hazard adds to the site inspection checklist"
    )


def module_applies(module: HazardModule, intake: Intake) -> bool:
    ops = intake.operations
    t = module.triggers
    return (
        t.always
        or any(a in ops.activities for a in t.activities)
        or any(e.type in t.equipment for e in ops.equipment)
        or (t.hazardous_products and bool(ops.hazardous_products))
        or (t.working_alone and ops.working_alone.happens)
    )


@cache
def load_modules(root: Path = HAZARDS) -> tuple[HazardModule, ...]:
    modules = []
    for path in sorted(root.glob("*.yaml")):
        module = load_model(HazardModule, path)
        if module.id != path.stem:
            raise InputError([Problem(display_path(path), None, None, "id", f"must equal the file name '{path.stem}'")])
        modules.append(module)
    return tuple(sorted(modules, key=lambda m: (m.order, m.id)))


def select_modules(intake: Intake, root: Path = HAZARDS) -> list[HazardModule]:
    """The modules this company's work calls for, in their fixed order."""
    return [m for m in load_modules(root) if module_applies(m, intake)]
