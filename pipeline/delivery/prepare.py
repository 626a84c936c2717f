"""Prepare a client: load, decide, hash the inputs; and plan its program with the readiness assessment.

The plan is made here, above both the program and the readiness stages, so neither imports the other's
caller: readiness is assessed first and handed to the plan (`program.plan.make_plan`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import NoPartnerError
from ..intake.load import intake_hash, load_intake
from ..intake.model import Intake
from ..program.plan import PARTNERS, Plan, make_plan
from ..protocols.certificate import Decision, recommend
from ..protocols.packs import PROTOCOLS, TEMPLATES
from ..readiness.gaps import Readiness, assess_readiness
from .deliveries import sha256_file, sha256_tree
from .overrides import Added, Override, load_added, load_overrides, overrides_fingerprint


def expected_certification(readiness: Readiness, today: date) -> date:
    """The date a not-yet-certified company's cycle is projected from: the target when the gap report says it
    can be met, else the earliest realistic audit date, so the program and the report tell the same story."""
    timeline = readiness.timeline
    if timeline.target and timeline.meets_target:
        return timeline.target
    return timeline.earliest or timeline.target or today


def plan_program(intake: Intake, decision: Any, *, today: date | None = None, revision: str = "1") -> Plan:
    """Assess readiness, then gather what the program needs (`program.plan.make_plan`); raises a CorpathError
    before anything is written when something is missing."""
    today = today or date.today()
    readiness = assess_readiness(intake, today=today, decision=decision)
    return make_plan(intake, decision, readiness=readiness, certified_on=expected_certification(readiness, today),
                     today=today, revision=revision)


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

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


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


def prepare_client(intake_path: Path, *, today: date | None = None) -> Prepared:
    """Load, validate, decide and plan; raises a CorpathError when the client cannot be built."""
    intake = load_intake(intake_path)
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
    )
    return Prepared(intake_path, intake, decision, overrides, load_added(intake_path), inputs, today)
