"""On a rebuild, merge each client override with the template's new text (a three-way merge by paragraph).

base = the template text the client edited from (kept in `.base/`), ours = the client's text, theirs = the
template's text now. The template's text is read the same way the client's was: the program is rendered
without overrides, written to a DOCX by pandoc and read back (`docx_read`), so the three texts are in one
form. A clean merge rewrites the override (the client's words all kept, the template's changes taken, dates
and counts brought up to date) and is listed in the build's notes; overlapping changes are conflicts:

- `--keep-client SECTION`: the client's side where the two overlap, the template's changes elsewhere;
- `--take-template SECTION`: the template's new text for the whole section, the client's text moved to
  `.retired/`;
- neither: the build stops and shows each overlap (template before, client, template now).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from .. import language
from ..errors import ConflictError
from ..intake.yamlfile import display_path
from ..program.compose import render_program
from ..program.plan import Plan
from ..word.assemble import pandoc_to_docx
from .align import pristine_sections
from .docx_read import read_docx
from .merge import Merge, merge3
from .overrides import Override, load_overrides, retire_override, save_override, text_sha


def template_sections(plan: Plan) -> dict[str, str]:
    """Each section's template text as the client would read it back from the DOCX, by section id."""
    markdown = render_program(plan).markdown
    with tempfile.TemporaryDirectory(prefix="corpath-rebase-") as tmp:
        target = pandoc_to_docx(markdown, Path(tmp) / "template.docx")
        view = read_docx(target)
    return {section.id: section.chunk.body for section in pristine_sections(view, markdown)}


@dataclass(frozen=True)
class Conflict:
    section: str
    override_path: Path
    merge: Merge

    def describe(self) -> str:
        parts = [f"section '{self.section}': the client and the template changed the same text "
                 f"(client's text: {display_path(self.override_path)})"]
        for n, (base, ours, theirs) in enumerate(self.merge.conflicts, start=1):
            parts += [f"  overlap {n}, template when the client edited it:", _indent(base),
                      "  the client's text:", _indent(ours), "  template now:", _indent(theirs)]
        return "\n".join(parts)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in (text.strip() or "(nothing)").splitlines())


def _chosen(section: str, chosen: set[str], other: set[str]) -> bool:
    return section in chosen or ("all" in chosen and section not in other)


def check_chosen_sections(plan: Plan, *, keep_client: set[str], take_template: set[str]) -> None:
    """Refuse a section named in --keep-client or --take-template that the client's program does not have:
    a typo would otherwise choose nothing, silently, whether or not the build then has anything to merge.
    Raises click's UsageError (exit 2) naming the program's sections."""
    named = (keep_client | take_template) - {"all"}
    if not named:
        return
    sections = [s.spec.id for s in render_program(plan).sections]
    if unknown := sorted(named - set(sections)):
        raise click.UsageError(
            f"--keep-client/--take-template: {plan.intake.client}'s program has no section "
            f"{', '.join(repr(u) for u in unknown)}; its sections are {', '.join(sections)}")


def rebase_overrides(intake_path: Path, plan: Plan, *, keep_client: set[str], take_template: set[str],
                     today: date) -> list[str]:
    """Merge every override whose template text changed; returns the notes (one per section touched).

    Raises ConflictError listing every overlap nobody chose a side for (nothing is rewritten then), or when
    a section is named in both --keep-client and --take-template.
    """
    both = (keep_client & take_template) - {"all"}
    if both or ("all" in keep_client and "all" in take_template):
        raise ConflictError(f"a section cannot be both kept and taken: {', '.join(sorted(both)) or 'all'}")
    overrides = {s: o for s, o in load_overrides(intake_path).items() if not o.deleted}
    if not overrides:
        return []
    now = template_sections(plan)
    plans: list[tuple[Override, Merge, str]] = []
    open_: list[Conflict] = []
    notes: list[str] = []
    for section, override in sorted(overrides.items()):
        if section not in now:
            notes.append(f"{section}: the program no longer has this section; the client's text stays in "
                         f"{display_path(override.path)}, unused")
            continue
        if text_sha(now[section]) == override.base_sha256:
            continue
        keep = _chosen(section, keep_client, take_template)
        merged = merge3(override.base, override.text, now[section], keep_client=keep)
        if merged.clean:
            plans.append((override, merged, "merged"))
        elif keep:
            plans.append((override, merged, "kept the client's side of the overlaps"))
        elif _chosen(section, take_template, keep_client):
            plans.append((override, merged, "took the template's text; the client's text is in .retired/"))
        else:
            open_.append(Conflict(section, override.path, merged))
    if open_:
        raise ConflictError(
            f"{plan.intake.client}: {language.tally(len(open_), 'section')} where the client's edits and the "
            "template's changes overlap; choose with --keep-client SECTION or --take-template SECTION (or 'all'):\n"
            + "\n".join(c.describe() for c in open_))
    for override, merged, how in plans:
        if how.startswith("took"):
            retire_override(override, today)
        else:
            save_override(intake_path, override.section, merged.text, now[override.section],
                          delivery=override.delivery, today=today, title=override.title, retire_old=False)
        notes.append(f"{override.section}: {how} ({merged.summary()})")
    return notes
