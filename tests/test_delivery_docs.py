"""End-to-end deliveries through the real pandoc and LibreOffice: what a client actually receives.

Each example client is built once for the whole module with one shared LibreOffice, and the tests read the
results back the way a reviewer would: the DOCX with python-docx (text, styles, headings, header, footer,
properties, the table of contents), the PDF with poppler's `pdftotext`. Bytes are never compared. The lint,
failure and smoke tests run the real `corpath` command in a throw-away workspace.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pypandoc
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree
from ooxml_order import docx_errors
from ruamel.yaml import YAML
from workspace import run_corpath, snapshot

from pipeline import __version__
from pipeline.delivery.build import BuildResult, build_client
from pipeline.delivery.client_notes import client_documents
from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.language import tally, verb
from pipeline.program.compose import PROGRAM_TITLE
from pipeline.program.forms import FORM_IDS, FORM_MODULES, FORM_TITLES, forms_for
from pipeline.program.lint import FREQUENCY, research_notes
from pipeline.program.plan import load_catalogue
from pipeline.program.render import escape_md
from pipeline.protocols.certificate import recommend
from pipeline.word.office import Office
from pipeline.word.ooxml import compatibility_mode

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 26)

SMITH = "Smith & Sons <Roofing> *Star* #1 | {{ x }}"
GAGNE = "Entreprises Gagné & Fils Ltée"
GAGNE_OPERATING = "C:\\temp \"Quoted\" 'single'"

# Small clients (one activity) keep the awkward-name builds quick.
SMITH_INTAKE = {
    "client": "smith",
    "company": {"legal_name": SMITH, "province": "AB", "industry": "construction", "trades": ["roofing"]},
    "people": {"workers": 4, "owner": {"name": "Pat Owner", "title": "Owner"}},
    "operations": {"activities": ["ladders"]},
}
GAGNE_INTAKE = {
    "client": "gagne",
    "company": {"legal_name": GAGNE, "operating_name": GAGNE_OPERATING, "province": "NB",
                "industry": "construction", "trades": ["carpentry"]},
    "people": {"workers": 4, "owner": {"name": "Luc Gagné", "title": "Président"}},
    "operations": {"activities": ["ladders"]},
}

# (client, name, how the name starts, found nowhere else: a mangled name would leave this start behind)
AWKWARD = [
    ("smith", SMITH, "Smith"),
    ("gagne", GAGNE, "Entreprises"),
    ("gagne", GAGNE_OPERATING, "C:"),
]


# -- builds, once per module --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def office() -> Iterator[Office]:
    with Office() as shared:
        yield shared


@pytest.fixture(scope="module")
def output_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("output")


@pytest.fixture(scope="module")
def intake_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("intake")
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    for data in (SMITH_INTAKE, GAGNE_INTAKE):
        with (folder / f"{data['client']}.yaml").open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
    return folder


@pytest.fixture(scope="module")
def builds(office: Office, output_root: Path, intake_dir: Path) -> dict[str, BuildResult]:
    """Each client built at most once, on first use."""
    paths = {
        "acme": REPO / "intake" / "acme.yaml",
        "lakeshore-gc": REPO / "intake" / "lakeshore-gc.yaml",
        "volta-electric": REPO / "intake" / "volta-electric.yaml",
        "smith": intake_dir / "smith.yaml",
        "gagne": intake_dir / "gagne.yaml",
    }

    class Lazy(dict):
        def __missing__(self, client: str) -> BuildResult:
            result = build_client(paths[client], output_root=output_root, office=office, today=TODAY)
            assert result.status == "built", result
            self[client] = result
            return result

    return Lazy()


def delivery(builds: dict[str, BuildResult], client: str) -> Path:
    result = builds[client]
    assert result.delivery is not None
    return result.delivery.path


# -- reading the results back -------------------------------------------------------------------------------


def normalize(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(pdf: Path) -> list[str]:
    """Text of every page, in reading order (pdftotext ends each page with a form feed)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_text(pdf: Path) -> str:
    return normalize("\n".join(pdf_pages(pdf)))


_PAGE_FURNITURE = re.compile(r"^(?:.* \| Health and Safety Program|Revision \d+ \| \d{4}-\d\d-\d\d|Page \d+ of \d+)$")


