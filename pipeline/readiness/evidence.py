"""What the intake says about each practice, each scoring source and the written program: the evidence it
leaves today, and what actions would make true.

A `State` is read once per `World` (the intake on a day, plus the flags actions add); a source's state comes
from the conditions `scoring.yaml` gives it, evaluated against intake fields and computed signals. What reads
no more than the intake, the program and a practice's own flags (`practice_state`, `INTAKE_SIGNALS`) is worked
out once per assessment, in the `shared` every world boosted from one base world shares.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .. import language
from ..intake.model import PRACTICE_NAMES, Intake
from ..intake.vocabulary import site_gas
from ..practices.lapse import lapsed
from ..practices.tickets import current_first_aiders
from ..program.render import common_words, frequency_words
from ..protocols.packs import Question
from ..upkeep.schedule import add_months
from .scoring_rules import PROGRAM, AllOf, AnyOf, Condition, NotOf, ScoringRules, Source

RECORDS_MONTHS = 12  # the intake's records.count is of the past 12 months (intake.model.Records)


@dataclass(frozen=True)
class State:
    """What the intake says about one practice (or source): the evidence it leaves today."""

    key: str
    label: str
    says: str
    done: bool
    kept: bool
    can_produce: bool
    workers_know: bool
    count: int
    location: str | None
    frequency: str
    since: date | None = None
    filled: bool = False  # records kept at the full rate from now on (set only by an action)
    filled_share: float = 1.0  # of the records window, the share kept at the full rate so far (World.elapsed)
    not_applicable: str | None = None
    count_known: bool = True  # false for a source whose intake answer is a flag with no count (pre-use checks)
    waiting: bool = False  # a practice that only answers events, none reported: nothing to do yet, not missing
    borrowed: bool = False  # the intake marks its records as not the company's own (records.borrowed)
    said_none: bool = False  # the intake says no records are kept (kept given as false), not left unanswered
    overdue: date | None = None  # the newest record's month (records.latest) when it predates the records window
    lapsed: date | None = None  # the newest record's month when the practice has stopped inside the window (lapse)
    # the intake answers whether workers could describe it (`workers_know` given): an unanswered question is not a
    # "no", and the report says it is not recorded rather than that workers were not told
    workers_answered: bool = True


@dataclass(frozen=True)
class World:
    """The intake as it is, plus the flags actions would make true (`boosts`, by state key)."""

    intake: Intake
    today: date
    rules: ScoringRules
    boosts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    elapsed: float | None = None  # share of the records window passed since the actions began (None: all of it)
    cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # by a set of state keys, the world's boosts of those keys and its elapsed share as `Scorer.earned` reads them
    parts: dict[frozenset[str], Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # what depends on the intake alone (its practice model), passed on by `replace` to every boosted world
    shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def boosted(self, key: str, flags: Iterable[str]) -> World:
        boosts = dict(self.boosts)
        boosts[key] = frozenset(boosts.get(key, frozenset()) | set(flags))
        return replace(self, boosts=boosts)

    def with_boosts(self, boosts: Iterable[tuple[str, Iterable[str]]]) -> World:
        """The world with every (state key, flags) pair made true: what an action does."""
        world = self
        for key, flags in boosts:
            world = world.boosted(key, flags)
        return world

    @property
    def program_in_use(self) -> bool:
        since = self.intake.certificate.program_in_use_from
        return "done" in self.boosts.get(PROGRAM, ()) or (since is not None and since <= self.today)


def _boost(state: State, flags: Iterable[str], elapsed: float | None = None) -> State:
    flags = set(flags)
    share = {"filled_share": elapsed} if "filled" in flags and elapsed is not None else {}
    return replace(state, **{f: True for f in flags}, **share) if flags else state


def practice_state(world: World, name: str) -> State:
    """The state of the practice `name` (a key of `PRACTICE_NAMES`) in `world`: the intake's answers
    (`_practice_state`, which reads of the world beyond the intake only whether the written program is in use),
    with the flags actions make true for it (`_boost`, which reads the share of the window passed only with
    `filled` among them). Each is worked out once per assessment for what it reads: boosted worlds share their
    base world's `shared`, so the memo lives there."""
    flags = frozenset(world.boosts.get(name, ()))
    memo = world.shared.setdefault("_practice_states", {})
    key = (name, world.program_in_use, flags, world.elapsed if "filled" in flags else None)
    if key not in memo:
        answers = (name, world.program_in_use)
        if answers not in memo:
            memo[answers] = _practice_state(world, name)
        memo[key] = _boost(memo[answers], flags, world.elapsed)
    return memo[key]


