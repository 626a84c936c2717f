"""What a protocol change does to every client, before anything is rebuilt.

For a partner's old and new protocol versions: why the new version differs (its changelog), which clients use
the partner, whether each one's recommended program changes (the decision is made under each version), which
sections of each client's program change (rendered both ways and compared), which of those the client has
edited (a rebuild merges them, and stops only where the client and the template changed the same
paragraph), how each predicted gap score moves, and which
recorded audits were scored on another version of the protocol (their scores no longer compare with audits
on the new one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import language
from ..errors import CorpathError, NoPartnerError
from ..intake.audits import load_recorded
from ..program.compose import render_sections
from ..protocols.certificate import recommend
from ..protocols.packs import LoadedPack
from .overrides import load_overrides
from .prepare import plan_program, prepare_client


@dataclass
class ClientImpact:
    client: str
    program: str | None = None
    certificate: str | None = None  # what the program earns under the new version: COR or SECOR
    program_before: str | None = None  # "name [certificate]" recommended under the old version, when it differs
    sections_changed: list[str] = field(default_factory=list)  # titles
    conflicts: list[str] = field(default_factory=list)  # changed sections the client has edited (ids)
    score_before: float | None = None
    score_after: float | None = None
    passes_before: bool | None = None
    passes_after: bool | None = None
    note: str | None = None
    incomparable_audits: list[str] = field(default_factory=list)  # recorded on another version: "FILE (protocol V)"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def assess_client(intake_path: Path, old: LoadedPack, new: LoadedPack, today: date) -> ClientImpact | None:
    """The impact on one client, or None when the client is not with this partner."""
    prepared = prepare_client(intake_path, today=today)
    if prepared.decision.partner_id != new.pack.partner.id:
        return None
    impact = ClientImpact(prepared.intake.client)
    plans = []
    for loaded in (old, new):
        decision = recommend(prepared.intake, use_pack=loaded)
        plans.append(plan_program(prepared.intake, decision, today=today))
    before, after = plans
    impact.program, impact.certificate = after.program.name, after.program.certificate
    if before.program.id != after.program.id or before.program.certificate != after.program.certificate:
        impact.program_before = f"{before.program.name} [{before.program.certificate}]"
    old_bodies = {s.spec.id: s.body for s in render_sections(before)}
    changed = [s for s in render_sections(after) if old_bodies.get(s.spec.id) != s.body]
    impact.sections_changed = [s.spec.title for s in changed]
    edited = load_overrides(intake_path)
    impact.conflicts = [s.spec.id for s in changed if s.spec.id in edited]
    impact.score_before = round(before.readiness.overall_percent, 1)
    impact.score_after = round(after.readiness.overall_percent, 1)
    impact.passes_before = before.readiness.certification.passes
    impact.passes_after = after.readiness.certification.passes
    partner, version = new.pack.partner.id, new.pack.version
    impact.incomparable_audits = [f"{path.name} (protocol {audit.protocol_version})"
                                  for path, audit in load_recorded(intake_path)
                                  if audit.partner == partner and audit.protocol_version != version]
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


def changelog_lines(new: LoadedPack) -> list[str]:
    """Why the new version differs: its changelog, one entry a line with the date and the source."""
    pack = new.pack
    if not pack.changelog:
        return []
    return [f"Why {pack.partner.abbreviation} {pack.version} differs (its changelog):",
            *[f"  - {e.date.isoformat()}: {e.change} {e.provenance}" for e in pack.changelog]]


def impact_lines(impacts: list[ClientImpact], abbreviation: str, new: LoadedPack | None = None) -> list[str]:
    """`corpath protocols impact` as text, after the diff: the new version's changelog, then one line a client
    (with the recommendation when it moves), and the sections it edited."""
    why = changelog_lines(new) if new is not None else []
    lines = [*why, *([""] if why else []), f"Clients of {abbreviation}: {len(impacts)}"]
    for i in impacts:
        if i.note:
            lines.append(f"  {i.client}: {i.note}")
            continue
        move = f"{i.score_before:g}% → {i.score_after:g}%"
        verdict = "" if i.passes_before == i.passes_after else (
            f" (now {'passes' if i.passes_after else 'fails'})")
        lines.append(f"  {i.client} ({i.program}): score {move}{verdict}; "
                     f"{language.tally(len(i.sections_changed), 'section')} "
                     f"{language.verb('changes', len(i.sections_changed))}: {', '.join(i.sections_changed) or 'none'}")
        if i.program_before:
            lines.append(f"    recommendation moves: {i.program_before} → {i.program} [{i.certificate}]")
        if i.conflicts:
            lines.append("    edited by the client, a rebuild merges them (an overlap stops for a choice): "
                         + ", ".join(i.conflicts))
        if i.incomparable_audits:
            lines.append(f"    recorded audits on another protocol version, not comparable with audits on the new "
                         f"one: {', '.join(i.incomparable_audits)}")
    return lines
