"""The kit's two Word documents, as Markdown for the house Word path (pandoc + reference.docx).

`interview_guide_md`: for each role the protocol interviews (management, supervisors, workers), how many to
interview and who, then each interview question in the company's words with the answer the company's own
program expects, and a box per interviewee. `observation_checklist_md`: per site of the company and per hazard
module of its program, what an auditor looks at, with the program section each item comes from.

Every intake value is escaped for Markdown (`escape_md`, and `grid_table` escapes each cell).
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import language
from ..intake.model import Intake
from ..practices.model import PracticeModel, person_for, practice_model
from ..program.forms import GENERAL_INSPECTION_ITEMS
from ..program.modules import Check, HazardModule
from ..program.plan import section_titles
from ..program.render import escape_md
from ..readiness.report import grid_table
from .answers import expected_answer, who
from .practice import PracticeFacts
from .scope import AuditScope

BOX = "☐"
ROLE_TITLES = {"management": "Management", "supervisors": "Supervisors", "workers": "Workers"}


def role_questions(scope: AuditScope, role: str, model: PracticeModel | None = None) -> list:
    """The interview questions put to a role: every one whose interview applies, except that a question about
    supervisors alone (its wording names supervisors and not workers) is not put to workers. An interview
    applies by the gap report's one rule (the practice model's `not_applicable` and `interview_not_applicable`:
    one person has no other workers to interview), so the guide asks no question the report calls not
    applicable (review 15: bras-dor's 1.4 and 2.2). `model` is the company's practice model (made from the
    scope's intake when None)."""
    model = model or practice_model(scope.intake, months=scope.months)
    out = []
    for element, question in scope.questions:
        if ("interview" not in question.evidence or model.not_applicable(question)
                or model.interview_not_applicable(question)):
            continue
        text = question.text.lower()
        if role == "workers" and "supervisor" in text and "worker" not in text:
            continue
        out.append((element, question))
    return out


def _interviewees(role: str, people: Mapping[str, object]) -> list[str]:
    value = people[role]
    if isinstance(value, int):
        return [f"Worker {n}" for n in range(1, value + 1)]
    return [f"{p.name}" for p in value]  # type: ignore[attr-defined]


def interview_guide_md(scope: AuditScope, records: Mapping[str, PracticeFacts], modules: list[HazardModule],
                       people: Mapping[str, object], sample: int | None, model: PracticeModel | None = None) -> str:
    """The interview guide's Markdown (see the module docstring). `model` is `role_questions`' practice model
    (`practice_model(scope.intake, months=scope.months)`, made when None)."""
    intake, pack = scope.intake, scope.pack
    out = [f"# Interview guide: {escape_md(intake.company.name)}", "",
           # a placeholder version label stays off the client's papers (ProtocolPack.label_confirmed)
           escape_md(f"{pack.partner.abbreviation} {scope.program.name} audit"
                     f"{f', protocol {pack.version}' if pack.label_confirmed else ''}. The auditor "
                     f"picks who is interviewed, across experience levels, full- and part-time staff and every "
                     f"crew; the expected answers are what {intake.company.name}'s own written program says."), ""]
    total = sample if sample is not None else intake.people.workers
    out += [escape_md(f"Interviews for {language.count(intake.people.workers, 'worker')}: "
                      f"{language.count(total, 'person')}."), ""]
    model = model or practice_model(intake, months=scope.months)
    asked = {role: role_questions(scope, role, model) for role in ROLE_TITLES}
    rows = []
    for role in ("management", "supervisors", "workers"):
        names = _interviewees(role, people)
        rows.append((ROLE_TITLES[role], len(names), ", ".join(names) or "none",
                     len(asked[role]) if names else 0))
    out += [grid_table(rows, ["Role", "To interview", "Who", "Questions"], [16, 10, 50, 10]), ""]
    for role in ("management", "supervisors", "workers"):
        names = _interviewees(role, people)
        if not names:
            continue
        out += [f"## {ROLE_TITLES[role]}", ""]
        for element, question in asked[role]:
            answer = expected_answer(question, intake, records, modules)
            out += [f"### {escape_md(question.id)} {escape_md(question.text)}", "",
                    f"*Element {escape_md(element.id)}: {escape_md(element.name)}*", "",
                    f"**Expected answer:** {escape_md(answer)}", ""]
            out += [grid_table([["Answered correctly", *[BOX] * len(names)]], ["Interviewee", *names],
                               [22, *[12] * len(names)]), ""]
    return "\n".join(out)


def _by(intake: Intake, check: Check) -> str:
    """Who does a check, as the program's table says it: the company's own person where the module names one
    (a duty of a position the company may not have), else the module's role in lower case."""
    if check.person:
        person = person_for(intake, check.person)
        return f"{person.name}, {person.title}"
    return check.who.lower()


def observation_checklist_md(scope: AuditScope, modules: list[HazardModule], sites: int) -> str:
    """The observation checklist's Markdown (see the module docstring); `sites` is how many active sites the
    auditor observes."""
    intake = scope.intake
    titles = section_titles()
    out = [f"# Observation checklist: {escape_md(intake.company.name)}", "",
           escape_md(f"What an auditor looks at on site, from the company's own program. Sites to observe: "
                     f"{language.tally(sites, 'active site')}. Tick what is seen; note what is not, with the site and "
                     "date."), ""]
    observed = [(e, q) for e, q in scope.questions if "observation" in q.evidence]
    general = [(item, titles.get("inspections", "inspections")) for item in GENERAL_INSPECTION_ITEMS]
    general += [(f"Protocol {q.id}: {q.text}", ", ".join(titles.get(s, s) for s in q.sections)) for _, q in observed]
    sites = intake.operations.sites or []
    for site in sites or [None]:
        heading = (f"Site: {site.name} ({site.type.value})" if site is not None else "Every site")
        out += [f"## {escape_md(heading)}", ""]
        out += [grid_table([(item, section, BOX) for item, section in general],
                           ["What the auditor looks at", "Program section", "Seen"], [62, 28, 8]), ""]
    for module in modules:
        section = f"{titles.get('hazards', 'Hazard-Specific Programs')}: {module.title}"
        items = [(str(x), section, BOX) for x in module.inspection_items]
        items += [(f"{c.what} ({c.when.lower()}, {_by(intake, c)})", section, BOX) for c in module.inspections]
        for kind, checks in module.equipment_checks.items():
            items += [(f"{kind.value.replace('_', ' ')}: {check}", section, BOX) for check in checks[:4]]
        if not items:
            continue
        out += [f"## {escape_md(module.title)}", ""]
        out += [grid_table(items, ["What the auditor looks at", "Program section", "Seen"], [62, 28, 8]), ""]
    aid = intake.operations.first_aid
    aiders = ", ".join(who(a) for a in intake.people.first_aiders) or "none named in the program"
    out += ["## First aid and emergency", "",
            grid_table([(f"First aid kits: {aid.kits}, stocked for the crew size", titles.get("emergency", ""), BOX),
                        (f"First aiders on site: {aiders}", titles.get("emergency", ""), BOX),
                        ("Emergency response plan and contacts posted", titles.get("emergency", ""), BOX)],
                       ["What the auditor looks at", "Program section", "Seen"], [62, 28, 8]), ""]
    return "\n".join(out)
