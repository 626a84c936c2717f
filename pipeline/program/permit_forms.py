"""The permit and plan forms, and the FLHA: the templates for what the program makes mandatory on site.

Written by `python -m pipeline.program.form_templates` with the shared building blocks in `form_blocks`. The fall
protection plan (with its rescue plan), the ground disturbance permit, the confined space entry permit, the
hot work permit, the lockout permit, the lift plan, the traffic control plan, the silica exposure control plan,
the working alone assessment and check-in log, the energized electrical work permit and the journey plan
appear only in programs whose hazard modules make them mandatory (forms.FORM_MODULES and
forms.FORM_ONLY_IF); the plans written for one job or one space are in `plan_forms`. No form states a limit
the legislation data does not give: where a limit depends on the province or the space (acceptable gas
readings, limits of approach), the form leaves a line for it. The FLHA breaks the task into steps, rates each
hazard's risk with the same likelihood × severity scale as the program's formal hazard assessment (explained
on the form), and closes out at the end of the shift.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document

from .form_blocks import (
    BOX,
    Span,
    Tag,
    add_footer_note,
    add_header_block,
    add_label,
    add_note,
    add_signoff,
    add_table,
    add_text,
    pair_rows,
)

# who is in charge of a permit or plan: the supervisor, or in a one-person company the owner himself (review 16)
IN_CHARGE = "{% if solo %}owner{% else %}supervisor{% endif %}"
APPROVED_BY = ("Approved by ({% if solo %}owner{% else %}supervisor{% endif %})", "{{ supervisor.name }}")
RISK_SCALE = ("Risk = likelihood × severity, each from 1 to 4. Likelihood: 1 rare, 2 unlikely, 3 possible, "
              "4 likely. Severity: 1 first aid only, 2 medical aid, 3 lost time or fracture, 4 death or permanent "
              "disability. 12 to 16 high: stop, control it before {% if solo %}starting{% else %}anyone starts "
              "and tell the supervisor{% endif %}. "
              "6 to 9 medium: control it before the step starts. 1 to 4 low: the safe work practices control it.")


def add_checklist(document: Document, label: str, first: str, rows: list[list[str]]) -> None:
    """A labelled checklist: a `first` column ("Check", "Precaution", "Step") of bold items and a "Done" column
    of boxes (`BOX`, or `BOX N/A` where the item may not apply)."""
    add_label(document, label)
    add_table(document, [5.3, 1.2], rows, header=[first, "Done"], centered=(1,), keep=True)


def add_hazard_list(document: Document, label: str) -> None:
    """A labelled list of the permit's `hazards` (a docxtpl row loop), a box before each."""
    add_label(document, label)
    add_table(document, [6.5], [Tag("for h in hazards"), [f"{BOX} {{{{ h }}}}"], Tag("endfor")], tall=False)


def add_crew_briefing(document: Document, label: str, role: str, *, blank: int) -> None:
    """A labelled sign-on for the crew briefed on the permit or plan: name, `role` and signature, `blank`
    rows to fill in by hand."""
    add_label(document, label)
    add_table(document, [2.6, 2.2, 1.7], header=["Name (print)", role, "Signature"], blank=blank)


