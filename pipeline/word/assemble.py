"""Turn one Markdown document into a Word file a client can edit, and fill its table of contents.

One pandoc call per document with the house reference.docx (real Word styles); then python-docx adds the
running header (company, document title), the footer (revision, date, page X of Y) and custom document
properties carrying provenance; `append_docx` appends the forms. After LibreOffice has laid the document out
and exported the PDF, `fill_toc` writes the same entries and page numbers into the DOCX's TOC field, so the
Word file opens with a filled table of contents instead of an empty field waiting for an update.
"""

from __future__ import annotations

import copy
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pypandoc
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docxcompose.composer import Composer
from docxcompose.properties import CustomProperties
from lxml import etree

from ..errors import ToolError
from .office import Converted, Office, TocEntry
from .styles import REFERENCE_DOCX
from .tablestyle import layout_copy

# Quotes stay as typed (-smart). The templates write no definition lists and no TeX; turning those readers off
# makes pandoc convert a 135-page program a fifth faster (0.84 s → 0.66 s, same document) and leaves intake
# text fewer ways to be taken for markup.
PANDOC_FORMAT = "markdown-smart-definition_lists-raw_tex-tex_math_dollars-latex_macros"
# The pandoc binary is built to ask for a 64 MB heap up front (-with-rtsopts=-H64m). Its live data is about
# 11 MB, and a small heap keeps it in cache: a 135-page program converts in 0.52 s instead of 0.69 s, and the
# process peaks at 133 MB instead of 179 MB (best of five, same DOCX).
# An old generation of at least 16 MB (-O16m) spares it most major collections of its 8-11 MB of live data:
# a client's four documents (program, gap report, interview guide, observation checklist; 350 KB of Markdown)
# take 0.79 s of CPU instead of 0.97 s (median of six interleaved runs), the same DOCX byte for byte, and
# the program's pandoc peaks 5 MB higher (168 MB).
# GHC's runtime installs its own Ctrl-C handler unless told not to; without it pandoc keeps the SIGINT
# disposition it inherits, so a batch worker's pandoc (ignoring SIGINT) finishes its build on a first Ctrl-C.
PANDOC_RTS = ["+RTS", "-H1m", "-O16m", "--install-signal-handlers=no", "-RTS"]
TOC_TITLE = "Contents"

PAGE_BREAK = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```\n'

TOC_FIELD = (
    "```{=openxml}\n"
    '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>'
    "</w:docPartObj></w:sdtPr><w:sdtContent>"
    f'<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>{TOC_TITLE}</w:t></w:r></w:p>'
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    "</w:sdtContent></w:sdt>\n"
    "```\n"
)


@dataclass(frozen=True)
class DocMeta:
    """What the header, footer and document properties say."""

    title: str
    company: str
    revision: str
    date: str
    author: str = "corpath"
    subject: str = ""
    properties: dict[str, str] = field(default_factory=dict)


def pandoc_to_docx(markdown: str, target: Path, *, reference: Path = REFERENCE_DOCX,
                   resource_path: Path | None = None) -> Path:
    """One pandoc call: Markdown (smart quotes off) → DOCX with the house styles.

    pypandoc's format check is off (`verify_format=False`): it asks pandoc for its input and output formats,
    two more processes per document, about both fixed names here."""
    args = [*PANDOC_RTS, f"--reference-doc={reference}"]
    if resource_path is not None:
        args.append(f"--resource-path={resource_path}")
    try:
        pypandoc.convert_text(markdown, "docx", format=PANDOC_FORMAT, outputfile=str(target), extra_args=args,
                              verify_format=False)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        raise ToolError(f"pandoc failed writing {target.name}: {exc}") from None
    return target


def _field_run(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) Word and LibreOffice both update when laying out."""
    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _small(paragraph) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(8.5)


CORE_PROPERTY_MAX = 255
"""The most characters a Word core property (title, author, subject) holds; python-docx refuses more."""


def _fit(text: str) -> str:
    """A core property's value, shortened (with an ellipsis) only when the format forces it."""
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "…"


def decorate_docx(path: Path, meta: DocMeta, *, cover_page: bool = True) -> None:
    """Header, footer (page X of Y), core and custom properties, and heading bookmarks moved inside their
    headings (`anchor_headings`); the cover page has neither header nor footer. Opens and saves `path`."""
    document = docx.Document(str(path))
    decorate_document(document, meta, cover_page=cover_page)
    document.save(str(path))


