"""The forms appendix: docxtpl forms filled from each client's plan, opened again with python-docx.

Nothing here compares DOCX bytes: each form is opened and its headings, tables and text are checked.
"""

from __future__ import annotations

import json
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.delivery.prepare import plan_program
from pipeline.errors import InputError
from pipeline.intake.load import load_intake
from pipeline.intake.model import EquipmentType
from pipeline.program.compose import RenderedSection
from pipeline.program.form_templates import add_header_block, add_title, blank_document, write_form_templates
from pipeline.program.forms import (
    FORM_IDS,
    FORM_MODULES,
    FORM_ONLY_IF,
    FORM_TITLES,
    FORMS_DIR,
    form_context,
    form_title,
    forms_for,
    own_form_warnings,
    render_form,
    render_forms,
    rendered_forms,
)
from pipeline.program.lint import lint_section
from pipeline.program.modules import load_modules, text_of
from pipeline.program.plan import Plan, context_for
from pipeline.program.render import escape_cell, make_environment, render_template
from pipeline.protocols.certificate import recommend
from pipeline.protocols.records import load_record_catalogue
from pipeline.word.assemble import append_documents, append_docx, pandoc_to_docx
from pipeline.word.styles import REFERENCE_DOCX

REPO = Path(__file__).resolve().parent.parent
CLIENTS = ("acme", "lakeshore-gc", "volta-electric")
AWKWARD_NAMES = ("Smith & Sons <Roofing> *Star* #1 | {{ x }}", "Entreprises Gagné & Fils Ltée")


@cache
def example_plan(client: str) -> Plan:
    intake = load_intake(REPO / "intake" / f"{client}.yaml")
    return plan_program(intake, recommend(intake))


def plan_for(path: Path) -> Plan:
    intake = load_intake(path)
    return plan_program(intake, recommend(intake))


def write_intake(folder: Path, client: str, legal_name: str, owner: str = "Dan Kowalski",
                 province: str = "AB") -> Path:
    """A minimal intake; names are written as JSON strings, which YAML reads back exactly."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{client}.yaml"
    path.write_text(
        f"client: {client}\n"
        "company:\n"
        f"  legal_name: {json.dumps(legal_name, ensure_ascii=False)}\n"
        f"  province: {province}\n"
        "  industry: construction\n"
        "  trades: [roofing]\n"
        "people:\n"
        "  workers: 6\n"
        f"  owner: {{name: {json.dumps(owner, ensure_ascii=False)}, title: Owner, phone: 403-555-0143}}\n"
        "operations:\n"
        "  activities: [work_at_heights, roofing, ladders, hot_work]\n"
        "  equipment:\n"
        "    - {name: Extension ladders, type: ladder, count: 2}\n",
        encoding="utf-8",
    )
    return path


def blocks(document: Document) -> list[Paragraph | Table]:
    """The body's paragraphs and tables in document order."""
    out: list[Paragraph | Table] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            out.append(Table(child, document))
    return out


def table_text(table: Table) -> list[str]:
    """Each row's cells joined by ' | ' (a merged cell counted once)."""
    rows = []
    for row in table.rows:
        seen: list[str] = []
        for cell in row.cells:
            if cell.text not in seen[-1:]:
                seen.append(cell.text)
        rows.append(" | ".join(seen))
    return rows


def document_text(document: Document) -> str:
    lines = []
    for block in blocks(document):
        lines.extend([block.text] if isinstance(block, Paragraph) else table_text(block))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Document]]:
    """Every example client's forms, rendered once and opened with python-docx."""
    out: dict[str, dict[str, Document]] = {}
    for client in CLIENTS:
        folder = tmp_path_factory.mktemp(client) / "forms"
        plan = example_plan(client)
        paths = render_forms(plan, folder)
        out[client] = {form_id: docx.Document(str(p)) for form_id, p in zip(forms_for(plan), paths, strict=True)}
    return out


# -- every form ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_render_forms_writes_every_form_in_order(client: str, tmp_path: Path) -> None:
    folder = tmp_path / "stage" / "forms"
    plan = example_plan(client)
    paths = render_forms(plan, folder)
    assert [p.name for p in paths] == [f"{n:02d}-{f}.docx" for n, f in enumerate(forms_for(plan), start=1)]
    assert all(p.parent == folder and p.stat().st_size > 0 for p in paths)


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_form_has_heading_tables_and_company(rendered, client: str, form_id: str) -> None:
    if form_id not in rendered[client]:
        plan = example_plan(client)
        needed = FORM_MODULES[form_id] in {m.id for m in plan.modules} and (
            form_id not in FORM_ONLY_IF or FORM_ONLY_IF[form_id].met_by(plan.intake))
        assert not needed
        return
    document = rendered[client][form_id]
    title = document.paragraphs[0]
    assert title.style.name == "Heading 2"
    assert title.text == form_title(example_plan(client), form_id)
    assert title.paragraph_format.page_break_before is True
    assert document.tables
    assert all(t._tbl.tblPr.style == "Table" for t in document.tables)  # bordered in Word and LibreOffice
    text = document_text(document)
    assert example_plan(client).intake.company.legal_name in text
    assert "{{" not in text and "{%" not in text