def write_flha(document: Document) -> None:
    add_header_block(document, [["**Task", "", "**{% if solo %}Done by{% else %}Supervisor{% endif %}", ""],
                                ["**Location on site", "", "**Permits needed", ""]])
    add_text(document, "{% if permits %}Permits and plans this program calls for: {{ permits | join(', ') }}."
                       "{% endif %}", size=None)
    add_label(document, "Hazards: tick every hazard present for today's task")
    add_table(document, [3.25, 3.25], [
        Tag("for g in hazard_groups"),
        Span("{{ g.title }}"),
        *pair_rows("g.rows"),
        Tag("endfor"),
        Span("Other hazards found on site today"),
    ], blank=2, tall=False)
    add_label(document, "Task steps: each step, its hazards, the risk rating and the controls")
    add_note(document, RISK_SCALE)
    add_table(document, [1.6, 1.6, 0.45, 0.45, 0.5, 1.9],
              header=["Task step", "Hazard", "L", "S", "Risk", "Control in place (who)"],
              blank=6, centered=(2, 3, 4))
    add_label(document, "Personal protective equipment required")
    add_table(document, [3.25, 3.25], pair_rows("ppe_rows"), tall=False)
    # one row for a one-person company's owner, who does the assessment alone; eight for a crew (review 17:
    # an owner-operator's FLHA carried eight worker sign-on rows)
    add_label(document, "{% if solo %}Sign-on: I did this assessment and put its controls in place{% else %}Worker "
                        "sign-on: I took part in this assessment and understand the controls{% endif %}")
    add_table(document, [2.3, 2.2, 1.0, 1.0],
              [["", "", "", ""], Tag("if not solo"), *[["", "", "", ""]] * 7, Tag("endif")],
              header=["{% if solo %}Name (print){% else %}Worker name (print){% endif %}", "Signature", "Time in",
                      "Time out"])
    add_label(document, "End-of-shift close-out")
    add_table(document, [3.0, 3.5], [
        ["**Work area left safe (housekeeping, equipment secured, openings covered)", f"{BOX} Yes  {BOX} No: ______"],
        ["**Incidents or near misses today", f"{BOX} None  {BOX} Yes: report no. ________"],
        ["**Hazards left for the next shift, and how they are marked", ""],
        ["**Permits closed", f"{BOX} Yes  {BOX} None used"],
    ], keep=True)
    add_signoff(document, [("{% if solo %}Others on site told of the hazards (who){% else %}Supervisor (reviewed)"
                            "{% endif %}", ""), ("Conditions changed: reassessed by", ""),
                           ("Closed out at end of shift by", "")])
    add_footer_note(document)


def write_fall_protection_plan(document: Document) -> None:
    add_header_block(document, [["**Work area and task", "", "**Plan valid until", ""]])
    add_text(document, "The law: {{ legal_rule }}{% if citation %} ({{ citation }}){% endif %}", size=None)
    add_label(document, "Fall hazards in this work area")
    add_table(document, [3.8, 1.2, 1.5], [
        Tag("for h in hazards"),
        [f"{BOX} {{{{ h }}}}", "", ""],
        Tag("endfor"),
    ], header=["Hazard", "Fall height (m)", "Where"], blank=2, tall=False)
    add_label(document, "Fall protection system used (highest practicable first)")
    add_table(document, [3.25, 3.25], [
        [f"{BOX} Guardrails or barriers", f"{BOX} Travel restraint (cannot reach the edge)"],
        [f"{BOX} Personal fall arrest", f"{BOX} Other: ________________"],
    ], tall=False)
    add_table(document, [2.2, 4.3], [
        ["**Anchors (location, rating or engineered)", ""],
        ["**Equipment (harness, lanyard, lifeline, SRL)", "{{ equipment | join(', ') }}"],
        ["**Clearance below the work (free fall + deceleration + harness stretch + worker height + safety margin)",
         "Available: ______ m   Needed: ______ m"],
        ["**Assembly, inspection and dismantling of the system", ""],
        ["**{% if solo %}Fall protection training (course, date){% else %}Workers trained in fall protection for "
         "this plan{% endif %}", ""],
    ], keep=True)
    add_label(document, "Rescue plan: a fallen worker is reached within minutes")
    add_table(document, [2.2, 4.3], [
        ["**Rescue method", f"{BOX} Self-rescue  {BOX} Ladder or lift  {BOX} Rescue kit (lowering)  {BOX} 911"],
        ["**Rescue equipment on site, and where", ""],
        ["**Who performs the rescue (trained)", ""],
        ["**How the alarm is raised; 911 and site address or location", ""],
        ["**First aid after rescue (suspension trauma: keep the worker still, call 911)", ""],
    ], keep=True)
    add_note(document, "Review the plan with every worker before work starts and whenever the work area changes. "
                       "Keep it at the work area.")
    add_signoff(document, [("Prepared by (competent person)", ""),
                           ("{% if solo %}Owner{% else %}Supervisor{% endif %}", "{{ supervisor.name }}"),
                           ("{% if solo %}Others on site told of the plan (who){% else %}Workers briefed (initials "
                            "on the FLHA){% endif %}", "")])
    add_footer_note(document)


