"""The provincial legislation files: they load, every stated requirement carries its provenance, and each
province's markers identify only that province's law."""

from __future__ import annotations

from itertools import permutations

import pytest

from pipeline.intake.model import PROVINCE_NAMES
from pipeline.protocols.legislation import Legislation, Requirement, available_provinces, load_legislation
from pipeline.protocols.packs import Confidence

PROVINCES = ["AB", "BC", "SK", "MB", "ON", "NS", "NB", "NL", "PE", "QC"]


def requirements(law: Legislation) -> dict[str, Requirement]:
    """Every requirement in a province's file, by field name."""
    return {
        name: value
        for name in Legislation.model_fields
        if isinstance(value := getattr(law, name), Requirement)
    }


def own_texts(law: Legislation) -> list[str]:
    """Everything a program of this province prints from its legislation file."""
    texts = [law.regulator.name, law.wcb.name]
    for instrument in law.instruments:
        texts += [instrument.title, instrument.citation, instrument.short]
    for requirement in requirements(law).values():
        texts += [requirement.text, requirement.citation or "", requirement.note or ""]
    return texts


def test_every_province_has_a_file() -> None:
    assert set(PROVINCES) <= set(available_provinces())


@pytest.mark.parametrize("province", PROVINCES)
def test_province_file_loads(province: str) -> None:
    law = load_legislation(province)
    assert law.province.value == province
    assert law.name == PROVINCE_NAMES[province]
    assert law.record_retention is not None, "say 'not found' rather than leave record_retention out"


@pytest.mark.parametrize("province", PROVINCES)
def test_every_requirement_has_a_source_or_is_low(province: str) -> None:
    law = load_legislation(province)
    for name, requirement in requirements(law).items():
        assert requirement.text.strip(), f"{province}.{name}: empty text"
        if requirement.source is None:
            assert requirement.confidence == Confidence.low, f"{province}.{name}: no source but not low"
        if "not found" in requirement.text:
            assert requirement.confidence == Confidence.low, f"{province}.{name}: 'not found' but not low"


@pytest.mark.parametrize("province", PROVINCES)
def test_instruments_and_bodies_have_a_source_or_are_low(province: str) -> None:
    law = load_legislation(province)
    for item in [*law.instruments, law.regulator, law.wcb]:
        assert item.source is not None or item.confidence == Confidence.low


@pytest.mark.parametrize("province", PROVINCES)
def test_worker_thresholds_are_consistent(province: str) -> None:
    law = load_legislation(province)
    for name, requirement in requirements(law).items():
        if requirement.min_workers is not None and requirement.max_workers is not None:
            assert requirement.min_workers <= requirement.max_workers, f"{province}.{name}"
    committee, representative = law.committee, law.representative
    if committee.min_workers is not None and representative.max_workers is not None:
        # a representative covers the sizes below the committee threshold, without overlap
        assert representative.max_workers < committee.min_workers
        assert representative.applies(committee.min_workers - 1)
        assert committee.applies(committee.min_workers)
        assert not committee.applies(committee.min_workers - 1)


@pytest.mark.parametrize(
    ("province", "requirement", "workers", "expected"),
    [
        ("AB", "committee", 20, True),
        ("AB", "committee", 19, False),
        ("AB", "representative", 5, True),
        ("AB", "representative", 4, False),
        ("BC", "representative", 10, True),
        ("BC", "representative", 9, False),
        ("ON", "representative", 6, True),
        ("ON", "representative", 5, False),
        ("ON", "written_program", 5, False),
        ("ON", "written_program", 6, True),
        ("SK", "committee", 10, True),
        ("NL", "representative", 19, True),
        ("NL", "committee", 19, False),
    ],
)
def test_threshold_examples(province: str, requirement: str, workers: int, expected: bool) -> None:
    assert getattr(load_legislation(province), requirement).applies(workers) is expected


@pytest.mark.parametrize("province", PROVINCES)
def test_markers_identify_the_province(province: str) -> None:
    law = load_legislation(province)
    citations = " | ".join(own_texts(law))
    assert any(marker in citations for marker in law.markers), f"{province}: no marker occurs in its own law"


@pytest.mark.parametrize(("marker_province", "other"), list(permutations(PROVINCES, 2)))
def test_markers_do_not_occur_in_another_provinces_law(marker_province: str, other: str) -> None:
    markers = load_legislation(marker_province).markers
    for text in own_texts(load_legislation(other)):
        for marker in markers:
            assert marker not in text, f"{marker_province} marker {marker!r} occurs in {other}: {text!r}"


@pytest.mark.parametrize(("a", "b"), list(permutations(PROVINCES, 2)))
def test_short_names_are_distinct(a: str, b: str) -> None:
    shorts_a = {i.short for i in load_legislation(a).instruments}
    shorts_b = {i.short for i in load_legislation(b).instruments}
    assert not shorts_a & shorts_b


@pytest.mark.parametrize("province", PROVINCES)
def test_incident_reporting_phone_has_digits(province: str) -> None:
    phone = load_legislation(province).incident_reporting.phone
    if phone is not None:
        assert sum(c.isdigit() for c in phone) >= 7