def _practice_state(world: World, name: str) -> State:
    practice = getattr(world.intake.practices, name)
    records = practice.records
    words = world.rules.practices[name]
    alone = words.says_alone is not None and "owner_operator" in _model(world).conditions
    says = words.says_alone if alone else words.says_scheduled if practice.frequency and words.says_scheduled \
        else words.says
    # a one-person company that hires subcontractors: the practice earns its points from them (scoring.yaml)
    subcontracts = (words.label_alone is not None and world.intake.operations.subcontractors.used
                    and "owner_operator" in _model(world).conditions)
    state = State(
        key=name, label=words.label_alone if subcontracts else PRACTICE_NAMES[name], says=says, done=practice.done,
        kept=records.kept, can_produce=records.kept and records.can_produce, workers_know=practice.workers_know,
        workers_answered="workers_know" in practice.model_fields_set, count=records.count, location=records.location,
        frequency=(frequency_words(practice.frequency) if practice.frequency
                   else words.unscheduled_alone if subcontracts and words.unscheduled_alone
                   else words.unscheduled), since=practice.since,
    )
    stale = False
    if records.borrowed:  # another company's document: no documentation credit until the company writes its own
        state = replace(state, kept=False, can_produce=False, count=0, borrowed=True)
    elif records.latest is not None and records.latest < add_months(world.today, -RECORDS_MONTHS):
        # the newest record predates the window: none of them covers it, and the next one is overdue; but a
        # practice made once per event is never overdue: no event of the window is on file, so there is
        # nothing to do now but be ready for the next one (review 19: an investigation "do it now" for a 2025
        # incident, which an auditor reads as backdated)
        stale = _per_event(world, name)  # done before the window: waits for the next event like one never done
        state = replace(state, count=0, overdue=None if stale else records.latest)
    elif (stopped := lapsed(practice, world.today, _model(world).catalogue)) is not None:
        state = replace(state, lapsed=stopped)  # its records count, but the practice must be restarted
    if (stale or not state.done) and _waits_for_events(world, name):
        state = replace(state, done=True, kept=True, can_produce=True, waiting=True,
                        workers_know=state.workers_know or world.program_in_use)
    return state


def one_person(world: World) -> bool:
    """Whether the company is one person (the practice model's `owner_operator` condition): no crew to tell, no
    meeting to hold, no worker to interview."""
    return "owner_operator" in _model(world).conditions


def _model(world: World):
    if "_model" not in world.shared:
        from ..practices.model import practice_model

        world.shared["_model"] = practice_model(world.intake, today=world.today)
    return world.shared["_model"]


def _per_event(world: World, name: str) -> bool:
    """True when every record the practice makes (of those that apply) is one per event."""
    records = [r for r in _model(world).for_practice(name) if r.applies]
    return bool(records) and all(r.by_event for r in records)


def _waits_for_events(world: World, name: str) -> bool:
    """True when every record the practice makes is one per event and the intake reports none in the past 12
    months (incident investigations with no incident): the practice has nothing to do yet, so it is ready, not
    to be started."""
    records = [r for r in _model(world).for_practice(name) if r.applies]
    return bool(records) and all(r.by_event and r.units == 0 for r in records)


PRACTICE_PATHS = {"done": "done", "workers_know": "workers_know", "records.kept": "kept",
                  "records.can_produce": "can_produce", "records.count": "count"}


def resolve_path(world: World, path: str) -> Any:
    """A path's value: signals are computed, practice answers come from the (possibly boosted) state."""
    parts = path.split(".")
    if parts[0] == "signals":
        return _signal(world, parts[1])
    if parts[0] == "practices" and len(parts) >= 3 and ".".join(parts[2:]) in PRACTICE_PATHS:
        return getattr(state_for(world, parts[1]), PRACTICE_PATHS[".".join(parts[2:])])
    value: Any = world.intake
    for part in parts:
        value = getattr(value, part, None)
    return value


# the signals read from the intake and the day alone, whatever the actions do: worked out once per assessment
INTAKE_SIGNALS = frozenset({"emergency_plans_said_none", "subcontractor_records_said_none", "audits_in_past_year",
                            "pre_use_checks", "current_first_aiders", "first_aid_per_crew", "sds_on_file",
                            "committee_or_representative_required"})


def _signal(world: World, name: str) -> Any:
    """A signal's value (`scoring_rules.SIGNALS`) in `world`; one of `INTAKE_SIGNALS` is computed once per
    base world (kept in its `shared`, which every boosted world shares) and handed back as is."""
    if name not in INTAKE_SIGNALS:
        return _signal_value(world, name)
    memo = world.shared.setdefault("_signals", {})
    if name not in memo:
        memo[name] = _signal_value(world, name)
    return memo[name]