def write_hot_work_permit(document: Document) -> None:
    add_header_block(document, [["**Work to be done", "", "**Permit valid from / to", ""],
                                ["**Exact location", "", "**Equipment", "{{ equipment | join(', ') }}"]])
    # open-flame heating outdoors (a paver's propane heaters) checks the flame's surroundings and the gas
    # train, and an oil and gas crew's ignition sources in a hazardous area (E&I grinding, drilling, heat guns)
    # the site owner's permit, the gas test and spark shields, not the sealed openings, screens and 60-minute
    # watch of welding and cutting (hot_work.yaml); welding on a lease its drains, vents, lines and dry grass, not
    # floor and wall openings (review 17); torches with no welder and no oxy-fuel (a plumber's
    # air-acetylene brazing, a roofer's propane torch) their torch and gas train and heat shields, and only a
    # welder's the screens against arc flash
    add_checklist(document, "Before work starts: checked by {% if solo %}the person doing the work{% else %}the "
                             "supervisor{% endif %}", "Precaution", [
        ["**{% if open_flame %}Fuel, fuel containers, dry grass and other combustibles kept away from the flame"
         "{% elif ignition %}The site owner's hot work permit issued for this task and its conditions read "
         "(permit number: ______){% else %}Combustibles within 11 m (35 ft) removed or covered with "
         "fire-resistant blankets{% endif %}", f"{BOX}"],
        ["**{% if open_flame %}Heaters and torches used in the open only: none in an enclosed space, a vehicle or "
         "a building{% elif ignition %}Each ignition source listed (grinder, cut-off tool, drill, heat gun, a tool "
         "that is not intrinsically safe); nearby drains, vents and openings covered{% elif lease %}Drains, vents "
         "and open ends of lines near the work covered; dry grass cut back or wet down{% else %}Floor and wall "
         "openings, cracks and hidden spaces sealed or protected{% endif %}", f"{BOX}"],
        ["**{% if ignition %}Gas detector bump-tested; LEL and H2S tested at the work and in nearby vessels, "
         "lines and drains (readings: ______), and the detector kept at the work{% else %}Atmosphere tested "
         "where flammable vapours or gases could be present (reading: ______){% endif %}", f"{BOX}"],
        ["**Charged fire extinguisher at the work; fire watch named below", f"{BOX}"],
        ["**{% if open_flame %}Cylinders, regulators, hoses and fittings inspected and leak-tested{% elif ignition %}"
         "Tools inspected: cords, guards and discs{% elif torches %}Torch, hose, regulator and cylinder inspected; "
         "connections leak-tested{% else %}"
         "Equipment inspected: hoses, regulators, flashback arrestors, leads and ground{% endif %}", f"{BOX}"],
        ["**{% if open_flame %}Cylinders secured upright, away from the flame, traffic and equipment{% elif ignition %}"
         "Spark shields or fire-resistant blankets in place at grinding and cutting{% elif welder %}"
         "Screens or blankets protect others from sparks and arc flash{% else %}"
         "Heat shields or fire-resistant blankets between the flame and combustibles that cannot be moved"
         "{% endif %}", f"{BOX}"],
        ["**Fire alarm or detection isolated only with the owner's written consent", f"{BOX} N/A"],
    ])
    add_hazard_list(document, "Hazards of this work")
    add_label(document, "Fire watch: {% if open_flame %}the worker tending the flame, until it is out and the "
                        "area is checked for smouldering{% elif ignition %}as the site owner's permit sets, and "
                        "until the area is checked for smouldering and hot spots{% else %}stays at least 60 "
                        "minutes after the work ends{% endif %}")
    add_table(document, [2.2, 1.4, 1.4, 1.5], header=["Fire watch (name)", "Work ended", "Watch ended",
                                                      "Area checked (initials)"], blank=2)
    add_signoff(document, [("Permit issued by ({% if solo %}owner{% else %}supervisor{% endif %})",
                            "{{ supervisor.name }}"),
                           ("Hot work done by", ""),
                           ("Permit closed after final check", "")])
    add_footer_note(document)


