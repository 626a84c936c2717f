"""The audit-readiness gap report: Jinja Markdown → DOCX (house styles) → PDF, with a chart of the scores.

The templates are `program_templates/reports/*.md.j2`; their context is `ReportContext`. Every value printed
goes through the Markdown escaping of `pipeline.program.render`, and tables come from the `grid` filter,
which escapes each cell and sets the columns' relative widths. The chart is a PNG (`pipeline.readiness.chart`,
drawn by matplotlib or taken from the chart cache) in a temporary folder that pandoc reads through its resource
path.
"""

from __future__ import annotations

import logging
import math
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .. import language
from ..errors import LintError
from ..intake.model import CertificateStatus, Intake
from ..program.client_text import markdown_without_field_paths
from ..program.lint import lint_gap_report
from ..program.plan import Plan
from ..program.render import Trusted, escape_cell, format_date, make_environment, render_template
from ..protocols.packs import TEMPLATES, Requirement, load_jurisdictions
from ..upkeep.rebate import RebateEstimate
from ..upkeep.schedule import Schedule
from ..word.assemble import DocMeta, decorate_docx, docx_to_pdf, pandoc_to_docx
from ..word.office import Office
from .actions import Action
from .calibration import Calibration, certificate_history
from .chart import draw_element_chart
from .checklist import write_checklist_xlsx
from .gaps import ChecklistSection, Readiness
from .next_audit import KIND_WORDS
from .platforms import PlatformCoverage, platform_coverage
from .scoring import ElementScore, bar_words, show_percent

log = logging.getLogger(__name__)

REPORTS = TEMPLATES / "reports"
REPORT_TITLE = "Audit Readiness Gap Report"
REPORT_STEM = "gap-report"
CHECKLIST_NAME = "records-checklist.xlsx"
CHART_NAME = "element-scores.png"
TOP_ACTIONS = 5
EVIDENCE_WORDS = {"documentation": "Documents", "interview": "Interview", "observation": "Observation"}


def show_points(value: float) -> str:
    """`3.3333` → `3.3`, `5.0` → `5`."""
    return f"{value:.1f}".removesuffix(".0")


# What a table cell's text needs, to size a column whose text must never wrap (question numbers: "6.10" broken
# into "6.1" over "0" reads as another question). Advance widths in ems of Liberation Sans, the house font
# (metric-compatible with Arial: digits 1139/2048, full stop 569/2048); any other character is counted as a
# whole em, wider than any Latin letter.
ADVANCE_EM = {**dict.fromkeys("0123456789", 1139 / 2048), ".": 569 / 2048}
TABLE_FONT_PT = 10.5  # the Compact style pandoc gives table cells (word/styles.py)
CELL_MARGINS_PT = 2 * 4 + 2  # the Table style's 80-twip left and right margins, and 2 pt for rounding
TEXT_WIDTH_PT = 6.5 * 72  # Letter with 1-inch margins


def unbroken_width(labels: Iterable[str], *, least: int = 5) -> int:
    """The whole percentage of the text width a table column needs so that none of `labels` wraps (at least
    `least`): the widest label's advance at the table font size, plus the cell margins."""
    widest = max((sum(ADVANCE_EM.get(c, 1.0) for c in label) for label in labels), default=0.0)
    return max(least, math.ceil((widest * TABLE_FONT_PT + CELL_MARGINS_PT) / TEXT_WIDTH_PT * 100))


def grid_table(rows: Iterable[Sequence[Any]], headers: Sequence[str], widths: Sequence[int]) -> Trusted:
    """A pipe table with relative column widths (dashes per column); every cell escaped.

    pandoc uses the dashes as relative widths once the separator line is longer than its 72-column default,
    so the dashes are scaled to at least 100 in all.
    """
    scale = max(1.0, 100 / sum(widths))
    head = "| " + " | ".join(escape_cell(h) for h in headers) + " |"
    rule = "|" + "|".join("-" * max(3, round(w * scale)) for w in widths) + "|"
    body = ["| " + " | ".join(escape_cell("" if c is None else str(c)) for c in row) + " |" for row in rows]
    return Trusted("\n".join([head, rule, *body]) + "\n")


def make_chart(readiness: Readiness, path: Path) -> Path:
    """Each element's predicted score against its minimum and the overall bar, as a PNG."""
    verdict = readiness.certification
    return draw_element_chart(readiness.elements, readiness.overall_percent, verdict.element_minimum,
                              verdict.required_percent, path, xlabel="Predicted score (%)")