def test_form_ids_and_titles_agree() -> None:
    assert set(FORM_IDS) == set(FORM_TITLES)
    assert len(set(FORM_IDS)) == len(FORM_IDS) == 27
    assert set(FORM_ONLY_IF) <= set(FORM_MODULES) <= set(FORM_IDS)
    assert all((FORMS_DIR / f"{f}.docx").exists() for f in FORM_IDS)


def test_records_name_only_existing_forms() -> None:
    plan = example_plan("acme")
    named = {r.form for r in plan.records if r.form}
    assert named <= set(FORM_IDS)
    checks = {c.form for m in load_modules() for c in m.inspections if c.form}
    assert checks <= set(FORM_IDS)


# -- forms built from the company's own modules ----------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_site_inspection_lists_only_the_company_modules(rendered, client: str) -> None:
    plan = example_plan(client)
    text = document_text(rendered[client]["site_inspection"])
    fitted = {m.id: m for m in plan.modules}  # the company's modules, fitted to its work
    own_items = {i for m in plan.modules for i in m.inspection_items}
    for module in load_modules():
        if module.id in fitted:
            assert fitted[module.id].title in text  # the title fitted to the work (title_if)
            assert all(item in text for item in fitted[module.id].inspection_items), module.id
        foreign = [text_of(i) for i in module.inspection_items if text_of(i) not in own_items]
        assert not [i for i in foreign if i in text], module.id
    assert "Housekeeping" in text


def test_confined_space_items_only_for_lakeshore(rendered) -> None:
    confined = next(m for m in load_modules() if m.id == "confined_space")
    item = text_of(confined.inspection_items[0])
    assert item in document_text(rendered["lakeshore-gc"]["site_inspection"])
    for client in ("acme", "volta-electric"):
        assert item not in document_text(rendered[client]["site_inspection"])


def _table_after(document: Document, label: str) -> Table:
    items = blocks(document)
    for i, block in enumerate(items):
        if isinstance(block, Paragraph) and block.text.startswith(label):
            following = items[i + 1]
            assert isinstance(following, Table), f"no table after {label!r}"
            return following
    raise AssertionError(f"no paragraph starting {label!r}")


