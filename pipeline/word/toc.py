"""The table of contents: entries made from the document's own headings, page numbers from LibreOffice's layout.

A DOCX leaves corpath with a real TOC field (Word and LibreOffice rebuild it on demand) whose result already
holds the entries and the page numbers the PDF shows, so the file opens with a filled table of contents.

Where the page numbers come from: LibreOffice could rebuild its own index before exporting, but on acme's
126-page program that update costs 0.5-0.7 s of a 2.8 s conversion (it rebuilds the index and lays the whole
document out again; best of three, LibreOffice 7.4). Instead, the copy LibreOffice lays out (`layout_toc`)
carries the entries already, each ending in a PAGEREF field to its heading's bookmark. LibreOffice works
those fields out as it lays out the pages, so the PDF shows the right numbers with no index update (the same
program converts in 2.1-2.3 s, and its PDF's text is the same), and the bridge reads the laid-out lines back
through one bookmark around them (`TOC_BOOKMARK`); `toc_from_layout` turns them into entries for `fill_toc`.

The entries are the headings the TOC field asks for (`\\o "1-2"`: levels 1 and 2), in document order, with the
text of their paragraphs: the same list LibreOffice's own index builds from the same document (checked
against it in tests/test_toc.py).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .office import TocEntry

TOC_LEVELS = 2
"""The deepest heading level in the table of contents: the TOC field's `\\o "1-2"` (assemble.TOC_FIELD)."""
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
TOC_BOOKMARK = "_CorpathToc"
"""The bookmark around the entries of a layout copy's table of contents (hidden in Word: it begins with `_`)."""
PAGE_PLACEHOLDER = "0"  # a PAGEREF's result before LibreOffice lays the pages out


@dataclass(frozen=True)
class TocHeading:
    """A heading the table of contents lists: its level (1 or 2), its text and the bookmark on it."""

    level: int
    text: str
    anchor: str


def entry_text(text: str) -> str:
    """A heading's text as a table of contents lists it: runs of spaces made one and trailing spaces dropped,
    as LibreOffice's index does (measured on LibreOffice 7.4: "A  B" → "A B", "trail " → "trail"; leading
    spaces, no-break and em spaces are kept)."""
    return _SPACES.sub(" ", text).rstrip(" ")


_SPACES = re.compile(" {2,}")


def _paragraph_text(paragraph) -> str:
    """A paragraph's text as LibreOffice's index reads it: its text runs, with soft and no-break hyphens."""
    parts = []
    for node in paragraph.iter(_TEXT, *_HYPHENS):  # the tags made once (`qn` per node took a third of `headings`)
        parts.append(node.text or "" if node.tag == _TEXT else _HYPHENS[node.tag])
    return "".join(parts)


_TEXT = qn("w:t")
_HYPHENS = {qn("w:softHyphen"): "\u00ad", qn("w:noBreakHyphen"): "\u2011"}


_P, _PPR, _PSTYLE, _OUTLINE_LVL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:outlineLvl")
_BOOKMARK_START, _NAME, _VAL, _ID = qn("w:bookmarkStart"), qn("w:name"), qn("w:val"), qn("w:id")
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
# The body's paragraphs `headings` looks at, found by lxml in C (a Python loop over the 2,300 children of a
# program's body took 20 ms): a few more than it needs (any w:pStyle starting "Heading"), `_heading_level` decides.
_HEADING_CANDIDATES = etree.XPath("w:p[w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]]", namespaces=_NS)


def headings(body) -> list[tuple[int, str, str]]:
    """Every bookmarked heading of a document's `w:body` element, in document order: (level, text as the table
    of contents lists it (`entry_text`), the bookmark pandoc put on it, the last one when there are several:
    the last inside the paragraph, else the `w:bookmarkStart` right before it among the body's children)."""
    found: list[tuple[int, str, str]] = []
    for paragraph in _HEADING_CANDIDATES(body):
        level = _heading_level(paragraph)
        if level is None:
            continue
        marks = [mark.get(_NAME) for mark in paragraph.iter(_BOOKMARK_START)]
        if not marks:
            before = paragraph.getprevious()
            if before is None or before.tag != _BOOKMARK_START:
                continue
            marks = [before.get(_NAME)]
        found.append((level, entry_text(_paragraph_text(paragraph)), marks[-1]))
    return found