def pdf_body_text(pdf: Path) -> str:
    """`pdf_text` without each page's header (company | program title) and footer (revision, date, page X of
    Y), so a paragraph that runs over a page break reads as one: 'Smith & Sons <Roofing>' at the foot of one
    page and '*Star* #1 | {{ x }}' at the top of the next are one name, not two altered ones."""
    return normalize("\n".join(line for page in pdf_pages(pdf) for line in page.splitlines()
                               if not _PAGE_FURNITURE.match(line.strip())))


def parts_in_order(name: str, text: str) -> bool:
    """Every whitespace-separated part of `name` starts a word of `text`, in order, with other words between
    allowed (pdftotext interleaves a table cell's wrapped lines with the next column) and a part allowed to
    run over a line break (LibreOffice may wrap after a backslash: `C:\\` / `temp`)."""
    wanted = name.split()
    words = text.split()
    for i in range(len(words)):
        if not wanted:
            break
        joined = ""
        for word in words[i:i + 4]:
            joined += word
            if joined.startswith(wanted[0]):
                wanted.pop(0)
                break
            if not wanted[0].startswith(joined):
                break
    return not wanted


def all_paragraphs(document) -> list[Paragraph]:
    """Every paragraph of the body, in tables and content controls too (python-docx's list skips those)."""
    return [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]


def docx_texts(path: Path) -> list[str]:
    """Body paragraphs (tables included), then header and footer paragraphs."""
    document = docx.Document(str(path))
    texts = [p.text for p in all_paragraphs(document)]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            texts.extend(p.text for p in part.paragraphs)
            texts.extend(c.text for t in part.tables for r in t.rows for c in r.cells)
    return texts


def style_of(element) -> str:
    style = element.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style.get(qn("w:val")) if style is not None else ""


def element_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def custom_properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {prop.get("name"): "".join(prop.itertext()) for prop in root}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- 1. a delivery ------------------------------------------------------------------------------------------


def test_acme_delivery_has_the_program_and_a_manifest_of_every_file(builds: dict[str, BuildResult],
                                                                    output_root: Path) -> None:
    folder = delivery(builds, "acme")
    legal_name = "Acme Roofing Ltd."

    document = docx.Document(str(folder / "program.docx"))
    assert any(legal_name in p.text for p in document.paragraphs)
    assert legal_name in pdf_text(folder / "program.pdf")

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(manifest["files"]) == on_disk
    assert {"program.docx", "program.pdf", "program.md", "gap-report.docx", "gap-report.pdf",
            "records-checklist.xlsx", "review.md"} <= on_disk
    assert manifest["review"] == {"file": "review.md", "unverified_facts": builds["acme"].review}
    acme = load_intake(REPO / "intake" / "acme.yaml")
    expected = forms_for(plan_program(acme, recommend(acme)))  # the roofer's permits and plans, no others
    assert {f"forms/{n:02d}-{form_id}.docx" for n, form_id in enumerate(expected, start=1)} <= on_disk
    for name, digest in manifest["files"].items():
        assert sha256(folder / name) == digest, name

    pointer = output_root / "acme" / "latest"
    assert pointer.is_symlink()
    assert pointer.resolve() == folder.resolve()
    assert manifest["build_id"] == custom_properties(folder / "program.docx")["corpath.build_id"]


@pytest.mark.parametrize("client", ["acme", "volta-electric", "lakeshore-gc"])
def test_client_documents_carry_no_research_note_and_review_md_lists_the_facts(
        builds: dict[str, BuildResult], client: str) -> None:
    """No hedge, confidence label or source remark in anything the client gets (DOCX, PDF, XLSX, calendar);
    the unverified facts behind them are in review.md, for the consultant."""
    folder = delivery(builds, client)
    documents = client_documents(folder)
    assert {"program.docx", "gap-report.docx", "records-checklist.xlsx", "certificate-calendar.ics"} <= set(documents)
    intake = load_intake(REPO / "intake" / f"{client}.yaml")
    forms = forms_for(plan_program(intake, recommend(intake)))  # a permit or plan only where the work needs it
    assert sum(name.startswith("forms/") for name in documents) == len(forms)
    for name, text in documents.items():
        assert research_notes(text) == [], name
    for pdf in ("program.pdf", "gap-report.pdf"):
        assert research_notes(pdf_text(folder / pdf)) == [], pdf
    assert research_notes((folder / "program.md").read_text(encoding="utf-8")) == []

    review = (folder / "review.md").read_text(encoding="utf-8")
    assert "For the consultant, not for the client." in review
    count = builds[client].review
    assert count and review.count("\n## ") == count
    assert f"{tally(count, 'fact')} in this delivery {verb('is', count)} unverified" in review
    assert "- Where: " in review and "- Source: " in review and "- Confirm: " in review