@pytest.mark.parametrize(("client", "piece", "kind"), [
    ("volta-electric", "Genie GS-1930 scissor lifts (rented)", "aerial_lift"),
    ("lakeshore-gc", "Kubota KX040 mini excavator", "excavator"),
    ("lakeshore-gc", "JLG 1055 telehandler", "telehandler"),
    ("acme", "Ford F-350 crew cab", "pickup_truck"),
])
def test_pre_use_form_has_a_table_per_piece(rendered, client: str, piece: str, kind: str) -> None:
    plan = example_plan(client)
    table = _table_after(rendered[client]["equipment_pre_use"], piece)
    rows = table_text(table)
    assert rows[0].split(" | ") == ["Check", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    expected = [i for m in plan.modules for i in m.equipment_checks.get(kind, [])]  # type: ignore[call-overload]
    assert expected
    assert all(any(r.startswith(item) for r in rows) for item in expected)


@pytest.mark.parametrize("client", CLIENTS)
def test_pre_use_form_covers_exactly_the_checked_equipment(rendered, client: str) -> None:
    plan = example_plan(client)
    document = rendered[client]["equipment_pre_use"]
    checked = {t for m in plan.modules for t in m.equipment_checks}
    catalogue = load_record_catalogue()
    for piece in plan.intake.operations.equipment:
        labels = [p.text for p in document.paragraphs if p.text.startswith(piece.name + " (")]
        # a piece of type `other` gets the general checks, unless its name marks it a kit or supply
        general = piece.type is EquipmentType.other and catalogue.checked_before_shift(piece)
        expected = piece.type in checked or general
        assert bool(labels) == expected, piece.name


@pytest.mark.parametrize("client", CLIENTS)
def test_flha_and_training_come_from_the_modules(rendered, client: str) -> None:
    plan = example_plan(client)
    flha = document_text(rendered[client]["flha"])
    assert all(h in flha for m in plan.modules for h in m.hazards)
    training = document_text(rendered[client]["training_record"])
    assert all(t.name in training for m in plan.modules for t in m.training)
    assert all(c.name in training for c in plan.program.courses)


@pytest.mark.parametrize("client", CLIENTS)
def test_emergency_contacts_carry_the_law_and_the_people(rendered, client: str) -> None:
    plan = example_plan(client)
    text = document_text(rendered[client]["emergency_contacts"])
    phone = plan.law.incident_reporting.phone
    assert phone and phone in text
    assert "911" in text
    first_aid = plan.intake.operations.first_aid
    assert first_aid.nearest_hospital in text
    assert f"About {first_aid.travel_minutes} minutes" in text
    people = plan.intake.people
    for person in (people.owner, *people.supervisors, *people.first_aiders):
        assert person.name in text


def test_first_aider_phone_found_from_the_same_person(rendered) -> None:
    rows = table_text(rendered["acme"]["emergency_contacts"].tables[1])
    assert "First aider | Luis Ortega | 403-555-0177 | Standard First Aid with CPR C" in rows


def test_orientation_covers_the_company(rendered) -> None:
    text = document_text(rendered["lakeshore-gc"]["orientation"])
    for expected in ("Health and safety policy", "Workers' rights", "Confined Space", "Personal protective equipment",
                     "Emergency procedures", "Michael Garron Hospital", "Reporting", "Kwame Mensah",
                     "Sean O'Brien (Standard First Aid with CPR C)"):
        assert expected in text
    volta = document_text(rendered["volta-electric"]["orientation"])
    assert "Health and safety representative" in volta and "Tomasz Zielinski" in volta


# -- intake text comes out exactly as typed ---------------------------------------------------------------


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_awkward_names_come_out_exactly(tmp_path: Path, name: str) -> None:
    owner = "Zoë O'Brien-Côté <owner> & co"
    plain = plan_for(write_intake(tmp_path / "plain", "plain", "Plain Roofing Ltd."))
    awkward = plan_for(write_intake(tmp_path / "awkward", "awkward", name, owner=owner))
    assert form_context(awkward, "flha")["company"] == name  # plain values: docxtpl escapes, not us
    plain_forms = render_forms(plain, tmp_path / "out-plain")
    awkward_forms = render_forms(awkward, tmp_path / "out-awkward")
    for form_id, plain_path, path in zip(forms_for(plain), plain_forms, awkward_forms, strict=True):
        reference = docx.Document(str(plain_path))
        document = docx.Document(str(path))
        text = document_text(document)
        assert name in text, form_id
        assert "Plain Roofing" not in text
        assert len(document.tables) == len(reference.tables), form_id
        assert [len(t.rows) for t in document.tables] == [len(t.rows) for t in reference.tables], form_id
        assert len(document.paragraphs) == len(reference.paragraphs), form_id
    policy = docx.Document(str(awkward_forms[forms_for(awkward).index("policy_signoff")]))
    assert owner in document_text(policy)


# -- strict templates ------------------------------------------------------------------------------------


def test_a_template_typo_fails_loudly(tmp_path: Path) -> None:
    document = blank_document()
    add_title(document, "flha")
    add_header_block(document)
    document.add_paragraph("{{ compnay }}")
    document.save(str(tmp_path / "flha.docx"))
    with pytest.raises(InputError, match=r"flha\.docx: template error: 'compnay' is undefined$"):
        render_form(example_plan("acme"), "flha", tmp_path / "out.docx", root=tmp_path)


def test_missing_template_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere/flha\.docx: form template not found; run "
                                         r"`python -m pipeline\.program\.form_templates`$"):
        render_form(example_plan("acme"), "flha", tmp_path / "out.docx", root=tmp_path / "nowhere")


def test_templates_are_up_to_date(tmp_path: Path) -> None:
    """The committed templates are what `python -m pipeline.program.form_templates` writes today."""
    written = write_form_templates(tmp_path)
    for path in written:
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(FORMS_DIR / path.name) as committed:
            assert new.read("word/document.xml") == committed.read("word/document.xml"), (
                f"{path.name} is stale: run `python -m pipeline.program.form_templates`"
            )


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_templates_carry_the_house_styles(form_id: str) -> None:
    """Forms use reference.docx's styles exactly, so appending them renames nothing; after
    `make reference-doc`, run `python -m pipeline.program.form_templates` again."""
    with zipfile.ZipFile(REFERENCE_DOCX) as reference, zipfile.ZipFile(FORMS_DIR / f"{form_id}.docx") as form:
        assert form.read("word/styles.xml") == reference.read("word/styles.xml"), (
            f"{form_id}.docx has old styles: run `python -m pipeline.program.form_templates`"
        )