@dataclass(frozen=True)
class ReportContext:
    """What the report templates can use. Intake values are escaped when printed."""

    readiness: Readiness
    chart_file: str | None = None
    upkeep: Schedule | None = None
    rebate: RebateEstimate | None = None
    platforms: PlatformCoverage | None = None  # None: the intake names no contractor platform
    calibration: Calibration | None = None  # None: no audit recorded for the client

    @property
    def intake(self) -> Intake:
        return self.readiness.intake

    @property
    def company(self):
        return self.intake.company

    @property
    def today(self) -> date:
        return self.readiness.today

    @property
    def program(self):
        return self.readiness.program

    @property
    def partner(self):
        return self.readiness.pack.partner

    @property
    def questions_modelled(self) -> bool:
        """True when the partner's own element list, version or date is not on file (`label_confirmed`)."""
        return not self.readiness.pack.label_confirmed

    @property
    def verdict(self):
        return self.readiness.certification

    @property
    def after(self):
        return self.readiness.after

    @property
    def plan(self):
        return self.readiness.plan

    @property
    def elements(self) -> list[ElementScore]:
        return self.readiness.elements

    @property
    def actions(self) -> list[Action]:
        return self.readiness.actions

    @property
    def top_actions(self) -> list[Action]:
        return self.readiness.actions[:TOP_ACTIONS]

    @property
    def further(self) -> list[Action]:
        return self.readiness.plan.further

    @property
    def timeline(self):
        return self.readiness.timeline

    @property
    def claims(self) -> list[str]:
        return self.readiness.claims

    @property
    def unverified(self) -> list[str]:
        return self.readiness.unverified

    @property
    def checklist(self) -> list[ChecklistSection]:
        return self.readiness.checklist

    @property
    def months(self) -> int:
        return self.readiness.months

    @property
    def chart(self) -> Trusted:
        if not self.chart_file:
            return Trusted("")
        return Trusted(f"![Predicted score by element, against the element minimum and the overall bar]"
                       f"({self.chart_file}){{width=6.3in}}\n")

    @property
    def byline(self) -> str:
        by = f", prepared by {self.intake.consultant}" if self.intake.consultant else ""
        return f"{self.company.legal_name}, as of {format_date(self.today)}{by}"

    @property
    def also_failing(self) -> str:
        """The other failures in one line: the elements under the minimum, by id."""
        v = self.verdict
        scored = [e for e in self.elements if e.percent is not None]  # an element with no applicable question
        below = [e for e in scored if v.element_minimum is not None and (e.percent or 0) < v.element_minimum]
        if not below or (len(below) == 1 and v.binding_reason.startswith(f"Element {below[0].id} ")):
            return ""
        listed = ", ".join(f"{e.id} ({show_percent(e.percent or 0)}%)" for e in below)
        return (f"{len(below)} of {len(scored)} scored elements are under the {v.element_minimum:g}% minimum: "
                f"{listed}.")

    def hours(self, action: Action) -> str:
        """`about eight hours`, `about 12 hours`, `about 1.5 hours` (`language.duration`)."""
        return f"about {language.duration(action.effort_hours, 'hour')}"

    def supports(self, action: Action) -> str:
        parts = []
        if action.form:
            parts.append(f"Form: {action.form}.")
        if action.section:
            parts.append(f"Program section: {action.section}.")
        return " ".join(parts)

    @property
    def headline(self):
        """The verdict the summary leads with: the next audit's for a certified company (its maintenance or
        recertification audit), else the certification audit's."""
        coming = self.readiness.next_audit
        return coming.verdict if coming is not None else self.verdict

    @property
    def result_word(self) -> str:
        coming = self.readiness.next_audit
        if coming is not None:
            return coming.result_word
        passes = self.verdict.passes
        return {True: "Predicted to pass", False: "Predicted to fail", None: "No prediction"}[passes]

    @property
    def bars(self) -> str:
        return bar_words(self.verdict)

    @property
    def procurement(self) -> Requirement | None:
        """What public procurement in the company's province requires of its certificate (jurisdictions.yaml)."""
        return load_jurisdictions().provinces[self.intake.company.province].procurement

    def summary_rows(self) -> list[tuple[str, str]]:
        r, v, t = self.readiness, self.verdict, self.timeline
        maintenance = r.maintenance
        certified = self.intake.certificate.status == CertificateStatus.certified
        maint = ("not known" if maintenance.passes is None else
                 f"{'passes' if maintenance.passes else 'fails'} ({maintenance.required_percent:g}% overall needed"
                 + (f", {maintenance.element_minimum:g}% per element" if maintenance.element_minimum is not None
                    else "") + ")")
        after = (f"{show_percent(self.after.overall_percent)}%, "
                 f"{'passes' if self.after.passes else 'still short'}" if self.actions else "no action needed")
        short = ""
        if t.short_earliest is not None and t.short_validity_years is not None:
            short = (f"{format_date(t.short_earliest)} for a "
                     f"{language.duration(t.short_validity_years, 'year', adjective=True)} certificate on "
                     f"{language.duration(t.short_months, 'month')} of records")
        coming = r.next_audit
        if coming is not None:  # a certified company: its next audit and that audit's bar, no applicant's dates
            dates = [("Next audit", f"{coming.title[0].upper()}{coming.title[1:]}, due by {format_date(coming.due)}"
                                    f" (to pass: {coming.bar})")]
        else:
            dates = [("Earliest audit date", format_date(t.earliest) if t.earliest else "none predicted"),
                     *([("Shorter certificate", short)] if short else [])]
        return [
            ("Certificate", f"{self.program.certificate}: {self.partner.abbreviation}'s {self.program.name}"),
            ("Certifying partner", f"{self.partner.name} ({self.partner.abbreviation})"),
            # a placeholder label or date is the consultant's to confirm (review.md), never the client's fact
            ("Protocol", f"{self.partner.id} version {r.pack.version}, in effect since "
                         f"{format_date(r.pack.effective)}" if r.pack.label_confirmed else
                         f"{self.partner.abbreviation}'s audit, as modelled on the common COR audit elements"),
            ("Certification audit by", r.decision.audit or ""),
            ("Predicted score today", f"{show_percent(r.overall_percent)}% overall (to pass"
                                      + (f" the {KIND_WORDS[coming.kind]}: {coming.bar})" if coming else
                                         f": {self.bars})")),
            ("Result", f"{self.result_word}: {self.headline.binding_reason}"),
            # the maintenance bar only for a certified company (an applicant faces no maintenance audit yet)
            *(([("Maintenance audit", maint)] if certified else []) if coming is None else
              [("Recertification audit", f"{'passes' if v.passes else 'fails'} ({self.bars})")]
              if coming.kind == "maintenance" and v.passes is not None else []),
            ("After the actions", after),
            *dates,
            ("Target date", format_date(t.target) if t.target else "none given"),
        ]

    def element_rows(self) -> list[tuple[str, str, str, str, str]]:
        minimum = self.verdict.element_minimum
        rows = []
        for e in self.elements:
            percent = e.percent or 0.0  # None: no question applies, so it is scored against no bar
            flag = ("not applicable" if e.percent is None else "under the minimum" if minimum is not None
                    and percent < minimum else "under the overall bar" if self.verdict.required_percent is not None
                    and percent < self.verdict.required_percent else "ok")
            rows.append((f"{e.id} {e.name}", "n/a" if e.percent is None else f"{show_percent(percent)}%",
                         "" if minimum is None else f"{minimum:g}%",
                         f"{show_points(e.earned)} of {show_points(e.available)}", flag))
        required = self.verdict.required_percent
        total_earned = sum(e.earned for e in self.elements)
        total = sum(e.available for e in self.elements)
        rows.append(("Overall", f"{show_percent(self.readiness.overall_percent)}%",
                     "" if required is None else f"{required:g}% bar",
                     f"{show_points(total_earned)} of {show_points(total)}",
                     "pass" if self.verdict.passes else "fail" if self.verdict.passes is False else "not known"))
        return rows

    def element_line(self, e: ElementScore) -> str:
        minimum = self.verdict.element_minimum
        text = (f"Predicted: {show_percent(e.percent or 0)}% ({show_points(e.earned)} of {show_points(e.available)}"
                f" points)")
        if minimum is not None:
            text += f"; the minimum is {minimum:g}%" + (", so this element alone fails the audit"
                                                       if (e.percent or 0) < minimum else "")
        return text + "."

    @property
    def number_width(self) -> int:
        """The question-number column's width in percent: the longest number in the report fits unbroken."""
        return unbroken_width(q.question.id for e in self.elements for q in e.questions)

    def first_not_applicable(self) -> dict[str, str]:
        """Each reason a question is not applicable, with the first question it is given for: the report gives
        the reason once and points the other questions to it."""
        first: dict[str, str] = {}
        for e in self.elements:
            for q in e.questions:
                if q.not_applicable:
                    first.setdefault(q.not_applicable, q.question.id)
        return first

    def question_rows(self, e: ElementScore) -> list[tuple[str, str, str, str, str]]:
        rows = []
        given = self.first_not_applicable()
        for q in e.questions:
            if q.not_applicable:
                reason = q.not_applicable
                shown = (reason if given[reason] == q.question.id else
                         f"Not applicable for the same reason as question {given[reason]}")
                rows.append((q.question.id, q.question.text, "not applicable", shown, "—"))
                continue
            for i, ev in enumerate(q.evidence):
                first = i == 0
                rows.append((q.question.id if first else "", q.question.text if first else "",
                             EVIDENCE_WORDS[ev.kind], ev.reason,
                             f"{show_points(ev.earned)} of {show_points(ev.points)}"))
        return rows

    def further_rows(self) -> list[tuple[str, str, str, str]]:
        return [(f"{a.title}: {a.how}", f"{a.person.name} ({a.person.title})", show_points(a.points),
                 show_points(a.effort_hours)) for a in self.further]

    def timeline_rows(self) -> list[tuple[str, str, str]]:
        t = self.timeline
        rows = [(f"Records: {d.label}", format_date(d.date), d.why) for d in t.records]
        for course in t.courses_missing:
            rows.append((f"Course: {course.name}", format_date(t.courses_ready) if t.courses_ready else "",
                         f"for {course.who}; nobody has taken it, as the questionnaire shows"))
        for course, taken in t.courses_to_confirm:
            rows.append((f"Course: {course.name}", "",
                         f"for {course.who}; confirm that {taken.person}'s '{taken.name}' is this course "
                         "(the questionnaire's name is not the partner's)"))
        if t.notice_weeks:
            rows.append(("Notice to the partner", "", f"{language.duration(t.notice_weeks, 'week')} before the audit"))
        coming = self.readiness.next_audit
        if coming is not None:
            rows.append(("Next audit", format_date(coming.due), f"{coming.title}, the last day it can be held"))
        else:
            rows.append(("Earliest audit", format_date(t.earliest) if t.earliest else "none predicted",
                         "the last date the audit waits for" if t.earliest else "the actions do not clear the bars"))
        if t.short_earliest is not None:
            rows.append((f"{language.duration(t.short_validity_years, 'year', adjective=True).capitalize()} "
                         "certificate",
                         format_date(t.short_earliest), f"on {language.duration(t.short_months, 'month')} of records"))
        if t.target is not None and t.lapse is not None and t.lapse.after_expiry and t.target > t.lapse.expires:
            expiry = format_date(t.lapse.expires)
            rows.append(("Target", format_date(t.target),
                         f"after the certificate expires on {expiry}: the audit cannot wait for it"))
        elif t.target is not None:
            rows.append(("Target", format_date(t.target), "met" if t.meets_target else "not met"))
        return rows

    def checklist_rows(self, section: ChecklistSection) -> list[tuple[str, str, str, str]]:
        return [(n.spec.name, n.arithmetic,
                 f"{n.status.upper()}: {n.why}", f"{n.keeper.name} ({n.keeper.title}); {n.location}")
                for n in section.records]


