"""Audit readiness: the score an auditor would give today, counted only from evidence that exists.

The stage's entry point: `assess_readiness` scores every question the company is asked from the evidence the
intake describes (`scoring`, by the rules in `scoring_rules`, from the states in `evidence`), judges pass or
fail against the program's certification and maintenance rules, plans the smallest set of actions found that
clears every bar (`actions`), dates the earliest realistic audit (`timeline`) and lists the records the
auditor will want. `readiness_dict` is what `corpath gaps --json` prints.

Nothing here reads the clock: every entry point takes `today`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import language
from ..errors import NoPartnerError
from ..intake.model import Intake
from ..practices.model import PracticeModel, model_rows, practice_model
from ..practices.tickets import expiring, lapsed
from ..program.modules import HazardModule, select_modules
from ..protocols.certificate import Decision, describe_fact, recommend
from ..protocols.packs import Element, Program, ProtocolPack
from .actions import Action, ActionPlan, Planner
from .checklist import RecordNeed, assess_record
from .evidence import World, missing_safety_data_sheets, missing_sheets_words, state_for
from .next_audit import NextAudit, next_audit
from .scoring import EPSILON, ElementScore, Scorer, Verdict, floor_percent, judge_scores, show_percent
from .scoring_rules import ScoringRules, load_scoring
from .timeline import Timeline, plan_timeline


@dataclass(frozen=True)
class ChecklistSection:
    element: Element
    records: list[RecordNeed]


@dataclass(frozen=True)
class Readiness:
    """Everything the gap report, the records checklist and `corpath gaps` say about one client."""

    intake: Intake
    model: PracticeModel
    decision: Decision
    pack: ProtocolPack
    program: Program
    today: date
    months: int
    elements: list[ElementScore]
    certification: Verdict
    maintenance: Verdict
    plan: ActionPlan
    after: Verdict
    timeline: Timeline
    checklist: list[ChecklistSection]
    claims: list[str]
    unverified: list[str]
    renewals: list[str] = field(default_factory=list)  # expired tickets and documents, oldest first
    expiring: list[str] = field(default_factory=list)  # first aid certificates expiring within 60 days, soonest first
    changes: list[str] = field(default_factory=list)  # practices the program stops, with who sees each through
    next_audit: NextAudit | None = None  # a certified company's next maintenance or recertification audit
    safety_data_sheets: str | None = None  # products without their sheet that no action to pass covers
    to_get: list[str] = field(default_factory=list)  # equipment the program calls for that the company lacks

    @property
    def overall_percent(self) -> float:
        return self.certification.overall_percent

    @property
    def actions(self) -> list[Action]:
        return self.plan.actions

    def to_dict(self) -> dict[str, Any]:
        return readiness_dict(self)

    def lifts(self, action: Action) -> list[ElementScore]:
        """The elements under their minimum today whose questions the action raises (the planner puts these
        actions first), in the protocol's order."""
        minimum = self.certification.element_minimum
        if minimum is None:
            return []
        raised = set(action.questions)
        return [e for e in self.elements if e.percent is not None and e.percent < minimum - EPSILON
                and any(q.question.id in raised for q in e.questions)]

    @property
    def lifting_first(self) -> bool:
        """True when some actions, not all, raise an element under its minimum: those come first."""
        lifting = [bool(self.lifts(a)) for a in self.actions]
        return any(lifting) and not all(lifting)

    @property
    def records_before_talks(self) -> bool:
        """True when some action leaves no record an auditor can sample (`Action.leaves_no_record`): the report
        says it comes after the actions that leave records and earn at least as many points."""
        return any(a.leaves_no_record for a in self.actions) and not all(a.leaves_no_record for a in self.actions)

    def lift_words(self, action: Action) -> str:
        """One sentence on the elements `lifts` gives, or "" when it gives none: `Raises Element 4 Procurement and
        Contractor Management (49.8%), under the 50% minimum today.`; past three of them, their ids and scores."""
        under = self.lifts(action)
        if not under:
            return ""
        minimum = self.certification.element_minimum
        if len(under) > 3:  # a long list of names buries the action: the ids and scores are enough
            ids = language.join(f"{e.id} ({show_percent(e.percent or 0)}%)" for e in under)
            return f"Raises {language.count(len(under), 'element')} under the {minimum:g}% minimum today: {ids}."
        names = language.join(f"Element {e.id} {e.name} ({show_percent(e.percent or 0)}%)" for e in under)
        return f"Raises {names}, under the {minimum:g}% minimum today."


