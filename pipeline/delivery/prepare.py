"""Prepare a client: load, decide, hash the inputs; and plan its program with the readiness assessment.

The plan is made here, above both the program and the readiness stages, so neither imports the other's
caller: readiness is assessed first and handed to the plan (`program.plan.make_plan`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import NoPartnerError
from ..intake.audits import audits_fingerprint, with_recorded_audits
from ..intake.load import intake_hash, load_intake
from ..intake.model import Intake
from ..intake.yamlfile import display_path, dotted, load_document, locate
from ..practices.model import practice_model
from ..program.modules import select_modules
from ..program.plan import PARTNERS, Plan, make_plan
from ..protocols.certificate import Decision, recommend
from ..protocols.packs import PROTOCOLS, TEMPLATES
from ..readiness.gaps import assess_readiness
from ..readiness.projection import project_schedule
from ..word.fonts import FALLBACK_PACKAGES, missing_glyphs
from .deliveries import sha256_file, sha256_tree
from .overrides import Added, Override, load_added, load_overrides, overrides_fingerprint


def plan_program(intake: Intake, decision: Any, *, today: date | None = None, revision: str = "1") -> Plan:
    """Assess readiness, then gather what the program needs (`program.plan.make_plan`); raises a CorpathError
    before anything is written when something is missing."""
    today = today or date.today()
    program = decision.pack.pack.program(decision.program_id)
    # once per build; all outputs read it
    model = practice_model(intake, months=program.records_window.months, today=today)
    modules = select_modules(intake)  # fitted once: the gap report's changes and equipment, and the program
    readiness = assess_readiness(intake, today=today, decision=decision, model=model, modules=modules)
    schedule = project_schedule(intake, decision, today=today, readiness=readiness)  # the one `due` shows too
    return make_plan(intake, decision, readiness=readiness, schedule=schedule, today=today, revision=revision,
                     practices=model, modules=modules)


@dataclass(frozen=True)
class Inputs:
    """What a delivery was built from; equal inputs mean an identical program, so nothing is rebuilt."""

    intake_sha256: str
    partner: str
    protocol_version: str
    protocol_sha256: str
    templates_sha256: str
    overrides_sha256: str
    corpath_version: str
    audits_sha256: str | None = None  # None: no audit recorded (left out of the dict, as before audits counted)

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in self.__dict__.items() if value is not None}


@dataclass(frozen=True)
class Prepared:
    """A client loaded and decided, with the inputs its delivery is built from; nothing written.

    The plan (sections, modules, readiness, calendar) is made on first use: deciding whether a client is
    stale needs only the inputs' hashes, so a no-change rerun never plans or renders.
    """

    intake_path: Path
    intake: Intake
    decision: Decision
    overrides: dict[str, Override]
    added: list[Added]
    inputs: Inputs
    today: date | None = None

    @cached_property
    def plan(self) -> Plan:
        return plan_program(self.intake, self.decision, today=self.today)


@cache
def templates_hash(partner_id: str) -> str:
    """Hash of what this partner's programs and reports are made from, other than its own pack.

    The shared templates and data (sections, hazard modules, legislation, forms, Word styles, records),
    the partner's own template folder, and the rule files beside the packs (scoring, decision and schedule
    rules, jurisdictions). Other partners' packs and templates are left out: a change there does not
    make this partner's clients stale. Cached per process: a batch hashes the tree once.
    """
    digest = hashlib.sha256(sha256_tree(TEMPLATES, exclude=("protocols", "partners")).encode())
    for rules in sorted(PROTOCOLS.glob("*.yaml")):
        digest.update(rules.name.encode() + sha256_file(rules).encode())
    own = PARTNERS / partner_id
    if own.exists():
        digest.update(sha256_tree(own).encode())
    return digest.hexdigest()


def _texts(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*loc, index))


def glyph_warnings(intake_path: Path) -> list[str]:
    """One line per intake value holding characters no installed font has, which would print as empty boxes:
    `intake/acme.yaml:12:13: people.supervisors[0].name: '王小明 🦺' has characters no installed font can show
    (王 U+738B, …)`, with the fonts to install. [] when every character is covered (or fontconfig is absent)."""
    doc = load_document(intake_path)
    found = [(loc, text, missing) for loc, text in _texts(doc.data) if (missing := missing_glyphs(text))]
    warnings = []
    for loc, text, missing in found:
        line, col = locate(doc.tree, loc) if doc.tree is not None else (None, None)
        where = ":".join(str(part) for part in (display_path(intake_path), line, col) if part is not None)
        chars = ", ".join(f"{c} U+{ord(c):04X}" for c in missing)
        warnings.append(f"{where}: {dotted(loc)}: {text!r} has characters no installed font can show ({chars}); "
                        f"they print as empty boxes in the PDF. Install fallback fonts: "
                        f"sudo apt-get install -y {' '.join(FALLBACK_PACKAGES)}")
    return warnings


def prepare_client(intake_path: Path, *, today: date | None = None) -> Prepared:
    """Load, validate, decide and plan; raises a CorpathError when the client cannot be built.

    The recorded audits that count (`intake.audits.with_recorded_audits`) join the intake's certificate audits,
    so the calendar counts them; every recorded audit file is an input (`Inputs.audits_sha256`), so recording
    one, of any kind, makes the delivery stale: its gap report shows the last one."""
    intake = with_recorded_audits(load_intake(intake_path), intake_path)
    decision = recommend(intake)
    if decision.certificate is None or decision.pack is None:
        raise NoPartnerError(f"{intake.client}: no COR program to build for: " + " ".join(decision.reasons))
    overrides = load_overrides(intake_path)
    protocol = decision.pack.pack
    inputs = Inputs(
        intake_sha256=intake_hash(intake),
        partner=protocol.partner.id,
        protocol_version=protocol.version,
        protocol_sha256=decision.pack.sha256,
        templates_sha256=templates_hash(protocol.partner.id),
        overrides_sha256=overrides_fingerprint(intake_path),
        corpath_version=__version__,
        audits_sha256=audits_fingerprint(intake_path),
    )
    return Prepared(intake_path, intake, decision, overrides, load_added(intake_path), inputs, today)
