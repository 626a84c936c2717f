"""A consultant's note that says part of a practice is not written down, beside a count of its records (review 16:
torquay's inspections "Shop and trucks monthly; no field site inspections written" with 11 reports credited to
site inspections): `corpath validate` advises, with the note's line in the file, and review.md carries it, since
the gap report and the records checklist credit every record counted."""

from __future__ import annotations

from click.testing import CliRunner
from rendering import build

from pipeline.cli import main
from pipeline.delivery.review import review_items
from pipeline.intake.advice import advice
from pipeline.intake.load import load_intake

INSPECTIONS = {"done": True, "frequency": "monthly", "since": "2024-01",
               "records": {"kept": True, "count": 11, "location": "shop binder", "can_produce": True},
               "notes": "Shop and trucks monthly; no field site inspections written."}


def test_a_note_that_says_not_written_beside_a_count_is_advised(make_intake) -> None:
    path = make_intake({"practices": {"inspections": INSPECTIONS}})
    lines = [line for line in advice(load_intake(path)) if line.startswith("practices.inspections:")]
    assert len(lines) == 1
    assert "no field site inspections written" in lines[0] and "while records.count is 11" in lines[0]
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "advice: practices.inspections:" in result.output
    plan, program = build(path)
    assert any(item.what == f"Intake advice: {lines[0]}" for item in review_items(plan, program))


def test_no_advice_when_the_note_agrees_or_nothing_is_counted(make_intake) -> None:
    agrees = {**INSPECTIONS, "notes": "Every site inspection written on the checklist and filed."}
    not_kept = {**INSPECTIONS, "records": {"kept": False}, "notes": "Owner visits each site; nothing written."}
    for practice in (agrees, not_kept):
        lines = advice(load_intake(make_intake({"practices": {"inspections": practice}})))
        assert not any(line.startswith("practices.inspections:") for line in lines), practice["notes"]
