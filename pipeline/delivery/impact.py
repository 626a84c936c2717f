"""What a protocol change does to every client, before anything is rebuilt.

For a partner's old and new protocol versions: which clients use the partner, which sections of each client's
program change (rendered both ways and compared), which of those the client has edited (a rebuild merges
them, and stops only where the client and the template changed the same paragraph), and how each predicted
gap score moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import CorpathError, NoPartnerError
from ..program.compose import render_sections
from ..protocols.packs import LoadedPack
from .overrides import load_overrides
from .prepare import plan_program, prepare_client


@dataclass
class ClientImpact:
    client: str
    program: str | None = None
    sections_changed: list[str] = field(default_factory=list)  # titles
    conflicts: list[str] = field(default_factory=list)  # changed sections the client has edited (ids)
    score_before: float | None = None
    score_after: float | None = None
    passes_before: bool | None = None
    passes_after: bool | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def assess_client(intake_path: Path, old: LoadedPack, new: LoadedPack, today: date) -> ClientImpact | None:
    """The impact on one client, or None when the client is not with this partner."""
    prepared = prepare_client(intake_path, today=today)
    if prepared.decision.partner_id != new.pack.partner.id:
        return None
    program_id = prepared.decision.program_id
    impact = ClientImpact(prepared.intake.client)
    plans = []
    for loaded in (old, new):
        try:
            loaded.pack.program(program_id)
        except KeyError:
            impact.note = f"program '{program_id}' is not in {loaded.pack.partner.id} {loaded.pack.version}"
            return impact
        plans.append(plan_program(prepared.intake, replace(prepared.decision, pack=loaded), today=today))
    before, after = plans
    impact.program = after.program.name
    old_bodies = {s.spec.id: s.body for s in render_sections(before)}
    changed = [s for s in render_sections(after) if old_bodies.get(s.spec.id) != s.body]
    impact.sections_changed = [s.spec.title for s in changed]
    edited = load_overrides(intake_path)
    impact.conflicts = [s.spec.id for s in changed if s.spec.id in edited]
    impact.score_before = round(before.readiness.overall_percent, 1)
    impact.score_after = round(after.readiness.overall_percent, 1)
    impact.passes_before = before.readiness.certification.passes
    impact.passes_after = after.readiness.certification.passes
    return impact


def protocol_impact(intake_paths: Iterable[Path], old: LoadedPack, new: LoadedPack, *,
                    today: date) -> list[ClientImpact]:
    """Every client of the partner, with what the change does to it (an invalid client gets a note)."""
    impacts = []
    for path in intake_paths:
        try:
            impact = assess_client(path, old, new, today)
        except NoPartnerError:
            continue  # no COR program, so not this partner's client
        except CorpathError as exc:
            impact = ClientImpact(path.stem, note=f"not assessed: {exc.format_message().splitlines()[0]}")
        if impact is not None:
            impacts.append(impact)
    return impacts


def impact_lines(impacts: list[ClientImpact], abbreviation: str) -> list[str]:
    """`corpath protocols impact` as text, after the diff: one line a client, and the sections it edited."""
    lines = [f"Clients of {abbreviation}: {len(impacts)}"]
    for i in impacts:
        if i.note:
            lines.append(f"  {i.client}: {i.note}")
            continue
        move = f"{i.score_before:g}% → {i.score_after:g}%"
        verdict = "" if i.passes_before == i.passes_after else (
            f" (now {'passes' if i.passes_after else 'fails'})")
        lines.append(f"  {i.client} ({i.program}): score {move}{verdict}; "
                     f"{len(i.sections_changed)} section(s) change: {', '.join(i.sections_changed) or 'none'}")
        if i.conflicts:
            lines.append("    edited by the client, a rebuild merges them (an overlap stops for a choice): "
                         + ", ".join(i.conflicts))
    return lines