def build_checklist(scorer: Scorer, world: World) -> list[ChecklistSection]:
    """Per element, every record its questions name, each judged from the practice it belongs to."""
    sections: dict[str, list[RecordNeed]] = {}
    elements = {e.id: e for e in scorer.pack.elements}
    for element, question in scorer.questions:
        rows = sections.setdefault(element.id, [])
        key = scorer.keys[question.id]
        if scorer.not_applicable(question, state_for(world, key)):
            continue
        for record in scorer.record_specs(question):
            if any(r.spec.id == record.id for r in rows):
                continue
            state = state_for(world, scorer.record_state_key(record, key))
            rows.append(assess_record(record, state, world.rules, scorer.months))
    return [ChecklistSection(elements[eid], rows) for eid, rows in sections.items() if rows]


def assess_readiness(intake: Intake, *, today: date, decision: Decision | None = None,
                     rules: ScoringRules | None = None, model: PracticeModel | None = None,
                     modules: list[HazardModule] | None = None) -> Readiness:
    """Score the intake against its program, judge it, plan the actions and the date, list the records.

    `model` is the build's practice model (`pipeline.practices.model.practice_model`) and `modules` the
    program's hazard modules fitted to the intake (`pipeline.program.modules.select_modules`); each is made
    here when None.
    """
    rules = rules or load_scoring()
    decision = decision or recommend(intake)
    if decision.certificate is None or decision.pack is None or decision.program_id is None:
        raise NoPartnerError(f"{intake.client}: no COR program to assess: " + " ".join(decision.reasons))
    pack = decision.pack.pack
    program = pack.program(decision.program_id)
    model = model or practice_model(intake, months=program.records_window.months, today=today)
    modules = select_modules(intake) if modules is None else modules
    scorer = Scorer(pack, program, intake, today, rules, program.records_window.months, model)
    world = scorer.world()
    elements = scorer.elements(world)
    certification = judge_scores(elements, program.certification_pass, "certification", rules)
    maintenance = judge_scores(elements, program.maintenance_pass, "maintenance", rules)
    planner = Planner(scorer, program.certification_pass)
    plan = planner.plan()
    # the verdict alone is kept: the points without their reasons
    after = judge_scores(scorer.elements(plan.world, explain=False), program.certification_pass, "certification",
                         rules)
    coming = next_audit(intake, decision, today, certification, maintenance)
    timeline = plan_timeline(program, intake, plan, planner, today, rules, pack.partner.abbreviation, coming)
    claims = list(dict.fromkeys(e.claim for el in elements for q in el.questions for e in q.evidence if e.claim))
    points = decision.pack.points_basis
    assumed = [f"points per question ({decision.pack.points_label}): {points.statement} {points.provenance}"] \
        if points.unverified else []
    unverified = list(dict.fromkeys([*certification.unverified, *maintenance.unverified,
                                     *_unverified_timeline(program, rules), *assumed]))
    return Readiness(intake=intake, model=model, decision=decision, pack=pack, program=program, today=today,
                     months=program.records_window.months, elements=elements, certification=certification,
                     maintenance=maintenance, plan=plan, after=after, timeline=timeline,
                     checklist=build_checklist(scorer, world), claims=claims, unverified=unverified,
                     renewals=[t.sentence() for t in lapsed(intake, today)], expiring=expiring(intake, today),
                     next_audit=coming,
                     safety_data_sheets=missing_sheets_step(intake, plan), changes=practices_to_stop(intake, modules),
                     to_get=equipment_to_get(intake, modules))


