"""Which forms a program includes and what each shows: the forms' ids in appendix order and their titles,
`forms_for` (the general forms and the permits and plans the hazard modules make mandatory), and
`form_context`, what one form shows as plain Python values (intake text exactly as typed; docxtpl escapes it
when `forms.render_form` renders the template)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..intake.model import PROVINCE_NAMES, Equipment, EquipmentType, Person
from ..practices.courses import match_courses
from ..practices.holders import named_courses
from ..practices.model import is_owner_operator
from ..practices.tickets import current_first_aiders
from ..protocols.packs import TEMPLATES
from ..protocols.records import load_record_catalogue
from ..protocols.terms import DIG_PERMIT_TITLES
from . import permit_context
from .flha_ppe import flha_ppe
from .modules import made_on, replaces
from .permit_context import FORM_MODULES, FORM_ONLY_IF, LOGS
from .plan import Plan
from .render import format_date, solo_renewal, solo_who, words

FORMS_DIR = TEMPLATES / "forms"

# Appendix order follows the program's sections: policy, hazard assessment, maintenance, inspections,
# training, emergency response, incidents; then the permits and plans a program's hazard modules call for.
FORM_IDS: tuple[str, ...] = (
    "policy_signoff",
    "flha",
    "equipment_pre_use",
    "site_inspection",
    "orientation",
    "training_record",
    "toolbox_meeting",
    "emergency_contacts",
    "incident_report",
    "investigation_report",
    "fall_protection_plan",
    "ground_disturbance_permit",
    "confined_space_entry_plan",
    "confined_space_entry_permit",
    "breathing_apparatus_rescue_plan",
    "hot_work_permit",
    "lockout_permit",
    "lift_plan",
    "traffic_control_plan",
    "concrete_pour_plan",
    "silica_exposure_control_plan",
    "working_alone_check_in_log",
    "pressure_test_plan",
    "energized_work_permit",
    "journey_plan",
    "demolition_plan",
    "scaffold_inspection_record",
)

FORM_TITLES: dict[str, str] = {
    "policy_signoff": "Health and Safety Policy Acknowledgement",
    "flha": "Field-Level Hazard Assessment (FLHA)",
    "fall_protection_plan": "Fall Protection Plan and Rescue Plan",
    "scaffold_inspection_record": "Scaffold Inspection and Tag Record",
    "ground_disturbance_permit": DIG_PERMIT_TITLES[0],  # the prairie and oil and gas title; see form_title
    "confined_space_entry_permit": "Confined Space Entry Permit",
    "hot_work_permit": "Hot Work Permit",
    "lockout_permit": "Lockout Permit and Isolation Record",
    "lift_plan": "Lift Plan",
    "traffic_control_plan": "Traffic Control Plan",
    "silica_exposure_control_plan": "Silica Exposure Control Plan",
    "working_alone_check_in_log": "Working Alone Assessment and Check-in Log",
    "pressure_test_plan": "Pressure Test Plan and Record",
    "confined_space_entry_plan": "Confined Space Hazard Assessment and Entry Plan",
    "breathing_apparatus_rescue_plan": "Breathing Apparatus Work and Rescue Plan",
    "concrete_pour_plan": "Concrete Pour Plan",
    "demolition_plan": "Demolition Plan",
    "energized_work_permit": "Energized Electrical Work Permit",
    "journey_plan": "Journey Plan",
    "equipment_pre_use": "Equipment Pre-Use Inspection",
    "site_inspection": "Site Inspection Checklist",
    "orientation": "New Worker Orientation Checklist",
    "training_record": "Training Record",
    "toolbox_meeting": "Toolbox and Safety Meeting Record",
    "emergency_contacts": "Emergency Contacts",
    "incident_report": "Incident and Near-Miss Report",
    "investigation_report": "Incident Investigation Report",
}

# Forms whose title follows the company's province or industry: the template prints the context's title.
PLAN_TITLED = frozenset({"ground_disturbance_permit"})
# Every title a form can carry, for reading a title back to its form (the coherence check).
ALL_TITLES: dict[str, str] = {**{t: f for f, t in FORM_TITLES.items()},
                              **{t: "ground_disturbance_permit" for t in DIG_PERMIT_TITLES}}


def form_title(plan: Plan, form_id: str) -> str:
    """One form's title in this program: FORM_TITLES', except the dig permit's, which is 'Ground Disturbance
    Permit' or 'Locate and Dig Permit' by the company's province and industry (`Plan.dig_permit`).
    Raises KeyError for an unknown form id."""
    return plan.dig_permit if form_id == "ground_disturbance_permit" else FORM_TITLES[form_id]


def form_titles(plan: Plan) -> dict[str, str]:
    """Every form's title in this program, by form id (`form_title`)."""
    return {form_id: form_title(plan, form_id) for form_id in FORM_TITLES}