def report_context(readiness: Readiness, chart_file: str | None, upkeep: Schedule | None = None,
                   rebate: RebateEstimate | None = None, platforms: PlatformCoverage | None = None,
                   calibration: Calibration | None = None) -> dict[str, Any]:
    """The mapping handed to Jinja: the typed context's attributes under their names, plus `ctx` itself."""
    ctx = ReportContext(readiness, chart_file, upkeep, rebate, platforms, calibration)
    names = [n for n in dir(ReportContext) if not n.startswith("_") and isinstance(getattr(ReportContext, n),
                                                                                     property)]
    values = {name: getattr(ctx, name) for name in names}
    values.update(ctx=ctx, upkeep=upkeep, rebate=rebate, platforms=platforms, calibration=calibration,
                  history=certificate_history(readiness))
    return values


def render_report(readiness: Readiness, chart_file: str | None = CHART_NAME, upkeep: Schedule | None = None,
                  rebate: RebateEstimate | None = None, platforms: PlatformCoverage | None = None,
                  calibration: Calibration | None = None) -> str:
    """The report's Markdown (the chart is referenced by file name; pandoc finds it on its resource path);
    with `calibration`, the last recorded audit beside the prediction."""
    env = make_environment([REPORTS])
    # the report's own filters, on the report's (cached) environment; setting them again is harmless
    env.filters.update(grid=grid_table, pct=show_percent, pts=show_points)
    markdown = render_template(env, "gap_report.md.j2", report_context(readiness, chart_file, upkeep, rebate,
                                                                           platforms, calibration))
    return markdown_without_field_paths(markdown)  # the client's copy: the field paths stay in `corpath gaps`


