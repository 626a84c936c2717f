"""Recording an audit: read the filled workbook, score it by the partner's rules, store it beside the intake.

Scoring (the partner's rules, as the readiness score applies them): a question's points are the points given
per method; a question marked not applicable counts neither earned nor available; an element's percentage is
its points earned over available, the overall percentage all points earned over all available. A mock, self
or certification audit is judged by the program's certification pass rule (overall mark and element minimum),
a maintenance audit by its maintenance pass rule (the pack's `maintenance_pass`).

The result is stored as `intake/<client>.audits/<DATE>-<KIND>.yaml` (`pipeline.intake.audits`). Nothing is
ever overwritten: recording the same date and kind again writes `<DATE>-<KIND>-2.yaml`, which supersedes the
first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ruamel.yaml import YAML

from ..errors import InputError, Problem
from ..intake.audits import FORMAT, KINDS, ElementResult, MethodScore, QuestionResult, RecordedAudit, audits_dir
from ..intake.audits import load_recorded as load_recorded
from ..readiness.scoring import ElementScore, Verdict, judge_scores
from .sampling import SamplingRules
from .scope import AuditScope
from .workbook import Entry, read_workbook


@dataclass(frozen=True)
class Recorded:
    """A stored audit: the file written, what it holds, and the verdict it was judged by."""

    path: Path
    audit: RecordedAudit
    verdict: Verdict


def score_entries(entries: list[Entry], scope: AuditScope) -> tuple[list[ElementScore], list[QuestionResult]]:
    """Per-element scores and per-question results of a checked workbook (see the module docstring)."""
    results: list[QuestionResult] = []
    by_element: dict[str, list[QuestionResult]] = {}
    for entry in entries:
        methods = {}
        for method, maximum in entry.maxima.items():
            methods[method] = MethodScore(
                points=None if entry.not_applicable is not None else entry.points.get(method), maximum=maximum,
                asked=entry.asked if method == "interview" else None,
                correct=entry.correct if method == "interview" else None)
        na = entry.not_applicable is not None
        earned = 0.0 if na else sum(v or 0.0 for v in entry.points.values())
        available = 0.0 if na else sum(entry.maxima.values())
        result = QuestionResult(id=entry.question, element=entry.element, earned=earned, available=available,
                                not_applicable=entry.not_applicable, methods=methods, evidence=entry.evidence,
                                note=entry.note)
        results.append(result)
        by_element.setdefault(entry.element, []).append(result)
    elements = [ElementScore(e.id, e.name, sum(r.earned for r in by_element.get(e.id, [])),
                             sum(r.available for r in by_element.get(e.id, [])))
                for e in scope.elements]
    return elements, results


def judge(elements: list[ElementScore], scope: AuditScope, kind: str) -> Verdict:
    """Pass or fail: maintenance audits against the maintenance pass rule, the others against certification."""
    if kind == "maintenance":
        return judge_scores(elements, scope.program.maintenance_pass, "maintenance")
    return judge_scores(elements, scope.program.certification_pass, "certification")


def _target(folder: Path, day: date, kind: str) -> tuple[Path, str | None]:
    """The file to write and the one it supersedes (the newest of the same date and kind), never an existing one."""
    base = f"{day.isoformat()}-{kind}"
    chain = [folder / f"{base}.yaml"] if (folder / f"{base}.yaml").exists() else []
    numbered = [p for p in folder.glob(f"{base}-*.yaml") if p.stem.removeprefix(f"{base}-").isdigit()]
    chain += sorted(numbered, key=lambda p: int(p.stem.removeprefix(f"{base}-")))
    if not chain:
        return folder / f"{base}.yaml", None
    n = len(chain) + 1
    while (folder / f"{base}-{n}.yaml").exists():
        n += 1
    return folder / f"{base}-{n}.yaml", chain[-1].name


def record_audit(intake_path: Path, workbook: Path, scope: AuditScope, *, kind: str, day: date, today: date,
                 auditor: str | None, sampling: SamplingRules) -> Recorded:
    """Check, score and store one audit; returns the stored file, the record and the verdict.

    Raises InputError (nothing stored) for an unknown kind, a date after `today`, or any workbook problem
    (`workbook.read_workbook`: every problem at once, each as `FILE!Sheet!CELL: message`).
    """
    if kind not in KINDS:
        raise InputError([Problem("--kind", None, None, "", f"'{kind}' is not a kind of audit; use "
                                                           f"{', '.join(KINDS)}")])
    if day > today:
        raise InputError([Problem("--date", None, None, "", f"{day.isoformat()} is in the future (today is "
                                                           f"{today.isoformat()}); record an audit once it is done")])
    entries = read_workbook(workbook, scope, sampling=sampling)
    elements, questions = score_entries(entries, scope)
    verdict = judge(elements, scope, kind)
    folder = audits_dir(intake_path)
    folder.mkdir(parents=True, exist_ok=True)
    target, supersedes = _target(folder, day, kind)
    audit = RecordedAudit(
        format=FORMAT, client=scope.intake.client, kind=kind, date=day, auditor=auditor,
        recorded=datetime.now().astimezone().replace(microsecond=0), workbook=workbook.name,
        workbook_sha256=hashlib.sha256(workbook.read_bytes()).hexdigest(), partner=scope.pack.partner.id,
        protocol_version=scope.pack.version, program=scope.program.id, pass_kind=verdict.kind,
        required_percent=verdict.required_percent, element_minimum=verdict.element_minimum,
        overall_percent=round(verdict.overall_percent, 2), passed=verdict.passes, reason=verdict.binding_reason,
        failures=verdict.failures, supersedes=supersedes,
        elements=[ElementResult(id=e.id, name=e.name, earned=e.earned, available=e.available,
                                percent=None if e.percent is None else round(e.percent, 2)) for e in elements],
        questions=questions,
    )
    write_recorded(audit, target)
    return Recorded(target, audit, verdict)


def write_recorded(audit: RecordedAudit, target: Path) -> None:
    """Write a recorded audit as plain YAML; refuses to replace a file (a correction is a new file)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    data = audit.model_dump(mode="python", exclude_none=False)
    with target.open("x", encoding="utf-8") as fh:
        fh.write(f"# Recorded by corpath from {audit.workbook}; a correction is a new file that supersedes this.\n")
        yaml.dump(data, fh)
