"""Read a program DOCX back, whichever word processor saved it last: its sections as Markdown, and what else.

One pandoc call reads the whole document (tracked changes accepted, pictures extracted); it is cut at every
level-1 heading into chunks (heading text, the `sec-*` bookmark on the heading when an editor kept one, and
the Markdown under it). Beside the Markdown, the Word XML is walked once for what pandoc does not say: which
chunks hold tracked changes and comments, the comments' text, the page header and footer, and the build id
in the custom document properties (which Google Docs drops).

The Markdown is cleaned of what editors add by themselves (LibreOffice's anchor spans and list separators,
picture sizes); `canonical` goes further for comparing two texts: table rules, column padding, bold table
headers and Markdown escapes do not make a different text.

Every file this module reads goes through `read_bytes`, so a check on what may be read sits in one place.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pypandoc
from docx.oxml.ns import qn
from lxml import etree

from ..errors import InputError, Problem, ToolError
from ..intake.yamlfile import display_path
from ..word.assemble import PANDOC_RTS

SECTION_PREFIX = "sec-"
BUILD_ID = "corpath.build_id"
_HEADING = re.compile(r"^#[ \t]+(?P<title>.*?)[ \t]*(?:\{(?P<attrs>[^{}]*)\})?[ \t]*$")
_ANCHOR_SPAN = re.compile(r"\[\]\{#[^{}]*\}")
_PICTURE_SIZE = re.compile(r"(!\[[^\]]*\]\([^)]*\))\{[^{}]*\}")
_SEPARATOR = re.compile(r"^<!-- -->[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t]*[-=+:| ]*[-=]{3,}[-=+:| ]*$", re.M)
_HEADING_ID = re.compile(r"^(#+[ \t].*?)[ \t]*\{#[^{}]*\}[ \t]*$", re.M)
_NUMBERED = re.compile(r"^([ \t]*)\d+[.)][ \t]", re.M)
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_bytes(path: Path) -> bytes:
    """The bytes of a file absorb reads (an edited DOCX, a delivery's program); the one place to check paths."""
    return path.read_bytes()


def normalize(markdown: str) -> str:
    """Trailing spaces and blank-line runs do not make a different text."""
    lines = [line.rstrip() for line in markdown.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def clean(markdown: str) -> str:
    """Markdown without what an editor adds by itself: anchor spans, list separators, picture sizes."""
    markdown = _ANCHOR_SPAN.sub("", markdown)
    markdown = _SEPARATOR.sub("", markdown)
    markdown = _PICTURE_SIZE.sub(r"\1", markdown)
    return normalize(markdown)


def canonical(markdown: str) -> str:
    """A text's words for comparing: no table rules, padding, bold markers, escapes, line breaks, heading ids
    or list numbers (LibreOffice writes a numbered list's items as numbering restarts that read back as 1.)."""
    text = _RULE.sub(" ", clean(markdown))
    text = _NUMBERED.sub(r"\1#. ", _HEADING_ID.sub(r"\1", text))
    text = re.sub(r"(?:^|(?<=\s))\|(?=\s|$)", " ", text, flags=re.M)  # grid table cell walls
    text = _ESCAPE.sub("", text.replace("**", ""))
    return re.sub(r"\s+", " ", text).strip()


def plain_title(title: str) -> str:
    """A heading's text as a reader sees it (no escapes, no extra spaces)."""
    return re.sub(r"\s+", " ", _ESCAPE.sub("", title)).strip()


@dataclass
class Chunk:
    """One level-1 heading and what follows it up to the next."""

    title: str
    anchor: str | None  # the section id of a `sec-*` bookmark on the heading, if an editor kept it
    body: str  # cleaned Markdown under the heading
    tracked: int = 0  # tracked insertions and deletions (pandoc has accepted them)
    comments: list[str] = field(default_factory=list)  # "author: text"


@dataclass
class DocView:
    """What a program DOCX says, read back."""

    path: Path
    front: Chunk  # the cover and document control: what comes before the first level-1 heading
    chunks: list[Chunk]
    header_footer: list[str]
    build_id: str | None
    media: dict[str, bytes]  # picture name (as written in the Markdown, `media/<hash>.<ext>`) → bytes
    furniture: set[str] = field(default_factory=set)  # title block and contents heading texts (see `_furniture`)


def _open(path: Path, data: bytes):
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise InputError([Problem(display_path(path), None, None, "", f"not a Word document: {exc}")]) from None


def _build_id(document) -> str | None:
    from docxcompose.properties import CustomProperties

    try:
        return str(CustomProperties(document)[BUILD_ID])
    except Exception:  # no custom properties part, or no such property
        return None


def _header_footer(document) -> list[str]:
    texts = []
    for section in document.sections:
        for part in (section.header, section.footer):
            text = " ".join(p.text for p in part.paragraphs).strip()
            texts.append(re.sub(r"Page\s*\d*\s*of\s*\d*", "Page X of Y", text))
    return texts


def _comments(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/comments.xml" not in archive.namelist():
            return {}
        root = etree.fromstring(archive.read("word/comments.xml"))
    found = {}
    for comment in root.iter(W + "comment"):
        text = " ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in comment.iter(W + "p")).strip()
        found[comment.get(W + "id")] = f"{comment.get(W + 'author') or 'someone'}: {text}"
    return found


_FURNITURE = {"title", "subtitle", "author", "date", "abstract", "toc heading"}


def _furniture(document) -> set[str]:
    """The text of the title block and the contents heading. pandoc reads these styles as metadata and leaves
    them out of the body; an editor that drops the styles (Google Docs) brings them back as plain paragraphs,
    which is no edit."""
    return {canonical(p.text) for p in document.paragraphs
            if p.style is not None and (p.style.name or "").lower() in _FURNITURE and p.text.strip()}


def _heading_one_styles(document) -> set[str]:
    ids = set()
    for style in document.styles.element.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val"), "").lower() == "heading 1":
            ids.add(style.get(qn("w:styleId")))
    return ids


def _regions(document, comments: dict[str, str]) -> list[tuple[str, int, list[str]]]:
    """(heading text, tracked changes, comments) for each level-1 heading of the body, in order; index 0 is
    what comes before the first heading."""
    headings = _heading_one_styles(document)
    regions: list[tuple[str, int, list[str]]] = [("", 0, [])]
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            level = child.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
            if (style is not None and style.get(qn("w:val")) in headings) or (
                    level is not None and level.get(qn("w:val")) == "0"):
                regions.append(("".join(t.text or "" for t in child.iter(qn("w:t"))), 0, []))
        title, tracked, notes = regions[-1]
        tracked += sum(1 for _ in child.iter(qn("w:ins"), qn("w:del")))
        notes = notes + [comments[c.get(qn("w:id"))] for c in child.iter(qn("w:commentRangeStart"))
                         if c.get(qn("w:id")) in comments]
        regions[-1] = (title, tracked, notes)
    return regions


def _markdown(path: Path, data: bytes) -> tuple[str, dict[str, bytes]]:
    """pandoc's Markdown of the document, pictures renamed by their content (`media/<sha1>.<ext>`)."""
    with tempfile.TemporaryDirectory(prefix="corpath-absorb-") as tmp:
        source = Path(tmp) / "in.docx"
        source.write_bytes(data)
        extracted = Path(tmp) / "x"
        try:
            markdown = pypandoc.convert_file(str(source), "markdown-smart", format="docx",
                                             extra_args=[*PANDOC_RTS, "--wrap=none", f"--extract-media={extracted}"])
        except (RuntimeError, OSError) as exc:
            raise ToolError(f"pandoc could not read {path.name}: {exc}") from None
        media: dict[str, bytes] = {}
        for file in sorted(extracted.rglob("*")) if extracted.exists() else []:
            if not file.is_file():
                continue
            blob = file.read_bytes()
            name = f"media/{hashlib.sha1(blob).hexdigest()[:16]}{file.suffix.lower()}"
            media[name] = blob
            markdown = markdown.replace(str(file), name)
    return markdown, media


def split_chunks(markdown: str) -> tuple[str, list[Chunk]]:
    """The Markdown before the first level-1 heading, and one chunk per level-1 heading after it. The table
    of contents (a heading with the TOC-Heading class) is left out: it is made again on every build."""
    front: list[str] = []
    heads: list[tuple[str, str | None]] = []
    bodies: list[list[str]] = []
    current: list[str] | None = front
    for line in markdown.splitlines():
        match = _HEADING.match(line)
        if match:
            attrs = match.group("attrs") or ""
            if "TOC-Heading" in attrs:
                current = None
                continue
            ids = [i for i in re.findall(r"#([\w-]+)", attrs) if i.startswith(SECTION_PREFIX)]
            heads.append((plain_title(match.group("title")),
                          ids[0][len(SECTION_PREFIX):].replace("-", "_") if ids else None))
            current = []
            bodies.append(current)
        elif current is not None:
            current.append(line)
    chunks = [Chunk(title, anchor, clean("\n".join(body))) for (title, anchor), body in zip(heads, bodies, strict=True)]
    return clean("\n".join(front)), chunks


def read_docx(path: Path) -> DocView:
    """Read a program DOCX (any editor's) into its front matter, chunks, header and footer, and build id.

    Raises InputError when the file is not a Word document, ToolError when pandoc fails.
    """
    data = read_bytes(path)
    document = _open(path, data)
    markdown, media = _markdown(path, data)
    front, chunks = split_chunks(markdown)
    regions = _regions(document, _comments(data))
    used = 0
    for title, tracked, notes in regions[1:]:
        for k in range(used, len(chunks)):
            if chunks[k].title == plain_title(title):
                chunks[k].tracked, chunks[k].comments, used = tracked, notes, k + 1
                break
    cover = Chunk("", None, front, regions[0][1], regions[0][2])
    return DocView(path, cover, chunks, _header_footer(document), _build_id(document), media, _furniture(document))