def test_review_md_says_where_a_weakly_sourced_requirement_is_stated(builds: dict[str, BuildResult]) -> None:
    """acme's program states Alberta's incident-report retention plainly; review.md carries the research note."""
    folder = delivery(builds, "acme")
    program = (folder / "program.md").read_text(encoding="utf-8")
    assert "Incident investigation reports are kept for at least 2 years" in program
    review = (folder / "review.md").read_text(encoding="utf-8")
    item = next(block for block in review.split("\n## ") if "record_retention" in block)
    assert ('Where: program.docx, section "Program Administration, Records, Statistics and Legislation"'
            in item)
    assert "Source: work.alberta.ca archived s.18 (low confidence)" in item
    assert "Treat as unverified." in item


# -- 2. intake text comes out exactly as typed --------------------------------------------------------------


@pytest.mark.parametrize(("client", "name", "word"), AWKWARD, ids=["smith", "gagne-legal", "gagne-operating"])
def test_awkward_name_round_trips_exactly(builds: dict[str, BuildResult], client: str, name: str,
                                          word: str) -> None:
    assert name.startswith(word)
    folder = delivery(builds, client)

    texts = docx_texts(folder / "program.docx")
    body = "\n".join(texts)
    assert body.count(name) > 0
    assert body.count(word) == body.count(name), f"{name!r} altered somewhere in program.docx"

    assert pdf_text(folder / "program.pdf").count(name) > 0  # the page header's among them
    pdf = pdf_body_text(folder / "program.pdf")
    # a name wrapped inside a table cell comes out of pdftotext interleaved with the next column's text,
    # so in the PDF every occurrence must hold the name's parts, in order, before the next occurrence
    starts = [m.start() for m in re.finditer(re.escape(word), pdf)]
    for start, end in zip(starts, [*starts[1:], len(pdf)], strict=True):
        window = pdf[start:min(end, start + 600)]
        assert parts_in_order(name, window), f"{name!r} altered in program.pdf: {window[:200]!r}"

    markdown = (folder / "program.md").read_text(encoding="utf-8")
    assert name not in markdown  # every occurrence is escaped for pandoc
    escaped = markdown.count(escape_md(name))
    assert escaped > 0
    plain = pypandoc.convert_text(markdown, "plain", format="markdown-smart", extra_args=["--wrap=none"])
    assert plain.count(name) == escaped
    assert plain.count(word) == plain.count(name)


@pytest.mark.parametrize(("client", "legal", "operating"), [("smith", SMITH, None),
                                                           ("gagne", GAGNE, GAGNE_OPERATING)])
def test_awkward_name_in_title_header_properties_and_forms(builds: dict[str, BuildResult], client: str,
                                                           legal: str, operating: str | None) -> None:
    folder = delivery(builds, client)
    document = docx.Document(str(folder / "program.docx"))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == legal
    if operating:
        assert f"Operating as {operating}" in [p.text for p in paragraphs]
    for section in document.sections:
        assert [p.text for p in section.header.paragraphs if p.text] == [f"{legal} | {PROGRAM_TITLE}"]
    assert document.core_properties.title == f"{legal}: {PROGRAM_TITLE}"

    forms = sorted((folder / "forms").glob("*.docx"))
    assert len(forms) == len(FORM_IDS) - len(FORM_MODULES)  # ladders only: no permit or plan is called for
    for form in forms:
        text = "\n".join(docx_texts(form))
        assert text.count(legal) > 0, form.name
        assert text.count(legal.split()[0]) == text.count(legal), form.name


# -- 3. DOCX structure --------------------------------------------------------------------------------------