def _heading_level(paragraph) -> int | None:
    """The N of a paragraph in style HeadingN, else None."""
    style = paragraph.find(_STYLE_PATH)
    name = style.get(_VAL, "") if style is not None else ""
    return int(name[7:]) if name.startswith("Heading") and name[7:].isdigit() else None


_STYLE_PATH = qn("w:pPr") + "/" + qn("w:pStyle")
_GALLERY = qn("w:docPartGallery")


def outline_styles(styles) -> dict[str, int]:
    """The paragraph styles of a `w:styles` element that carry an outline level, their own or one they are
    based on: style id → level (1 for `w:outlineLvl` 0)."""
    own, based = {}, {}
    for style in styles.iterchildren(qn("w:style")):
        sid = style.get(qn("w:styleId"))
        level = style.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
        if level is not None and (level.get(qn("w:val")) or "").isdigit():
            own[sid] = int(level.get(qn("w:val"))) + 1
        parent = style.find(qn("w:basedOn"))
        if parent is not None:
            based[sid] = parent.get(qn("w:val"))
    levels = {}
    for sid in {*own, *based}:
        seen, current = set(), sid
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current)
        if current in own:
            levels[sid] = own[current]
    return levels


def listed_elsewhere(body, styles, found: Sequence[tuple[int, str, str]] | None = None) -> bool:
    """Whether a paragraph LibreOffice's index would list (outline level 1 to `TOC_LEVELS`, by its style, the
    style it is based on or its own `w:outlineLvl`) is not one of `headings(body)`: a heading in a table, one
    without a bookmark (a heading a client added to its own copy of a form), a style of another name. `found`
    is `headings(body)` when the caller has it already."""
    levels = outline_styles(styles) if styles is not None else {}
    listed = sum(1 for level, _, _ in (headings(body) if found is None else found) if level <= TOC_LEVELS)
    listing = {sid for sid, level in levels.items() if level <= TOC_LEVELS}
    # the paragraphs that may count: those with a w:outlineLvl or a listed w:pStyle in a w:pPr of theirs (lxml
    # finds the elements in C; the attribute test is the only Python work per paragraph), each judged once
    maybe = {prop.getparent().getparent() for prop in body.iter(_OUTLINE_LVL, _PSTYLE)
             if (prop.tag == _OUTLINE_LVL or prop.get(_VAL) in listing) and prop.getparent().tag == _PPR}
    outlined = 0
    for paragraph in maybe:
        if paragraph is None or paragraph.tag != _P:
            continue
        ppr = paragraph.find(_PPR)
        own = ppr.find(_OUTLINE_LVL) if ppr is not None else None
        if own is not None and (own.get(_VAL) or "").isdigit():
            level: int | None = int(own.get(_VAL)) + 1
        else:
            style = ppr.find(_PSTYLE) if ppr is not None else None
            level = levels.get(style.get(_VAL)) if style is not None else None
        if level is not None and level <= TOC_LEVELS:
            outlined += 1
    return outlined != listed


def toc_headings(body) -> list[TocHeading]:
    """The headings of a `w:body` the table of contents lists (levels 1 to `TOC_LEVELS`), in document order."""
    return [TocHeading(level, text, anchor) for level, text, anchor in headings(body) if level <= TOC_LEVELS]


def match_anchors(entries: Sequence[TocEntry], found: Sequence[tuple[int, str, str]]) -> list[str | None]:
    """The bookmark each TOC entry links to: its own heading, found in document order.

    Entries and headings are both in document order, so each entry takes the next heading after the previous
    match with its level and text: a program with three "Records" headings gets three entries linking to
    three different places (their bookmarks are unique: pandoc numbers repeated ids). An entry with no such
    heading gets None (no link) and does not move the search on.
    """
    anchors: list[str | None] = []
    cursor = 0
    for entry in entries:
        hit = next((i for i in range(cursor, len(found))
                    if found[i][1] == entry.text and found[i][0] == entry.level), None)
        if hit is None:
            anchors.append(None)
        else:
            anchors.append(found[hit][2])
            cursor = hit + 1
    return anchors


