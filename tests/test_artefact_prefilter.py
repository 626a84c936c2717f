"""The artefact checks skip a text that lacks the literal every match holds (`artefacts._NEEDS`): the skip must
never hide an artefact, whatever its case."""

from __future__ import annotations

import pytest

from pipeline.program.artefacts import artefacts


@pytest.mark.parametrize(("text", "found"), [
    ("HEARING PROTECTION, AS THE NOISE MODULE REQUIRES", "word 'module'"),
    ("as This Module says", "word 'module'"),
    ("For reference, The Law Says (OHSR s.3.1): A formal program", "the law pasted"),
    ("KEEP THE RECORD(s) HERE", "'(s)'"),
    ("| Gord Halvorsen, Owner-Operator, with Gord Halvorsen, Owner-Operator |", "own companion"),
    ("| Gord Halvorsen, with Gord Halvorsen |", "own companion"),
])
def test_an_artefact_in_any_case_is_still_found(text: str, found: str) -> None:
    assert any(found in a for a in artefacts(text))


def test_a_text_without_the_literals_has_none_of_those_artefacts() -> None:
    assert artefacts("Workers keep the records with the supervisor; the law sets the minimum.") == []
