"""Research notes kept out of the client's documents.

The client's documents in a delivery (program, forms, gap report, records checklist, calendar) state the facts
`review.md` lists without hedges; `client_document_notes` reads them back and finds any research-note phrase
left in them (the phrases are data: `program_templates/research_notes.yaml`), which fails the build.
"""

from __future__ import annotations

import functools
import re
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..program.lint import (
    blank_values,
    notes_impossible,
    research_note_excerpts,
    research_note_pattern,
    research_notes,
)

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


# -- a document that surely holds no note, seen without parsing it ----------------------------------------------

_XML_SPACE = b"[ \t\r\n]"
_NS_DECLARATION = re.compile(  # (prefix or "", the value in double quotes, in single quotes)
    rb"xmlns(?::([^ \t\r\n=/>]+))?" + _XML_SPACE + b"*=" + _XML_SPACE + rb"*(?:\"([^\"]*)\"|'([^']*)')")
_ENCODING = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""")


@dataclass(frozen=True)
class _Tags:
    """The patterns `_t_texts` rewrites and reads a part with, for `t` elements and items (paragraphs, string
    items) whose tags are written with one prefix. In a part where every '>' closes a tag, `[^>]*>` runs to
    the end of a tag, and `(?<!/)>` ends one that is not empty."""

    start: re.Pattern[bytes]  # an item's start tag, not an empty item's
    end: re.Pattern[bytes]  # an item's end tag
    marks: tuple[bytes, bytes]  # what `start` and `end` write instead: `t` elements holding `_START`, `_END`
    text: re.Pattern[bytes]  # a `t` start tag, not an empty one, and its text up to the next '<'


@functools.cache
def _tags(prefix: bytes, items: tuple[bytes, ...]) -> _Tags:
    """`_Tags` for tags written with `prefix` (b"" for none) and items of the local names `items`."""
    written = prefix + b":" if prefix else b""  # an XML name: no backslash, which `sub` would read as its own
    name = re.escape(written)
    item = name + b"(?:" + b"|".join(re.escape(i) for i in items) + b")"
    return _Tags(re.compile(b"<" + item + rb"(?=[ \t\r\n>])[^>]*(?<!/)>"),
                 re.compile(b"</" + item + rb"(?=[ \t\r\n>])[^>]*>"),
                 (b"<" + written + b"t>" + _START, b"<" + written + b"t>" + _END),
                 re.compile(b"<" + name + rb"t(?=[ \t\r\n>])[^>]*(?<!/)>([^<]*)"))


# an item's start and end tags, as `_t_texts` marks them: two control characters that no XML 1.0 part holds,
# read or referred to, with a "/" between them for an end tag; two starts in a row are `_START` twice
_OPEN, _CLOSE = b"\x01", b"\x02"
_START, _END = _OPEN + _CLOSE, _OPEN + b"/" + _CLOSE
_MARKS = re.compile(_OPEN + b"/?" + _CLOSE)


def _t_texts(xml: bytes, uri: str, items: tuple[str, ...]) -> str | None:
    """The own texts (lxml's `.text`) of the `t` elements of namespace `uri` in a well-formed XML part, in
    document order, those of each item (`items`: the local names of the paragraphs or string items of that
    namespace) joined, and a line break at each item's start and end: found with regular expressions, without
    parsing. None when the part is written in a way they do not cover surely (not UTF-8, a comment, CDATA, a
    DTD, a processing instruction, a '>' that does not close a tag, the namespace declared more than once or its
    prefix bound twice, a namespace written with a reference) or an item starts inside another.

    Every '<' of such a part opens a tag and every '>' closes one, so each tag is found whole; a `t` element's
    text runs to the next '<', its line ends normalized and its references replaced as an XML parser does.
    The items' tags are rewritten as `t` elements holding marks (`_START`, `_END`), so that one pattern reads
    texts and marks in order, in C; an empty item, which holds no text, is left out."""
    body = xml
    if xml.startswith(b"<?xml"):
        end = xml.find(b"?>")
        encoding = _ENCODING.search(xml, 0, end)
        if end < 0 or (encoding is not None and encoding.group(1).lower() not in (b"utf-8", b"utf8")):
            return None
        body = xml[end + 2:]
    namespace = uri.encode()
    if (b"<!" in body or b"<?" in body or body.count(b"<") != body.count(b">") or body.count(namespace) != 1
            or _OPEN in body or _CLOSE in body):
        return None
    declared = [(prefix, double or single) for prefix, double, single in _NS_DECLARATION.findall(body)]
    bound = [prefix for prefix, value in declared if value == namespace]
    if (len(bound) != 1 or any(b"&" in value for _, value in declared)
            or [prefix for prefix, _ in declared].count(bound[0]) != 1):
        return None
    tags = _tags(bound[0], tuple(item.encode() for item in items))
    # each pattern begins with its tag's name, which the regex engine scans for (one pattern for both kinds of
    # tag, beginning with '<', was tried at every tag: twice the time)
    body = tags.end.sub(tags.marks[1], tags.start.sub(tags.marks[0], body))
    own = b"".join(tags.text.findall(body))
    if _START + _START in b"".join(_MARKS.findall(own)):  # an item starts inside another
        return None
    own = own.replace(_END, b"\n").replace(_START, b"\n")
    try:
        text = own.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _REFERENCE.sub(_referred, text.replace("\r\n", "\n").replace("\r", "\n"))


# the references a well-formed part without a DTD may hold: the five predefined entities and character references
_REFERENCE = re.compile("&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _referred(reference: re.Match[str]) -> str:
    hexadecimal, decimal, entity = reference.groups()
    return chr(int(hexadecimal, 16)) if hexadecimal else chr(int(decimal)) if decimal else _ENTITIES[entity]


def _surely_clean(path: Path) -> bool:
    """Whether a DOCX or XLSX surely holds no research note (`notes_impossible` of its text), judged on the
    texts of its `t` elements read without parsing (`_t_texts`). Each paragraph's (string item's) text is a
    run of consecutive `t` elements in document order, so a note in the text lies in their texts joined,
    unless a note's phrase spans a line break: then, and for any part `_t_texts` cannot read, False (the
    document is parsed and searched). Assumes the parts are well-formed XML, as lxml would find them."""
    if path.suffix not in (".docx", ".xlsx") or "\n" in research_note_pattern().pattern:
        return False
    docx = path.suffix == ".docx"
    with zipfile.ZipFile(path) as z:
        texts = [_t_texts(z.read(name), *((W_URI, ("p",)) if docx else (S_URI, ("si", "is"))))
                 for name in z.namelist()
                 if (_DOCX_PARTS.fullmatch(name) if docx
                     else name == "xl/sharedStrings.xml" or _XLSX_SHEET.fullmatch(name))]
    return all(text is not None for text in texts) and notes_impossible("\n".join(texts))


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
    # (nor, when it is surely so, read: `_surely_clean`)
    texts = {name: _text(path) for name, path in _client_files(folder) if not _surely_clean(path)}
    found = {name: research_note_excerpts(blank_values(text, values) if values else text)
             for name, text in texts.items() if not notes_impossible(text)}
    return {name: notes for name, notes in found.items() if notes}


def describe_notes(found: dict[str, list[tuple[str, str]]]) -> str:
    """The build's refusal for research notes left in the client's documents: one line per document and phrase,
    with the excerpt that carries it."""
    return ("the reviewer lint failed; research notes belong in review.md, not in the client's documents:\n"
            + "\n".join(f"  {name}: {phrase!r} in \"{excerpt}\"" for name, notes in found.items()
                        for phrase, excerpt in notes))
