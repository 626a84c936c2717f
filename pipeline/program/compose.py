"""Render a client's whole program as one Markdown document: cover, document control, contents, sections.

Each section is wrapped in a level-1 heading carrying a stable id (`{#sec-policy}`); pandoc turns it into a
Word bookmark, which is how a client's edited Word file is mapped back to its sections later. A section a
client has edited (an override) is used in place of the template's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..word.assemble import PAGE_BREAK, TOC_FIELD
from .plan import Plan, SectionSpec, context_for
from .render import Trusted, escape_md, make_environment, render_template, tidy

PROGRAM_TITLE = "Health and Safety Program"


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


def render_program(plan: Plan, overrides: Mapping[str, str] | None = None) -> RenderedProgram:
    """The whole program; `overrides` maps a section id to the client's own Markdown for it."""
    overrides = overrides or {}
    sections = [
        RenderedSection(s.spec, tidy(overrides[s.spec.id]), True) if s.spec.id in overrides else s
        for s in render_sections(plan)
    ]
    return RenderedProgram(cover=render_cover(plan), sections=sections)
