"""Render a client's whole program as one Markdown document: cover, document control, contents, sections.

Each section is wrapped in a level-1 heading carrying a stable id (`{#sec-policy}`); pandoc turns it into a
Word bookmark, which is how a client's edited Word file is mapped back to its sections later. A section a
client has edited (an override) is used in place of the template's text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ..word.assemble import PAGE_BREAK, TOC_FIELD
from .plan import Plan, SectionSpec, context_for
from .render import Trusted, escape_md, make_environment, render_template, tidy

PROGRAM_TITLE = "Health and Safety Program"
CLIENT_PREFIX = "client_"  # the id of a section the client added


@dataclass(frozen=True)
class RenderedSection:
    spec: SectionSpec
    body: str  # Markdown under the section heading
    from_override: bool = False

    @property
    def markdown(self) -> str:
        return f"# {escape_md(self.spec.title)} {{#{self.spec.anchor}}}\n\n{self.body}"


@dataclass(frozen=True)
class RenderedProgram:
    cover: str
    sections: list[RenderedSection]

    @property
    def markdown(self) -> str:
        parts = [self.cover, PAGE_BREAK, TOC_FIELD]
        parts.extend(s.markdown for s in self.sections)
        return tidy("\n\n".join(parts))

    def section(self, section_id: str) -> RenderedSection:
        for s in self.sections:
            if s.spec.id == section_id:
                return s
        raise KeyError(section_id)


def render_sections(plan: Plan) -> list[RenderedSection]:
    """Every section from its template (partner template first, then the default)."""
    env = make_environment(plan.search_path)
    return [
        RenderedSection(spec, render_template(env, spec.template, context_for(plan, spec)))
        for spec in plan.sections
    ]


def render_cover(plan: Plan) -> str:
    env = make_environment(plan.search_path)
    cover = SectionSpec(id="cover", title="Cover", owner_role="owner")
    context = context_for(plan, cover)
    context["program_title"] = PROGRAM_TITLE
    context["toc_field"] = Trusted(TOC_FIELD)
    return render_template(env, "_cover.md.j2", context)


@dataclass(frozen=True)
class ClientSection:
    """A section the client wrote into its program, placed after section `after` (None: before the first)."""

    title: str
    after: str | None
    body: str


def _client_spec(title: str, taken: set[str]) -> SectionSpec:
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40] or "section"
    sid, n = f"{CLIENT_PREFIX}{slug}", 1
    while sid in taken:
        n += 1
        sid = f"{CLIENT_PREFIX}{slug}_{n}"
    taken.add(sid)
    return SectionSpec(id=sid, title=title, owner_role="owner")


def render_program(plan: Plan, overrides: Mapping[str, str] | None = None, *,
                   titles: Mapping[str, str] | None = None, dropped: Collection[str] = (),
                   added: Sequence[ClientSection] = ()) -> RenderedProgram:
    """The whole program; `overrides` maps a section id to the client's own Markdown for it, `titles` to the
    client's own heading; sections in `dropped` are left out; `added` are the client's own sections, each
    after the section it followed (a client section, like an override, is not judged by the reviewer lint)."""
    overrides, titles = overrides or {}, titles or {}
    taken = {s.id for s in plan.sections}
    extra: dict[str | None, list[RenderedSection]] = {}
    for section in added:
        extra.setdefault(section.after, []).append(
            RenderedSection(_client_spec(section.title, taken), tidy(section.body), True))
    sections = list(extra.pop(None, []))
    for s in render_sections(plan):
        sid = s.spec.id
        if sid not in dropped:
            spec = s.spec.model_copy(update={"title": titles[sid]}) if sid in titles else s.spec
            sections.append(RenderedSection(spec, tidy(overrides[sid]), True) if sid in overrides
                            else RenderedSection(spec, s.body, s.from_override))
        sections.extend(extra.pop(sid, []))
    for rest in extra.values():  # after a section the program no longer has: at the end
        sections.extend(rest)
    return RenderedProgram(cover=render_cover(plan), sections=sections)
