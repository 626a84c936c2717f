"""Every question the gap report can credit has text in the program that answers it.

Once the written program is in use, the gap report credits the documentation of every question the program
covers "once it is signed". For each certifying partner's pack, a company asked every question (a COR-sized
company doing every activity, with subcontractors, equipment, hazardous products and a committee) gets its
program rendered, and each question must find, in a section it names, a paragraph matching the answer
pattern in tests/data/answers.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.intake.model import Activity
from pipeline.program.compose import render_program
from pipeline.program.lint import CROSSREF_START
from pipeline.protocols.certificate import recommend

ANSWERS = Path(__file__).resolve().parent / "data" / "answers.yaml"
TODAY = date(2026, 11, 26)

PACKS = [  # (partner id, province, industry)
    ("ab-acsa", "AB", "construction"), ("esc", "AB", "oil_and_gas"), ("bc-bccsa", "BC", "construction"),
    ("sk-scsa", "SK", "construction"), ("mb-csam", "MB", "construction"), ("mb-mhca", "MB", "construction"),
    ("on-ihsa", "ON", "construction"), ("ns-csns", "NS", "construction"), ("nb-nbcsa", "NB", "construction"),
    ("nl-nlcsa", "NL", "construction"),
]


def answers() -> list[tuple[str, re.Pattern[str]]]:
    data = YAML(typ="safe", pure=True).load(ANSWERS.read_text(encoding="utf-8"))
    return [(a["question"], re.compile(a["answer"], re.IGNORECASE)) for a in data]


def everything(partner: str, province: str, industry: str) -> dict[str, Any]:
    return {
        "company": {"province": province, "industry": industry, "certifying_partner": partner},
        "client_requirements": {"provinces_worked": [province]},
        "people": {"workers": 30, "crews": 3, "supervisors": [{"name": "Lee Foreman", "title": "Foreman"}],
                   "committee": {"members": [{"name": "Ann Boss", "title": "Manager"},
                                             {"name": "Bo Worker", "title": "Labourer"}]}},
        "operations": {
            "activities": [a.value for a in Activity],
            "equipment": [{"name": "Crew truck", "type": "pickup_truck", "count": 2},
                          {"name": "Excavator", "type": "excavator", "count": 1}],
            "hazardous_products": [{"name": "Solvent", "use": "cleaning", "sds_on_file": True}],
            "subcontractors": {"used": True, "trades": ["electrical"], "prequalified": True},
            "working_alone": {"happens": True, "who": "the estimator", "check_in_hours": 2},
        },
    }


@pytest.mark.parametrize(("partner", "province", "industry"), PACKS)
def test_every_credited_question_has_a_paragraph_that_answers_it(
        make_intake: Callable[..., Path], partner: str, province: str, industry: str) -> None:
    intake = load_intake(make_intake(everything(partner, province, industry)))
    decision = recommend(intake)
    assert decision.pack is not None and decision.pack.pack.partner.id == partner
    plan = plan_program(intake, decision, today=TODAY)
    bodies = {s.spec.id: re.sub(r"\\(.)", r"\1", s.body.split(CROSSREF_START, 1)[0])
              for s in render_program(plan).sections}
    known = answers()
    missing = []
    model = plan.practices
    for program in plan.protocol.programs:
        for _, question in model.asked(plan.protocol, program.id):
            if model.not_applicable(question):
                continue
            pattern = next((p for start, p in known if question.text.startswith(start)), None)
            assert pattern is not None, f"{partner} {question.id}: no answer pattern in {ANSWERS.name}"
            paragraphs = [p for sid in question.sections for p in re.split(r"\n\s*\n", bodies.get(sid, ""))]
            if not any(pattern.search(p) for p in paragraphs):
                missing.append(f"{question.id} ({', '.join(question.sections)}): {question.text}")
    assert missing == [], f"{partner}: no paragraph answers:\n" + "\n".join(dict.fromkeys(missing))
