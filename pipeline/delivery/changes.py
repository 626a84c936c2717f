"""What changed since the previous delivery: changes.md (why and what) and changes.docx (tracked changes)."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..language import tally
from ..program.compose import RenderedProgram
from ..word.redline import REDLINE, SUMMARY, comparable_copy
from .deliveries import Delivery, explain_change
from .overrides import load_comments, source_sections
from .prepare import Prepared


def _words(text: str) -> int:
    return len(text.split())

def section_changes(old_markdown: str, new_markdown: str, titles: dict[str, str]) -> list[str]:
    """One plain line per section added, removed or changed, with a rough size of the change in words
    ("Emergency Response: changed (1 word added, 1 removed)")."""
    old, new = source_sections(old_markdown), source_sections(new_markdown)
    lines = []
    for sid in [*new, *[s for s in old if s not in new]]:
        title = titles.get(sid, sid)
        if sid not in old:
            lines.append(f"{title}: new section ({tally(_words(new[sid]), 'word')})")
        elif sid not in new:
            lines.append(f"{title}: removed")
        elif old[sid] != new[sid]:
            matcher = difflib.SequenceMatcher(None, old[sid].split(), new[sid].split(), autojunk=False)
            added = sum(j2 - j1 for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("insert", "replace"))
            removed = sum(i2 - i1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("delete", "replace"))
            if added or removed:
                lines.append(f"{title}: changed ({tally(added, 'word')} added, {removed} removed)")
            else:
                lines.append(f"{title}: layout changed, same words")
    return lines

def changed_sections(previous: Delivery, program: RenderedProgram) -> list[str]:
    """`section_changes` between the previous delivery's program.md and this program: one line per section
    added, removed or changed; empty when the program's text is the same."""
    old_md = (previous.path / "program.md").read_text(encoding="utf-8")
    titles = {s.spec.id: s.spec.title for s in program.sections}
    return section_changes(old_md, program.markdown, titles)


def redline_sources(previous: Delivery, stage: Path, scratch: Path) -> tuple[Path, Path]:
    """The previous delivery's program.docx and the stage's, as the redline compares them (`comparable_copy`:
    without their tables of contents' entries), written into `scratch`."""
    return (comparable_copy(previous.path / "program.docx", scratch / "previous-program.docx"),
            comparable_copy(stage / "program.docx", scratch / "new-program.docx"))


def write_changes(previous: Delivery, what: list[str], prepared: Prepared, stage: Path) -> list[str]:
    """changes.md: why the program was rebuilt (`explain_change`), what changed in it (`what`, from
    `changed_sections`; when it is not empty the caller writes changes.docx with `redline_docx`), and the
    client's comments on the previous delivery; returns the reasons and the changes."""
    why = explain_change(previous.manifest.get("inputs"), prepared.inputs.as_dict())
    lines = [f"# Changes since delivery {previous.name}", "", "## Why it was rebuilt", ""]
    lines += [f"- {reason}" for reason in why] or ["- rebuilt on request (--force); no input changed"]
    lines += ["", "## What changed in the program", ""]
    if what:
        lines += [f"- {line}" for line in what]
        lines += ["", f"{REDLINE} shows every change as a tracked revision against {previous.name}: accept all "
                  "to keep the new text, reject all to go back to the old."]
    else:
        lines.append("- nothing: the program's text is the same")
    comments = load_comments(prepared.intake_path, previous.name)
    if comments:
        lines += ["", f"## The client's comments on delivery {previous.name}", ""]
        lines += [f"- {section}: {comment}" for section, comment in comments]
    (stage / SUMMARY).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return why + what
