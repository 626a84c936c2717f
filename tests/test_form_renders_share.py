"""Rendered forms share their template's unchanged parts, and each is still saved as python-docx saves it.

A form template is opened once per process; each render is a copy of it that shares the parts docxtpl leaves
alone (styles, numbering, settings, fonts, theme, app properties), serialized once. These tests hold the files
to python-docx's own save of the same Document, and hold one render apart from the next.
"""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.forms import FORMS_DIR, forms_for, render_form_document, rendered_forms
from pipeline.protocols.certificate import recommend
from pipeline.word.assemble import append_documents, pandoc_to_docx

REPO = Path(__file__).resolve().parent.parent


def plan_named(folder: Path, client: str, legal_name: str):
    """acme's plan under another company name (the intake as the example has it, the name changed)."""
    example = load_intake(REPO / "intake" / "acme.yaml")
    text = (REPO / "intake" / "acme.yaml").read_text(encoding="utf-8")
    text = text.replace(f"client: {example.client}\n", f"client: {client}\n", 1)
    text = text.replace(f"legal_name: {example.company.legal_name}\n", f"legal_name: {json.dumps(legal_name)}\n", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{client}.yaml"
    path.write_text(text, encoding="utf-8")  # a JSON string is a YAML string
    intake = load_intake(path)
    assert intake.company.legal_name == legal_name
    return plan_program(intake, recommend(intake))


def members(source: Path | bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(source if isinstance(source, Path) else BytesIO(source)) as package:
        return [(name, package.read(name)) for name in package.namelist()]


def python_docx_save(document: DocxDocument) -> bytes:
    """The bytes python-docx's own `Document.save` writes for `document`."""
    buffer = BytesIO()
    DocxDocument.save(document, buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def acme_and_other(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("intakes")
    return plan_named(folder, "acme", "Acme Roofing Ltd."), plan_named(folder, "other", "Other & Sons <Roofing>")


def test_each_form_file_is_python_docx_s_save_of_its_document(acme_and_other, tmp_path: Path) -> None:
    plan, _ = acme_and_other
    forms = rendered_forms(plan, tmp_path / "forms")
    assert len(forms) == len(forms_for(plan)) > 5
    for path, document in forms:
        assert members(path) == members(python_docx_save(document)), path.name
        buffer = BytesIO()
        document.save(buffer)  # the returned Document saves to a stream the same way
        assert members(buffer.getvalue()) == members(path), path.name


def test_renders_of_one_template_share_only_the_unchanged_parts(acme_and_other, tmp_path: Path) -> None:
    plan, other = acme_and_other
    first = render_form_document(plan, "flha", tmp_path / "a.docx")
    second = render_form_document(other, "flha", tmp_path / "b.docx")
    parts = {str(p.partname): p for p in first.part.package.parts}
    again = {str(p.partname): p for p in second.part.package.parts}
    assert parts.keys() == again.keys()
    assert parts["/word/styles.xml"] is again["/word/styles.xml"]
    for own in ("/word/document.xml", "/docProps/core.xml", "/word/footnotes.xml"):
        assert parts[own] is not again[own], own
    assert first.element is not second.element
    assert "Acme Roofing Ltd." in first.element.xml and "Acme Roofing" not in second.element.xml
    assert "Other &amp; Sons &lt;Roofing&gt;" in second.element.xml


def test_a_render_leaves_nothing_behind_for_the_next(acme_and_other, tmp_path: Path) -> None:
    """acme's forms, rendered before and after another client's were rendered and appended, are the same files;
    the parts the renders share serialize as they did before any render."""
    plan, other = acme_and_other
    template = docx.Document(str(FORMS_DIR / "flha.docx"))
    pristine = {str(p.partname): p.blob for p in template.part.package.parts}
    before = rendered_forms(plan, tmp_path / "before")
    program = docx.Document(str(pandoc_to_docx("# Policy\n\nText.\n", tmp_path / "program.docx")))
    append_documents(program, [document for _, document in rendered_forms(other, tmp_path / "other")])
    after = rendered_forms(plan, tmp_path / "after")
    for (a, _), (b, _) in zip(before, after, strict=True):
        assert members(a) == members(b), a.name
    flha = next(document for path, document in after if path.stem.endswith("-flha"))
    for part in flha.part.package.parts:
        if part.partname in ("/word/styles.xml", "/word/numbering.xml", "/word/settings.xml", "/word/theme/theme1.xml"):
            assert part.blob == pristine[str(part.partname)], part.partname


def test_a_clients_own_template_with_a_header_footer_and_a_list(acme_and_other, tmp_path: Path) -> None:
    """Headers and footers are rendered per form (docxtpl gives each render new parts), and a form with a list,
    appended through docxcompose, leaves the template's numbering as it was for the next render."""
    plan, other = acme_and_other
    own = tmp_path / "own"
    own.mkdir()
    template = docx.Document(str(FORMS_DIR / "incident_report.docx"))
    template.sections[0].header.paragraphs[0].text = "{{ company }} incident report"
    template.sections[0].footer.paragraphs[0].text = "Revision {{ revision }}"
    template.core_properties.title = "{{ title }} for {{ company }}"
    for text in ("First step at {{ company }}", "Second step"):
        paragraph = template.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1000"/></w:numPr>'))
    template.save(str(own / "incident_report.docx"))
    numbering = members(own / "incident_report.docx")
    results = {}
    for name, each in (("acme", plan), ("other", other), ("acme-again", plan)):
        forms = rendered_forms(each, tmp_path / name, own=own)
        path, document = next((p, d) for p, d in forms if p.stem.endswith("-incident_report"))
        opened = docx.Document(str(path))
        results[name] = members(path)
        company = each.intake.company.legal_name
        assert opened.sections[0].header.paragraphs[0].text == f"{company} incident report"
        assert f" for {company.split()[0]} " in opened.core_properties.title  # (docxtpl escapes it for XML)
        assert f"First step at {company}" in [p.text for p in opened.paragraphs]
        assert members(path) == members(python_docx_save(document))
        program = docx.Document(str(pandoc_to_docx("# Policy\n\nText.\n", tmp_path / f"{name}.docx")))
        append_documents(program, [d for _, d in forms])  # the list goes through docxcompose
        assert f"First step at {company}" in [p.text for p in program.paragraphs]
    assert results["acme"] == results["acme-again"]
    assert results["acme"] != results["other"]
    assert dict(results["acme"])["word/numbering.xml"] == dict(numbering)["word/numbering.xml"]
