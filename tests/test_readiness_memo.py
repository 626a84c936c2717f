"""What the readiness stage remembers within one assessment gives what working it out afresh gives.

The practice states and intake-only signals (`evidence`), the record needs, evidence rules, records and
evidence kinds per question (`scoring.Scorer`), the records named per key and the totals (`actions.Planner`)
are remembered in the base world's `shared` or on the scorer; every check here compares them with a world or
a scorer that remembers nothing yet, on the example intakes and worlds boosted by every action the planner
could take.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.intake.load import load_intake
from pipeline.protocols.certificate import recommend
from pipeline.readiness.actions import Planner
from pipeline.readiness.checklist import assess_record
from pipeline.readiness.evidence import INTAKE_SIGNALS, World, resolve_path, state_for
from pipeline.readiness.scoring import Scorer
from pipeline.readiness.scoring_rules import PROGRAM, load_scoring

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "intake").glob("*.yaml"))
TODAY = date(2026, 11, 30)


def scorer_for(path: Path) -> Scorer:
    intake = load_intake(path)
    decision = recommend(intake)
    assert decision.pack is not None and decision.program_id is not None
    pack = decision.pack.pack
    program = pack.program(decision.program_id)
    return Scorer(pack, program, intake, TODAY, load_scoring(), program.records_window.months)


def fresh(world: World) -> World:
    """The same intake, day, boosts and elapsed share, with nothing remembered: a new base world."""
    return World(world.intake, world.today, world.rules, dict(world.boosts), world.elapsed)


def worlds(scorer: Scorer, planner: Planner) -> list[World]:
    """The base world, each candidate action's world, every candidate at once, and that at a third of the
    window: made from the scorer's base world, so they share its memo."""
    base = scorer.world()
    found = planner.candidates(base)
    everything = base
    for c in found:
        everything = c.apply(everything)
    return [base, *(c.apply(base) for c in found), everything,
            World(base.intake, base.today, base.rules, dict(everything.boosts), 1 / 3, shared=base.shared)]


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def setup(request: pytest.FixtureRequest) -> tuple[Scorer, Planner]:
    scorer = scorer_for(request.param)
    return scorer, Planner(scorer, scorer.program.certification_pass)


def state_keys(scorer: Scorer) -> list[str]:
    keys = {PROGRAM, *scorer.keys.values()}
    for _, question in scorer.questions:
        keys.update(scorer.record_state_key(r, scorer.keys[question.id]) for r in scorer.record_specs(question))
    return sorted(keys)


def test_states_remembered_across_worlds_match_fresh_ones(setup: tuple[Scorer, Planner]) -> None:
    scorer, planner = setup
    keys = state_keys(scorer)
    made = worlds(scorer, planner)
    assert len(made) > 3
    for world in made:
        alone = fresh(world)
        assert alone.shared is not world.shared
        for key in keys:
            assert state_for(world, key) == state_for(alone, key), key
    # the memo is shared: a practice state is one object however many worlds read it
    assert "_practice_states" in scorer.world().shared


def test_intake_signals_match_fresh_ones(setup: tuple[Scorer, Planner]) -> None:
    scorer, planner = setup
    for world in worlds(scorer, planner):
        for name in sorted(INTAKE_SIGNALS):
            assert resolve_path(world, f"signals.{name}") == resolve_path(fresh(world), f"signals.{name}"), name
    assert set(scorer.world().shared["_signals"]) <= INTAKE_SIGNALS


def test_scores_and_earned_match_a_fresh_scorer(setup: tuple[Scorer, Planner]) -> None:
    scorer, planner = setup
    made = worlds(scorer, planner)
    for world in made:  # the memo fills up across the worlds, in this order
        for element, question in scorer.questions:
            scorer.earned(element, question, world)
    for world in made:
        other = scorer_for_same(scorer)
        alone = other.world() if not world.boosts and world.elapsed is None else fresh(world)
        assert scorer.elements(world) == other.elements(alone)
        assert [scorer.earned(e, q, world) for e, q in scorer.questions] == \
            [other.score(e, q, alone, explain=False).earned for e, q in other.questions]
        points = [(e.id, e.earned, e.available) for e in scorer.elements(world)]
        assert [(e.id, e.earned, e.available) for e in scorer.elements(world, explain=False)] == points


def scorer_for_same(scorer: Scorer) -> Scorer:
    return Scorer(scorer.pack, scorer.program, scorer.intake, scorer.today, scorer.rules, scorer.months)


def test_record_needs_are_assess_record(setup: tuple[Scorer, Planner]) -> None:
    scorer, planner = setup
    for world in worlds(scorer, planner):
        for _, question in scorer.questions:
            key = scorer.keys[question.id]
            needs = scorer.record_needs(question, key, state_for(world, key), world)
            expected = [assess_record(r, state_for(world, scorer.record_state_key(r, key)), world.rules,
                                      scorer.months) for r in scorer.record_specs(question)]
            assert needs == expected


def test_named_records_per_key(setup: tuple[Scorer, Planner]) -> None:
    scorer, planner = setup
    keys = state_keys(scorer)
    named_somewhere = 0
    for key in keys:
        expected = []  # the definition: the asked questions' records whose state this key gives, in order
        for _, question in scorer.questions:
            qkey = scorer.keys[question.id]
            expected += [s for s in scorer.record_specs(question)
                         if s not in expected and scorer.record_state_key(s, qkey) == key]
        assert planner.named_records(key) == expected
        named_somewhere += bool(expected)
    assert named_somewhere > 0
    assert planner.named_records("no such practice") == []


def test_totals_add_up_the_questions_that_apply(setup: tuple[Scorer, Planner]) -> None:
    scorer, planner = setup
    for world in worlds(scorer, planner):
        expected: dict[str, list[float]] = {}
        for element, question in scorer.questions:
            slot = expected.setdefault(element.id, [0.0, 0.0])
            if question.id not in planner.not_applicable:
                slot[0] += scorer.earned(element, question, world)
                slot[1] += scorer.available(question)
        assert planner._totals(world) == expected
