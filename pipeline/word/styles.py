"""Make the house `reference.docx` pandoc styles every Word file with (`make reference-doc`).

Starts from pandoc's own reference document, so every style pandoc uses exists, then sets fonts a Linux
machine has (Liberation Sans; pandoc's default theme fonts are absent there, and a theme font reference
silently overrides a font name set by python-docx, so those references are removed), heading sizes, a
bordered table style with a shaded header row, TOC entry styles with dot leaders, Letter pages, and Word's
current compatibility mode (15), which pandoc copies into every document it writes.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from ..protocols.packs import TEMPLATES
from .ooxml import STYLE_ORDER, TBLPR_ORDER, insert_in_order, set_compatibility_mode

REFERENCE_DOCX = TEMPLATES / "word" / "reference.docx"
FONT = "Liberation Sans"
NAVY = RGBColor(0x1F, 0x38, 0x64)
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _strip_theme_fonts(element) -> None:
    for rfonts in element.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), FONT)


def _font(style, size: float, *, bold: bool | None = None, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    _strip_theme_fonts(rpr)


def _border(tag: str, size: int = 4, color: str = "8EA9C1") -> OxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), color)
    return el


def _table_style(document) -> None:
    """Pandoc's `Table` style: thin borders on every cell, a shaded bold header row."""
    style = document.styles["Table"]
    el = style.element
    tblpr = el.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        insert_in_order(el, tblpr, STYLE_ORDER)
    for tag in ("w:tblBorders", "w:tblCellMar"):
        for old in tblpr.findall(qn(tag)):
            tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(f"w:{side}"))
    cell_mar = OxmlElement("w:tblCellMar")
    for side, width in (("left", 80), ("right", 80)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(width))
        m.set(qn("w:type"), "dxa")
        cell_mar.append(m)
    insert_in_order(tblpr, borders, TBLPR_ORDER)  # Word is strict about the order
    insert_in_order(tblpr, cell_mar, TBLPR_ORDER)
    for old in el.findall(qn("w:tblStylePr")):
        el.remove(old)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    first.append(rpr)
    tcpr = OxmlElement("w:tcPr")
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "DCE6F1")
    tcpr.append(shd)
    first.append(tcpr)
    el.append(first)


def _toc_styles(document) -> None:
    for level, indent in ((1, 0), (2, 0.25), (3, 0.5)):
        name = f"TOC {level}"
        try:
            style = document.styles[name]
        except KeyError:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Inches(indent)
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        _font(style, 10.5, bold=level == 1)


def build_reference_docx(target: Path = REFERENCE_DOCX) -> Path:
    """Write the house reference document."""
    with tempfile.TemporaryDirectory() as tmp:
        default = Path(tmp) / "default.docx"
        subprocess.run(
            [pypandoc.get_pandoc_path(), "-o", str(default), "--print-default-data-file", "reference.docx"],
            check=True,
        )
        document = docx.Document(str(default))
    _strip_theme_fonts(document.styles.element)
    styles = document.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text", "Footnote Text",
                 "Definition", "Definition Term", "Table Caption", "Image Caption", "Author", "Date"):
        _font(styles[name], 10.5)
    for name in ("Body Text", "First Paragraph"):
        styles[name].paragraph_format.space_before = Pt(3)
        styles[name].paragraph_format.space_after = Pt(6)
    _font(styles["Title"], 26, bold=True, color=NAVY)
    styles["Title"].paragraph_format.space_before = Pt(150)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(styles["Subtitle"], 15, bold=False, color=NAVY)
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Subtitle"].paragraph_format.space_before = Pt(6)
    styles["Subtitle"].paragraph_format.space_after = Pt(48)
    styles["Title"].paragraph_format.space_after = Pt(0)
    cover = styles.add_style("Cover Detail", WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = styles["Normal"]
    _font(cover, 11)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover.paragraph_format.space_after = Pt(8)
    _font(styles["TOC Heading"], 16, bold=True, color=NAVY)
    for level, size in ((1, 16), (2, 13), (3, 11.5), (4, 10.5)):
        style = styles[f"Heading {level}"]
        _font(style, size, bold=True, color=NAVY)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(4)
    styles["Heading 1"].paragraph_format.page_break_before = True
    _table_style(document)
    _toc_styles(document)
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))
        section.header_distance = section.footer_distance = Inches(0.5)
    # pandoc copies the reference's settings into every document, and the forms start from it: all of them
    # open in Word's current mode instead of Compatibility Mode
    set_compatibility_mode(document.settings.element)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


if __name__ == "__main__":
    print(build_reference_docx())
