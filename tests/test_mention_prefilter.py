"""The lint's shortcut for gated words: a pattern is skipped only when the text lacks every string that all its
matches contain, so the findings are those of running every pattern on every text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.program.lint import load_mentions, unjustified_mentions
from pipeline.program.literals import required_literals

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.md"))

# A phrase per gated word, written as a program or a client might: capitals, plurals, hyphens.
SAMPLES = [
    "Noise Module", "ROPS", "rollover protective structure", "Cranes", "EXTENSION LADDERS", "riggers", "Slings",
    "spray-foam", "Wet Concrete", "concrete-cutting", "cut-off saw on concrete", "Asbestos", "H2S", "sour gas",
    "Well Sites", "wellheads", "lease", "torch-on", "Torching", "oxyacetylene", "Nail guns", "powder-actuated",
    "Sandblasting", "lift plans", "TRENCHES", "shoring", "confined space entry", "Roof Hatches", "skylight",
    "balconies", "Stairwell", "trusses", "walls, floors and roofs", "walks the beam", "metal deck",
    "pump jacks", "Horsehead", "supplied-air", "refrigerants", "A2L", "R-32", "r-454b", "X-ray", "NDT",
    "Journey Management", "locate tickets", "shingles", "mud sills", "tied into the structure", "gas meter",
    "purge point", "drain machines", "foot switch", "chemical drain cleaners", "sulfuric", "hot oilers",
    "Burners", "scald", "thief hatches", "bonded and grounded", "TDG", "placards", "pressure trucks",
]


def reference(text: str) -> list[tuple[str, str]]:
    """Every pattern run on the text, as before the shortcut."""
    found = []
    for mention in load_mentions():
        cleared = text
        for phrase in mention.allow:
            cleared = re.sub(re.escape(phrase), " ", cleared, flags=re.IGNORECASE)
        match = mention.regex.search(cleared)
        if match:
            found.append((mention.id, match.group(0)))
    return found


def texts() -> list[str]:
    own = [f"The crew reviews the {sample} before work starts." for sample in SAMPLES]
    return [*own, " ".join(SAMPLES), *(path.read_text(encoding="utf-8") for path in GOLDEN)]


def test_every_gated_word_has_strings_to_look_for() -> None:
    assert all(mention.literals for mention in load_mentions())


@pytest.mark.parametrize("text", texts())
def test_findings_are_those_of_every_pattern_run(text: str) -> None:
    assert unjustified_mentions(None, text, load_mentions()) == reference(text)  # type: ignore[arg-type]


def test_the_samples_are_found() -> None:
    found = {m for text in texts()[: len(SAMPLES)] for m, _ in unjustified_mentions(None, text, load_mentions())}
    assert len(found) >= 40


def test_a_folding_character_runs_every_pattern() -> None:
    text = "The \u212aelvin-sign crane and the ROPS"  # KELVIN SIGN folds to k: no lower-case shortcut
    assert unjustified_mentions(None, text, load_mentions()) == reference(text)  # type: ignore[arg-type]


def test_required_literals() -> None:
    assert required_literals(r"rollover protective|\bROPS\b") == ("rollover protective", "rops")
    assert required_literals(r"\btorch(?:es|ing)?\b|torch kits?") == ("torch", "torch kit")
    assert required_literals(r"oxy[- ]?(?:fuel|acetylene)") == ("oxy",)
    assert required_literals(r"(?:fuel|acetylene) tanks?") == (" tank",)
    assert required_literals(r"(?:fuel|acetylene)[- ]tank") == ("tank",)
    assert required_literals(r"(?:fuel|acetylene)[- ]\w") == ("fuel", "acetylene")
    assert required_literals(r"[a-z]+ crane|\d+") is None  # an alternative with no plain characters
    assert required_literals(r"grúa") is None  # not ASCII: no shortcut
    assert required_literals(r"(unclosed") is None
