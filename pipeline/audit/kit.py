"""The audit kit, made from the company's own program: `corpath audit kit CLIENT` and `audit-kit/` in a delivery.

    audit-workbook.xlsx          one row per protocol question, filled in by the auditor (workbook.py)
    documentation-sample.xlsx    the records to pull per question: how many, from which months, keeper, location
    interview-guide.docx         per role, the questions with the answers the program expects (guides.py)
    observation-checklist.docx   per site and hazard module, what an auditor looks at (guides.py)
    review.md                    for the consultant only: the sampling rules used that are not verified

Sample sizes come from `program_templates/protocols/sampling.yaml` (`sampling.py`); the record facts through
the one adapter `practice.practice_facts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ..practices.model import PracticeModel, practice_model
from ..program.modules import HazardModule, select_modules
from ..program.plan import section_titles
from ..protocols.records import load_records
from ..readiness.evidence import World, key_for
from ..readiness.scoring_rules import load_scoring
from ..readiness.sheet_style import SharedStyles
from ..word.assemble import DocMeta, decorate_docx, pandoc_to_docx
from .guides import interview_guide_md, observation_checklist_md, role_questions
from .practice import PracticeFacts, practice_facts
from .sampling import (
    SamplingRules,
    documents_to_pull,
    interview_sample,
    interviewees,
    load_sampling,
    sample_months,
    sites_to_observe,
    unverified_rules,
)
from .scope import AuditScope
from .workbook import HEAD_FILL, HEAD_FONT, INPUT_FILL, WRAP_TOP, fit_rows, keep_text, write_workbook

KIT_FOLDER = "audit-kit"
WORKBOOK = "audit-workbook.xlsx"
SAMPLE = "documentation-sample.xlsx"
GUIDE = "interview-guide.docx"
CHECKLIST = "observation-checklist.docx"
REVIEW = "review.md"
PERIODIC = {"daily", "weekly", "biweekly", "monthly", "quarterly", "semiannually", "annually"}


@dataclass(frozen=True)
class SampleRow:
    element: str
    question: str
    record: str
    form: str
    section: str
    frequency: str
    needed: int
    pull: int
    months: str
    keeper: str
    where: str


@dataclass
class KitSummary:
    """What a kit holds, for the terminal and the tests."""

    folder: Path
    files: list[str]
    questions: int
    interview_questions: int
    interviewees: dict[str, int]
    sites: int
    records_to_pull: int
    unverified: list[str] = field(default_factory=list)


def record_facts(scope: AuditScope, today: date, model: PracticeModel | None = None) -> dict[str, PracticeFacts]:
    """The practice facts of every record the scope's questions name, by record id. `model` is the intake's
    practice model for the scope's records window on `today` (the build's `Plan.practices`), made when None."""
    rules = load_scoring()
    by_id = {r.id: r for r in load_records()}
    model = model or practice_model(scope.intake, months=scope.months, today=today)
    world = World(scope.intake, today, rules)  # one for every record: each practice's state is worked out once
    facts: dict[str, PracticeFacts] = {}
    for _, question in scope.questions:
        for record_id in question.records:
            if record_id in by_id and record_id not in facts:
                facts[record_id] = practice_facts(scope.intake, by_id[record_id], today=today, months=scope.months,
                                                  rules=rules, key=key_for(rules, question), model=model,
                                                  world=world)
    return facts


def sample_rows(scope: AuditScope, facts: dict[str, PracticeFacts], sampling: SamplingRules) -> list[SampleRow]:
    """One row per (documentation question, record); a question with no record samples the written program."""
    titles = section_titles()
    people = scope.intake.people
    rows = []
    for element, question in scope.questions:
        if "documentation" not in question.evidence:
            continue
        named = [facts[r] for r in question.records if r in facts]
        if not named:
            sections = "; ".join(titles.get(s, s) for s in question.sections)
            rows.append(SampleRow(element.id, question.id, f"The written program: {sections}", "", sections,
                                  "kept current", 1, 1, "the version in use", f"{people.coordinator.name} "
                                  f"({people.coordinator.title})", "the signed program in the office"))
            continue
        for f in named:
            if not f.applies:
                rows.append(SampleRow(element.id, question.id, f.record.name, f.form or "", f.section, f.frequency,
                                      0, 0, f"not applicable: {f.not_applicable}", f"{f.keeper.name}", f.where))
                continue
            pull = documents_to_pull(sampling, f.count_needed) if f.count_needed else 0
            if pull == 0:
                months = "none yet (no events in the window)"
            elif f.record.rate in PERIODIC:
                months = ", ".join(d.strftime("%b %Y") for d in sample_months(scope.audit_day, scope.months, pull,
                                                                              f.worked))
            else:
                months = f"any {pull} from the {scope.months}-month window"
            rows.append(SampleRow(element.id, question.id, f.record.name, f.form or "", f.section, f.frequency,
                                  f.count_needed, pull, months, f"{f.keeper.name} ({f.keeper.title})", f.where))
    return rows


def write_sample_xlsx(scope: AuditScope, rows: list[SampleRow], path: Path) -> Path:
    """documentation-sample.xlsx: the rows of `sample_rows`, with columns to tick what was seen."""
    wb = Workbook()
    styles = SharedStyles(wb)
    ws = wb.active
    ws.title = "Records to pull"
    ws.append([f"{scope.intake.company.legal_name}: records to pull for the {scope.pack.partner.abbreviation} "
               f"{scope.program.name} audit (records window: {scope.months} months before "
               f"{scope.audit_day.isoformat()})"])
    ws["A1"].font = Font(bold=True, size=13)
    headers = ["Element", "Question", "Record", "Form", "Program section", "How often", "Window needs", "Pull",
               "From these months", "Keeper", "Where", "Seen (references)"]
    ws.append(headers)
    for cell in ws[2]:
        styles.apply(cell, font=HEAD_FONT, fill=HEAD_FILL, alignment=WRAP_TOP)
    for number, r in enumerate(rows, start=3):  # the row `append` writes (ws.max_row would count every cell)
        ws.append([r.element, r.question, r.record, r.form, r.section, r.frequency, r.needed, r.pull, r.months,
                   r.keeper, r.where, None])
        styles.apply(ws.cell(number, 12), fill=INPUT_FILL)
    for letter, width in zip("ABCDEFGHIJKL", (8, 9, 34, 26, 26, 18, 10, 6, 30, 24, 34, 24), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            styles.apply(cell, alignment=WRAP_TOP)
    ws.freeze_panes = "C3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    keep_text(ws)
    fit_rows(ws, 3)
    wb.save(path)
    return path


def _meta(scope: AuditScope, title: str, today: date) -> DocMeta:
    intake = scope.intake
    return DocMeta(title=title, company=intake.company.legal_name, revision="1", date=today.isoformat(),
                   author=intake.consultant or "corpath",
                   subject=f"{scope.program.name} audit, {scope.pack.partner.abbreviation} protocol "
                           f"{scope.pack.version}",
                   properties={"corpath.client": intake.client, "corpath.partner": scope.pack.partner.id,
                               "corpath.protocol_version": scope.pack.version, "corpath.program": scope.program.id})


def review_md(scope: AuditScope, unverified: list[str]) -> str:
    """The consultant's notes on the kit: the sampling rules used that no partner source confirms."""
    lines = [f"# Audit kit review: {scope.intake.client} (for the consultant; not for the client)", "",
             f"{scope.pack.partner.abbreviation} {scope.program.name}, protocol {scope.pack.version}.", ""]
    if unverified:
        lines += ["Sampling rules used that are not verified for this partner:", ""]
        lines += [f"- {u}" for u in unverified]
    else:
        lines.append("Every sampling rule used is verified for this partner.")
    return "\n".join(lines) + "\n"