def missing_sheets_step(intake: Intake, plan: ActionPlan) -> str | None:
    """The must-do for hazardous products listed without a safety data sheet
    (`operations.hazardous_products[].sds_on_file: false`) when no action to pass already covers them (the
    partner's audit scores no question on the sheets, so no action earns points for them): get each sheet from
    the supplier before the product's next use, by the person who keeps the records (`people.keeper`, as the
    program's product table says). The rule is the program's own (its WHMIS module: no hazardous product is
    used without a current safety data sheet); the legislation data holds no WHMIS citation to add. None when
    every product has its sheet or an action covers them."""
    products = missing_sheets_words(intake)
    if not products or any(a.kind == "get_safety_data_sheets" for a in plan.actions):
        return None
    keeper, it = intake.people.keeper, "it" if len(missing_safety_data_sheets(intake)) == 1 else "each sheet"
    return (f"Get the safety data sheet for {products} from the supplier before the next use: {keeper.name} "
            f"({keeper.title}) obtains {it} and keeps {'it' if it == 'it' else 'them'} with the others where "
            "workers can get them. The program says no hazardous product is used without a current safety data "
            "sheet. No question of this audit scores the sheets, so the prediction above counts no points for "
            "this, but the program's own rule requires it.")


def practices_to_stop(intake: Intake, modules: list[HazardModule] | None = None) -> list[str]:
    """What the company does today that its program stops (the hazard modules' `changes`, e.g. diesel used as a
    release agent), each a sentence naming the supervisor who sees it through and the program that says so.
    `modules` are the intake's fitted modules (`select_modules`), fitted here when None."""
    lead = intake.people.lead_supervisor
    return [f"{change} {lead.name}, {lead.title}, sees it through (the {module.title} program)."
            for module in (select_modules(intake) if modules is None else modules) for change in module.changes]


def equipment_to_get(intake: Intake, modules: list[HazardModule] | None = None) -> list[str]:
    """Equipment the program's controls call for that the company does not list (the hazard modules' `to_get`,
    e.g. a gas monitor for a septic installer who owns none), each a sentence naming who gets it and the program
    that calls for it. No question scores it, so no points ride on it; the program's own rule needs it.
    `modules` are the intake's fitted modules (`select_modules`), fitted here when None."""
    lead = intake.people.lead_supervisor
    return [f"{item} {lead.name}, {lead.title}, sees it through (the {module.title} program)."
            for module in (select_modules(intake) if modules is None else modules) for item in module.to_get]


def _unverified_timeline(program: Program, rules: ScoringRules) -> list[str]:
    facts: list[tuple[str, Any]] = [("records_window", program.records_window)]
    if program.records_window.short:
        facts.append(("records_window.short", program.records_window.short))
    if program.notice_weeks:
        facts.append(("notice_weeks", program.notice_weeks))
    facts += [(f"courses[{c.name}]", c) for c in program.courses]
    facts += [("scoring.timeline.course_weeks", rules.timeline.course_weeks),
              ("scoring.timeline.pass_margin", rules.timeline.pass_margin),
              ("scoring.timeline.action_weeks", rules.timeline.action_weeks),
              ("scoring.timeline.booking_weeks", rules.timeline.booking_weeks)]
    return [describe_fact(path, fact) for path, fact in facts if fact.unverified]


