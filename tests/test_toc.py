"""The table of contents laid out without LibreOffice's index update: the same entries and pages as the update.

`layout_source` writes the TOC of the copy LibreOffice lays out as entries with PAGEREF page numbers, and
`lay_out` reads the laid-out lines back. The reference is LibreOffice's own index update of the delivered DOCX
(what corpath did before), on a document whose headings run over many pages, with repeated titles, a
level-3 heading the TOC leaves out and text that needs escaping.
"""

from __future__ import annotations

import logging
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from pipeline.word.assemble import (
    PAGE_BREAK,
    TOC_FIELD,
    DocMeta,
    Layout,
    decorate_docx,
    lay_out,
    layout_source,
    pandoc_to_docx,
)
from pipeline.word.office import Office, TocEntry
from pipeline.word.redline import comparable_copy
from pipeline.word.toc import (
    TOC_BOOKMARK,
    TocHeading,
    fill_toc,
    listed_elsewhere,
    outline_styles,
    toc_from_layout,
    toc_headings,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FILL = "Words to fill the page, and more of them. " * 120


def markdown() -> str:
    parts = ["Cover page\n\n", PAGE_BREAK, TOC_FIELD, "\n"]
    parts.append("# Co\u00adoperation with the prime contractor\n\nA soft hyphen in a heading.\n\n")
    for i in range(1, 9):
        parts.append(f"# Section {i}: Tools & \\<Ladders\\>  \"quoted\"\n\n{FILL}\n\n")
        parts.append(f"## Records\n\n{FILL * (i % 3)}\n\n")  # the same title under every section
        parts.append(f"### Detail {i}\n\nShort.\n\n")  # level 3: not in the TOC
    return "".join(parts)


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("toc")
    target = pandoc_to_docx(markdown(), folder / "doc.docx")
    decorate_docx(target, DocMeta(title="Program", company="Co", revision="1", date="2026-12-01", author="a",
                                  subject="s"))
    return target


@pytest.fixture(scope="module")
def both(delivered: Path, tmp_path_factory: pytest.TempPathFactory):
    """The same DOCX converted twice on one LibreOffice: through its layout copy (`lay_out`), and as delivered
    with LibreOffice's index update (the reference)."""
    folder = tmp_path_factory.mktemp("toc-out")
    scratch = folder / "scratch"
    scratch.mkdir()
    with Office() as office:
        layout = layout_source(delivered, scratch)
        ours = lay_out(office, layout, folder / "ours.pdf")
        reference = office.to_pdf(delivered, folder / "reference.pdf")
    return layout, ours, reference


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_entries_and_pages_are_libreoffices_own(both) -> None:
    layout, ours, reference = both
    assert layout.toc is not None and len(layout.toc) == 17
    assert len({e.page for e in reference.toc}) > 8  # the headings run over many pages
    assert ours.toc == reference.toc
    assert ours.toc[0].text == "Co\u00adoperation with the prime contractor"
    assert ours.toc[1] == TocEntry(1, 'Section 1: Tools & <Ladders> "quoted"', ours.toc[1].page)
    assert not any(e.text.startswith("Detail") for e in ours.toc)


def test_the_pdf_is_the_one_the_index_update_made(both) -> None:
    _, ours, reference = both
    assert ours.pages == reference.pages
    assert pdf_text(ours.pdf) == pdf_text(reference.pdf)


def test_the_layout_copy_has_entries_and_no_field(both, delivered: Path) -> None:
    layout, _, _ = both
    assert layout.path != delivered and layout.source == delivered
    copy = docx.Document(str(layout.path))
    body = copy.element.body
    assert not list(body.iter(qn("w:sdt")))
    instructions = [node.text for node in body.iter(qn("w:instrText"))]
    assert not any(" TOC " in text for text in instructions)
    assert sum("PAGEREF" in text for text in instructions) == 17
    assert TOC_BOOKMARK in {mark.get(qn("w:name")) for mark in body.iter(qn("w:bookmarkStart"))}
    ids = [mark.get(qn("w:id")) for mark in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))
    # the delivered DOCX keeps its TOC field, untouched
    with zipfile.ZipFile(delivered) as package:
        assert b" TOC " in package.read("word/document.xml")


def test_the_filled_docx_links_each_entry_to_its_own_heading(both, delivered: Path, tmp_path: Path) -> None:
    _, ours, _ = both
    target = tmp_path / "filled.docx"
    target.write_bytes(delivered.read_bytes())
    assert fill_toc(target, ours.toc) == 17
    document = docx.Document(str(target))
    listed = toc_headings(document.element.body)
    links = [link.get(qn("w:anchor")) for sdt in document.element.body.iter(qn("w:sdt"))
             for link in sdt.iter(qn("w:hyperlink"))]
    assert links == [h.anchor for h in listed] and len(set(links)) == 17  # eight "Records", eight places


