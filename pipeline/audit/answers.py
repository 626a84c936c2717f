"""The answer the company's own program expects to an interview question: names, frequencies, where things are.

An interview question names the program sections that answer it (and often the practice and records behind
it); each section contributes the facts an interviewee should know, in the company's words, from the intake
and the practice facts (`practice.practice_facts`). Change a supervisor in the intake and the answers change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..intake.model import Intake, Person
from ..program.modules import HazardModule
from ..program.render import frequency_words
from ..protocols.packs import Question
from .practice import PracticeFacts


def who(person: Person) -> str:
    """`Luis Ortega (Foreman)`."""
    return f"{person.name} ({person.title})"


def _facts(records: Mapping[str, PracticeFacts], record_id: str) -> PracticeFacts | None:
    return records.get(record_id)


def _record_line(facts: PracticeFacts | None, what: str) -> str:
    if facts is None:
        return ""
    form = f" on the {facts.form} form" if facts.form else ""
    return f"{what} {facts.frequency}{form}; kept by {who(facts.keeper)} in {facts.where}."


Composer = Callable[[Intake, Mapping[str, PracticeFacts], list[HazardModule]], str]


def _policy(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    return (f"{i.company.name}'s health and safety policy is signed by {who(i.people.owner)}, who is responsible "
            f"for safety; every worker reads and signs it. " + _record_line(_facts(r, "policy_acknowledgements"),
                                                                         "Acknowledgements are signed"))


def _roles(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    p = i.people
    supervisors = ", ".join(who(s) for s in p.supervisors) or who(p.owner)
    return (f"Owner: {who(p.owner)}. Safety program day to day: {who(p.coordinator)}. Supervisors on site: "
            f"{supervisors}. Records: {who(p.keeper)}. Workers follow the rules, report hazards and may refuse "
            f"unsafe work.")


def _hazard_assessment(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    flha = _facts(r, "field_level_hazard_assessments")
    hazards = ", ".join(x.title for x in m[:6])
    where = f" The FLHA pads and completed forms are kept in {flha.where}." if flha else ""
    often = flha.frequency if flha else "before work starts"
    return (f"A field-level hazard assessment (FLHA) is done {often} before work starts, led by "
            f"{who(i.people.lead_supervisor)}, and signed by the crew.{where} Main hazards: {hazards}.")


def _hazard_control(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    examples = [c for x in m[:2] for c in (x.controls.engineering[:1] + x.controls.administrative[:1])]
    shown = "; ".join(str(e) for e in examples[:3])
    return ("Controls are chosen in order: eliminate, substitute, engineering, administrative, then PPE"
            + (f" (for example: {shown})." if shown else "."))


def _training(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    tickets = "; ".join(list(dict.fromkeys(t.name for x in m for t in x.training[:1]))[:4])
    lines = [f"New workers get an orientation from {who(i.people.lead_supervisor)} before starting work."]
    toolbox = _facts(r, "toolbox_meeting_records")
    if toolbox:
        lines.append(f"Toolbox meetings are held {toolbox.frequency}, led by {who(toolbox.keeper)}.")
    if tickets:
        lines.append(f"Tickets for this work: {tickets}.")
    return " ".join(lines)


def _inspections(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    facts = _facts(r, "site_inspections")
    often = facts.frequency if facts else "weekly"
    return (f"Sites are inspected {often} by {who(i.people.lead_supervisor)} on the Site Inspection Checklist; "
            f"hazards found are fixed, signed off and talked through at the toolbox meeting.")


def _emergency(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    aid = i.operations.first_aid
    aiders = ", ".join(f"{a.name} ({a.certificate})" for a in i.people.first_aiders) or "none named"
    hospital = (f" Nearest hospital: {aid.nearest_hospital}" + (f", about {aid.travel_minutes} minutes away"
                if aid.travel_minutes else "") + ".") if aid.nearest_hospital else ""
    return (f"Call 911, then {who(i.people.lead_supervisor)}. First aiders: {aiders}. First aid kits: {aid.kits} "
            f"(vehicles and sites).{hospital} The emergency contacts and muster point are posted at each site.")


def _incidents(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    return (f"Report every injury, incident and near miss right away to {who(i.people.lead_supervisor)}, who "
            f"tells {who(i.people.owner)}; it is written up on the Incident and Near-Miss Report, and "
            f"{who(i.people.coordinator)} reports injuries to the WCB and leads the investigation.")


def _committee(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    p = i.people
    if p.committee:
        members = ", ".join(who(x) for x in p.committee.members)
        return (f"The health and safety committee ({members}) meets {frequency_words(p.committee.meets)}; raise "
                f"concerns with any member.")
    if p.safety_representative:
        return (f"The health and safety representative is {who(p.safety_representative)}; raise a concern with "
                f"them or with {who(p.lead_supervisor)}.")
    return f"Raise a safety concern with {who(p.lead_supervisor)} or {who(p.owner)}."


def _violence(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    return (f"Report violence or harassment to {who(i.people.owner)} (or {who(i.people.lead_supervisor)} if the "
            f"owner is involved); it is investigated and the person reporting is protected from reprisal.")


def _rights(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    return (f"The right to know the hazards, to take part in safety, and to refuse unsafe work: tell "
            f"{who(i.people.lead_supervisor)}, who investigates before work goes on.")


def _contractors(i: Intake, r: Mapping[str, PracticeFacts], m: list[HazardModule]) -> str:
    return (f"Subcontractors and visitors are told the site's hazards, rules and emergency plan by "
            f"{who(i.people.lead_supervisor)} before they start.")


COMPOSERS: dict[str, Composer] = {
    "policy": _policy, "roles": _roles, "hazard_assessment": _hazard_assessment, "hazard_control": _hazard_control,
    "training": _training, "inspections": _inspections, "emergency": _emergency, "incidents": _incidents,
    "committee": _committee, "violence_harassment": _violence, "contractors": _contractors,
    "administration": _rights, "company_rules": _training, "management_review": _policy,
}


def expected_answer(question: Question, intake: Intake, records: Mapping[str, PracticeFacts],
                    modules: list[HazardModule]) -> str:
    """The answer an interviewee should give, built from the sections that answer the question (each section
    once, in the question's order); a section with no composer adds nothing, and an empty result says to
    check the named sections."""
    parts = []
    for section in question.sections:
        compose = COMPOSERS.get(section)
        if compose is not None:
            text = compose(intake, records, modules)
            if text not in parts:
                parts.append(text)
    return " ".join(parts[:2]) or "As the program's sections say: " + ", ".join(question.sections) + "."
