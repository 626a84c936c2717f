"""A one-person company that digs does it without a spotter or a crew (review 17: a Nova Scotia septic installer
working alone was told "Dig with the operator following the spotter's signals", and his locate and dig permit
asked for the crew's briefing and a check "by the supervisor with the operator"). The permit is rendered from its
real template and read back with python-docx."""

from __future__ import annotations

from pathlib import Path

from rendering import build, section
from test_one_person_forms import form_text

SEPTIC = {"company": {"province": "NS", "trades": ["septic system installation", "residential excavation"]},
          "people": {"workers": 1, "owner": {"name": "Réjean d'Entremont", "title": "Owner and Operator"}},
          "operations": {"activities": ["excavation"],
                         "equipment": [{"name": "Kubota KX080 excavator", "type": "excavator", "count": 1}]}}


def test_a_one_person_digger_gets_no_spotter_and_a_permit_without_a_crew(make_intake, tmp_path: Path) -> None:
    plan, program = build(make_intake(SEPTIC))
    digging = section(program.markdown, "Excavation and Trenching")
    assert "spotter" not in digging.lower()
    assert "Digging and entering a trench alone" in digging
    assert "walks around the machine" in digging
    permit = form_text(plan, "ground_disturbance_permit", tmp_path)
    for absent in ("upervisor", "Crew:", "with the operator"):
        assert absent not in permit, absent
    assert "checked by the owner, who digs" in permit and "Others on site" in permit
    # a crew keeps its spotter, its crew briefing and the supervisor's check
    crew, crew_program = build(make_intake({**SEPTIC, "people": {"workers": 4}}))
    crew_digging = section(crew_program.markdown, "Excavation and Trenching")
    assert "A spotter guides equipment" in crew_digging and "trench alone" not in crew_digging
    crew_permit = form_text(crew, "ground_disturbance_permit", tmp_path)
    assert "Crew: I was briefed" in crew_permit and "by the supervisor with the operator" in crew_permit