def _signal_value(world: World, name: str) -> Any:
    if name == "program_in_use":
        return world.program_in_use
    if name == "emergency_plans_said_none":  # given as false, not left unset (review 15)
        plans = world.intake.operations.emergency_plans
        return "kept" in plans.model_fields_set and not plans.kept
    if name == "subcontractor_records_said_none":  # the same for prequalification records (review 16)
        records = world.intake.operations.subcontractors.records
        return "kept" in records.model_fields_set and not records.kept
    if name == "audits_in_past_year":
        since = add_months(world.today, -12)
        return sum(1 for a in world.intake.certificate.audits if since < a.date <= world.today)
    if name == "pre_use_checks":
        from ..protocols.records import load_record_catalogue

        catalogue = load_record_catalogue()
        pieces = [e for e in world.intake.operations.equipment if catalogue.checked_before_shift(e)]
        return bool(pieces) and all(e.pre_use_inspection for e in pieces)
    if name == "equipment_on_schedule":  # no piece on no maintenance schedule (practices.service.unscheduled)
        if world.boosts.get("maintenance_schedule") or set(world.boosts.get("maintenance", ())) - {"workers_know"}:
            return True  # schedule_equipment, or an action on the maintenance records, which first does it
        from ..practices.service import unscheduled
        from ..protocols.records import load_record_catalogue

        return not unscheduled(world.intake, load_record_catalogue())  # 'as needed' is no schedule
    if name == "current_first_aiders":  # an expired certificate earns nothing (practices.tickets)
        return current_first_aiders(world.intake, world.today)
    if name == "first_aid_per_crew":
        crews = world.intake.people.crews
        aiders = current_first_aiders(world.intake, world.today)
        return len(aiders) >= crews and world.intake.operations.first_aid.kits >= crews
    if name == "sds_on_file":
        products = world.intake.operations.hazardous_products
        return bool(products) and all(p.sds_on_file or site_gas(p.name, p.use) for p in products)
    if name == "committee_or_representative_required":
        from ..protocols.legislation import load_legislation

        law = load_legislation(world.intake.company.province.value)
        workers = world.intake.people.workers
        return law.committee.applies(workers) or law.representative.applies(workers)
    if name == "records_producible_share":
        return records_producible_share(world)
    states = [state_for(world, p) for p in PRACTICE_NAMES]
    kept = [s for s in states if s.kept]
    if name == "records_kept":
        return bool(kept)
    return bool(kept) and all(s.can_produce for s in kept)  # records_producible


def missing_safety_data_sheets(intake: Intake) -> list[str]:
    """The names of the hazardous products the intake lists without a safety data sheet on file
    (`operations.hazardous_products[].sds_on_file: false`), in the intake's order; [] when every one has its
    sheet or none is listed. A gas met at a site (hydrogen sulphide, sour gas: intake.vocabulary.site_gas) is not a
    product the company buys, and has no sheet to get."""
    return [p.name for p in intake.operations.hazardous_products if not p.sds_on_file and not site_gas(p.name, p.use)]


def missing_sheets_words(intake: Intake) -> str:
    """`spray foam (single component, cans) and Acme release agent`: the products `missing_safety_data_sheets`
    names, joined as they read inside a sentence (a leading common noun lower-cased, a brand kept); "" when
    none."""
    return language.join(language.in_sentence(n, common_words()) for n in missing_safety_data_sheets(intake))


def records_producible_share(world: World) -> tuple[int, int]:
    """(practices whose records could be handed to an auditor today, practices that make a record the company
    needs): the practices of every applicable record in the practice model (less those waiting for an event),
    so a company with almost no records is never credited as if every one of its few were all there is."""
    if "_record_practices" not in world.shared:
        world.shared["_record_practices"] = sorted({r.practice for r in _model(world) if r.applies and r.practice})
    states = [state_for(world, p) for p in world.shared["_record_practices"]]
    needed = [s for s in states if not s.waiting]  # nothing to file yet is neither filed nor missing
    return sum(1 for s in needed if s.kept and s.can_produce), len(needed)


