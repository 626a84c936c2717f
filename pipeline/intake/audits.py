"""Recorded audits: the files beside an intake, `intake/<client>.audits/<DATE>-<KIND>[-N].yaml`.

`corpath audit record` writes one file per audit it scores (`pipeline.audit.record`); this module is their model
and their reader, kept with the intake because they are the client's own data, plain and reviewable in git,
and because the certificate calendar (`upkeep`) reads them as the audits done. A recorded audit is never
overwritten: a correction is a new file whose `supersedes` names the one it replaces, and only the newest of a
chain counts.

`with_recorded_audits` folds the audits that count (certification and maintenance audits that passed) into the
intake's own `certificate.audits`, so the calendar and `corpath due` see one list: an audit already entered by
hand with the same kind and date is not added twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Literal

from pydantic import Field

from .model import AuditDone, AuditKind, CertificateStatus, Intake, Model
from .yamlfile import load_model

RecordedKind = Literal["mock", "self", "maintenance", "certification"]
KINDS: tuple[str, ...] = ("mock", "self", "maintenance", "certification")
FORMAT = 1


class MethodScore(Model):
    points: float | None = Field(None, description="Points given for this method (null: the method is not used)")
    maximum: float = Field(description="Points available for this method")
    asked: int | None = Field(None, description="Interviewees asked (interviews only)")
    correct: int | None = Field(None, description="Interviewees who answered correctly (interviews only)")


class QuestionResult(Model):
    id: str = Field(description="Question id in the protocol pack")
    element: str = Field(description="Element id")
    earned: float = Field(description="Points earned")
    available: float = Field(description="Points available (0 when not applicable)")
    not_applicable: str | None = Field(None, description="The reason, when the question was marked not applicable")
    methods: dict[str, MethodScore] = Field(default_factory=dict, description="Per method: points and maximum")
    evidence: str | None = Field(None, description="The evidence seen: a record reference")
    note: str | None = Field(None, description="The auditor's note")


class ElementResult(Model):
    id: str = Field(description="Element id")
    name: str = Field(description="Element name")
    earned: float = Field(description="Points earned")
    available: float = Field(description="Points available")
    percent: float | None = Field(None, description="Score in percent (null: nothing available)")


class RecordedAudit(Model):
    format: Literal[1] = Field(description="File format version")
    client: str = Field(description="Client id")
    kind: RecordedKind = Field(description="mock, self, maintenance or certification")
    date: dt.date = Field(description="Date the audit was completed")
    auditor: str | None = Field(None, description="Who audited")
    recorded: dt.datetime = Field(description="When corpath recorded it")
    workbook: str = Field(description="The workbook it was read from (file name)")
    workbook_sha256: str = Field(description="The workbook's hash")
    partner: str = Field(description="Certifying partner id")
    protocol_version: str = Field(description="Protocol version the workbook was made for")
    program: str = Field(description="Program id (cor, secor, ...)")
    pass_kind: Literal["certification", "maintenance"] = Field(description="Which pass rule judged it")
    required_percent: float | None = Field(None, description="Overall pass mark")
    element_minimum: float | None = Field(None, description="Element minimum (null: none)")
    overall_percent: float = Field(description="Overall score in percent")
    passed: bool | None = Field(description="Pass or fail against the rule (null: the pass mark is unknown)")
    reason: str = Field(description="Why it passed or failed")
    failures: list[str] = Field(default_factory=list, description="Every bar it missed")
    supersedes: str | None = Field(None, description="File name of the recorded audit this one corrects")
    elements: list[ElementResult] = Field(description="Per element")
    questions: list[QuestionResult] = Field(description="Per question")


def audits_dir(intake_path: Path) -> Path:
    """The folder of a client's recorded audits: beside the intake, `<client>.audits/`."""
    return intake_path.parent / f"{intake_path.stem}.audits"


def audits_fingerprint(intake_path: Path) -> str | None:
    """One SHA-256 over every recorded audit file of a client (names and bytes, superseded ones included), or
    None when there is none: a delivery's gap report shows the last audit, so recording one makes it stale."""
    folder = audits_dir(intake_path)
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        return None
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).hexdigest().encode())
    return digest.hexdigest()


def load_recorded(intake_path: Path, *, include_superseded: bool = False) -> list[tuple[Path, RecordedAudit]]:
    """A client's recorded audits, oldest first (by date, then file name); a superseded one is left out unless
    asked for. Raises InputError (file, line, field) for a file that does not validate."""
    folder = audits_dir(intake_path)
    if not folder.is_dir():
        return []
    found = [(p, load_model(RecordedAudit, p)) for p in sorted(folder.glob("*.yaml"))]
    replaced = {a.supersedes for _, a in found if a.supersedes}
    if not include_superseded:
        found = [(p, a) for p, a in found if p.name not in replaced]
    return sorted(found, key=lambda pa: (pa[1].date, pa[0].name))


def as_audit_done(audit: RecordedAudit, intake: Intake) -> AuditDone | None:
    """The certificate audit a recorded one counts as, or None: only a passed certification or maintenance audit
    counts; a certification audit after the certificate was issued is its recertification."""
    if audit.kind not in ("certification", "maintenance") or audit.passed is not True:
        return None
    kind = AuditKind(audit.kind)
    issued = intake.certificate.issued
    if (kind == AuditKind.certification and intake.certificate.status == CertificateStatus.certified
            and issued is not None and audit.date > issued):
        kind = AuditKind.recertification
    return AuditDone(kind=kind, date=audit.date, score=round(audit.overall_percent, 1))


def with_recorded_audits(intake: Intake, intake_path: Path) -> Intake:
    """The intake with its recorded audits that count added to `certificate.audits` (none twice: an entry of
    the same kind and date already there is kept as written). The intake itself is returned when none count."""
    have = {(a.kind, a.date) for a in intake.certificate.audits}
    extra = []
    for _, recorded in load_recorded(intake_path):
        done = as_audit_done(recorded, intake)
        if done is not None and (done.kind, done.date) not in have:
            have.add((done.kind, done.date))
            extra.append(done)
    if not extra:
        return intake
    certificate = intake.certificate.model_copy(update={"audits": [*intake.certificate.audits, *extra]})
    return intake.model_copy(update={"certificate": certificate})