def test_level_1_headings_follow_the_section_catalogue(builds: dict[str, BuildResult]) -> None:
    document = docx.Document(str(delivery(builds, "acme") / "program.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    titles = [s.title for s in load_catalogue()]
    assert headings, "no level-1 heading"
    assert len(set(headings)) == len(headings)
    assert set(headings) <= set(titles), set(headings) - set(titles)
    assert headings == [t for t in titles if t in headings]
    assert headings[-1] == "Appendix: Forms"


def test_real_word_styles_are_used(builds: dict[str, BuildResult]) -> None:
    document = docx.Document(str(delivery(builds, "acme") / "program.docx"))
    names = {s.style_id: s.name for s in document.styles}
    assert names["TOC1"] == "TOC 1" and names["TOC2"] == "TOC 2"
    used = [p.style.name for p in document.paragraphs]
    assert used[0] == "Title"
    assert {"Heading 1", "Heading 2", "Heading 3"} <= set(used)

    body = document.element.body
    pandoc_tables = []
    for child in body.iterchildren():
        if child.tag == qn("w:p") and style_of(child) == "Heading2" and element_text(child) in FORM_TITLES.values():
            break  # the forms start here; every table before is pandoc's
        if child.tag == qn("w:tbl"):
            pandoc_tables.append(child)
    assert len(pandoc_tables) > 5
    by_element = {t._tbl: t for t in document.tables}
    assert {by_element[t].style.name for t in pandoc_tables} == {"Table"}

    toc = toc_content(document)
    entry_styles = {style_of(p) for p in toc.iter(qn("w:p"))} - {"TOCHeading"}
    assert entry_styles == {"TOC1", "TOC2"}


def test_header_footer_and_first_page(builds: dict[str, BuildResult]) -> None:
    folder = delivery(builds, "acme")
    document = docx.Document(str(folder / "program.docx"))
    header_line = f"Acme Roofing Ltd. | {PROGRAM_TITLE}"
    for section in document.sections:
        assert [p.text for p in section.header.paragraphs if p.text] == [header_line]
        footer = " ".join(p.text for p in section.footer.paragraphs)
        assert "Page" in footer and "Revision 1 | 2026-11-26" in footer
        instructions = [i.text.strip() for i in section.footer._element.iter(qn("w:instrText"))]
        assert "PAGE" in instructions and "NUMPAGES" in instructions
        kinds = [f.get(qn("w:fldCharType")) for f in section.footer._element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"] * 2
        assert section.different_first_page_header_footer
        assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()

    pages = pdf_pages(folder / "program.pdf")
    assert "Acme Roofing Ltd." in pages[0]
    assert header_line not in normalize(pages[0])
    assert not re.search(r"Page \d+ of \d+", pages[0])
    assert header_line in normalize(pages[1])
    assert f"Page 2 of {len(pages)}" in normalize(pages[1])


def test_custom_properties_carry_provenance(builds: dict[str, BuildResult]) -> None:
    folder = delivery(builds, "acme")
    props = custom_properties(folder / "program.docx")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert props["corpath.intake_sha256"] == manifest["intake"]["sha256"]
    assert re.fullmatch(r"[0-9a-f]{64}", props["corpath.intake_sha256"])
    assert props["corpath.partner"] == manifest["partner"]["id"] == "ab-acsa"
    assert props["corpath.protocol_version"] == manifest["partner"]["protocol_version"]
    assert props["corpath.version"] == __version__ == manifest["corpath_version"]
    assert props["corpath.build_id"] == manifest["build_id"]


def hazard_programs(document) -> list[str]:
    """Level-2 headings of the Hazard-Specific Programs section."""
    found, inside = [], False
    for p in document.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == "Hazard-Specific Programs"
        elif inside and p.style.name == "Heading 2":
            found.append(p.text)
    return found


def test_hazard_modules_follow_the_activities(builds: dict[str, BuildResult]) -> None:
    yaml = YAML(typ="safe", pure=True)
    confined = yaml.load((REPO / "program_templates" / "hazards" / "confined_space.yaml").read_text("utf-8"))
    title = confined["title"]
    lakeshore = docx.Document(str(delivery(builds, "lakeshore-gc") / "program.docx"))
    acme = docx.Document(str(delivery(builds, "acme") / "program.docx"))
    assert title in hazard_programs(lakeshore)
    assert title not in hazard_programs(acme)
    assert hazard_programs(acme), "acme has hazard programs"
    assert not any(title in p.text for p in all_paragraphs(acme))


def test_forms_are_appended_as_tables_after_the_appendix_heading(builds: dict[str, BuildResult]) -> None:
    document = docx.Document(str(delivery(builds, "acme") / "program.docx"))
    blocks: list[tuple[str, str]] = []  # (kind, text) after the appendix heading
    seen_appendix = False
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style, text = style_of(child), element_text(child)
            if style == "Heading1":
                assert not seen_appendix, f"a section after the forms appendix: {text}"
                seen_appendix = text == "Appendix: Forms"
            elif seen_appendix and style == "Heading2":
                blocks.append(("form", text))
        elif child.tag == qn("w:tbl") and seen_appendix and blocks:
            blocks.append(("table", ""))
    forms = [text for kind, text in blocks if kind == "form"]
    acme = load_intake(REPO / "intake" / "acme.yaml")
    assert forms == [FORM_TITLES[f] for f in forms_for(plan_program(acme, recommend(acme)))]
    tables_per_form: dict[str, int] = {}
    current = ""
    for kind, text in blocks:
        if kind == "form":
            current = text
            tables_per_form[current] = 0
        else:
            tables_per_form[current] += 1
    assert all(n >= 1 for n in tables_per_form.values()), tables_per_form


@pytest.mark.parametrize("client", ["acme", "smith"])
def test_every_docx_follows_the_schema_order_and_opens_in_current_mode(builds: dict[str, BuildResult],
                                                                       client: str) -> None:
    """Word is strict about element order and opens a file without a compatibility mode in Compatibility Mode:
    every part of every DOCX in the delivery (program, gap report, each form) is checked."""
    files = sorted(delivery(builds, client).rglob("*.docx"))
    assert {p.name for p in files} >= {"program.docx", "gap-report.docx", "01-policy_signoff.docx"}
    for path in files:
        assert docx_errors(path) == [], path.name
        assert compatibility_mode(docx.Document(str(path)).settings.element) == 15, path.name


# -- 4. the table of contents is filled, in the DOCX and in the PDF -----------------------------------------


@dataclass(frozen=True)
class Entry:
    level: int
    text: str
    page: int | None


def toc_content(document):
    for sdt in document.element.body.iter(qn("w:sdt")):
        gallery = sdt.find(".//" + qn("w:docPartGallery"))
        if gallery is not None and gallery.get(qn("w:val")) == "Table of Contents":
            return sdt.find(qn("w:sdtContent"))
    raise AssertionError("no Table of Contents content control in the DOCX")


def docx_toc(path: Path) -> list[Entry]:
    """The entries of the DOCX's TOC field, checking the field wraps them (begin … separate … end)."""
    content = toc_content(docx.Document(str(path)))
    events: list[str] = []  # document order: field characters and entry text
    entries: list[Entry] = []
    for p in content.iter(qn("w:p")):
        style = style_of(p)
        if style == "TOCHeading":
            continue
        text = ""
        for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:fldChar"), qn("w:instrText")):
            if node.tag == qn("w:fldChar"):
                events.append(node.get(qn("w:fldCharType")))
            elif node.tag == qn("w:instrText"):
                events.append("instr:" + node.text.strip())
            else:
                text += "\t" if node.tag == qn("w:tab") else (node.text or "")
                events.append("text")
        if not text:
            continue
        assert re.fullmatch(r"TOC\d", style), style
        label, tab, page = text.rpartition("\t")
        assert tab, f"TOC entry without a tab before its page number: {text!r}"
        entries.append(Entry(int(style[3:]), label, int(page) if page.isdigit() else None))
    fields = [e for e in events if e != "text"]
    assert fields[0] == "begin" and fields[1].startswith("instr:TOC ") and fields[2:] == ["separate", "end"], fields
    assert events.index("begin") < events.index("text")
    assert events.index("separate") < events.index("text")
    assert len(events) - 1 - events[::-1].index("text") < events.index("end")
    return entries


LEADER = re.compile(r"^(?P<text>.*?)\s*(?:\.{3,}|\.(?=\s+\d+$))\s*(?P<page>\d+)$")  # a long entry leaves one dot
FOOTER = re.compile(r"^(Revision \S+ \| \d{4}-\d{2}-\d{2}|Page \d+ of \d+)$")


def pdf_toc(pages: list[str], header_line: str) -> tuple[list[tuple[str, int]], int]:
    """(entry text, page) in order from the PDF's contents pages, and the index of the last contents page."""
    start = next(i for i, page in enumerate(pages) if "Contents" in page.splitlines())
    entries: list[tuple[str, int]] = []
    last = start
    for index in range(start, len(pages)):
        lines = [line.strip() for line in pages[index].splitlines() if line.strip()]
        if not any(LEADER.match(line) for line in lines):
            break
        last = index
        pending: list[str] = []
        for line in lines:
            if line in (header_line, "Contents") or FOOTER.match(line):
                continue
            match = LEADER.match(line)
            if match:
                entries.append((" ".join([*pending, match["text"]]), int(match["page"])))
                pending = []
            else:
                pending.append(line)  # an entry wrapped onto the next line
        assert not pending, f"unparsed contents text on page {index + 1}: {pending}"
    return entries, last


def heading_page(pages: list[str], heading: str, first: int) -> int | None:
    """1-based number of the first page from index `first` with `heading` as a line (or wrapped over lines)."""
    for index in range(first, len(pages)):
        lines = [line.strip() for line in pages[index].splitlines() if line.strip()]
        for i in range(len(lines)):
            for span in (1, 2, 3):
                if " ".join(lines[i:i + span]) == heading:
                    return index + 1
    return None


@pytest.mark.parametrize(("client", "company"), [("acme", "Acme Roofing Ltd."),
                                                 ("lakeshore-gc", "Lakeshore General Contracting Inc.")])
def test_table_of_contents_is_filled_with_the_real_page_numbers(builds: dict[str, BuildResult], client: str,
                                                                company: str) -> None:
    folder = delivery(builds, client)
    entries = docx_toc(folder / "program.docx")
    assert {e.level for e in entries} == {1, 2}
    assert all(e.page is not None and e.text for e in entries), [e for e in entries if e.page is None]
    level1 = [e for e in entries if e.level == 1]
    document = docx.Document(str(folder / "program.docx"))
    assert [e.text for e in level1] == [p.text for p in document.paragraphs if p.style.name == "Heading 1"]

    pages = pdf_pages(folder / "program.pdf")
    toc, last_contents = pdf_toc(pages, f"{company} | {PROGRAM_TITLE}")
    assert toc == [(e.text, e.page) for e in entries]

    wrong = []
    after = last_contents + 1
    for entry in level1:
        found = heading_page(pages, entry.text, after)
        if found != entry.page:
            wrong.append(f"{entry.text!r}: contents say page {entry.page}, heading is on page {found}")
        else:
            assert f"Page {found} of {len(pages)}" in normalize(pages[found - 1])
            after = found - 1
    assert not wrong, "\n".join(wrong)


def toc_links(path: Path) -> list[tuple[str, str | None]]:
    """(entry text, the bookmark its hyperlink points to) for every entry of the DOCX's TOC."""
    links = []
    for p in toc_content(docx.Document(str(path))).iter(qn("w:p")):
        if not re.fullmatch(r"TOC\d", style_of(p)):
            continue
        link = p.find(qn("w:hyperlink"))
        text = "".join("\t" if n.tag == qn("w:tab") else n.text or "" for n in p.iter(qn("w:t"), qn("w:tab")))
        text = text.rpartition("\t")[0]
        links.append((text, None if link is None else link.get(qn("w:anchor"))))
    return links


def bookmarked_headings(path: Path) -> dict[str, str]:
    """Bookmark name → the text of the heading paragraph it sits on (or just before), in document order."""
    found = {}
    pending: list[str] = []
    for child in docx.Document(str(path)).element.body.iterchildren():
        if child.tag == qn("w:bookmarkStart"):
            pending.append(child.get(qn("w:name")))
            continue
        if child.tag == qn("w:p") and style_of(child).startswith("Heading"):
            for name in pending + [mark.get(qn("w:name")) for mark in child.iter(qn("w:bookmarkStart"))]:
                found[name] = element_text(child)
        pending = []
    return found


@pytest.mark.parametrize("client", ["acme", "lakeshore-gc"])
def test_each_contents_entry_links_to_its_own_heading(builds: dict[str, BuildResult], client: str) -> None:
    """Several headings share a text ("Records" under many hazards); each entry links to its own one."""
    path = delivery(builds, client) / "program.docx"
    links = toc_links(path)
    texts = [text for text, _ in links]
    repeated = {text for text in texts if texts.count(text) > 1}
    assert repeated, "the example has no repeated heading text: this test would prove nothing"
    anchors = [anchor for _, anchor in links]
    assert None not in anchors, [text for text, anchor in links if anchor is None]
    assert len(set(anchors)) == len(anchors), sorted(repeated)
    headings = bookmarked_headings(path)
    assert [headings.get(anchor) for anchor in anchors] == texts
    order = list(headings)
    assert [order.index(anchor) for anchor in anchors] == sorted(order.index(anchor) for anchor in anchors)


# -- 5. the reviewer lint stops the build --------------------------------------------------------------------


def run(ws: Path, *args: str, env: dict[str, str] | None = None, templates: bool = True
        ) -> subprocess.CompletedProcess:
    return run_corpath(ws, *args, env=env, templates=templates)



@pytest.fixture
def lint_ws(tmp_path: Path) -> Path:
    """A workspace with acme's intake and a private copy of the templates to break."""
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "program_templates", ws / "templates")
    (ws / "intake").mkdir()
    shutil.copy(REPO / "intake" / "acme.yaml", ws / "intake" / "acme.yaml")
    return ws


def build_linted(ws: Path) -> subprocess.CompletedProcess:
    """`corpath build acme`; LibreOffice is made to fail, so a lint that lets the program through exits 3."""
    return run(ws, "build", "acme", env={"CORPATH_SOFFICE": "/bin/false"})


def assert_lint_failure(ws: Path, result: subprocess.CompletedProcess, expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "the reviewer lint failed" in result.stderr
    findings = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("section '")]
    assert findings == [expected], result.stderr
    client_dir = ws / "output" / "acme"
    left = [p.name for p in client_dir.iterdir()] if client_dir.exists() else []
    assert [name for name in left if name != ".lock"] == [], left


NO_FREQUENCY = "section 'ppe': gives no frequency (daily, weekly, monthly, annually, before each task…)"
CROSSREF = '{% include "_audit_crossref.md.j2" %}'
PPE_TABLE = '{{ rows | md_table(["Work", "PPE required"]) }}'


def strip_frequencies(template: Path) -> str:
    source = template.read_text(encoding="utf-8")
    stripped = FREQUENCY.sub("", source)
    assert stripped != source
    # close the gap a removed phrase leaves before a comma ("before first use and , with"), or the lint
    # reports that artefact as well as the missing frequency
    return re.sub(r" +([,.;:])", r"\1", stripped)


def test_lint_fails_a_section_without_a_frequency(lint_ws: Path) -> None:
    """The PPE section with every frequency word gone, and without the text other files put into it (the
    hazard modules' PPE table and the shared audit cross-reference, which say 'every' and 'annually')."""
    template = lint_ws / "templates" / "sections" / "ppe.md.j2"
    text = strip_frequencies(template)
    assert CROSSREF in text and PPE_TABLE in text
    template.write_text(text.replace(CROSSREF, "").replace(PPE_TABLE, ""), encoding="utf-8")
    assert_lint_failure(lint_ws, build_linted(lint_ws), NO_FREQUENCY)


def test_lint_fails_a_template_stripped_of_its_frequency_words(lint_ws: Path) -> None:
    template = lint_ws / "templates" / "sections" / "ppe.md.j2"
    template.write_text(strip_frequencies(template), encoding="utf-8")
    assert_lint_failure(lint_ws, build_linted(lint_ws), NO_FREQUENCY)


@pytest.mark.parametrize("province", ["BC", "ON"])
def test_lint_fails_a_section_citing_another_provinces_law(lint_ws: Path, province: str) -> None:
    law = YAML(typ="safe", pure=True).load(
        (lint_ws / "templates" / "legislation" / f"{province}.yaml").read_text(encoding="utf-8"))
    marker = law["markers"][0]
    template = lint_ws / "templates" / "sections" / "ppe.md.j2"
    source = template.read_text(encoding="utf-8")
    template.write_text(source + f"\nPPE also meets {marker} where it is stricter.\n", encoding="utf-8")
    assert_lint_failure(lint_ws, build_linted(lint_ws),
                        f"section 'ppe': cites {province} law ('{marker}') in a AB program")


# -- 6. a failed build leaves the last delivery as it was ----------------------------------------------------


FAILING_SOFFICE = """\
#!/bin/sh
# stands in for LibreOffice: records what the client folder held when it was called, then fails
ls -a "$CORPATH_TEST_CLIENT_DIR" > "$CORPATH_TEST_LOG"
exit 1
"""


def test_libreoffice_failure_leaves_the_previous_delivery_untouched(builds: dict[str, BuildResult],
                                                                   output_root: Path, tmp_path: Path) -> None:
    delivery(builds, "acme")
    ws = tmp_path / "ws"
    (ws / "intake").mkdir(parents=True)
    shutil.copy(REPO / "intake" / "acme.yaml", ws / "intake" / "acme.yaml")
    shutil.copytree(output_root / "acme", ws / "output" / "acme", symlinks=True)
    soffice = tmp_path / "soffice"
    soffice.write_text(FAILING_SOFFICE, encoding="utf-8")
    soffice.chmod(0o755)
    log = tmp_path / "soffice.log"
    before = snapshot(ws / "output")

    result = run(ws, "build", "acme", "--force", templates=False, env={
        "CORPATH_SOFFICE": str(soffice),
        "CORPATH_TEST_CLIENT_DIR": str(ws / "output" / "acme"),
        "CORPATH_TEST_LOG": str(log),
    })

    assert result.returncode == 3, result.stdout + result.stderr
    assert "LibreOffice failed to start" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    # it failed half-way: the staging folder existed when LibreOffice was called, and is gone now
    assert log.exists(), "the stand-in LibreOffice was never called"
    assert any(name.startswith(".staging-") for name in log.read_text().split())
    assert not [p for p in (ws / "output" / "acme").iterdir() if p.name.startswith(".staging-")]
    assert snapshot(ws / "output") == before


# -- 7. `make program CLIENT=acme`, then again --------------------------------------------------------------


def test_corpath_build_then_unchanged(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "intake").mkdir(parents=True)
    shutil.copy(REPO / "intake" / "acme.yaml", ws / "intake" / "acme.yaml")

    first = run(ws, "build", "acme", templates=False)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"^acme: built output/acme/\S+ \(program\.pdf \d+ pages, gap-report\.pdf \d+ pages\) in ",
                     first.stdout, re.M), first.stdout
    assert re.search(r"^  review\.md: \d+ unverified facts? for the consultant to confirm before sending$",
                     first.stdout, re.M), first.stdout
    latest = (ws / "output" / "acme" / "latest").resolve()
    assert (latest / "program.pdf").exists() and (latest / "manifest.json").exists()

    before = snapshot(ws)
    second = run(ws, "build", "acme", templates=False)
    assert second.returncode == 0, second.stdout + second.stderr
    # the intake's advice ("acme: advice: …", as `validate` gives it) comes first, then the status line
    assert re.search(rf"^acme: unchanged since \S*output/acme/{re.escape(latest.name)} ", second.stdout, re.M), \
        second.stdout
    assert snapshot(ws) == before


# -- 8. any locale, any folder name --------------------------------------------------------------------------


def test_build_in_an_accented_folder_under_the_c_locale(tmp_path: Path) -> None:
    """`corpath build` in 'Clients Québec/' with LANG=C: the delivery is complete, and nothing lands beside it.
    A supervisor's name in a script no installed font has is built, with a warning naming it."""
    ws = tmp_path / "Clients Québec"
    (ws / "intake").mkdir(parents=True)
    yaml = YAML(typ="safe", pure=True)
    intake = {**GAGNE_INTAKE, "people": {**GAGNE_INTAKE["people"],
                                         "supervisors": [{"name": "Wei \U00010600", "title": "Contremaître"}]}}
    with (ws / "intake" / "gagne.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(intake, handle)
    result = run(ws, "build", "gagne", templates=False, env={"LANG": "C", "LC_ALL": "C", "LC_CTYPE": "C"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"intake/gagne\.yaml:\d+:\d+: people\.supervisors\[0\]\.name: 'Wei \U00010600' has "
                     r"characters no installed font can show \(\U00010600 U\+10600\)", result.stderr), result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["Clients Québec"]
    assert sorted(p.name for p in ws.iterdir()) == ["intake", "output"]
    folder = (ws / "output" / "gagne" / "latest").resolve()
    assert GAGNE in normalize(pdf_text(folder / "program.pdf"))
    assert {"program.pdf", "gap-report.pdf"} <= {p.name for p in folder.iterdir()}
