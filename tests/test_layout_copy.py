"""The layout copy's pieces made by copying (`toc._layout_entries`, `tablestyle` first-row properties) are the
elements the one-by-one code makes, byte for byte."""

from __future__ import annotations

from docx.oxml import OxmlElement
from lxml import etree

from pipeline.word.office import TocEntry
from pipeline.word.toc import TocHeading, _layout_entries, toc_paragraph


def test_layout_entries_are_the_entries_toc_paragraph_makes() -> None:
    listed = [TocHeading(1, "Policy & scope <1>", "policy"), TocHeading(2, "Records", "records-2"),
              TocHeading(3, "Deep", "deep"), TocHeading(2, "\t", "tab"), TocHeading(1, "No mark", ""),
              TocHeading(2, "Records", "records-3")]
    made = _layout_entries(listed)
    want = [toc_paragraph(TocEntry(h.level, h.text, None), h.anchor, page_field=True) for h in listed]
    assert [etree.tostring(p) for p in made] == [etree.tostring(p) for p in want]
    body, other = OxmlElement("w:body"), OxmlElement("w:body")
    for paragraph in made:
        body.append(paragraph)
    for paragraph in want:
        other.append(paragraph)
    assert etree.tostring(body) == etree.tostring(other)
    assert b"PAGEREF records-3 \\h" in etree.tostring(body)