def decorate_document(document, meta: DocMeta, *, cover_page: bool = True) -> None:
    """`decorate_docx` on an open python-docx Document, which the caller saves."""
    core = document.core_properties
    core.title = _fit(f"{meta.company}: {meta.title}")
    core.author = _fit(meta.author)
    core.subject = _fit(meta.subject)
    core.comments = _fit(f"Revision {meta.revision}, {meta.date}")
    for section in document.sections:
        section.different_first_page_header_footer = cover_page
        header = section.header.paragraphs[0]
        header.text = f"{meta.company} | {meta.title}"
        _small(header)
        footer = section.footer.paragraphs[0]
        footer.text = ""
        footer.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
        footer.add_run(f"Revision {meta.revision} | {meta.date}\tPage ")
        _field_run(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field_run(footer, "NUMPAGES", "1")
        _small(footer)
    anchor_headings(document)
    if meta.properties:
        custom = CustomProperties(document)
        for key, value in meta.properties.items():
            custom[key] = str(value)


def _is_heading(paragraph) -> bool:
    style = paragraph.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style is not None and style.get(qn("w:val"), "").startswith("Heading")


def anchor_headings(document) -> int:
    """Move each heading's bookmark inside the heading paragraph; returns how many moved.

    pandoc opens a heading's bookmark before the heading paragraph and closes it at the end of its section, so
    the bookmark spans the section. Word keeps such a bookmark, but LibreOffice rewrites it on save (a section
    of acme's program ends with a table; 19 of 20 `sec-*` bookmarks came back elsewhere or not at all). A
    bookmark that starts and ends inside the heading paragraph survives LibreOffice and Word, and still marks
    the heading for the table of contents' links and for `corpath absorb`.
    """
    body = document.element.body
    ends = {mark.get(qn("w:id")): mark for mark in body.iter(qn("w:bookmarkEnd"))}
    moved = 0
    for start in list(body.iterchildren(qn("w:bookmarkStart"))):
        heading = start.getnext()
        while heading is not None and heading.tag == qn("w:bookmarkStart"):
            heading = heading.getnext()
        if heading is None or heading.tag != qn("w:p") or not _is_heading(heading):
            continue
        end = ends.get(start.get(qn("w:id")))
        if end is None:
            continue
        ppr = heading.find(qn("w:pPr"))
        heading.insert(0 if ppr is None else list(heading).index(ppr) + 1, start)
        end.getparent().remove(end)
        heading.append(end)
        moved += 1
    return moved


_REFERENCE_ATTRS = (qn("r:id"), qn("r:embed"), qn("r:link"), qn("r:pict"))
_CROSS_PART = {qn("w:numPr"), qn("w:footnoteReference"), qn("w:endnoteReference"), qn("w:commentReference"),
               qn("w:altChunk"), qn("w:object")}
_BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
_STYLE_REFS = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))


# any element, the body included, with an attribute of _REFERENCE_ATTRS (one XPath run in C: a loop in Python
# over every element of twenty forms cost a tenth of a second per client)
_POINTS_OUT = etree.XPath("boolean(descendant-or-self::*[@r:id or @r:embed or @r:link or @r:pict])",
                          namespaces={"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"})


def _self_contained(document, styles: set[str]) -> bool:
    """True when a document's body is text, tables and styles `styles` already has: nothing that points into
    another part (images, links, numbering, notes, comments)."""
    body = document.element.body
    if next(body.iter(*_CROSS_PART), None) is not None or _POINTS_OUT(body):
        return False
    return all(element.get(qn("w:val")) in styles for element in body.iter(*_STYLE_REFS))


def append_docx(base: Path, extras: Sequence[Path]) -> None:
    """Append small documents (forms) to a big one.

    Forms made from the house reference styles carry only text, tables and a bookmark, so their bodies are
    copied in directly, bookmark ids moved past the program's: 0.13 s for ten forms onto a 135-page program,
    opening and saving included, against 0.38 s through docxcompose. Anything else (images, lists, notes, a
    style the program lacks) goes through docxcompose, which rewires the parts it points to.
    """
    if not extras:
        return
    document = docx.Document(str(base))
    append_documents(document, extras)
    document.save(str(base))


def append_documents(document, extras: Sequence[Path | DocxDocument]) -> None:
    """`append_docx` onto an open python-docx Document, which the caller saves (docxcompose, when it is
    needed, appends to the same Document). Each extra is a DOCX file or an already open Document (a form
    just rendered), which is read and not changed."""
    if not extras:
        return
    others = [extra if isinstance(extra, DocxDocument) else docx.Document(str(extra)) for extra in extras]
    styles = {el.get(qn("w:styleId")) for el in document.styles.element.iterchildren(qn("w:style"))}
    if all(_self_contained(other, styles) for other in others):
        body = document.element.body
        end = body.find(qn("w:sectPr"))  # the last section's properties stay last
        next_id = 1 + max((int(b.get(qn("w:id"))) for b in body.iter(*_BOOKMARKS)), default=0)
        for other in others:
            renumbered: dict[str, str] = {}  # each form's bookmark ids, moved past the ones already used
            for child in other.element.body.iterchildren():
                if child.tag == qn("w:sectPr"):
                    continue
                child = copy.deepcopy(child)
                for mark in child.iter(*_BOOKMARKS):
                    old = mark.get(qn("w:id"))
                    if old not in renumbered:
                        renumbered[old] = str(next_id)
                        next_id += 1
                    mark.set(qn("w:id"), renumbered[old])
                if end is None:
                    body.append(child)
                else:
                    end.addprevious(child)
        return
    composer = Composer(document)
    for other in others:
        composer.append(other)


