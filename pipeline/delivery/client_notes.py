"""Research notes kept out of the client's documents.

The client's documents in a delivery (program, forms, gap report, records checklist, calendar) state the facts
`review.md` lists without hedges; `client_document_notes` reads them back and finds any research-note phrase
left in them (the phrases are data: `program_templates/research_notes.yaml`), which fails the build.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from ..program.lint import blank_values, notes_impossible, research_note_excerpts, research_notes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        paragraphs = []
        for name in parts:
            root = etree.fromstring(z.read(name))
            for p in root.iter(f"{W}p"):
                paragraphs.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(paragraphs)


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        texts = []
        for name in z.namelist():
            if name == "xl/sharedStrings.xml" or re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                root = etree.fromstring(z.read(name))
                texts += ["".join(t.text or "" for t in si.iter(f"{S}t")) for si in root.iter(f"{S}si", f"{S}is")]
    return "\n".join(texts)


def _ics_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return re.sub(r"\r?\n[ \t]", "", raw).replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")


def client_documents(folder: Path) -> dict[str, str]:
    """The text of every document in a delivery that the client receives, by file name."""
    docs: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.suffix == ".docx" and name != "changes.docx":
            docs[name] = _docx_text(path)
        elif path.suffix == ".xlsx":
            docs[name] = _xlsx_text(path)
        elif path.suffix == ".ics":
            docs[name] = _ics_text(path)
    return docs


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
