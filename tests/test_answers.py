"""Every audit question is answered by a paragraph of the program, for every company it is asked of.

Each question of a pack (or of the instrument it names) carries `answer`: phrases, one of which the answering
paragraph of one of its sections must contain. The three example clients are rendered in full, and so is a
minimal intake for each partner and program size, and every question asked of the company is looked for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.delivery.prepare import plan_program
from pipeline.errors import InputError
from pipeline.intake.load import load_intake
from pipeline.practices.model import is_owner_operator
from pipeline.program.answers import asked, normalise, unanswered
from pipeline.program.compose import render_program
from pipeline.protocols.certificate import recommend
from pipeline.protocols.packs import load_instrument, load_pack

REPO = Path(__file__).resolve().parent.parent
PROTOCOLS = REPO / "program_templates" / "protocols"
TODAY = date(2026, 11, 26)
EXAMPLES = {"acme": ("ab-acsa", "2023.1"), "volta-electric": ("bc-bccsa", "2024.1"),
            "lakeshore-gc": ("on-ihsa", "2022.2")}
# (province, workers): one company of each size the packs tell apart (SECOR and COR; representative and committee)
MINIMAL = [("AB", 6), ("AB", 25), ("ON", 8), ("ON", 35), ("BC", 15), ("BC", 30), ("MB", 12), ("MB", 30)]
# every activity some question is asked for, so that no question is skipped for want of the work it is about
GATED = ["work_at_heights", "roofing", "scaffolds", "excavation", "confined_space", "hot_work", "electrical",
         "lockout", "mobile_equipment", "hazardous_products", "working_alone"]
PARTNERS = sorted(p.name for p in PROTOCOLS.iterdir() if p.is_dir() and p.name != "instruments")


def rendered(intake_path: Path):
    intake = load_intake(intake_path)
    plan = plan_program(intake, recommend(intake), today=TODAY)
    return plan, render_program(plan)


def report(problems: list[Any]) -> str:
    return f"{len(problems)} questions without an answering paragraph:\n" + "\n".join(f"  {p}" for p in problems)


@pytest.mark.parametrize("client", sorted(EXAMPLES))
def test_every_question_is_answered_for_the_examples(client: str) -> None:
    plan, program = rendered(REPO / "intake" / f"{client}.yaml")
    assert (plan.protocol.partner.id, plan.protocol.version) == EXAMPLES[client]
    assert len(asked(plan)) >= 67  # the whole instrument, not a sample of it
    problems = unanswered(plan, program)
    assert not problems, report(problems)


@pytest.mark.parametrize(("province", "workers"), MINIMAL)
def test_every_question_is_answered_for_a_minimal_intake(
    make_intake: Callable[..., Path], province: str, workers: int
) -> None:
    plan, program = rendered(make_intake({"company": {"province": province}, "people": {"workers": workers}}))
    problems = unanswered(plan, program)
    assert not problems, report(problems)


@pytest.mark.parametrize("partner", PARTNERS)
def test_every_question_of_every_version_is_answered(make_intake: Callable[..., Path], partner: str) -> None:
    """Each version of the partner's pack, old ones included, against today's program for each of its sizes.

    The smallest size is one person: the owner-operator program (no crew, no toolbox meeting, no one else to
    interview) answers every question that applies to it; the questions that need a second person are not
    applicable (records.yaml `owner_operator`), and the one-person company must have some."""
    versions = [load_pack(p) for p in sorted((PROTOCOLS / partner).glob("*.yaml"))]
    newest = versions[-1].pack.partner
    programs, problems = set(), []
    for workers in (1, 2, 8, 15, 30):
        company = {"province": newest.provinces[0].value, "industry": newest.industries[0].value,
                   "certifying_partner": partner}
        path = make_intake({"client": f"size-{workers}", "company": company, "people": {"workers": workers},
                            "operations": {"activities": GATED}})
        plan, program = rendered(path)
        variant = (plan.program.id, is_owner_operator(plan.intake))
        if variant in programs:
            continue
        programs.add(variant)
        for loaded in versions:
            questions = [(e, q) for e, q in loaded.pack.questions(plan.program.id)
                         if not q.activities or set(GATED) & set(q.activities)]
            assert questions, f"{loaded.path.name}: no question for {plan.program.id}"
            if variant[1]:
                assert any(plan.practices.not_applicable(q) for _, q in questions), loaded.path.name
            problems += [f"{loaded.path.name} {plan.program.id}: {p}" for p in unanswered(plan, program, questions)]
    assert any(solo for _, solo in programs) and any(not solo for _, solo in programs)
    assert not problems, report(problems)


@pytest.mark.parametrize("instrument", ["acsa-2023", "ihsa-cor-2020-v2", "cfcsa-national-2023"])
def test_every_instrument_question_names_its_answer(instrument: str) -> None:
    loaded = load_instrument(PROTOCOLS / "instruments" / f"{instrument}.yaml")
    missing = [q.id for e in loaded.elements for q in e.questions if not q.answer]
    assert not missing, f"{instrument}: questions without `answer`: {missing}"


def test_the_questions_in_the_cross_reference_do_not_answer_themselves() -> None:
    """The cross-reference table repeats each question's text; only the section's own paragraphs count."""
    plan, program = rendered(REPO / "intake" / "acme.yaml")
    element, question = asked(plan)[0]
    assert normalise(question.text) in normalise(program.section(question.sections[0]).body)
    echoed = question.model_copy(update={"answer": [question.text]})
    problems = unanswered(plan, program, [(element, echoed)])
    assert [p.question for p in problems] == [question.id]
    assert "no paragraph of" in problems[0].reason


def test_a_question_whose_section_is_missing_or_silent_is_reported() -> None:
    plan, program = rendered(REPO / "intake" / "acme.yaml")
    element, question = asked(plan)[0]
    silent = question.model_copy(update={"answer": ["a phrase no section of this program contains"]})
    elsewhere = question.model_copy(update={"sections": ["no_such_section"]})
    unnamed = question.model_copy(update={"answer": []})
    variants = [(element, silent), (element, elsewhere), (element, unnamed)]
    reasons = [p.reason for p in unanswered(plan, program, variants)]
    assert reasons[0].startswith("no paragraph of policy says any of: a phrase no section")
    assert reasons[1] == "none of its sections (no_such_section) is in this program"
    assert reasons[2] == "no answer phrase in the protocol data"


def test_an_answer_phrase_too_short_to_mean_anything_is_refused(tmp_path: Path) -> None:
    source = PROTOCOLS / "instruments" / "acsa-2023.yaml"
    text = source.read_text(encoding="utf-8").replace('answer: ["policy statement"]', 'answer: ["policy"]', 1)
    bad = tmp_path / "acsa-2023.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_instrument(bad)
    message = str(caught.value)
    assert "acsa-2023.yaml" in message and "answer" in message and "at least 12 characters" in message


def test_the_example_packs_load_with_their_answers() -> None:
    for partner, version in EXAMPLES.values():
        loaded = load_pack(PROTOCOLS / partner / f"{version}.yaml")
        assert loaded.instrument is not None
        assert all(q.answer for e in loaded.instrument.elements for q in e.questions)
