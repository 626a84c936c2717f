"""Build one client's delivery. `build_client` reads as the pipeline:

load → decide the certificate → (inputs unchanged? stop) → resolve the client's overrides → plan →
render → lint → assemble → PDF → gap report and checklist → calendar → audit kit → the consultant's review
list, and no research note in any client document → redline → publish.

Everything is gathered and checked before anything is written; the delivery is written into a staging
folder and moved into place at the end, so a failure at any step leaves the last good delivery untouched.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument

from .. import __version__
from ..errors import LintError
from ..practices.tickets import expired_first_aiders, expiring_first_aiders
from ..program.coherence import enforce_coherence
from ..program.compose import PROGRAM_TITLE, ClientSection, RenderedProgram, render_program
from ..program.forms import own_form_warnings, rendered_forms
from ..program.lint import enforce, intake_values
from ..program.plan import Plan
from ..readiness.calibration import calibrate, last_recorded
from ..readiness.platforms import COVERAGE_XLSX, platform_coverage, write_coverage_xlsx
from ..readiness.report import write_readiness_documents
from ..upkeep.calendar_export import write_ics
from ..upkeep.renewals import first_aid_renewals
from ..upkeep.schedule import Event
from ..word.assemble import (
    DocMeta,
    Layout,
    append_documents,
    decorate_document,
    lay_out,
    layout_source,
    pandoc_to_docx,
)
from ..word.office import Converted, Office, release_memory
from ..word.ooxml import save_uncompressed
from ..word.redline import REDLINE, redline_docx
from ..word.toc import fill_toc_document, has_toc
from .changes import changed_sections, redline_sources, write_changes
from .client_notes import client_document_note_excerpts, describe_notes
from .deliveries import (
    Delivery,
    clean_staging,
    client_lock,
    latest_delivery,
    publish,
    staging,
)
from .overrides import overrides_dir
from .prepare import Inputs, Prepared, glyph_warnings, prepare_client
from .rebase import check_chosen_sections, rebase_overrides
from .review import REVIEW_NAME, write_review

log = logging.getLogger(__name__)

DEFAULT_OUTPUT = Path("output")
CALENDAR = "certificate-calendar.ics"


@dataclass
class BuildResult:
    client: str
    status: str  # built | unchanged
    delivery: Delivery | None
    seconds: float
    pages: dict[str, int | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    review: int | None = None  # unverified facts listed in review.md for the consultant (None: not built)
    warnings: list[str] = field(default_factory=list)  # logged too: text the PDF cannot show


def program_meta(plan: Plan, inputs: Inputs, build_id: str) -> DocMeta:
    protocol = plan.protocol
    return DocMeta(
        title=PROGRAM_TITLE,
        company=plan.intake.company.legal_name,
        revision=plan.revision,
        date=plan.today.isoformat(),
        author=plan.intake.consultant or "corpath",
        subject=f"{plan.program.name} program, {protocol.partner.abbreviation} protocol {protocol.version}",
        properties={
            "corpath.client": plan.intake.client,
            "corpath.build_id": build_id,
            "corpath.intake_sha256": inputs.intake_sha256,
            "corpath.partner": protocol.partner.id,
            "corpath.protocol_version": protocol.version,
            "corpath.protocol_sha256": inputs.protocol_sha256,
            "corpath.program": plan.program.id,
            "corpath.version": inputs.corpath_version,
        },
    )


def calendar_renewals(plan: Plan) -> list[Event]:
    """The first aid certificates to renew, as events for the calendar beside the schedule's: those expired on
    the build's day and those expiring within `practices.tickets.EXPIRING_DAYS` of it (upkeep.renewals)."""
    aiders = expired_first_aiders(plan.intake, plan.today) + expiring_first_aiders(plan.intake, plan.today)
    return first_aid_renewals(aiders, plan.today)


def checklist_facts(plan: Plan) -> list[tuple[str, str, str, str | None]]:
    """What the records checklist states about each record (id, how often, keeper, form), for the coherence
    check against the program and the practice model."""
    return [(n.spec.id, n.rate_words, n.keeper.name, n.spec.form)
            for s in plan.readiness.checklist for n in s.records]