def write_ground_disturbance_permit(document: Document) -> None:
    add_header_block(document, [["**Dig location ({{ dig_where }})", "", "**Permit valid from / to",
                                 ""],
                                ["**Work to be done", "", "**Locate request numbers and expiry", ""]])
    add_checklist(document, "Before digging starts: checked by {% if solo %}the owner, who digs{% else %}the "
                            "supervisor with the operator{% endif %}", "Check", [
        ["**Locates for every buried facility on site, current, and marked on the ground", f"{BOX}"],
        ["**Locate marks and the tolerance zone walked {% if solo %}before getting on the machine{% else %}with "
         "the operator{% endif %}", f"{BOX}"],
        ["**Facility owners' conditions met (crossing or proximity agreement, owner present)", f"{BOX} N/A"],
        ["**Within the tolerance zone: services exposed by hand or hydrovac before machine digging", f"{BOX}"],
        ["**Overhead power lines identified and the limits of approach marked", f"{BOX} N/A"],
        ["**Protective system chosen for the depth and soil (sloping, benching, shoring or trench box), in place "
         "before anyone enters the excavation; no one waives it", f"{BOX} N/A: no one enters"],
        ["**Spoil and equipment set back from the edge; access and exit for workers in the excavation", f"{BOX}"],
        ["**Atmosphere tested where gas could collect in the excavation", f"{BOX} N/A"],
    ])
    add_hazard_list(document, "Hazards of this dig")
    add_table(document, [2.2, 4.3], [
        ["**Depth planned (m) and soil type", ""],
        ["**Equipment used", ""],
        ["**If a facility is hit: stop, keep people away, call the owner and 911 where gas or power is released",
         ""],
    ], keep=True)
    add_crew_briefing(document, "{% if solo %}Others on site (a subcontractor, other trades, the client) told of "
                                "the dig and the locates{% else %}Crew: I was briefed on the locates and this "
                                "permit{% endif %}", "Role", blank=4)
    add_signoff(document, [("Permit issued by ({% if solo %}owner, who digs{% else %}supervisor{% endif %})",
                            "{{ supervisor.name }}"),
                           ("{% if solo %}Locates and marks checked again before the first cut{% else %}Equipment "
                            "operator{% endif %}", ""),
                           ("Permit closed: excavation backfilled or protected", "")])
    add_footer_note(document)


def write_confined_space_entry_permit(document: Document) -> None:
    add_header_block(document, [["**Confined space and location", "", "**Permit valid from / to", ""],
                                ["**Work to be done", "", "**Entry supervisor", "{{ supervisor.name }}"]])
    add_checklist(document, "Before entry: checked by the entry supervisor", "Precaution", [
        ["**The space's hazard assessment and entry plan reviewed with the entry crew", f"{BOX}"],
        ["**Piping, energy and moving parts isolated and locked out (lockout permit no. ______)", f"{BOX} N/A"],
        ["**Space ventilated (method: ______________) and kept ventilated during entry", f"{BOX}"],
        ["**Atmosphere tested in order: oxygen, flammable gases, then toxic gases (readings below)", f"{BOX}"],
        ["**Gas detector bump-tested today{% if detectors %} ({{ detectors | join(', ') }}){% endif %}", f"{BOX}"],
        ["**Attendant posted outside, in contact with the entrants, with no other duties", f"{BOX}"],
        ["**Rescue plan in place: rescue equipment at the entrance and rescuers named below", f"{BOX}"],
        ["**Entry equipment (harness, retrieval line, tripod) and PPE inspected", f"{BOX} N/A"],
    ])
    add_hazard_list(document, "Hazards of this space")
    add_label(document, "Atmospheric tests: before entry and at the intervals the entry plan sets")
    add_table(document, [0.9, 1.0, 1.1, 1.0, 1.0, 1.5],
              [["**Acceptable range (from the entry plan)", "", "", "", "", ""]],
              header=["Time", "Oxygen %", "Flammable % LEL", "H2S ppm", "CO ppm", "Tested by"], blank=5)
    add_label(document, "Entrants: every entry and exit is logged by the attendant")
    add_table(document, [2.6, 1.3, 1.3, 1.3], header=["Entrant (print)", "Time in", "Time out", "Attendant"],
              blank=6)
    add_table(document, [2.2, 4.3], [
        ["**Attendants", ""],
        ["**Rescuers and rescue equipment", ""],
        ["**How the alarm is raised; 911 and the site address", ""],
    ], keep=True)
    add_signoff(document, [("Permit issued by (entry supervisor)", "{{ supervisor.name }}"),
                           ("Attendant", ""), ("Permit closed: all entrants out, space secured", "")])
    add_footer_note(document)


