"""Turn one Markdown document into a Word file a client can edit, and fill its table of contents.

One pandoc call per document with the house reference.docx (real Word styles); then python-docx adds the
running header (company, document title), the footer (revision, date, page X of Y) and custom document
properties carrying provenance; `append_docx` appends the forms. After LibreOffice has laid the document out
and exported the PDF, `toc.fill_toc` writes the same entries and page numbers into the DOCX's TOC field, so
the Word file opens with a filled table of contents instead of an empty field waiting for an update.
"""

from __future__ import annotations

import copy
import logging
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
from .office import Converted, Office
from .ooxml import DOCUMENT_PART, STYLES_PART, write_with_main_part
from .styles import REFERENCE_DOCX
from .tablestyle import spell_out_table_styles
from .toc import TOC_BOOKMARK, TOC_INSTRUCTION, TocHeading, layout_toc, toc_from_layout

log = logging.getLogger(__name__)

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
    f'<w:r><w:instrText xml:space="preserve">{TOC_INSTRUCTION}</w:instrText></w:r>'
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
    style = paragraph.find(_STYLE_PATH)
    return style is not None and style.get(_W_VAL, "").startswith("Heading")


# the tag names anchor_headings compares with, made once (qn, a thousand times per program, cost 3 ms)
_STYLE_PATH = qn("w:pPr") + "/" + qn("w:pStyle")
_W_VAL, _W_ID, _W_P, _W_PPR = qn("w:val"), qn("w:id"), qn("w:p"), qn("w:pPr")
_MARK_START, _MARK_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")


def anchor_headings(document) -> int:
    """Move each heading's bookmark inside the heading paragraph; returns how many moved.

    pandoc opens a heading's bookmark before the heading paragraph and closes it at the end of its section, so
    the bookmark spans the section. Word keeps such a bookmark, but LibreOffice rewrites it on save (a section
    of acme's program ends with a table; 19 of 20 `sec-*` bookmarks came back elsewhere or not at all). A
    bookmark that starts and ends inside the heading paragraph survives LibreOffice and Word, and still marks
    the heading for the table of contents' links and for `corpath absorb`.
    """
    body = document.element.body
    ends = {mark.get(_W_ID): mark for mark in body.iter(_MARK_END)}
    moved = 0
    for start in list(body.iterchildren(_MARK_START)):
        heading = start.getnext()
        while heading is not None and heading.tag == _MARK_START:
            heading = heading.getnext()
        if heading is None or heading.tag != _W_P or not _is_heading(heading):
            continue
        end = ends.get(start.get(_W_ID))
        if end is None:
            continue
        ppr = heading.find(_W_PPR)
        heading.insert(0 if ppr is None else list(heading).index(ppr) + 1, start)
        end.getparent().remove(end)
        heading.append(end)
        moved += 1
    return moved


_REFERENCE_ATTRS = (qn("r:id"), qn("r:embed"), qn("r:link"), qn("r:pict"))
_CROSS_PART = {qn("w:numPr"), qn("w:footnoteReference"), qn("w:endnoteReference"), qn("w:commentReference"),
               qn("w:altChunk"), qn("w:object")}
_BOOKMARKS = (_MARK_START, _MARK_END)
_STYLE_REFS = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
_SECT_PR = qn("w:sectPr")


# any element, the body included, with an attribute of _REFERENCE_ATTRS (one XPath run in C: a loop in Python
# over every element of twenty forms cost a tenth of a second per client). Asked for the attributes themselves,
# libxml2 answers in a fifth of the time it takes to test each element for them (8 ms instead of 40 ms for
# lakeshore-gc's 21 forms).
_POINTS_OUT = etree.XPath("boolean(descendant-or-self::*/@r:id | descendant-or-self::*/@r:embed"
                          " | descendant-or-self::*/@r:link | descendant-or-self::*/@r:pict)",
                          namespaces={"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"})


