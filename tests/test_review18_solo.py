"""Review 18 (a one-person MB tile setter who works alone on every job and hires no subcontractors; an AB
vacuum truck company; a BC framer): crew and subcontractor wording left in a one-person program, and the FLHA's
PPE tick boxes made of whole control sentences with "Hard hat" twice. Rendered through the Python API on
minimal intakes; the FLHA is rendered by docxtpl and read back with python-docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
from click.testing import CliRunner
from rendering import TODAY, build, rendered
from ruamel.yaml import YAML

from pipeline.cli import main
from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.intake.window_advice import window_advice
from pipeline.program.flha_ppe import labels_of, ppe_labels
from pipeline.program.forms import render_form
from pipeline.program.lint import one_person_phrases, plain_text
from pipeline.protocols.packs import TEMPLATES
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.platforms import platform_coverage

TILE: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["ceramic and stone tile setting"]},
    "people": {"workers": 1, "owner": {"name": "Marc Gagnon", "title": "Owner and Tile Setter"}},
    "operations": {"activities": ["noise", "power_tools", "silica"], "subcontractors": {"used": False}},
}


def test_a_one_person_tile_setter_reads_no_crew_or_subcontractor_wording(make_intake) -> None:
    _, program = build(make_intake(TILE))
    text = plain_text(program.markdown)
    assert "Rotate workers" not in text
    assert "sites are not opened or closed alone" not in text
    # one person opens and closes no site: he works there while others are present (review 19)
    assert ("Marc Gagnon works there only while the client or another trade is present and tells the client when "
            "work starts and ends each day") in text
    assert "Subcontractors who break the rules" not in text
    assert "subcontractors' workers on its sites" not in text
    assert "They apply equally to Marc Gagnon on every job and to anyone the company hires later." in text
    # the one-person lint refuses the crew phrases next time
    assert {"rotate workers", "sites are not opened or closed alone"} <= set(one_person_phrases())
    # a crew that hires subcontractors keeps each
    _, crew = build(make_intake({**TILE, "people": {"workers": 5},
                                 "operations": {**TILE["operations"],
                                                "subcontractors": {"used": True, "trades": ["drywall"]}}}))
    crew_text = plain_text(crew.markdown)
    assert "Rotate workers to limit time spent in noisy work" in crew_text
    assert "Subcontractors who break the rules are removed from the site" in crew_text


def flha_ticks(plan: Any, folder: Path) -> list[str]:
    """The FLHA's PPE tick boxes, read back from the rendered form: the cells of the table whose first is
    "☐ Hard hat"."""
    form = docx.Document(str(render_form(plan, "flha", folder / "flha.docx")))
    table = next(t for t in form.tables if any(c.text.strip() == "☐ Hard hat" for r in t.rows for c in r.cells))
    return [c.text.removeprefix("☐").strip() for r in table.rows for c in r.cells if c.text.startswith("☐")]


def test_the_flha_ticks_short_ppe_names_each_once(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake(TILE))
    ticks = flha_ticks(plan, tmp_path)
    assert ticks[:2] == ["Hard hat", "Safety footwear"]
    assert "Hearing protection" in ticks and "Respirator" in ticks and "Face shield" in ticks
    assert ticks.count("Hard hat") == 1
    assert not any("rated for the noise level" in t or "," in t for t in ticks)
    assert len(ticks) == len({t.lower() for t in ticks})


def test_every_module_ppe_line_has_a_short_name() -> None:
    for path in sorted((TEMPLATES / "hazards").glob("*.yaml")):
        module = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for item in (module.get("controls") or {}).get("ppe") or []:
            line = item if isinstance(item, str) else item["text"]
            assert set(labels_of(line)) <= {label for label, _ in ppe_labels()}, (path.name, line)
    assert labels_of("Earplugs or earmuffs rated for the noise level, worn in every posted area") == \
        ["Hearing protection"]
    assert labels_of("Hard hat and safety boots when outside the cab") == ["Hard hat", "Safety footwear"]


def test_a_hiring_client_s_fit_for_duty_is_covered_by_the_fitness_for_duty_section(make_intake) -> None:
    client = {"name": "Sturgeon Basin Energy", "required_topics": ["fit for duty", "hydrogen sulphide"]}
    plan, program = build(make_intake({
        "company": {"industry": "oil_and_gas", "trades": ["vacuum truck services"]},
        "operations": {"activities": ["driving"]},
        "client_requirements": {"prequalification_platforms": [
            {"platform": "ISNetworld", "hiring_clients": [client]}]}}))
    coverage = platform_coverage(plan)
    assert coverage is not None
    row = next(r for r in coverage.rows if r.topic == "Fitness for duty")
    assert any(who.startswith("Sturgeon Basin Energy") for who in row.required_by)
    assert [title for title, _ in row.covered_by] == ["Drug and Alcohol Policy"] and not row.action
    assert "## Fitness for duty" in program.markdown
    assert not any(r.topic == "fit for duty" for r in coverage.rows)


def test_a_renewal_the_intake_states_reads_the_same_in_the_module_and_the_training_matrix(make_intake) -> None:
    _, program = build(make_intake({
        "company": {"industry": "oil_and_gas", "trades": ["vacuum truck services"]},
        "people": {"training": [{"name": "H2S Alive", "who": "Every worker", "renewal": "every 3 years"}]},
        "operations": {"activities": ["driving"]}}))
    rows = [line for line in program.markdown.splitlines() if line.startswith("| Hydrogen sulphide awareness")]
    assert len(rows) == 2  # the H2S module's training table and the training matrix
    assert all("| Every three years |" in row for row in rows)  # the intake's "every 3 years" in words (review 19)
    assert "As the course certificate says" not in program.markdown


def inspections(latest: str) -> dict[str, Any]:
    return {"company": {"province": "NL", "trades": ["electrical"]}, "people": {"workers": 9},
            "practices": {"inspections": {"done": True, "frequency": "monthly", "since": "2025-09", "records": {
                "kept": True, "count": 3, "location": "office binder", "can_produce": True, "latest": latest}}}}


def test_inspections_stopped_months_ago_are_told_as_stopped_and_the_gap_report_says_restart(
        make_intake, tmp_path: Path) -> None:
    make = rendered(make_intake, coherent=True)  # the restart sentence's frequency is the model's
    _, program = make(inspections("2026-02"))
    text = plain_text(program.markdown)
    assert ("Site inspections were done at Acme Roofing Ltd. monthly from September 2025, but the latest record on "
            "file is from February 2026: they restart in November 2026, done monthly.") in text
    assert "Site inspections have been done" not in text
    restart = [a for a in assess_readiness(load_intake(make_intake(inspections("2026-02"))), today=TODAY).actions
               if a.kind == "restart"]
    assert [a.title for a in restart] == ["Restart it: Site inspections"]
    assert "The last one on file is from February 2026, so the practice has stopped" in restart[0].how
    # a record last month is a practice still going
    _, going = make(inspections("2026-10"))
    said = "Site inspections have been done at Acme Roofing Ltd. monthly since September 2025."
    assert said in plain_text(going.markdown)
    assert not [a for a in assess_readiness(load_intake(make_intake(inspections("2026-10"))), today=TODAY).actions
                if a.kind == "restart"]


DRILLS = {"done": True, "frequency": "annually", "since": "2024-06",
          "records": {"kept": True, "count": 1, "location": "shared drive", "can_produce": True},
          "notes": "One H2S release drill at the shop in June 2024."}


def test_a_note_dating_the_only_record_before_the_window_is_advised_not_overridden(make_intake) -> None:
    path = make_intake({"practices": {"drills": DRILLS}})
    lines = window_advice(load_intake(path), date(2026, 11, 30))
    assert lines == [
        "practices.drills: its notes say 'One H2S release drill at the shop in June 2024.' (June 2024 is before the "
        "12-month records window), while records.count (1) counts records from the past 12 months; if the newest "
        "record is from June 2024, set records.latest: 2024-06 (the gap report then gives it no credit for the "
        "window), else correct the notes"]
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "advice: practices.drills: its notes say" in result.output
    plan, program = build(path)
    assert any(item.what == f"Intake advice: {lines[0]}" for item in review_items(plan, program))
    # a note inside the window, or a latest given, is no contradiction
    for drills in ({**DRILLS, "notes": "Last drill in October 2026."},
                   {**DRILLS, "records": {**DRILLS["records"], "latest": "2024-06"}}):
        assert window_advice(load_intake(make_intake({"practices": {"drills": drills}})), date(2026, 11, 30)) == []