def write_lockout_permit(document: Document) -> None:
    add_header_block(document, [["**Equipment or system", "", "**Location", ""],
                                ["**Work to be done", "", "**Lockout procedure used", ""]])
    add_label(document, "Energy sources and isolation points (from the equipment's lockout procedure)")
    add_table(document, [2.2, 2.0, 1.1, 1.2], header=["Energy source", "Isolation point", "Lock / tag no.",
                                                      "Isolated by"], rows=[
        [f"{BOX} Electrical  {BOX} Pneumatic  {BOX} Hydraulic", "", "", ""],
        [f"{BOX} Mechanical  {BOX} Thermal  {BOX} Chemical  {BOX} Gravity", "", "", ""],
    ], blank=4)
    add_checklist(document, "Before work starts", "Step", [
        ["**{% if solo %}Everyone the shutdown affects (occupants, other trades, the general contractor) told the "
         "equipment is being shut down and locked out{% else %}Affected workers told the equipment is being shut down "
         "and locked out{% endif %}", f"{BOX}"],
        ["**Stored energy released or blocked (pressure bled, parts lowered or blocked, capacitors discharged)",
         f"{BOX}"],
        ["**Tried at the normal controls: zero energy confirmed (how: ______________)", f"{BOX}"],
        ["**Controls returned to off after the try", f"{BOX}"],
    ])
    add_label(document, "Personal locks: each worker applies and removes their own")
    add_table(document, [2.3, 1.0, 1.0, 1.0, 1.2], header=["Worker (print)", "Lock no.", "Lock on",
                                                           "Lock off", "Initials"], blank=6)
    add_checklist(document, "Before the equipment is restarted", "Step", [
        ["**Tools and materials removed; guards replaced", f"{BOX}"],
        ["**{% if solo %}No one at or near the equipment, and those affected told it is being restarted{% else %}"
         "Every worker clear and told the equipment is being restarted{% endif %}", f"{BOX}"],
        ["**Every lock removed by the worker who applied it", f"{BOX}"],
    ])
    add_signoff(document, [("{% if solo %}Lockout applied by{% else %}Lockout supervised by{% endif %}",
                            "{{ supervisor.name }}"), ("Equipment released by", "")])
    add_footer_note(document)


