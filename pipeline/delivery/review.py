"""The consultant's review list.

Every delivery gets `review.md`, for the consultant and not for the client: each unverified fact (no source
found, or low confidence) the delivery relied on, where it appears (file and section), its source and what to
confirm, and the intake's advice (`intake.advice`, what `corpath validate` prints). The client's documents
state those facts without hedges; `client_notes` checks that no research note is left in them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .. import language
from ..intake.advice import advice, pre_use_under_maintenance
from ..intake.window_advice import window_advice
from ..practices.courses import course_advice, match_courses, other_partners_courses, renewal_months, same_course
from ..practices.holders import holders_to_confirm
from ..practices.season import season_advice
from ..practices.tickets import current_first_aiders, lapsed
from ..program.compose import RenderedProgram
from ..program.plan import Plan
from ..protocols.certificate import describe_fact
from ..protocols.other_provinces import other_provinces
from ..protocols.packs import Sourced, iter_facts, load_jurisdictions
from ..readiness.scoring_rules import load_scoring
from ..readiness.timeline import missing_courses
from .review_item import ReviewItem, confirm_or, where_in
from .review_law import law_items, module_items, other_province_items, unsourced_rule_items
from .review_season import off_season_window

REVIEW_NAME = "review.md"
CALENDAR_NAME = "certificate-calendar.ics"
CHECKLIST_NAME = "records-checklist.xlsx"
REPORT_NAME = "gap-report.docx"
PROGRAM_NAME = "program.docx"

# where a program fact shows, by the first part of its path; "§id" is a program section, named by its title
PROGRAM_FACT_WHERE: dict[str, tuple[str, ...]] = {
    "size": ("the certificate decision (corpath recommend)", "gap-report.docx: summary (certificate)"),
    "audits": ("program.docx §administration", "certificate-calendar.ics", "gap-report.docx: summary"),
    "certification_pass": ("gap-report.docx: summary (predicted result) and element by element",),
    "maintenance_pass": ("gap-report.docx: summary (maintenance audit)", "certificate-calendar.ics"),
    "validity_years": ("program.docx §administration", "certificate-calendar.ics", "gap-report.docx: summary"),
    "maintenance": ("program.docx §administration", "certificate-calendar.ics", "gap-report.docx: summary"),
    "records_window": ("program.docx §administration", "records-checklist.xlsx",
                       "gap-report.docx: audit date and records checklist"),
    "notice_weeks": ("program.docx §administration", "certificate-calendar.ics"),
    "courses": ("program.docx §training", "gap-report.docx: audit date"),
    "rebate": ("gap-report.docx: summary (WCB rebate)",),
    "recognised_outside_province": ("the certificate decision (corpath recommend)",),
    "on_exceeding_size": ("the certificate decision (corpath recommend)",),
}


def _value(path: str, fact: Sourced) -> str:
    """`describe_fact` without the provenance: the path and the value."""
    text = describe_fact(path, fact)
    return text[: -len(fact.provenance)].rstrip() if text.endswith(fact.provenance) else text


def _program_items(plan: Plan) -> list[ReviewItem]:
    partner = plan.protocol.partner.abbreviation
    items = []
    for path, fact in iter_facts(plan.program):
        if not fact.unverified:
            continue
        head = re.split(r"[.\[]", path, maxsplit=1)[0]
        places = PROGRAM_FACT_WHERE.get(head, ("program.docx", "gap-report.docx"))
        items.append(ReviewItem(
            what=f"{partner} {plan.program.name}, {_value(path, fact)}", where=where_in(plan, places),
            source=fact.source, confidence=fact.confidence.value,
            confirm=confirm_or(fact, f"Confirm it with {partner} before relying on it.")))
    note = plan.protocol.elements_note
    if note.unverified:
        items.append(ReviewItem(
            what=f"{partner}'s audit elements and their names (protocol {plan.protocol.version})",
            where=("program.docx: the audit cross-reference at the end of each section",
                   "gap-report.docx: element by element", "records-checklist.xlsx"),
            source=note.source, confidence=note.confidence.value,
            confirm=confirm_or(note, f"Confirm the element list with {partner}.")))
    weak = [e for e in plan.protocol.elements if e.unverified]
    if weak:
        first = weak[0]
        items.append(ReviewItem(
            what=f"{partner} element names: " + ", ".join(f"{e.id} {e.name}" for e in weak),
            where=("program.docx: the audit cross-reference at the end of each section",
                   "gap-report.docx: element by element"),
            source=first.source, confidence=first.confidence.value,
            confirm=confirm_or(first, f"Confirm the element names with {partner}.")))
    items += _points_items(plan)
    timeline = load_scoring().timeline
    for what, fact, where, confirm in (
            ("weeks to complete the required courses (scoring.yaml)", timeline.course_weeks,
             "gap-report.docx: audit date", "Confirm with the partner."),
            ("percentage points over the pass mark the actions aim for (scoring.yaml)", timeline.pass_margin,
             "gap-report.docx: what it takes to pass", "Confirm the margin with the client."),
            ("weeks before an action can be shown to an auditor (scoring.yaml)", timeline.action_weeks,
             "gap-report.docx: audit date", "Confirm the dates with the client."),
            ("weeks from the build day before any audit can be arranged with the partner (scoring.yaml)",
             timeline.booking_weeks, "gap-report.docx: audit date", "Confirm the date with the partner.")):
        if fact.unverified:
            items.append(ReviewItem(what=_value(what, fact), where=(where,), source=fact.source,
                                    confidence=fact.confidence.value, confirm=confirm_or(fact, confirm)))
    return items


def _points_items(plan: Plan) -> list[ReviewItem]:
    """The pack's points per question, when they are assumed rather than published (or the pack does not say)."""
    loaded = plan.decision.pack
    basis = loaded.points_basis
    if not basis.unverified:
        return []
    partner = plan.protocol.partner.abbreviation
    state = "published, from an unverified source" if basis.published else "assumed by corpath, not published"
    return [ReviewItem(
        what=f"Points per question of {loaded.points_label}: {state}",
        where=("gap-report.docx: the predicted score, overall and element by element",
               "audit-kit/audit-workbook.xlsx: the maximum points of each question"),
        source=basis.source, confidence=basis.confidence.value,
        confirm=f"{basis.statement} " + (basis.note.strip() + " " if basis.note else "") + f"Ask {partner} for the "
        "points per question and per method; until then read the predicted score as a guide to the weak elements, "
        "not the audit's score.")]


