"""The plans written for one job or one space that a hazard module makes mandatory: the pressure test plan and
record, the confined space hazard assessment and entry plan, the breathing apparatus work and rescue plan (H2S)
the concrete pour plan and the demolition plan; and a scaffolding company's inspection and tag record for each
erected scaffold.

Written by `python -m pipeline.program.form_templates` with the blocks in `form_blocks` and the permit blocks
in `permit_forms`. Each appears only in programs whose hazard module makes it mandatory (forms.FORM_MODULES).
No form states a limit, pressure, rate or concentration the legislation data does not give: those come from
the design, the engineer, the licensee or the province's rules, and the form leaves a line for them.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document

from .form_blocks import (
    BOX,
    FULL,
    Tag,
    add_footer_note,
    add_header_block,
    add_label,
    add_note,
    add_signoff,
    add_table,
    add_tag,
)
from .permit_forms import APPROVED_BY, add_checklist, add_crew_briefing, add_hazard_list


def write_pressure_test_plan(document: Document) -> None:
    add_header_block(document, [["**Line, well or equipment tested (line no., from / to)", "",
                                 "**Size, material, length or rating", ""],
                                ["**Design, specification or operator's work permit the test comes from", "",
                                 "**Person in charge of the test", ""]])
    add_note(document, "The test medium, pressure and hold time come from the design, the code the engineer or "
                       "the client names, the owner's specification, or for a well or flowline the operator's work "
                       "permit: write them here before the test, never from memory. No one enters the exclusion "
                       "area while the line is under pressure.")
    add_label(document, "The test, as the design, specification or work permit sets it")
    add_table(document, [3.0, 3.5], [
        ["**Test medium", f"{BOX} Water (hydrostatic)  {BOX} Air or gas (pneumatic): why not water: ________"],
        ["**Test pressure (kPa or psi, as the design gives it), and where it is read", ""],
        ["**Hold time at test pressure", ""],
        ["**Stages the pressure is raised in, and the hold at each", ""],
        ["**Relief valve set pressure, and what it protects", ""],
        ["**Acceptance: what counts as a pass (no visible leak, pressure drop allowed)", ""],
    ], keep=True)
    add_checklist(document, "Before the line is pressured: checked by the person in charge", "Check", [
        ["**Line clean, purged of gas or hydrocarbons, and vented at the high points", f"{BOX}"],
        ["**Caps, blinds, hoses and fittings rated for the test pressure", f"{BOX}"],
        ["**Relief valve fitted and set as above", f"{BOX}"],
        ["**Gauges calibrated and in range (listed below)", f"{BOX}"],
        ["**Hose restraints or whip checks at every hose connection", f"{BOX}"],
        ["**Exclusion area marked (distance: ______ m) and clear of everyone not doing the test", f"{BOX}"],
        ["**Test crew briefed on this plan, the signals and what to do if something fails", f"{BOX}"],
    ])
    add_hazard_list(document, "Hazards of this test")
    add_label(document, "Gauges and relief")
    add_table(document, [1.6, 1.5, 1.6, 1.8], header=["Gauge or relief valve no.", "Range or set pressure",
                                                      "Calibration date", "Where on the line"], blank=3)
    add_label(document, "Pressure record: read from outside the exclusion area")
    add_table(document, [0.9, 1.9, 2.2, 1.5], header=["Time", "Stage and pressure read", "Leaks found (where)",
                                                      "Read by"], blank=6)
    add_label(document, "Result")
    add_table(document, [3.0, 3.5], [
        ["**Test pressure held for the hold time", f"{BOX} Yes  {BOX} No"],
        ["**Leaks and repairs (repaired only after the pressure is brought down; then retested)", ""],
        ["**Line depressured, drained and vented before anything was opened", f"{BOX} Yes"],
        ["**Result", f"{BOX} Pass  {BOX} Fail: retest on ________"],
    ], keep=True)
    add_crew_briefing(document, "Test crew: I was briefed on this plan", "Role", blank=4)
    add_signoff(document, [("Test plan prepared by", ""), APPROVED_BY,
                           ("Test witnessed by (owner's or engineer's representative)", ""),
                           ("Result accepted by", "")])
    add_footer_note(document)


def write_confined_space_entry_plan(document: Document) -> None:
    add_header_block(document, [["**Confined space (name, location)", "", "**Owner or operator of the space", ""],
                                ["**What the space is and what it held", "", "**Openings (number, size)", ""]])
    add_note(document, "One assessment and entry plan for each confined space, written by a competent person "
                       "before the first entry and reviewed before each entry (on the entry permit). Where a limit "
                       "depends on the province or the space, write it in from the regulation or the "
                       "space owner's rules.")
    add_label(document, "Hazards of this space: tick those present and write the control for each")
    add_table(document, [3.3, 3.2], [
        Tag("for h in hazards"),
        [f"{BOX} {{{{ h }}}}", ""],
        Tag("endfor"),
    ], header=["Hazard", "Control in this space"], blank=2, tall=False)
    add_label(document, "Atmosphere: acceptable readings for entry and how often they are taken")
    add_table(document, [1.3, 1.3, 1.3, 1.3, 1.3],
              [["", "", "", "", ""]],
              header=["Oxygen %", "Flammable % LEL", "H2S ppm", "CO ppm", "Other: ______"])
    add_table(document, [2.6, 3.9], [
        ["**Gas detector{% if detectors %} ({{ detectors | join(', ') }}){% endif %}", ""],
        ["**Testing during the entry", f"{BOX} Continuous, with alarm  Readings recorded every ______ min"],
        ["**Ventilation (method, and where the fresh air is drawn from)", ""],
        ["**Isolation points (energy, lines blanked or disconnected, inflows blocked)", ""],
    ], keep=True)
    add_label(document, "Entry")
    add_table(document, [2.6, 3.9], [
        ["**How entrants get in and out; retrieval system", f"{BOX} Tripod and winch  {BOX} Davit  {BOX} Not "
                                                            "practicable: why ________"],
        ["**How entrants and the attendant keep in contact", f"{BOX} Voice or sight  {BOX} Radio  {BOX} Other: ____"],
        ["**PPE and respiratory protection for this space", ""],
        ["**Training needed (entrants, attendant, rescuers)", ""],
    ], keep=True)
    add_label(document, "Rescue plan: arranged and ready before anyone enters")
    add_table(document, [2.6, 3.9], [
        ["**Rescue method", f"{BOX} Retrieval from outside (no entry)  {BOX} Entry rescue by a trained team"],
        ["**Rescue team (name, phone) and how soon it can reach the space", ""],
        ["**Rescue equipment at the entrance", ""],
        ["**How the alarm is raised; 911 and the site address", ""],
    ], keep=True)
    add_label(document, "Reviews: before each entry, and when the space, its contents or the work change")
    add_table(document, [1.2, 3.3, 2.0], header=["Date", "What changed", "Reviewed by"], blank=3)
    add_signoff(document, [("Assessed by (competent person)", ""),
                           APPROVED_BY])
    add_footer_note(document)


def write_breathing_apparatus_rescue_plan(document: Document) -> None:
    add_header_block(document, [["**Lease, well or facility (legal land description)", "",
                                 "**Breathing apparatus (SCBA or supplied air)", ""],
                                ["**Work that needs breathing apparatus", "", "**Licensee or site contact", ""]])
    add_note(document, "For any work where breathing apparatus is needed. The H2S concentrations and the site's "
                       "rules come from the licensee or site owner and its emergency response plan: write them "
                       "in. No one works on breathing apparatus without a trained standby person.")
    add_checklist(document, "Before the work starts: checked by the supervisor with the crew", "Check", [
        ["**The licensee's emergency response plan and site orientation reviewed with the crew", f"{BOX}"],
        ["**H2S expected (source and concentration, from the licensee): ________", f"{BOX}"],
        ["**Wind direction checked (windsock); upwind muster point and escape route agreed", f"{BOX}"],
        ["**Breathing apparatus (SCBA or supplied air) inspected, cylinders full, face pieces fit-tested to the "
         "wearers", f"{BOX}"],
        ["**Standby person trained, with a breathing apparatus ready to don, in sight of the workers", f"{BOX}"],
        ["**Personal H2S monitors bump-tested and worn; area monitor set up", f"{BOX}"],
        ["**Signals between the workers and the standby person agreed", f"{BOX}"],
    ])
    add_hazard_list(document, "Hazards of this work")
    add_label(document, "Rescue plan")
    add_table(document, [2.6, 3.9], [
        ["**Standby person (name) and rescue partner", ""],
        ["**Rescue method (breathing apparatus on before approaching, approach from upwind, casualty moved to "
         "clean air)", ""],
        ["**Rescue and first aid equipment at the site (oxygen, stretcher, spare breathing apparatus)", ""],
        ["**Emergency numbers: 911, the licensee's emergency line; the legal land description to give", ""],
        ["**Nearest medical help and how an ambulance finds the site", ""],
    ], keep=True)
    add_crew_briefing(document, "Crew: I was briefed on this plan", "Role (worker, standby, supervisor)", blank=5)
    add_signoff(document, [("Plan made by (supervisor)", "{{ supervisor.name }}"), ("Standby person", "")])
    add_footer_note(document)


def write_concrete_pour_plan(document: Document) -> None:
    add_header_block(document, [["**Pour (location, element)", "", "**Pour start time", ""],
                                ["**Volume and mix", "", "**Drawings or engineer's design", ""]])
    add_label(document, "The pour")
    add_table(document, [3.0, 3.5], [
        ["**Placing rate (from the formwork design or the engineer)", ""],
        ["**Placing method", f"{BOX} Pump  {BOX} Bucket  {BOX} Chute  {BOX} Other: ________"],
        ["**Pump or bucket location, and the pump operator's company", ""],
        ["**Who signals the pump or crane operator; hand signals or radio channel", ""],
        ["**Areas kept clear during the pour (under forms and shoring, under the boom or bucket)", ""],
        ["**Who watches the forms during the pour, with authority to stop it", ""],
    ], keep=True)
    add_checklist(document, "Pre-pour check: before concrete is placed", "Check", [
        ["**Formwork, shoring and bracing checked against the drawings or the manufacturer's instructions "
         "(spacing, ties, base plates and sills on firm ground)", f"{BOX}"],
        ["**Exposed rebar ends and dowels capped or covered", f"{BOX}"],
        ["**Edge protection and access on the deck and wall forms", f"{BOX}"],
        ["**Pump set-up: outriggers on firm ground, line and end hose secured, couplings pinned, whip restraints",
         f"{BOX} N/A"],
        ["**Overhead power lines identified; the boom kept outside the limits of approach (distance: ______ m)",
         f"{BOX} N/A"],
        ["**Placing crew briefed on this plan and the stop signal", f"{BOX}"],
    ])
    add_crew_briefing(document, "Placing crew: I was briefed on this plan", "Role (hose, vibrator, screed, "
                      "signaller)", blank=5)
    add_signoff(document, [("Pre-pour check signed by (competent person)", ""),
                           ("Pour approved by (supervisor)", "{{ supervisor.name }}")])
    add_footer_note(document)


def write_demolition_plan(document: Document) -> None:
    add_header_block(document, [["**Site and area (floor, rooms, structure)", "", "**Start date", ""],
                                ["**Drawings, survey or engineer's advice used", "", "**Supervisor in charge", ""]])
    add_note(document, "No demolition starts in this area until this plan is written, every check below is ticked "
                       "and the plan is signed. Floor loads and supports come from the structure's drawings or the "
                       "engineer, written here, never guessed. Work stops when the structure moves or cracks, or "
                       "when a live service or a material not in the survey is found.")
    add_label(document, "Sequence and structure")
    add_table(document, [3.0, 3.5], [
        ["**Sequence of removal, from the top down (what comes out first, next, last)", ""],
        ["**Load-bearing walls, beams, columns, stairs and slabs, and what each carries", ""],
        ["**Shoring and temporary supports, put in before which step, and by whom", ""],
        ["**Floor loading: what each floor carries (from the drawings or the engineer) and the most debris "
         "or machine allowed on it", ""],
        ["**Machines used, and the floors they work on (engineer's advice for a suspended floor)", ""],
    ], keep=True)
    add_label(document, "Services and hazardous materials")
    services = [["Electrical", f"{BOX}", "", f"{BOX}"], ["Gas", f"{BOX} N/A", "", f"{BOX}"],
                ["Water and sprinklers", f"{BOX} N/A", "", f"{BOX}"],
                ["Steam, fuel or other: ______", f"{BOX} N/A", "", f"{BOX}"]]
    add_table(document, [2.2, 1.4, 1.6, 1.3], services, centered=(1, 3),
              header=["Service", "Disconnected", "By whom (owner, utility)", "Checked dead"])
    add_checklist(document, "Before work starts: checked by the supervisor", "Check", [
        ["**Owner's hazardous materials survey seen for this area (date, by whom: ____________)", f"{BOX}"],
        ["**Abatement cleared by the abatement contractor for this area, or no hazardous material found",
         f"{BOX}"],
        ["**Debris route and chute: chute enclosed, gate at the bottom, drop zone barricaded", f"{BOX} N/A"],
        ["**Floor openings covered (secured, marked) or guarded", f"{BOX}"],
        ["**Exclusion zones barricaded and signed (below the work, the drop zone, a machine's reach)", f"{BOX}"],
        ["**Dust and noise controls in place (water, HEPA extraction, negative air, hearing protection)", f"{BOX}"],
    ])
    add_hazard_list(document, "Hazards this plan addresses")
    add_crew_briefing(document, "Crew: I was briefed on this plan and the stop-work signs", "Role", blank=6)
    add_signoff(document, [("Plan made by (supervisor)", "{{ supervisor.name }}"), ("Reviewed by", "")])
    add_footer_note(document)


# the inspections one scaffold's record has room for, each a column of the checklist and a line of the log
SCAFFOLD_INSPECTIONS = 6


def write_scaffold_inspection_record(document: Document) -> None:
    add_header_block(document, [["**Scaffold no. or tag no.", "", "**Location on site (grid, elevation, face)", ""],
                                ["**Scaffold type (system, frame, other)", "", "**Erected by (foreman)", ""],
                                ["**Duty rating", f"{BOX} Light  {BOX} Medium  {BOX} Heavy", "**Date erected", ""],
                                ["**Engineer's design (drawing no.)", f"{BOX} N/A  ________",
                                 "**Height, lifts and bays", ""]])
    add_note(document, "One record for each erected scaffold, kept with it or at the site office until it is "
                       "dismantled. The competent supervisor inspects it before first use (the handover), each week "
                       "while it stands, and after any alteration, high wind or storm, ticks each check (✓ OK, ✗ "
                       "defect), and sets the tag: green (safe to use), yellow (use with the conditions written on "
                       "the tag), red (do not use). No one but the company's scaffolders alters the scaffold.")
    columns = [str(n) for n in range(1, SCAFFOLD_INSPECTIONS + 1)]
    widths = [0.45] * SCAFFOLD_INSPECTIONS
    check_rows = [Tag("for item in sc['items']"), ["{{ item }}", *[""] * SCAFFOLD_INSPECTIONS], Tag("endfor")]
    add_tag(document, "for sc in scaffolds")
    add_label(document, "Checks for {{ sc.name }} (each column is one inspection in the log below)")
    add_table(document, [FULL - sum(widths), *widths], check_rows, header=["Check", *columns],
              centered=range(1, SCAFFOLD_INSPECTIONS + 1))
    add_tag(document, "endfor")
    add_tag(document, "if not scaffolds")
    add_label(document, "Checks (each column is one inspection in the log below)")
    add_table(document, [FULL - sum(widths), *widths], header=["Check", *columns], blank=8,
              centered=range(1, SCAFFOLD_INSPECTIONS + 1))
    add_tag(document, "endif")
    add_label(document, "Inspections and tag")
    add_table(document, [0.35, 0.8, 1.5, 1.05, 1.1, 1.7], [
        [n, "", f"{BOX} First use  {BOX} Weekly  {BOX} Altered  {BOX} Wind or storm", "",
         f"{BOX} G {BOX} Y {BOX} R", ""] for n in columns],
        header=["No.", "Date", "Reason", "Inspected by", "Tag", "Conditions on the tag, defects and action"],
        centered=(0,))
    add_signoff(document, [("Handed over by (competent supervisor)", "{{ supervisor.name }}"),
                           ("Received by (user's supervisor)", ""), ("Dismantled (date, foreman)", "")])
    add_footer_note(document)


WRITERS: dict[str, Callable[[Document], None]] = {
    "pressure_test_plan": write_pressure_test_plan,
    "confined_space_entry_plan": write_confined_space_entry_plan,
    "breathing_apparatus_rescue_plan": write_breathing_apparatus_rescue_plan,
    "concrete_pour_plan": write_concrete_pour_plan,
    "demolition_plan": write_demolition_plan,
    "scaffold_inspection_record": write_scaffold_inspection_record,
}