def report_meta(readiness: Readiness) -> DocMeta:
    r = readiness
    return DocMeta(
        title=REPORT_TITLE, company=r.intake.company.legal_name, revision="1", date=r.today.isoformat(),
        author=r.intake.consultant or "corpath",
        subject=f"{r.program.name} readiness, {r.pack.partner.abbreviation} protocol {r.pack.version}",
        properties={
            "corpath.client": r.intake.client, "corpath.partner": r.pack.partner.id,
            "corpath.protocol_version": r.pack.version, "corpath.program": r.program.id,
            "corpath.predicted_percent": show_percent(r.overall_percent),
            "corpath.passes": str(r.certification.passes).lower(), "corpath.as_of": r.today.isoformat(),
        },
    )


def write_gap_report_docx(readiness: Readiness, folder: Path, *, stem: str = REPORT_STEM,
                          upkeep: Schedule | None = None, rebate: RebateEstimate | None = None,
                          platforms: PlatformCoverage | None = None, calibration: Calibration | None = None,
                          plan: Plan | None = None) -> Path:
    """gap-report.docx (house styles, header, footer, chart embedded), without its PDF: LibreOffice is not
    needed, so a build makes it while LibreOffice lays out the program. Returns the DOCX's path. With `plan`,
    the report's text passes the reviewer lint's one-person check first (`program.lint.lint_gap_report`);
    raises `LintError` naming each phrase otherwise."""
    with tempfile.TemporaryDirectory(prefix="corpath-chart-") as scratch:
        make_chart(readiness, Path(scratch) / CHART_NAME)
        markdown = render_report(readiness, CHART_NAME, upkeep, rebate, platforms, calibration)
        questions = [q.question.text for e in readiness.elements for q in e.questions]
        findings = lint_gap_report(plan, markdown, questions) if plan is not None else []
        if findings:
            raise LintError("the reviewer lint failed on the gap report:\n"
                            + "\n".join(f"  {f}" for f in findings))
        docx_path = pandoc_to_docx(markdown, folder / f"{stem}.docx", resource_path=Path(scratch))
    decorate_docx(docx_path, report_meta(readiness), cover_page=False)
    return docx_path


