"""The consultant's review list, its law part: what the program states of the province's law (and other
provinces' law) on a weak source, the sentences that state a company rule where the law's is not on file, and the
rules and questions a hazard module leaves to the consultant. `review.review_items` gathers them with the rest."""

from __future__ import annotations

from ..intake.model import Province
from ..program.compose import RenderedProgram
from ..program.forms import forms_for
from ..program.plan import Plan
from ..program.render import escape_md
from ..protocols.other_provinces import other_provinces
from ..protocols.packs import iter_facts, load_jurisdictions
from .review_item import ReviewItem, confirm_or, where_in


def _sections_with(program: RenderedProgram, text: str) -> tuple[str, ...]:
    wanted = {text, str(escape_md(text))}
    return tuple(f"program.docx, section \"{s.spec.title}\"" for s in program.sections
                 if not s.from_override and any(w in s.body for w in wanted))


# the forms that state a law fact as it stands (permit_context), by the fact's path in the legislation file
LAW_FACT_FORMS: dict[str, str] = {"fall_protection": "fall_protection_plan"}


def _forms_with(plan: Plan, path: str) -> tuple[str, ...]:
    form_id = LAW_FACT_FORMS.get(path)
    chosen = forms_for(plan)
    if form_id is None or form_id not in chosen:
        return ()
    return (f"forms/{chosen.index(form_id) + 1:02d}-{form_id}.docx (and the program's appendix)",)


def other_province_items(plan: Plan) -> list[ReviewItem]:
    """The other provinces' rules the program states, in its 'Work in other provinces' table, unverified; and
    for a province without a certifying partner, the reason (the program says only that there is none)."""
    where = where_in(plan, ("program.docx §administration",))
    items = []
    for other in other_provinces(plan.intake, plan.decision) if plan.decision.certificate else []:
        for d in other.differences:
            if d.requirement.unverified:
                citation = f" ({d.requirement.citation})" if d.requirement.citation else ""
                items.append(ReviewItem(
                    what=f"{other.name} law, {d.what}: {d.there}{citation}", where=where,
                    source=d.requirement.source, confidence=d.requirement.confidence.value,
                    confirm=confirm_or(d.requirement, "Confirm it against the current official text.")))
        jurisdiction = load_jurisdictions().provinces.get(Province(other.code))
        if other.partner is None and jurisdiction is not None:
            items.append(ReviewItem(
                what=f"{other.name}: no certifying partner on file. {' '.join(jurisdiction.explanation.split())}",
                where=where, source=jurisdiction.source, confidence=jurisdiction.confidence.value,
                confirm=confirm_or(jurisdiction, f"Confirm with {other.name}'s regulator what it asks of a company "
                                               "certified in another province.")))
    return items


def law_items(plan: Plan, program: RenderedProgram) -> list[ReviewItem]:
    law = plan.law
    items = []
    for path, fact in iter_facts(law):
        if not fact.unverified:
            continue
        text = getattr(fact, "text", None) or getattr(fact, "title", None) or getattr(fact, "name", None)
        if not text:
            continue
        where = _sections_with(program, text) + _forms_with(plan, path)
        if not where:
            continue  # not stated in this client's program or forms
        citation = getattr(fact, "citation", None)
        what = f"{law.name} law, {path}: {text}" + (f" ({citation})" if citation else "")
        items.append(ReviewItem(
            what=what, where=where, source=fact.source, confidence=fact.confidence.value,
            confirm=confirm_or(fact, "Confirm it against the current official text.")))
    stop_work = _sections_with(program, CERTIFIED_STOP_WORK)
    if stop_work:
        items.append(ReviewItem(
            what=f"{law.name} law: \"{CERTIFIED_STOP_WORK}\" is stated without a section; the reference data "
                 "gives the certified members' power but no section for it (the right to refuse is s.43)",
            where=stop_work, source="MOL guide TOC", confidence="medium",
            confirm=f"Find the section of {law.act.short} that gives a certified member the power to direct that "
                    "dangerous work stop (reviewers point to ss.45-47); add it to the committee section's "
                    "sentence only once it is sourced."))
    claims = _sections_with(program, WCB_CLAIMS)
    if claims:
        items.append(ReviewItem(
            what=f"{law.name} law: the employer's deadline for reporting a work-related injury to the workers' "
                 "compensation board is not in the reference data; the program states the company's rule (the "
                 "claim forms filed as soon as the company learns of the injury)",
            where=claims, source=None, confidence="low",
            confirm="Find the employer's reporting deadline in the province's workers' compensation law; add it, "
                    "with its section, to the legislation data so the program can state it."))
    for marker, role in COMPANY_TRAINING:
        if where := _sections_with(program, marker):
            items.append(ReviewItem(
                what=f"{law.name} law: the training the law gives {role} (its length or an approved course) is not "
                     "in the reference data; the program states the company's own training for the role",
                where=where, source=None, confidence="low",
                confirm=f"Find the training {law.act.short} or its regulations set for {role}; add it with its "
                        f"source to legislation/{law.province.value}.yaml (committee or representative: training) "
                        "and rebuild."))
    return items


