"""Build one client's delivery. `build_client` reads as the pipeline:

load → decide the certificate → plan → render → lint → (up to date? stop) → assemble → PDF → publish.

Everything is gathered and checked before anything is written; the delivery is written into a staging
folder and moved into place at the end, so a failure at any step leaves the last good delivery untouched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .assemble import DocMeta, append_docx, decorate_docx, fill_toc, pandoc_to_docx
from .certificate import recommend
from .delivery import (
    Delivery,
    clean_staging,
    client_lock,
    latest_delivery,
    publish,
    sha256_tree,
    staging,
)
from .errors import NoPartnerError
from .forms import render_forms
from .intake import Intake, intake_hash, load_intake
from .lint import enforce
from .office import Office
from .plan import PARTNERS, Plan, plan_program
from .program import PROGRAM_TITLE, RenderedProgram, render_program
from .protocols import TEMPLATES

log = logging.getLogger(__name__)

DEFAULT_OUTPUT = Path("output")


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


@dataclass
class BuildResult:
    client: str
    status: str  # built | unchanged
    delivery: Delivery | None
    seconds: float
    pages: int | None = None
    notes: list[str] = field(default_factory=list)


def templates_hash(partner_id: str) -> str:
    """Hash of the templates and shared data this partner's programs are made from (not the packs)."""
    shared = sha256_tree(TEMPLATES, exclude=("protocols", "partners"))
    own = PARTNERS / partner_id
    return shared + (sha256_tree(own) if own.exists() else "")


def program_inputs(intake: Intake, plan: Plan, overrides: dict[str, str]) -> Inputs:
    return Inputs(
        intake_sha256=intake_hash(intake),
        partner=plan.protocol.partner.id,
        protocol_version=plan.protocol.version,
        protocol_sha256=plan.pack.sha256,
        templates_sha256=templates_hash(plan.protocol.partner.id),
        overrides_sha256=hashlib.sha256(json.dumps(sorted(overrides.items())).encode()).hexdigest(),
        corpath_version=__version__,
    )


def program_meta(plan: Plan, inputs: Inputs) -> DocMeta:
    return DocMeta(
        title=PROGRAM_TITLE,
        company=plan.intake.company.legal_name,
        revision=plan.revision,
        date=plan.today.isoformat(),
        author=plan.intake.consultant or "corpath",
        subject=f"{plan.program.name} program, {plan.protocol.partner.abbreviation} protocol {plan.protocol.version}",
        properties={
            "corpath.client": plan.intake.client,
            "corpath.intake_sha256": inputs.intake_sha256,
            "corpath.partner": plan.protocol.partner.id,
            "corpath.protocol_version": plan.protocol.version,
            "corpath.protocol_sha256": inputs.protocol_sha256,
            "corpath.program": plan.program.id,
            "corpath.version": inputs.corpath_version,
        },
    )


def write_program(plan: Plan, program: RenderedProgram, inputs: Inputs, stage: Path, office: Office) -> int | None:
    """program.md (the source), program.docx (editable, filled TOC), program.pdf, and the forms."""
    (stage / "program.md").write_text(program.markdown, encoding="utf-8")
    docx_path = pandoc_to_docx(program.markdown, stage / "program.docx")
    decorate_docx(docx_path, program_meta(plan, inputs))
    forms = render_forms(plan, stage / "forms")
    append_docx(docx_path, forms)
    converted = office.to_pdf(docx_path, stage / "program.pdf")
    fill_toc(docx_path, converted.toc)
    return converted.pages


def load_overrides(intake_path: Path) -> dict[str, str]:
    """A client's edited sections (absorbed from their Word file); none until `corpath absorb` runs."""
    return {}


def build_client(
    intake_path: Path,
    *,
    output_root: Path = DEFAULT_OUTPUT,
    office: Office | None = None,
    force: bool = False,
    today: date | None = None,
) -> BuildResult:
    started = time.monotonic()
    intake = load_intake(intake_path)
    decision = recommend(intake)
    if decision.certificate is None:
        raise NoPartnerError(
            f"{intake.client}: no COR program to build for: " + " ".join(decision.reasons)
        )
    plan = plan_program(intake, decision, today=today)
    overrides = load_overrides(intake_path)
    program = render_program(plan, overrides)
    enforce(plan, program)
    inputs = program_inputs(intake, plan, overrides)

    with client_lock(output_root, intake.client):
        previous = latest_delivery(output_root, intake.client)
        if not force and previous is not None and previous.manifest.get("inputs") == inputs.as_dict():
            return BuildResult(intake.client, "unchanged", previous, time.monotonic() - started)
        clean_staging(output_root, intake.client)
        with ExitStack() as stack:
            if office is None:
                office = stack.enter_context(Office())
            with staging(output_root, intake.client) as stage:
                pages = write_program(plan, program, inputs, stage, office)
                manifest: dict[str, Any] = {
                    "client": intake.client,
                    "created": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "corpath_version": __version__,
                    "intake": {"path": str(intake_path), "sha256": inputs.intake_sha256},
                    "partner": {
                        "id": plan.protocol.partner.id,
                        "abbreviation": plan.protocol.partner.abbreviation,
                        "protocol_version": plan.protocol.version,
                        "protocol_sha256": inputs.protocol_sha256,
                    },
                    "program": {"id": plan.program.id, "name": plan.program.name,
                                "certificate": plan.program.certificate},
                    "templates_sha256": inputs.templates_sha256,
                    "inputs": inputs.as_dict(),
                    "previous": previous.name if previous else None,
                    "pages": {"program.pdf": pages},
                    "tools": {"pandoc": _pandoc_version()},
                }
                delivery = publish(stage, output_root, intake.client, manifest, now=datetime.now())
    return BuildResult(intake.client, "built", delivery, time.monotonic() - started, pages=pages)


def _pandoc_version() -> str:
    import pypandoc

    return pypandoc.get_pandoc_version()