def _other_items(plan: Plan) -> list[ReviewItem]:
    items = [ReviewItem(
        what=f"Questions treated as not applicable: {reason}",
        where=("gap-report.docx: element by element (not applicable)", "records-checklist.xlsx",
               "program.docx: the records tables and the audit cross-reference at the end of each section"),
        source=None, confidence="low", confirm=" ".join(confirm.split()))
        for reason, confirm in plan.practices.assumptions()]
    courses = [] if plan.intake.certificate.status.value == "certified" else missing_courses(
        plan.program, plan.intake, plan.today)
    items += [ReviewItem(what=f"Course holder to confirm: {question}", source="the intake", confidence="low",
                         where=where_in(plan, ("program.docx §training", "gap-report.docx: audit date")),
                         confirm="Ask the client who will take it; name them in the program's training matrix.")
              for question in holders_to_confirm(courses, plan.intake)]
    items += [ReviewItem(what=f"Certificate tier: {question}", where=("the certificate decision (corpath recommend)",),
                         source=None, confidence="low", confirm="Ask the partner before the client registers.")
              for question in plan.decision.to_confirm]
    items += [ReviewItem(what=f"Certifying partner: {question}", where=("the certificate decision (corpath recommend)",
                                                                      "every deliverable: written to one protocol"),
                         source=None, confidence="low",
                         confirm="Settle the partner before the client registers or the program is sent.")
              for question in plan.decision.partner_to_confirm]
    check_in, given = plan.practices.check_in()
    if plan.intake.operations.working_alone.happens and not given:
        items.append(ReviewItem(
            what=f"Working alone: the company's rule that a worker working alone checks in at least {check_in}",
            where=where_in(plan, ("program.docx: Working Alone (hazard module)", "program.docx §company_rules")),
            source=None, confidence="low",
            confirm=" ".join(plan.practices.catalogue.working_alone_check_in.confirm.split())))

    aiders = current_first_aiders(plan.intake, plan.today)
    if plan.intake.operations.working_alone.happens and aiders and len(aiders) < plan.intake.people.workers:
        items.append(ReviewItem(
            what="First aid for workers who work alone: the intake names "
                 f"{language.tally(len(aiders), 'current first aider')} for "
                 f"{language.tally(plan.intake.people.workers, 'worker')}, some of whom work alone; the program "
                 "states the company's rule that a worker who works alone holds a current first aid certificate, "
                 "and says it holds today only where a listed first aider works",
            where=where_in(plan, ("program.docx §emergency",)), source="the intake", confidence="low",
            confirm="Ask the client who else holds a current first aid certificate (name, certificate, expiry); add "
                    "each to people.first_aiders and rebuild, or confirm the training to book."))
    items += [ReviewItem(
        what=f"Frequency to confirm: {sentence}",
        where=("records-checklist.xlsx", "gap-report.docx: answers to confirm", "program.docx: the records tables"),
        source="the intake", confidence="low",
        confirm="Ask the client how often the formal, recorded practice is really done; correct the intake if "
                "the answer meant an informal check.")
        for sentence in plan.practices.frequencies_to_confirm()]
    calibrated = [e for e in plan.intake.operations.equipment if plan.practices.catalogue.instrument(e)]
    if calibrated:  # the intake has no calibration interval: the program names none of corpath's (review 16)
        items.append(ReviewItem(
            what=f"Calibration interval not in the intake: {language.join(e.name for e in calibrated)} "
                 f"{'is' if sum(e.count for e in calibrated) == 1 else 'are'} calibrated at the manufacturer's "
                 "interval, which the program does not state",
            where=where_in(plan, ("program.docx §maintenance",)), source="the intake", confidence="low",
            confirm="Ask the client for the manufacturer's calibration interval and the date and certificate of "
                    "the last calibration of each; add the interval to the equipment table if the client wants it "
                    "stated."))
    named = pre_use_under_maintenance(plan.intake)
    if named:
        items.append(ReviewItem(
            what=f"Pre-use inspections under maintenance: practices.maintenance names '{named}'",
            where=("program.docx §maintenance", "records-checklist.xlsx", "gap-report.docx: element by element"),
            source="the intake", confidence="low",
            confirm="Circle checks and pre-trip inspections are pre-use inspections, not maintenance: move their "
                    "frequency, start and records to practices.pre_use_inspections, keep only services and repairs "
                    "under practices.maintenance, and rebuild; until then they earn no pre-use credit."))
    items += [ReviewItem(
        what=f"Count to confirm: {sentence}",
        where=("records-checklist.xlsx", "gap-report.docx: answers to confirm", "program.docx: the records tables"),
        source="records.yaml: corpath's own default or assumption", confidence="low",
        confirm="Ask the client; set the answer in the intake and rebuild, so the counts rest on the company's "
                "own facts.")
        for sentence in plan.practices.counts_to_confirm()]
    items += [ReviewItem(
        what=f"{rec.name}: held {rec.frequency_words}, the company's own frequency ({rec.frequency_source}); "
             f"{plan.law.name} law's minimum meeting frequency is not in corpath's legislation data" + (
                 f"; the season's gap is bridged by {rec.off_season_rule}" if rec.off_season_rule else ""),
        where=where_in(plan, ("program.docx §committee", "records-checklist.xlsx",
                            "gap-report.docx: element by element")),
        source=None, confidence="low",
        confirm=f"Check {plan.law.act.short} and its regulations for how often the committee or representative "
                f"must meet; if the law asks more often than {rec.frequency_words}, add `meets` with its source to "
                f"legislation/{plan.law.province.value}.yaml and rebuild.")
        for rec in plan.practices if rec.law_silent and rec.applies]
    items += [ReviewItem(
        what=f"Expired before this build: {ticket.sentence()}",
        where=where_in(plan, ("program.docx §emergency", "gap-report.docx: what it takes to pass (renew before the "
                            "audit)")),
        source="the intake", confidence="low",
        confirm="Ask the client whether it has been renewed: if so, correct the expiry date in the intake and "
                "rebuild; if not, the program shows it as expired and the gap report gives it no credit.")
        for ticket in lapsed(plan.intake, plan.today)]
    intake = plan.intake
    if (intake.people.committee and intake.people.safety_representative is None
            and plan.law.representative.required(intake.people.workers)
            and not plan.law.committee.required(intake.people.workers)):
        rule = plan.law.representative
        items.append(ReviewItem(
            what=f"{plan.law.name} law requires a {plan.terms.representative} at {intake.people.workers} workers "
                 f"({rule.citation}); the company keeps a {plan.terms.committee} but names no representative, and "
                 "corpath's legislation data does not say whether a committee meets that requirement, so the "
                 "program has the workers choose a representative from the committee's worker members as well",
            where=where_in(plan, ("program.docx §committee",)),
            source=rule.source, confidence="low",
            confirm=f"Check {plan.law.act.short} for whether a voluntary committee satisfies the representative "
                    "rule; if not, record the representative the workers choose (people.safety_representative) and "
                    "rebuild; if it does, add that to the legislation data with its source."))
    if plan.law.retention is None:
        kept = plan.law.record_retention
        items.append(ReviewItem(
            what=f"{plan.law.name} law: no sourced retention period for health and safety records; the program "
                 "states only the company's own rule (3 years; a worker's records for employment plus 3 years)",
            where=where_in(plan, ("program.docx §administration", "program.docx §forms")),
            source=kept.source if kept else None, confidence=kept.confidence.value if kept else "low",
            confirm=f"Find the retention periods in {plan.law.act.short} and its regulations; add them with their "
                    f"source to legislation/{plan.law.province.value}.yaml (record_retention) and rebuild."))
    procurement = load_jurisdictions().provinces[plan.intake.company.province].procurement
    if procurement is not None and procurement.unverified:
        items.append(ReviewItem(
            what=f"Public procurement: {procurement.text}",
            where=("program.docx, section administration", "gap-report.docx: summary"),
            source=procurement.source, confidence=procurement.confidence.value,
            confirm=confirm_or(procurement, "Confirm it with the province.")))
    for other in other_provinces(plan.intake, plan.decision) if plan.decision.certificate else []:
        items.extend(ReviewItem(what=f"Work in {other.name}: {question}",
                                where=where_in(plan, ("program.docx §administration",)), source=None,
                                confidence="low", confirm=f"Confirm it with {who} before the client relies on it.")
                     for question, who in other.to_confirm)
    seen = set()
    for event in plan.schedule.events:
        if not event.unverified or event.kind not in ("notice", "course_lapse", "auditor_requalification"):
            continue
        if (event.kind, event.source) in seen:
            continue
        seen.add((event.kind, event.source))
        items.append(ReviewItem(
            what=f"Calendar rule: {event.plain_rule or event.rule}",
            where=where_in(plan, ("program.docx §administration", "certificate-calendar.ics")),
            source=event.source, confidence=event.confidence, confirm="Confirm the rule with the partner."))
    return items


