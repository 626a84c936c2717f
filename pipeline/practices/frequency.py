"""How often a company makes a record: the intake's answer (`frequency_from`), raised to the law's minimum
(the province's committee, representative or small-employer meetings, legislation data) or the program's
(`minimum` in records.yaml), and counted in season only where the intake says so and the law allows; and the
name of the meeting record in the province's own term for the body. Read by `model.practice_model`.
"""

from __future__ import annotations

from .. import language
from ..intake.model import Intake
from ..protocols.legislation import Requirement, available_provinces, load_legislation
from ..protocols.records import RecordCatalogue, RecordSpec
from ..protocols.terms import load_terms
from .season import MONTHS, Season
from .units import intake_value

DAILY = "daily"  # before each task (per_task) is at least daily: a daily record answered per_task counts daily


def law_minimum(intake: Intake, spec: RecordSpec) -> tuple[Requirement | None, bool]:
    """(the province's requirement that sets this record's least frequency, whether the law's minimum applies)
    for a record with `minimum_from_law`: the first with a `meets` of the committee (when the company has one
    or the law requires one at its headcount), the representative (likewise) and the small employer's
    meetings (BC's OHSR 3.2). The requirement is None when none applies, or when its
    `meets` is absent or unverified (legislation data): then the intake's answer stands and the consultant
    confirms it. Source: program_templates/legislation/<PROVINCE>.yaml."""
    province = intake.company.province.value
    if spec.minimum_from_law != "committee" or province not in available_provinces():
        return None, False
    law, people = load_legislation(province), intake.people
    candidates = [law.committee] if people.committee or law.committee.required(people.workers) else []
    if people.safety_representative or law.representative.required(people.workers):
        candidates.append(law.representative)
    if law.small_employer and law.small_employer.required(people.workers):
        candidates.append(law.small_employer)
    if not candidates:
        return None, False
    return next((req for req in candidates if req.meets and not req.unverified), None), True


def body_record_name(intake: Intake, spec: RecordSpec) -> str | None:
    """The name of a record with `minimum_from_law: committee` in the province's own term for the body the
    company has or the law requires at its headcount: "Occupational health committee meeting minutes" (SK),
    "Worker health and safety representative meeting minutes" (BC, a representative only), "Health and safety
    meeting minutes" (a crew with neither). None for other records and provinces without legislation data
    (the catalogue's name stands). Terms: program_templates/terms.yaml; thresholds: the legislation file."""
    province = intake.company.province.value
    if spec.minimum_from_law != "committee" or province not in available_provinces():
        return None
    law, people, terms = load_legislation(province), intake.people, load_terms(province)
    if people.committee or law.committee.required(people.workers):
        body = terms.committee
    elif people.safety_representative or law.representative.required(people.workers):
        body = terms.representative
    else:
        body = "health and safety"
    return f"{body[0].upper()}{body[1:]} meeting minutes"


def record_frequency(intake: Intake, spec: RecordSpec,
               catalogue: RecordCatalogue) -> tuple[str, str, str | None, Requirement | None, bool]:
    """The record's frequency, where it came from, the intake's answer when a minimum raised it, the law's
    requirement when that minimum was the law's, and whether the law's minimum applies but is not in the data."""
    frequency, source = _answered_frequency(intake, spec, catalogue)
    req, law_applies = law_minimum(intake, spec)
    per_year = catalogue.rates[frequency].per_year or 0
    if req is not None and req.meets and per_year < (catalogue.rates[req.meets].per_year or 0):
        citation = f", {req.citation}" if req.citation else ""
        return (req.meets, f"the law's minimum ({catalogue.rates[req.meets].words}{citation}), raised from {source}",
                frequency, req, False)
    floor = spec.minimum
    if floor and per_year < (catalogue.rates[floor].per_year or 0):
        return (floor, f"the program's minimum ({catalogue.rates[floor].words}), raised from {source}", frequency,
                None, False)
    return frequency, source, None, None, law_applies and req is None


def _answered_frequency(intake: Intake, spec: RecordSpec, catalogue: RecordCatalogue) -> tuple[str, str]:
    for path in spec.frequency_from:
        value = intake_value(intake, path)
        if value is None:
            continue
        key = getattr(value, "value", value)
        if key in catalogue.rates and catalogue.rates[key].per_year is not None:
            return key, f"the intake ({path}: {key})"
        if key == "per_task" and spec.rate == DAILY:
            return DAILY, f"the intake ({path}: per_task), counted at least daily"
        return spec.rate, (f"corpath's default for this record (records.yaml), because the intake's {path} "
                           f"'{key}' gives no count")
    return spec.rate, "corpath's default for this record (records.yaml); the intake gives no frequency"