def write_kit(scope: AuditScope, folder: Path, *, today: date, sampling: SamplingRules | None = None,
              model: PracticeModel | None = None, modules: Sequence[HazardModule] | None = None) -> KitSummary:
    """Write the four kit files and review.md into `folder` (created); returns what the kit holds.

    `model` (the intake's practice model for the scope's records window on `today`) and `modules` (its fitted
    hazard modules, `select_modules`) are the build's (`Plan.practices`, `Plan.modules`); each is made when
    None."""
    sampling = sampling or load_sampling()
    folder.mkdir(parents=True, exist_ok=True)
    intake, partner = scope.intake, scope.pack.partner.id
    modules = select_modules(intake) if modules is None else list(modules)
    facts = record_facts(scope, today, model)
    # the interview questions' model is made without a day, as `role_questions` makes it: made once here
    asked_model = practice_model(intake, months=scope.months)
    people = interviewees(sampling, partner, intake)
    sample = interview_sample(sampling, partner, intake.people.workers)
    write_workbook(scope, folder / WORKBOOK, made=today.isoformat())
    rows = sample_rows(scope, facts, sampling)
    write_sample_xlsx(scope, rows, folder / SAMPLE)
    for name, title, markdown in (
        (GUIDE, "Audit Interview Guide", interview_guide_md(scope, facts, modules, people, sample, asked_model)),
        (CHECKLIST, "Audit Observation Checklist",
         observation_checklist_md(scope, modules, sites_to_observe(sampling, intake))),
    ):
        path = pandoc_to_docx(markdown, folder / name)
        decorate_docx(path, _meta(scope, title, today), cover_page=False)
    unverified = unverified_rules(sampling, partner, intake.people.workers)
    (folder / REVIEW).write_text(review_md(scope, unverified), encoding="utf-8")
    counts = {role: (v if isinstance(v, int) else len(v)) for role, v in people.items()}
    return KitSummary(folder=folder, files=[WORKBOOK, SAMPLE, GUIDE, CHECKLIST, REVIEW],
                      questions=len(scope.questions),
                      interview_questions=len(role_questions(scope, "supervisors", asked_model)),
                      interviewees=counts, sites=sites_to_observe(sampling, intake),
                      records_to_pull=sum(r.pull for r in rows), unverified=unverified)