# The oil and gas industry's alcohol and drug guideline, which platform reviewers of oil and gas contractors are
# said to look for. corpath's reference data gives no source for it (its name, current version or what it asks),
# so the client's policy does not name it; the consultant confirms it and adds it if the client adopts it.
CANADIAN_MODEL = ReviewItem(
    what="Drug and alcohol policy: Energy Safety Canada's Canadian Model for Providing a Safe Workplace (the oil "
         "and gas industry's alcohol and drug guideline) is not named in the policy",
    where=("program.docx §drug_alcohol",), source=None, confidence="low",
    confirm="Confirm with Energy Safety Canada the Canadian Model's current version and what it asks of a "
            "contractor's policy, and ask the client's hiring clients whether they require the policy to follow "
            "it; if so, add it to the policy as the company's own text (corpath absorb).")


def _partner_items(plan: Plan) -> list[ReviewItem]:
    """What a partner's industry expects that corpath's reference data gives no source for: for an Energy Safety
    Canada program with a drug and alcohol policy, the Canadian Model (CANADIAN_MODEL)."""
    if plan.protocol.partner.id == "esc" and any(s.id == "drug_alcohol" for s in plan.sections):
        return [replace(CANADIAN_MODEL, where=where_in(plan, CANADIAN_MODEL.where))]
    return []


