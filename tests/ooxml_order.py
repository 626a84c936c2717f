"""The schema's child order for WordprocessingML property elements, checked over every part of a DOCX.

Word refuses (or "repairs") a document whose property elements hold their children out of the schema's
sequence; LibreOffice and python-docx do not mind, so nothing else would notice. The sequences below are
written out from ECMA-376 Part 1 (Transitional, wml.xsd) independently of the code that inserts elements
(`pipeline.word.tablestyle`), so a wrong order there cannot hide behind the same wrong list here:

- w:pPr      17.3.1.26 (CT_PPrBase, then CT_PPr's rPr, sectPr, pPrChange)
- w:rPr      17.3.2.28 (CT_ParaRPr's revision marks, EG_RPrBase, rPrChange)
- w:tblPr    17.4.60   (CT_TblPrBase, then tblPrChange)
- w:tcPr     17.4.70   (CT_TcPrBase, then the cell revision marks and tcPrChange)
- w:sectPr   17.6.17   (EG_HdrFtrReferences, EG_SectPrContents, sectPrChange)

`python tests/ooxml_order.py FILE.docx...` prints every violation and exits 1 if there is one.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PPR = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
       "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
       "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
       "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
RPR = ["ins", "del", "moveFrom", "moveTo",
       "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
       "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
       "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
       "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"]
TBLPR = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
         "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
         "tblDescription", "tblPrChange"]
TCPR = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
        "tcFitText", "vAlign", "hideMark", "headers", ("cellIns", "cellDel", "cellMerge"), "tcPrChange"]
SECTPR = [("headerReference", "footerReference"), "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
          "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
          "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]
# A tuple is a choice that may repeat (up to six header and footer references, one cell revision mark).
REPEATS = {"headerReference", "footerReference"}


def _ranks(sequence: list) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for rank, item in enumerate(sequence):
        for name in item if isinstance(item, tuple) else (item,):
            ranks[name] = rank
    return ranks


SEQUENCES = {name: _ranks(seq) for name, seq in
             (("pPr", PPR), ("rPr", RPR), ("tblPr", TBLPR), ("tcPr", TCPR), ("sectPr", SECTPR))}


def element_errors(element, where: str) -> list[str]:
    """What is wrong with one property element's children: unknown, repeated or out of order."""
    parent = etree.QName(element).localname
    ranks = SEQUENCES[parent]
    errors = []
    last_rank, last_name = -1, None
    for child in element.iterchildren(etree.Element):
        qname = etree.QName(child)
        if qname.namespace != W:
            continue  # extensions (w14:…) are ignorable by declaration
        name = qname.localname
        if name not in ranks:
            errors.append(f"{where}: w:{parent} has w:{name}, which the schema does not allow there")
            continue
        rank = ranks[name]
        if rank < last_rank or (rank == last_rank and name not in REPEATS):
            errors.append(f"{where}: w:{parent} has w:{name} after w:{last_name}")
        elif rank > last_rank:
            last_rank, last_name = rank, name
    return errors


def part_errors(xml: bytes, where: str) -> list[str]:
    """Every violation in one XML part."""
    root = etree.fromstring(xml)
    errors = []
    for name in SEQUENCES:
        for element in root.iter(f"{{{W}}}{name}"):
            line = f"{where}:{element.sourceline}" if element.sourceline else where
            errors.extend(element_errors(element, line))
    return errors


def docx_errors(path: Path) -> list[str]:
    """Every violation in every WordprocessingML part of a DOCX (document, styles, numbering, headers...)."""
    errors = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                errors.extend(part_errors(package.read(name), f"{path.name}/{name}"))
    return errors


def main(paths: list[str]) -> int:
    errors = [error for path in paths for error in docx_errors(Path(path))]
    for error in errors:
        print(error)
    print(f"{len(paths)} DOCX checked against the schema's element order: {len(errors)} violations")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
