"""Shared test fixtures."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

MINIMAL_INTAKE: dict[str, Any] = {
    "client": "acme",
    "company": {
        "legal_name": "Acme Roofing Ltd.",
        "province": "AB",
        "industry": "construction",
        "trades": ["roofing"],
    },
    "people": {"workers": 6, "owner": {"name": "Pat Owner", "title": "Owner"}},
    "operations": {"activities": ["roofing", "work_at_heights"]},
}


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Nested dicts are merged key by key; any other value (lists included) replaces what was there."""
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base



def merged(*overrides: dict[str, Any]) -> dict[str, Any]:
    """A fresh dict with each of `overrides` merged into it in turn (`merge`'s rules)."""
    data: dict[str, Any] = {}
    for override in overrides:
        merge(data, override)
    return data


def assessor(make_intake: Callable[..., Path], today: date) -> Callable[..., Any]:
    """A function: overrides → the readiness of the minimal intake with them merged in, as of `today` (the
    `assess` fixture several gap-report test files share)."""
    from pipeline.intake.load import load_intake
    from pipeline.readiness.gaps import assess_readiness

    def run(*overrides: dict[str, Any]) -> Any:
        return assess_readiness(load_intake(make_intake(merged(*overrides))), today=today)

    return run

@pytest.fixture
def make_intake(tmp_path: Path) -> Callable[..., Path]:
    """Write a minimal valid intake to tmp_path, with nested overrides, and return its path.

    `make_intake({"company": {"province": "BC"}, "people": {"workers": 15}})` → tmp_path/acme.yaml.
    The file is named after `client`, so several intakes can live side by side.
    """

    def make(overrides: dict[str, Any] | None = None) -> Path:
        data = merge(copy.deepcopy(MINIMAL_INTAKE), overrides or {})
        path = tmp_path / f"{data['client']}.yaml"
        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
        return path

    return make


@pytest.fixture(scope="session")
def libreoffice():
    """The real LibreOffice, started once for the whole test run, that opens, edits and saves DOCX files over
    UNO as a client would (`tests/lo_editor.py`, driven through `editors.LibreOffice`)."""
    from editors import LibreOffice

    from pipeline.word.office import soffice_binary, uno_python

    office = LibreOffice(uno_python(), soffice_binary())
    yield office
    office.close()


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tmp_path, with an empty intake/ folder, so messages show paths like intake/x.yaml, as a
    consultant sees them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "intake").mkdir()
    return tmp_path
