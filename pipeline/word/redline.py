"""What changed since the previous delivery: a tracked-changes Word file and a plain-language summary.

The tracked-changes file is made by python-redlines' Docxodus engine (a word-level comparison that Word and
LibreOffice both show as revisions: accept all gives the new text, reject all the old). LibreOffice's own
compare was measured too noisy (a changed table cell became a whole table deleted and re-added). When the
program's text did not change (say, only corpath was upgraded), no comparison is run and the summary says so.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ToolError

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

REDLINE = "changes.docx"
SUMMARY = "changes.md"
AUTHOR = "corpath"


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