def write_lift_plan(document: Document) -> None:
    add_header_block(document, [["**Load and lift", "", "**Lift date and time", ""],
                                ["**Lifting device", "{{ devices | join(', ') }}", "**Person directing the lift",
                                 ""]])
    add_label(document, "The load and the lifting device")
    add_table(document, [3.4, 3.1], [
        ["**Load weight, with rigging (kg)", ""],
        ["**Rated capacity of the lifting device at this radius or set-up (kg)", ""],
        ["**Load as a share of rated capacity (%)", ""],
        ["**Centre of gravity and pick points", ""],
        ["**Anchor point or attachment, and its rating", ""],
    ], keep=True)
    add_label(document, "Rigging")
    add_table(document, [2.4, 1.2, 1.2, 1.7], header=["Sling or hardware", "Rated load", "Sling angle",
                                                      "Inspected (initials)"], blank=4)
    add_checklist(document, "The lift area", "Check", [
        ["**Ground or support under the lifting device firm, level and able to carry the load", f"{BOX}"],
        ["**Overhead power lines identified; limits of approach kept (distance: ______ m)", f"{BOX} N/A"],
        ["**Lift path and landing area clear, with blocking to land the load on", f"{BOX}"],
        ["**Area below the lift barricaded; no one under the load", f"{BOX}"],
        ["**Taglines fitted where the load can swing", f"{BOX} N/A"],
        ["**One person directs the lift; signals (hand or radio) agreed with the operator", f"{BOX}"],
        ["**{% if crane %}Critical lift (near capacity, over occupied areas, two cranes or near power lines): "
         "critical lift plan reviewed by a qualified person{% else %}Weather and wind checked{% endif %}",
         f"{BOX} N/A"],
    ])
    add_crew_briefing(document, "{% if solo %}Others on the lift{% else %}Lift crew{% endif %}: I was briefed on this "
                                "plan",
                      "Role (operator, rigger, signaller)", blank=5)
    add_signoff(document, [(f"Lift planned by (qualified rigger or {IN_CHARGE})", ""),
                           APPROVED_BY])
    add_footer_note(document)


def write_traffic_control_plan(document: Document) -> None:
    add_header_block(document, [["**Road and location (from / to)", "", "**Plan valid from / to", ""],
                                ["**Work to be done", "", "**Road authority and approval no.", ""]])
    add_label(document, "The road and the work zone")
    add_table(document, [3.4, 3.1], [
        ["**Posted speed and lanes affected", ""],
        ["**Traffic volume and time of day (day / night)", ""],
        ["**Layout used (manual, name and figure no.)", ""],
        ["**Devices: advance warning signs, cones or barrels, barriers, signals, attenuator", ""],
        ["**Detour, lane closure or flagging, and where site equipment enters and leaves", ""],
    ], keep=True)
    add_checklist(document, f"Before work starts: checked by the {IN_CHARGE}", "Check", [
        ["**Plan approved by the road authority where it requires approval", f"{BOX} N/A"],
        ["**Signs and devices set up in the direction of traffic, at the layout's spacing", f"{BOX}"],
        ["**Trained {{ traffic_controllers }}, equipped, in radio contact, with sight lines and escape routes checked",
         f"{BOX} N/A"],
        ["**High-visibility apparel of the class the speed and light call for", f"{BOX}"],
        ["**Lighting and retroreflective devices for night work or poor visibility", f"{BOX} N/A"],
        ["**Layout driven through and corrected where practicable", f"{BOX} N/A"],
    ])
    add_hazard_list(document, "Hazards of this work zone")
    add_crew_briefing(document, "Traffic control persons{% if not solo %} and crew{% endif %}: I was briefed on this "
                                "plan",
                      "Role ({{ traffic_controller }}, set-up{% if not solo %}, crew{% endif %})", blank=5)
    add_signoff(document, [(f"Plan prepared by ({IN_CHARGE})", "{{ supervisor.name }}"),
                           ("Devices removed in reverse order; plan closed", "")])
    add_footer_note(document)