def program_docx(plan: Plan, program: RenderedProgram, meta: DocMeta, stage: Path, *,
                 client_dir: Path | None = None, pandoc_docx: Future[Path] | None = None) -> DocxDocument:
    """program.md (the source), the forms, and program.docx decorated and given its forms, saved for
    LibreOffice; returns the open Document, which `finish_program_docx` gives LibreOffice's page numbers. The
    client's pictures (`media/...` in an override) and own form templates (`forms/`) are found in
    `client_dir`, the client's overrides folder. `pandoc_docx`, when given, is pandoc's DOCX of
    `program.markdown` already under way in another thread: the forms are rendered while it runs, and it is
    moved into the delivery. Raises ToolError when pandoc fails.

    All of a build's XML work (python-docx, docxtpl, lxml) stays in the thread that calls this: lxml's
    thread dictionaries are sub-dictionaries of the main thread's, and trees worked on in two threads at once
    once saved a program whose `w:` prefix was undeclared. Only waits on pandoc and LibreOffice go to others."""
    (stage / "program.md").write_text(program.markdown, encoding="utf-8")
    forms = rendered_forms(plan, stage / "forms", own=None if client_dir is None else client_dir / "forms")
    docx_path = stage / "program.docx"
    if pandoc_docx is None:
        pandoc_to_docx(program.markdown, docx_path, resource_path=client_dir)
    else:
        shutil.move(pandoc_docx.result(), docx_path)
    # one python-docx pass: opened once, decorated and given its forms, saved for LibreOffice, then given
    # LibreOffice's table of contents and saved again (one open and one save fewer than a pass per step)
    document = docx.Document(str(docx_path))
    decorate_document(document, meta)
    append_documents(document, [form for _, form in forms])  # the rendered forms, not opened again
    if has_toc(document.element.body):
        # `finish_program_docx` fills the table of contents and saves the file again, deflated: this copy
        # is only read, by LibreOffice's layout copy (`layout_source`), and need not be compressed
        save_uncompressed(document, docx_path)
    else:
        document.save(str(docx_path))
    return document


def finish_program_docx(document: DocxDocument, stage: Path, converted: Converted) -> None:
    """program.docx given the page numbers of LibreOffice's table of contents (`converted.toc`)."""
    if fill_toc_document(document, converted.toc) is not None:
        document.save(str(stage / "program.docx"))


def client_sections(prepared: Prepared) -> dict[str, Any]:
    """What `render_program` needs from the client's overrides folder: texts, titles, deleted and added sections."""
    kept = {sid: o for sid, o in prepared.overrides.items() if not o.deleted}
    return {
        "overrides": {sid: o.text for sid, o in kept.items()},
        "titles": {sid: o.title for sid, o in kept.items() if o.title},
        "dropped": {sid for sid, o in prepared.overrides.items() if o.deleted},
        "added": [ClientSection(a.title, a.after, a.text) for a in prepared.added],
    }


