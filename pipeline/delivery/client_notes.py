"""Research notes kept out of the client's documents.

The client's documents in a delivery (program, forms, gap report, records checklist, calendar) state the facts
`review.md` lists without hedges; `client_document_notes` reads them back and finds any research-note phrase
left in them (the phrases are data: `program_templates/research_notes.yaml`), which fails the build.
"""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from ..program.lint import blank_values, notes_impossible, research_note_excerpts, research_notes

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_URI = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

_DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_XLSX_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")

# A part's text made by libxslt in C: per paragraph (w:p) or string item (si, is) in document order, nested
# ones too, the own text (lxml's `.text`: the first child node when it is text) of each `t` inside it, and a
# line break after each; the same string as the Python loop over `iter` it replaced, made in a third of the time.
_TEXT_XSLT = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:x="{uri}">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:for-each select="{items}"><xsl:for-each select=".//x:t"
><xsl:value-of select="node()[1][self::text()]"/></xsl:for-each><xsl:text>&#10;</xsl:text></xsl:for-each
></xsl:template>
</xsl:stylesheet>"""
_LOCAL = threading.local()  # an XSLT object is used by the thread that made it


def _text_transform(kind: str) -> etree.XSLT:
    """The stylesheet of `_TEXT_XSLT` for "docx" (paragraphs) or "xlsx" (string items), one per thread."""
    transforms = _LOCAL.__dict__.setdefault("transforms", {})
    if kind not in transforms:
        uri, items = (W_URI, "//x:p") if kind == "docx" else (S_URI, "//x:si | //x:is")
        transforms[kind] = etree.XSLT(etree.XML(_TEXT_XSLT.format(uri=uri, items=items)))
    return transforms[kind]


def _lines(xml: bytes, kind: str) -> str:
    """The text of one XML part (`_TEXT_XSLT`): each paragraph or string item followed by a line break.
    Raises lxml's XMLSyntaxError for a part that is not XML."""
    return str(_text_transform(kind)(etree.fromstring(xml)))


def _docx_text(path: Path) -> str:
    """The text of a DOCX's body, headers and footers: one line per paragraph (w:p, in document order), the
    text of its w:t elements joined. Raises zipfile.BadZipFile and lxml's XMLSyntaxError on a damaged file."""
    with zipfile.ZipFile(path) as z:
        text = "".join(_lines(z.read(name), "docx") for name in z.namelist() if _DOCX_PARTS.fullmatch(name))
    return text[:-1]  # no line break after the last paragraph


def _xlsx_text(path: Path) -> str:
    """The strings of a workbook's shared strings and sheets' inline strings (si and is elements), one a line."""
    with zipfile.ZipFile(path) as z:
        text = "".join(_lines(z.read(name), "xlsx") for name in z.namelist()
                       if name == "xl/sharedStrings.xml" or _XLSX_SHEET.fullmatch(name))
    return text[:-1]


def _ics_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return re.sub(r"\r?\n[ \t]", "", raw).replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")


def _client_files(folder: Path) -> list[tuple[str, Path]]:
    """The documents of a delivery the client receives: (file name relative to `folder`, path), sorted."""
    files = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if (path.suffix == ".docx" and name != "changes.docx") or path.suffix in (".xlsx", ".ics"):
            files.append((name, path))
    return files


def _text(path: Path) -> str:
    return {".docx": _docx_text, ".xlsx": _xlsx_text}.get(path.suffix, _ics_text)(path)


def client_documents(folder: Path) -> dict[str, str]:
    """The text of every document in a delivery that the client receives, by file name."""
    return {name: _text(path) for name, path in _client_files(folder)}


def client_document_notes(folder: Path) -> dict[str, list[str]]:
    """Research-note phrases found in the client's documents of a delivery folder, by file name."""
    found = {name: research_notes(text) for name, text in client_documents(folder).items()}
    return {name: phrases for name, phrases in found.items() if phrases}


def client_document_note_excerpts(folder: Path, client_text: Iterable[str] = ()) -> dict[str, list[tuple[str, str]]]:
    """As `client_document_notes`, each phrase with the text around it (`research_note_excerpts`), so the
    refusal names the sentence to find. `client_text` is what the client typed in the intake
    (`program.lint.intake_values`): it is blanked out first, since a client's own "(see acme-roofing.ca)" is
    not a research note and must not stop the build."""
    values = list(client_text)
    # most documents hold nothing a note is made of (`notes_impossible`): neither blanked nor searched
    found = {name: research_note_excerpts(blank_values(text, values) if values else text)
             for name, text in client_documents(folder).items() if not notes_impossible(text)}
    return {name: notes for name, notes in found.items() if notes}


def describe_notes(found: dict[str, list[tuple[str, str]]]) -> str:
    """The build's refusal for research notes left in the client's documents: one line per document and phrase,
    with the excerpt that carries it."""
    return ("the reviewer lint failed; research notes belong in review.md, not in the client's documents:\n"
            + "\n".join(f"  {name}: {phrase!r} in \"{excerpt}\"" for name, notes in found.items()
                        for phrase, excerpt in notes))