def _self_contained(document, styles: set[str]) -> bool:
    """True when a document's body is text, tables and styles `styles` already has: nothing that points into
    another part (images, links, numbering, notes, comments)."""
    body = document.element.body
    if next(body.iter(*_CROSS_PART), None) is not None or _POINTS_OUT(body):
        return False
    return all(element.get(_W_VAL) in styles for element in body.iter(*_STYLE_REFS))


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
        end = body.find(_SECT_PR)  # the last section's properties stay last
        next_id = 1 + max((int(b.get(_W_ID)) for b in body.iter(*_BOOKMARKS)), default=0)
        for other in others:
            renumbered: dict[str, str] = {}  # each form's bookmark ids, moved past the ones already used
            for child in other.element.body.iterchildren():
                if child.tag == _SECT_PR:
                    continue
                child = copy.deepcopy(child)
                for mark in child.iter(*_BOOKMARKS):
                    old = mark.get(_W_ID)
                    if old not in renumbered:
                        renumbered[old] = str(next_id)
                        next_id += 1
                    mark.set(_W_ID, renumbered[old])
                if end is None:
                    body.append(child)
                else:
                    end.addprevious(child)
        return
    composer = Composer(document)
    for other in others:
        composer.append(other)


def docx_to_pdf(office: Office, source: Path, pdf: Path) -> Converted:
    """The PDF of a DOCX, laid out by LibreOffice from its layout copy (`layout_source`: table styles written
    out, the table of contents written as entries); the DOCX itself is left as it is."""
    with tempfile.TemporaryDirectory(prefix="corpath-layout-") as scratch:
        return lay_out(office, layout_source(source, Path(scratch)), pdf)


@dataclass(frozen=True)
class Layout:
    """What LibreOffice lays out for a DOCX (`layout_source`)."""

    source: Path  # the DOCX as delivered
    path: Path  # the copy LibreOffice lays out, or `source` itself when nothing needed changing
    toc: tuple[TocHeading, ...] | None  # the entries written into the copy's table of contents, if any
    tables: int = 0  # tables whose table style the copy writes out


def layout_source(source: Path, scratch: Path) -> Layout:
    """What LibreOffice should lay out for `source`: a copy in the folder `scratch` with the table styles
    written out (`tablestyle.spell_out_table_styles`: same look, a third faster import) and the table of
    contents written as its entries with PAGEREF page numbers (`toc.layout_toc`: no index update), or `source`
    itself when neither applies. Works on the package's two XML parts with lxml, leaving every other part byte
    for byte, in the calling thread, so that a caller can leave only LibreOffice's wait to another thread."""
    with zipfile.ZipFile(source) as package:
        document = etree.fromstring(package.read(DOCUMENT_PART))
        styles = etree.fromstring(package.read(STYLES_PART)) if STYLES_PART in package.namelist() else None
        tables = spell_out_table_styles(document, styles) if styles is not None else 0
        listed = layout_toc(document.find(qn("w:body")), styles)
        if not tables and listed is None:
            return Layout(source, source, None, 0)
        target = write_with_main_part(package, scratch / source.name, document, stored=True)
    return Layout(source, target, None if listed is None else tuple(listed), tables)


def lay_out(office: Office, layout: Layout, pdf: Path, *, release: bool = True) -> Converted:
    """`layout.path` converted to `pdf` by `office` (see `Office.to_pdf` for `release`), its `toc` the entries
    of the table of contents with the pages LibreOffice laid out. Should the laid-out entries not read back as
    written (`toc.toc_from_layout`), the delivered DOCX is converted again with LibreOffice's own index update,
    and a warning is logged. Raises ToolError as `Office.to_pdf` does."""
    if layout.toc is None:
        return office.to_pdf(layout.path, pdf, release=release)
    converted = office.to_pdf(layout.path, pdf, release=release, read_bookmark=TOC_BOOKMARK)
    entries = toc_from_layout(layout.toc, converted.bookmark_text)
    if entries is not None:
        return replace(converted, toc=entries)
    log.warning("the table of contents of %s did not read back from LibreOffice's layout; "
                "converting it again with LibreOffice's index update", layout.source.name)
    return office.to_pdf(layout.source, pdf, release=False)