def test_lines_that_do_not_read_back_as_written_are_refused() -> None:
    listed = (TocHeading(1, "Policy", "a"), TocHeading(2, "Records", "b"))
    assert toc_from_layout(listed, "Policy\t3\nRecords\t4\n") == [TocEntry(1, "Policy", 3), TocEntry(2, "Records", 4)]
    assert toc_from_layout(listed, "Policy\t3\r\nRecords\t4") is not None
    assert toc_from_layout(listed, None) is None  # no bookmark
    assert toc_from_layout(listed, "Policy\t3\n") is None  # an entry missing
    assert toc_from_layout(listed, "Policy\t3\nRecord\t4\n") is None  # another text
    assert toc_from_layout(listed, "Policy\t3\nRecords\t0\n") is None  # the placeholder: not laid out
    assert toc_from_layout(listed, "Policy\t3\nRecords\t\n") is None


def test_a_toc_that_does_not_read_back_falls_back_to_the_index_update(both, delivered: Path, tmp_path: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    layout, ours, _ = both
    wrong = Layout(layout.source, layout.path, (*layout.toc, TocHeading(1, "Not in the document", "x")))
    with Office() as office, caplog.at_level(logging.WARNING):
        converted = lay_out(office, wrong, tmp_path / "fallback.pdf")
    assert "did not read back" in caplog.text
    assert converted.toc == ours.toc  # LibreOffice's own index of the delivered DOCX


def test_a_heading_corpath_did_not_bookmark_leaves_the_index_to_libreoffice(delivered: Path, tmp_path: Path) -> None:
    """A heading a client added to its own copy of a form has no bookmark: LibreOffice's index lists it, so the
    layout copy leaves the TOC field for LibreOffice to rebuild rather than drop the entry."""
    document = docx.Document(str(delivered))
    document.add_heading("Permit conditions", level=2)
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    layout = layout_source(edited, scratch)
    assert layout.toc is None
    with Office() as office:
        converted = lay_out(office, layout, tmp_path / "edited.pdf")
    assert converted.toc[-1].text == "Permit conditions" and len(converted.toc) == 18


def test_an_outline_level_comes_from_the_style_it_is_based_on() -> None:
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W}">'
        '<w:style w:styleId="Heading1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:styleId="FormTitle"><w:basedOn w:val="Heading1"/></w:style>'
        '<w:style w:styleId="Quote"><w:basedOn w:val="Normal"/></w:style>'
        '<w:style w:styleId="Normal"/></w:styles>')
    assert outline_styles(styles) == {"Heading1": 1, "FormTitle": 1}
    body = etree.fromstring(
        f'<w:body xmlns:w="{W}"><w:bookmarkStart w:id="1" w:name="a"/>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Policy</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>Text</w:t></w:r></w:p></w:body>')
    assert not listed_elsewhere(body, styles)
    titled = etree.fromstring(etree.tostring(body).replace(b'w:val="Quote"', b'w:val="FormTitle"'))
    assert listed_elsewhere(titled, styles)  # a form title LibreOffice would list, with no bookmark
    outlined = etree.fromstring(etree.tostring(body).replace(
        b'<w:pStyle w:val="Quote"/>', b'<w:pStyle w:val="Quote"/><w:outlineLvl w:val="1"/>'))
    assert listed_elsewhere(outlined, styles)


def test_the_redline_compares_programs_without_their_tocs_entries(both, delivered: Path, tmp_path: Path) -> None:
    """A page number that moved is not a change to the program: changes.docx is made from copies whose table of
    contents is the empty field pandoc wrote, every other part byte for byte."""
    _, ours, _ = both
    filled = tmp_path / "filled.docx"
    filled.write_bytes(delivered.read_bytes())
    fill_toc(filled, ours.toc)
    copy = comparable_copy(filled, tmp_path / "comparable.docx")
    body = docx.Document(str(copy)).element.body
    sdt = next(body.iter(qn("w:sdt")))
    assert [p.find(qn("w:pPr") + "/" + qn("w:pStyle")) is None for p in sdt.iter(qn("w:p"))] == [False, True]
    assert [node.text for node in sdt.iter(qn("w:instrText"))] == [' TOC \\o "1-2" \\h \\z \\u ']
    assert not [t for t in sdt.iter(qn("w:t")) if t.text != "Contents"]
    with zipfile.ZipFile(filled) as before, zipfile.ZipFile(copy) as after:
        assert before.namelist() == after.namelist()
        assert [n for n in before.namelist() if before.read(n) != after.read(n)] == ["word/document.xml"]
    assert toc_headings(body) == toc_headings(docx.Document(str(filled)).element.body)  # the headings are kept