def _advice_items(plan: Plan) -> list[ReviewItem]:
    """The intake's advice (`intake.advice`: a valid choice that probably says something the consultant did not
    mean), worded as `corpath validate` prints it: a build does not stop on it, so review.md carries it."""
    items = []
    match = match_courses(plan.program.courses, plan.intake, plan.today, other_partners_courses(
        partner := plan.pack.pack.partner.abbreviation, plan.today))
    for line in [*advice(plan.intake), *season_advice(plan.intake), *course_advice(match, partner),
                 *window_advice(plan.intake, plan.today)]:
        field, _, _ = line.partition(": ")
        if field == "practices.maintenance" and pre_use_under_maintenance(plan.intake):
            continue  # its own item, with what moving them changes (see _other_items)
        items.append(ReviewItem(
            what=f"Intake advice: {line}", where=(f"the intake ({field})", *where_in(plan, ("program.docx §hazards",))),
            source="corpath validate", confidence="low",
            confirm="Ask the client which it means; if the advice holds, change the intake and rebuild."))
    return items


def _renewal_items(plan: Plan) -> list[ReviewItem]:
    """A course of `people.training` that a hazard program lists under its own name (`same_course`) is one row of
    the training matrix, renewed as the program says; where the intake states another period, the consultant
    asks which holds."""
    return [ReviewItem(
        what=f"Training matrix: the intake's '{held.name}' ({held.who}) is renewed {held.renewal}; the program's "
             f"'{t.name}' says {t.renewal[0].lower() + t.renewal[1:]}",
        where=("the intake (people.training)", *where_in(plan, ("program.docx §training",))), source=None,
        confidence="low", confirm="Ask the client which period holds; the matrix states the program's.")
        for held in plan.intake.people.training for module in plan.modules for t in module.training
        if same_course(held.name, t.name) and None not in (ours := renewal_months(t.renewal),
                                                            theirs := renewal_months(held.renewal)) and ours != theirs]