# -- appended to the program -----------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_forms_append_to_a_pandoc_document(tmp_path: Path, client: str) -> None:
    plan = example_plan(client)
    program = pandoc_to_docx("# Policy\n\nText.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# Appendix: Forms\n\nForms.\n",
                             tmp_path / "program.docx")
    forms = render_forms(plan, tmp_path / "forms")
    form_tables = sum(len(docx.Document(str(p)).tables) for p in forms)
    append_docx(program, forms)
    document = docx.Document(str(program))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "Policy"), ("Heading 1", "Appendix: Forms"),
                        *[("Heading 2", form_title(plan, f)) for f in forms_for(plan)]]
    assert len(document.tables) == 1 + form_tables
    assert plan.intake.company.legal_name in document_text(document)
    assert document.element.body[-1].tag == qn("w:sectPr")


def test_forms_appended_from_open_documents_give_the_program_appending_their_files_gives(tmp_path: Path) -> None:
    """A build appends the forms docxtpl just rendered, not opened again from their files: the program is the
    same, part for part, and each form's file is the one `render_forms` writes."""
    plan = example_plan("lakeshore-gc")
    source = pandoc_to_docx("# Policy\n\nText.\n\n# Appendix: Forms\n\nForms.\n", tmp_path / "program.docx")
    forms = rendered_forms(plan, tmp_path / "forms")
    assert [path.name for path, _ in forms] == [path.name for path in render_forms(plan, tmp_path / "again")]
    from_files, from_documents = docx.Document(str(source)), docx.Document(str(source))
    append_documents(from_files, [path for path, _ in forms])
    append_documents(from_documents, [document for _, document in forms])
    from_files.save(str(tmp_path / "from-files.docx"))
    from_documents.save(str(tmp_path / "from-documents.docx"))
    with zipfile.ZipFile(tmp_path / "from-files.docx") as a, zipfile.ZipFile(tmp_path / "from-documents.docx") as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert len(from_documents.tables) == sum(len(docx.Document(str(path)).tables) for path, _ in forms) > 0


