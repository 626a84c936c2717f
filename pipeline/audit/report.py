"""The audit report of a recorded audit: `audit-report.docx` and its PDF, in `output/<client>/audits/<audit>/`.

It says the overall score and each element's against the bars, pass or fail and why, every deficiency with its
question and the evidence seen, the recommendation (the program section and form that fix it), and a chart of
the elements against their minimum, as in the gap report. For a SECOR self-audit it adds the summary the
partner's submission asks for. Markdown → house Word styles (pandoc + reference.docx) → PDF by LibreOffice.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..intake.audits import QuestionResult, RecordedAudit
from ..program.forms import FORM_TITLES
from ..program.plan import section_titles
from ..program.render import escape_md, format_date
from ..protocols.records import load_records
from ..readiness.chart import draw_element_chart
from ..readiness.report import grid_table, show_points
from ..readiness.scoring import ElementScore, show_percent
from ..word.assemble import DocMeta, decorate_docx, docx_to_pdf, pandoc_to_docx
from ..word.office import Office
from .scope import METHOD_WORDS, AuditScope

REPORT_STEM = "audit-report"
CHART = "audit-elements.png"
KIND_WORDS = {"mock": "Mock audit", "self": "Self-audit (SECOR self-evaluation)", "maintenance": "Maintenance audit",
              "certification": "Certification audit"}


@dataclass(frozen=True)
class AuditReport:
    folder: Path
    docx: Path
    pdf: Path
    pages: int | None


def recommendation(question_id: str, scope: AuditScope) -> str:
    """The program sections and forms that fix a question's gaps, in words."""
    titles = section_titles()
    question = next(q for _, q in scope.questions if q.id == question_id)
    by_id = {r.id: r for r in load_records()}
    forms = list(dict.fromkeys(FORM_TITLES[by_id[r].form] for r in question.records
                               if r in by_id and by_id[r].form in FORM_TITLES))
    sections = ", ".join(f"'{titles.get(s, s)}'" for s in question.sections)
    text = f"Put the program section {sections} into practice"
    if forms:
        text += f" and keep the records on the {', '.join(forms)} form"
    return text + "."


def _methods(q: QuestionResult) -> str:
    parts = []
    for method, m in q.methods.items():
        got = "blank" if m.points is None else show_points(m.points)
        count = f" ({m.correct} of {m.asked} correct)" if method == "interview" and m.asked else ""
        parts.append(f"{METHOD_WORDS[method]} {got}/{show_points(m.maximum)}{count}")
    return "; ".join(parts)


