"""What changed since the previous delivery: a tracked-changes Word file and a plain-language summary.

The tracked-changes file is made by python-redlines' Docxodus engine (a word-level comparison that Word and
LibreOffice both show as revisions: accept all gives the new text, reject all the old). LibreOffice's own
compare was measured too noisy (a changed table cell became a whole table deleted and re-added). When the
program's text did not change (say, only corpath was upgraded), no comparison is run and the summary says so.

Both programs are compared without their tables of contents' entries (`comparable_copy`): a page number that
moved is not a change to the program, and the comparison can then start as soon as the new program's DOCX
exists, beside LibreOffice's layout, instead of after it (the engine takes 4 s for two consecutive builds of
acme's program and 20 s for programs further apart, measured; it ran after LibreOffice before).
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from ..errors import ToolError
from .ooxml import DOCUMENT_PART, write_with_main_part
from .toc import empty_toc

log = logging.getLogger(__name__)

REDLINE = "changes.docx"
SUMMARY = "changes.md"
AUTHOR = "corpath"


def comparable_copy(source: Path, target: Path) -> Path:
    """`source` written to `target` with its table of contents emptied (`toc.empty_toc`), every other part byte
    for byte; the XML work is done in the calling thread."""
    with zipfile.ZipFile(source) as package:
        document = etree.fromstring(package.read(DOCUMENT_PART))
        empty_toc(document.find(qn("w:body")))
        return write_with_main_part(package, target, document)



def redline_docx(original: Path, modified: Path, target: Path) -> Path:
    """A DOCX with the differences between two Word files as tracked changes."""
    try:
        from python_redlines.engines import DocxodusEngine
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ToolError(f"python-redlines is not installed: {exc}", hint="run 'make setup'") from None
    try:
        data, _stdout, stderr = DocxodusEngine().run_redline(AUTHOR, original.read_bytes(), modified.read_bytes())
    except Exception as exc:  # the engine reports failures as several exception kinds
        raise ToolError(f"the redline engine failed comparing {original.name} with {modified.name}: {exc}") from None
    if not data:
        raise ToolError(f"the redline engine returned nothing comparing {original.name} ({stderr})")
    target.write_bytes(data)
    return target
