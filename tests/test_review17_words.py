"""Review 17's wording and category findings, each on the smallest intake that shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rendering import build

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.report import render_report

TODAY = date(2026, 11, 30)

SEPTIC: dict[str, Any] = {
    "client": "septic",
    "company": {"legal_name": "Septic Ltd.", "province": "NS", "trades": ["septic installation"]},
    "operations": {"activities": ["excavation"],
                   "equipment": [{"name": "Mini excavator", "type": "excavator", "count": 1}]},
}


# -- a gas monitor the company does not own is said to be needed, not assumed (review 17, tusket) -----------

def test_septic_work_without_a_gas_monitor_says_one_is_needed(make_intake: Callable[..., Path]) -> None:
    path = make_intake(SEPTIC)
    _, program = build(path, TODAY)
    text = program.markdown.replace("\\", "")
    assert "with the gas monitor" not in text
    assert "which the company does not own yet, rented or bought before the next septic tank" in text
    readiness = assess_readiness(load_intake(path), today=TODAY)
    assert len(readiness.to_get) == 1
    assert readiness.to_get[0].startswith("Get a calibrated gas monitor (oxygen, hydrogen sulphide, flammable gas)")
    report = render_report(readiness, chart_file=None).replace("\\", "")
    assert "The program calls for equipment the company does not list today" in report
    assert "Get a calibrated gas monitor" in report


def test_septic_work_with_a_gas_monitor_assumes_it(make_intake: Callable[..., Path]) -> None:
    owned = {**SEPTIC, "operations": {**SEPTIC["operations"], "equipment": [
        *SEPTIC["operations"]["equipment"], {"name": "Four-gas monitor", "type": "other", "count": 1}]}}
    path = make_intake(owned)
    _, program = build(path, TODAY)
    text = program.markdown.replace("\\", "")
    assert "does not own yet" not in text
    assert "A gas monitor (oxygen, hydrogen sulphide, flammable gas) used at open tanks" in text
    assert assess_readiness(load_intake(path), today=TODAY).to_get == []


# -- each item in its right category (review 17) -------------------------------------------------------------

def test_no_kit_is_listed_as_personal_protective_equipment() -> None:
    """A first aid kit or a winter survival kit is equipment in the vehicle, not what a worker wears: no module
    lists one under PPE, so none reaches the FLHA's PPE ticks."""
    from pipeline.program.modules import load_modules, text_of

    kits = [(m.id, text_of(item)) for m in load_modules() for item in m.controls.ppe if "kit" in text_of(item).lower()]
    assert kits == []


def test_oilfield_flha_ppe_ticks_hold_no_kit(make_intake: Callable[..., Path]) -> None:
    from pipeline.program.forms import form_context

    path = make_intake({"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["welding"]},
                        "operations": {"activities": ["hot_work", "working_alone"],
                                       "working_alone": {"happens": True, "who": "Welders on leases"}}})
    plan, program = build(path, TODAY)
    assert {"journey_management", "first_aid", "working_alone"} <= {m.id for m in plan.modules}
    ticks = [row[k] for row in form_context(plan, "flha")["ppe_rows"] for k in ("a", "b") if row[k]]
    assert ticks and not [t for t in ticks if "kit" in t.lower() or "first aider" in t.lower()]
    assert "A first aid kit and a winter survival kit in every vehicle" in program.markdown.replace("\\", "")


def test_committee_minutes_are_not_kept_on_the_toolbox_meeting_form(make_intake: Callable[..., Path]) -> None:
    path = make_intake({
        "people": {"workers": 25, "committee": {"members": [
            {"name": "Ann Lee", "title": "Carpenter"}, {"name": "Bo Chan", "title": "Foreman"}]}},
        "practices": {"committee_meetings": {
            "done": True, "frequency": "monthly", "since": "2026-06", "workers_know": True,
            "records": {"kept": True, "count": 5, "location": "office binder", "can_produce": True}}}})
    _, program = build(path, TODAY)
    text = program.markdown.replace("\\", "")
    toolbox = next(line for line in text.splitlines() if line.startswith("| Toolbox and Safety Meeting Record |"))
    assert "committee" not in toolbox.lower()
    report = render_report(assess_readiness(load_intake(path), today=TODAY), chart_file=None).replace("\\", "")
    action = next(line for line in report.splitlines() if "Make the joint health and safety committee meeting "
                  "minutes monthly" in line)
    assert "Toolbox and Safety Meeting Record" not in action
    assert "on a dated, signed record" in action


# -- the policy names the province's act in full (review 17, tusket: "the Occupational Health and Safety Act") --

def test_policy_names_the_provinces_act(make_intake: Callable[..., Path]) -> None:
    _, program = build(make_intake({"company": {"province": "NS"}}), TODAY)
    text = program.markdown.replace("\\", "")
    assert ("meet or exceed Nova Scotia's Occupational Health and Safety Act (SNS 1996, c 7) and the regulations "
            "made under it") in text
    assert "exceed the Occupational Health and Safety Act" not in text


def test_policy_keeps_an_act_that_names_its_province(make_intake: Callable[..., Path]) -> None:
    _, program = build(make_intake({"company": {"province": "SK"}}), TODAY)
    text = program.markdown.replace("\\", "")
    assert "meet or exceed The Saskatchewan Employment Act (SS 2013, c S-15.1) and the regulations" in text


# -- the owner-operator's FLHA has one sign-on row, a crew's eight (review 17, tusket) -----------------------

def _sign_on(path: Path, tmp_path: Path) -> tuple[str, list[list[str]]]:
    """The FLHA's sign-on label and its table's rows, read back from the rendered DOCX with python-docx."""
    import docx

    from pipeline.program.forms import render_form

    plan, _ = build(path, TODAY)
    document = docx.Document(str(render_form(plan, "flha", tmp_path / f"{path.stem}-flha.docx")))
    label = next(p.text for p in document.paragraphs if "sign-on" in p.text.lower())
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Time out")
    return label, [[c.text for c in row.cells] for row in table.rows]


def test_owner_operator_flha_has_one_sign_on_row(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    label, rows = _sign_on(make_intake({"client": "solo", "people": {"workers": 1}}), tmp_path)
    assert label == "Sign-on: I did this assessment and put its controls in place"
    assert rows == [["Name (print)", "Signature", "Time in", "Time out"], ["", "", "", ""]]


def test_crew_flha_has_eight_worker_sign_on_rows(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    label, rows = _sign_on(make_intake({"client": "crew"}), tmp_path)
    assert label == "Worker sign-on: I took part in this assessment and understand the controls"
    assert rows[0] == ["Worker name (print)", "Signature", "Time in", "Time out"]
    assert rows[1:] == [["", "", "", ""]] * 8