def build_client(
    intake_path: Path,
    *,
    output_root: Path = DEFAULT_OUTPUT,
    office: Office | None = None,
    force: bool = False,
    today: date | None = None,
    keep_client: set[str] | None = None,
    take_template: set[str] | None = None,
) -> BuildResult:
    started = time.monotonic()
    prepared = prepare_client(intake_path, today=today)
    intake = prepared.intake

    check_chosen_sections(prepared.plan, keep_client=keep_client or set(), take_template=take_template or set())
    unused_forms = own_form_warnings(prepared.plan, overrides_dir(intake_path) / "forms")
    with client_lock(output_root, intake.client):
        previous = latest_delivery(output_root, intake.client)
        if not force and previous is not None and previous.manifest.get("inputs") == prepared.inputs.as_dict():
            return BuildResult(intake.client, "unchanged", previous, time.monotonic() - started)
        with ExitStack() as stack:
            if office is None:
                # LibreOffice boots (about a second) while the plan, the text and pandoc's DOCX are made, and is
                # stopped at the end without the wait of a graceful quit: its PDFs are written by then
                office = Office()
                stack.callback(office.stop)
                office.start()
            merged = rebase_overrides(intake_path, prepared.plan, keep_client=keep_client or set(),
                                      take_template=take_template or set(), today=prepared.plan.today)
            if merged:
                prepared = prepare_client(intake_path, today=today)  # a merge rewrote the overrides
            plan = prepared.plan
            client = client_sections(prepared)
            program = render_program(plan, **client)
            # pandoc makes the program's DOCX while the forms are rendered
            pandoc_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="corpath-pandoc-")))
            pool = stack.enter_context(ThreadPoolExecutor(max_workers=3, thread_name_prefix="corpath-program"))
            pandoc_docx = pool.submit(pandoc_to_docx, program.markdown, pandoc_dir / "program.docx",
                                      resource_path=overrides_dir(intake_path))
            overrides = client["overrides"]
            build_id = uuid.uuid4().hex[:16]
            clean_staging(output_root, intake.client)
            with staging(output_root, intake.client) as stage:
                meta = program_meta(plan, prepared.inputs, build_id)
                document = program_docx(plan, program, meta, stage, client_dir=overrides_dir(intake_path),
                                        pandoc_docx=pandoc_docx)
                scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="corpath-layout-")))
                layout = layout_source(stage / "program.docx", scratch)
                # LibreOffice lays out the program (most of a build's time) as soon as its DOCX exists, while this
                # thread checks the text and makes the files that do not need LibreOffice; the other thread only
                # waits for LibreOffice's answer. Nothing leaves the stage before every check has passed.
                laid_out = pool.submit(lay_out, office, layout, stage / "program.pdf", release=False)
                # the tracked changes against the last delivery (an engine of its own, seconds on a changed
                # program) are made beside LibreOffice's layout, from copies without the tables of contents
                what = changed_sections(previous, program) if previous is not None else []
                redline: Future[Path] | None = None
                if what:
                    assert previous is not None
                    redline = pool.submit(redline_docx, *redline_sources(previous, stage, scratch), stage / REDLINE)
                gap_pdf: Future[Converted] | None = None
                try:
                    enforce(plan, program)
                    warnings = unused_forms + glyph_warnings(intake_path)
                    for warning in warnings:
                        log.warning("%s", warning)
                    enforce_coherence(plan, program, checklist_facts(plan))
                    release_memory()
                    write_ics(plan.schedule, stage / CALENDAR, company=intake.company.legal_name,
                              previous=previous.path / CALENDAR if previous is not None else None,
                              extra=calendar_renewals(plan))
                    recorded = last_recorded(intake_path)
                    calibration = calibrate(plan.readiness, recorded) if recorded is not None else None
                    gap_docx = write_readiness_documents(plan, stage, calibration=calibration)
                    gap_layout = layout_source(gap_docx, scratch)
                    # the gap report's PDF follows the program's on the same LibreOffice as soon as that is done
                    # (a second LibreOffice booting beside the first slowed the program's layout by more than the
                    # gap report's 0.4 s: two cores)
                    gap_pdf = pool.submit(_after, laid_out, office, gap_layout, gap_docx.with_suffix(".pdf"))
                    _write_audit_kit(plan, stage)
                    converted = laid_out.result()
                    finish_program_docx(document, stage, converted)
                    pages: dict[str, int | None] = {"program.pdf": converted.pages}
                    coverage = platform_coverage(plan, converted.toc)
                    if coverage is not None:
                        write_coverage_xlsx(coverage, stage / COVERAGE_XLSX, company=intake.company.legal_name)
                    review = write_review(plan, program, stage, build_id)
                    left = client_document_note_excerpts(stage, intake_values(plan))
                    if left:
                        raise LintError(describe_notes(left))
                    notes = write_changes(previous, what, prepared, stage) if previous is not None else []
                    pages[gap_docx.with_suffix(".pdf").name] = gap_pdf.result().pages
                    if redline is not None:
                        redline.result()
                finally:
                    # LibreOffice and the redline engine write into the stage: they end before a failed stage is
                    # removed
                    wait([future for future in (laid_out, gap_pdf, redline) if future is not None])
                notes = [f"client's text merged: {note}" for note in merged] + notes
                manifest: dict[str, Any] = {
                    "client": intake.client,
                    "build_id": build_id,
                    "created": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "corpath_version": __version__,
                    "intake": {"path": str(intake_path), "sha256": prepared.inputs.intake_sha256},
                    "partner": {
                        "id": plan.protocol.partner.id,
                        "abbreviation": plan.protocol.partner.abbreviation,
                        "protocol_version": plan.protocol.version,
                        "protocol_sha256": prepared.inputs.protocol_sha256,
                    },
                    "program": {"id": plan.program.id, "name": plan.program.name,
                                "certificate": plan.program.certificate},
                    "templates_sha256": prepared.inputs.templates_sha256,
                    "overrides": sorted(overrides),
                    "client_sections": [a.title for a in prepared.added],
                    "deleted_sections": sorted(client["dropped"]),
                    "inputs": prepared.inputs.as_dict(),
                    "previous": previous.name if previous else None,
                    "pages": pages,
                    "review": {"file": REVIEW_NAME, "unverified_facts": review},
                    "tools": {"pandoc": _pandoc_version()},
                }
                delivery = publish(stage, output_root, intake.client, manifest, now=datetime.now())
    return BuildResult(intake.client, "built", delivery, time.monotonic() - started, pages=pages, notes=notes,
                       review=review, warnings=warnings)


def _write_audit_kit(plan: Plan, stage: Path) -> None:
    """The audit kit (`audit.kit.write_kit`) in the stage's kit folder. Imported here, once LibreOffice has the
    program: the kit's spreadsheet library (openpyxl, which brings numpy) takes 0.2-0.3 s to import, which a
    build now spends while LibreOffice works instead of before it starts."""
    from ..audit.kit import KIT_FOLDER, write_kit
    from ..audit.scope import audit_scope

    write_kit(audit_scope(plan.intake, today=plan.today, decision=plan.decision), stage / KIT_FOLDER,
              today=plan.today, model=plan.practices, modules=plan.modules)


def _after(first: Future[Any], office: Office, layout: Layout, pdf: Path) -> Converted:
    """`lay_out(office, layout, pdf)` once `first` is done (its error raised, if any): one LibreOffice takes one
    document at a time, so a second conversion submitted early waits for the first in its own thread."""
    first.result()
    return lay_out(office, layout, pdf, release=False)


@cache
def _pandoc_version() -> str:
    import pypandoc

    return pypandoc.get_pandoc_version()
