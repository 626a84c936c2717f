"""The lower-case words of the templates are kept by content (`program.template_words`): a cached answer is the
one a fresh read gives, an edited file misses, and a cache that cannot be written changes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.program.render import TEMPLATES
from pipeline.program.template_words import WORD, lower_case_words


def _entries(root: Path) -> list[Path]:
    return sorted((root / "words").glob("*.json"))


def test_the_shipped_templates_give_the_same_words_cached_or_not(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(tmp_path / "cache"))
    paths = [*TEMPLATES.rglob("*.yaml"), *TEMPLATES.rglob("*.j2")]
    fresh = set()
    for path in paths:
        fresh.update(re.findall(WORD, path.read_text(encoding="utf-8")))
    first = lower_case_words(paths)
    assert len(_entries(tmp_path / "cache")) == 1
    assert first == fresh == lower_case_words(paths)
    assert {"inspection", "supervisor"} <= first and "Kubota" not in first


def test_an_edited_file_misses_and_the_entry_is_what_was_found(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(tmp_path / "cache"))
    template = tmp_path / "a.j2"
    template.write_text("Ladders are inspected before each use; pre-use and Kubota_x stay out.\r\n", encoding="utf-8")
    assert lower_case_words([template]) == {"are", "inspected", "before", "each", "use", "and", "stay", "out"}
    template.write_text("Scaffolds are tagged.", encoding="utf-8")
    assert lower_case_words([template]) == {"are", "tagged"}
    entries = _entries(tmp_path / "cache")
    assert len(entries) == 2
    assert sorted(json.loads(p.read_text(encoding="utf-8")) for p in entries) == [
        ["and", "are", "before", "each", "inspected", "out", "stay", "use"], ["are", "tagged"]]


@pytest.mark.parametrize("entry", ["{not json", '{"a": 1}', '["ok", 3]'])
def test_a_damaged_entry_is_found_again(tmp_path: Path, monkeypatch, entry: str) -> None:
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(tmp_path / "cache"))
    template = tmp_path / "a.yaml"
    template.write_text("text: the site is inspected\n", encoding="utf-8")
    lower_case_words([template])
    (damaged,) = _entries(tmp_path / "cache")
    damaged.write_text(entry, encoding="utf-8")
    assert lower_case_words([template]) == {"text", "the", "site", "is", "inspected"}


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(blocker))
    template = tmp_path / "a.j2"
    template.write_text("Workers wear gloves.", encoding="utf-8")
    assert lower_case_words([template]) == {"wear", "gloves"}
