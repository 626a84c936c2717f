"""Review 12's one-person finish carpenter (rubric points 3 and 6): a gasoline two-man auger checked for
"guards, cords and switches" and not on the never-alone list; violence reported "to any supervisor" and "about
the supervisor" he is; the site supervisor's weekly coordination meeting; "Gasoline" capitalised mid-list in
the gap report."""

from __future__ import annotations

import re

from rendering import build

from pipeline.intake.load import load_intake
from pipeline.program.lint import lint_program, one_person_phrases, plain_text
from pipeline.readiness.evidence import missing_sheets_words

AUGER = {"name": "Two-man auger for deck footings", "type": "power_tool", "count": 1}
SAW = {"name": "Circular saw", "type": "power_tool", "count": 1}
ONE_PERSON = {"company": {"province": "NS", "trades": ["finish carpentry", "deck building"]},
              "people": {"workers": 1, "owner": {"name": "Colin Zwicker", "title": "Owner"}},
              "operations": {"activities": ["power_tools", "hazardous_products", "working_alone"],
                             "equipment": [AUGER, SAW],
                             "hazardous_products": [{"name": "Construction adhesive", "use": "subfloor",
                                                     "sds_on_file": False},
                                                    {"name": "Gasoline", "use": "auger fuel", "sds_on_file": False}],
                             "subcontractors": {"used": True, "trades": ["electrical"]},
                             "working_alone": {"happens": True, "check_in_hours": 3}}}


def check_of(markdown: str, piece: str) -> str:
    """The pre-use check cell of `piece`'s row in the maintenance table."""
    row = next(line for line in markdown.splitlines() if line.startswith(f"| {piece.replace('-', chr(92) + '-')} |"))
    return re.split(r"(?<!\\)\|", row)[3].replace("\\", "").strip()


def test_a_fuel_powered_tool_has_fuel_lines_and_a_two_man_one_is_never_run_alone(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    fuel_check = "Guards, controls, fuel lines and kill switch checked before each use"
    assert check_of(rendered.markdown, AUGER["name"]) == fuel_check
    assert check_of(rendered.markdown, SAW["name"]) == "Guards, cords and switches checked before each use"
    text = plain_text(rendered.markdown)
    assert ("Equipment built for two operators is on the never-alone list, run only with a second person working it, "
            "never by one person alone: Two-man auger for deck footings") in text
    # the engine named in the tool's own name, with no fuel among the products
    gas = {**ONE_PERSON, "operations": {**ONE_PERSON["operations"], "hazardous_products": [],
                                        "equipment": [{"name": "Gas-powered post auger", "type": "power_tool"}, SAW]}}
    _, other = build(make_intake(gas))
    assert check_of(other.markdown, "Gas-powered post auger").startswith("Guards, controls, fuel lines")
    assert "Equipment built for two operators" not in plain_text(other.markdown)


def test_a_one_person_program_reports_to_no_other_supervisor_and_meets_subcontractors_itself(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    text = plain_text(rendered.markdown)
    phrases = ("or to any supervisor", "if the complaint is about the supervisor",
               "the site supervisor holds a coordination meeting")
    assert set(phrases) <= set(one_person_phrases())
    assert not [p for p in phrases if p in text.lower()]
    assert "is the company's only worker and its supervisor. Anyone the company hires later" in text
    assert ("Colin Zwicker meets each subcontractor directly before it starts and again whenever the work "
            "changes") in text
    assert "report every incident to Colin Zwicker immediately" in text
    # a crew keeps its supervisors
    _, crew = build(make_intake({**ONE_PERSON, "people": {"workers": 6}}))
    crew_text = plain_text(crew.markdown).lower()
    assert all(p in crew_text for p in phrases)


def test_a_fuel_typed_with_a_capital_reads_in_lower_case_mid_list(make_intake) -> None:
    intake = load_intake(make_intake(ONE_PERSON))
    assert missing_sheets_words(intake) == "construction adhesive and gasoline"
