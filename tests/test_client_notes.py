"""Reading a delivery's client documents back: the text made in C by libxslt (`_docx_text`, `_xlsx_text`), the same
as lxml's elements read one by one in Python, and the research notes found in it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openpyxl import Workbook

from pipeline.delivery.client_notes import (
    S_URI,
    W_URI,
    _docx_text,
    _xlsx_text,
    client_document_note_excerpts,
    client_documents,
)
from pipeline.program.lint import notes_impossible
from pipeline.word.assemble import pandoc_to_docx

W = f"{{{W_URI}}}"


def _loop_text(path: Path) -> str:
    """The text as the Python loop over lxml's `iter` read it before `_TEXT_XSLT`."""
    with zipfile.ZipFile(path) as z:
        paragraphs = []
        for name in z.namelist():
            if name == "word/document.xml" or name.startswith(("word/header", "word/footer")):
                root = etree.fromstring(z.read(name))
                paragraphs += ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
    return "\n".join(paragraphs)


def _with_document(source: Path, target: Path, change) -> Path:
    """`source` copied to `target` with its word/document.xml passed through `change` (bytes → bytes)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == "word/document.xml" else data)
    return target


@pytest.fixture
def report(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Inspections are made weekly.")
    runs = document.add_paragraph()
    for piece in ("The rule is unver", "ified by the ", "partner", " & checked."):
        runs.add_run(piece)
    document.add_paragraph("Company records are kept for three years.")
    document.sections[0].header.add_paragraph("Acme Roofing Ltd. — Safety program")
    path = tmp_path / "gap-report.docx"
    document.save(str(path))
    return path


def test_the_text_is_the_paragraphs_text_runs_as_lxml_reads_them(report: Path, tmp_path: Path) -> None:
    text = _docx_text(report)
    assert text == _loop_text(report)
    assert "The rule is unverified by the partner & checked." in text.split("\n")
    pandoc_to_docx("# Title\n\nOne *two* **three**.\n\n| a | b |\n|---|---|\n| c | d |\n", tmp_path / "p.docx")
    assert _docx_text(tmp_path / "p.docx") == _loop_text(tmp_path / "p.docx")


def test_a_paragraph_inside_another_is_read_in_both_as_lxml_reads_it(report: Path, tmp_path: Path) -> None:
    # a text box: a paragraph inside a run of another paragraph, its text in both paragraphs' text
    inner = (f'<w:r><w:txbxContent xmlns:w="{W_URI}"><w:p><w:r><w:t>inside</w:t></w:r></w:p>'
             f"</w:txbxContent></w:r>").encode()
    nested = _with_document(report, tmp_path / "nested.docx",
                            lambda data: data.replace(b"<w:t>Company", inner + b"<w:t>Company", 1))
    assert _docx_text(nested) == _loop_text(nested)
    assert "insideCompany records are kept for three years.\ninside" in _docx_text(nested)
    # an empty paragraph inside another holds no text and is left out: "unver" and "ified" stay together
    empty = _with_document(report, tmp_path / "empty.docx",
                           lambda data: re.sub(rb"<w:t[^>]*>ified", rb"<w:p/>\g<0>", data, count=1))
    assert "The rule is unverified by the partner & checked." in _docx_text(empty).split("\n")
    assert _docx_text(empty) == _loop_text(empty)


def test_a_note_split_across_runs_is_found(report: Path, tmp_path: Path) -> None:
    assert not notes_impossible(_docx_text(report))  # "unver" + "ified" in two runs
    assert client_document_note_excerpts(tmp_path)["gap-report.docx"][0][0] == "unverified"


def test_a_clean_document_holds_no_note_and_paragraph_ends_do_not_make_a_domain(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Records are kept on site.")
    document.add_paragraph("Company policy applies.")  # "site." + "Company" would read ".com" without a break
    document.save(str(tmp_path / "policy.docx"))
    assert notes_impossible(_docx_text(tmp_path / "policy.docx"))
    assert client_document_note_excerpts(tmp_path) == {}


def test_references_are_read_as_a_parser_reads_them(report: Path, tmp_path: Path) -> None:
    # "unverified" written with character references and "(x.ca)" with an entity around it: both are notes
    coded = _with_document(report, tmp_path / "coded.docx", lambda data: data.replace(
        b"<w:t>Inspections are made weekly.</w:t>", b"<w:t>&#117;n&#x76;erified &amp; (see x&#46;ca)</w:t>"))
    assert _docx_text(coded).startswith("unverified & (see x.ca)\n")
    assert [phrase for phrase, _ in client_document_note_excerpts(tmp_path)["coded.docx"]] == [
        "unverified", "x.ca"]


@pytest.mark.parametrize("change", [
    lambda data: data.replace(b"<w:body>", b"<w:body><!-- a comment -->"),
    lambda data: data.replace(b"<w:body>", b"<w:body><?pi unverified?>"),
    lambda data: data.replace(b"<w:body>", f'<w:body xmlns:v="{W_URI}">'.encode()),  # the namespace bound twice
    lambda data: data.replace(b"<w:body>", f'<w:body xmlns:v="{W_URI[:-1]}&#110;">'.encode()),  # and so
    lambda data: data.replace(b"<w:t>Company", b"<w:t\n>Company"),  # a line break in a tag
    lambda data: data.replace(b"<w:t>Company", b"<w:t>1 > 0: Company"),  # a '>' that closes no tag
    lambda data: data.replace(b"<w:t>Company", b"<w:t>Com<!-- a comment -->pany"),  # the own text ends there
])
def test_a_part_written_otherwise_reads_as_lxml_reads_it(report: Path, tmp_path: Path, change) -> None:
    other = _with_document(report, tmp_path / "other.docx", change)
    assert _docx_text(other) == _loop_text(other) and "Inspections are made weekly." in _docx_text(other)


def test_a_workbook_reads_its_shared_and_inline_strings(tmp_path: Path) -> None:
    book = Workbook()
    book.active["A1"] = "Training records"
    book.active["A2"] = "Kept on site."
    book.active["A3"] = "Company × 2 <reviewed>"
    book.save(tmp_path / "records.xlsx")
    with zipfile.ZipFile(tmp_path / "records.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist() if n.startswith(("xl/sharedStrings", "xl/worksheets/sheet"))}
    strings = []
    for data in parts.values():
        root = etree.fromstring(data)
        strings += ["".join(t.text or "" for t in si.iter(f"{{{S_URI}}}t"))
                    for si in root.iter(f"{{{S_URI}}}si", f"{{{S_URI}}}is")]
    assert _xlsx_text(tmp_path / "records.xlsx") == "\n".join(strings)
    assert "Company × 2 <reviewed>" in strings
    assert set(client_documents(tmp_path)) == {"records.xlsx"}