# Pre-use checks for equipment the intake has no type for: the manufacturer's own checklist comes first.
OTHER_EQUIPMENT_CHECKS = (
    "Manufacturer's pre-use checklist followed",
    "No cracks, loose or missing parts, and no leaks",
    "Guards, covers and safety devices in place and working",
    "Hoses, cables, couplings and fittings undamaged, where fitted",
    "Controls, emergency stops and alarms work, where fitted",
    "Defects reported and the equipment tagged out until repaired",
)

BASE_PPE = ("Hard hat", "Safety footwear", "High-visibility vest or clothing", "Safety glasses", "Work gloves")

GENERAL_INSPECTION_ITEMS = (
    "Housekeeping: walkways, stairs and work areas clear of debris, cords and scrap",
    "Access and exits clear, with safe access to every work area",
    "Materials stored and stacked so they cannot fall, roll or blow away",
    "Waste removed regularly; bins not overflowing",
    "Lighting adequate for the work",
    "First aid kit stocked, and its location known to everyone on site",
    "Fire extinguishers charged, inspected and within reach",
    "Emergency contacts, site address and muster point posted",
    "Field-level hazard assessments completed and signed today",
    "Workers wearing the PPE their tasks require",
    "Washroom and drinking water available",
    "Public and visitors kept out of the work area (fencing, barriers, signs)",
)

GENERAL_TOPICS = (
    "Incidents and near misses since the last meeting",
    "Site inspection findings and corrective actions",
    "Emergency procedures and muster point",
    "Workers' rights and how to raise a concern",
)


def form_path(form_id: str, root: Path = FORMS_DIR) -> Path:
    return root / f"{form_id}.docx"


def forms_for(plan: Plan) -> list[str]:
    """The forms this program includes, in appendix order: every general form, and each permit or plan
    whose hazard module the company's work brings in (FORM_MODULES), for the work that needs it
    (FORM_ONLY_IF)."""
    selected = {m.id for m in plan.modules}
    return [f for f in FORM_IDS if f not in FORM_MODULES or (
        FORM_MODULES[f] in selected and (f not in FORM_ONLY_IF or FORM_ONLY_IF[f].met_by(plan.intake)))]


# -- context ---------------------------------------------------------------------------------------------


def _person(p: Person | None) -> dict[str, str]:
    if p is None:
        return {"name": "", "title": "", "phone": ""}
    return {"name": p.name, "title": p.title, "phone": p.phone or ""}


def _unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, without repeats (case and spacing ignored)."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(item.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _pairs(items: list[str]) -> list[dict[str, str]]:
    """Two checkbox items per table row; a missing second item is an empty string (no box is drawn)."""
    return [{"a": items[i], "b": items[i + 1] if i + 1 < len(items) else ""} for i in range(0, len(items), 2)]


def _ppe(plan: Plan) -> list[str]:
    """The FLHA's PPE ticks: the base items and short names of each module's PPE worn for the task (`ppe_on_flha`)."""
    return flha_ppe(BASE_PPE, (item for m in plan.modules if m.ppe_on_flha for item in m.controls.ppe))


def _pre_use_checks(plan: Plan, piece: Equipment) -> list[Any]:
    return [check for m in plan.modules for check in m.inspections
            if check.form == "equipment_pre_use" and made_on(check, piece)]


def pre_use_rows(plan: Plan, piece: Equipment) -> list[str]:
    """The pre-use form's rows a module's inspection sends to `piece` (an intake Equipment): the `rows` (or the
    `what`) of each fitted check on the equipment_pre_use form whose `pre_use_for` names the piece by type or
    name word (`modules.made_on`: 'roller' for a roller, 'vacuum truck' for a vacuum truck), in module order."""
    return _unique(row for check in _pre_use_checks(plan, piece) for row in (check.rows or [check.what]))


def fleet_phrase(piece: Equipment) -> str:
    """The pre-use form's words after a piece's name: its type and count ('excavator; 2 in the fleet'), or the
    count alone for a piece of type `other`, whose type word is no description a form shows (review 15:
    'Cat D6 dozers (other; 3 in the fleet)')."""
    count = f"{piece.count} in the fleet"
    return count if piece.type is EquipmentType.other else f"{words(piece.type.value)}; {count}"


