"""Every client's recorded audits, newest first (`corpath audit list`), and each client's last one (`status`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..intake.audits import RecordedAudit, load_recorded
from ..intake.load import intake_files
from ..readiness.scoring import show_percent


@dataclass(frozen=True)
class AuditLine:
    """One recorded audit of a client, as `corpath audit list` shows it."""

    client: str
    file: str
    audit: RecordedAudit
    superseded: bool

    @property
    def result(self) -> str:
        """`PASS 84.5% (bar 80%)`, `FAIL 61% (bar 80%)`."""
        word = {True: "PASS", False: "FAIL", None: "UNKNOWN"}[self.audit.passed]
        bar = "" if self.audit.required_percent is None else f" (bar {self.audit.required_percent:g}%)"
        return f"{word} {show_percent(self.audit.overall_percent)}%{bar}"

    def as_dict(self) -> dict[str, Any]:
        a = self.audit
        return {"client": self.client, "file": self.file, "date": a.date.isoformat(), "kind": a.kind,
                "auditor": a.auditor, "partner": a.partner, "protocol_version": a.protocol_version,
                "program": a.program, "overall_percent": a.overall_percent, "required_percent": a.required_percent,
                "element_minimum": a.element_minimum, "passed": a.passed, "reason": a.reason,
                "supersedes": a.supersedes, "superseded": self.superseded}


def audit_lines(intake_dir: Path) -> tuple[list[AuditLine], list[str]]:
    """Every recorded audit of every client in `intake_dir` (superseded ones flagged), newest first, and a
    message per file that does not read (the rest go on)."""
    lines: list[AuditLine] = []
    problems: list[str] = []
    for path in intake_files(intake_dir):
        try:
            every = load_recorded(path, include_superseded=True)
        except InputError as exc:
            problems.append(exc.format_message())
            continue
        replaced = {a.supersedes for _, a in every if a.supersedes}
        lines += [AuditLine(path.stem, p.name, a, p.name in replaced) for p, a in every]
    lines.sort(key=lambda line: (line.audit.date, line.audit.recorded), reverse=True)
    return lines, problems


def last_audit(intake_path: Path) -> AuditLine | None:
    """A client's newest recorded audit that is not superseded, or None (also when a file does not read)."""
    try:
        found = load_recorded(intake_path)
    except InputError:
        return None
    if not found:
        return None
    path, audit = max(found, key=lambda pa: (pa[1].date, pa[1].recorded))
    return AuditLine(intake_path.stem, path.name, audit, False)


def calibration_lines(line: AuditLine, predicted: dict[str, tuple[str, float | None]], predicted_overall: float,
                      *, shown: int = 3) -> list[str]:
    """The last recorded audit beside the prediction: both overall scores, and the elements where they differ
    most (the prediction counts only evidence the intake shows; an auditor may find more, or less).

    `predicted` maps element id to (name, predicted percent)."""
    a = line.audit
    out = [f"Last recorded audit: {a.date} {a.kind}, {line.result}; predicted today: "
           f"{show_percent(predicted_overall)}%"]
    gaps = []
    for e in a.elements:
        name, guess = predicted.get(e.id, (e.name, None))
        if e.percent is not None and guess is not None:
            gaps.append((abs(e.percent - guess), e.id, name, guess, e.percent))
    gaps.sort(key=lambda g: (-g[0], g[1]))
    for _, eid, name, guess, found in [g for g in gaps if g[0] >= 10][:shown]:
        why = "the audit found more than the intake shows" if found > guess else "the intake claims more than the " \
              "audit found"
        out.append(f"  {eid} {name}: predicted {show_percent(guess)}%, recorded {show_percent(found)}% ({why})")
    return out
