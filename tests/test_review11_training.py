"""Training the intake says workers hold reaches the training matrix (issue 14, review 11: beatton-instrumentation's
Petroleum Safety Training for every worker, named only in the training records' notes, was in no document).

`people.training` lists each course or ticket with who holds it and when it is renewed; the matrix shows each one
the programs do not already name, and an intake that names training only in the notes is advised to list it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rendering import linted

from pipeline.intake.advice import advice
from pipeline.intake.load import load_intake
from pipeline.program.plan import Plan

OILFIELD: dict = {"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["instrumentation"]},
                  "people": {"workers": 6},
                  "operations": {"activities": ["power_tools"]}}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_training_every_worker_holds_is_a_row_of_the_matrix(program) -> None:
    _, text = program({**OILFIELD, "people": {"workers": 6, "training": [
        {"name": "Petroleum Safety Training (PST)", "renewal": "Before the first day on a lease"},
        {"name": "H2S Alive", "who": "Every worker"},
        {"name": "Ground Disturbance Level II", "who": "Supervisors"}]}})
    matrix = text[text.index("## Training matrix"):]
    assert "| Petroleum Safety Training (PST) | Every worker | Before the first day on a lease |" in matrix
    assert ("| Ground Disturbance Level II | Supervisors | As the course certificate says, and before it expires |"
            in matrix)
    # the hydrogen sulphide program's row names H2S Alive already, with the certificate's own renewal
    assert "| H2S Alive |" not in matrix and "Energy Safety Canada's H2S Alive" in matrix


def test_training_named_only_in_the_notes_is_advised_to_be_listed(make_intake) -> None:
    noted = {"practices": {"training_records": {"done": True, "frequency": "per_new_worker",
                                                "notes": "PST for all workers"}}}
    said = advice(load_intake(make_intake(noted)))
    assert any(line.startswith("practices.training_records: its notes say 'PST for all workers'")
               and "people.training" in line for line in said), said
    listed = {**noted, "people": {"workers": 3, "training": [{"name": "PST"}]}}
    assert not any("people.training" in line for line in advice(load_intake(make_intake(listed))))


def test_a_ticket_the_client_lists_by_its_acronym_does_not_stop_the_build(program) -> None:
    # review 13: a pressure tester's "TDG" row in people.training was refused ("mentions 'TDG' (dangerous_goods)
    # but the intake has nothing that calls for it"): a ticket the client typed is the client's own fact
    _, text = program({**OILFIELD, "people": {"workers": 6, "training": [
        {"name": "TDG", "who": "Drivers hauling methanol", "renewal": "every 3 years"}]}})
    assert "| TDG | Drivers hauling methanol |" in text