def report_markdown(audit: RecordedAudit, scope: AuditScope, chart: str | None) -> str:
    """The report's Markdown; every auditor and intake value is escaped."""
    texts = {q.id: q.text for _, q in scope.questions}
    result = {True: "PASS", False: "FAIL", None: "NOT KNOWN"}[audit.passed]
    bar = "not known" if audit.required_percent is None else f"{audit.required_percent:g}% overall"
    if audit.element_minimum is not None:
        bar += f" and at least {audit.element_minimum:g}% in every element"
    summary = [
        ("Company", scope.intake.company.legal_name),
        ("Audit", f"{KIND_WORDS[audit.kind]}, completed {format_date(audit.date)}"),
        ("Auditor", audit.auditor or "not named"),
        ("Protocol", f"{scope.pack.partner.name} ({scope.pack.partner.abbreviation}), {scope.program.name}, "
                     f"protocol {audit.protocol_version}"),
        ("Pass rule", f"{audit.pass_kind} pass mark: {bar}"),
        ("Overall score", f"{show_percent(audit.overall_percent)}%"),
        ("Result", f"{result}: {audit.reason}"),
    ]
    out = [f"# Audit report: {escape_md(scope.intake.company.name)}", "",
           grid_table(summary, ["", ""], [22, 78]), ""]
    if chart:
        out += [f"![Recorded score by element, against the element minimum and the overall bar]({chart})"
                f"{{width=6.3in}}", ""]
    out += ["## Elements against the bars", ""]
    rows = []
    for e in audit.elements:
        pct = "n/a" if e.percent is None else f"{show_percent(e.percent)}%"
        below = (audit.element_minimum is not None and e.percent is not None
                 and e.percent < audit.element_minimum - 1e-9)
        rows.append((e.id, e.name, f"{show_points(e.earned)} / {show_points(e.available)}", pct,
                     "below the minimum" if below else "meets it" if audit.element_minimum is not None else ""))
    rows.append(("", "Overall", "", f"{show_percent(audit.overall_percent)}%",
                 "" if audit.required_percent is None else
                 ("meets the bar" if audit.overall_percent >= audit.required_percent - 1e-9 else "below the bar")))
    out += [grid_table(rows, ["Element", "Name", "Points", "Score", "Minimum"], [11, 45, 14, 10, 20]), ""]
    out += ["## Pass or fail, and why", ""]
    if audit.failures:
        out += [f"- {escape_md(f)}" for f in audit.failures]
    else:
        out.append(escape_md(audit.reason))
    out.append("")
    deficient = [q for q in audit.questions if q.not_applicable is None and q.earned < q.available - 1e-9]
    out += ["## Deficiencies", ""]
    if not deficient:
        out += ["Every question earned its full points.", ""]
    for q in deficient:
        out += [f"### {escape_md(q.id)} {escape_md(texts.get(q.id, ''))}", "",
                f"**Points:** {show_points(q.earned)} of {show_points(q.available)} ({escape_md(_methods(q))}).", "",
                f"**Evidence seen:** {escape_md(q.evidence or 'none recorded')}"
                + (f". **Note:** {escape_md(q.note)}" if q.note else ""), "",
                f"**Recommendation:** {escape_md(recommendation(q.id, scope))}", ""]
    na = [q for q in audit.questions if q.not_applicable is not None]
    if na:
        out += ["## Not applicable", ""]
        out += [grid_table([(q.id, texts.get(q.id, ""), q.not_applicable) for q in na],
                           ["Question", "Wording", "Why not applicable"], [10, 55, 35]), ""]
    if audit.kind == "self":
        out += ["## Self-evaluation summary for the submission", "",
                grid_table([("Company", scope.intake.company.legal_name),
                            ("WCB account", scope.intake.company.wcb_account or "not given"),
                            ("Self-evaluator", audit.auditor or "not named"),
                            ("Completed", format_date(audit.date)),
                            ("Records window", f"{scope.months} months before the audit"),
                            ("Overall score", f"{show_percent(audit.overall_percent)}%"),
                            ("Elements below the minimum", ", ".join(
                                e.id for e in audit.elements if audit.element_minimum is not None
                                and e.percent is not None and e.percent < audit.element_minimum - 1e-9) or "none")],
                           ["", ""], [30, 70]), ""]
    return "\n".join(out)


def write_audit_report(audit: RecordedAudit, scope: AuditScope, output_root: Path, name: str,
                       office: Office) -> AuditReport:
    """Write audit-report.docx and .pdf into `output_root/<client>/audits/<name>/`, a new folder moved into
    place at the end (an existing one is never replaced: a correction has its own name)."""
    root = output_root / scope.intake.client / "audits"
    root.mkdir(parents=True, exist_ok=True)
    final, n = root / name, 1
    while final.exists():
        n += 1
        final = root / f"{name}-{n}"
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        elements = [ElementScore(e.id, e.name, e.earned, e.available) for e in audit.elements]
        with tempfile.TemporaryDirectory(prefix="corpath-chart-") as scratch:
            draw_element_chart(elements, audit.overall_percent, audit.element_minimum, audit.required_percent,
                               Path(scratch) / CHART, xlabel="Recorded score (%)")
            markdown = report_markdown(audit, scope, CHART)
            docx_path = pandoc_to_docx(markdown, stage / f"{REPORT_STEM}.docx", resource_path=Path(scratch))
        decorate_docx(docx_path, DocMeta(
            title="Audit Report", company=scope.intake.company.legal_name, revision="1",
            date=audit.date.isoformat(), author=audit.auditor or "corpath",
            subject=f"{KIND_WORDS[audit.kind]}, {scope.pack.partner.abbreviation} {scope.program.name}",
            properties={"corpath.client": scope.intake.client, "corpath.audit_kind": audit.kind,
                        "corpath.overall_percent": show_percent(audit.overall_percent),
                        "corpath.passes": str(audit.passed).lower()}), cover_page=False)
        converted = docx_to_pdf(office, docx_path, stage / f"{REPORT_STEM}.pdf")
        os.rename(stage, final)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return AuditReport(final, final / f"{REPORT_STEM}.docx", final / f"{REPORT_STEM}.pdf", converted.pages)
