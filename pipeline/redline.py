"""What changed since the previous delivery: a tracked-changes Word file and a plain-language summary.

The tracked-changes file is made by python-redlines' Docxodus engine (a word-level comparison that Word and
LibreOffice both show as revisions: accept all gives the new text, reject all the old). LibreOffice's own
compare was measured too noisy (a changed table cell became a whole table deleted and re-added). When the
program's text did not change (say, only corpath was upgraded), no comparison is run and the summary says so.
"""

from __future__ import annotations

import difflib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from .delivery import Delivery, explain_change
from .errors import ToolError
from .overrides import source_sections
from .program import RenderedProgram

if TYPE_CHECKING:
    from .build import Prepared

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


def _words(text: str) -> int:
    return len(text.split())


def section_changes(old_markdown: str, new_markdown: str, titles: dict[str, str]) -> list[str]:
    """One plain line per section added, removed or changed, with a rough size of the change."""
    old, new = source_sections(old_markdown), source_sections(new_markdown)
    lines = []
    for sid in [*new, *[s for s in old if s not in new]]:
        title = titles.get(sid, sid)
        if sid not in old:
            lines.append(f"{title}: new section ({_words(new[sid])} words)")
        elif sid not in new:
            lines.append(f"{title}: removed")
        elif old[sid] != new[sid]:
            matcher = difflib.SequenceMatcher(None, old[sid].split(), new[sid].split(), autojunk=False)
            added = sum(j2 - j1 for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("insert", "replace"))
            removed = sum(i2 - i1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("delete", "replace"))
            if added or removed:
                lines.append(f"{title}: changed ({added} words added, {removed} removed)")
            else:
                lines.append(f"{title}: layout changed, same words")
    return lines


def write_changes(previous: Delivery, program: RenderedProgram, prepared: Prepared, stage: Path) -> list[str]:
    """changes.md (why and what) and, when the text changed, changes.docx (tracked changes); returns the summary."""
    why = explain_change(previous.manifest.get("inputs"), prepared.inputs.as_dict())
    old_md = (previous.path / "program.md").read_text(encoding="utf-8")
    titles = {s.spec.id: s.spec.title for s in program.sections}
    what = section_changes(old_md, program.markdown, titles)
    lines = [f"# Changes since delivery {previous.name}", "", "## Why it was rebuilt", ""]
    lines += [f"- {reason}" for reason in why] or ["- rebuilt on request (--force); no input changed"]
    lines += ["", "## What changed in the program", ""]
    if what:
        lines += [f"- {line}" for line in what]
        redline_docx(previous.path / "program.docx", stage / "program.docx", stage / REDLINE)
        lines += ["", f"{REDLINE} shows every change as a tracked revision against {previous.name}: accept all "
                  "to keep the new text, reject all to go back to the old."]
    else:
        lines.append("- nothing: the program's text is the same")
    (stage / SUMMARY).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return why + what