def write_silica_exposure_control_plan(document: Document) -> None:
    add_header_block(document, [["**Silica work on this site", "", "**Reviewed on", ""]])
    add_note(document, "List every task on this site that makes silica dust (cutting, grinding, drilling, chipping, "
                       "mixing, sweeping) before the work starts, with the controls for each. Workers check this "
                       "plan for their task before starting it.")
    add_label(document, "Tasks and their controls")
    add_table(document, [1.35, 1.15, 1.4, 1.3, 1.3],
              header=["Task (material, tool)", "Method (wet, vacuum, enclosure)", "Engineering controls",
                      "Respirator (type, filter)", "Housekeeping"], blank=6)
    add_label(document, "Dust controls this program lists: tick those used on this site")
    add_table(document, [6.5], [Tag("for c in controls"), [f"{BOX} {{{{ c }}}}"], Tag("endfor")], tall=False)
    add_label(document, "Before the work starts")
    add_table(document, [5.3, 1.2], [
        ["**Each worker doing a listed task knows its controls and has read this plan", f"{BOX}"],
        ["**Respirators fit-tested to the worker who wears them; wearers clean-shaven where the seal meets the "
         "face", f"{BOX}"],
        ["**Water supply, shrouds and HEPA vacuums checked and working", f"{BOX}"],
        ["**Work area marked and restricted; other workers and the public kept away or upwind", f"{BOX}"],
        ["**No dry sweeping or compressed air: wet methods or a HEPA vacuum for clean-up", f"{BOX}"],
        ["**Washing facilities for hands and face; dusty clothing not taken home", f"{BOX}"],
    ], header=["Check", "Done"], centered=(1,), keep=True)
    add_label(document, "{% if solo %}Who does the work, and others on site told of this plan{% else %}Workers "
                        "briefed on this plan{% endif %}")
    add_table(document, [2.4, 1.8, 1.3, 1.0], header=["Name (print)", "Tasks", "Fit test date", "Signature"],
              blank=5)
    add_label(document, "Reviews: when a task, tool, material or control changes, and after a control fails")
    add_table(document, [1.2, 3.3, 2.0], header=["Date", "What changed", "Reviewed by"], blank=3)
    add_signoff(document, [("Plan prepared by (competent person)", ""),
                           APPROVED_BY])
    add_footer_note(document)


def write_working_alone_check_in_log(document: Document) -> None:
    add_header_block(document, [["**Worker alone", "{{ worker }}", "**Contact person", ""],
                                ["**Worker's phone", "", "**Contact's phone", ""]])
    add_text(document, "Check-in interval: {{ interval }}, more often where this assessment calls for it, and at "
                       "the end of the work.", size=None)
    add_label(document, "Working alone assessment: done for each working alone situation")
    add_table(document, [2.2, 4.3], [
        ["**Location and the work planned", ""],
        ["**Expected finish time", ""],
        ["**Communication (cell coverage checked on arrival, radio or satellite device)", ""],
        ["**Tasks that are never done alone (high risk, or a rescue needs a second person)", ""],
        ["**Check-in interval for this work, if shorter than the program's", ""],
        ["**Nearest hospital and how emergency services find the site", ""],
    ], keep=True)
    add_label(document, "Hazards of working alone here")
    add_table(document, [6.5], [Tag("for h in hazards"), [f"{BOX} {{{{ h }}}}"], Tag("endfor")], tall=False)
    add_label(document, "Check-in log: kept by the contact person")
    add_table(document, [0.9, 0.8, 2.2, 1.6, 1.0], header=["Date", "Time", "Where (site, or leaving, home)",
                                                           "All well / help needed", "Contact (initials)"],
              blank=14)
    add_label(document, "Missed check-ins: what the contact person did")
    add_table(document, [0.9, 0.9, 3.2, 1.5], header=["Date", "Time missed", "Action taken",
                                                      "Worker reached at"], blank=2)
    add_signoff(document, [("Assessed by", "{{ supervisor.name }}"), ("Worker", "{{ worker }}"),
                           ("Contact person", "")])
    add_footer_note(document)