def first_answer(intake: Intake, spec: RecordSpec) -> str | None:
    """The intake's frequency answer that sets `spec` (the first of `frequency_from` given), as its key."""
    for path in spec.frequency_from:
        value = intake_value(intake, path)
        if value is not None:
            return str(getattr(value, "value", value))
    return None


def no_count_answer(intake: Intake, spec: RecordSpec, catalogue: RecordCatalogue) -> tuple[str, str] | None:
    """(intake path, answer) when the intake's frequency answer for `spec` gives no count (`as_needed`), so the
    record's default rate (records.yaml, corpath's judgement) stands in for it; None otherwise."""
    for path in spec.frequency_from:
        value = intake_value(intake, path)
        if value is not None:
            key = getattr(value, "value", value)
            # before each task is at least daily by its nature: the daily count is its floor, not a stand-in
            countable = key == "per_task" or (catalogue.rates.get(key) and catalogue.rates[key].per_year)
            return None if countable else (path, str(key))
    return None


def counted_in_season(intake: Intake, spec: RecordSpec, season: Season) -> tuple[bool, Requirement | None]:
    """(counted in season only, the law's requirement that keeps it all year instead): the intake says the practice
    is done only in the working season (`in_season_only`, a season shorter than the year); the law's minimum
    meeting frequency (legislation `meets`), when it applies, holds it all year, since a season-long gap would
    break it."""
    if not spec.practice or season.all_year or not getattr(intake.practices, spec.practice).in_season_only:
        return False, None
    req, _ = law_minimum(intake, spec)
    return (False, req) if req is not None and req.meets else (True, None)


def loosest_meeting_minimum(catalogue: RecordCatalogue) -> tuple[str, Requirement] | None:
    """(province, requirement) of the least frequent meeting minimum the legislation data holds for any province
    (a committee's, representative's or small employer's sourced, verified `meets`): Manitoba's committee, at
    least every 3 months (high). None when the data holds none. Source: program_templates/legislation/*.yaml."""
    found = []
    for province in available_provinces():
        law = load_legislation(province)
        for req in (law.committee, law.representative, law.small_employer):
            if req is not None and req.meets and not req.unverified:
                found.append((catalogue.rates[req.meets].per_year or 0, province, req))
    if not found:
        return None
    _, province, req = min(found, key=lambda f: f[0])
    return province, req


def off_season_bridge(intake: Intake, spec: RecordSpec, season: Season,
                      catalogue: RecordCatalogue) -> tuple[int, str, str] | None:
    """(meetings a year in the off-season, their words, the rule's source) when a committee or representative
    meeting record (`minimum_from_law: committee`) is counted in season only and the province's meeting minimum
    is not in the legislation data: the company's own rule bridges the off-season so that no more time passes
    between two meetings than the loosest minimum the data holds for any province (`loosest_meeting_minimum`:
    every 3 months). A season-long gap could break a law corpath cannot cite, so the program does not write one;
    the legal question goes to review.md (`law_silent`). With the in-season meetings at the season's two ends,
    the gap is the off-season's months + 1, so it needs ceil((off + 1) / period) - 1 meetings; None when that is
    none (a short off-season), or the record is not season-only, or the law's minimum is in the data."""
    in_season, _ = counted_in_season(intake, spec, season)
    req, law_applies = law_minimum(intake, spec)
    loosest = loosest_meeting_minimum(catalogue)
    if not in_season or spec.minimum_from_law != "committee" or not law_applies or req is not None or not loosest:
        return None
    province, rule = loosest
    period = round(12 / (catalogue.rates[rule.meets].per_year or 1))
    off = [m for m in range(1, 13) if m not in season.months]
    needed = -(-(len(off) + 1) // period) - 1
    if needed < 1:
        return None
    first, last = season.months[-1] % 12 + 1, (season.months[0] - 2) % 12 + 1
    span = MONTHS[first - 1].capitalize() + (f" to {MONTHS[last - 1].capitalize()}" if first != last else "")
    words = f"at least once every {language.count(period, 'month')} from {span}"
    return needed, words, (f"the company's own rule: no more than {language.count(period, 'month')} between two "
                           f"meetings, the loosest minimum corpath's legislation data holds for any province "
                           f"({province}: {rule.citation or rule.source})")
