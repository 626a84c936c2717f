"""The chart cache: a cached chart is byte for byte the chart matplotlib draws, a change in any score, bar or
title draws a new one, and a cache folder that cannot be written still gives the chart."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from pipeline.readiness import chart
from pipeline.readiness.scoring import ElementScore


def elements(first_earned: float = 7.0) -> list[ElementScore]:
    return [ElementScore("1", "Management commitment and policy", first_earned, 10.0),
            ElementScore("2", "Hazard assessment", 4.0, 10.0),
            ElementScore("3", "Not asked", 0.0, 0.0)]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "charts"


def draw(tmp_path: Path, name: str, items: list[ElementScore], overall: float = 55.0) -> bytes:
    path = chart.draw_element_chart(items, overall, 50.0, 80.0, tmp_path / name, xlabel="Predicted score (%)")
    return path.read_bytes()


def test_a_cached_chart_is_the_drawn_chart(tmp_path: Path, cache: Path) -> None:
    first = draw(tmp_path, "a.png", elements())
    spec = chart.chart_spec(elements(), 55.0, 50.0, 80.0, xlabel="Predicted score (%)")
    assert first == chart.render_png(spec)
    assert [p.name for p in cache.iterdir()] == [f"{chart.chart_key(spec)}.png"]
    assert draw(tmp_path, "b.png", elements()) == first
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size[0] == 975  # 6.5 in at 150 dpi


def test_the_cache_is_read_and_missed_when_a_score_changes(tmp_path: Path, cache: Path) -> None:
    draw(tmp_path, "a.png", elements())
    (entry,) = cache.iterdir()
    entry.write_bytes(b"kept")  # proves the second draw reads the entry instead of drawing
    assert draw(tmp_path, "b.png", elements()) == b"kept"
    changed = draw(tmp_path, "c.png", elements(first_earned=3.0))  # element 1 falls under the minimum
    assert changed != b"kept"
    assert changed == chart.render_png(chart.chart_spec(elements(3.0), 55.0, 50.0, 80.0,
                                                        xlabel="Predicted score (%)"))
    assert draw(tmp_path, "d.png", elements(), overall=56.0) not in (b"kept", changed)
    assert len(list(cache.iterdir())) == 3


def test_spec_carries_every_drawn_value() -> None:
    spec = chart.chart_spec(elements(first_earned=3.0), 45.0, 50.0, 80.0, xlabel="Audit score (%)")
    assert spec.labels == ("1  Management commitment and policy", "2  Hazard assessment", "Overall")
    assert spec.values == (30.0, 40.0, 45.0)
    assert spec.colours == ("#C00000", "#C00000", "#ED7D31")  # the overall bar is judged against the bar only
    assert spec.printed == ("30%", "40%", "45%")
    other = chart.chart_spec(elements(first_earned=3.0), 45.0, 50.0, 80.0, xlabel="Predicted score (%)")
    assert chart.chart_key(spec) != chart.chart_key(other)


def test_an_unwritable_cache_still_draws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(blocker))
    png = draw(tmp_path, "a.png", elements())
    assert png == chart.render_png(chart.chart_spec(elements(), 55.0, 50.0, 80.0, xlabel="Predicted score (%)"))