def docx_to_pdf(office: Office, source: Path, pdf: Path) -> Converted:
    """The PDF of a DOCX, laid out by LibreOffice from a copy whose table styles are written out as direct
    formatting (same look, a third faster import: see `tablestyle`); the DOCX itself is left as it is."""
    with tempfile.TemporaryDirectory(prefix="corpath-layout-") as scratch:
        return office.to_pdf(layout_source(source, Path(scratch)), pdf)


def layout_source(source: Path, scratch: Path) -> Path:
    """What LibreOffice should lay out for `source`: its copy in the folder `scratch` with the table styles
    written out (`tablestyle.layout_copy`), or `source` itself when no table needed it. The XML work is done
    here, in the calling thread, so that a caller can leave only LibreOffice's wait to another thread."""
    copy_path = scratch / source.name
    return copy_path if layout_copy(source, copy_path) else source


def _toc_paragraph(entry: TocEntry, anchor: str | None):
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
    for text in (entry.text, "\t", "" if entry.page is None else str(entry.page)):
        run = OxmlElement("w:r")
        if text == "\t":
            run.append(OxmlElement("w:tab"))
        else:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            run.append(t)
        container.append(run)
    return p


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


def _headings(document) -> list[tuple[int, str, str]]:
    """Every bookmarked heading in document order: (level, text, the bookmark pandoc put on it)."""
    found: list[tuple[int, str, str]] = []
    body = document.element.body
    pending: list[str] = []
    for child in body.iterchildren():
        if child.tag == qn("w:bookmarkStart"):
            pending.append(child.get(qn("w:name")))
            continue
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            name = style.get(qn("w:val"), "") if style is not None else ""
            marks = pending + [b.get(qn("w:name")) for b in child.iter(qn("w:bookmarkStart"))]
            if name.startswith("Heading") and name[7:].isdigit() and marks:
                text = "".join(t.text or "" for t in child.iter(qn("w:t")))
                found.append((int(name[7:]), text, marks[-1]))
        pending = []
    return found


def match_anchors(entries: Sequence[TocEntry], headings: Sequence[tuple[int, str, str]]) -> list[str | None]:
    """The bookmark each TOC entry links to: its own heading, found in document order.

    Entries and headings are both in document order, so each entry takes the next heading after the previous
    match with its level and text: a program with three "Records" headings gets three entries linking to
    three different places (their bookmarks are unique: pandoc numbers repeated ids). An entry with no such
    heading gets None (no link) and does not move the search on.
    """
    anchors: list[str | None] = []
    cursor = 0
    for entry in entries:
        found = next((i for i in range(cursor, len(headings))
                      if headings[i][1] == entry.text and headings[i][0] == entry.level), None)
        if found is None:
            anchors.append(None)
        else:
            anchors.append(headings[found][2])
            cursor = found + 1
    return anchors


def fill_toc(path: Path, entries: Sequence[TocEntry]) -> int:
    """Write TOC entries (as LibreOffice laid them out) into the DOCX's TOC field; returns how many."""
    document = docx.Document(str(path))
    filled = fill_toc_document(document, entries)
    if filled is not None:
        document.save(str(path))
    return filled or 0


def fill_toc_document(document, entries: Sequence[TocEntry]) -> int | None:
    """`fill_toc` on an open python-docx Document: how many entries were written, or None when the document
    has no TOC field (nothing changed, nothing to save)."""
    anchors = match_anchors(entries, _headings(document))
    body = document.element.body
    for sdt in body.iter(qn("w:sdt")):
        gallery = sdt.find(".//" + qn("w:docPartGallery"))
        if gallery is None or gallery.get(qn("w:val")) != "Table of Contents":
            continue
        content = sdt.find(qn("w:sdtContent"))
        paragraphs = content.findall(qn("w:p"))
        title, field_paras = paragraphs[0], paragraphs[1:]
        instr = _instr_run(' TOC \\o "1-2" \\h \\z \\u ')
        for para in field_paras:
            for node in para.iter(qn("w:instrText")):
                instr = copy.deepcopy(node.getparent())
            content.remove(para)
        new = [_toc_paragraph(e, a) for e, a in zip(entries, anchors, strict=True)] or [OxmlElement("w:p")]
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
    return None
