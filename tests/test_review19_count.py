"""Review 19's records arithmetic (issue 14): a per-event record whose newest record predates the records window
made "overdue" and to be written up "dated today" for an old event. Minimal intakes rendered through the Python
API; the gap report's Markdown and `corpath validate`'s output read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import merged
from rendering import build

from pipeline.cli import main
from pipeline.readiness.platforms import platform_coverage
from pipeline.readiness.report import render_report

TODAY = date(2026, 11, 30)


def investigations(latest: str) -> dict[str, Any]:
    return {"practices": {"investigations": {
        "done": True, "frequency": "per_event", "since": "2025-06", "workers_know": False,
        "records": {"kept": True, "count": 1, "location": "office binder", "can_produce": True, "latest": latest}}}}


def gap_report(path: Path) -> str:
    plan, _ = build(path, TODAY)
    return render_report(plan.readiness, None, plan.schedule, plan.rebate, platform_coverage(plan, today=TODAY))


def test_an_investigation_older_than_the_window_is_not_overdue_nor_written_up_dated_today(make_intake) -> None:
    plan, _ = build(make_intake(investigations("2025-08")), TODAY)
    assert not [a for a in plan.readiness.actions if a.kind == "bring_up_to_date"]
    text = gap_report(make_intake(investigations("2025-08"))).replace("\\", "")
    incident = [line for line in text.splitlines() if "ncident" in line]
    assert not [line for line in incident if "overdue" in line or "dated today" in line or "do it now" in line]
    # the checklist needs none for the old event, and says why
    record = plan.readiness.model.record("investigation_reports")
    needed, words = record.required(12)
    assert needed == 0
    assert "the newest record, August 2025, is older than the window" in words
    # the scored questions read it as waiting for the next event
    assert any("Incident investigations: none reported in the past 12 months" in line for line in incident)


def test_an_investigation_inside_the_window_still_counts(make_intake) -> None:
    plan, _ = build(make_intake(investigations("2026-03")), TODAY)
    needed, words = plan.readiness.model.record("investigation_reports").required(12)
    assert needed == 1 and words.startswith("one for each event: 1 reported in the past 12 months")


def test_validate_points_at_the_latest_that_contradicts_the_count(make_intake) -> None:
    path = make_intake(investigations("2025-08"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    advice = [line for line in result.output.splitlines() if "practices.investigations.records.latest" in line]
    assert len(advice) == 1
    line = int(advice[0].split(":")[1])
    assert "latest" in path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "2025-08 (August 2025) is before the 12-month records window" in advice[0]
    assert "set records.count: 0" in advice[0]
    # a record inside the window is no contradiction
    inside = CliRunner().invoke(main, ["validate", str(make_intake(investigations("2026-03")))])
    assert "records.latest" not in inside.output


CHIMNEY: dict[str, Any] = {
    "company": {"province": "NB", "trades": ["chimney sweeping"]},
    "people": {"workers": 1, "owner": {"name": "Rick Thibodeau", "title": "Owner and Chimney Technician"}},
    "practices": {"field_level_hazard_assessments": {
        "done": True, "frequency": "daily", "since": "2024-04", "workers_know": True,
        "records": {"kept": True, "count": 70, "location": "office", "can_produce": True}}}}


def flha(plan) -> tuple[int, str]:
    return plan.readiness.model.record("field_level_hazard_assessments").required(12)


def test_a_season_naming_site_work_outside_its_months_cuts_no_count(make_intake) -> None:
    winter = make_intake(merged(CHIMNEY, {"operations": {"season": "April to December; sweeping only in winter"}}))
    needed, words = flha(build(winter, TODAY)[0])
    assert needed == 250 and "in season" not in words
    result = CliRunner().invoke(main, ["validate", str(winter)])
    assert "operations.season: 'April to December; sweeping only in winter' names site work outside April to " \
           "December" in result.output
    # a season with no work outside it, or only office work, still counts the season's share
    for text in ("April to December; no work in winter", "April to October; office work in winter"):
        needed, words = flha(build(make_intake(merged(CHIMNEY, {"operations": {"season": text}})), TODAY)[0])
        assert needed < 250 and "in season" in words, text
        assert "names site work outside" not in CliRunner().invoke(
            main, ["validate", str(make_intake(merged(CHIMNEY, {"operations": {"season": text}})))]).output


def test_an_inspection_camera_is_an_instrument_not_a_serviced_machine(make_intake) -> None:
    van = {"name": "Ford Transit van", "type": "pickup_truck", "count": 1}
    for name, kept in (("Inspection camera", "Not serviced on a schedule"), ("Drain cameras", "Not serviced on a"),
                       ("Borescope", "Not serviced on a schedule"), ("Thermal imager", "Calibrated at the manufac"),
                       ("Moisture meter", "Calibrated at the manufac")):
        piece = {"name": name, "type": "other", "count": 1}
        plan, program = build(make_intake(merged(CHIMNEY, {"operations": {"equipment": [van, piece]},
                                                          "practices": {"maintenance": {"done": True,
                                                                                         "frequency": "monthly"}}})),
                              TODAY)
        needed, words = plan.practices.record("equipment_pre_use_inspections").required(12)
        assert needed == 250 and name not in words, (name, words)  # the van's daily circle check alone
        rows = [line for line in program.section("maintenance").body.splitlines()
                if line.startswith("|") and name in line.replace("\\", "")]
        assert rows and all(kept in row.replace("\\", "") for row in rows), name
        assert not any("emergency stops" in row for row in rows)


def test_one_person_wording_and_one_style_of_renewal_numbers(make_intake) -> None:
    solo = merged(CHIMNEY, {"operations": {"activities": ["work_at_heights", "noise"],
                                          "equipment": [{"name": "Harness and lifeline", "type": "fall_arrest",
                                                         "count": 1}]},
                           "people": {"training": [{"name": "Fall protection", "who": "Rick Thibodeau",
                                                    "renewal": "every 3 years"},
                                                   {"name": "WETT certified chimney sweep", "who": "Rick Thibodeau",
                                                    "renewal": "every 3 years"}]}})
    _, program = build(make_intake(solo), TODAY)
    text = program.markdown.replace("\\", "")
    assert "opens and closes the site" not in text
    assert "Rick Thibodeau works there only while the client or another trade is present" in text
    orientation = [line for line in text.splitlines() if line.startswith("| Site-specific orientation to the fall")]
    assert orientation and all("| At the start of each job and when the plan changes |" in row for row in orientation)
    assert "Every 3 years" not in text
    assert "| WETT certified chimney sweep | Rick Thibodeau | Every three years |" in text
    assert "Hearing tests for workers" not in text
    assert "A hearing test for the owner, and for anyone hired later" in text
    assert "sends everyone to the muster point" not in text
    # a crew keeps the crew's words
    _, crew = build(make_intake(merged(solo, {"people": {"workers": 4}})), TODAY)
    said = crew.markdown.replace("\\", "")
    assert "Hearing tests for workers" in said and "sends everyone to the muster point" in said


def test_the_sk_representative_rule_states_the_law_without_a_hedge(make_intake) -> None:
    _, program = build(make_intake({"company": {"province": "SK"}, "people": {"workers": 7}}), TODAY)
    text = program.markdown.replace("\\", "")
    assert "At a prescribed high-hazard place of employment with 5 to 9 workers" in text
    assert "generally" not in text.split("representative is designated")[0].rsplit("\n", 1)[-1]
    assert "Construction is generally" not in text
