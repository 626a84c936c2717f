"""Every client's recorded audits, newest first (`corpath audit list`), and each client's last one (`status`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..intake.audits import RecordedAudit, load_recorded
from ..intake.load import intake_files
from ..readiness.calibration import Calibration, recorded_result
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
        return recorded_result(self.audit)

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


def calibration_lines(calibration: Calibration, *, shown: int = 3) -> list[str]:
    """`corpath gaps`' tail: the last recorded audit beside the prediction (both overall scores), the elements
    where they differ most (`readiness.calibration`, the same comparison the gap report shows), and the
    sentence on the prediction's calibration."""
    c = calibration
    out = [f"Last recorded audit: {c.audit.date} {c.audit.kind}, {c.result}; predicted today: "
           f"{show_percent(c.predicted_overall)}%"]
    for e in c.differing[:shown]:
        out.append(f"  {e.id} {e.name}: predicted {show_percent(e.predicted or 0.0)}%, recorded "
                   f"{show_percent(e.recorded or 0.0)}% ({e.why})")
    return [*out, f"  {c.sentence}"]
