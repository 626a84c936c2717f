"""The WordprocessingML rules every part corpath writes keeps: the schema's child order, and Word's current mode.

Word is strict where LibreOffice and python-docx are not: a property element whose children are out of the
schema's sequence makes Word report the file as corrupt (or "repair" it), and a document whose settings name
no compatibility mode opens in Compatibility Mode, with the layout of Word 2007. Code that adds an element to
a property element inserts it with `insert_in_order` (or `get_or_insert`); every DOCX made from the house
reference document inherits its `w:compat` setting, and `set_compatibility_mode` puts it into any other.

The sequences are ECMA-376 Part 1 (Transitional, wml.xsd): 17.3.1.26 pPr, 17.3.2.28 rPr, 17.4.60 tblPr,
17.4.70 tcPr, 17.6.17 sectPr, 17.7.4.17 style, 17.15.1.78 settings.
"""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

DOCUMENT_PART = "word/document.xml"  # a DOCX package's main part
STYLES_PART = "word/styles.xml"


def write_with_main_part(package: zipfile.ZipFile, target: Path, document, *, stored: bool = False) -> Path:
    """The open DOCX `package` written to `target` part for part, byte for byte, except its main part
    (`DOCUMENT_PART`), which is the lxml element `document` serialized. `stored` writes every part uncompressed,
    for a copy that is read once and deleted (deflating a program's parts again cost a quarter of the time of
    making LibreOffice's layout copy)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as out:
        for item in package.infolist():
            data = package.read(item.filename)
            if item.filename == DOCUMENT_PART:
                data = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(item, data, compress_type=zipfile.ZIP_STORED if stored else item.compress_type)
    return target


def save_uncompressed(document, target: Path) -> Path:
    """An open python-docx Document saved to `target` as python-docx saves it, every part the same, but
    stored rather than deflated: for a file that is read once and saved again before anyone receives it
    (deflating a 2 MB program's main part takes 17 ms of CPU, and reading it back again 2 ms).

    python-docx's own writer has no choice of compression; this drives its package writer (python-docx
    1.2's `PackageWriter` and `_ZipPkgWriter`, internal names), the same steps as `OpcPackage.save`, with an
    uncompressed zip. Should a later python-docx move those names, the document is saved as python-docx
    saves it, deflated: the same parts, a little more CPU."""
    try:
        from docx.opc.phys_pkg import _ZipPkgWriter
        from docx.opc.pkgwriter import PackageWriter
    except ImportError:
        document.save(str(target))
        return target
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _ZipPkgWriter(str(target))
    try:
        writer._zipf.compression = zipfile.ZIP_STORED  # read as each part is written
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
    except BaseException:
        # closed here, the error it meets again (a full disk) unsaid: left to the collector, the zip file's
        # own close printed "Exception ignored ... File too large" with a traceback under the build's message
        with contextlib.suppress(OSError):
            writer.close()
        raise
    writer.close()
    return target


PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
RPR_ORDER = ["ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps",
             "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
             "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
             "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
             "rPrChange"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription", "tblPrChange"]
TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
              "tcPrChange"]
SECTPR_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]
STYLE_ORDER = ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
               "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
               "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"]
# w:settings: only the elements that follow w:compat matter for placing it (everything else comes before).
SETTINGS_AFTER_COMPAT = ["docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                         "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                         "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                         "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"]

WORD_URI = "http://schemas.microsoft.com/office/word"
WORD_2013_MODE = 15  # Word 2013 and later (2016, 2019, 365) lay a document out the same way


def local_name(element) -> str:
    """An element's tag without its namespace: "tcPr"."""
    return element.tag.rpartition("}")[2]


def insert_in_order(parent, child, order: list[str]) -> None:
    """Insert `child` into `parent` where the schema's `order` puts it: before the first later sibling.

    `order` is one of the sequences above (local names). A child not named in `order` is appended.
    """
    name = local_name(child)
    later = set(order[order.index(name) + 1:]) if name in order else set()
    for existing in parent.iterchildren():
        if local_name(existing) in later:
            existing.addprevious(child)
            return
    parent.append(child)


def get_or_insert(parent, tag: str, order: list[str]):
    """`parent`'s child `tag` ("w:shd"), made and inserted in schema order when it has none."""
    found = parent.find(qn(tag))
    if found is None:
        found = parent.makeelement(qn(tag), {})
        insert_in_order(parent, found, order)
    return found


def set_compatibility_mode(settings, mode: int = WORD_2013_MODE) -> None:
    """Name Word's compatibility mode in a `w:settings` element (word/settings.xml), in place.

    Without `w:compat/w:compatSetting[@w:name="compatibilityMode"]`, Word opens the file in Compatibility
    Mode (Word 2007's layout, newer features off) and says so in its title bar.
    """
    compat = get_or_insert(settings, "w:compat", ["compat", *SETTINGS_AFTER_COMPAT])
    for setting in compat.iterchildren(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode" and setting.get(qn("w:uri")) == WORD_URI:
            setting.set(qn("w:val"), str(mode))
            return
    setting = compat.makeelement(qn("w:compatSetting"), {})
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), WORD_URI)
    setting.set(qn("w:val"), str(mode))
    compat.append(setting)  # compatSetting elements come after every other child of w:compat


def compatibility_mode(settings) -> int | None:
    """The compatibility mode a `w:settings` element names, or None (Word then uses Compatibility Mode)."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode" and setting.get(qn("w:uri")) == WORD_URI:
            try:
                return int(setting.get(qn("w:val"), ""))
            except ValueError:
                return None
    return None