def write_gap_report(readiness: Readiness, folder: Path, office: Office, *, stem: str = REPORT_STEM,
                     upkeep: Schedule | None = None, rebate: RebateEstimate | None = None,
                     platforms: PlatformCoverage | None = None, calibration: Calibration | None = None
                     ) -> tuple[Path, Path, int | None]:
    """gap-report.docx (house styles, header, footer, chart embedded) and gap-report.pdf; returns the PDF's pages."""
    docx_path = write_gap_report_docx(readiness, folder, stem=stem, upkeep=upkeep, rebate=rebate,
                                      platforms=platforms, calibration=calibration)
    converted = docx_to_pdf(office, docx_path, folder / f"{stem}.pdf")
    return docx_path, converted.pdf, converted.pages


def write_readiness_documents(plan: Plan, stage: Path, *, calibration: Calibration | None = None) -> Path:
    """The delivery's readiness files but the gap report's PDF: the records checklist (XLSX) and the gap
    report's DOCX, which it returns for `docx_to_pdf`. Uses the plan's assessment, calendar and rebate, so
    the report and the program agree; `calibration` puts the last recorded audit beside the prediction."""
    write_checklist_xlsx(plan.readiness, stage / CHECKLIST_NAME)
    return write_gap_report_docx(plan.readiness, stage, upkeep=plan.schedule, rebate=plan.rebate,
                                 platforms=platform_coverage(plan), calibration=calibration, plan=plan)


def write_readiness(plan: Plan, stage: Path, office: Office, *, calibration: Calibration | None = None
                    ) -> dict[str, int | None]:
    """The delivery's readiness files: the gap report (DOCX and PDF) and the records checklist (XLSX).

    Uses the plan's assessment, calendar and rebate, so the report and the program agree; `calibration` puts
    the last recorded audit beside the prediction. Returns page counts for the manifest.
    """
    docx_path = write_readiness_documents(plan, stage, calibration=calibration)
    converted = docx_to_pdf(office, docx_path, stage / f"{REPORT_STEM}.pdf")
    return {f"{REPORT_STEM}.pdf": converted.pages}