def test_appended_forms_keep_their_bookmarks_unique_and_paired(tmp_path: Path) -> None:
    """Every form carries a bookmark (the appendix links to it); ids must not clash with pandoc's."""
    plan = example_plan("acme")
    program = pandoc_to_docx("# Policy\n\nText.\n\n## Scope\n\nMore.\n\n# Appendix: Forms\n\nForms.\n",
                             tmp_path / "program.docx")
    append_docx(program, render_forms(plan, tmp_path / "forms"))
    body = docx.Document(str(program)).element.body
    starts = {b.get(qn("w:id")): b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    ends = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkEnd"))]
    assert len(starts) == len(list(body.iter(qn("w:bookmarkStart"))))  # no id used twice
    assert sorted(ends) == sorted(starts)
    assert {f"form-{f.replace('_', '-')}" for f in forms_for(plan)} <= set(starts.values())
    assert {"policy", "scope"} <= set(starts.values())


def test_a_form_with_a_list_goes_through_docxcompose(tmp_path: Path) -> None:
    """A form edited to hold a numbered list points into its numbering part: it is appended with that
    numbering carried over, not copied blind."""
    program = pandoc_to_docx("# Policy\n\nText.\n", tmp_path / "program.docx")
    extra = pandoc_to_docx("## Checklist\n\n1. First step\n2. Second step\n", tmp_path / "extra.docx")
    append_docx(program, [extra])
    document = docx.Document(str(program))
    assert [p.text for p in document.paragraphs][-2:] == ["First step", "Second step"]
    numbering = document.part.numbering_part.element
    num_ids = {n.get(qn("w:numId")) for n in numbering.iter(qn("w:num"))}
    used = {n.get(qn("w:val")) for n in document.element.body.iter(qn("w:numId"))}
    assert used and used <= num_ids


# -- the appendix section --------------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_forms_section_lists_every_form_and_passes_lint(client: str) -> None:
    plan = example_plan(client)
    spec = next(s for s in plan.sections if s.id == "forms")
    body = render_template(make_environment(plan.search_path), spec.template, context_for(plan, spec))
    assert not lint_section(plan, RenderedSection(spec, body))
    for form_id in FORM_IDS:
        listed = f"| {escape_cell(form_title(plan, form_id))} |" in body
        assert listed == (form_id in forms_for(plan)), form_id
    keeper = plan.intake.people.keeper
    assert escape_cell(keeper.name) in body
    assert body.count("\n| ") == len(forms_for(plan)) + 1  # header and one row per form


def test_a_clients_own_form_template_is_used_in_place_of_the_shared_one(tmp_path: Path) -> None:
    """The working path absorb names for an edited form: a copy of its template in the client's overrides."""
    own = tmp_path / "acme.overrides" / "forms"
    own.mkdir(parents=True)
    template = docx.Document(str(FORMS_DIR / "flha.docx"))
    template.add_paragraph("Check the wind speed at {{ company }} before going up.")
    template.save(str(own / "flha.docx"))
    paths = render_forms(example_plan("acme"), tmp_path / "out", own=own)
    texts = {path.stem.split("-", 1)[1]: document_text(docx.Document(str(path))) for path in paths}
    assert "Check the wind speed at Acme Roofing Ltd. before going up." in texts["flha"]
    assert all("Check the wind speed" not in text for form, text in texts.items() if form != "flha")


def test_a_clients_form_template_no_form_uses_is_reported_not_dropped(tmp_path: Path) -> None:
    """A misnamed template would be passed over in silence: it stops the build, naming the file; one for a form
    this program does not include is used by no build and is reported; Word's lock files are no templates."""
    plan = example_plan("acme")
    own = tmp_path / "acme.overrides" / "forms"
    own.mkdir(parents=True)
    assert own_form_warnings(plan, tmp_path / "nothing") == []
    for name in ("flha.docx", "~$flha.docx", ".flha.docx", "notes.txt"):
        (own / name).write_bytes((FORMS_DIR / "flha.docx").read_bytes())
    assert own_form_warnings(plan, own) == []
    assert "confined_space_entry_permit" not in forms_for(plan)
    (own / "confined_space_entry_permit.docx").write_bytes(b"")
    [warning] = own_form_warnings(plan, own)
    assert warning.endswith("acme.overrides/forms/confined_space_entry_permit.docx: this program has no Confined "
                            "Space Entry Permit form (the intake names no work that needs it), so the client's "
                            "template is not used")
    (own / "02-flha.docx").write_bytes(b"")
    (own / "flhaa.docx").write_bytes(b"")
    with pytest.raises(InputError) as refused:
        own_form_warnings(plan, own)
    first, second = (str(p) for p in refused.value.problems)
    assert first.endswith("02-flha.docx: named as the delivered form; a client's own form template is named after "
                          "its form alone: rename it flha.docx")
    assert ("flhaa.docx: no form is called 'flhaa', so this template would not be used; this program's forms: "
            "policy_signoff.docx, flha.docx, ") in second
    assert all(f"{form_id}.docx" in second for form_id in forms_for(plan))
    assert "confined_space_entry_permit.docx" not in second


# -- permits, plans and the FLHA's risk rating -------------------------------------------------------------


def test_flha_has_task_steps_a_risk_rating_and_a_close_out(rendered) -> None:
    text = document_text(rendered["acme"]["flha"])
    assert "Task step | Hazard | L | S | Risk |" in text
    assert "Risk = likelihood × severity, each from 1 to 4" in text  # the scale is explained on the form
    assert "End-of-shift close-out" in text
    assert "Incidents or near misses today" in text
    assert "Permits and plans this program calls for: Fall Protection Plan and Rescue Plan, Hot Work Permit." in text


def test_a_permit_comes_only_with_the_work_that_needs_it(rendered) -> None:
    assert "hot_work_permit" in rendered["acme"] and "hot_work_permit" not in rendered["volta-electric"]
    assert "Hot Work Permit" not in document_text(rendered["volta-electric"]["flha"])
    permit = document_text(rendered["acme"]["hot_work_permit"])
    assert "Propane torch kits" in permit  # the company's own hot work equipment
    assert "Fire watch: stays at least 60 minutes after the work ends" in permit


def test_fall_protection_plan_states_the_provinces_rule_and_a_rescue_plan(rendered) -> None:
    plan = example_plan("acme")
    text = document_text(rendered["acme"]["fall_protection_plan"])
    assert f"({plan.law.fall_protection.citation})" in text
    assert "A written fall protection plan is required where a worker may fall 3 m or more" in text
    assert "Rescue plan: a fallen worker is reached within minutes" in text
    assert "Harnesses, lanyards and roof anchors" in text


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_no_markdown_bold_marker_is_left_in_a_form(form_id: str) -> None:
    """A cell's leading `**` makes it bold; one behind a template tag was printed as is ("**Weather and wind
    checked" on the lift plan)."""
    text = document_text(docx.Document(str(FORMS_DIR / f"{form_id}.docx")))
    assert "**" not in text
