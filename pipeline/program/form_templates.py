"""Write the forms' docxtpl templates: `python -m pipeline.program.form_templates` (commit the .docx files it writes).

Each template starts from the house reference.docx with its body cleared, so the forms carry exactly the
program's styles and docxcompose has nothing to rename when it appends them. A form is: a page break and a
"Heading 2" title (it lands in the table of contents under "Appendix: Forms"), a header block (company,
project or site, date, completed by), bordered tables in the "Table" style with rows to fill in by hand,
and sign-off lines. Lists from the plan are docxtpl row loops (`{%tr for … %}`), paragraph loops
(`{%p for … %}`) for repeated tables; intake text only ever enters through `{{ … }}`.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx.document import Document

from .. import language
from .form_blocks import (  # noqa: F401  (re-exported: the blocks keep their import path here)
    BOX,
    BOX_FONT,
    CELL_SIZE,
    DAYS,
    FULL,
    NOTE_SIZE,
    ROW_HEIGHT,
    Row,
    Span,
    Tag,
    add_footer_note,
    add_header_block,
    add_label,
    add_note,
    add_signoff,
    add_table,
    add_tag,
    add_text,
    add_title,
    blank_document,
    pair_rows,
)
from .forms import FORM_IDS, FORMS_DIR, form_path

ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same script writes byte-identical templates


# -- the forms -------------------------------------------------------------------------------------------


def write_policy_signoff(document: Document) -> None:
    add_header_block(document)
    add_text(document, "By signing below, I confirm that I have read {{ company }}'s Health and Safety Policy, "
                       "that it was explained to me, that I had the chance to ask questions, and that I will "
                       "follow it. I know I may refuse work I believe is unsafe, and that I must report "
                       "hazards, injuries and near misses right away.")
    add_label(document, "Policy signed for the company")
    add_table(document, [1.9, 2.0, 1.6, 1.0],
              [["**{{ owner.title }}", "{{ owner.name }}", "", ""]],
              header=["Role", "Name", "Signature", "Date"])
    add_label(document, "Workers' acknowledgement")
    add_table(document, [2.4, 1.6, 1.5, 1.0], header=["Worker name (print)", "Position", "Signature", "Date"],
              blank=17)
    add_footer_note(document)


def write_equipment_pre_use(document: Document) -> None:
    add_header_block(document, [["**Operator", "", "**Week of", ""]])
    add_note(document, "Check each item before the first use of the day. Mark ✓ for OK or ✗ for a defect. "
                       "Equipment with a safety defect is tagged out and not used until it is repaired.")
    day_widths = [0.45] * len(DAYS)
    add_tag(document, "for eq in equipment")
    add_label(document, "{{ eq.name }} ({{ eq.fleet }}). Unit no.: ____________")
    add_table(document, [FULL - sum(day_widths), *day_widths], [
        Tag("for item in eq['items']"),
        ["{{ item }}", *[""] * len(DAYS)],
        Tag("endfor"),
        ["**Operator initials", *[""] * len(DAYS)],
    ], header=["Check", *DAYS], centered=range(1, len(DAYS) + 1))
    add_tag(document, "endfor")
    add_tag(document, "if not equipment")
    add_label(document, "Equipment: ______________________  Unit no.: ____________")
    add_table(document, [FULL - sum(day_widths), *day_widths], header=["Check", *DAYS], blank=8,
              centered=range(1, len(DAYS) + 1))
    add_tag(document, "endif")
    add_label(document, "Defects found and action taken")
    add_table(document, [0.8, 1.5, 2.0, 1.2, 1.0], header=["Date", "Equipment", "Defect", "Action taken",
                                                           "Fixed (date, by)"], blank=4)
    add_signoff(document, [("Operator", ""), ("{% if solo %}Defects repaired and rechecked by{% else %}Supervisor "
                                              "(reviewed){% endif %}", "")])
    add_footer_note(document)


def write_site_inspection(document: Document) -> None:
    add_header_block(document, [["**Inspected by", "", "**Workers on site", ""]])
    add_note(document, "Tick OK, Needs action or N/A for each item. Every item that needs action gets a "
                       "corrective action, a person and a date.")
    widths = [2.3, 0.4, 0.55, 0.4, 1.65, 0.6, 0.6]
    add_table(document, widths, [
        Span("General"),
        Tag("for item in general_items"),
        ["{{ item }}", BOX, BOX, BOX, "", "", ""],
        Tag("endfor"),
        Tag("for g in module_groups"),
        Span("{{ g.title }}"),
        Tag("for item in g['items']"),
        ["{{ item }}", BOX, BOX, BOX, "", "", ""],
        Tag("endfor"),
        Tag("endfor"),
        Span("Other items found"),
        *[["", BOX, BOX, BOX, "", "", ""] for _ in range(3)],
    ], header=["Item", "OK", "Needs action", "N/A", "Corrective action", "Who", "By when"],
        centered=range(1, 4))
    add_signoff(document, [("Inspected by", ""),
                           ("{% if solo %}Shared with (general contractor or client){% else %}Supervisor"
                            "{% endif %}", ""),
                           ("Corrective actions verified by", ""),
                           ("Reviewed by", "{{ coordinator.name }}")])
    add_footer_note(document)


def write_orientation(document: Document) -> None:
    add_header_block(document, [["**Worker", "", "**Start date", ""],
                                ["**Trade / position", "", "**Oriented by", ""]])
    add_note(document, "Cover every item on the worker's first day, before work starts. The person giving the "
                       "orientation and the worker both initial each item.")
    add_table(document, [1.6, 2.7, 0.75, 0.75, 0.7], [
        Tag("for item in items"),
        ["**{{ item.topic }}", "{{ item.detail }}", "", "", ""],
        Tag("endfor"),
    ], header=["Topic", "What is covered", "Explained by", "Worker", "Date"], blank=2)
    add_signoff(document, [("Worker", ""), ("Supervisor", ""), ("Filed by", "{{ keeper.name }}")])
    add_footer_note(document)


def write_training_record(document: Document) -> None:
    add_header_block(document)
    add_note(document, "One row per course or ticket and worker. Attach a copy of each certificate. The first "
                       "rows list the training this company's program requires.")
    add_table(document, [1.55, 2.0, 0.9, 0.85, 0.6, 0.6], [
        Tag("for c in courses"),
        ["**{{ c.name }}", "{{ c.who }}. Renewal: {{ c.renewal }}", "", "", "", ""],
        Tag("endfor"),
    ], header=["Course or ticket", "Who needs it; renewal", "Worker", "Provider", "Date", "Expiry"], blank=8)
    add_signoff(document, [("Recorded by", "{{ keeper.name }}")])
    add_footer_note(document)


def write_toolbox_meeting(document: Document) -> None:
    add_header_block(document, [["**Led by", "", "**Time", ""]])
    add_label(document, "Topics (tick the topics covered)")
    add_table(document, [3.25, 3.25], pair_rows("topic_rows"), tall=False)
    add_label(document, "Topics discussed and key points")
    add_table(document, [2.0, 4.5], header=["Topic", "Key points"], blank=4)
    add_label(document, "Concerns raised by workers")
    add_table(document, [2.3, 1.1, 1.6, 0.8, 0.7], header=["Concern", "Raised by", "Action", "Who", "By when"],
              blank=4)
    add_label(document, "Attendance")
    add_table(document, [2.3, 1.5, 2.7], header=["Name (print)", "Position / {% if solo %}company{% else %}crew"
                                                 "{% endif %}", "Signature"], blank=15)
    add_signoff(document, [("Meeting leader", ""), ("Reviewed by", "{{ coordinator.name }}")])
    add_footer_note(document)


def write_emergency_contacts(document: Document) -> None:
    add_header_block(document)
    add_note(document, "Fill in the site details before work starts, post this sheet where every worker can see "
                       "it, and keep a copy in each vehicle. In an emergency call 911 first.")
    add_table(document, [1.8, 2.2, 1.2, 1.3], [
        Tag("for c in contacts"),
        ["**{{ c.role }}", "{{ c.name }}", "{{ c.phone }}", "{{ c.note }}"],
        Tag("endfor"),
    ], header=["Contact", "Name", "Phone", "Notes"], blank=2)
    add_label(document, "This site")
    add_table(document, [2.3, 4.2], [
        ["**Site address (for 911)", ""],
        ["**Directions for the ambulance", ""],
        ["**{{ hospital_route }}", ""],
        ["**Muster point", ""],
        ["**First aid kit location", ""],
        ["**Fire extinguisher locations", ""],
        ["**Nearest phone or radio", ""],
    ], keep=True)
    add_note(document, "Serious incidents are also reported to the regulator{% if incident_phone %} on "
                       "{{ incident_phone }}{% endif %}: see the incident report form.")
    add_signoff(document, [("Posted by{% if not solo %} (supervisor){% endif %}", "")])
    add_footer_note(document)


def write_incident_report(document: Document) -> None:
    add_header_block(document, [["**Date and time of incident", "", "**Reported to {% if solo %}the general "
                                 "contractor or client{% else %}supervisor{% endif %} at", ""]])
    add_label(document, "Type of incident")
    add_table(document, [2.15, 2.15, 2.2], [
        [f"{BOX} Injury", f"{BOX} Near miss", f"{BOX} Property or equipment damage"],
        [f"{BOX} Occupational illness", f"{BOX} Vehicle incident", f"{BOX} Spill or release"],
        [f"{BOX} Fire", f"{BOX} Violence or harassment", f"{BOX} Other: ____________"],
    ], tall=False)
    add_label(document, "What happened")
    add_table(document, [2.2, 4.3], [
        ["**Exact location", ""],
        ["**People involved (name, position)", ""],
        ["**Witnesses (name, phone)", ""],
        ["**Task being done", ""],
        ["**What happened, in order", "\n\n"],
        ["**Injury: nature and body part", ""],
        ["**First aid given (by whom)", ""],
        ["**Medical treatment", f"{BOX} None  {BOX} Clinic  {BOX} Hospital  {BOX} Lost time"],
        ["**Equipment or property damaged", ""],
        ["**Immediate actions taken", ""],
    ])
    add_label(document, "Reporting")
    add_text(document, "When it must be reported to the regulator: {{ reporting_rule }}", size=NOTE_SIZE)
    add_table(document, [3.3, 3.2], [
        ["**{{ regulator }}: {{ incident_phone }}",
         f"{BOX} Not reportable  {BOX} Reported on ________ by ________"],
        ["**{{ wcb }}", f"{BOX} No claim  {BOX} Report filed on ________ by ________"],
        ["**Scene preserved until released", f"{BOX} Yes  {BOX} Not required"],
        ["**Investigation needed", f"{BOX} Yes (investigation report)  {BOX} No"],
    ])
    # one person: no supervisor to report to; the general contractor or client he works for is told (review 16)
    add_signoff(document, [("Reported by", ""),
                           ("{% if solo %}Reported to (general contractor or client){% else %}Supervisor"
                            "{% endif %}", ""),
                           ("Received by", "{{ coordinator.name }}")])
    add_footer_note(document)


def write_investigation_report(document: Document) -> None:
    add_header_block(document, [["**Incident date", "", "**Incident report no.", ""]])
    add_label(document, "Investigation team")
    add_table(document, [2.4, 2.3, 1.8], header=["Name", "Position", "Role in the investigation"], blank=2)
    add_label(document, "Sequence of events")
    add_table(document, [6.5], [["\n\n\n"]])
    add_label(document, "Immediate causes (unsafe acts and conditions)")
    add_table(document, [6.5], [["\n\n"]])
    add_label(document, "Root causes: why the immediate causes existed")
    add_table(document, [1.6, 4.9], [
        ["**People (training, fitness, supervision)", ""],
        ["**Equipment and tools", ""],
        ["**Materials", ""],
        ["**Environment (weather, layout, lighting)", ""],
        ["**Procedures and planning", ""],
    ], header=["Factor", "Contributing cause found"])
    add_label(document, "Corrective actions")
    add_table(document, [2.8, 1.3, 0.9, 1.5], header=["Corrective action", "Who", "By when", "Done (date, initials)"],
              blank=4)
    add_table(document, [3.3, 3.2], [
        ["**Reported to {{ regulator }}", f"{BOX} Not required  {BOX} Yes, on ____________"],
        ["**{% if solo %}Shared with the general contractor or client{% else %}Shared with workers at a toolbox "
         "meeting{% endif %}", "on ____________"],
    ])
    add_signoff(document, [("Investigator", ""),
                           ("{% if solo %}Reviewed with (general contractor or client){% else %}Supervisor{% endif %}",
                            ""),
                           ("Safety coordinator", "{{ coordinator.name }}"),
                           ("Owner or senior manager", "{{ owner.name }}")])
    add_footer_note(document)


WRITERS: dict[str, Callable[[Document], None]] = {
    "policy_signoff": write_policy_signoff,
    "equipment_pre_use": write_equipment_pre_use,
    "site_inspection": write_site_inspection,
    "orientation": write_orientation,
    "training_record": write_training_record,
    "toolbox_meeting": write_toolbox_meeting,
    "emergency_contacts": write_emergency_contacts,
    "incident_report": write_incident_report,
    "investigation_report": write_investigation_report,
}


def _normalize_zip(path: Path) -> None:
    """Rewrite the package with fixed timestamps so an unchanged form is an unchanged file."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def writers() -> dict[str, Callable[[Document], None]]:
    """Every form's writer: the general forms here, the FLHA and the permits in permit_forms, the plans for one job
    or one space in plan_forms."""
    from . import permit_forms, plan_forms  # they build on the blocks above

    return {**WRITERS, **permit_forms.WRITERS, **plan_forms.WRITERS}


def write_form_template(form_id: str, root: Path = FORMS_DIR) -> Path:
    document = blank_document()
    add_title(document, form_id)
    writers()[form_id](document)
    target = form_path(form_id, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    _normalize_zip(target)
    return target


def write_form_templates(root: Path = FORMS_DIR) -> list[Path]:
    """Every form's template, in appendix order."""
    missing = set(FORM_IDS) - set(writers())
    if missing:
        raise KeyError(f"no writer for {language.plural('form', len(missing))}: {', '.join(sorted(missing))}")
    return [write_form_template(form_id, root) for form_id in FORM_IDS]


if __name__ == "__main__":
    for written in write_form_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else FORMS_DIR):
        print(written)