def truthy(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    if isinstance(value, int | float):
        return value > 0
    if isinstance(value, list | tuple | str):
        return len(value) > 0
    return True


def evaluate(cond: Condition, world: World) -> bool:
    if isinstance(cond, bool):
        return cond
    if isinstance(cond, str):
        return truthy(resolve_path(world, cond))
    if isinstance(cond, AnyOf):
        return any(evaluate(c, world) for c in cond.any)
    if isinstance(cond, AllOf):
        return all(evaluate(c, world) for c in cond.all)
    if isinstance(cond, NotOf):
        return not evaluate(cond.not_, world)
    value = resolve_path(world, cond.path)
    return getattr(value, "value", value) == cond.equals


def source_state(world: World, source: Source) -> State:
    count = resolve_path(world, source.count) if source.count else 0
    count = len(count) if isinstance(count, list | tuple) else int(count or 0)
    not_applicable = (source.not_applicable_reason if source.not_applicable_when is not None
                      and evaluate(source.not_applicable_when, world) else None)
    kept = evaluate(source.kept, world)
    answered = resolve_path(world, source.location_from) if source.location_from else None
    state = State(
        key=source.id, label=source.label, says=source.says, done=evaluate(source.done, world), kept=kept,
        can_produce=kept and evaluate(source.can_produce, world), workers_know=evaluate(source.workers_know, world),
        workers_answered=_answered(source.workers_know, world), count=count, location=answered or source.location,
        frequency=_source_frequency(world, source),
        # a count of 0 beside records kept is no count: the records are kept by a flag with no count (pre-use
        # checks from the equipment list when practices.pre_use_inspections gives none)
        said_none=evaluate(source.said_none, world),
        not_applicable=not_applicable, count_known=source.count is not None and (count > 0 or not kept),
    )
    state = _boost(state, world.boosts.get(source.id, ()), world.elapsed)
    if state.kept and not kept and not count and not state.filled:
        # put in place by an action with no count (the written program makes each site's emergency plan): every
        # one is made from then on, as for a flag with no count
        state = replace(state, count_known=False)
    return state


def _source_frequency(world: World, source: Source) -> str:
    """How often the source's evidence is made, in words: the intake's answer to `source.frequency_practice` in
    its record's words, the phrase the program gives (the practice model's `answering`: "daily" for circle
    checks answered daily), else the source's own `frequency` (review 13: whiteshell's daily pre-use checks
    were "before each use" in the gap report)."""
    name = source.frequency_practice
    if name and getattr(world.intake.practices, name).frequency:
        record = _model(world).answering(name)
        if record is not None and record.applies:
            return record.frequency_words
    return source.frequency or "regularly"


def _answered(cond: Condition, world: World) -> bool:
    """Whether a source's `workers_know` condition is answered by the intake: one that reads a practice's own
    answer (`practices.maintenance.workers_know`) is answered only when the intake gives it; any other is."""
    parts = cond.split(".") if isinstance(cond, str) else []
    if len(parts) == 3 and parts[0] == "practices" and parts[2] == "workers_know" and parts[1] in PRACTICE_NAMES:
        return state_for(world, parts[1]).workers_answered
    return True


def program_state(world: World) -> State:
    since = world.intake.certificate.program_in_use_from
    return State(key=PROGRAM, label="Written program", says="the written program is in use",
                 done=world.program_in_use, kept=world.program_in_use, can_produce=world.program_in_use,
                 workers_know=world.program_in_use, count=0, location=None, frequency="every day", since=since)


def state_for(world: World, key: str) -> State:
    """The state of a practice, a source or the program in this world (computed once per world)."""
    if key not in world.cache:
        if key == PROGRAM:
            world.cache[key] = program_state(world)
        elif key in PRACTICE_NAMES:
            world.cache[key] = practice_state(world, key)
        else:
            world.cache[key] = source_state(world, source_by_id(world.rules, key))
    return world.cache[key]


def rule_facts(state: State, world: World, *, from_records: bool, enough: bool) -> dict[str, bool]:
    """The facts a rule's `when` (an evidence rule's, an action kind's `applies_when`) is matched against."""
    return {"done": state.done, "kept": state.kept, "can_produce": state.can_produce,
            "workers_know": state.workers_know, "workers_answered": state.workers_answered,
            "from_records": from_records, "enough": enough,
            "program_in_use": world.program_in_use, "waiting": state.waiting, "borrowed": state.borrowed,
            "said_none": state.said_none,            "overdue": state.overdue is not None,
            "lapsed": state.lapsed is not None}


def source_by_id(rules: ScoringRules, source_id: str) -> Source:
    for source in rules.sources:
        if source.id == source_id:
            return source
    raise KeyError(source_id)


def key_for(rules: ScoringRules, question: Question, applies: Collection[str] | None = None) -> str:
    """What scores a question: a source that overrides the question's practice (the evidence is elsewhere in
    the intake), else the practice it names, else the first source that matches it.

    `applies`, when given, is the ids of the records that apply to the company (the practice model's): a
    source that claims a question by a record the company does not make (pre-use inspections for a company
    with no equipment) does not score it, so a question that also samples another record (site inspections)
    is scored from that record's practice.
    """
    for source in rules.sources:
        if source.overrides_practice and source.match.fits(question) and (
                applies is None or not source.match.records
                or set(source.match.records) & set(question.records) & set(applies)
                or not set(question.records) & set(applies)):
            return source.id
    if question.practice:
        return question.practice
    return next(s.id for s in rules.sources if s.match.fits(question))

