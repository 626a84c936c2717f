"""The permit and plan forms, and the FLHA: the templates for what the program makes mandatory on site.

Written by `python -m pipeline.program.form_templates` with the shared building blocks there. The hot work
permit and the fall protection plan (with its rescue plan) appear only in programs whose hazard modules call
for them (forms.FORM_MODULES). The FLHA breaks the task into steps, rates each hazard's risk with the same
likelihood × severity scale as the program's formal hazard assessment (explained on the form), and closes
out at the end of the shift.
"""

from __future__ import annotations

from docx.document import Document

from .form_templates import (
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

RISK_SCALE = ("Risk = likelihood × severity, each from 1 to 4. Likelihood: 1 rare, 2 unlikely, 3 possible, "
              "4 likely. Severity: 1 first aid only, 2 medical aid, 3 lost time or fracture, 4 death or permanent "
              "disability. 12 to 16 high: stop, control it before anyone starts and tell the supervisor. "
              "6 to 9 medium: control it before the step starts. 1 to 4 low: the safe work practices control it.")


def write_flha(document: Document) -> None:
    add_header_block(document, [["**Task", "", "**Supervisor", ""],
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
    add_label(document, "Worker sign-on: I took part in this assessment and understand the controls")
    add_table(document, [2.3, 2.2, 1.0, 1.0], header=["Worker name (print)", "Signature", "Time in", "Time out"],
              blank=8)
    add_label(document, "End-of-shift close-out")
    add_table(document, [3.0, 3.5], [
        ["**Work area left safe (housekeeping, equipment secured, openings covered)", f"{BOX} Yes  {BOX} No: ______"],
        ["**Incidents or near misses today", f"{BOX} None  {BOX} Yes: report no. ________"],
        ["**Hazards left for the next shift, and how they are marked", ""],
        ["**Permits closed", f"{BOX} Yes  {BOX} None used"],
    ], keep=True)
    add_signoff(document, [("Supervisor (reviewed)", ""), ("Conditions changed: reassessed by", ""),
                           ("Closed out at end of shift by", "")])
    add_footer_note(document)


def write_fall_protection_plan(document: Document) -> None:
    add_header_block(document, [["**Work area and task", "", "**Plan valid until", ""]])
    add_text(document, "The law: {{ legal_rule }}{% if citation %} ({{ citation }}){% endif %}"
                       "{% if unverified %} (unverified: confirm against the current official text){% endif %}",
             size=None)
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
        ["**Workers trained in fall protection for this plan", ""],
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
    add_signoff(document, [("Prepared by (competent person)", ""), ("Supervisor", "{{ supervisor.name }}"),
                           ("Workers briefed (initials on the FLHA)", "")])
    add_footer_note(document)


def write_hot_work_permit(document: Document) -> None:
    add_header_block(document, [["**Work to be done", "", "**Permit valid from / to", ""],
                                ["**Exact location", "", "**Equipment", "{{ equipment | join(', ') }}"]])
    add_label(document, "Before work starts: checked by the supervisor")
    add_table(document, [5.3, 1.2], [
        ["**Combustibles within 11 m (35 ft) removed or covered with fire-resistant blankets", f"{BOX}"],
        ["**Floor and wall openings, cracks and hidden spaces sealed or protected", f"{BOX}"],
        ["**Atmosphere tested where flammable vapours or gases could be present (reading: ______)", f"{BOX}"],
        ["**Charged fire extinguisher at the work; fire watch named below", f"{BOX}"],
        ["**Equipment inspected: hoses, regulators, flashback arrestors, leads and ground", f"{BOX}"],
        ["**Screens or blankets protect others from sparks and arc flash", f"{BOX}"],
        ["**Fire alarm or detection isolated only with the owner's written consent", f"{BOX} N/A"],
    ], header=["Precaution", "Done"], centered=(1,), keep=True)
    add_label(document, "Hazards of this work")
    add_table(document, [6.5], [Tag("for h in hazards"), [f"{BOX} {{{{ h }}}}"], Tag("endfor")], tall=False)
    add_label(document, "Fire watch: stays at least 60 minutes after the work ends")
    add_table(document, [2.2, 1.4, 1.4, 1.5], header=["Fire watch (name)", "Work ended", "Watch ended",
                                                      "Area checked (initials)"], blank=2)
    add_signoff(document, [("Permit issued by (supervisor)", "{{ supervisor.name }}"), ("Hot work done by", ""),
                           ("Permit closed after final check", "")])
    add_footer_note(document)
