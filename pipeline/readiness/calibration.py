"""The last recorded audit beside the prediction: per element, what corpath predicted and what the auditor found.

The prediction (`gaps.assess_readiness`) counts only the evidence the intake shows; a recorded audit
(`intake.audits`, written by `corpath audit record`) is what an auditor actually found in a sample of records,
interviews and observations. Where the two differ the prediction is miscalibrated for this client: the intake
claims more than exists (predicted above recorded), or the company has evidence the intake does not mention
(predicted below recorded). `corpath gaps` prints this, and the gap report shows it beside the prediction.

Scores compare only on the same protocol version: an audit recorded on another version (or with another
partner) is shown, but its elements are not set against the prediction's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..intake.audits import RecordedAudit, load_recorded
from ..intake.model import AuditDone
from ..program.render import format_date
from .gaps import Readiness
from .scoring import floor_percent, show_percent

CLOSE_POINTS = 10.0  # percentage points within which a prediction counts as close to the recorded score
KIND_WORDS = {"mock": "mock audit", "self": "self-audit", "maintenance": "maintenance audit",
              "certification": "certification audit", "recertification": "recertification audit"}


@dataclass(frozen=True)
class ElementCalibration:
    """One element: the predicted and the recorded percent (None: not scored on that side)."""

    id: str
    name: str
    predicted: float | None
    recorded: float | None

    @property
    def difference(self) -> float | None:
        """Predicted minus recorded, in percentage points, of the scores as shown (each floored to a tenth, as
        every score corpath prints), so the difference agrees with them; None when either side is missing."""
        if self.predicted is None or self.recorded is None:
            return None
        return difference(self.predicted, self.recorded)

    @property
    def why(self) -> str:
        """Why they differ, in a few words ('' when they are within CLOSE_POINTS or one side is missing)."""
        d = self.difference
        if d is None or abs(d) < CLOSE_POINTS:
            return ""
        return "the intake claims more than the audit found" if d > 0 else "the audit found more than the intake shows"


@dataclass(frozen=True)
class Calibration:
    """The last recorded audit of a client beside today's prediction."""

    file: str  # the recorded audit's file name in intake/<client>.audits/
    audit: RecordedAudit
    predicted_overall: float  # percent
    comparable: bool  # same partner and protocol version as the prediction
    protocol: str  # the prediction's partner and version, e.g. "ab-acsa 2023.1"
    elements: list[ElementCalibration]

    @property
    def kind(self) -> str:
        return KIND_WORDS[self.audit.kind]

    @property
    def result(self) -> str:
        """`PASS 84.5% (bar 80%)`."""
        return recorded_result(self.audit)

    @property
    def differing(self) -> list[ElementCalibration]:
        """The elements whose prediction is CLOSE_POINTS or more from the recorded score, widest gap first."""
        if not self.comparable:
            return []
        wide = [e for e in self.elements if e.why]
        return sorted(wide, key=lambda e: (-abs(e.difference or 0.0), e.id))

    @property
    def sentence(self) -> str:
        """One sentence on the prediction's calibration, for the consultant reading the report."""
        a = self.audit
        if not self.comparable:
            return (f"The {self.kind} was scored on {a.partner} protocol {a.protocol_version} and the prediction on "
                    f"{self.protocol}: the elements and points differ, so the two scores do not compare element by "
                    "element.")
        gap = difference(self.predicted_overall, a.overall_percent)
        over = [e for e in self.differing if (e.difference or 0) > 0]
        under = [e for e in self.differing if (e.difference or 0) < 0]
        if abs(gap) < CLOSE_POINTS and not self.differing:
            return (f"The prediction is within {CLOSE_POINTS:g} points of the {self.kind} overall and in every "
                    "element: the questionnaire describes the company as the auditor found it.")
        head = (f"The prediction is {points(abs(gap))} points {'above' if gap > 0 else 'below'} the "
                f"{self.kind} overall" if abs(gap) >= 0.05 else f"The prediction equals the {self.kind} overall")
        parts = []
        if over:
            parts.append(f"the questionnaire claims more than the auditor found in {_names(over)}; check those "
                         "answers against the records")
        if under:
            parts.append(f"the auditor found evidence the questionnaire does not show in {_names(under)}; update "
                         "the intake so the prediction counts it")
        return head + (": " + "; ".join(parts) + "." if parts else ".")


    def rows(self) -> list[tuple[str, str, str, str]]:
        """The report's table: element, predicted, recorded, and predicted minus recorded in percentage points
        with the reason where they differ by CLOSE_POINTS or more; the overall score last."""
        def pct(value: float | None) -> str:
            return "not scored" if value is None else f"{show_percent(value)}%"

        def gap(value: float | None, why: str = "") -> str:
            return "" if value is None else ("+" if value > 0 else "-" if value < 0 else "") + points(abs(value)) + (
                f": {why}" if why else "")

        rows = [(f"{e.id} {e.name}", pct(e.predicted), pct(e.recorded), gap(e.difference, e.why))
                for e in self.elements]
        return [*rows, ("Overall", pct(self.predicted_overall), pct(self.audit.overall_percent),
                        gap(difference(self.predicted_overall, self.audit.overall_percent)))]