def _pre_use_equipment(plan: Plan) -> list[dict[str, Any]]:
    """The company's equipment whose type has checklist items in a selected module, with those items, and the
    rows the modules' pre-use checks send to it by name (`pre_use_rows`); a piece of type `other` with neither
    gets the general checks, so no machine drops off the form, and one with named rows gets them between the
    manufacturer's checklist and the defect rule; a kit or supply of type `other` (records.yaml
    `not_machinery_words`) is on it only when a module's check names it (a glazier's hand suction cups), and so
    is a work aid its user checks (`user_checked_words`: drywall stilts, a panel lift). A piece mounted on a
    truck (`vehicle_words`: a rig welding truck) gets the pickup truck's checks before its own."""
    found = []
    for piece in plan.intake.operations.equipment:
        if permit_context.on_scaffold_record(plan, piece):
            continue  # a scaffolding company's scaffold: one record per erected scaffold, not a unit ticked daily
        named = pre_use_rows(plan, piece)
        if not named and load_record_catalogue().user_checked(piece):
            continue  # stilts, a panel lift: checked by the user, no written pre-use record (records.yaml)
        # a check that `replaces_type_checks` stands for the type's checklist: a lowboy is no bumper-pull trailer
        replaced = any(replaces(check, piece) for check in _pre_use_checks(plan, piece))
        typed = [] if replaced else [item for m in plan.modules for item in m.equipment_checks.get(piece.type, [])]
        if load_record_catalogue().truck_mounted(piece):  # a rig welding truck: the truck's circle check first
            typed = [item for m in plan.modules for item in m.equipment_checks.get(EquipmentType.pickup_truck, [])
                     ] + typed
        items = _unique([*typed, *named])
        if piece.type is EquipmentType.other and named and items == named:
            items = _unique([OTHER_EQUIPMENT_CHECKS[0], *named, OTHER_EQUIPMENT_CHECKS[-1]])
        if not items and piece.type is EquipmentType.other and load_record_catalogue().checked_before_shift(piece):
            items = list(OTHER_EQUIPMENT_CHECKS)
        if items:
            found.append({"name": piece.name, "kind": words(piece.type.value), "count": piece.count,
                          "fleet": fleet_phrase(piece), "items": items})
    return found


def _common(plan: Plan, form_id: str) -> dict[str, Any]:
    intake = plan.intake
    company = intake.company
    people = intake.people
    return {
        "form_id": form_id,
        "title": form_title(plan, form_id),
        "company": company.legal_name,
        "operating_name": company.operating_name or "",
        "province": PROVINCE_NAMES[company.province.value],
        "revision": plan.revision,
        "issued": format_date(plan.today),
        "owner": _person(people.owner),
        "coordinator": _person(people.coordinator),
        "keeper": _person(people.keeper),
        "supervisor": _person(people.lead_supervisor),
        # a one-person company: the forms' supervisor rows become what the owner does instead (review 14)
        "solo": is_owner_operator(intake),
    }


def _policy_signoff(plan: Plan) -> dict[str, Any]:
    return {}


def _flha(plan: Plan) -> dict[str, Any]:
    return {
        "hazard_groups": [{"title": m.title, "rows": _pairs(list(m.hazards))} for m in plan.modules],
        "ppe_rows": _pairs(_ppe(plan)),
        "permits": [form_title(plan, f) for f in forms_for(plan) if f in FORM_MODULES and f not in LOGS],
    }


def _equipment_pre_use(plan: Plan) -> dict[str, Any]:
    return {"equipment": _pre_use_equipment(plan)}


def _site_inspection(plan: Plan) -> dict[str, Any]:
    general = list(GENERAL_INSPECTION_ITEMS)
    groups = []
    seen = {" ".join(i.lower().split()) for i in general}
    for module in plan.modules:
        items = [i for i in _unique(module.inspection_items) if " ".join(i.lower().split()) not in seen]
        seen.update(" ".join(i.lower().split()) for i in items)
        if items:
            groups.append({"title": module.title, "items": items})
    return {"general_items": general, "module_groups": groups}