def review_items(plan: Plan, program: RenderedProgram) -> list[ReviewItem]:
    """Every unverified fact the delivery relied on: the program's rules, the law it states, the rest, the
    rules a hazard module leaves to the province's own text, and the intake's advice."""
    items = [*_program_items(plan), *law_items(plan, program), *other_province_items(plan), *_other_items(plan),
             *module_items(plan), *unsourced_rule_items(plan), *_partner_items(plan), *_advice_items(plan),
             *_renewal_items(plan)]
    if window := off_season_window(plan):
        items.append(ReviewItem(what=window[0], where=("gap-report.docx: audit date", "records-checklist.xlsx"),
                                source=None, confidence="low", confirm=window[1]))
    # a partner's extension or a lapse's cost is no rule in corpath's data (review 18, sumas-framing)
    if plan.readiness is not None and (lapse := plan.readiness.timeline.lapse):
        what, confirm = lapse.review()
        items.append(ReviewItem(what=what, where=("gap-report.docx: top actions and audit date",), source=None,
                                confidence="low", confirm=confirm))
    unique: dict[tuple[str, str | None], ReviewItem] = {}
    for item in items:
        unique.setdefault((item.what, item.source), item)
    return list(unique.values())


def review_markdown(plan: Plan, items: list[ReviewItem], build_id: str) -> str:
    """review.md: for the consultant, not the client."""
    company = plan.intake.company
    head = [
        f"# Review before sending: {company.legal_name} ({plan.intake.client})", "",
        f"For the consultant, not for the client. Build {build_id}, {plan.program.name} with "
        f"{plan.protocol.partner.abbreviation} protocol {plan.protocol.version}, {plan.today.isoformat()}.", "",
    ]
    if not items:
        head.append("Every fact this delivery relies on has a source of medium or high confidence.")
        return "\n".join(head) + "\n"
    head += [
        f"{language.tally(len(items), 'fact')} in this delivery {language.verb('is', len(items))} unverified: no "
        "source was found, or the source is weak (low "
        "confidence). The client's documents state them plainly, without these notes. Confirm each one before "
        "the delivery goes out, and correct the protocol pack or legislation file when it is wrong.", "",
    ]
    body = [item.markdown(i) for i, item in enumerate(items, start=1)]
    return "\n".join(head) + "\n" + "\n\n".join(body) + "\n"


def write_review(plan: Plan, program: RenderedProgram, stage: Path, build_id: str) -> int:
    """Write review.md into the delivery; returns how many facts it lists."""
    items = review_items(plan, program)
    (stage / REVIEW_NAME).write_text(review_markdown(plan, items, build_id), encoding="utf-8")
    return len(items)