def _fld(kind: str):
    run = OxmlElement("w:r")
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    run.append(fld)
    return run


def _instr_run(instruction: str):
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run.append(instr)
    return run


def _text_run(text: str):
    run = OxmlElement("w:r")
    if text == "\t":
        run.append(OxmlElement("w:tab"))
    else:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
    return run


def _pageref(anchor: str) -> str:
    """The instruction of a PAGEREF field to the bookmark `anchor`."""
    return f" PAGEREF {anchor} \\h "


def toc_paragraph(entry: TocEntry, anchor: str | None, *, page_field: bool = False):
    """One entry of a table of contents: a `w:p` in style TOC1-3, its text, a tab and its page, all inside a
    link to `anchor` when there is one. With `page_field` the page is a PAGEREF field to `anchor` (its result
    `PAGE_PLACEHOLDER` until laid out), as in the copy LibreOffice lays out."""
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), f"TOC{min(entry.level, 3)}")
    ppr.append(style)
    p.append(ppr)
    container = p
    if anchor:
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), anchor)
        link.set(qn("w:history"), "1")
        p.append(link)
        container = link
    container.append(_text_run(entry.text))
    container.append(_text_run("\t"))
    if page_field and anchor:
        for run in (_fld("begin"), _instr_run(_pageref(anchor)), _fld("separate"),
                    _text_run(PAGE_PLACEHOLDER), _fld("end")):
            container.append(run)
    else:
        container.append(_text_run("" if entry.page is None else str(entry.page)))
    return p


def _layout_entries(listed: Sequence[TocHeading]) -> list:
    """`toc_paragraph(entry, anchor, page_field=True)` for each heading: the common entry (a link and a PAGEREF
    field) copied from one made by `toc_paragraph` per style, its anchor and text filled in, which lxml does in
    C (making each of a program's 200 entries' 14 elements one by one took 8 ms); any other entry (no anchor, or
    a text that `_text_run` writes as a tab) as `toc_paragraph` makes it."""
    made, prototypes = [], {}
    for heading in listed:
        entry = TocEntry(heading.level, heading.text, None)
        if not heading.anchor or heading.text == "\t":
            made.append(toc_paragraph(entry, heading.anchor, page_field=True))
            continue
        style = min(heading.level, 3)
        if style not in prototypes:
            prototypes[style] = toc_paragraph(TocEntry(style, "", None), "_", page_field=True)
        paragraph = copy.deepcopy(prototypes[style])
        paragraph.find(_HYPERLINK).set(_ANCHOR, heading.anchor)
        next(paragraph.iter(_TEXT)).text = heading.text
        next(paragraph.iter(_INSTR_TEXT)).text = _pageref(heading.anchor)
        made.append(paragraph)
    return made


_HYPERLINK, _ANCHOR, _INSTR_TEXT = qn("w:hyperlink"), qn("w:anchor"), qn("w:instrText")


def _toc_content(body):
    """The `w:sdtContent` of the body's table of contents (a content control in Word's "Table of Contents"
    gallery, as `TOC_FIELD` writes it), or None."""
    for sdt in body.iter(qn("w:sdt")):
        gallery = next(sdt.iter(_GALLERY), None)  # the first, as find(".//") would give, found in C
        if gallery is not None and gallery.get(qn("w:val")) == "Table of Contents":
            return sdt.find(qn("w:sdtContent"))
    return None


def has_toc(body) -> bool:
    """Whether a `w:body` has the table of contents `fill_toc_document` fills (and `layout_toc` writes out)."""
    return _toc_content(body) is not None