def _orientation(plan: Plan) -> dict[str, Any]:
    intake = plan.intake
    company = intake.company.legal_name
    people = intake.people
    ops = intake.operations
    law = plan.law
    items: list[tuple[str, str]] = [
        ("Health and safety policy", f"{company}'s policy read, explained and signed (policy acknowledgement)"),
        ("Workers' rights", f"Under {law.act.short}: the right to know, to participate and to refuse "
                            "unsafe work, without reprisal"),
        ("Responsibilities and rules", "What workers, supervisors and the employer must do; company rules "
                                       "and discipline"),
        ("Field-level hazard assessment", "How to complete and sign the FLHA before work starts each day "
                                          "and when the task or conditions change"),
    ]
    for module in plan.modules:
        procedures = "; ".join(p.title for p in module.procedures)
        items.append((module.title, f"Hazards, controls and safe work practices. Procedures: {procedures}"))
    items.append(("Personal protective equipment", "What to wear, and how to fit, inspect and care for it: "
                  + ", ".join(p.lower() for p in BASE_PPE) + ", and the PPE each task's FLHA names"))
    equipment = _pre_use_equipment(plan)
    if equipment:
        items.append(("Equipment pre-use inspections", "Written check before each use of: "
                      + ", ".join(e["name"] for e in equipment)))
    if ops.hazardous_products:
        items.append(("WHMIS and hazardous products", "Labels, safety data sheets and where they are kept: "
                      + ", ".join(p.name for p in ops.hazardous_products)))
    hospital = ops.first_aid.nearest_hospital
    minutes = ops.first_aid.travel_minutes
    emergency = "Muster point, fire extinguishers, first aid kits, the emergency contacts sheet"
    if hospital:
        emergency += f" and the nearest hospital ({hospital}" + (f", about {minutes} minutes" if minutes else "") + ")"
    items.append(("Emergency procedures", emergency))
    current = current_first_aiders(plan.intake, plan.today)
    if current:
        aiders = ", ".join(f"{a.name} ({a.certificate})" for a in current)
        items.append(("First aiders", f"Who they are and how to reach them: {aiders}"))
    else:
        items.append(("First aid", "Where the first aid kits are and who gives first aid on each site"))
    supervisors = ", ".join(p.name for p in (people.supervisors or [people.owner]))
    items.append(("Reporting", f"Report injuries, incidents, near misses and hazards right away to the "
                               f"supervisor ({supervisors})"))
    if people.committee:
        members = ", ".join(f"{m.name} ({m.title})" for m in people.committee.members)
        items.append(("Health and safety committee", f"Members: {members}; how to bring a concern to them"))
    elif people.safety_representative:
        rep = people.safety_representative
        items.append(("Health and safety representative", f"{rep.name} ({rep.title}); how to bring a concern"))
    else:
        coordinator = people.coordinator
        items.append(("Raising a concern", f"Bring health and safety concerns to {coordinator.name} "
                                           f"({coordinator.title})"))
    if ops.working_alone.happens:
        items.append(("Working alone", "The check-in procedure and who to call"
                      + (f": {ops.working_alone.who}" if ops.working_alone.who else "")))
    items.append(("Workplace violence and harassment", "The policy, and how to report an incident"))
    items.append(("Training and tickets", "The courses and tickets this worker's job requires, "
                                          "and copies given to the office"))
    return {"items": [{"topic": topic, "detail": detail} for topic, detail in items]}


