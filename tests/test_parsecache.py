"""The disk cache of parsed shipped YAML: same data as a fresh parse, missed when the bytes change, harmless
when unwritable or tampered with, never used for a client's intake."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from pipeline.intake import parsecache, yamlfile

PACK = sorted((parsecache.SHIPPED / "protocols").glob("*/*.yaml"))[0]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "parsed"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def test_a_shipped_file_is_parsed_once_and_read_back_equal(cache: Path) -> None:
    fresh = yamlfile.load_document(PACK)
    assert len(entries(cache)) == 1
    again = yamlfile.load_document(PACK)
    assert again.data == fresh.data and again.text == fresh.text
    assert again.data is not fresh.data


def test_changed_bytes_miss_the_cache(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    monkeypatch.setattr(parsecache, "SHIPPED", shipped)
    rules = shipped / "rules.yaml"
    rules.write_text("window_months: 12\nsince: 2024-04-01\n", encoding="utf-8")
    assert yamlfile.load_document(rules).data["window_months"] == 12
    rules.write_text("window_months: 36\nsince: 2024-04-01\n", encoding="utf-8")
    second = yamlfile.load_document(rules).data
    assert second["window_months"] == 36 and second["since"].isoformat() == "2024-04-01"
    assert len(entries(cache)) == 2


def test_an_intake_is_never_cached(cache: Path) -> None:
    yamlfile.load_document(Path("intake/acme.yaml"))
    assert entries(cache) == []


def test_an_unwritable_cache_folder_only_means_parsing_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(blocker))
    assert yamlfile.load_document(PACK).data == yamlfile.load_document(PACK).data


class _Payload:
    def __reduce__(self):
        return (os.getcwd, ())


def test_an_entry_holding_anything_but_plain_data_is_refused_and_replaced(cache: Path) -> None:
    fresh = yamlfile.load_document(PACK).data
    [entry] = entries(cache)
    entry.write_bytes(pickle.dumps({"partner": _Payload()}))
    assert parsecache.recall(PACK.read_bytes()) == (False, None)
    assert yamlfile.load_document(PACK).data == fresh
    assert parsecache.recall(PACK.read_bytes()) == (True, fresh)