def fill_toc_document(document, entries: Sequence[TocEntry]) -> int | None:
    """Write TOC entries (with LibreOffice's page numbers) into an open python-docx Document's TOC field, which
    the caller saves: how many were written, or None when the document has no TOC field (nothing changed)."""
    anchors = match_anchors(entries, headings(document.element.body))
    content = _toc_content(document.element.body)
    if content is None:
        return None
    paragraphs = content.findall(qn("w:p"))
    title, field_paras = paragraphs[0], paragraphs[1:]
    instr = _instr_run(TOC_INSTRUCTION)
    for para in field_paras:
        for node in para.iter(qn("w:instrText")):
            instr = _instr_run(node.text or TOC_INSTRUCTION)
        content.remove(para)
    new = [toc_paragraph(e, a) for e, a in zip(entries, anchors, strict=True)] or [OxmlElement("w:p")]
    first, last = new[0], new[-1]
    ppr = first.find(qn("w:pPr"))
    insert_at = list(first).index(ppr) + 1 if ppr is not None else 0
    for offset, run in enumerate([_fld("begin"), instr, _fld("separate")]):
        first.insert(insert_at + offset, run)
    last.append(_fld("end"))
    anchor_index = list(content).index(title) + 1
    for offset, para in enumerate(new):
        content.insert(anchor_index + offset, para)
    return len(entries)


def empty_toc(body) -> bool:
    """The body's table of contents emptied in place: its title and the TOC field with no result, as a
    program leaves pandoc (`assemble.TOC_FIELD`). False when there is no table of contents."""
    content = _toc_content(body)
    if content is None:
        return False
    paragraphs = content.findall(qn("w:p"))
    for para in paragraphs[1:]:
        content.remove(para)
    field = OxmlElement("w:p")
    for run in (_fld("begin"), _instr_run(TOC_INSTRUCTION), _fld("separate"), _fld("end")):
        field.append(run)
    content.append(field)
    return True


def fill_toc(path: Path, entries: Sequence[TocEntry]) -> int:
    """`fill_toc_document` on the DOCX at `path`, saved when it has a TOC field; returns how many entries."""
    document = docx.Document(str(path))
    filled = fill_toc_document(document, entries)
    if filled is not None:
        document.save(str(path))
    return filled or 0


def layout_toc(body, styles=None) -> list[TocHeading] | None:
    """In the copy of a document LibreOffice lays out (its `w:body`, changed in place; `styles`, its `w:styles`):
    the table of contents written out as its entries, each page a PAGEREF field to the heading's bookmark,
    inside the bookmark `TOC_BOOKMARK`, and no TOC field or content control left for LibreOffice to rebuild.
    Returns the entries' headings in order, or None, leaving the body as it was, when the document has no
    table of contents, no heading for one, or a paragraph LibreOffice's index would list that is not a
    bookmarked heading (`listed_elsewhere`): LibreOffice then builds the index itself."""
    content = _toc_content(body)
    found = headings(body)
    listed = [TocHeading(level, text, anchor) for level, text, anchor in found if level <= TOC_LEVELS]
    if content is None or not listed or listed_elsewhere(body, styles, found):
        return None
    sdt = content.getparent()
    paragraphs = content.findall(qn("w:p"))
    parent, at = sdt.getparent(), sdt.getparent().index(sdt)
    entries = _layout_entries(listed)
    ids = [int(mark_id) for mark in body.iter(_BOOKMARK_START) if (mark_id := mark.get(_ID, "")).isdigit()]
    mark_id = str(max(ids, default=0) + 1)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), mark_id)
    start.set(qn("w:name"), TOC_BOOKMARK)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), mark_id)
    first_ppr = entries[0].find(qn("w:pPr"))
    first_ppr.addnext(start)
    entries[-1].append(end)
    for offset, para in enumerate([paragraphs[0], *entries]):  # the title ("Contents"), then the entries
        parent.insert(at + offset, para)
    parent.remove(sdt)
    return listed


def toc_from_layout(listed: Sequence[TocHeading], laid_out: str | None) -> list[TocEntry] | None:
    """The entries of a layout copy's table of contents with their page numbers: `laid_out` is the text of its
    `TOC_BOOKMARK` after LibreOffice laid the pages out, one line per entry ("text<TAB>page"). None when the
    lines are not the entries written (another count or text) or a page is missing, so that the caller can
    have LibreOffice rebuild its index instead."""
    if laid_out is None:
        return None
    lines = [line for line in laid_out.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line]
    if len(lines) != len(listed):
        return None
    entries = []
    for heading, line in zip(listed, lines, strict=True):
        text, tab, page = line.rpartition("\t")
        if not tab or text != heading.text or not page.isdigit() or page == PAGE_PLACEHOLDER:
            return None
        entries.append(TocEntry(heading.level, heading.text, int(page)))
    return entries
