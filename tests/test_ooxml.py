"""Every DOCX corpath writes keeps the schema's element order and names Word's current compatibility mode.

The order checker (`ooxml_order`) is written from ECMA-376 independently of `pipeline.word.ooxml`; here it
is shown to catch what it should, and run over the committed templates. `test_delivery_docs` runs it over
every DOCX of a real delivery.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import etree
from ooxml_order import docx_errors, element_errors

from pipeline.program.forms import FORMS_DIR
from pipeline.word.ooxml import (
    SETTINGS_AFTER_COMPAT,
    TCPR_ORDER,
    compatibility_mode,
    get_or_insert,
    set_compatibility_mode,
)
from pipeline.word.styles import REFERENCE_DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEMPLATES = [REFERENCE_DOCX, *sorted(FORMS_DIR.glob("*.docx"))]


def props(xml: str):
    """A property element from its XML written without the namespace declaration."""
    return etree.fromstring(xml.replace(">", f' xmlns:w="{W}">', 1))


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<w:tcPr><w:tcW/><w:shd/><w:vAlign/></w:tcPr>", []),
        ("<w:tcPr><w:tcW/><w:vAlign/><w:shd/></w:tcPr>", ["x: w:tcPr has w:shd after w:vAlign"]),
        ("<w:pPr><w:pStyle/><w:spacing/><w:keepNext/></w:pPr>", ["x: w:pPr has w:keepNext after w:spacing"]),
        ("<w:rPr><w:b/><w:b/></w:rPr>", ["x: w:rPr has w:b after w:b"]),
        ("<w:rPr><w:rFonts/><w:sz/><w:bogus/></w:rPr>",
         ["x: w:rPr has w:bogus, which the schema does not allow there"]),
        ("<w:tblPr><w:tblLook/><w:tblStyle/></w:tblPr>", ["x: w:tblPr has w:tblStyle after w:tblLook"]),
        ("<w:sectPr><w:headerReference/><w:footerReference/><w:headerReference/><w:pgSz/><w:pgMar/></w:sectPr>", []),
        ("<w:sectPr><w:pgMar/><w:pgSz/></w:sectPr>", ["x: w:sectPr has w:pgSz after w:pgMar"]),
    ],
)
def test_the_checker_knows_the_schema_order(xml: str, expected: list[str]) -> None:
    assert element_errors(props(xml), "x") == expected


def test_get_or_insert_puts_shading_before_the_vertical_alignment() -> None:
    tcpr = props("<w:tcPr><w:tcW/><w:vAlign/></w:tcPr>")
    shd = get_or_insert(tcpr, "w:shd", TCPR_ORDER)
    assert [etree.QName(c).localname for c in tcpr] == ["tcW", "shd", "vAlign"]
    assert get_or_insert(tcpr, "w:shd", TCPR_ORDER) is shd


def test_compatibility_mode_is_set_in_place_and_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    settings = document.settings.element
    for compat in settings.findall(f"{{{W}}}compat"):
        settings.remove(compat)
    assert compatibility_mode(settings) is None
    set_compatibility_mode(settings)
    set_compatibility_mode(settings)
    assert compatibility_mode(settings) == 15
    assert len(settings.findall(f"{{{W}}}compat")) == 1
    path = tmp_path / "made.docx"
    document.save(str(path))
    assert docx_errors(path) == []
    names = [etree.QName(c).localname for c in settings if etree.QName(c).namespace == W]
    at = names.index("compat")
    assert "rsids" in names[at:] or "rsids" not in names
    assert not set(names[:at]) & set(SETTINGS_AFTER_COMPAT)
    assert set(names[at + 1:]) <= set(SETTINGS_AFTER_COMPAT)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_committed_templates_follow_the_schema_and_open_in_current_mode(template: Path) -> None:
    assert docx_errors(template) == []
    assert compatibility_mode(docx.Document(str(template)).settings.element) == 15