def _action_dict(a: Action) -> dict[str, Any]:
    return {"kind": a.kind, "practice": a.key, "title": a.title, "how": a.how, "role": a.role,
            "person": a.person.name, "position": a.person.title, "form": a.form, "section": a.section,
            "effort_hours": a.effort_hours, "points": round(a.points, 2),
            "points_per_hour": round(a.points_per_hour, 2), "questions": list(a.questions),
            "restarts_records_clock": a.restarts_records_clock}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def readiness_dict(r: Readiness) -> dict[str, Any]:
    """The JSON `corpath gaps --json` prints."""
    minimum = r.certification.element_minimum
    t = r.timeline
    return {
        "client": r.intake.client, "company": r.intake.company.legal_name, "today": r.today.isoformat(),
        "certificate": r.program.certificate, "program": {"id": r.program.id, "name": r.program.name},
        "partner": {"id": r.pack.partner.id, "abbreviation": r.pack.partner.abbreviation,
                    "name": r.pack.partner.name}, "protocol_version": r.pack.version,
        "records_window_months": r.months,
        "overall_percent": floor_percent(r.overall_percent), "required_percent": r.certification.required_percent,
        "element_minimum_percent": minimum, "passes": r.certification.passes,
        "binding_reason": r.certification.binding_reason, "failures": r.certification.failures,
        "maintenance_passes": r.maintenance.passes, "maintenance_required_percent": r.maintenance.required_percent,
        "maintenance_reason": r.maintenance.binding_reason,
        "elements": [{
            "id": e.id, "name": e.name, "percent": None if e.percent is None else floor_percent(e.percent),
            "minimum": minimum, "earned": round(e.earned, 2), "available": e.available,
            "below_minimum": minimum is not None and e.percent is not None and e.percent < minimum - EPSILON,
            "questions": [{"id": q.question.id, "text": q.question.text, "points": q.question.points,
                           "earned": round(q.earned, 2), "not_applicable": q.not_applicable, "scored_from": q.key,
                           "evidence": [{"kind": ev.kind, "points": round(ev.points, 2), "earned": round(ev.earned, 2),
                                         "reason": ev.reason} for ev in q.evidence]} for q in e.questions],
        } for e in r.elements],
        "actions": [_action_dict(a) for a in r.actions],
        "actions_clear_every_bar": r.plan.clears_bars,
        "further_actions": [_action_dict(a) for a in r.plan.further],
        "after_actions": {"overall_percent": floor_percent(r.after.overall_percent), "passes": r.after.passes},
        "earliest_audit_date": _iso(t.earliest),
        "next_audit": None if r.next_audit is None else {
            "kind": r.next_audit.kind, "title": r.next_audit.title, "due": r.next_audit.due.isoformat(),
            "passes": r.next_audit.verdict.passes, "reason": r.next_audit.verdict.binding_reason,
            "overdue": None if r.next_audit.missed is None else {
                "title": r.next_audit.missed[0], "due": r.next_audit.missed[1].isoformat(),
                "first_action": r.next_audit.first_action}},
        "first_steps": [*([r.next_audit.first_action] if r.next_audit and r.next_audit.first_action else []),
                        *t.first_steps, *t.course_actions],
        "short_certificate": None if t.short_months is None else {
            "months": t.short_months, "validity_years": t.short_validity_years, "earliest": _iso(t.short_earliest)},
        "renewals": r.renewals, "expiring": r.expiring, "safety_data_sheets": r.safety_data_sheets,
        "practices_to_stop": r.changes, "equipment_to_get": r.to_get,
        "target_audit_date": _iso(t.target), "meets_target": t.meets_target, "timeline_summary": t.summary,
        "records_ready": t.records_ready.isoformat(),
        "records_clock": [{"practice": d.label, "ready": d.date.isoformat(), "why": d.why} for d in t.records],
        "courses_missing": [{"name": c.name, "who": c.who} for c in t.courses_missing],
        "courses_to_confirm": [{"name": c.name, "who": c.who, "taken": k.name, "person": k.person}
                               for c, k in t.courses_to_confirm],
        "steps": t.steps, "claims": r.claims, "unverified": r.unverified, "actions_margin_points": r.plan.margin,
        "certificate_audits": [{"kind": a.kind.value, "date": a.date.isoformat(), "score": a.score}
                               for a in sorted(r.intake.certificate.audits, key=lambda a: a.date)],
        "practices": model_rows(r.model),
        "records": [{"element": s.element.id, "record": n.spec.id, "name": n.spec.name, "rate": n.rate_words,
                     "required": n.required, "arithmetic": n.arithmetic, "have": n.have, "status": n.status,
                     "why": n.why, "keeper": n.keeper.name, "location": n.location}
                    for s in r.checklist for n in s.records],
    }