def _training_record(plan: Plan) -> dict[str, Any]:
    partner = plan.protocol.partner.abbreviation
    courses = [{"name": "Company orientation", "who": "Every new worker, before starting work",
                "renewal": "When the work or the program changes"}]
    courses += [{"name": c.name, "who": c.who, "renewal": f"As {partner} requires"}
                for c in named_courses(plan.program.courses, plan.intake,
                                       match_courses(plan.program.courses, plan.intake, plan.today).done)]
    courses += [{"name": t.name, "who": t.who, "renewal": t.renewal} for m in plan.modules for t in m.training]
    if is_owner_operator(plan.intake):  # no toolbox meeting and no supervisor but the owner, as in the program
        owner = plan.intake.people.owner.name
        courses = [{**c, "who": solo_who(c["who"], owner), "renewal": solo_renewal(c["renewal"])}
                   for c in courses]
    seen: set[str] = set()
    unique = []
    for course in courses:
        key = " ".join(course["name"].lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(course)
    return {"courses": unique}


def _toolbox_meeting(plan: Plan) -> dict[str, Any]:
    topics = _unique([*(m.title for m in plan.modules), *GENERAL_TOPICS])
    return {"topic_rows": _pairs(topics)}


def _phone_of(plan: Plan, name: str) -> str:
    people = plan.intake.people
    for p in (people.owner, *people.supervisors, people.safety_coordinator, people.records_keeper,
              people.safety_representative, *people.first_aiders):
        if p is not None and p.name == name and p.phone:
            return p.phone
    return ""


def _emergency_contacts(plan: Plan) -> dict[str, Any]:
    intake = plan.intake
    people = intake.people
    first_aid = intake.operations.first_aid
    law = plan.law
    contacts = [
        {"role": "Fire, ambulance, police", "name": "Emergency services", "phone": "911", "note": ""},
        {"role": "Serious incident reporting line", "name": law.regulator.name,
         "phone": law.incident_reporting.phone or "", "note": "" if law.incident_reporting.phone
         else "Number not on file: write it in"},
        {"role": "Nearest hospital (emergency)", "name": first_aid.nearest_hospital or "",
         "phone": "", "note": f"About {first_aid.travel_minutes} minutes away"
         if first_aid.travel_minutes is not None else ""},
    ]
    for aider in current_first_aiders(intake, plan.today):
        contacts.append({"role": "First aider", "name": aider.name, "phone": aider.phone or _phone_of(plan, aider.name),
                         "note": aider.certificate})
    contacts.append({"role": people.owner.title, "name": people.owner.name, "phone": people.owner.phone or "",
                     "note": "Owner"})
    for sup in people.supervisors:
        contacts.append({"role": sup.title, "name": sup.name, "phone": sup.phone or "", "note": "Supervisor"})
    coordinator = people.coordinator
    if coordinator.name not in {people.owner.name, *(s.name for s in people.supervisors)}:
        contacts.append({"role": coordinator.title, "name": coordinator.name, "phone": coordinator.phone or "",
                         "note": "Safety coordinator"})
    if intake.company.phone:
        contacts.append({"role": "Office", "name": intake.company.legal_name, "phone": intake.company.phone,
                         "note": intake.company.address or ""})
    route = f"Route to {first_aid.nearest_hospital}" if first_aid.nearest_hospital else "Route to the nearest hospital"
    if first_aid.travel_minutes is not None:
        route += f" (about {first_aid.travel_minutes} minutes)"
    return {
        "contacts": contacts,
        "hospital_route": route,
        "incident_phone": law.incident_reporting.phone or "",
    }


def _incident_report(plan: Plan) -> dict[str, Any]:
    law = plan.law
    return {
        "regulator": law.regulator.name,
        "wcb": law.wcb.name,
        "incident_phone": law.incident_reporting.phone or "(number not on file: write it in)",
        "reporting_rule": " ".join(law.incident_reporting.text.split()),
    }


def _investigation_report(plan: Plan) -> dict[str, Any]:
    return {"regulator": plan.law.regulator.name}


_BUILDERS: dict[str, Callable[[Plan], dict[str, Any]]] = {
    "policy_signoff": _policy_signoff,
    "flha": _flha,
    "fall_protection_plan": permit_context.fall_protection_plan,
    "scaffold_inspection_record": permit_context.scaffold_inspection_record,
    "ground_disturbance_permit": permit_context.ground_disturbance_permit,
    "confined_space_entry_permit": permit_context.confined_space_entry_permit,
    "hot_work_permit": permit_context.hot_work_permit,
    "lockout_permit": permit_context.lockout_permit,
    "lift_plan": permit_context.lift_plan,
    "traffic_control_plan": permit_context.traffic_control_plan,
    "silica_exposure_control_plan": permit_context.silica_exposure_control_plan,
    "working_alone_check_in_log": permit_context.working_alone_check_in_log,
    "pressure_test_plan": permit_context.pressure_test_plan,
    "confined_space_entry_plan": permit_context.confined_space_entry_plan,
    "breathing_apparatus_rescue_plan": permit_context.breathing_apparatus_rescue_plan,
    "concrete_pour_plan": permit_context.concrete_pour_plan,
    "demolition_plan": permit_context.demolition_plan,
    "energized_work_permit": permit_context.energized_work_permit,
    "journey_plan": permit_context.journey_plan,
    "equipment_pre_use": _equipment_pre_use,
    "site_inspection": _site_inspection,
    "orientation": _orientation,
    "training_record": _training_record,
    "toolbox_meeting": _toolbox_meeting,
    "emergency_contacts": _emergency_contacts,
    "incident_report": _incident_report,
    "investigation_report": _investigation_report,
}


def form_context(plan: Plan, form_id: str) -> dict[str, Any]:
    """What one form shows, as plain values: docxtpl's autoescape escapes them for XML when rendering."""
    try:
        builder = _BUILDERS[form_id]
    except KeyError:
        raise KeyError(f"unknown form '{form_id}'; forms: {', '.join(FORM_IDS)}") from None
    return {**_common(plan, form_id), **builder(plan)}
