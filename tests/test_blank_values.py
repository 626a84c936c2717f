"""Blanking what the client typed: the case-sensitive scan of the lower-cased text (`blanking._blank_folded`) gives
the text a case-blind alternation of the values gives, on whole programs and on the characters whose case
folding is special."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.program.blanking import _ACRONYM, blank_values

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.md"))

# values as a client might type them: other capitals than the program's, one inside another (the longer listed
# first, as `intake_values` orders them, and once the other way round), punctuation, a value absent from the text
VALUES = ["Fall Protection Plan", "fall protection", "FIRST AID", "first aid kit", "Hot Work Permit", "site-specific",
          "(see the SDS)", "Emergency Response", "emergency", "Acme Roofing", "no such value here", "TDG", "WHMIS",
          "Toolbox Meeting", "toolbox meeting minutes", "Ladders", "ladder"]


def reference(text: str, values: list[str]) -> str:
    """The values blanked by one case-blind alternation over the whole text, as before the scan."""
    long = [value for value in values if len(value) >= 6]
    if long:
        text = re.sub("|".join(map(re.escape, long)), "\ufffc", text, flags=re.IGNORECASE)
    acronyms = sorted({value for value in values if _ACRONYM.match(value) and value in text}, key=len, reverse=True)
    if acronyms:
        text = re.sub(r"(?<![\w-])(?:" + "|".join(map(re.escape, acronyms)) + r")(?![\w-])", "\ufffc", text)
    return text


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_blanked_program_is_the_alternations(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    blanked = blank_values(text, VALUES)
    assert blanked == reference(text, VALUES)
    assert blanked.count("\ufffc") > 10  # the values were there to blank
    assert "fall protection" not in blanked.lower()


@pytest.mark.parametrize("text, values", [
    ("The PUMP Jack and frame scaffolding; İstanbul, ſafety, KELVIN and \u212aelvin",
     ["pump jack and frame", "kelvin"]),
    ("Crème BRÛLÉE and crème brûlée at the Café", ["crème brûlée", "Café au lait"]),
    ("aaaaaaab aaaaaab aaaaaaaab", ["aaaaaab", "aaaaaaab"]),
    ("Scaffolding Ltd. and scaffolding ltd, TDG and tdg-x", ["scaffolding ltd", "Scaffolding", "TDG"]),
])
def test_special_folding_and_order(text: str, values: list[str]) -> None:
    assert blank_values(text, values) == reference(text, values)


@pytest.mark.parametrize("path", GOLDEN[:3], ids=lambda p: p.stem)
def test_the_trie_of_values_listed_longest_first_is_the_alternation(path: Path) -> None:
    """Listed the longest first, as `lint.intake_values` lists them, the values are blanked through one trie
    pattern (`blanking._trie_pattern`): values that share their beginnings ("Toolbox Meeting", "toolbox meeting
    minutes") and one inside another must blank what the alternation blanks."""
    text = path.read_text(encoding="utf-8")
    values = sorted(VALUES + ["Toolbox Meet", "Fall Protection Plan for roofs", "emergency response plan"],
                    key=len, reverse=True)
    assert blank_values(text, values) == reference(text, values)
    assert blank_values(text.upper(), values) == reference(text.upper(), values)