def recorded_result(audit: RecordedAudit) -> str:
    """A recorded audit's result as `corpath gaps` and `corpath audit list` print it: `PASS 84.5% (bar 80%)`,
    `FAIL 61% (bar 80%)`; UNKNOWN where pass or fail is not known, no bar where none is recorded."""
    word = {True: "PASS", False: "FAIL", None: "UNKNOWN"}[audit.passed]
    bar = "" if audit.required_percent is None else f" (bar {audit.required_percent:g}%)"
    return f"{word} {show_percent(audit.overall_percent)}%{bar}"


def difference(predicted: float, recorded: float) -> float:
    """Predicted minus recorded percent, both as shown (floored to a tenth): `28.96 - 84.12` → `-55.2`."""
    return round(floor_percent(predicted) - floor_percent(recorded), 1)


def points(value: float) -> str:
    """Percentage points to one decimal, as the report's table shows them: `55.15` → `55.2`, `50.0` → `50`."""
    return f"{value:.1f}".removesuffix(".0")


def _names(elements: list[ElementCalibration], shown: int = 3) -> str:
    """The widest `shown` elements by name, and how many more."""
    names = [f"{e.id} {e.name}" for e in elements[:shown]]
    if len(elements) > shown:
        names.append(f"{len(elements) - shown} more")
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def last_recorded(intake_path: Path) -> tuple[str, RecordedAudit] | None:
    """A client's newest recorded audit that is not superseded, as (file name, audit), or None.

    Raises InputError (file, line, field) when a recorded audit does not validate."""
    found = load_recorded(intake_path)
    if not found:
        return None
    path, audit = max(found, key=lambda pa: (pa[1].date, pa[1].recorded))
    return path.name, audit


def calibrate(readiness: Readiness, recorded: tuple[str, RecordedAudit]) -> Calibration:
    """The recorded audit (file name, audit) beside the prediction, element by element in the pack's order."""
    name, audit = recorded
    pack = readiness.pack
    comparable = audit.partner == pack.partner.id and audit.protocol_version == pack.version
    found = {e.id: e for e in audit.elements}
    rows = []
    if comparable:
        rows = [ElementCalibration(e.id, e.name, e.percent, found[e.id].percent if e.id in found else None)
                for e in readiness.elements]
    return Calibration(name, audit, readiness.overall_percent, comparable, f"{pack.partner.id} {pack.version}",
                       rows)



@dataclass(frozen=True)
class CertificateHistory:
    """The audits the intake records under `certificate.audits` (kind, date, score in percent), oldest first,
    beside today's predicted overall percent; the lowest predicted elements explain a wide gap."""

    audits: list[AuditDone]
    predicted: float  # percent
    lowest: list[str]  # "8 Training and Communication (42.1%)", the three lowest predicted elements

    @property
    def last(self) -> AuditDone:
        return self.audits[-1]

    def rows(self) -> list[tuple[str, str, str]]:
        """The report's table: audit, date and score, oldest first, then today's prediction."""
        rows = [(KIND_WORDS[a.kind.value].capitalize(), format_date(a.date),
                 "not recorded" if a.score is None else f"{a.score:g}%") for a in self.audits]
        return [*rows, ("Today's prediction", "", f"{show_percent(self.predicted)}%")]

    @property
    def summary(self) -> str:
        """One line for the report's first page: the last recorded score and date beside the prediction."""
        last = self.last
        score = "no score recorded" if last.score is None else f"{last.score:g}%"
        return (f"Last recorded audit: the {KIND_WORDS[last.kind.value]} of {format_date(last.date)}, {score} "
                f"(predicted today: {show_percent(self.predicted)}%; see 'Beside the audits on record').")

    @property
    def sentence(self) -> str:
        """The last recorded score beside the prediction, and why a gap of CLOSE_POINTS or more may open."""
        last = self.last
        head = (f"The last audit the questionnaire records is the {KIND_WORDS[last.kind.value]} of "
                f"{format_date(last.date)}")
        if last.score is None:
            return head + ", with no score recorded, so the prediction cannot be set against it."
        gap = difference(self.predicted, last.score)
        head += f", scored {last.score:g}%; the prediction today is {show_percent(self.predicted)}%"
        if abs(gap) < CLOSE_POINTS:
            return head + f", within {CLOSE_POINTS:g} points of it."
        if gap < 0:
            return (head + f", {points(-gap)} points lower. The prediction counts only the evidence the "
                    "questionnaire shows today, and an auditor found more than that: either the questionnaire "
                    "leaves out records and practices the company has (update it, and the prediction counts them), "
                    "or they have slipped since that audit. The widest losses are in " + _join(self.lowest) + ".")
        return (head + f", {points(gap)} points higher: the questionnaire claims more than the auditor found then; "
                "check its answers against the records, starting with the elements the auditor marked down.")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def certificate_history(readiness: Readiness) -> CertificateHistory | None:
    """The intake's `certificate.audits` beside the prediction, or None when it records none."""
    audits = sorted(readiness.intake.certificate.audits, key=lambda a: a.date)
    if not audits:
        return None
    scored = sorted((e for e in readiness.elements if e.percent is not None), key=lambda e: (e.percent, e.id))
    lowest = [f"{e.id} {e.name} ({show_percent(e.percent or 0)}%)" for e in scored[:3]]
    return CertificateHistory(audits, readiness.overall_percent, lowest or ["no element"])
