"""Text no installed font can show is reported by name before it prints as empty boxes in the PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.delivery.prepare import glyph_warnings
from pipeline.word.fonts import FALLBACK_PACKAGES, installed_coverage, missing_glyphs, parse_charsets

REPO = Path(__file__).resolve().parent.parent
LINEAR_A = "\U00010600"  # a script no Debian font package corpath installs covers
LATIN = parse_charsets("20-7e a0-17f\n2010-2027 20ac\n")


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Luc Gagné, Président", ""),
        ("王小明", "王小明"),
        ("王王 and 明", "王明"),  # each once, in order
        ("Safety vest 🦺", "🦺"),
        # variation selectors and joiners have no glyph of their own
        ("\u2764\ufe0f family \U0001F468\u200d\U0001F469", "\u2764\U0001F468\U0001F469"),
        ("tab\tand\u00a0nbsp – €", ""),
    ],
)
def test_missing_glyphs_against_a_known_coverage(text: str, missing: str) -> None:
    assert missing_glyphs(text, LATIN) == missing


def test_coverage_ranges_merge_and_bound() -> None:
    coverage = parse_charsets("20-7e 7f-80\n41 100-1ff")
    assert all(code in coverage for code in (0x20, 0x7e, 0x80, 0x100, 0x1ff))
    assert not any(code in coverage for code in (0x1f, 0x81, 0xff, 0x200))


def test_the_installed_fonts_cover_the_house_font_and_not_everything() -> None:
    coverage = installed_coverage()
    assert coverage is not None, "fc-list (fontconfig) is part of LibreOffice's dependencies"
    assert missing_glyphs("Entreprises Gagné & Fils Ltée ☐ – €", coverage) == ""
    assert missing_glyphs(f"Foreman {LINEAR_A}", coverage) == LINEAR_A


def test_a_warning_names_the_file_line_field_and_text(make_intake: Callable[..., Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_intake({"people": {"supervisors": [{"name": "Sam Okafor", "title": "Foreman"},
                                                   {"name": f"Wei {LINEAR_A}", "title": "Lead hand"}]}})
    monkeypatch.chdir(path.parent)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if LINEAR_A in text)
    column = lines[line - 1].index("Wei") + 1
    assert glyph_warnings(path) == [
        f"acme.yaml:{line}:{column}: people.supervisors[1].name: 'Wei {LINEAR_A}' has characters no installed font "
        f"can show ({LINEAR_A} U+10600); they print as empty boxes in the PDF. Install fallback fonts: "
        "sudo apt-get install -y fonts-noto-cjk fonts-noto-color-emoji"]


def test_the_makefile_installs_the_fallback_fonts() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")  # continued lines joined
    packages = re.search(r"^APT_PACKAGES := (.*)$", makefile, re.M)
    assert packages is not None
    assert set(FALLBACK_PACKAGES) <= set(packages[1].split())
    # and the system check notices when they are missing (else a machine set up earlier never gets them)
    assert "Noto Sans CJK" in makefile and "Noto Color Emoji" in makefile