# The committee section's sentences on a committee member's or representative's training when the province's rule
# has no sourced `training`: the company's own training is stated and the law's goes to the consultant (review 12).
COMPANY_TRAINING = (("trained when they join (the committee's duties", "a committee member"),
                    ("trained when chosen (the representative's duties", "the representative"))

# The Ontario committee section's sentence on the certified members' power to stop dangerous work, which the
# reference sources (MOL guide TOC) without a section number: the program states it uncited (review 7).
CERTIFIED_STOP_WORK = "Certified members may stop dangerous work"

# The administration section's sentence on the WCB claim forms: the reference data gives no employer's reporting
# deadline, so the program states the company's own rule and the deadline goes to the consultant (review 8).
WCB_CLAIMS = "files the claim forms for every work-related injury"


def module_items(plan: Plan) -> list[ReviewItem]:
    """The rules a hazard module leaves to the law (`law_to_confirm`), with the law to look in (`where`: federal
    TDG, an energy regulator) or else the province's Act; the program states no number for them. Then the
    questions about the company's work it asks the consultant (`to_ask`)."""
    return [ReviewItem(what=f"{module.title}: {rule.rule}", where=where_in(plan, ("program.docx §hazards",)),
                       source=None, confidence="low",
                       confirm=f"Find the rule in {rule.where or f'{plan.law.act.short} or its regulations'}; until "
                               "it is in the reference data the program states no legal number for it, only the "
                               "company's rule.")
            for module in plan.modules for rule in module.law_to_confirm] + [
        ReviewItem(what=f"{module.title}: {ask.question}", where=where_in(plan, ("program.docx §hazards",)),
                   source=None, confidence="low", confirm=ask.then)
        for module in plan.modules for ask in module.to_ask]


def unsourced_rule_items(plan: Plan) -> list[ReviewItem]:
    """The province's rules a hazard module states under "What the law requires" (its `legal_key`, first aid
    always) for which the legislation data has only a placeholder with no source: the program states the
    company's own rule instead, and the consultant finds the law's."""
    keys = dict.fromkeys(["first_aid", *(m.legal_key for m in plan.modules if m.legal_key)])
    law, industry, items = plan.law, plan.intake.company.industry.value.replace("_", " "), []
    for key in (k for k in keys if law.stated_rule(k) is None):
        placeholder, title, other = getattr(law, key), key.replace("_", " "), law.unfitted_rule(key)
        what, find = "no sourced rule", confirm_or(placeholder, f"Find the {title} rule in {law.act.short} or its "
                                                               "regulations")
        if other:  # sourced, but it classes another industry's work (Alberta's first aid for an oil and gas company)
            kinds = " and ".join(i.value.replace("_", " ") for i in other.industries)
            what, find = (f"the sourced rule ({other.citation}) speaks of {kinds} work, not {industry} work",
                          f"Find how {other.citation} classes {industry} work")
        items.append(ReviewItem(
            what=f"{law.name} law, {key}: {what}; the program states only the company's own {title} rule",
            where=where_in(plan, ("program.docx §hazards", "program.docx §emergency") if key == "first_aid"
                         else ("program.docx §hazards",)),
            source=None, confidence=placeholder.confidence.value,
            confirm=f"{find.rstrip('.')}. Add it with its source to legislation/{law.province.value}.yaml "
                    f"({key}{', its industries' if other else ''}) and rebuild."))
    return items