def write_energized_work_permit(document: Document) -> None:
    add_header_block(document, [["**Equipment and location", "", "**Permit valid from / to", ""],
                                ["**Work to be done", "", "**Voltage and source", ""]])
    add_table(document, [2.2, 4.3], [
        ["**Why the work cannot be done de-energized (or why de-energizing creates a greater hazard)", ""],
    ], keep=True)
    add_label(document, "Shock and arc-flash risk assessment (CSA Z462, the company's standard)")
    add_table(document, [2.2, 4.3], [
        ["**Source of the data (equipment label, arc-flash study, CSA Z462 tables)", ""],
        ["**Limited approach boundary", ""],
        ["**Restricted approach boundary", ""],
        ["**Arc-flash boundary", ""],
        ["**Arc-rated PPE category or incident energy, and the PPE worn", ""],
        ["**Rubber insulating gloves: class and test date", ""],
    ], keep=True)
    add_checklist(document, "Before work starts: checked by {% if solo %}the qualified person with the second "
                  "qualified person{% else %}the supervisor with the workers{% endif %}", "Precaution", [
        ["**Workers doing the task are qualified and trained for it", f"{BOX}"],
        ["**Boundary marked with barriers or tape; others kept outside it", f"{BOX}"],
        ["**Insulated tools and a tester rated for the voltage; tester checked on a known source", f"{BOX}"],
        ["**Second qualified person standing by, trained in rescue and first aid", f"{BOX}"],
        # only for a solar trade, as the electrical module's PV items (review 16: an oilfield electrician got it)
        Tag("if solar"), ["**PV strings isolated or the array covered", f"{BOX}"], Tag("endif"),
    ])
    add_hazard_list(document, "Hazards of this work")
    add_crew_briefing(document, "{% if solo %}Others on site (the standby, other trades){% else %}Workers{% endif %}: "
                      "I was briefed on this permit and the boundaries", "Role", blank=3)
    # a one-person company's owner does not approve his own permit: the standby reviews and signs it
    add_signoff(document, [
        ("{% if solo %}Qualified person doing the work{% else %}Permit approved by (supervisor){% endif %}",
         "{% if solo %}{{ worker }}{% else %}{{ supervisor.name }}{% endif %}"),
        ("{% if solo %}Permit reviewed and signed by the second qualified person (standby){% else %}Qualified worker"
         "{% endif %}", ""),
        ("Permit closed: equipment closed up, no flash or shock", "")])
    add_footer_note(document)


def write_journey_plan(document: Document) -> None:
    # the header block has the date already (review 14: a doubled "Date")
    add_header_block(document, [["**Driver", "", "**Passengers", ""],
                                ["**Vehicle", "{{ vehicles | join(', ') }}", "**Unit number", ""]])
    add_table(document, [2.2, 4.3], [
        ["**Destination: lease or site, and its legal land description (LSD)", ""],
        ["**Route (highways, grid and lease roads), and the road and weather forecast", ""],
        ["**Leaving at (time) and expected arrival (time)", ""],
        ["**Expected return or next destination, and time", ""],
        ["**Journey contact (name and phone)", ""],
        ["**Communication: cell coverage along the route, radio or satellite device", ""],
    ], keep=True)
    add_checklist(document, "Before leaving: checked by the driver", "Check", [
        ["**Vehicle checked: tires, lights, fluids, brakes, no warning lights", f"{BOX}"],
        ["**First aid kit, survival kit, fire extinguisher and spare tire in the vehicle", f"{BOX}"],
        ["**Driver rested and fit to drive; road and weather fit to travel", f"{BOX}"],
        ["**Emergency: site emergency number, nearest hospital and how 911 finds the lease", f"{BOX}"],
    ])
    add_hazard_list(document, "Hazards of this trip")
    add_label(document, "Check-ins: on arrival, on leaving the lease and whenever the plan changes")
    add_table(document, [0.9, 0.8, 2.2, 1.6, 1.0], header=["Date", "Time", "Where (arrived, leaving, changed)",
                                                           "All well / help needed", "Contact (initials)"],
              blank=6)
    add_label(document, "Missed check-in: what the journey contact did")
    add_table(document, [0.9, 0.9, 3.2, 1.5], header=["Date", "Time missed", "Action taken",
                                                      "Driver reached at"], blank=2)
    add_signoff(document, [("Driver", ""), ("Journey contact", ""), ("Journey plan closed on return", "")])
    add_footer_note(document)


WRITERS: dict[str, Callable[[Document], None]] = {
    "flha": write_flha,
    "fall_protection_plan": write_fall_protection_plan,
    "ground_disturbance_permit": write_ground_disturbance_permit,
    "confined_space_entry_permit": write_confined_space_entry_permit,
    "hot_work_permit": write_hot_work_permit,
    "lockout_permit": write_lockout_permit,
    "lift_plan": write_lift_plan,
    "traffic_control_plan": write_traffic_control_plan,
    "silica_exposure_control_plan": write_silica_exposure_control_plan,
    "working_alone_check_in_log": write_working_alone_check_in_log,
    "energized_work_permit": write_energized_work_permit,
    "journey_plan": write_journey_plan,
}
