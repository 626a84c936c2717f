"""Review 16 (a one-person BC concrete coring company): crew wording left in a one-person program by its hazard
modules: the silica procedure's "stop and tell the supervisor if one fails" and the extension cords' inspection
"Worker using them; supervisor for the site inspection". Rendered through the Python API on a minimal intake."""

from __future__ import annotations

from rendering import build

from pipeline.program.lint import plain_text

SOLO = {"company": {"province": "BC", "trades": ["concrete coring and saw cutting"]},
        "people": {"workers": 1, "owner": {"name": "Travis Nyce", "title": "Owner and Operator"}},
        "operations": {"activities": ["silica", "power_tools"],
                       "equipment": [{"name": "Portable generator", "type": "generator", "count": 1}]}}


def test_a_one_person_program_s_module_procedures_and_checks_name_no_supervisor(make_intake) -> None:
    _, program = build(make_intake(SOLO))
    text = plain_text(program.markdown)
    assert "if one fails, stop the work until it is repaired or replaced" in text
    assert "tell the supervisor if one fails" not in text
    assert "supervisor for the site inspection" not in text
    assert "| Extension cords and GFCI protection | Before each use and " in program.markdown
    row = next(line for line in program.markdown.splitlines() if line.startswith("| Extension cords"))
    assert "Travis Nyce" in row
    # a crew keeps the worker using them and the supervisor at the site inspection
    _, crew = build(make_intake({**SOLO, "people": {"workers": 4}}))
    assert "supervisor for the site inspection" in plain_text(crew.markdown)
