"""The coherence check runs its line-bound patterns only on the lines that can hold a match: the statements it
finds are those found by running every pattern on the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.program import coherence as C
from pipeline.program.lint import _FOLD_SPECIAL

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.md"))
RATES = (("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly"), ("quarterly", "Quarterly"),
         ("annually", "Annually"))
PHRASES = C._frequency_phrases(RATES)


def whole_text_mentions(body: str) -> list[tuple[str, str, str]]:
    text = C._unescape(body)
    found = []
    for record_id, during, after, before in C._mention_patterns(tuple(PHRASES)):
        found += [(record_id, m.group(1), PHRASES[m.group(1).lower()]) for m in during.finditer(text)]
        found += [(record_id, m.group(1), PHRASES[m.group(1).lower()]) for m in after.finditer(text)]
        found += [(record_id, m.group(1), C._ADJECTIVES[m.group(1).lower()]) for m in before.finditer(text)]
    return found


def texts() -> list[str]:
    made = [
        "The toolbox meeting, held monthly, is led by the supervisor.\nWeekly during the site inspection.",
        "The weekly toolbox meeting\nand the MONTHLY Site Inspections; emergency drills annually.",
        "Toolbox meetings have been done at Acme weekly since June 2021. From November 2026 they are held monthly.",
        "The \u212a toolbox meeting, held weekly",  # a folding character: the whole text is searched
    ]
    return made + [path.read_text(encoding="utf-8") for path in GOLDEN]


@pytest.mark.parametrize("text", texts())
def test_mentions_are_those_of_the_whole_text(text: str) -> None:
    assert list(C._mentions(text, PHRASES)) == whole_text_mentions(text)


def test_the_golden_programs_state_frequencies() -> None:
    assert sum(len(whole_text_mentions(t)) for t in texts()) > 50
    assert sum(len(list(C._statuses(t, PHRASES))) for t in texts()) > 5


@pytest.mark.parametrize("text", texts())
def test_statuses_are_those_of_the_whole_text(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = list(C._statuses(text, PHRASES))
    monkeypatch.setattr(C, "required_literals", lambda pattern: None)  # every line kept: the whole text
    assert kept == list(C._statuses(text, PHRASES))


def test_a_folding_character_keeps_the_whole_text() -> None:
    text = "The \u212a toolbox meeting, held weekly\nsomething else"
    assert _FOLD_SPECIAL.search(text)
    assert C._Lines(text, fold=True).holding("toolbox meetings?") == text
    assert C._Lines("a\nthe toolbox meeting\nb", fold=True).holding("toolbox meetings?") == "the toolbox meeting"
