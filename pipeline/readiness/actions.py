"""The actions that close the gaps: the smallest set found that clears every bar of a pass rule.

Each action kind in `scoring.yaml` says which state it starts from, what it makes true, who does it and how
many hours it takes. The planner picks greedily by shortfall removed per hour, drops what the rest do not need,
and orders what is left by points per hour (a step that leaves no record after those that do and earn as much
or more); each action is described with its person, form and program section.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .. import language
from ..intake.model import PRACTICE_NAMES, Person
from ..practices.model import RecordPractice
from ..practices.service import unscheduled as off_schedule
from ..protocols.packs import Element, PassRule, Question
from ..protocols.records import load_record_catalogue
from .checklist import assess_record, person_for, window_words
from .evidence import World, missing_sheets_words, one_person, rule_facts, source_by_id, state_for
from .scoring import EPSILON, Scorer
from .scoring_rules import PROGRAM


@dataclass(frozen=True)
class Action:
    """One step that closes a gap: what, who, how, with which form and section, and what it earns."""

    kind: str
    key: str
    label: str
    title: str
    how: str
    role: str
    person: Person
    form: str | None
    section: str | None
    effort_hours: float
    points: float
    questions: tuple[str, ...]
    restarts_records_clock: bool
    boosts: tuple[tuple[str, frozenset[str]], ...] = ()  # (state key, flags) it makes true

    @property
    def points_per_hour(self) -> float:
        return self.points / self.effort_hours

    @property
    def leaves_no_record(self) -> bool:
        """True when it makes nothing an auditor can sample: it only has the workers know (`Planner._evidence_first`
        ranks it after the actions that leave records and earn as much)."""
        return all(flags <= {"workers_know"} for _, flags in self.boosts)

    def apply(self, world: World) -> World:
        """The world with this action done."""
        return world.with_boosts(self.boosts)


@dataclass(frozen=True)
class _Candidate:
    kind: str
    key: str
    boosts: tuple[tuple[str, frozenset[str]], ...]  # (state key, flags) pairs the action makes true
    effort: float

    def apply(self, world: World) -> World:
        return world.with_boosts(self.boosts)


@dataclass(frozen=True)
class ActionPlan:
    actions: list[Action]
    further: list[Action]
    clears_bars: bool
    world: World
    margin: float = 0.0  # percentage points over the overall bar the actions reach (0: the bar itself)


class Planner:
    """The smallest set of actions found that clears every bar of a pass rule.

    Greedy: take the action that removes the most shortfall (points under the overall bar plus points under
    each element's minimum) per hour of effort, until nothing is short; then drop any action the rest do not
    need — but keep an action complete as soon as it is done, and earning points the rest do not, when without it
    an element under its minimum would clear it only once some records fill the window; then order what is left:
    the actions that raise an element under its minimum first, each group by points gained per hour, each counted
    after the ones before it, except that an action leaving no record an auditor can sample comes after the ones
    that leave records and earn at least as many points (`_evidence_first`).
    """

    def __init__(self, scorer: Scorer, rule: PassRule) -> None:
        self.scorer = scorer
        self.rules = scorer.rules
        self._named: dict[str, list[RecordPractice]] | None = None  # named_records by key, made on first use
        self.required = rule.overall_percent.value
        # the actions aim this many points over the overall bar (scoring.yaml timeline.pass_margin), and settle
        # for the bar itself when no set of actions reaches the margin
        self.margin = (self.rules.timeline.pass_margin.value or 0.0) if self.required is not None else 0.0
        self.minimum = rule.element_minimum_percent.value
        self.not_applicable = {q.id for e, q in scorer.questions
                               if scorer.not_applicable(q, state_for(scorer.world(), scorer.keys[q.id]))}
        self.affected: dict[str, list[tuple[Element, Question]]] = {}
        for element, question in scorer.questions:
            if question.id in self.not_applicable:
                continue
            for key in scorer.deps[question.id]:
                self.affected.setdefault(key, []).append((element, question))
        # what `_totals` adds up: every element asked about, in order, and the questions that apply with the
        # points each can earn (fixed for the scorer)
        self._elements = list(dict.fromkeys(element.id for element, _ in scorer.questions))
        self._scored = [(element, question, scorer.available(question)) for element, question in scorer.questions
                        if question.id not in self.not_applicable]

    def named_records(self, key: str) -> list[RecordPractice]:
        """The records the asked questions name that this practice (or source) makes — each record is judged by
        its own practice, whichever practice the question names — from the model. Worked out for every key at once,
        on first use: the questions, their keys and the model are fixed for the planner's scorer."""
        if self._named is None:  # every key's at once, in one pass over the questions
            self._named = {}
            for _, question in self.scorer.questions:
                qkey = self.scorer.keys[question.id]
                for s in self.scorer.record_specs(question):
                    named = self._named.setdefault(self.scorer.record_state_key(s, qkey), [])
                    if s not in named:
                        named.append(s)
        return list(self._named.get(key, []))

    def key_records(self, key: str) -> list[RecordPractice]:
        """The records named for this practice, then any others the model gives it (for forms and sections)."""
        named = self.named_records(key)
        return named + [r for r in self.scorer.model.for_practice(key) if r.applies and r not in named]

    def candidates(self, world: World) -> list[_Candidate]:
        keys = list(dict.fromkeys(k for _, q in self.scorer.questions if q.id not in self.not_applicable
                                  for k in self._keys_of(q)))
        found = []
        for key in [*keys, PROGRAM]:
            state = state_for(world, key)
            needs = [assess_record(s, state, world.rules, self.scorer.months) for s in self.key_records(key)]
            facts = rule_facts(state, world, from_records=bool(needs),
                               enough=all(n.have >= n.required for n in needs))
            allowed = (None if key in PRACTICE_NAMES or key == PROGRAM
                       else set(source_by_id(self.rules, key).actions))
            for kind_id, kind in self.rules.actions.items():
                if ((kind.target == "program") != (key == PROGRAM) or (allowed is not None and kind_id not in allowed)
                        or (allowed is None and kind.named_only)):
                    continue
                if kind.applies_when.matches(facts):
                    boosts = ((key, frozenset(kind.sets)),
                              *((k, frozenset(v)) for k, v in kind.also_sets.items()))
                    found.append(_Candidate(kind_id, key, boosts, kind.effort_hours))
        return found

    def _keys_of(self, question: Question) -> list[str]:
        """The question's own key, then the practices that make the records it samples."""
        key = self.scorer.keys[question.id]
        return [key, *(self.scorer.record_state_key(r, key) for r in self.scorer.record_specs(question))]

    def shortfall(self, totals: Mapping[str, Sequence[float]], margin: float | None = None) -> float:
        """Points under the overall bar (plus `margin` percentage points; the planner's margin when None) and
        under each element's minimum."""
        earned = sum(t[0] for t in totals.values())
        available = sum(t[1] for t in totals.values())
        margin = self.margin if margin is None else margin
        short = 0.0
        if self.required is not None:
            short += max(0.0, min(100.0, self.required + margin) / 100 * available - earned)
        if self.minimum is not None:
            short += sum(max(0.0, self.minimum / 100 * a - e) for e, a in totals.values() if a > 0)
        return short

    def clears(self, world: World, margin: float = 0.0) -> bool:
        """True when the world's scores clear every bar, with `margin` percentage points over the overall one."""
        return self.shortfall(self._totals(world), margin) <= 1e-6

    def _totals(self, world: World) -> dict[str, list[float]]:
        totals: dict[str, list[float]] = {eid: [0.0, 0.0] for eid in self._elements}
        for element, question, available in self._scored:
            slot = totals[element.id]
            slot[0] += self.scorer.earned(element, question, world)
            slot[1] += available
        return totals

    def _try(self, world: World, totals: dict[str, list[float]], c: _Candidate) -> tuple[World, dict, float]:
        after = c.apply(world)
        changed = {k: list(v) for k, v in totals.items()}
        for element, question in self._affected_by(c):
            delta = self.scorer.earned(element, question, after) - self.scorer.earned(element, question, world)
            changed[element.id][0] += delta
        return after, changed, sum(v[0] for v in changed.values()) - sum(v[0] for v in totals.values())

    def _affected_by(self, c: _Candidate) -> list[tuple[Element, Question]]:
        seen: dict[str, tuple[Element, Question]] = {}
        for key, _ in c.boosts:
            for element, question in self.affected.get(key, []):
                seen.setdefault(question.id, (element, question))
        return list(seen.values())

    def _apply(self, chosen: Iterable[_Candidate]) -> World:
        world = self.scorer.world()
        for c in chosen:
            world = c.apply(world)
        return world

    def needs_window(self, c: _Candidate) -> bool:
        """True when the action's records only count once they fill the records window (kept at the full rate
        for months), so it moves the audit date; False when it is complete as soon as it is done (a management
        review, a prequalification, telling the workers)."""
        if c.key == PROGRAM or not self.rules.actions[c.kind].restarts_records_clock:
            return c.key == PROGRAM
        months = self.scorer.months
        return any(r.months_to_fill(months) for key, flags in c.boosts if "filled" in flags
                   for r in self.named_records(key))

    def _greedy(self, world: World, totals: dict[str, list[float]], pool: list[_Candidate],
                chosen: list[_Candidate]) -> tuple[World, dict[str, list[float]]]:
        """Take from `pool` (into `chosen`) the action that removes the most shortfall per hour, until nothing is
        short or nothing helps."""
        while self.shortfall(totals) > 1e-6 and pool:
            short = self.shortfall(totals)
            best, best_value, best_result = None, (0.0, 0.0), None
            for c in pool:
                after, changed, gain = self._try(world, totals, c)
                value = ((short - self.shortfall(changed)) / c.effort, gain / c.effort)
                if value > best_value:
                    best, best_value, best_result = c, value, (after, changed)
            if best is None or best_value[0] <= 1e-9 or best_result is None:
                break
            chosen.append(best)
            pool.remove(best)
            world, totals = best_result
        return world, totals

    def plan(self) -> ActionPlan:
        """The actions that clear every bar: first those complete as soon as they are done (they do not move the
        audit date), then those whose records must fill the window; what the rest do not need is dropped."""
        base = self.scorer.world()
        world, totals = base, self._totals(base)
        remaining = self.candidates(base)
        chosen: list[_Candidate] = []
        quick = [c for c in remaining if not self.needs_window(c)]
        world, totals = self._greedy(world, totals, quick, chosen)
        slow = [c for c in remaining if c not in chosen]
        world, totals = self._greedy(world, totals, slow, chosen)
        clears = self.shortfall(totals, 0.0) <= 1e-6
        margin = self.margin if clears and self.shortfall(totals) <= 1e-6 else 0.0
        if clears:
            for c in reversed(list(chosen)):
                trial = [x for x in chosen if x is not c]
                if self.shortfall(self._totals(self._apply(trial)), margin) > 1e-6:
                    continue
                # an action complete as soon as it is done, that earns points of its own, stays when without it
                # an element under its minimum would only clear it once some records fill the window
                # (limestone's element 4: subcontractor prequalification, not site inspections kept up for months)
                if (not self.needs_window(c) and self._under_now(trial) - self._under_now(chosen)
                        and self._gain(self._apply(trial), c) > EPSILON):
                    continue
                chosen = trial
        for c in remaining:  # a duty is never left for later because a cheaper action clears the bar
            if (c not in chosen and self.rules.actions[c.kind].always
                    and self._gain(self._apply(chosen), c) > EPSILON):
                chosen.append(c)
        ordered, world = self._order(base, chosen)
        further, _ = self._order(world, [c for c in remaining if c not in chosen])  # candidates(base), as found
        return ActionPlan([self.describe(*o) for o in ordered],
                          [self.describe(*o) for o in further if o[1] > EPSILON], clears, world, margin)

    def _gain(self, world: World, c: _Candidate) -> float:
        """The points the action adds to `world`."""
        return self._try(world, self._totals(world), c)[2]

    def _under(self, world: World) -> set[str]:
        """The elements under their minimum in `world`."""
        if self.minimum is None:
            return set()
        return {eid for eid, (earned, available) in self._totals(world).items()
                if available > 0 and earned < self.minimum / 100 * available - EPSILON}

    def _under_now(self, chosen: Iterable[_Candidate]) -> set[str]:
        """The elements still under their minimum once the chosen actions complete as soon as they are done are
        done, before any records fill the window."""
        return self._under(self._apply(c for c in chosen if not self.needs_window(c)))

    def _order(self, world: World, pool: list[_Candidate]) -> tuple[list[tuple[_Candidate, float, tuple]], World]:
        """Greedy by points per hour, each action counted after those before it; then sorted so the actions that
        raise an element under its minimum come first, each group by that ratio."""
        totals = self._totals(world)
        under = self._under(world)
        pool, out, lifts = list(pool), [], {}
        while pool:
            results = [(c, *self._try(world, totals, c)) for c in pool]
            c, after, changed, gain = max(results, key=lambda r: r[3] / r[0].effort)
            raised = [(e, q) for e, q in self._affected_by(c)
                      if self.scorer.earned(e, q, after) > self.scorer.earned(e, q, world) + EPSILON]
            out.append((c, gain, tuple(q.id for _, q in raised)))
            lifts[id(c)] = any(e.id in under for e, _ in raised)
            pool.remove(c)
            world, totals = after, changed
        # stable: ties keep the greedy order
        out.sort(key=lambda r: (lifts[id(r[0])], r[1] / r[0].effort), reverse=True)
        return self._evidence_first(out, lifts), world

    def leaves_no_record(self, c: _Candidate) -> bool:
        """True when the action makes nothing an auditor can sample (it only sets `workers_know`: telling the
        workers, knowing it well enough to explain); its points come from interviews alone."""
        kind = self.rules.actions[c.kind]
        return set(kind.sets) <= {"workers_know"} and not kind.also_sets

    def _evidence_first(self, out: list[tuple[_Candidate, float, tuple]],
                        lifts: Mapping[int, bool]) -> list[tuple[_Candidate, float, tuple]]:
        """`out` with each action that leaves no record (`leaves_no_record`) moved after every action of its group
        (raising an element under its minimum or not) that leaves records and earns at least as many points: a
        one-hour talk does not outrank written-down toolbox talks or a started practice on its points per hour
        alone, only when it earns more points than they do."""
        ranked = [r for r in out if not self.leaves_no_record(r[0])]
        for r in (r for r in out if self.leaves_no_record(r[0])):
            group = lifts[id(r[0])]
            outranking = [i for i, o in enumerate(ranked) if lifts[id(o[0])] == group and o[1] >= r[1] - EPSILON]
            if outranking:  # right after the last action of its group that earns at least as much
                at = outranking[-1] + 1
            else:  # its points say so: its place by points per hour, before what followed it there
                later = {id(o[0]) for o in out[out.index(r) + 1:]}
                at = next((i for i, o in enumerate(ranked) if id(o[0]) in later), len(ranked))
            ranked.insert(at, r)
        return ranked

    def describe(self, c: _Candidate, gain: float, questions: tuple[str, ...]) -> Action:
        from ..program.forms import FORM_TITLES
        from ..program.plan import section_titles

        kind = self.rules.actions[c.kind]
        world = self.scorer.world()
        state = state_for(world, c.key)
        specs = self.key_records(c.key)
        titles = section_titles()
        # the record the practice itself makes (drill records for drills, not the emergency plans the same
        # practice answers for): its frequency, keeper and form are the ones the action names
        own = f"practices.{c.key}.frequency"
        first = next((s for s in specs if own in s.spec.frequency_from), specs[0] if specs else None)
        form_id = first.form if first else None
        # else the first question it answers that applies (a one-person company's orientation is the
        # subcontractors' site orientation, in the contractors section, not the worker questions left out)
        section_id = first.section if first else next(
            (q.sections[0] for _, q in self.scorer.questions
             if self.scorer.keys[q.id] == c.key and q.id not in self.not_applicable), None)
        role = kind.role if kind.role != "record" else (first.keeper_role if first else "coordinator")
        person = person_for(self.scorer.intake, role)
        words = {
            "label": state.label, "says": state.says, "frequency": state.frequency,
            "rate": first.frequency_words if first else state.frequency,
            "form": f"the '{FORM_TITLES[form_id]}' form" if form_id else "a dated, signed record",
            "section": f"'{titles.get(section_id, section_id)}'" if section_id else "program's",
            "keeper": person_for(self.scorer.intake, "keeper").name,
            "location": state.location or "where they are now",
            "records": ", ".join(s.name.lower() for s in specs) or "records",
            # each record with its own rate: two records of one practice need not share a frequency
            "records_at_rate": language.join(f"the {s.name.lower()} {s.frequency_words}" for s in specs)
            or f"the records {state.frequency}",
            "months": self.scorer.months, "window": window_words(self.scorer.months),
            "products": missing_sheets_words(self.scorer.intake) or "every hazardous product",
            "latest_date": f"{(state.overdue or state.lapsed):%B %Y}" if state.overdue or state.lapsed else "",
        }
        alone = one_person(world)
        title = kind.title_alone if alone and kind.title_alone else kind.title
        template = kind.how_alone if alone and kind.how_alone else kind.how
        how = template.format(**words)
        if first is not None and first.filled_in and "{rate}" in template:  # the rate it names is corpath's
            # the action goes to the client: the source (records.yaml) is on the consultant's review list
            basis = ("each machine's interval in the equipment table is the usual one for its type; check it "
                     "against the manufacturer's manual" if first.services else
                     f"{first.frequency_words} is the usual rate for this record; check that it fits the work")
            how += (f" The questionnaire says '{language.frequency(first.filled_in[1])}', which sets no count: "
                    f"{basis}.")
        title = title.format(**words)
        unscheduled = [e.name for e in off_schedule(self.scorer.intake, load_record_catalogue())]
        makes_records = any(flags - {"workers_know"} for _, flags in c.boosts)
        if c.key == "maintenance" and unscheduled and makes_records:  # on no schedule, says the intake: step one
            names = language.join(unscheduled)
            title = f"Put {names} on the maintenance schedule, and {title[0].lower()}{title[1:]}"
            how = (f"{names} {'is' if len(unscheduled) == 1 else 'are'} on no maintenance schedule today: put "
                   f"each piece on the schedule at the manufacturer's service interval and book its next service. "
                   + how)
        return Action(kind=c.kind, key=c.key, label=state.label, title=title,
                      how=how, role=role, person=person,
                      form=FORM_TITLES.get(form_id) if form_id else None,
                      section=titles.get(section_id) if section_id else None, effort_hours=kind.effort_hours,
                      points=gain, questions=questions, restarts_records_clock=kind.restarts_records_clock,
                      boosts=c.boosts)
